/*
** header.c: DRF's TokenAuthentication.authenticate, up to the database lookup.
**
** On the header's raw bytes (NULs and invalid UTF-8 allowed):
**   1. split on runs of space, \t, \n, \v, \f, \r (Python's bytes.split());
**   2. no parts, or a first part that is not the keyword (ASCII case-insensitive, whole
**      word): HEADER_NOT_OURS;
**   3. one part: HEADER_NO_CREDENTIALS;
**   4. more than two parts: HEADER_SPACES (checked before the UTF-8 rule);
**   5. a second part that is not strict UTF-8: HEADER_INVALID_CHARS;
**   6. otherwise HEADER_KEY, with the key's bytes exactly as given.
** No allocation, no SQLite: the fuzzers and unit tests call it directly.
*/
#include "header.h"

#include <stdint.h>
#include <string.h>

int header_is_separator(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Length of the UTF-8 sequence starting at s[0..len), or 0 if it is invalid there. */
static size_t utf8_sequence_length(const unsigned char *s, size_t len) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    if (c == 0xE0) lo = 0xA0;      /* overlong */
    if (c == 0xED) hi = 0x9F;      /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    if (c == 0xF0) lo = 0x90;      /* overlong */
    if (c == 0xF4) hi = 0x8F;      /* above U+10FFFF */
  } else {
    return 0;                      /* continuation byte, C0, C1, F5-FF */
  }
  if (len < need || s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < need; i++) {
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
  }
  return need;
}

/* 1 if the 8 bytes at p are all ASCII. */
static int ascii8(const unsigned char *p) {
  uint64_t word;
  memcpy(&word, p, sizeof word);
  return (word & 0x8080808080808080ULL) == 0;
}

int header_utf8_valid(const unsigned char *bytes, size_t len) {
  size_t i = 0;
  while (i < len) {
    if (i + 8 <= len && ascii8(bytes + i)) { /* keys are ASCII: 8 bytes at a time */
      i += 8;
      continue;
    }
    size_t n = utf8_sequence_length(bytes + i, len - i);
    if (n == 0) return 0;
    i += n;
  }
  return 1;
}

/* 1 if one of the 8 bytes at p is below 0x21 (every separator is), else 0. The classic
** "has a byte less than n" word test: exact as a yes/no answer for n <= 128. */
static int below_0x21_in8(const unsigned char *p) {
  uint64_t w;
  memcpy(&w, p, sizeof w);
  return ((w - 0x2121212121212121ULL) & ~w & 0x8080808080808080ULL) != 0;
}

/* Finds the next part at or after *pos; returns 1 and sets [*start, *pos) to it, else 0. */
static int next_part(const unsigned char *h, size_t len, size_t *pos, size_t *start) {
  size_t i = *pos;
  while (i < len && header_is_separator(h[i])) i++;
  if (i == len) {
    *pos = len;
    return 0;
  }
  *start = i;
  while (i + 8 <= len && !below_0x21_in8(h + i)) i += 8; /* no byte <= space: no separator */
  while (i < len && !header_is_separator(h[i])) i++;
  *pos = i;
  return 1;
}

/* 1 if part[0..n) equals keyword, ASCII letters compared case-insensitively. */
static int is_keyword(const unsigned char *part, size_t n, const char *keyword) {
  if (n != strlen(keyword)) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char a = part[i], b = (unsigned char)keyword[i];
    if (a >= 'A' && a <= 'Z') a = (unsigned char)(a + 32);
    if (b >= 'A' && b <= 'Z') b = (unsigned char)(b + 32);
    if (a != b) return 0;
  }
  return 1;
}

enum header_outcome header_parse(const unsigned char *header, size_t len,
                                 const char *keyword, struct header_parse *out) {
  size_t pos = 0, start = 0;
  out->key = NULL;
  out->key_len = 0;
  out->outcome = HEADER_NOT_OURS;
  if (header == NULL || !next_part(header, len, &pos, &start)) return out->outcome;
  if (!is_keyword(header + start, pos - start, keyword)) return out->outcome;
  if (!next_part(header, len, &pos, &start)) return out->outcome = HEADER_NO_CREDENTIALS;
  size_t key_start = start, key_end = pos;
  if (next_part(header, len, &pos, &start)) return out->outcome = HEADER_SPACES;
  if (!header_utf8_valid(header + key_start, key_end - key_start)) {
    return out->outcome = HEADER_INVALID_CHARS;
  }
  out->key = header + key_start;
  out->key_len = key_end - key_start;
  return out->outcome = HEADER_KEY;
}

const char *header_message(enum header_outcome outcome) {
  switch (outcome) {
    case HEADER_NO_CREDENTIALS:
      return "Invalid token header. No credentials provided.";
    case HEADER_SPACES:
      return "Invalid token header. Token string should not contain spaces.";
    case HEADER_INVALID_CHARS:
      return "Invalid token header. Token string should not contain invalid characters.";
    default:
      return NULL;
  }
}
