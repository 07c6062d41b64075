/*
** fuzz_header.c: libFuzzer target for header_parse (ext/pure/header.c).
**
** Not only "does not crash": every input is also run through a reference model of DRF's
** rules written here independently, in the slowest and most obvious way (split into an
** array of parts first, then look at the parts; UTF-8 decoded code point by code point
** and range-checked afterwards), and the two must agree on the outcome and, for a key, on
** its exact bytes. The keyword alternates between "Token" and "Bearer" (first input byte).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "header.h"

struct part {
  size_t start, len;
};

/* The six bytes Python's bytes.split() splits on, spelled out one by one. */
static int ref_is_space(unsigned char c) {
  return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D;
}

/* bytes.split(): fills parts (at most len of them), returns how many. */
static size_t ref_split(const unsigned char *h, size_t len, struct part *parts) {
  size_t n = 0, i = 0;
  while (i < len) {
    while (i < len && ref_is_space(h[i])) i++;
    if (i == len) break;
    parts[n].start = i;
    while (i < len && !ref_is_space(h[i])) i++;
    parts[n].len = i - parts[n].start;
    n++;
  }
  return n;
}

/* part.lower() == keyword.lower(), lowercasing ASCII A-Z only. */
static int ref_keyword(const unsigned char *p, size_t n, const char *keyword) {
  if (n != strlen(keyword)) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char a = p[i], b = (unsigned char)keyword[i];
    if (a >= 'A' && a <= 'Z') a = (unsigned char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = (unsigned char)(b - 'A' + 'a');
    if (a != b) return 0;
  }
  return 1;
}

/* Strict UTF-8: decode each sequence, then reject overlongs, surrogates, > U+10FFFF. */
static int ref_utf8(const unsigned char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    size_t extra;
    unsigned long cp, min;
    if (c <= 0x7F) { extra = 0; cp = c; min = 0; }
    else if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (extra > n - i - 1) return 0; /* cut short */
    for (size_t k = 1; k <= extra; k++) {
      if ((p[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += extra + 1;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *keyword = (data[0] & 1) ? "Bearer" : "Token";
  const unsigned char *h = data + 1;
  size_t len = size - 1;
  struct part *parts = malloc((len + 1) * sizeof *parts);
  if (parts == NULL) return 0;
  size_t n = ref_split(h, len, parts);
  enum header_outcome want;
  if (n == 0 || !ref_keyword(h + parts[0].start, parts[0].len, keyword)) want = HEADER_NOT_OURS;
  else if (n == 1) want = HEADER_NO_CREDENTIALS;
  else if (n > 2) want = HEADER_SPACES;
  else if (!ref_utf8(h + parts[1].start, parts[1].len)) want = HEADER_INVALID_CHARS;
  else want = HEADER_KEY;

  struct header_parse got;
  enum header_outcome rc = header_parse(h, len, keyword, &got);
  if (rc != want || got.outcome != want) abort();
  if (want == HEADER_KEY &&
      (got.key != h + parts[1].start || got.key_len != parts[1].len)) abort();
  if (n >= 2 && header_utf8_valid(h + parts[1].start, parts[1].len) !=
                    ref_utf8(h + parts[1].start, parts[1].len)) abort();
  if (header_message(want) == NULL && want != HEADER_NOT_OURS && want != HEADER_KEY) abort();
  free(parts);
  return 0;
}
