/*
** key.h: token keys, DRF's format: 20 bytes from libsodium's CSPRNG as 40 lowercase hex
** characters. Pure C (libsodium, no SQLite).
*/
#ifndef AUTHTOKEN_KEY_H
#define AUTHTOKEN_KEY_H

#include <stddef.h>

#define KEY_RANDOM_BYTES 20
#define KEY_HEX_LEN (2 * KEY_RANDOM_BYTES)

/* Writes a fresh key and a terminating NUL into out[KEY_HEX_LEN + 1]. */
void key_generate(char out[KEY_HEX_LEN + 1]);

/* 1 if s[0..len) has DRF's generated shape (40 lowercase hex characters), else 0.
** Only for tests and diagnostics: lookups accept any key, as DRF does. */
int key_is_drf_shaped(const char *s, size_t len);

#endif
