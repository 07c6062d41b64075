/*
** pbkdf2.h: PBKDF2-HMAC-SHA256 and PBKDF2-HMAC-SHA1 (RFC 8018), pure C, no SQLite.
**
** Both derive keys of any length from a password and salt of any length. The HMAC inner
** and outer states are computed once per call; each further iteration then costs exactly
** two compression-function calls on one pre-padded block. SHA-256 uses the x86 SHA-NI
** instructions when the CPU has them (checked once, with cpuid) and portable C otherwise.
** A long derivation can be watched (struct pbkdf2_poll): its caller counts the iterations
** computed and may stop it between chunks of PBKDF2_POLL_ITERATIONS iterations.
*/
#ifndef AUTHTOKEN_PBKDF2_H
#define AUTHTOKEN_PBKDF2_H

#include <stddef.h>
#include <stdint.h>

#define PBKDF2_SHA256_LEN 32
#define PBKDF2_SHA1_LEN 20

/* Iterations between two calls of a poll's stop function (about 1 ms with SHA-NI). */
#define PBKDF2_POLL_ITERATIONS 16384UL
/* Returned by the _poll functions when stop() asked them to stop. */
#define PBKDF2_STOPPED (-2)

/* Watches a derivation: stop (may be NULL) is called with arg after every
   PBKDF2_POLL_ITERATIONS iterations that leave work to do, and a non-zero answer abandons
   the derivation; iterations is increased by every iteration computed (per output block),
   so a caller can check how much work was done without timing it. */
struct pbkdf2_poll {
  int (*stop)(void *arg);
  void *arg;
  unsigned long long iterations;
};

/* Returns 0 and fills out[0..out_len) with PBKDF2-HMAC-SHA256; -1 (out untouched) if
   iterations is 0 or out_len is 0 or above 2^32-1 blocks. */
int pbkdf2_hmac_sha256(const void *password, size_t password_len, const void *salt, size_t salt_len,
                       unsigned long iterations, uint8_t *out, size_t out_len);

/* Same contract as pbkdf2_hmac_sha256, with HMAC-SHA1 (portable C only). */
int pbkdf2_hmac_sha1(const void *password, size_t password_len, const void *salt, size_t salt_len,
                     unsigned long iterations, uint8_t *out, size_t out_len);

/* The same two, watched by poll (NULL: not watched). They also return PBKDF2_STOPPED, with
   out wiped to zeros, when poll->stop asked them to stop. */
int pbkdf2_hmac_sha256_poll(const void *password, size_t password_len, const void *salt,
                            size_t salt_len, unsigned long iterations, uint8_t *out,
                            size_t out_len, struct pbkdf2_poll *poll);
int pbkdf2_hmac_sha1_poll(const void *password, size_t password_len, const void *salt,
                          size_t salt_len, unsigned long iterations, uint8_t *out, size_t out_len,
                          struct pbkdf2_poll *poll);

/* Returns "sha-ni" or "portable": the SHA-256 compression function in use right now. */
const char *pbkdf2_impl_name(void);

/* Test and benchmark hook: a non-zero argument forces the portable SHA-256 path, zero
   restores run-time selection. Not meant to be called while other threads derive keys. */
void pbkdf2_force_portable(int on);

/* ---- Internal: the SHA-NI path (ext/pure/sha256_shani.c), used only by pbkdf2.c. ---- */

/* SHA-256's 64 round constants (FIPS 180-4), shared by both code paths. */
extern const uint32_t sha256_round_constants[64];

/* Returns 1 if this CPU supports the SHA, SSSE3 and SSE4.1 instructions we use, else 0
   (always 0 when not built for x86). */
int sha256_shani_available(void);

/* One SHA-256 compression of the 16 message words w (already big-endian decoded) into
   state. Only call when sha256_shani_available() returned 1. */
void sha256_shani_compress(uint32_t state[8], const uint32_t w[16]);

/* PBKDF2 iterations 2..count+1 for one block: for each, u = HMAC(u) from the inner and
   outer states, then acc ^= u. u and acc are 8 digest words. SHA-NI only. */
void sha256_shani_pbkdf2_rounds(const uint32_t inner[8], const uint32_t outer[8], uint32_t u[8],
                                uint32_t acc[8], unsigned long count);

#endif /* AUTHTOKEN_PBKDF2_H */
