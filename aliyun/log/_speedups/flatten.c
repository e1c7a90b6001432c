/* PullLogs flattening: a serialized LogGroupList straight into dicts, without protobuf objects (see _codec.c). */

#include "codec.h"
#include "lz4_block.h"

#define YIELD_EVERY 2048  /* logs flattened between two offers of the GIL (about 1 ms) */

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

/* Content keys seen in this call: one object per distinct key, found by its bytes (the table's own copies). */
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
    uint8_t *copy;
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
    /* the table keeps its own copy of the bytes: the input may be a window that is overwritten (flatten_lz4) */
    copy = PyMem_Malloc(s.size ? (size_t)s.size : 1);
    if (copy == NULL) {
        Py_DECREF(obj);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(copy, s.data, (size_t)s.size);
    entry->span.data = copy;
    entry->span.size = s.size;
    entry->hash = hash;
    entry->obj = obj;
    cache->entries++;
found:
    if (index < POSITIONS) {
        cache->position_span[index] = entry->span;
        cache->position_obj[index] = obj;
    }
    Py_INCREF(obj);
    return obj;
}

static void key_cache_clear(KeyCache *cache) {
    Py_ssize_t i;
    if (cache->slots == NULL) return;
    for (i = 0; i < KEY_SLOTS; i++) {
        if (cache->slots[i].obj == NULL) continue;
        Py_DECREF(cache->slots[i].obj);
        PyMem_Free((void *)cache->slots[i].span.data);
    }
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
    Py_ssize_t size;
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
    if (entry->obj != NULL && entry->size == s.size && same_bytes(PyUnicode_1BYTE_DATA(entry->obj), s.data, s.size)) {
        cache->hits[index]++;
        Py_INCREF(entry->obj);
        return entry->obj;
    }
    obj = as_text(s, decode_bytes);
    if (obj == NULL || !PyUnicode_CheckExact(obj) || !PyUnicode_IS_ASCII(obj)) return obj;
    Py_XSETREF(entry->obj, obj);
    entry->size = s.size;
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

static int flattener_open(Flattener *f, int time_as_str, int decode_bytes) {
    memset(f, 0, sizeof *f);
    f->time_as_str = time_as_str;
    f->decode_bytes = decode_bytes;
    f->keys.decode_bytes = decode_bytes;
    f->keys.slots = PyMem_Calloc(KEY_SLOTS, sizeof(KeyEntry));
    f->values.entries = PyMem_Calloc(VALUE_POSITIONS * VALUE_SLOTS, sizeof(ValueEntry));
    if (f->keys.slots == NULL || f->values.entries == NULL) {
        PyErr_NoMemory();
        return FAIL;
    }
    f->base_keys = PyList_New(0);
    f->base_values = PyList_New(0);
    f->out = PyList_New(0);
    return f->base_keys == NULL || f->base_values == NULL || f->out == NULL ? FAIL : OK;
}

/* Frees what the call held; the result list for OK, None for BAIL, NULL (the exception set) for FAIL. */
static PyObject *flattener_close(Flattener *f, int rc) {
    key_cache_clear(&f->keys);
    value_cache_free(&f->values);
    Py_XDECREF(f->last_time_obj);
    Py_XDECREF(f->base_keys);
    Py_XDECREF(f->base_values);
    if (rc == OK) return f->out;
    Py_XDECREF(f->out);
    if (rc == BAIL) Py_RETURN_NONE;
    return NULL;
}

/* The LogGroups of a LogGroupList, whole or (in a window being filled) as far as they are there. */

#define NEED_MORE 2

/* The next LogGroupList field in [p, end): OK with the group and the position after it, NEED_MORE when it is not
 * all there yet, BAIL when it is not a LogGroup (field 1, length-delimited). */
static int next_group(const uint8_t *p, const uint8_t *end, Span *group, const uint8_t **next) {
    const uint8_t *q = p;
    uint64_t tag, len;
    if (read_varint(&q, end, &tag) != OK) return end - p >= 10 ? BAIL : NEED_MORE;
    if (tag != ((1 << 3) | WT_LEN)) return BAIL;
    if (read_varint(&q, end, &len) != OK) return end - q >= 10 ? BAIL : NEED_MORE;
    if (len > (uint64_t)(end - q)) return NEED_MORE;
    group->data = q;
    group->size = (Py_ssize_t)len;
    *next = q + len;
    return OK;
}

/* Flattens the groups that are whole in window[*parsed .. pos), advancing *parsed past them. */
static int flatten_ready(Flattener *f, const uint8_t *window, size_t *parsed, size_t pos) {
    const uint8_t *p = window + *parsed, *end = window + pos, *next;
    Span group;
    int rc;
    while (p < end) {
        rc = next_group(p, end, &group, &next);
        if (rc == NEED_MORE) break;
        if (rc != OK || (rc = flatten_group(f, group)) != OK) return rc;
        p = next;
    }
    *parsed = (size_t)(p - window);
    return OK;
}

PyObject *flatten(PyObject *self, PyObject *args) {
    Py_buffer data;
    int time_as_str, decode_bytes, rc;
    Flattener f;
    size_t parsed = 0;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*pp:flatten", &data, &time_as_str, &decode_bytes)) return NULL;
    rc = flattener_open(&f, time_as_str, decode_bytes);
    if (rc == OK && (rc = flatten_ready(&f, data.buf, &parsed, (size_t)data.len)) == OK && parsed != (size_t)data.len)
        rc = BAIL;  /* a group cut off by the end of the data */
    PyBuffer_Release(&data);
    return flattener_close(&f, rc);
}

/* ================================================================================================================ */
/* Decompressing and flattening in one pass                                                                          */

#define WINDOW 1048576  /* the output kept at once: it stays in the CPU cache while its groups are flattened */
/* Decompresses an lz4 block of raw_size bytes through a window, flattening each group as soon as it is whole. */
static int flatten_lz4_block(Flattener *f, const uint8_t *data, Py_ssize_t size, Py_ssize_t raw_size) {
    Lz4Reader reader = {data, data + size, 0, (uint64_t)raw_size};
    size_t cap = raw_size < WINDOW ? (size_t)raw_size : WINDOW, pos = 0, parsed = 0, needed = 0, drop;
    uint8_t *window = PyMem_Malloc(cap + LZ4R_SLACK), *grown;
    int status, rc = OK;
    if (window == NULL) {
        PyErr_NoMemory();
        return FAIL;
    }
    for (;;) {
        status = lz4r_decode(&reader, window, &pos, cap, &needed);
        if (status == LZ4R_BAD) {
            rc = BAIL;
            break;
        }
        if ((rc = flatten_ready(f, window, &parsed, pos)) != OK) break;
        if (status == LZ4R_DONE) {
            rc = parsed == pos ? OK : BAIL;  /* a group cut off by the end of the body */
            break;
        }
        /* Room for the next sequence: drop what is flattened and out of a match's reach, then grow if need be. */
        drop = pos < LZ4R_HISTORY ? 0 : pos - LZ4R_HISTORY;
        if (parsed < drop) drop = parsed;
        memmove(window, window + drop, pos - drop);
        pos -= drop;
        parsed -= drop;
        if (pos + needed > cap) {
            cap = cap * 2 > pos + needed ? cap * 2 : pos + needed;
            grown = PyMem_Realloc(window, cap + LZ4R_SLACK);
            if (grown == NULL) {
                PyErr_NoMemory();
                rc = FAIL;
                break;
            }
            window = grown;
        }
    }
    PyMem_Free(window);
    return rc;
}

PyObject *flatten_lz4(PyObject *self, PyObject *args) {
    Py_buffer body;
    Py_ssize_t raw_size;
    int time_as_str, decode_bytes, rc;
    Flattener f;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*npp:flatten_lz4", &body, &raw_size, &time_as_str, &decode_bytes)) return NULL;
    rc = flattener_open(&f, time_as_str, decode_bytes);
    if (rc == OK) rc = raw_size > 0 ? flatten_lz4_block(&f, body.buf, body.len, raw_size) : BAIL;
    PyBuffer_Release(&body);
    return flattener_close(&f, rc);
}

PyObject *lz4_decompress(PyObject *self, PyObject *args) {
    Py_buffer body;
    Py_ssize_t raw_size;
    PyObject *out;
    Lz4Reader reader;
    size_t pos = 0, needed = 0;
    uint8_t *buffer;
    int status;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*n:lz4_decompress", &body, &raw_size)) return NULL;
    if (raw_size <= 0) {
        PyBuffer_Release(&body);
        Py_RETURN_NONE;
    }
    buffer = PyMem_Malloc((size_t)raw_size + LZ4R_SLACK);
    if (buffer == NULL) {
        PyBuffer_Release(&body);
        return PyErr_NoMemory();
    }
    reader.ip = body.buf;
    reader.iend = reader.ip + body.len;
    reader.produced = 0;
    reader.raw_size = (uint64_t)raw_size;
    status = lz4r_decode(&reader, buffer, &pos, (size_t)raw_size, &needed);
    PyBuffer_Release(&body);
    out = status == LZ4R_DONE ? PyBytes_FromStringAndSize((const char *)buffer, raw_size) : (Py_INCREF(Py_None), Py_None);
    PyMem_Free(buffer);
    return out;
}
