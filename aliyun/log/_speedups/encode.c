/* PutLogs encoding: the Logs of a LogGroup straight from LogItems, pair lists and dicts (see _codec.c). */

#include "codec.h"

typedef struct {
    char *data;
    Py_ssize_t len;
    Py_ssize_t cap;
} Buffer;

static int buffer_reserve(Buffer *buf, Py_ssize_t extra) {
    Py_ssize_t need, cap;
    char *data;
    if (extra > PY_SSIZE_T_MAX - buf->len) {
        PyErr_NoMemory();
        return FAIL;
    }
    need = buf->len + extra;
    if (need <= buf->cap) return OK;
    cap = buf->cap ? buf->cap : 1 << 16;
    while (cap < need) {
        if (cap > PY_SSIZE_T_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    data = PyMem_Realloc(buf->data, (size_t)cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return FAIL;
    }
    buf->data = data;
    buf->cap = cap;
    return OK;
}

static inline Py_ssize_t put_varint(char *out, uint64_t value) {
    Py_ssize_t n = 0;
    while (value > 0x7F) {
        out[n++] = (char)((value & 0x7F) | 0x80);
        value >>= 7;
    }
    out[n++] = (char)value;
    return n;
}

static inline Py_ssize_t varint_size(uint64_t value) {
    Py_ssize_t n = 1;
    while (value > 0x7F) {
        value >>= 7;
        n++;
    }
    return n;
}

/* The wire bytes of an exact str (UTF-8) or bytes. ``*owned`` receives a temporary to release (non-ASCII text). */
static int wire_bytes(PyObject *obj, const char **data, Py_ssize_t *size, PyObject **owned) {
    *owned = NULL;
    if (PyUnicode_CheckExact(obj)) {
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(obj) < 0) {
            PyErr_Clear();
            return BAIL;
        }
#endif
        if (PyUnicode_IS_ASCII(obj)) {
            *data = (const char *)PyUnicode_1BYTE_DATA(obj);
            *size = PyUnicode_GET_LENGTH(obj);
            return OK;
        }
        *owned = PyUnicode_AsUTF8String(obj);
        if (*owned == NULL) {  /* lone surrogates: the reference path names the error */
            PyErr_Clear();
            return BAIL;
        }
        *data = PyBytes_AS_STRING(*owned);
        *size = PyBytes_GET_SIZE(*owned);
        return OK;
    }
    if (PyBytes_CheckExact(obj)) {
        *data = PyBytes_AS_STRING(obj);
        *size = PyBytes_GET_SIZE(obj);
        return OK;
    }
    return BAIL;
}

/* An exact int in 0 .. 2**32-1. */
static int uint32_of(PyObject *obj, uint32_t *out) {
    unsigned long long value;
    if (!PyLong_CheckExact(obj)) return BAIL;
    value = PyLong_AsUnsignedLongLong(obj);
    if (value == (unsigned long long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        return BAIL;
    }
    if (value > MAX_UINT32) return BAIL;
    *out = (uint32_t)value;
    return OK;
}

#define KNOWN_POSITIONS 32

/* The put path's checks, done during the encoding pass (encode_checked): NULL when encode_logs runs unchecked. */
typedef struct {
    PyObject *item_type;   /* every item must be exactly this class (LogItem) */
    PyObject *valid_keys;  /* a set: every key must be an exact str found in it */
    Py_ssize_t max_value;  /* the longest value, in bytes */
    PyObject *known[KNOWN_POSITIONS];  /* per content index, the key object last found valid (held) */
} Checks;

/* Whether ``key``, the content at ``index``, is an exact str in valid_keys; the same object as the last key found
 * valid at that index (the usual case: logs built from the same dicts or literals) needs no lookup. */
static int valid_key(Checks *checks, PyObject *key, Py_ssize_t index) {
    int rc;
    if (index < KNOWN_POSITIONS && checks->known[index] == key) return 1;
    if (!PyUnicode_CheckExact(key)) return 0;
    rc = PySet_Contains(checks->valid_keys, key);  /* an exact str: no Python code runs */
    if (rc < 0) PyErr_Clear();
    if (rc == 1 && index < KNOWN_POSITIONS) {
        Py_INCREF(key);
        Py_XSETREF(checks->known[index], key);
    }
    return rc == 1;
}

/* One Content: 0x12 len (0x0a len key 0x12 len value). */
static int put_content(Buffer *buf, PyObject *key, PyObject *value, Checks *checks, Py_ssize_t index) {
    const char *k, *v;
    Py_ssize_t klen, vlen, inner;
    PyObject *kown, *vown;
    int rc;
    char *out;
    if (checks != NULL && !valid_key(checks, key, index)) return BAIL;
    if ((rc = wire_bytes(key, &k, &klen, &kown)) != OK) return rc;
    if ((rc = wire_bytes(value, &v, &vlen, &vown)) != OK) {
        Py_XDECREF(kown);
        return rc;
    }
    if (checks != NULL && vlen > checks->max_value) {
        Py_XDECREF(kown);
        Py_XDECREF(vown);
        return BAIL;
    }
    inner = 1 + varint_size((uint64_t)klen) + klen + 1 + varint_size((uint64_t)vlen) + vlen;
    rc = buffer_reserve(buf, 1 + 10 + inner);
    if (rc == OK) {
        out = buf->data + buf->len;
        *out++ = 0x12;
        out += put_varint(out, (uint64_t)inner);
        *out++ = 0x0a;
        out += put_varint(out, (uint64_t)klen);
        memcpy(out, k, (size_t)klen);
        out += klen;
        *out++ = 0x12;
        out += put_varint(out, (uint64_t)vlen);
        memcpy(out, v, (size_t)vlen);
        out += vlen;
        buf->len = out - buf->data;
    }
    Py_XDECREF(kown);
    Py_XDECREF(vown);
    return rc;
}

/* The contents of a LogItem: a dict, or a list / tuple of 2-tuples (or 2-lists). */
static int put_contents(Buffer *buf, PyObject *contents, Checks *checks) {
    Py_ssize_t pos = 0, i, n;
    PyObject *key, *value, *pair;
    int rc;
    if (PyDict_CheckExact(contents)) {
        for (i = 0; PyDict_Next(contents, &pos, &key, &value); i++)
            if ((rc = put_content(buf, key, value, checks, i)) != OK) return rc;
        return OK;
    }
    if (!PyList_CheckExact(contents) && !PyTuple_CheckExact(contents)) return BAIL;
    n = PySequence_Fast_GET_SIZE(contents);
    for (i = 0; i < n; i++) {
        /* a list can change under us only through Python code, and none runs here */
        pair = PySequence_Fast_GET_ITEM(contents, i);
        if ((!PyTuple_CheckExact(pair) && !PyList_CheckExact(pair)) || PySequence_Fast_GET_SIZE(pair) != 2) return BAIL;
        rc = put_content(buf, PySequence_Fast_GET_ITEM(pair, 0), PySequence_Fast_GET_ITEM(pair, 1), checks, i);
        if (rc != OK) return rc;
    }
    return OK;
}

/* The contents of a dict log: every entry but __time__ and __time_ns_part__, in order. */
static int is_reserved_time_key(PyObject *key) {
    Py_ssize_t n;
    if (!PyUnicode_CheckExact(key)) return 0;
    n = PyUnicode_GET_LENGTH(key);
    if (n != 8 && n != 16) return 0;
    return PyUnicode_Compare(key, s_time) == 0 || PyUnicode_Compare(key, s_time_ns) == 0;
}

static int put_dict_contents(Buffer *buf, PyObject *log) {
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    int rc;
    while (PyDict_Next(log, &pos, &key, &value)) {
        if (!PyUnicode_CheckExact(key) && !PyBytes_CheckExact(key)) return BAIL;
        if (is_reserved_time_key(key)) continue;
        if ((rc = put_content(buf, key, value, NULL, 0)) != OK) return rc;
    }
    return OK;
}

/* One Log field: 0x0a len (0x08 time, contents, [0x25 time_ns]). */
static int put_log(Buffer *buf, PyObject *item, Checks *checks) {
    PyObject *timestamp = NULL, *contents = NULL, *time_ns = NULL;
    uint32_t seconds = 0, ns = 0;
    int rc = BAIL, has_ns = 0, is_dict = PyDict_CheckExact(item);
    Py_ssize_t start, body, header;
    char *out;

    if (checks != NULL && (PyObject *)Py_TYPE(item) != checks->item_type) return BAIL;
    if (is_dict) {
        timestamp = PyDict_GetItemWithError(item, s_time);
        time_ns = timestamp ? PyDict_GetItemWithError(item, s_time_ns) : NULL;
        if (PyErr_Occurred()) {
            PyErr_Clear();
            return BAIL;
        }
        if (timestamp == NULL) return BAIL;
        Py_INCREF(timestamp);
        Py_XINCREF(time_ns);
    } else {
        if (PyDict_Check(item)) return BAIL;  /* a dict subclass: the reference path decides */
        timestamp = PyObject_GetAttr(item, s_timestamp);
        contents = timestamp ? PyObject_GetAttr(item, s_contents) : NULL;
        time_ns = contents ? PyObject_GetAttr(item, s_time_nano_part) : NULL;
        if (time_ns == NULL) {
            PyErr_Clear();
            goto done;
        }
    }
    if (uint32_of(timestamp, &seconds) != OK) goto done;
    if (time_ns != NULL && time_ns != Py_None) {
        if (uint32_of(time_ns, &ns) != OK) goto done;
        has_ns = 1;
    }
    /* The body is written after room for the largest header, then moved next to the header it turns out to need. */
    if ((rc = buffer_reserve(buf, 6 + 1 + 5)) != OK) goto done;
    start = buf->len;
    out = buf->data + start + 6;
    *out++ = 0x08;
    out += put_varint(out, seconds);
    buf->len = out - buf->data;
    rc = is_dict ? put_dict_contents(buf, item) : put_contents(buf, contents, checks);
    if (rc != OK) goto done;
    if (has_ns) {
        if ((rc = buffer_reserve(buf, 5)) != OK) goto done;
        out = buf->data + buf->len;
        *out++ = 0x25;
        *out++ = (char)(ns & 0xFF);
        *out++ = (char)((ns >> 8) & 0xFF);
        *out++ = (char)((ns >> 16) & 0xFF);
        *out++ = (char)((ns >> 24) & 0xFF);
        buf->len = out - buf->data;
    }
    body = buf->len - start - 6;
    if ((uint64_t)body >> 35) {  /* the header would not fit its 6 bytes */
        rc = BAIL;
        goto done;
    }
    out = buf->data + start;
    out[0] = 0x0a;
    header = 1 + put_varint(out + 1, (uint64_t)body);
    memmove(out + header, out + 6, (size_t)body);
    buf->len = start + header + body;
done:
    Py_XDECREF(timestamp);
    Py_XDECREF(contents);
    Py_XDECREF(time_ns);
    return rc;
}

/* The Logs of ``items`` followed by ``tail``, checked when ``checks`` is not NULL; None when not handled. */
static PyObject *encode_items(PyObject *items, Py_buffer *tail, Checks *checks) {
    PyObject *result = NULL;
    Buffer buf = {NULL, 0, 0};
    Py_ssize_t i, n;
    int rc = OK;
    if (!PyList_CheckExact(items) && !PyTuple_CheckExact(items)) {
        rc = BAIL;
    } else {
        n = PySequence_Fast_GET_SIZE(items);
        for (i = 0; i < n && rc == OK; i++) {
            /* getattr on an arbitrary object can run Python code that shrinks the list */
            if (i >= PySequence_Fast_GET_SIZE(items)) {
                rc = BAIL;
                break;
            }
            PyObject *item = PySequence_Fast_GET_ITEM(items, i);
            Py_INCREF(item);
            rc = put_log(&buf, item, checks);
            Py_DECREF(item);
        }
        if (rc == OK && n != PySequence_Fast_GET_SIZE(items)) rc = BAIL;
        if (rc == OK && (rc = buffer_reserve(&buf, tail->len)) == OK) {
            if (tail->len) memcpy(buf.data + buf.len, tail->buf, (size_t)tail->len);
            buf.len += tail->len;
            result = PyBytes_FromStringAndSize(buf.data ? buf.data : "", buf.len);
            if (result == NULL) rc = FAIL;
        }
    }
    PyMem_Free(buf.data);
    if (rc == BAIL) Py_RETURN_NONE;
    return result;
}

PyObject *encode_logs(PyObject *self, PyObject *args) {
    PyObject *items, *result;
    Py_buffer tail;
    (void)self;
    if (!PyArg_ParseTuple(args, "Oy*:encode_logs", &items, &tail)) return NULL;
    result = encode_items(items, &tail, NULL);
    PyBuffer_Release(&tail);
    return result;
}

PyObject *encode_checked(PyObject *self, PyObject *args) {
    PyObject *items, *result;
    Py_buffer tail;
    Checks checks;
    int i;
    (void)self;
    memset(&checks, 0, sizeof checks);
    if (!PyArg_ParseTuple(args, "Oy*OO!n:encode_checked", &items, &tail, &checks.item_type, &PySet_Type,
                          &checks.valid_keys, &checks.max_value))
        return NULL;
    result = encode_items(items, &tail, &checks);
    for (i = 0; i < KNOWN_POSITIONS; i++) Py_XDECREF(checks.known[i]);
    PyBuffer_Release(&tail);
    return result;
}

/* The pairs of a LogItem built from a list, as a dict: only for a list of exact 2-tuples whose keys are exact str or
 * bytes and all distinct (anything else keeps its list, checked later by the put path). */
PyObject *pairs_dict(PyObject *self, PyObject *pairs) {
    PyObject *dict, *pair;
    Py_ssize_t i, n;
    (void)self;
    if (!PyList_CheckExact(pairs)) Py_RETURN_NONE;
    n = PyList_GET_SIZE(pairs);
    dict = new_dict(n);
    if (dict == NULL) return NULL;
    for (i = 0; i < n; i++) {
        pair = PyList_GET_ITEM(pairs, i);  /* no Python code runs below (exact str / bytes keys): the list holds */
        if (!PyTuple_CheckExact(pair) || PyTuple_GET_SIZE(pair) != 2 ||
            (!PyUnicode_CheckExact(PyTuple_GET_ITEM(pair, 0)) && !PyBytes_CheckExact(PyTuple_GET_ITEM(pair, 0))))
            goto bail;
        if (PyDict_SetItem(dict, PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1)) != 0) {
            Py_DECREF(dict);
            return NULL;
        }
    }
    if (PyDict_GET_SIZE(dict) == n) return dict;  /* else a key was repeated */
bail:
    Py_DECREF(dict);
    Py_RETURN_NONE;
}
