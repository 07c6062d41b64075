/*
** password.c: Django's check_password and make_password (pbkdf2_sha256), pure C with
** libsodium, no SQLite. API and return values: password.h.
**
** Formats, as Django 3.2-5.2 writes them (verify re-derives and compares in constant time):
**   pbkdf2_sha256$<iter>$<salt>$<b64>  PBKDF2-HMAC-SHA256, salt used as its bytes, 32 bytes
**   pbkdf2_sha1$<iter>$<salt>$<b64>    same with HMAC-SHA1, 20 bytes
**       Django re-encodes "%d" of the iterations and compares whole strings, so only the
**       canonical decimal matches (no sign, no leading zero); the hash must be exactly the
**       padded standard base64 of the digest; the salt must be non-empty.
**   argon2$argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>  (and argon2$argon2i$...)
**       the PHC string after "argon2" goes to libsodium's crypto_pwhash_*_str_verify.
**       Not supported (always 0): argon2d, and pre-v=19 hashes (Django 1.10 era).
**   scrypt$<N>$<salt>$<r>$<p>$<b64>   Django 4.0+: scrypt (libsodium's ..._ll), 64 bytes,
**       canonical decimals as for pbkdf2; N a power of two >= 2. Django passes maxmem=0,
**       so OpenSSL refuses N, r, p needing over 32 MiB (128*r*(N+2) + 128*r*p bytes)
**       and, for r <= 3, N >= 2^(16*r): those are refused here too (0).
**   bcrypt_sha256$$2b$<cost>$<53 chars>  bcrypt of the hex SHA-256 of the password
**       bcrypt comes from the system's libcrypt (libxcrypt), loaded with dlopen on first
**       use; without it this is unsupported and verifies as 0.
**   Plain bcrypt$ (BCryptPasswordHasher) is not among Django's default PASSWORD_HASHERS,
**   so Django refuses such a login: so do we (0), as tests/django checks.
**   "!..." (unusable) and anything else: 0.
**
** Limits against hostile stored hashes (Django itself has none; none are reachable by its
** own defaults): whole hash at most 4096 bytes and no NUL byte; pbkdf2 iterations at most
** PASSWORD_MAX_ITERATIONS (100 million, 100x Django 5.2's default); argon2 m at most
** 1 GiB (1048576 KiB), t at most 64, p at most 255; scrypt p at most 16 (memory is
** bounded by the 32 MiB rule above); bcrypt cost at most 18.
** Buffers that held a password, derived key or digest are wiped with sodium_memzero.
*/
#include "password.h"

#include "pbkdf2.h"

#include <dlfcn.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENCODED_MAX 4096
#define ARGON2_MAX_M 1048576UL
#define ARGON2_MAX_T 64UL
#define ARGON2_MAX_P 255UL
#define BCRYPT_MAX_COST 18UL
#define SCRYPT_MAX_MEM (32UL * 1024 * 1024) /* OpenSSL's default maxmem, Django's 0 */
#define SCRYPT_MAX_P 16UL
#define SALT_CHARS 22
#define CRYPT_BUF_SIZE (256 * 1024) /* >= sizeof(struct crypt_data) in glibc and libxcrypt */

/* A byte range inside the encoded hash. */
struct span {
  const char *p;
  size_t n;
};

/* Splits s on '$' like Python's s.split("$", max_fields - 1): returns the number of fields
   (at most max_fields; the last one keeps any further '$'). */
static int split_fields(const char *s, size_t n, struct span *f, int max_fields) {
  int count = 0;
  while (count < max_fields - 1) {
    const char *d = memchr(s, '$', n);
    if (!d) break;
    f[count].p = s;
    f[count++].n = (size_t)(d - s);
    n -= (size_t)(d - s) + 1;
    s = d + 1;
  }
  f[count].p = s;
  f[count++].n = n;
  return count;
}

/* Returns 1 if the span equals the NUL-terminated string lit. */
static int span_is(struct span f, const char *lit) {
  return f.n == strlen(lit) && memcmp(f.p, lit, f.n) == 0;
}

/* Parses a canonical decimal (digits only, no leading zero) in 1..max into *out: returns
   0, or -1 if f is anything else. */
static int parse_count(struct span f, unsigned long max, unsigned long *out) {
  unsigned long v = 0;
  size_t i;
  if (f.n == 0 || f.n > 12 || f.p[0] == '0') return -1;
  for (i = 0; i < f.n; i++) {
    if (f.p[i] < '0' || f.p[i] > '9') return -1;
    v = v * 10 + (unsigned long)(f.p[i] - '0');
  }
  if (v > max) return -1;
  *out = v;
  return 0;
}

/* ---- pbkdf2_sha256 / pbkdf2_sha1 ---- */

/* Returns 1 if want (the stored base64 text) is exactly the padded base64 of digest
   (len at most 64). */
static int b64_matches(const unsigned char *digest, size_t len, struct span want) {
  char b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
  int ok;
  if (len > 64) return 0;
  sodium_bin2base64(b64, sizeof b64, digest, len, sodium_base64_VARIANT_ORIGINAL);
  ok = want.n == strlen(b64) && sodium_memcmp(b64, want.p, want.n) == 0;
  sodium_memzero(b64, sizeof b64);
  return ok;
}

/* Verifies a pbkdf2_sha256 (sha1 == 0) or pbkdf2_sha1 hash already split in 4 fields. */
static int verify_pbkdf2(const char *pw, size_t pw_len, const struct span *f, int sha1) {
  unsigned char digest[PBKDF2_SHA256_LEN];
  size_t len = sha1 ? PBKDF2_SHA1_LEN : PBKDF2_SHA256_LEN;
  unsigned long iterations;
  int ok, rc;
  if (parse_count(f[1], PASSWORD_MAX_ITERATIONS, &iterations) != 0) return 0;
  if (f[2].n == 0) return 0;
  if (sha1)
    rc = pbkdf2_hmac_sha1(pw, pw_len, f[2].p, f[2].n, iterations, digest, len);
  else
    rc = pbkdf2_hmac_sha256(pw, pw_len, f[2].p, f[2].n, iterations, digest, len);
  ok = rc == 0 && b64_matches(digest, len, f[3]);
  sodium_memzero(digest, sizeof digest);
  return ok;
}

/* ---- scrypt ---- */

/* Returns 1 if OpenSSL (hence Django, with maxmem=0) accepts these scrypt parameters. */
static int scrypt_params_ok(unsigned long n, unsigned long r, unsigned long p) {
  if (n < 2 || (n & (n - 1)) != 0) return 0;
  if (r <= 3 && n >= (1UL << (16 * r))) return 0;
  if (n + 2 > SCRYPT_MAX_MEM / 128 / r) return 0;
  return 128 * r * (n + 2) + 128 * r * p <= SCRYPT_MAX_MEM;
}

/* Verifies "scrypt$<N>$<salt>$<r>$<p>$<b64 of 64 bytes>" split in 6 fields. */
static int verify_scrypt(const char *pw, size_t pw_len, const struct span *f) {
  unsigned char digest[64];
  unsigned long n, r, p;
  int ok;
  if (parse_count(f[1], SCRYPT_MAX_MEM, &n) != 0 || f[2].n == 0 ||
      parse_count(f[3], SCRYPT_MAX_MEM, &r) != 0 || parse_count(f[4], SCRYPT_MAX_P, &p) != 0 ||
      !scrypt_params_ok(n, r, p))
    return 0;
  ok = crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pw, pw_len, (const uint8_t *)f[2].p,
                                             f[2].n, n, (uint32_t)r, (uint32_t)p, digest,
                                             sizeof digest) == 0 &&
       b64_matches(digest, sizeof digest, f[5]);
  sodium_memzero(digest, sizeof digest);
  return ok;
}

/* ---- argon2 ---- */

/* Checks "m=<m>,t=<t>,p=<p>" against the limits: returns 0 if within, -1 otherwise. */
static int argon2_params_ok(struct span f) {
  static const char names[3] = {'m', 't', 'p'};
  static const unsigned long max[3] = {ARGON2_MAX_M, ARGON2_MAX_T, ARGON2_MAX_P};
  const char *s = f.p, *end = f.p + f.n;
  unsigned long v;
  int i;
  for (i = 0; i < 3; i++) {
    const char *c = memchr(s, ',', (size_t)(end - s));
    const char *stop = c ? c : end;
    if ((i < 2) != (c != NULL)) return -1; /* exactly two commas */
    if (stop - s < 2 || s[0] != names[i] || s[1] != '=') return -1;
    if (parse_count((struct span){s + 2, (size_t)(stop - s - 2)}, max[i], &v) != 0) return -1;
    if (c) s = c + 1;
  }
  return 0;
}

/* Verifies "argon2$argon2id$v=19$m=..,t=..,p=..$salt$hash" (or argon2i) with libsodium. */
static int verify_argon2(const char *pw, size_t pw_len, const char *enc, size_t enc_len) {
  char phc[256];
  struct span f[7];
  int n, id, ok;
  const char *rest = enc + 6; /* after "argon2", starts with '$' */
  size_t rest_len = enc_len - 6;
  if (rest_len >= sizeof phc) return 0;
  n = split_fields(rest, rest_len, f, 7);
  if (n != 6 || f[0].n != 0 || !span_is(f[2], "v=19")) return 0;
  id = span_is(f[1], "argon2id");
  if (!id && !span_is(f[1], "argon2i")) return 0;
  if (argon2_params_ok(f[3]) != 0) return 0;
  memset(phc, 0, sizeof phc);
  memcpy(phc, rest, rest_len);
  if (id)
    ok = crypto_pwhash_argon2id_str_verify(phc, pw, pw_len) == 0;
  else
    ok = crypto_pwhash_argon2i_str_verify(phc, pw, pw_len) == 0;
  sodium_memzero(phc, sizeof phc);
  return ok;
}

/* ---- bcrypt through the system libcrypt ---- */

typedef char *(*crypt_rn_fn)(const char *, const char *, void *, int);
typedef char *(*crypt_r_fn)(const char *, const char *, void *);

static pthread_once_t crypt_once = PTHREAD_ONCE_INIT;
static crypt_rn_fn sys_crypt_rn;
static crypt_r_fn sys_crypt_r;
static int bcrypt_works;

/* Runs crypt on phrase/setting into a wiped heap buffer; copies the result (at most
   out_size - 1 bytes) to out. Returns 0, or -1 if crypt failed or is missing. */
static int run_crypt(const char *phrase, const char *setting, char *out, size_t out_size) {
  char *data = calloc(1, CRYPT_BUF_SIZE), *r = NULL;
  int rc = -1;
  if (!data) return -1;
  if (sys_crypt_rn)
    r = sys_crypt_rn(phrase, setting, data, CRYPT_BUF_SIZE);
  else if (sys_crypt_r)
    r = sys_crypt_r(phrase, setting, data);
  if (r && r[0] != '*' && strlen(r) < out_size) {
    memcpy(out, r, strlen(r) + 1);
    rc = 0;
  }
  sodium_memzero(data, CRYPT_BUF_SIZE);
  free(data);
  return rc;
}

/* Loads libcrypt once and checks that it really does $2b$ bcrypt. */
static void crypt_load(void) {
  static const char setting[] = "$2b$04$abcdefghijklmnopqrstuu";
  char out[128];
  void *h = dlopen("libcrypt.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!h) h = dlopen("libcrypt.so.2", RTLD_NOW | RTLD_LOCAL);
  if (!h) return;
  sys_crypt_rn = (crypt_rn_fn)dlsym(h, "crypt_rn");
  if (!sys_crypt_rn) sys_crypt_r = (crypt_r_fn)dlsym(h, "crypt_r");
  bcrypt_works = run_crypt("x", setting, out, sizeof out) == 0 && strlen(out) == 60 &&
                 memcmp(out, setting, 7) == 0;
}

/* Returns 1 if bcrypt is available from the system. */
static int bcrypt_available(void) {
  pthread_once(&crypt_once, crypt_load);
  return bcrypt_works;
}

/* Verifies the bcrypt string data ("$2b$12$..." after the Django prefix) for phrase,
   a NUL-terminated string. */
static int bcrypt_check(const char *phrase, struct span data) {
  char setting[64], out[128];
  struct span f[4];
  unsigned long cost;
  int ok;
  if (data.n != 60 || !bcrypt_available()) return 0;
  if (split_fields(data.p, data.n, f, 4) != 4 || f[0].n != 0 || f[1].n != 2) return 0;
  if (f[1].p[0] != '2' || f[2].n != 2 || f[3].n != 53) return 0;
  if (f[2].p[0] < '0' || f[2].p[0] > '9' || f[2].p[1] < '0' || f[2].p[1] > '9') return 0;
  cost = (unsigned long)(f[2].p[0] - '0') * 10 + (unsigned long)(f[2].p[1] - '0');
  if (cost < 4 || cost > BCRYPT_MAX_COST) return 0;
  memcpy(setting, data.p, data.n);
  setting[data.n] = '\0';
  ok = run_crypt(phrase, setting, out, sizeof out) == 0 && strlen(out) == data.n &&
       sodium_memcmp(out, data.p, data.n) == 0;
  sodium_memzero(out, sizeof out);
  return ok;
}

/* Verifies bcrypt_sha256 (bcrypt of the hex SHA-256 of the password); data is the field
   after "bcrypt_sha256$". */
static int verify_bcrypt_sha256(const char *pw, size_t pw_len, struct span data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  crypto_hash_sha256(digest, (const unsigned char *)pw, pw_len);
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  int ok = bcrypt_check(hex, data);
  sodium_memzero(digest, sizeof digest);
  sodium_memzero(hex, sizeof hex);
  return ok;
}

/* ---- public API ---- */

int password_verify(const char *password, size_t password_len, const char *encoded,
                    size_t encoded_len) {
  struct span f[7];
  int n;
  if (!encoded || (!password && password_len)) return 0;
  if (!password) password = "";
  if (encoded_len == 0 || encoded_len > ENCODED_MAX || encoded[0] == '!') return 0;
  if (memchr(encoded, '\0', encoded_len)) return 0;
  n = split_fields(encoded, encoded_len, f, 4);
  if (n == 4 && span_is(f[0], "pbkdf2_sha256")) return verify_pbkdf2(password, password_len, f, 0);
  if (n == 4 && span_is(f[0], "pbkdf2_sha1")) return verify_pbkdf2(password, password_len, f, 1);
  if (n >= 2 && span_is(f[0], "argon2"))
    return verify_argon2(password, password_len, encoded, encoded_len);
  n = split_fields(encoded, encoded_len, f, 7);
  if (n == 6 && span_is(f[0], "scrypt")) return verify_scrypt(password, password_len, f);
  n = split_fields(encoded, encoded_len, f, 2);
  if (n == 2 && span_is(f[0], "bcrypt_sha256"))
    return verify_bcrypt_sha256(password, password_len, f[1]);
  return 0;
}

/* Fills salt[0..SALT_CHARS) with uniform random [A-Za-z0-9] and NUL-terminates it. */
static void random_salt(char salt[SALT_CHARS + 1]) {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  int i;
  for (i = 0; i < SALT_CHARS; i++)
    salt[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
  salt[SALT_CHARS] = '\0';
}

int password_hash(const char *password, size_t password_len, unsigned long iterations, char *out,
                  size_t out_size) {
  unsigned char digest[PBKDF2_SHA256_LEN];
  char salt[SALT_CHARS + 1], b64[64];
  int n = -1;
  if (!out || (!password && password_len)) return -1;
  if (iterations == 0 || iterations > PASSWORD_MAX_ITERATIONS) return -1;
  random_salt(salt);
  if (pbkdf2_hmac_sha256(password ? password : "", password_len, salt, SALT_CHARS, iterations,
                         digest, sizeof digest) == 0) {
    sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
    n = snprintf(out, out_size, "pbkdf2_sha256$%lu$%s$%s", iterations, salt, b64);
  }
  sodium_memzero(digest, sizeof digest);
  sodium_memzero(b64, sizeof b64);
  if (n < 0 || (size_t)n >= out_size) {
    if (out_size > 0) sodium_memzero(out, out_size);
    return -1;
  }
  return 0;
}

void password_burn(const char *password, size_t password_len) {
  static const char salt[] = "authtokenBurnSalt00000";
  unsigned char digest[PBKDF2_SHA256_LEN];
  if (!password) password_len = 0;
  (void)pbkdf2_hmac_sha256(password ? password : "", password_len, salt, sizeof salt - 1,
                           PASSWORD_DEFAULT_ITERATIONS, digest, sizeof digest);
  sodium_memzero(digest, sizeof digest);
}

int password_algorithm_supported(const char *algorithm) {
  if (!algorithm) return 0;
  if (!strcmp(algorithm, "pbkdf2_sha256") || !strcmp(algorithm, "pbkdf2_sha1") ||
      !strcmp(algorithm, "argon2") || !strcmp(algorithm, "scrypt"))
    return 1;
  if (!strcmp(algorithm, "bcrypt_sha256")) return bcrypt_available();
  return 0;
}
