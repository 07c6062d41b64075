/*
** fuzz_password.c: libFuzzer target for password_verify (ext/pure/password.c) on arbitrary
** stored hashes.
**
** Input: the first byte splits the rest into a password and an encoded hash. Must not
** crash, leak or read out of bounds, and must return 0 or 1. So that one input never takes
** more than a moment, inputs whose work factor is large are skipped before the call (the
** parser's own limits are far above what a fuzzer can afford): any decimal number in the
** hash above 2000 (pbkdf2 iterations, argon2 m), and for bcrypt any number above 6 (cost).
** Also checked: password_hash output verifies, for a small iteration count.
*/
#define _GNU_SOURCE /* memmem */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "password.h"

/* 1 if some run of digits in s[0..n) is a number above limit. */
static int has_number_above(const char *s, size_t n, unsigned long limit) {
  for (size_t i = 0; i < n;) {
    if (s[i] < '0' || s[i] > '9') {
      i++;
      continue;
    }
    unsigned long v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      if (v <= limit) v = v * 10 + (unsigned long)(s[i] - '0');
      i++;
    }
    if (v > limit) return 1;
  }
  return 0;
}

static int too_costly(const char *enc, size_t n) {
  if (has_number_above(enc, n, 2000)) return 1;
  const char *b = memmem(enc, n, "bcrypt", 6);
  return b != NULL && has_number_above(enc, n, 6);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  if (sodium_init() < 0) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t split = data[0] < size - 1 ? data[0] : size - 1;
  const char *pw = (const char *)data + 1, *enc = pw + split;
  size_t enc_len = size - 1 - split;
  if (too_costly(enc, enc_len)) return 0;
  /* copies on the heap, exactly sized, so ASan sees any overread */
  char *p = malloc(split + 1), *e = malloc(enc_len + 1);
  if (p == NULL || e == NULL) abort();
  memcpy(p, pw, split);
  memcpy(e, enc, enc_len);
  int ok = password_verify(p, split, e, enc_len);
  if (ok != 0 && ok != 1) abort();
  if (size > 1 && (data[1] & 0x3F) == 0) { /* now and then: make then check */
    char out[PASSWORD_HASH_MAX];
    if (password_hash(p, split, 1 + data[size - 1], out, sizeof out) != 0) abort();
    if (password_verify(p, split, out, strlen(out)) != 1) abort();
  }
  free(p);
  free(e);
  return 0;
}
