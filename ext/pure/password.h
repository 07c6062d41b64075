/*
** password.h: Django password hashes, checked and made in pure C (libsodium, no SQLite).
**
** password_verify is Django's check_password for the formats of its default
** PASSWORD_HASHERS (3.2 to 6.0): pbkdf2_sha256, pbkdf2_sha1, argon2 (argon2id and
** argon2i), bcrypt_sha256 and scrypt (Django 4.0+); plain bcrypt$ is not among them and
** verifies as 0. password_hash makes Django 5.2's default, pbkdf2_sha256 with 1,000,000
** iterations. Limits that guard against hostile stored hashes are listed at the top of
** password.c. A check can be watched (struct pbkdf2_poll, pbkdf2.h): PBKDF2 work is
** counted and can be stopped; the other algorithms are only asked before they start.
** sodium_init() must have been called first.
*/
#ifndef AUTHTOKEN_PASSWORD_H
#define AUTHTOKEN_PASSWORD_H

#include <stddef.h>

#include "pbkdf2.h"

#define PASSWORD_HASH_MAX 160
#define PASSWORD_DEFAULT_ITERATIONS 1000000UL /* Django 5.2 */
#define PASSWORD_MAX_ITERATIONS 10000000UL    /* above this a pbkdf2_sha256 hash is refused */
#define PASSWORD_STOPPED (-1)                 /* a watched check was told to stop */

/* Django's check_password: returns 1 if password matches the encoded hash, 0 otherwise
   (wrong password, unusable "!..." hash, unknown or unsupported algorithm, malformed or
   over-limit hash), PASSWORD_STOPPED if poll (NULL: not watched) said stop. A failed check
   of a pbkdf2_sha256 hash weaker than the default is padded to the default cost
   (password_harden_iterations). Any bytes are safe in both arguments; neither needs a NUL. */
int password_check(const char *password, size_t password_len, const char *encoded,
                   size_t encoded_len, struct pbkdf2_poll *poll);

/* The verification alone: password_check without the padding and not watched; 1 or 0
   (the unit tests and the fuzzer, which would otherwise pad every weak random hash). */
int password_verify(const char *password, size_t password_len, const char *encoded,
                    size_t encoded_len);

/* Django's harden_runtime: the PBKDF2-SHA256 iterations a failed check of encoded adds,
   PASSWORD_DEFAULT_ITERATIONS minus the stored count for a pbkdf2_sha256 hash with fewer;
   0 for anything else (other algorithms, as in Django; refused hashes). */
unsigned long password_harden_iterations(const char *encoded, size_t encoded_len);

/* Returns 1 if encoded would be checked (known algorithm within its limits), 0 if it is
   refused without any work (unusable, unknown, malformed, over a limit, NUL byte). */
int password_usable(const char *encoded, size_t encoded_len);

/* A login's check (Django's ModelBackend, its timing made even): an unknown user (encoded
   NULL) or a hash that password_usable refuses costs one default hash (password_burn) and
   gives 0; otherwise password_check. Returns 1, 0 or PASSWORD_STOPPED. */
int password_login_check(const char *password, size_t password_len, const char *encoded,
                         size_t encoded_len, struct pbkdf2_poll *poll);

/* Writes "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>" (NUL-terminated) to out: salt is
   22 uniform random [A-Za-z0-9] characters, hash is the standard base64 of the 32-byte
   PBKDF2-HMAC-SHA256(password, salt as ASCII, iterations). Returns 0 on success, -1 if
   iterations is 0 or above PASSWORD_MAX_ITERATIONS or out_size is too small. Not watched. */
int password_hash(const char *password, size_t password_len, unsigned long iterations, char *out,
                  size_t out_size);

/* Spends the time of one default-cost verification (PBKDF2-SHA256, 1,000,000 iterations),
   as Django does for a user that does not exist, so timing does not reveal usernames.
   Returns 0, or PASSWORD_STOPPED if poll said stop. */
int password_burn(const char *password, size_t password_len, struct pbkdf2_poll *poll);

/* Returns 1 if this build and system can verify hashes whose algorithm prefix (the text
   before the first "$") is algorithm, e.g. "pbkdf2_sha256" or "bcrypt_sha256"; else 0. */
int password_algorithm_supported(const char *algorithm);

#endif /* AUTHTOKEN_PASSWORD_H */
