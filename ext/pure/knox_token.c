/*
** knox_token.c: the digest and the token_key of a django-rest-knox token.
**
** knox 5.0.2: digest = hashlib.sha512(token.encode('utf-8')).hexdigest() over the whole token,
** prefix included (make_hex_compatible() is the identity on UTF-8 text); token_key =
** token[:CONSTANTS.TOKEN_KEY_LENGTH], 15 code points of the Python str, so a non-ASCII
** prefix such as "clé☃_" gives a token_key of 15 code points and 18 bytes. The token is
** decoded strictly (Python's UTF-8 codec: no overlongs, surrogates or values above
** U+10FFFF) before anything else; knox raises UnicodeDecodeError on bad bytes, so
** knox_token_key() reports them instead of counting bytes it cannot decode.
** SHA-512 is libsodium's crypto_hash_sha512; the hex encoding is sodium_bin2hex.
*/
#include "knox_token.h"

#include <sodium.h>

#include "header.h"

void knox_digest(const unsigned char *token, size_t len, char out[KNOX_DIGEST_HEX_LEN + 1]) {
  unsigned char hash[crypto_hash_sha512_BYTES];
  crypto_hash_sha512(hash, token, (unsigned long long)len);
  sodium_bin2hex(out, KNOX_DIGEST_HEX_LEN + 1, hash, sizeof hash);
  sodium_memzero(hash, sizeof hash);
}

int knox_token_key(const unsigned char *token, size_t len, size_t *key_len) {
  if (!header_utf8_valid(token, len)) return -1;
  size_t i = 0, chars = 0;
  while (i < len) {
    /* valid UTF-8: a code point starts at every byte that is not a continuation byte */
    if ((token[i] & 0xC0) != 0x80 && chars++ == KNOX_TOKEN_KEY_CHARS) break;
    i++;
  }
  *key_len = i;
  return 0;
}
