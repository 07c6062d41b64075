/*
** knox_mint.h: issuing django-rest-knox tokens: the prefix setting's check and a fresh token,
** prefix + 64 lowercase hex from libsodium's CSPRNG (+ an optional checksum tail, see
** checksum.h). Pure C (libsodium, no SQLite).
*/
#ifndef AUTHTOKEN_KNOX_MINT_H
#define AUTHTOKEN_KNOX_MINT_H

#include <stddef.h>

#include "checksum.h"

#define KNOX_PREFIX_MAX_CHARS 10                  /* knox CONSTANTS.MAXIMUM_TOKEN_PREFIX_LENGTH */
#define KNOX_PREFIX_MAX_BYTES (4 * KNOX_PREFIX_MAX_CHARS)
#define KNOX_RANDOM_BYTES 32                      /* AUTH_TOKEN_CHARACTER_LENGTH 64 / 2 */
#define KNOX_RANDOM_HEX_LEN (2 * KNOX_RANDOM_BYTES)
/* The longest token knox_mint writes, NUL not counted. */
#define KNOX_TOKEN_MAX (KNOX_PREFIX_MAX_BYTES + KNOX_RANDOM_HEX_LEN + CHECKSUM_LEN)

enum knox_prefix_status {
  KNOX_PREFIX_OK,
  KNOX_PREFIX_TOO_LONG,  /* more than 10 code points: knox's "Illegal TOKEN_PREFIX length" */
  KNOX_PREFIX_NOT_UTF8,  /* not strict UTF-8: knox's prefix is a Python str */
  KNOX_PREFIX_CONTROL    /* beyond knox: a space or an ASCII control character */
};

/* Checks prefix[0..len) as a prefix setting: knox's rule, len(TOKEN_PREFIX) <= 10 counted in
** code points, on strict UTF-8; and, beyond knox, no byte 0x00-0x20 or 0x7F, since no HTTP
** Authorization header can carry such a token whole (spaces split it; RFC 9110 field values
** exclude controls). The empty prefix is knox's default and is fine. */
enum knox_prefix_status knox_prefix_check(const unsigned char *prefix, size_t len);

/* What is wrong with a prefix, for "<function>: <message>", or NULL for KNOX_PREFIX_OK. */
const char *knox_prefix_message(enum knox_prefix_status status);

/* Writes a fresh token and a NUL into out: prefix, then 64 lowercase hex characters of 32
** bytes from randombytes_buf (knox's create_token_string(), binascii.hexlify(os.urandom(32))),
** then, if with_checksum, the 6-character tail of checksum.h. Returns its length in bytes, or
** 0 (out[0] = NUL) when knox_prefix_check() refuses the prefix. The random bytes are wiped;
** out holds a secret the caller wipes with sodium_memzero when done. */
size_t knox_mint(const unsigned char *prefix, size_t prefix_len, int with_checksum,
                 char out[KNOX_TOKEN_MAX + 1]);

#endif
