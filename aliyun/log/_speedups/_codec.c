/* Native LogGroup codec of aliyun.log: PutLogs encoding and PullLogs flattening without protobuf objects.
 *
 * Both functions serve only well-formed, common input and return None for anything else (a wrong type, a missing or
 * repeated field, an unknown field, a time out of range, truncated data...); the caller then runs the pure-Python
 * reference path, which produces the same result or raises the same error. So the native code never has to mimic
 * an error message or an odd corner of protobuf, and every byte it reads is bounds-checked before it is read.
 *
 *   encode_logs(items, tail: bytes) -> bytes | None
 *       The Logs fields (field 1) of a LogGroup for a list/tuple of LogItem-like objects (``timestamp``,
 *       ``_contents``, ``time_nano_part``) or ``{"__time__": t, ...}`` dicts, followed by ``tail`` (the encoded
 *       Topic / Source / LogTags). Byte-identical to protobuf's SerializeToString.
 *   encode_checked(items, tail, item_type, valid_keys: set, max_value: int) -> bytes | None
 *       encode_logs with the put path's checks folded into the same pass: items of exactly ``item_type``, keys
 *       that are str members of ``valid_keys`` (keys the reference check accepted), values of at most
 *       ``max_value`` bytes. Any failed check returns None: the caller runs the checks that name the problem.
 *   pairs_dict(pairs: list) -> dict | None
 *       A LogItem's list of (key, value) tuples as a dict when its keys are distinct str / bytes (LogItem's copy).
 *   flatten(data, time_as_str: bool, decode_bytes: bool) -> list[dict] | None
 *       One dict per log of a serialized LogGroupList, as loggroup.flatten_log_groups returns them.
 *   flatten_lz4(body, raw_size: int, time_as_str: bool, decode_bytes: bool) -> list[dict] | None
 *       flatten of an lz4 block of raw_size bytes, decompressed a window at a time (lz4_block.c) so that the
 *       output is flattened while it is still in the CPU cache.
 *   lz4_decompress(body, raw_size: int) -> bytes | None
 *       The window decoder alone, over the whole output: what the differential tests compare with the lz4 library.
 *
 * Sources: encode.c (encoding), flatten.c (flattening), lz4_block.c (the lz4 block decoder), this file (the module).
 */

#include "codec.h"

PyObject *s_time, *s_time_ns, *s_topic, *s_source, *s_timestamp, *s_contents, *s_time_nano_part;
PyObject *s_tag_prefix, *b_tag_prefix;

/* ================================================================================================================ */

static PyMethodDef methods[] = {
    {"encode_logs", encode_logs, METH_VARARGS,
     "encode_logs(items, tail) -> bytes | None: the Logs of a LogGroup followed by tail; None when not handled."},
    {"encode_checked", encode_checked, METH_VARARGS,
     "encode_checked(items, tail, item_type, valid_keys, max_value) -> bytes | None: encode_logs for items of "
     "exactly item_type whose keys are str found in the set valid_keys and whose values are at most max_value "
     "bytes; None when not handled or any check fails."},
    {"pairs_dict", pairs_dict, METH_O,
     "pairs_dict(pairs) -> dict | None: a list of (key, value) tuples with distinct str or bytes keys as a dict, in "
     "order; None for anything else."},
    {"flatten", flatten, METH_VARARGS,
     "flatten(data, time_as_str, decode_bytes) -> list | None: the flattened logs of a LogGroupList; None when "
     "not handled."},
    {"flatten_lz4", flatten_lz4, METH_VARARGS,
     "flatten_lz4(body, raw_size, time_as_str, decode_bytes) -> list | None: flatten of an lz4 block of raw_size "
     "bytes, decompressed a window at a time; None when not handled."},
    {"lz4_decompress", lz4_decompress, METH_VARARGS,
     "lz4_decompress(body, raw_size) -> bytes | None: the window decoder over the whole output (for the "
     "differential tests); None when the block is not one it accepts."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_codec", "Native LogGroup codec of aliyun.log (see aliyun/log/_speedups).", -1, methods,
    NULL, NULL, NULL, NULL,
};

static int intern(PyObject **slot, const char *text) {
    *slot = PyUnicode_InternFromString(text);
    return *slot == NULL ? -1 : 0;
}

PyMODINIT_FUNC PyInit__codec(void) {
    if (intern(&s_time, "__time__") || intern(&s_time_ns, "__time_ns_part__") || intern(&s_topic, "__topic__") ||
        intern(&s_source, "__source__") || intern(&s_timestamp, "timestamp") || intern(&s_contents, "_contents") ||
        intern(&s_time_nano_part, "time_nano_part") || intern(&s_tag_prefix, "__tag__:"))
        return NULL;
    b_tag_prefix = PyBytes_FromString("__tag__:");
    if (b_tag_prefix == NULL) return NULL;
    return PyModule_Create(&module);
}
