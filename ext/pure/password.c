/*
** password.c: Django's check_password and make_password (pbkdf2_sha256), pure C with
** libsodium, no SQLite. API and return values: password.h.
**
** Formats, as Django 1.10-6.0 writes them (verify re-derives and compares in constant time):
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
** Limits against hostile stored hashes (Django itself has none). Each accepts what every
** Django release writes by default, with a margin, and refuses the rest (0, no work done):
**   pbkdf2_sha256  iterations <= 10,000,000 (Django 3.2: 260,000; 5.2: 1,000,000;
**                  6.0: 1,200,000); interruptible (struct pbkdf2_poll)
**   pbkdf2_sha1    iterations <= 2,500,000 (Django writes it with pbkdf2_sha256's count;
**                  SHA-1 here is portable C, ~8x slower per iteration); interruptible
**   argon2         m <= 262,144 KiB (256 MiB), t <= 4, p <= 16 (Django 1.10-3.1: m=512,
**                  t=2, p=2; 3.2-6.0: m=102,400, t=2, p=8); libsodium cannot be stopped
**                  mid-call, so these bound its time and memory
**   scrypt         memory <= 32 MiB (OpenSSL's rule above), N*r*p <= 2^20, p <= 16
**                  (Django 4.0-6.0: N=2^14, r=8, p=1, work 2^17); not interruptible
**   bcrypt_sha256  cost 4..13 (Django: 12 in every release); not interruptible
**   whole hash at most 4096 bytes, no NUL byte.
** The time each costs on the bench machine: README, "Password costs" (make bench).
**
** Timing (Django's harden_runtime): a failed check of a pbkdf2_sha256 hash with fewer
** iterations than the default (1,000,000) runs the missing iterations on the same salt, so
** it costs a default check. password_login_check goes further for logins: an unknown user
** or a hash refused without work (unusable, unknown, malformed, over a limit) costs one
** default hash too. Other algorithms cost what they cost, as in Django.
** Buffers that held a password, derived key or digest are wiped with sodium_memzero.
*/
#include "password.h"

#include <dlfcn.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENCODED_MAX 4096
#define SHA1_MAX_ITERATIONS 2500000UL
#define ARGON2_MAX_M 262144UL
#define ARGON2_MAX_T 4UL
#define ARGON2_MAX_P 16UL
#define BCRYPT_MAX_COST 13UL
#define SCRYPT_MAX_MEM (32UL * 1024 * 1024) /* OpenSSL's default maxmem, Django's 0 */
#define SCRYPT_MAX_P 16UL
#define SCRYPT_MAX_WORK (1UL << 20) /* N*r*p: 8x Django's 2^14 * 8 * 1 */
#define SALT_CHARS 22
#define CRYPT_BUF_SIZE (256 * 1024) /* >= sizeof(struct crypt_data) in glibc and libxcrypt */

/* A byte range inside the encoded hash. */
struct span {
  const char *p;
  size_t n;
};

/* The algorithms we check. */
enum kind { PBKDF2_SHA256, PBKDF2_SHA1, ARGON2ID, ARGON2I, SCRYPT, BCRYPT_SHA256 };

/* A stored hash that parsed and is within its algorithm's limits. */
struct parsed {
  enum kind kind;
  struct span f[7];      /* its '$' fields, split as its algorithm needs */
  unsigned long n, r, p; /* pbkdf2: n iterations; scrypt: N, r, p */
  struct span phc;       /* argon2: the PHC string after "argon2" */
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

/* Returns 1 if poll asks to stop now (poll and its stop function are optional). */
static int must_stop(struct pbkdf2_poll *poll) {
  return poll && poll->stop && poll->stop(poll->arg);
}

/* ---- pbkdf2_sha256 / pbkdf2_sha1 ---- */

/* Fields 1 and 2 of a pbkdf2 hash split in 4: iterations within max, a non-empty salt. */
static int parse_pbkdf2(struct parsed *h, enum kind kind, unsigned long max) {
  h->kind = kind;
  if (parse_count(h->f[1], max, &h->n) != 0) return -1;
  return h->f[2].n == 0 ? -1 : 0;
}

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

/* Checks a parsed pbkdf2 hash: 1, 0, or PASSWORD_STOPPED. */
static int verify_pbkdf2(const char *pw, size_t pw_len, const struct parsed *h,
                         struct pbkdf2_poll *poll) {
  unsigned char digest[PBKDF2_SHA256_LEN];
  int sha1 = h->kind == PBKDF2_SHA1, ok, rc;
  size_t len = sha1 ? PBKDF2_SHA1_LEN : PBKDF2_SHA256_LEN;
  if (sha1)
    rc = pbkdf2_hmac_sha1_poll(pw, pw_len, h->f[2].p, h->f[2].n, h->n, digest, len, poll);
  else
    rc = pbkdf2_hmac_sha256_poll(pw, pw_len, h->f[2].p, h->f[2].n, h->n, digest, len, poll);
  ok = rc == PBKDF2_STOPPED ? PASSWORD_STOPPED : rc == 0 && b64_matches(digest, len, h->f[3]);
  sodium_memzero(digest, sizeof digest);
  return ok;
}

/* ---- scrypt ---- */

/* Returns 1 if OpenSSL (hence Django, with maxmem=0) accepts these scrypt parameters and
   their work N*r*p is within SCRYPT_MAX_WORK. */
static int scrypt_params_ok(unsigned long n, unsigned long r, unsigned long p) {
  if (n < 2 || (n & (n - 1)) != 0) return 0;
  if (r <= 3 && n >= (1UL << (16 * r))) return 0;
  if (n + 2 > SCRYPT_MAX_MEM / 128 / r) return 0;
  if (n * r > SCRYPT_MAX_WORK / p) return 0;
  return 128 * r * (n + 2) + 128 * r * p <= SCRYPT_MAX_MEM;
}

/* "scrypt$<N>$<salt>$<r>$<p>$<b64>" split in 6 fields: N, r, p within the limits. */
static int parse_scrypt(struct parsed *h) {
  h->kind = SCRYPT;
  if (parse_count(h->f[1], SCRYPT_MAX_MEM, &h->n) != 0 || h->f[2].n == 0 ||
      parse_count(h->f[3], SCRYPT_MAX_MEM, &h->r) != 0 ||
      parse_count(h->f[4], SCRYPT_MAX_P, &h->p) != 0 || !scrypt_params_ok(h->n, h->r, h->p))
    return -1;
  return 0;
}

/* Checks a parsed scrypt hash (64-byte key). */
static int verify_scrypt(const char *pw, size_t pw_len, const struct parsed *h) {
  unsigned char digest[64];
  int ok = crypto_pwhash_scryptsalsa208sha256_ll(
               (const uint8_t *)pw, pw_len, (const uint8_t *)h->f[2].p, h->f[2].n, h->n,
               (uint32_t)h->r, (uint32_t)h->p, digest, sizeof digest) == 0 &&
           b64_matches(digest, sizeof digest, h->f[5]);
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

/* "argon2$argon2id$v=19$m=..,t=..,p=..$salt$hash" (or argon2i) within the limits. */
static int parse_argon2(const char *enc, size_t enc_len, struct parsed *h) {
  h->phc = (struct span){enc + 6, enc_len - 6}; /* after "argon2", starts with '$' */
  if (h->phc.n >= 256) return -1;
  if (split_fields(h->phc.p, h->phc.n, h->f, 7) != 6 || h->f[0].n != 0) return -1;
  if (!span_is(h->f[2], "v=19") || argon2_params_ok(h->f[3]) != 0) return -1;
  if (span_is(h->f[1], "argon2id"))
    h->kind = ARGON2ID;
  else if (span_is(h->f[1], "argon2i"))
    h->kind = ARGON2I;
  else
    return -1;
  return 0;
}

/* Checks a parsed argon2 hash with libsodium. */
static int verify_argon2(const char *pw, size_t pw_len, const struct parsed *h) {
  char phc[256];
  int ok;
  memset(phc, 0, sizeof phc);
  memcpy(phc, h->phc.p, h->phc.n);
  if (h->kind == ARGON2ID)
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

/* "bcrypt_sha256$$2b$<cost>$<53 chars>" split in 2 fields: the bcrypt string (field 1) is
   well formed, its cost within the limits, and the system has bcrypt. */
static int parse_bcrypt(struct parsed *h) {
  struct span data = h->f[1], b[4];
  h->kind = BCRYPT_SHA256;
  if (data.n != 60 || !bcrypt_available()) return -1;
  if (split_fields(data.p, data.n, b, 4) != 4 || b[0].n != 0 || b[1].n != 2) return -1;
  if (b[1].p[0] != '2' || b[2].n != 2 || b[3].n != 53) return -1;
  if (b[2].p[0] < '0' || b[2].p[0] > '9' || b[2].p[1] < '0' || b[2].p[1] > '9') return -1;
  h->n = (unsigned long)(b[2].p[0] - '0') * 10 + (unsigned long)(b[2].p[1] - '0');
  return h->n < 4 || h->n > BCRYPT_MAX_COST ? -1 : 0;
}

/* Checks a parsed bcrypt_sha256 hash: bcrypt of the hex SHA-256 of the password. */
static int verify_bcrypt_sha256(const char *pw, size_t pw_len, const struct parsed *h) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  char hex[2 * crypto_hash_sha256_BYTES + 1], setting[64], out[128];
  struct span data = h->f[1];
  int ok;
  crypto_hash_sha256(digest, (const unsigned char *)pw, pw_len);
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  memcpy(setting, data.p, data.n);
  setting[data.n] = '\0';
  ok = run_crypt(hex, setting, out, sizeof out) == 0 && strlen(out) == data.n &&
       sodium_memcmp(out, data.p, data.n) == 0;
  sodium_memzero(digest, sizeof digest);
  sodium_memzero(hex, sizeof hex);
  sodium_memzero(out, sizeof out);
  return ok;
}

/* ---- identify, check, harden ---- */

/* Identifies and parses an encoded hash: 0, or -1 if it is refused without any work
   (NULL, empty, too long, a NUL byte, unusable, unknown, malformed or over a limit). */
static int parse_hash(const char *enc, size_t len, struct parsed *h) {
  int n;
  if (!enc || len == 0 || len > ENCODED_MAX || enc[0] == '!' || memchr(enc, '\0', len)) return -1;
  n = split_fields(enc, len, h->f, 4);
  if (n == 4 && span_is(h->f[0], "pbkdf2_sha256"))
    return parse_pbkdf2(h, PBKDF2_SHA256, PASSWORD_MAX_ITERATIONS);
  if (n == 4 && span_is(h->f[0], "pbkdf2_sha1"))
    return parse_pbkdf2(h, PBKDF2_SHA1, SHA1_MAX_ITERATIONS);
  if (n >= 2 && span_is(h->f[0], "argon2")) return parse_argon2(enc, len, h);
  n = split_fields(enc, len, h->f, 7);
  if (n == 6 && span_is(h->f[0], "scrypt")) return parse_scrypt(h);
  n = split_fields(enc, len, h->f, 2);
  if (n == 2 && span_is(h->f[0], "bcrypt_sha256")) return parse_bcrypt(h);
  return -1;
}

/* Checks pw against a parsed hash: 1, 0, or PASSWORD_STOPPED (poll said stop). */
static int verify_parsed(const char *pw, size_t pw_len, const struct parsed *h,
                         struct pbkdf2_poll *poll) {
  if (h->kind == PBKDF2_SHA256 || h->kind == PBKDF2_SHA1) return verify_pbkdf2(pw, pw_len, h, poll);
  if (must_stop(poll)) return PASSWORD_STOPPED; /* the rest cannot be stopped once started */
  if (h->kind == SCRYPT) return verify_scrypt(pw, pw_len, h);
  if (h->kind == BCRYPT_SHA256) return verify_bcrypt_sha256(pw, pw_len, h);
  return verify_argon2(pw, pw_len, h);
}

/* Django's harden_runtime for a parsed hash: the iterations a failed check adds. */
static unsigned long harden_iterations(const struct parsed *h) {
  if (h->kind != PBKDF2_SHA256 || h->n >= PASSWORD_DEFAULT_ITERATIONS) return 0;
  return PASSWORD_DEFAULT_ITERATIONS - h->n;
}

/* Runs extra iterations of PBKDF2-SHA256 on salt, for their time only: 0 or
   PASSWORD_STOPPED. */
static int spend(const char *pw, size_t pw_len, const char *salt, size_t salt_len,
                 unsigned long extra, struct pbkdf2_poll *poll) {
  unsigned char digest[PBKDF2_SHA256_LEN];
  int rc = pbkdf2_hmac_sha256_poll(pw, pw_len, salt, salt_len, extra, digest, sizeof digest, poll);
  sodium_memzero(digest, sizeof digest);
  return rc == PBKDF2_STOPPED ? PASSWORD_STOPPED : 0;
}

/* ---- public API ---- */

/* Checks password against encoded; with harden, pads a failure as Django's harden_runtime. */
static int check(const char *password, size_t password_len, const char *encoded,
                 size_t encoded_len, struct pbkdf2_poll *poll, int harden) {
  struct parsed h;
  unsigned long extra;
  int ok;
  if (!password && password_len) return 0;
  if (!password) password = "";
  if (parse_hash(encoded, encoded_len, &h) != 0) return 0;
  ok = verify_parsed(password, password_len, &h, poll);
  extra = harden ? harden_iterations(&h) : 0;
  if (ok == 0 && extra > 0) ok = spend(password, password_len, h.f[2].p, h.f[2].n, extra, poll);
  return ok;
}

int password_check(const char *password, size_t password_len, const char *encoded,
                   size_t encoded_len, struct pbkdf2_poll *poll) {
  return check(password, password_len, encoded, encoded_len, poll, 1);
}

int password_verify(const char *password, size_t password_len, const char *encoded,
                    size_t encoded_len) {
  return check(password, password_len, encoded, encoded_len, NULL, 0);
}

unsigned long password_harden_iterations(const char *encoded, size_t encoded_len) {
  struct parsed h;
  return parse_hash(encoded, encoded_len, &h) == 0 ? harden_iterations(&h) : 0;
}

int password_usable(const char *encoded, size_t encoded_len) {
  struct parsed h;
  return parse_hash(encoded, encoded_len, &h) == 0;
}

int password_burn(const char *password, size_t password_len, struct pbkdf2_poll *poll) {
  static const char salt[] = "authtokenBurnSalt00000";
  if (!password) password_len = 0;
  return spend(password ? password : "", password_len, salt, sizeof salt - 1,
               PASSWORD_DEFAULT_ITERATIONS, poll);
}

int password_login_check(const char *password, size_t password_len, const char *encoded,
                         size_t encoded_len, struct pbkdf2_poll *poll) {
  if (!password_usable(encoded, encoded_len)) {
    int rc = password_burn(password, password_len, poll);
    return rc == PASSWORD_STOPPED ? rc : 0;
  }
  return password_check(password, password_len, encoded, encoded_len, poll);
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

int password_algorithm_supported(const char *algorithm) {
  if (!algorithm) return 0;
  if (!strcmp(algorithm, "pbkdf2_sha256") || !strcmp(algorithm, "pbkdf2_sha1") ||
      !strcmp(algorithm, "argon2") || !strcmp(algorithm, "scrypt"))
    return 1;
  if (!strcmp(algorithm, "bcrypt_sha256")) return bcrypt_available();
  return 0;
}
