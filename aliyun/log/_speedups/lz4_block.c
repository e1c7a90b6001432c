/* The resumable, strict LZ4 block decoder (see lz4_block.h for its contract).
 *
 * A block is a series of sequences: a token (literal length in the high nibble, match length - 4 in the low one,
 * 15 meaning "more length bytes follow, each added, until one is not 255"), the literals, a 2-byte little-endian
 * offset and the match, copied from that far back in the output (it may overlap what it writes). The last sequence
 * has literals only. The lz4 library's safe decoder also requires, with the output size fixed: a literal run that is
 * not the last ends at least 12 bytes before the end of the output and leaves at least 8 bytes of input, and a match
 * ends at least 5 bytes before the end of the output; this decoder requires the same.
 */

#include "lz4_block.h"

#include <string.h>

#define MIN_MATCH 4
#define LAST_LITERALS 5     /* the last bytes of the output are always literals */
#define MATCH_LIMIT 12      /* a match never starts in the last 12 bytes of the output */
#define INPUT_AFTER_RUN 8   /* input a non-final literal run leaves: offset (2), a token (1), 5 literals */

/* Adds the extension bytes of a length whose nibble was 15; -1 when the input ends or the length passes limit. */
static inline int extend_length(const uint8_t **ip, const uint8_t *iend, size_t *length, uint64_t limit) {
    uint8_t byte;
    do {
        if (*ip >= iend) return -1;
        byte = *(*ip)++;
        *length += byte;
        if (*length > limit) return -1;
    } while (byte == 255);
    return 0;
}

static inline void copy16(uint8_t *dst, const uint8_t *src) { memcpy(dst, src, 16); }

/* Copies a match of length bytes from offset bytes back; writes up to 15 bytes past dst + length (slack). */
static inline void copy_match(uint8_t *dst, size_t offset, size_t length) {
    const uint8_t *src = dst - offset;
    size_t i;
    if (offset >= 16) {
        for (i = 0; i < length; i += 16) copy16(dst + i, src + i);
    } else if (offset >= 8) {
        for (i = 0; i < length; i += 8) memcpy(dst + i, src + i, 8);
    } else {
        for (i = 0; i < length; i++) dst[i] = src[i];  /* a short period: byte by byte, as the format defines */
    }
}

int lz4r_decode(Lz4Reader *reader, uint8_t *out, size_t *pos, size_t cap, size_t *needed) {
    const uint8_t *ip = reader->ip, *iend = reader->iend;
    uint64_t produced = reader->produced, raw_size = reader->raw_size;
    size_t op = *pos;
    int status = LZ4R_BAD;

    for (;;) {
        const uint8_t *sequence = ip, *match_end;
        size_t literals, match, offset;
        uint8_t token;
        if (ip >= iend) break;  /* the input ended without a last, literals-only sequence */
        token = *ip++;
        literals = token >> 4;
        if (literals == 15 && extend_length(&ip, iend, &literals, raw_size) != 0) break;
        if (literals > (size_t)(iend - ip) || literals > raw_size - produced) break;
        if (literals == (size_t)(iend - ip)) {  /* the last sequence: it must end the output exactly */
            if (produced + literals != raw_size) break;
            if (op + literals > cap) {
                *needed = literals;
                ip = sequence;
                status = LZ4R_MORE;
                break;
            }
            memcpy(out + op, ip, literals);
            ip += literals;
            op += literals;
            produced += literals;
            status = LZ4R_DONE;
            break;
        }
        if (produced + literals + MATCH_LIMIT > raw_size || (size_t)(iend - ip) - literals < INPUT_AFTER_RUN) break;
        match_end = ip + literals;
        offset = (size_t)match_end[0] | ((size_t)match_end[1] << 8);
        match_end += 2;
        match = token & 15;
        if (match == 15 && extend_length(&match_end, iend, &match, raw_size) != 0) break;
        match += MIN_MATCH;
        if (offset == 0 || offset > produced + literals) break;
        if (produced + literals + match + LAST_LITERALS > raw_size) break;
        if (op + literals + match > cap) {
            *needed = literals + match;
            ip = sequence;
            status = LZ4R_MORE;
            break;
        }
        if (literals <= 16 && (size_t)(iend - ip) >= 16) {
            copy16(out + op, ip);  /* may write past the run: the match overwrites it, or it is slack */
        } else {
            memcpy(out + op, ip, literals);
        }
        op += literals;
        copy_match(out + op, offset, match);
        op += match;
        produced += literals + match;
        ip = match_end;
    }
    reader->ip = ip;
    reader->produced = produced;
    *pos = op;
    return status;
}
