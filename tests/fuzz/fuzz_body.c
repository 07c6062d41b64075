/*
** fuzz_body.c: libFuzzer target for the request-body parsers behind token_obtain_request
** (ext/pure/pyjson.c, ext/pure/form.c): hostile bodies must never crash, leak or read out of bounds.
**
** The first input byte picks the parser: 0 JSON, 1 urlencoded, otherwise multipart, whose
** Content-Type is the input up to the first '\n' (the body is the rest). Beyond "does not
** crash", every outcome is checked for what request.c relies on: parsed values are
** NUL-terminated at their length and are generalized UTF-8 (surrogates allowed, nothing
** else invalid), an error detail is valid UTF-8, and a failed parse carries no values.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "header.h"
#include "pybody.h"

/* Valid UTF-8 once ED A0..BF xx (a surrogate) is read as ED 9F BF (a valid neighbour). */
static int wtf8_valid(const char *text, size_t n) {
  unsigned char *copy = malloc(n ? n : 1);
  if (copy == NULL) return 1;
  memcpy(copy, text, n);
  for (size_t k = 0; k + 2 < n; k++) {
    if (copy[k] == 0xED && copy[k + 1] >= 0xA0 && copy[k + 1] <= 0xBF && (copy[k + 2] & 0xC0) == 0x80) {
      copy[k + 1] = 0x9F;
    }
  }
  int ok = header_utf8_valid(copy, n);
  free(copy);
  return ok;
}

static void check_value(const struct pyvalue *v) {
  if (v->kind == PYVALUE_STRING || v->kind == PYVALUE_FILE) {
    if (v->text == NULL || v->text[v->len] != 0 || !wtf8_valid(v->text, v->len)) abort();
  } else if (v->text != NULL) {
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  struct pybody b;
  const uint8_t *body = data + 1;
  size_t n = size - 1;
  if (data[0] == 0) {
    pyjson_parse(body, n, &b);
  } else if (data[0] == 1) {
    form_parse_urlencoded(body, n, &b);
  } else {
    const uint8_t *nl = memchr(body, '\n', n);
    size_t ct_len = nl ? (size_t)(nl - body) : n;
    form_parse_multipart(body, ct_len, body + ct_len + (nl != NULL), n - ct_len - (nl != NULL), &b);
  }
  if (b.outcome == PYBODY_FIELDS) {
    check_value(&b.username);
    check_value(&b.password);
  } else if (b.username.text || b.password.text) {
    abort();
  }
  if (b.outcome == PYBODY_ERROR && (b.error == NULL || !header_utf8_valid((const unsigned char *)b.error, strlen(b.error)))) {
    abort();
  }
  pybody_free(&b);
  return 0;
}
