/* Shared declarations of the compiled codec's translation units (see _codec.c for what each function does). */

#ifndef ALIYUN_LOG_CODEC_H
#define ALIYUN_LOG_CODEC_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define OK 0
#define BAIL 1   /* not handled here: the caller falls back to the reference path */
#define FAIL -1  /* a Python exception is set (memory) */

#define MAX_UINT32 0xFFFFFFFFULL

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/* An empty dict with room for ``size`` entries (presizing is not public API from 3.13 on). */
static inline PyObject *new_dict(Py_ssize_t size) {
#if PY_VERSION_HEX < 0x030D0000
    return _PyDict_NewPresized(size);
#else
    (void)size;
    return PyDict_New();
#endif
}

/* Interned strings, created by the module's init (_codec.c). */
extern PyObject *s_time, *s_time_ns, *s_topic, *s_source, *s_timestamp, *s_contents, *s_time_nano_part;
extern PyObject *s_tag_prefix, *b_tag_prefix;

/* encode.c */
PyObject *encode_logs(PyObject *self, PyObject *args);
PyObject *encode_checked(PyObject *self, PyObject *args);
PyObject *pairs_dict(PyObject *self, PyObject *pairs);

/* flatten.c */
PyObject *flatten(PyObject *self, PyObject *args);
PyObject *flatten_lz4(PyObject *self, PyObject *args);
PyObject *lz4_decompress(PyObject *self, PyObject *args);

#endif
