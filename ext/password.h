/*
** password.h: Django password hashes, checked and made in pure C (libsodium, no SQLite).
**
** password_verify is Django's check_password for the formats of its default
** PASSWORD_HASHERS (3.2 to 5.2): pbkdf2_sha256, pbkdf2_sha1, argon2 (argon2id and
** argon2i), bcrypt_sha256 and scrypt (Django 4.0+); plain bcrypt$ is not among them and
** verifies as 0. password_hash makes Django 5.2's default, pbkdf2_sha256 with 1,000,000
** iterations. Limits that guard against hostile stored hashes are listed at the top of
** password.c. sodium_init() must have been called first.
*/
#ifndef AUTHTOKEN_PASSWORD_H
#define AUTHTOKEN_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASH_MAX 160
#define PASSWORD_DEFAULT_ITERATIONS 1000000UL /* Django 5.2 */
#define PASSWORD_MAX_ITERATIONS 100000000UL   /* above this a pbkdf2 hash is refused */

/* Django's check_password: returns 1 if password matches the encoded hash, 0 otherwise
   (wrong password, unusable "!..." hash, unknown or unsupported algorithm, malformed or
   over-limit hash). Any bytes are safe in both arguments; neither needs a NUL. */
int password_verify(const char *password, size_t password_len, const char *encoded,
                    size_t encoded_len);

/* Writes "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>" (NUL-terminated) to out: salt is
   22 uniform random [A-Za-z0-9] characters, hash is the standard base64 of the 32-byte
   PBKDF2-HMAC-SHA256(password, salt as ASCII, iterations). Returns 0 on success, -1 if
   iterations is 0 or above PASSWORD_MAX_ITERATIONS or out_size is too small. */
int password_hash(const char *password, size_t password_len, unsigned long iterations, char *out,
                  size_t out_size);

/* Spends the time of one default-cost verification (PBKDF2-SHA256, 1,000,000 iterations),
   as Django does for a user that does not exist, so timing does not reveal usernames. */
void password_burn(const char *password, size_t password_len);

/* Returns 1 if this build and system can verify hashes whose algorithm prefix (the text
   before the first "$") is algorithm, e.g. "pbkdf2_sha256" or "bcrypt_sha256"; else 0. */
int password_algorithm_supported(const char *algorithm);

#endif /* AUTHTOKEN_PASSWORD_H */
