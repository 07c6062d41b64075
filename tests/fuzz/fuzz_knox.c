/*
** fuzz_knox.c: libFuzzer target for knox_token.c, knox_mint.c and checksum.c.
**
** Every input is compared with reference models written here independently and slowly:
**   - token_key: a strict UTF-8 decoder that walks code point by code point (range checks
**     after decoding) and notes where the 16th code point starts; knox_token_key() must
**     agree on refusal and on the length;
**   - the checksum: CRC-32 one bit at a time, and the tail decoded back from base62 as a
**     number; checksum_verify() must accept exactly input whose last 6 characters decode
**     to the CRC of the rest, and must accept any input with its own tail appended;
**   - the prefix rule: code points counted by the same decoder, bytes checked one by one;
**     knox_mint() with the input as prefix must give prefix + 64 hex (+ tail) or nothing.
*/
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "knox_mint.h"
#include "knox_token.h"

/* Strict UTF-8 decoding: returns the number of code points, -1 if invalid; *after15 is the
** offset where the 16th code point starts (n if there are at most 15). */
static long ref_decode(const unsigned char *p, size_t n, size_t *after15) {
  size_t i = 0;
  long count = 0;
  *after15 = n;
  while (i < n) {
    unsigned char c = p[i];
    size_t extra;
    unsigned long cp, min;
    if (c <= 0x7F) { extra = 0; cp = c; min = 0; }
    else if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; min = 0x10000; }
    else return -1;
    if (extra > n - i - 1) return -1;
    for (size_t k = 1; k <= extra; k++) {
      if ((p[i + k] & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    if (count == 15) *after15 = i;
    count++;
    i += extra + 1;
  }
  return count;
}

/* CRC-32/IEEE, bit by bit. */
static uint32_t ref_crc(const unsigned char *p, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    crc ^= p[i];
    for (int b = 0; b < 8; b++) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return ~crc;
}

/* The value of 6 base62 digits (0-9, A-Z, a-z), or -1 if one is not a digit. */
static long long ref_base62(const unsigned char *p) {
  long long v = 0;
  for (int i = 0; i < 6; i++) {
    int d;
    if (p[i] >= '0' && p[i] <= '9') d = p[i] - '0';
    else if (p[i] >= 'A' && p[i] <= 'Z') d = p[i] - 'A' + 10;
    else if (p[i] >= 'a' && p[i] <= 'z') d = p[i] - 'a' + 36;
    else return -1;
    v = v * 62 + d;
  }
  return v;
}

static void check_token_key(const uint8_t *data, size_t size) {
  size_t want_len, got_len = (size_t)-1;
  long chars = ref_decode(data, size, &want_len);
  int rc = knox_token_key(data, size, &got_len);
  if (chars < 0 ? rc != -1 || got_len != (size_t)-1 : rc != 0 || got_len != want_len) abort();
}

static void check_checksum(const uint8_t *data, size_t size) {
  if (checksum_crc32(data, size) != ref_crc(data, size)) abort();
  int want = size > 6 && ref_base62(data + size - 6) == (long long)ref_crc(data, size - 6);
  if (checksum_verify(data, size) != want) abort();
  unsigned char *t = malloc(size + CHECKSUM_LEN);
  if (t == NULL) return;
  if (size > 0) memcpy(t, data, size);
  checksum_tail(data, size, (char *)t + size);
  if (ref_base62(t + size) != (long long)ref_crc(data, size)) abort();
  if (size > 0 && !checksum_verify(t, size + CHECKSUM_LEN)) abort();
  free(t);
}

static void check_prefix(const uint8_t *data, size_t size) {
  size_t unused;
  long chars = ref_decode(data, size, &unused);
  int control = 0;
  for (size_t i = 0; i < size; i++) control |= data[i] < 0x21 || data[i] == 0x7F;
  enum knox_prefix_status want = chars < 0 ? KNOX_PREFIX_NOT_UTF8
                                 : chars > 10 ? KNOX_PREFIX_TOO_LONG
                                 : control ? KNOX_PREFIX_CONTROL : KNOX_PREFIX_OK;
  if (knox_prefix_check(data, size) != want) abort();
  char out[KNOX_TOKEN_MAX + 1];
  int with_checksum = size & 1;
  size_t n = knox_mint(data, size, with_checksum, out);
  if (want != KNOX_PREFIX_OK) {
    if (n != 0 || out[0] != 0) abort();
    return;
  }
  if (n != size + 64 + (with_checksum ? 6 : 0) || out[n] != 0 || memcmp(out, data, size) != 0) abort();
  for (size_t i = size; i < size + 64; i++) {
    if (!((out[i] >= '0' && out[i] <= '9') || (out[i] >= 'a' && out[i] <= 'f'))) abort();
  }
  if (with_checksum && !checksum_verify((const unsigned char *)out, n)) abort();
  sodium_memzero(out, sizeof out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (sodium_init() < 0) abort();
  check_token_key(data, size);
  check_checksum(data, size);
  check_prefix(data, size);
  return 0;
}
