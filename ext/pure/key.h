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

#endif
