/*
** checksum.h: a GitHub-style checksum tail for tokens: 6 base62 characters of the CRC-32 of
** everything before them, so that a mistyped or made-up token is rejected without a
** database lookup. Pure C (libsodium, no SQLite).
**
** The format, exactly:
**   - CRC-32 is the IEEE 802.3 one (zlib's crc32, Python's zlib.crc32, Go's
**     crc32.ChecksumIEEE): reflected polynomial 0xEDB88320, initial value 0xFFFFFFFF, final
**     XOR 0xFFFFFFFF. It covers every byte before the tail: the UTF-8 of prefix + random part.
**   - The 32-bit value is written as a number in base 62, most significant digit first,
**     left-padded with '0' to exactly 6 digits (62^6 > 2^32), alphabet
**     "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" (digit value = index).
**     Example: CRC-32("123456789") = 0xCBF43926 = 3421780262 gives "3jZRME".
** GitHub's tokens (ghp_...) use the same CRC, alphabet and padding; their published
** reimplementations leave the fixed 4-character prefix out of the CRC. Here the prefix is
** covered too, since it is variable and a mistyped prefix should fail as early.
*/
#ifndef AUTHTOKEN_CHECKSUM_H
#define AUTHTOKEN_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#define CHECKSUM_LEN 6

/* CRC-32 (IEEE) of s[0..n). */
uint32_t checksum_crc32(const unsigned char *s, size_t n);

/* Writes crc as 6 base62 digits into out (no NUL). */
void checksum_encode(uint32_t crc, char out[CHECKSUM_LEN]);

/* Writes the tail of body[0..n), checksum_encode(checksum_crc32(body)), into out (no NUL). */
void checksum_tail(const unsigned char *body, size_t n, char out[CHECKSUM_LEN]);

/* 1 if token[0..n) ends with the tail of what comes before it (n > 6), else 0. A tail that
** is not in the alphabet, or that encodes a value above 2^32 - 1, never matches. */
int checksum_verify(const unsigned char *token, size_t n);

#endif
