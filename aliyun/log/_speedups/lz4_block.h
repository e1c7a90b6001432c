/* A resumable, strict decoder of one LZ4 block (the format of PullLogs bodies with x-log-compresstype: lz4).
 *
 * It writes into a window the caller owns and can compact, so a large body is decompressed a piece at a time into
 * memory that stays in the CPU cache while the pieces are flattened. It accepts a subset of what the lz4 library's
 * LZ4_decompress_safe accepts with the same output size -- every end-of-block rule that decoder enforces, plus: no
 * zero offsets, and the block must end exactly at the declared size -- and produces the same bytes for it; anything
 * else is LZ4R_BAD, and the caller hands the body to the lz4 library, which produces its own result or error.
 */

#ifndef ALIYUN_LOG_LZ4_BLOCK_H
#define ALIYUN_LOG_LZ4_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#define LZ4R_DONE 0  /* the block ended exactly at raw_size */
#define LZ4R_MORE 1  /* the next sequence needs *needed bytes of room past *pos */
#define LZ4R_BAD 2   /* not a block this decoder accepts */

#define LZ4R_HISTORY 65536  /* bytes of output a match can reach back */
#define LZ4R_SLACK 32       /* writable bytes the window must have past its capacity (for 16-byte copies) */

typedef struct {
    const uint8_t *ip;    /* the next input byte */
    const uint8_t *iend;  /* the end of the input */
    uint64_t produced;    /* bytes of output so far */
    uint64_t raw_size;    /* the declared size of the whole output */
} Lz4Reader;

/* Decode sequences into out[*pos .. cap), advancing *pos. out[0 .. *pos) must hold the last
 * min(LZ4R_HISTORY, produced) bytes of output at least, and out must have LZ4R_SLACK writable bytes past cap. */
int lz4r_decode(Lz4Reader *reader, uint8_t *out, size_t *pos, size_t cap, size_t *needed);

#endif
