/*
** pbkdf2.c: PBKDF2-HMAC-SHA256 and PBKDF2-HMAC-SHA1 (RFC 8018 section 5.2), pure C, no
** SQLite. libsodium is used only for sodium_memzero.
**
** How it is fast: HMAC(K, m) = H((K^opad) || H((K^ipad) || m)). The compressions of the
** two 64-byte key blocks are done once per call ("inner" and "outer" states). Every
** iteration after the first hashes a 32-byte (SHA-1: 20-byte) digest, which fits one
** pre-padded block, so it costs exactly two compression-function calls and no buffering.
**
** SHA-256 compression: SHA-NI (sha256_shani.c) when cpuid reports it, checked once and
** cached; portable C otherwise, or when pbkdf2_force_portable(1) asks. SHA-1: portable C.
** Every buffer that held key material is wiped with sodium_memzero before returning.
** The iteration loop runs in chunks of PBKDF2_POLL_ITERATIONS so that a watcher
** (struct pbkdf2_poll) can stop a long derivation; a chunk boundary costs a reload of the
** state, nothing measurable (bench/pbkdf2_bench.py compares with OpenSSL).
*/
#include "pbkdf2.h"

#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

typedef void (*compress_fn)(uint32_t *state, const uint32_t w[16]);
typedef void (*rounds_fn)(const uint32_t *inner, const uint32_t *outer, uint32_t *u, uint32_t *acc,
                          unsigned long count);

/* One hash function as PBKDF2 needs it: digest words, IV, compression, iteration loop. */
struct hash_kind {
  unsigned words; /* digest size in 32-bit words: 8 (SHA-256) or 5 (SHA-1) */
  const uint32_t *iv;
  compress_fn compress;
  rounds_fn rounds; /* NULL: use the generic loop over compress */
};

/* A streaming hash over a hash_kind, for the first iteration and for long keys. */
struct md {
  const struct hash_kind *kind;
  uint32_t state[8];
  uint8_t buf[64];
  size_t fill;
  uint64_t total; /* bytes hashed so far, including any precomputed key block */
};

static const uint32_t SHA256_IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
static const uint32_t SHA1_IV[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

const uint32_t sha256_round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* Returns x rotated right by n (0 < n < 32). */
static inline uint32_t ror32(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

/* Returns x rotated left by n (0 < n < 32). */
static inline uint32_t rol32(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

/* Returns the big-endian 32-bit word at p. */
static inline uint32_t load_be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Stores x big-endian at p. */
static inline void store_be32(uint8_t *p, uint32_t x) {
  p[0] = (uint8_t)(x >> 24);
  p[1] = (uint8_t)(x >> 16);
  p[2] = (uint8_t)(x >> 8);
  p[3] = (uint8_t)x;
}

/* One SHA-256 round on working variables a..h with schedule word w and constant k. */
#define SHA256_ROUND(a, b, c, d, e, f, g, h, k, w)                                                 \
  do {                                                                                             \
    uint32_t t1_ =                                                                                 \
        h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + (k) + (w);        \
    uint32_t t2_ = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));    \
    d += t1_;                                                                                      \
    h = t1_ + t2_;                                                                                 \
  } while (0)

/* Portable SHA-256 compression of the 16 decoded message words w into state. */
static void sha256_portable_compress(uint32_t *state, const uint32_t w[16]) {
  uint32_t W[64], a = state[0], b = state[1], c = state[2], d = state[3], e = state[4],
                  f = state[5], g = state[6], h = state[7];
  int i;
  memcpy(W, w, 64);
  for (i = 16; i < 64; i++) {
    uint32_t s0 = ror32(W[i - 15], 7) ^ ror32(W[i - 15], 18) ^ (W[i - 15] >> 3);
    uint32_t s1 = ror32(W[i - 2], 17) ^ ror32(W[i - 2], 19) ^ (W[i - 2] >> 10);
    W[i] = W[i - 16] + s0 + W[i - 7] + s1;
  }
  for (i = 0; i < 64; i += 8) {
    SHA256_ROUND(a, b, c, d, e, f, g, h, sha256_round_constants[i], W[i]);
    SHA256_ROUND(h, a, b, c, d, e, f, g, sha256_round_constants[i + 1], W[i + 1]);
    SHA256_ROUND(g, h, a, b, c, d, e, f, sha256_round_constants[i + 2], W[i + 2]);
    SHA256_ROUND(f, g, h, a, b, c, d, e, sha256_round_constants[i + 3], W[i + 3]);
    SHA256_ROUND(e, f, g, h, a, b, c, d, sha256_round_constants[i + 4], W[i + 4]);
    SHA256_ROUND(d, e, f, g, h, a, b, c, sha256_round_constants[i + 5], W[i + 5]);
    SHA256_ROUND(c, d, e, f, g, h, a, b, sha256_round_constants[i + 6], W[i + 6]);
    SHA256_ROUND(b, c, d, e, f, g, h, a, sha256_round_constants[i + 7], W[i + 7]);
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
  sodium_memzero(W, sizeof W);
}

/* Returns SHA-1's round function value f(b, c, d) + K for round i. */
static inline uint32_t sha1_fk(int i, uint32_t b, uint32_t c, uint32_t d) {
  if (i < 20) return ((b & c) | (~b & d)) + 0x5a827999;
  if (i < 40) return (b ^ c ^ d) + 0x6ed9eba1;
  if (i < 60) return ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc;
  return (b ^ c ^ d) + 0xca62c1d6;
}

/* Portable SHA-1 compression of the 16 decoded message words w into state[0..5). */
static void sha1_portable_compress(uint32_t *state, const uint32_t w[16]) {
  uint32_t W[80], a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
  int i;
  memcpy(W, w, 64);
  for (i = 16; i < 80; i++)
    W[i] = rol32(W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16], 1);
  for (i = 0; i < 80; i++) {
    uint32_t t = rol32(a, 5) + sha1_fk(i, b, c, d) + e + W[i];
    e = d;
    d = c;
    c = rol32(b, 30);
    b = a;
    a = t;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  sodium_memzero(W, sizeof W);
}

static const struct hash_kind SHA256_PORTABLE = {8, SHA256_IV, sha256_portable_compress, NULL};
static const struct hash_kind SHA256_SHANI = {8, SHA256_IV, sha256_shani_compress,
                                              sha256_shani_pbkdf2_rounds};
static const struct hash_kind SHA1_PORTABLE = {5, SHA1_IV, sha1_portable_compress, NULL};

static atomic_int shani_probe = 0; /* 0 not probed yet, 1 absent, 2 present */
static atomic_int force_portable = 0;

/* Returns 1 if the SHA-NI path should be used now. */
static int use_shani(void) {
  int p = atomic_load_explicit(&shani_probe, memory_order_relaxed);
  if (p == 0) {
    p = sha256_shani_available() ? 2 : 1;
    atomic_store_explicit(&shani_probe, p, memory_order_relaxed);
  }
  return p == 2 && !atomic_load_explicit(&force_portable, memory_order_relaxed);
}

const char *pbkdf2_impl_name(void) { return use_shani() ? "sha-ni" : "portable"; }

void pbkdf2_force_portable(int on) {
  atomic_store_explicit(&force_portable, on ? 1 : 0, memory_order_relaxed);
}

/* Starts a streaming hash from state (kind->words words) with total bytes already hashed. */
static void md_init(struct md *m, const struct hash_kind *kind, const uint32_t *state,
                    uint64_t total) {
  m->kind = kind;
  memcpy(m->state, state, kind->words * sizeof(uint32_t));
  m->fill = 0;
  m->total = total;
}

/* Compresses one 64-byte block of bytes into m's state. */
static void md_block(struct md *m, const uint8_t *block) {
  uint32_t w[16];
  int i;
  for (i = 0; i < 16; i++)
    w[i] = load_be32(block + 4 * i);
  m->kind->compress(m->state, w);
  sodium_memzero(w, sizeof w);
}

/* Feeds n bytes at p to the hash. */
static void md_update(struct md *m, const uint8_t *p, size_t n) {
  m->total += n;
  while (n > 0) {
    size_t take = 64 - m->fill < n ? 64 - m->fill : n;
    memcpy(m->buf + m->fill, p, take);
    m->fill += take;
    p += take;
    n -= take;
    if (m->fill == 64) {
      md_block(m, m->buf);
      m->fill = 0;
    }
  }
}

/* Pads, writes the digest (kind->words * 4 bytes) to out, and wipes m. */
static void md_final(struct md *m, uint8_t *out) {
  uint64_t bits = m->total * 8;
  unsigned i;
  m->buf[m->fill++] = 0x80;
  if (m->fill > 56) {
    memset(m->buf + m->fill, 0, 64 - m->fill);
    md_block(m, m->buf);
    m->fill = 0;
  }
  memset(m->buf + m->fill, 0, 56 - m->fill);
  store_be32(m->buf + 56, (uint32_t)(bits >> 32));
  store_be32(m->buf + 60, (uint32_t)bits);
  md_block(m, m->buf);
  for (i = 0; i < m->kind->words; i++)
    store_be32(out + 4 * i, m->state[i]);
  sodium_memzero(m, sizeof *m);
}

/* Computes the HMAC inner and outer states: the key block XOR ipad/opad, compressed. */
static void hmac_states(const struct hash_kind *kind, const uint8_t *key, size_t key_len,
                        uint32_t inner[8], uint32_t outer[8]) {
  uint8_t kb[64], block[64];
  struct md m;
  int i;
  memset(kb, 0, sizeof kb);
  if (key_len > 64) {
    md_init(&m, kind, kind->iv, 0);
    md_update(&m, key, key_len);
    md_final(&m, kb);
  } else if (key_len > 0) {
    memcpy(kb, key, key_len);
  }
  for (i = 0; i < 64; i++)
    block[i] = kb[i] ^ 0x36;
  md_init(&m, kind, kind->iv, 0);
  md_block(&m, block);
  memcpy(inner, m.state, kind->words * sizeof(uint32_t));
  for (i = 0; i < 64; i++)
    block[i] = kb[i] ^ 0x5c;
  md_init(&m, kind, kind->iv, 0);
  md_block(&m, block);
  memcpy(outer, m.state, kind->words * sizeof(uint32_t));
  sodium_memzero(&m, sizeof m);
  sodium_memzero(kb, sizeof kb);
  sodium_memzero(block, sizeof block);
}

/* Generic loop: count iterations of u = HMAC(u), acc ^= u, two compressions each. */
static void generic_rounds(const struct hash_kind *kind, const uint32_t *inner,
                           const uint32_t *outer, uint32_t *u, uint32_t *acc, unsigned long count) {
  uint32_t w[16], st[8];
  size_t n = kind->words, i;
  memset(w, 0, sizeof w);
  w[n] = 0x80000000u;
  w[15] = (uint32_t)(64 + 4 * n) * 8;
  for (; count > 0; count--) {
    memcpy(w, u, n * sizeof(uint32_t));
    memcpy(st, inner, n * sizeof(uint32_t));
    kind->compress(st, w);
    memcpy(w, st, n * sizeof(uint32_t));
    memcpy(st, outer, n * sizeof(uint32_t));
    kind->compress(st, w);
    for (i = 0; i < n; i++) {
      u[i] = st[i];
      acc[i] ^= st[i];
    }
  }
  sodium_memzero(w, sizeof w);
  sodium_memzero(st, sizeof st);
}

/* Computes U_1 = HMAC(P, salt || INT(block)) as digest words into u. */
static void first_round(const struct hash_kind *kind, const uint32_t *inner, const uint32_t *outer,
                        const uint8_t *salt, size_t salt_len, uint32_t block, uint32_t *u) {
  uint8_t ctr[4], digest[32];
  struct md m;
  unsigned i;
  store_be32(ctr, block);
  md_init(&m, kind, inner, 64);
  md_update(&m, salt, salt_len);
  md_update(&m, ctr, 4);
  md_final(&m, digest);
  md_init(&m, kind, outer, 64);
  md_update(&m, digest, kind->words * 4);
  md_final(&m, digest);
  for (i = 0; i < kind->words; i++)
    u[i] = load_be32(digest + 4 * i);
  sodium_memzero(digest, sizeof digest);
}

/* Iterations 2..count+1 of one block, in chunks of PBKDF2_POLL_ITERATIONS with a poll
   between two chunks. Returns 0, or PBKDF2_STOPPED when poll->stop said so. */
static int block_rounds(const struct hash_kind *kind, const uint32_t *inner, const uint32_t *outer,
                        uint32_t *u, uint32_t *acc, unsigned long count,
                        struct pbkdf2_poll *poll) {
  while (count > 0) {
    unsigned long n = count < PBKDF2_POLL_ITERATIONS ? count : PBKDF2_POLL_ITERATIONS;
    if (kind->rounds)
      kind->rounds(inner, outer, u, acc, n);
    else
      generic_rounds(kind, inner, outer, u, acc, n);
    count -= n;
    if (poll) {
      poll->iterations += n;
      if (count > 0 && poll->stop && poll->stop(poll->arg)) return PBKDF2_STOPPED;
    }
  }
  return 0;
}

/* PBKDF2 over kind; see pbkdf2_hmac_sha256 and pbkdf2_hmac_sha256_poll for the contract. */
static int pbkdf2(const struct hash_kind *kind, const void *password, size_t password_len,
                  const void *salt, size_t salt_len, unsigned long iterations, uint8_t *out,
                  size_t out_len, struct pbkdf2_poll *poll) {
  uint32_t inner[8], outer[8], u[8], acc[8], block;
  size_t hlen = kind->words * 4, done, take, i;
  int rc = 0;
  if (iterations == 0 || out_len == 0 || (out_len - 1) / hlen >= 0xffffffffu) return -1;
  hmac_states(kind, password, password_len, inner, outer);
  for (done = 0, block = 1; done < out_len && rc == 0; done += take, block++) {
    first_round(kind, inner, outer, salt, salt_len, block, u);
    if (poll) poll->iterations++;
    memcpy(acc, u, sizeof acc);
    rc = block_rounds(kind, inner, outer, u, acc, iterations - 1, poll);
    take = out_len - done < hlen ? out_len - done : hlen;
    for (i = 0; i < take; i++)
      out[done + i] = (uint8_t)(acc[i / 4] >> (24 - 8 * (i % 4)));
  }
  if (rc != 0) sodium_memzero(out, out_len);
  sodium_memzero(inner, sizeof inner);
  sodium_memzero(outer, sizeof outer);
  sodium_memzero(u, sizeof u);
  sodium_memzero(acc, sizeof acc);
  return rc;
}

int pbkdf2_hmac_sha256_poll(const void *password, size_t password_len, const void *salt,
                            size_t salt_len, unsigned long iterations, uint8_t *out,
                            size_t out_len, struct pbkdf2_poll *poll) {
  const struct hash_kind *kind = use_shani() ? &SHA256_SHANI : &SHA256_PORTABLE;
  return pbkdf2(kind, password, password_len, salt, salt_len, iterations, out, out_len, poll);
}

int pbkdf2_hmac_sha1_poll(const void *password, size_t password_len, const void *salt,
                          size_t salt_len, unsigned long iterations, uint8_t *out, size_t out_len,
                          struct pbkdf2_poll *poll) {
  return pbkdf2(&SHA1_PORTABLE, password, password_len, salt, salt_len, iterations, out, out_len,
                poll);
}

int pbkdf2_hmac_sha256(const void *password, size_t password_len, const void *salt, size_t salt_len,
                       unsigned long iterations, uint8_t *out, size_t out_len) {
  return pbkdf2_hmac_sha256_poll(password, password_len, salt, salt_len, iterations, out, out_len,
                                 NULL);
}

int pbkdf2_hmac_sha1(const void *password, size_t password_len, const void *salt, size_t salt_len,
                     unsigned long iterations, uint8_t *out, size_t out_len) {
  return pbkdf2_hmac_sha1_poll(password, password_len, salt, salt_len, iterations, out, out_len,
                               NULL);
}
