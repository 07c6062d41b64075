/*
** knox_mint.c: django-rest-knox's token issuing, with libsodium's CSPRNG.
**
** knox 5.0.2 AuthTokenManager.create(): token = prefix + crypto.create_token_string(), where
** create_token_string() is binascii.hexlify(os.urandom(AUTH_TOKEN_CHARACTER_LENGTH / 2)):
** 64 lowercase hex characters by default. knox checks the TOKEN_PREFIX setting only for its
** length, len(prefix) > 10 raising ValueError("Illegal TOKEN_PREFIX length"); create() itself
** checks nothing. Here the check always runs, and also refuses prefixes no HTTP header could
** carry (see knox_mint.h). The optional checksum tail is ours (GitHub's format, checksum.h);
** knox accepts such tokens too, as its digest covers whatever string it is given.
*/
#include "knox_mint.h"

#include <sodium.h>
#include <string.h>

#include "header.h"

enum knox_prefix_status knox_prefix_check(const unsigned char *prefix, size_t len) {
  if (!header_utf8_valid(prefix, len)) return KNOX_PREFIX_NOT_UTF8;
  size_t chars = 0;
  for (size_t i = 0; i < len; i++) {
    if ((prefix[i] & 0xC0) != 0x80) chars++;
  }
  if (chars > KNOX_PREFIX_MAX_CHARS) return KNOX_PREFIX_TOO_LONG;
  for (size_t i = 0; i < len; i++) {
    if (prefix[i] <= 0x20 || prefix[i] == 0x7F) return KNOX_PREFIX_CONTROL;
  }
  return KNOX_PREFIX_OK;
}

const char *knox_prefix_message(enum knox_prefix_status status) {
  switch (status) {
    case KNOX_PREFIX_TOO_LONG:
      return "prefix longer than 10 characters (knox: Illegal TOKEN_PREFIX length)";
    case KNOX_PREFIX_NOT_UTF8:
      return "prefix is not valid UTF-8";
    case KNOX_PREFIX_CONTROL:
      return "prefix contains a space or a control character";
    default:
      return NULL;
  }
}

size_t knox_mint(const unsigned char *prefix, size_t prefix_len, int with_checksum,
                 char out[KNOX_TOKEN_MAX + 1]) {
  out[0] = 0;
  if (knox_prefix_check(prefix, prefix_len) != KNOX_PREFIX_OK) return 0;
  unsigned char raw[KNOX_RANDOM_BYTES];
  randombytes_buf(raw, sizeof raw);
  if (prefix_len > 0) memcpy(out, prefix, prefix_len);
  sodium_bin2hex(out + prefix_len, KNOX_RANDOM_HEX_LEN + 1, raw, sizeof raw);
  sodium_memzero(raw, sizeof raw);
  size_t n = prefix_len + KNOX_RANDOM_HEX_LEN;
  if (with_checksum) {
    checksum_tail((const unsigned char *)out, n, out + n);
    n += CHECKSUM_LEN;
    out[n] = 0;
  }
  return n;
}
