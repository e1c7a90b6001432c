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
 *   flatten(data, time_as_str: bool, decode_bytes: bool) -> list[dict] | None
 *       One dict per log of a serialized LogGroupList, as loggroup.flatten_log_groups returns them.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define OK 0
#define BAIL 1   /* not handled here: the caller falls back to the reference path */
#define FAIL -1  /* a Python exception is set (memory) */

#define MAX_UINT32 0xFFFFFFFFULL
#define YIELD_EVERY 2048  /* logs flattened between two offers of the GIL (about 1 ms) */

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

static PyObject *s_time, *s_time_ns, *s_topic, *s_source, *s_timestamp, *s_contents, *s_time_nano_part;
static PyObject *s_tag_prefix, *b_tag_prefix;

/* ================================================================================================================ */
/* Encoding                                                                                                          */

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

/* The put path's checks, done during the encoding pass (encode_checked): NULL when encode_logs runs unchecked. */
typedef struct {
    PyObject *item_type;   /* every item must be exactly this class (LogItem) */
    PyObject *valid_keys;  /* a set: every key must be an exact str found in it */
    Py_ssize_t max_value;  /* the longest value, in bytes */
} Checks;

/* One Content: 0x12 len (0x0a len key 0x12 len value). */
static int put_content(Buffer *buf, PyObject *key, PyObject *value, const Checks *checks) {
    const char *k, *v;
    Py_ssize_t klen, vlen, inner;
    PyObject *kown, *vown;
    int rc;
    char *out;
    if (checks != NULL) {  /* an exact str is looked up without running Python code */
        if (!PyUnicode_CheckExact(key)) return BAIL;
        rc = PySet_Contains(checks->valid_keys, key);
        if (rc != 1) {
            if (rc < 0) PyErr_Clear();
            return BAIL;
        }
    }
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
static int put_contents(Buffer *buf, PyObject *contents, const Checks *checks) {
    Py_ssize_t pos = 0, i, n;
    PyObject *key, *value, *pair;
    int rc;
    if (PyDict_CheckExact(contents)) {
        while (PyDict_Next(contents, &pos, &key, &value))
            if ((rc = put_content(buf, key, value, checks)) != OK) return rc;
        return OK;
    }
    if (!PyList_CheckExact(contents) && !PyTuple_CheckExact(contents)) return BAIL;
    n = PySequence_Fast_GET_SIZE(contents);
    for (i = 0; i < n; i++) {
        /* a list can change under us only through Python code, and none runs here */
        pair = PySequence_Fast_GET_ITEM(contents, i);
        if ((!PyTuple_CheckExact(pair) && !PyList_CheckExact(pair)) || PySequence_Fast_GET_SIZE(pair) != 2) return BAIL;
        if ((rc = put_content(buf, PySequence_Fast_GET_ITEM(pair, 0), PySequence_Fast_GET_ITEM(pair, 1), checks)) != OK)
            return rc;
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
        if ((rc = put_content(buf, key, value, NULL)) != OK) return rc;
    }
    return OK;
}

/* One Log field: 0x0a len (0x08 time, contents, [0x25 time_ns]). */
static int put_log(Buffer *buf, PyObject *item, const Checks *checks) {
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
static PyObject *encode_items(PyObject *items, Py_buffer *tail, const Checks *checks) {
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

static PyObject *encode_logs(PyObject *self, PyObject *args) {
    PyObject *items, *result;
    Py_buffer tail;
    (void)self;
    if (!PyArg_ParseTuple(args, "Oy*:encode_logs", &items, &tail)) return NULL;
    result = encode_items(items, &tail, NULL);
    PyBuffer_Release(&tail);
    return result;
}

static PyObject *encode_checked(PyObject *self, PyObject *args) {
    PyObject *items, *result;
    Py_buffer tail;
    Checks checks;
    (void)self;
    if (!PyArg_ParseTuple(args, "Oy*OO!n:encode_checked", &items, &tail, &checks.item_type, &PySet_Type,
                          &checks.valid_keys, &checks.max_value))
        return NULL;
    result = encode_items(items, &tail, &checks);
    PyBuffer_Release(&tail);
    return result;
}

/* ================================================================================================================ */
/* Decoding                                                                                                          */

typedef struct {
    const uint8_t *data;
    Py_ssize_t size;
} Span;

/* Wire types */
#define WT_VARINT 0
#define WT_LEN 2
#define WT_FIXED32 5

static inline int read_varint(const uint8_t **pos, const uint8_t *end, uint64_t *out) {
    const uint8_t *p = *pos;
    uint64_t value = 0;
    int shift;
    for (shift = 0; shift < 64 && p < end; shift += 7) {
        uint8_t byte = *p++;
        if (shift == 63 && byte > 1) return BAIL;  /* more than 64 bits */
        value |= (uint64_t)(byte & 0x7F) << shift;
        if (!(byte & 0x80)) {
            *pos = p;
            *out = value;
            return OK;
        }
    }
    return BAIL;
}

/* The next field: its number, wire type, and for length-delimited fields the bytes; varints in *value. */
static inline int read_field(const uint8_t **pos, const uint8_t *end, uint32_t *number, int *wire_type, Span *bytes,
                             uint64_t *value) {
    uint64_t tag, len;
    if (read_varint(pos, end, &tag) != OK || tag > MAX_UINT32) return BAIL;
    *number = (uint32_t)(tag >> 3);
    *wire_type = (int)(tag & 7);
    switch (*wire_type) {
        case WT_VARINT:
            return read_varint(pos, end, value);
        case WT_LEN:
            if (read_varint(pos, end, &len) != OK || len > (uint64_t)(end - *pos)) return BAIL;
            bytes->data = *pos;
            bytes->size = (Py_ssize_t)len;
            *pos += len;
            return OK;
        case WT_FIXED32:
            if (end - *pos < 4) return BAIL;
            *value = (uint64_t)(*pos)[0] | ((uint64_t)(*pos)[1] << 8) | ((uint64_t)(*pos)[2] << 16) |
                     ((uint64_t)(*pos)[3] << 24);
            *pos += 4;
            return OK;
        default:
            return BAIL;
    }
}

/* Text as the reference path's _as_text: str when UTF-8, else str with replacement characters or the bytes. */
static PyObject *as_text(Span s, int decode_bytes) {
    PyObject *text = PyUnicode_DecodeUTF8((const char *)s.data, s.size, NULL);
    if (text != NULL || !PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) return text;
    PyErr_Clear();
    if (decode_bytes) return PyUnicode_DecodeUTF8((const char *)s.data, s.size, "replace");
    return PyBytes_FromStringAndSize((const char *)s.data, s.size);
}

/* Whether n bytes at a and b are equal: two 8-byte loads for the short values that dominate logs. */
static inline int same_bytes(const void *a, const void *b, Py_ssize_t n) {
    uint64_t x, y, u, v;
    if (n >= 8 && n <= 16) {
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        memcpy(&u, (const char *)a + n - 8, 8);
        memcpy(&v, (const char *)b + n - 8, 8);
        return x == y && u == v;
    }
    return memcmp(a, b, (size_t)n) == 0;
}

/* Content keys seen in this call: one object per distinct key. A table of spans into the (immutable) input. */
#define KEY_SLOTS 4096
#define KEY_MAX_ENTRIES 2048
#define POSITIONS 128

typedef struct {
    Span span;
    uint64_t hash;
    PyObject *obj;
} KeyEntry;

typedef struct {
    KeyEntry *slots;
    Py_ssize_t entries;
    Span position_span[POSITIONS];  /* the key at the same content index of the previous log */
    PyObject *position_obj[POSITIONS];  /* borrowed from the table, or NULL */
    int decode_bytes;
} KeyCache;

static uint64_t hash_span(Span s) {
    uint64_t h = 1469598103934665603ULL;
    Py_ssize_t i;
    for (i = 0; i < s.size; i++) h = (h ^ s.data[i]) * 1099511628211ULL;
    return h;
}

/* A new reference to the key object of ``s``. */
static PyObject *cached_key(KeyCache *cache, Span s, Py_ssize_t index) {
    uint64_t hash;
    size_t slot;
    KeyEntry *entry;
    PyObject *obj;
    if (index < POSITIONS && cache->position_obj[index] != NULL && cache->position_span[index].size == s.size &&
        same_bytes(cache->position_span[index].data, s.data, s.size)) {
        obj = cache->position_obj[index];
        Py_INCREF(obj);
        return obj;
    }
    hash = hash_span(s);
    slot = (size_t)(hash & (KEY_SLOTS - 1));
    for (;;) {
        entry = &cache->slots[slot];
        if (entry->obj == NULL) break;
        if (entry->hash == hash && entry->span.size == s.size &&
            memcmp(entry->span.data, s.data, (size_t)s.size) == 0) {
            obj = entry->obj;
            goto found;
        }
        slot = (slot + 1) & (KEY_SLOTS - 1);
    }
    obj = as_text(s, cache->decode_bytes);
    if (obj == NULL) return NULL;
    if (cache->entries >= KEY_MAX_ENTRIES) return obj;  /* a full table: correct, just not shared */
    if (PyUnicode_CheckExact(obj)) (void)PyObject_Hash(obj);  /* hashed once, for every dict it goes in */
    entry->span = s;
    entry->hash = hash;
    entry->obj = obj;
    cache->entries++;
found:
    if (index < POSITIONS) {
        cache->position_span[index] = s;
        cache->position_obj[index] = obj;
    }
    Py_INCREF(obj);
    return obj;
}

static void key_cache_clear(KeyCache *cache) {
    Py_ssize_t i;
    if (cache->slots == NULL) return;
    for (i = 0; i < KEY_SLOTS; i++) Py_XDECREF(cache->slots[i].obj);
    PyMem_Free(cache->slots);
    cache->slots = NULL;
}

/* Values seen at each content index: a direct-mapped cache, so a value repeated across logs (a method, a status, a
 * user agent) is one object. Slots are chosen by an O(1) hash (length, first and last 8 bytes) and confirmed by a
 * full comparison; a miss replaces the slot. */
#define VALUE_POSITIONS 32
#define VALUE_SLOTS 64
#define VALUE_MAX_SIZE 256
#define VALUE_PROBE 512  /* lookups at a position before its hit rate is judged */

typedef struct {
    Span span;
    PyObject *obj;
} ValueEntry;

static inline size_t value_slot(Span s) {
    uint64_t head = 0, tail = 0, h;
    if (s.size >= 8) {
        memcpy(&head, s.data, 8);
        memcpy(&tail, s.data + s.size - 8, 8);
    } else if (s.size > 0) {
        memcpy(&head, s.data, (size_t)s.size);
    }
    h = head * 0x9E3779B97F4A7C15ULL ^ tail * 0xC2B2AE3D27D4EB4FULL ^ (uint64_t)s.size * 0x165667B19E3779F9ULL;
    return (size_t)(h >> 58);  /* 64 slots */
}

typedef struct {
    ValueEntry *entries;  /* VALUE_POSITIONS x VALUE_SLOTS */
    uint32_t lookups[VALUE_POSITIONS];
    uint32_t hits[VALUE_POSITIONS];
    uint8_t bypass[VALUE_POSITIONS];  /* a position whose values rarely repeat (ids, paths): not cached any more */
} ValueCache;

/* A new reference to the value object of ``s`` at content ``index``. */
static PyObject *cached_value(ValueCache *cache, Span s, Py_ssize_t index, int decode_bytes) {
    ValueEntry *entry;
    PyObject *obj;
    if (index >= VALUE_POSITIONS || s.size > VALUE_MAX_SIZE || cache->bypass[index]) return as_text(s, decode_bytes);
    if (++cache->lookups[index] == VALUE_PROBE) {  /* under one hit in eight: the cache costs more than it saves */
        cache->bypass[index] = cache->hits[index] < VALUE_PROBE / 8;
        cache->lookups[index] = cache->hits[index] = 0;
    }
    entry = &cache->entries[index * VALUE_SLOTS + value_slot(s)];
    /* compared with the object's own characters (hot in the cache when the value is frequent), ASCII only */
    if (entry->obj != NULL && entry->span.size == s.size &&
        same_bytes(PyUnicode_1BYTE_DATA(entry->obj), s.data, s.size)) {
        cache->hits[index]++;
        Py_INCREF(entry->obj);
        return entry->obj;
    }
    obj = as_text(s, decode_bytes);
    if (obj == NULL || !PyUnicode_CheckExact(obj) || !PyUnicode_IS_ASCII(obj)) return obj;
    Py_XSETREF(entry->obj, obj);
    entry->span = s;
    Py_INCREF(obj);
    return obj;
}

static void value_cache_free(ValueCache *cache) {
    Py_ssize_t i;
    if (cache->entries == NULL) return;
    for (i = 0; i < VALUE_POSITIONS * VALUE_SLOTS; i++) Py_XDECREF(cache->entries[i].obj);
    PyMem_Free(cache->entries);
    cache->entries = NULL;
}

typedef struct {
    KeyCache keys;
    ValueCache values;
    int time_as_str;
    int decode_bytes;
    uint32_t last_time;
    PyObject *last_time_obj;  /* the __time__ value of the previous log */
    PyObject *base_keys;      /* list: __topic__, __source__, __tag__:k... of the current group */
    PyObject *base_values;
    PyObject *out;
    Py_ssize_t since_yield;   /* logs since the GIL was last offered to other threads */
    PyObject *previous;       /* the dict of the previous log of the group (borrowed from out), or NULL */
    Py_ssize_t previous_n;
    int previous_nss;
    int previous_unique;      /* no key of the previous dict was set twice */
    PyObject *previous_time;
    PyObject *previous_keys[POSITIONS];
    PyObject *previous_values[POSITIONS];
} Flattener;

/* A Tag: Key (1) and Value (2), each exactly once. */
static int read_tag(Span tag, Span *key, Span *value) {
    const uint8_t *p = tag.data, *end = tag.data + tag.size;
    int seen_key = 0, seen_value = 0, wire_type;
    uint32_t number;
    uint64_t scalar;
    Span bytes;
    while (p < end) {
        if (read_field(&p, end, &number, &wire_type, &bytes, &scalar) != OK || wire_type != WT_LEN) return BAIL;
        if (number == 1 && !seen_key++) *key = bytes;
        else if (number == 2 && !seen_value++) *value = bytes;
        else return BAIL;
    }
    return seen_key && seen_value ? OK : BAIL;
}

static int append_base(Flattener *f, PyObject *key, Span value) {
    PyObject *text;
    int rc;
    if (key == NULL) return FAIL;
    text = as_text(value, f->decode_bytes);
    rc = text != NULL && PyList_Append(f->base_keys, key) == 0 && PyList_Append(f->base_values, text) == 0 ? OK : FAIL;
    Py_DECREF(key);
    Py_XDECREF(text);
    return rc;
}

/* "__tag__:" + key, as str or (a key that is not UTF-8, without decode_bytes) bytes. */
static PyObject *tag_key(Flattener *f, Span key) {
    PyObject *text = as_text(key, f->decode_bytes), *result;
    if (text == NULL) return NULL;
    if (PyUnicode_CheckExact(text)) {
        result = PyUnicode_Concat(s_tag_prefix, text);
    } else {
        result = PyBytes_FromStringAndSize(NULL, PyBytes_GET_SIZE(b_tag_prefix) + PyBytes_GET_SIZE(text));
        if (result != NULL) {
            memcpy(PyBytes_AS_STRING(result), PyBytes_AS_STRING(b_tag_prefix), (size_t)PyBytes_GET_SIZE(b_tag_prefix));
            memcpy(PyBytes_AS_STRING(result) + PyBytes_GET_SIZE(b_tag_prefix), PyBytes_AS_STRING(text),
                   (size_t)PyBytes_GET_SIZE(text));
        }
    }
    Py_DECREF(text);
    return result;
}

/* A Content: Key (1) and Value (2), each exactly once. */
static inline int read_content(Span content, Span *key, Span *value) {
    const uint8_t *p = content.data, *end = p + content.size;
    /* the usual layout: 0x0a, a one-byte length, the key, 0x12, a one-byte length, the value, nothing else */
    if (content.size >= 4 && p[0] == 0x0a && p[1] < 0x80 && p[1] + 4 <= content.size && p[2 + p[1]] == 0x12) {
        const uint8_t *v = p + 2 + p[1];
        if (v[1] < 0x80 && v + 2 + v[1] == end) {
            key->data = p + 2;
            key->size = p[1];
            value->data = v + 2;
            value->size = v[1];
            return OK;
        }
    }
    return read_tag(content, key, value);
}

static PyObject *time_object(Flattener *f, uint32_t seconds) {
    if (!f->time_as_str) return PyLong_FromUnsignedLong(seconds);
    if (f->last_time_obj == NULL || f->last_time != seconds) {
        char text[16];
        PyObject *obj;
        int n = snprintf(text, sizeof text, "%lu", (unsigned long)seconds);
        obj = PyUnicode_FromStringAndSize(text, n);
        if (obj == NULL) return NULL;
        Py_XSETREF(f->last_time_obj, obj);
        f->last_time = seconds;
    }
    Py_INCREF(f->last_time_obj);
    return f->last_time_obj;
}

static PyObject *new_dict(Py_ssize_t size) {
#if PY_VERSION_HEX < 0x030D0000
    return _PyDict_NewPresized(size);
#else
    (void)size;
    return PyDict_New();
#endif
}

static int set_item(PyObject *dict, PyObject *key, PyObject *value) {
    int rc;
    if (key == NULL || value == NULL) {
        Py_XDECREF(key);
        Py_XDECREF(value);
        return FAIL;
    }
    rc = PyDict_SetItem(dict, key, value);
    Py_DECREF(key);
    Py_DECREF(value);
    return rc == 0 ? OK : FAIL;
}

/* One Log: Time (1) exactly once, Time_ns (4) at most once, Contents (2); then the dict, in the reference order:
 * __time__, __time_ns_part__, the group's entries, the contents, each set in turn (a later key replaces the value of
 * an equal earlier one, as dict.update does). When the previous log of the group had the same keys, its dict is
 * copied and every value set again: the same order and values, without inserting. */
static int flatten_log(Flattener *f, Span log) {
    const uint8_t *p = log.data, *end = log.data + log.size;
    uint32_t number;
    int wire_type, rc = OK;
    uint64_t scalar = 0, seconds = 0, ns = 0;
    int times = 0, nss = 0;
    Py_ssize_t contents = 0, i, n_base, n = 0;
    Span bytes = {NULL, 0}, key, value;
    PyObject *dict = NULL, *time_obj, *keys[POSITIONS], *values[POSITIONS];
    Span spans[POSITIONS];
    int skip = 0;

    while (p < end) {
        if (read_field(&p, end, &number, &wire_type, &bytes, &scalar) != OK) return BAIL;
        if (number == 1 && wire_type == WT_VARINT) {
            seconds = scalar;
            times++;
        } else if (number == 2 && wire_type == WT_LEN) {
            if (contents < POSITIONS) spans[contents] = bytes;
            contents++;
        } else if (number == 4 && wire_type == WT_FIXED32) {
            ns = scalar;
            nss++;
        } else {
            return BAIL;
        }
    }
    if (times != 1 || nss > 1 || seconds > MAX_UINT32) return BAIL;

    /* the contents as objects first (when they fit the arrays), to know whether the previous dict is a template */
    if (contents <= POSITIONS) {
        for (i = 0; i < contents; i++) {
            if ((rc = read_content(spans[i], &key, &value)) != OK) break;
            keys[n] = cached_key(&f->keys, key, n);
            values[n] = keys[n] ? cached_value(&f->values, value, n, f->decode_bytes) : NULL;
            if (values[n] == NULL) {
                Py_XDECREF(keys[n]);
                rc = FAIL;
                break;
            }
            n++;
        }
        if (rc != OK) goto done;
        if (f->previous != NULL && f->previous_n == n && f->previous_nss == nss &&
            memcmp(f->previous_keys, keys, (size_t)n * sizeof(PyObject *)) == 0) {
            dict = PyDict_Copy(f->previous);
            /* Without repeated keys each entry of the copy holds what was set last time: only what differs is set
             * again (the group's entries never differ within a group). */
            skip = f->previous_unique;
        }
    }
    n_base = PyList_GET_SIZE(f->base_keys);
    if (dict == NULL && !PyErr_Occurred()) dict = new_dict(1 + nss + n_base + contents);
    if (dict == NULL) {
        rc = FAIL;
        goto done;
    }
    if ((time_obj = time_object(f, (uint32_t)seconds)) == NULL) {
        rc = FAIL;
        goto done;
    }
    if (!(skip && time_obj == f->previous_time) && PyDict_SetItem(dict, s_time, time_obj) != 0) rc = FAIL;
    Py_DECREF(time_obj);  /* held by the dict from here on */
    if (rc != OK) goto done;
    if (nss) {
        Py_INCREF(s_time_ns);
        if ((rc = set_item(dict, s_time_ns, PyLong_FromUnsignedLong((unsigned long)ns))) != OK) goto done;
    }
    for (i = 0; i < n_base && !skip; i++)
        if (PyDict_SetItem(dict, PyList_GET_ITEM(f->base_keys, i), PyList_GET_ITEM(f->base_values, i)) != 0) {
            rc = FAIL;
            goto done;
        }
    if (contents <= POSITIONS) {
        for (i = 0; i < n; i++)
            if (!(skip && values[i] == f->previous_values[i]) && PyDict_SetItem(dict, keys[i], values[i]) != 0) {
                rc = FAIL;
                goto done;
            }
    } else {
        for (p = log.data, i = 0; p < end;) {
            (void)read_field(&p, end, &number, &wire_type, &bytes, &scalar);
            if (number != 2) continue;
            if ((rc = read_content(bytes, &key, &value)) != OK) goto done;
            PyObject *key_obj = cached_key(&f->keys, key, i);
            if ((rc = set_item(dict, key_obj, key_obj ? cached_value(&f->values, value, i, f->decode_bytes) : NULL)))
                goto done;
            i++;
        }
    }
    if (PyList_Append(f->out, dict) != 0) {
        rc = FAIL;
        goto done;
    }
    /* borrowed: the dict is in the output list, and it holds its keys */
    f->previous = contents <= POSITIONS ? dict : NULL;
    f->previous_n = n;
    f->previous_nss = nss;
    f->previous_unique = PyDict_GET_SIZE(dict) == 1 + nss + n_base + n;
    f->previous_time = time_obj;
    memcpy(f->previous_keys, keys, (size_t)n * sizeof(PyObject *));
    memcpy(f->previous_values, values, (size_t)n * sizeof(PyObject *));
done:
    for (i = 0; i < n; i++) {
        Py_DECREF(keys[i]);
        Py_DECREF(values[i]);
    }
    Py_XDECREF(dict);
    return rc;
}

/* One LogGroup: Logs (1), Topic (3), Source (4), LogTags (6); Reserved (2) and MachineUUID (5) are skipped. */
static int flatten_group(Flattener *f, Span group) {
    const uint8_t *p = group.data, *end = group.data + group.size;
    uint32_t number;
    int wire_type, rc;
    uint64_t scalar;
    Span bytes, topic = {(const uint8_t *)"", 0}, source = {(const uint8_t *)"", 0}, key, value;
    Py_ssize_t logs = 0;
    const uint8_t *line;

    /* The scan below hops from log header to log header: ask for the whole group at once instead of one cache
     * miss per log. */
    for (line = p; line < end; line += 64) PREFETCH(line);
    while (p < end) {
        if (read_field(&p, end, &number, &wire_type, &bytes, &scalar) != OK || wire_type != WT_LEN) return BAIL;
        switch (number) {
            case 1: logs++; break;
            case 3: topic = bytes; break;
            case 4: source = bytes; break;
            case 6: if (read_tag(bytes, &key, &value) != OK) return BAIL; break;
            case 2: case 5: break;
            default: return BAIL;
        }
    }
    if (!logs) return OK;
    f->previous = NULL;
    if (PyList_SetSlice(f->base_keys, 0, PY_SSIZE_T_MAX, NULL) < 0 ||
        PyList_SetSlice(f->base_values, 0, PY_SSIZE_T_MAX, NULL) < 0)
        return FAIL;
    Py_INCREF(s_topic);
    if (append_base(f, s_topic, topic) != OK) return FAIL;
    Py_INCREF(s_source);
    if (append_base(f, s_source, source) != OK) return FAIL;
    for (p = group.data; p < end;) {
        (void)read_field(&p, end, &number, &wire_type, &bytes, &scalar);  /* validated above */
        if (number != 6) continue;
        (void)read_tag(bytes, &key, &value);
        if (append_base(f, tag_key(f, key), value) != OK) return FAIL;
    }
    for (p = group.data; p < end;) {
        (void)read_field(&p, end, &number, &wire_type, &bytes, &scalar);
        if (number != 1) continue;
        if ((rc = flatten_log(f, bytes)) != OK) return rc;
        if (++f->since_yield == YIELD_EVERY) {
            /* Let other threads run, as the interpreter does between bytecodes: a consumer's fetcher and heartbeat
             * threads must not wait for a whole batch. Everything used here belongs to this call. */
            f->since_yield = 0;
            Py_BEGIN_ALLOW_THREADS
            Py_END_ALLOW_THREADS
        }
    }
    return OK;
}

static PyObject *flatten(PyObject *self, PyObject *args) {
    Py_buffer data;
    int time_as_str, decode_bytes, wire_type, rc = OK;
    Flattener f;
    const uint8_t *p, *end;
    uint32_t number;
    uint64_t scalar;
    Span group;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*pp:flatten", &data, &time_as_str, &decode_bytes)) return NULL;
    memset(&f, 0, sizeof f);
    f.time_as_str = time_as_str;
    f.decode_bytes = decode_bytes;
    f.keys.decode_bytes = decode_bytes;
    f.keys.slots = PyMem_Calloc(KEY_SLOTS, sizeof(KeyEntry));
    f.values.entries = PyMem_Calloc(VALUE_POSITIONS * VALUE_SLOTS, sizeof(ValueEntry));
    f.base_keys = PyList_New(0);
    f.base_values = PyList_New(0);
    f.out = PyList_New(0);
    if (f.keys.slots == NULL || f.values.entries == NULL || f.base_keys == NULL || f.base_values == NULL || f.out == NULL) {
        if (f.keys.slots == NULL || f.values.entries == NULL) PyErr_NoMemory();
        rc = FAIL;
    }
    p = (const uint8_t *)data.buf;
    end = p + data.len;
    while (rc == OK && p < end) {
        if (read_field(&p, end, &number, &wire_type, &group, &scalar) != OK || number != 1 || wire_type != WT_LEN)
            rc = BAIL;
        else
            rc = flatten_group(&f, group);
    }
    key_cache_clear(&f.keys);
    value_cache_free(&f.values);
    Py_XDECREF(f.last_time_obj);
    Py_XDECREF(f.base_keys);
    Py_XDECREF(f.base_values);
    PyBuffer_Release(&data);
    if (rc != OK) {
        Py_XDECREF(f.out);
        if (rc == BAIL) Py_RETURN_NONE;
        return NULL;
    }
    return f.out;
}

/* ================================================================================================================ */

static PyMethodDef methods[] = {
    {"encode_logs", encode_logs, METH_VARARGS,
     "encode_logs(items, tail) -> bytes | None: the Logs of a LogGroup followed by tail; None when not handled."},
    {"encode_checked", encode_checked, METH_VARARGS,
     "encode_checked(items, tail, item_type, valid_keys, max_value) -> bytes | None: encode_logs for items of "
     "exactly item_type whose keys are str found in the set valid_keys and whose values are at most max_value "
     "bytes; None when not handled or any check fails."},
    {"flatten", flatten, METH_VARARGS,
     "flatten(data, time_as_str, decode_bytes) -> list | None: the flattened logs of a LogGroupList; None when "
     "not handled."},
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
