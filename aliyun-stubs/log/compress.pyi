# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log._legacy.compress import CompressType as CompressType
from aliyun.log._legacy.compress import Compressor as Compressor
from aliyun.log._legacy.compress import lz_compresss as lz_compresss
from aliyun.log._legacy.compress import lz_decompress as lz_decompress
from aliyun.log._legacy.compress import zstd_compress as zstd_compress
from aliyun.log._legacy.compress import zstd_decompress as zstd_decompress

__all__ = ['CompressType', 'Compressor', 'lz_compresss', 'lz_decompress', 'zstd_compress', 'zstd_decompress']
