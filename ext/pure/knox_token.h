/*
** knox_token.h: what django-rest-knox stores for a token (knox 5.0.2, knox/crypto.py and
** knox/models.py): the digest, SHA-512 hex of the whole token's UTF-8 bytes, and the
** token_key, the token's first 15 code points. Pure C (libsodium, no SQLite).
*/
#ifndef AUTHTOKEN_KNOX_TOKEN_H
#define AUTHTOKEN_KNOX_TOKEN_H

#include <stddef.h>

#define KNOX_DIGEST_HEX_LEN 128   /* knox CONSTANTS.DIGEST_LENGTH */
#define KNOX_TOKEN_KEY_CHARS 15   /* knox CONSTANTS.TOKEN_KEY_LENGTH, in code points */
#define KNOX_TOKEN_KEY_MAX_BYTES (4 * KNOX_TOKEN_KEY_CHARS)

/* knox's hash_token(token): writes sha512(token).hexdigest() of token[0..len) (any bytes),
** 128 lowercase hex characters and a NUL, into out. */
void knox_digest(const unsigned char *token, size_t len, char out[KNOX_DIGEST_HEX_LEN + 1]);

/* knox's token[:15] on the decoded str: sets *key_len to the bytes of the first 15 code
** points of token[0..len) (all of it when shorter) and returns 0. Returns -1, *key_len
** untouched, when token[0..len) is not strict UTF-8 anywhere (knox decodes the whole token
** first and fails there with UnicodeDecodeError; a caller answers as DRF does). */
int knox_token_key(const unsigned char *token, size_t len, size_t *key_len);

#endif
