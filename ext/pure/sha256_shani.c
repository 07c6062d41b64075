/*
** sha256_shani.c: the SHA-256 compression function on x86 SHA-NI instructions, and the
** PBKDF2-HMAC-SHA256 iteration loop built on it. Pure C, no SQLite, no libsodium.
**
** Only pbkdf2.c calls this file, and only after sha256_shani_available() said yes: the
** functions that use the instructions are compiled for "sha,sse4.1" with a target
** attribute, so the rest of the build keeps its baseline ISA. The state is kept in the
** instructions' ABEF/CDGH register layout across a whole PBKDF2 loop: each iteration is
** two compressions of a pre-padded block whose first 8 words are the previous digest.
** On other architectures this file compiles to a stub that reports "unavailable".
*/
#include "pbkdf2.h"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#include <immintrin.h>
#include <limits.h>

#define SHANI __attribute__((target("sha,sse4.1")))
#define SHANI_INLINE static inline __attribute__((always_inline, target("sha,sse4.1")))


/* Returns 1 if cpuid reports SHA (leaf 7 EBX bit 29), SSSE3 and SSE4.1, else 0. */
int sha256_shani_available(void) {
  unsigned int a, b, c, d;
  if (__get_cpuid_max(0, NULL) < 7) return 0;
  __cpuid_count(7, 0, a, b, c, d);
  if (!(b & (1u << 29))) return 0;
  __cpuid(1, a, b, c, d);
  return (c & (1u << 9)) && (c & (1u << 19)) ? 1 : 0;
}

/* Loads state words A..H into the (ABEF, CDGH) register pair the instructions use. */
SHANI_INLINE void state_load(const uint32_t s[8], __m128i *abef, __m128i *cdgh) {
  __m128i cdab = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)s), 0xB1);
  __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(s + 4)), 0x1B);
  *abef = _mm_alignr_epi8(cdab, efgh, 8);
  *cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
}

/* Turns (ABEF, CDGH) back into two registers holding words A..D and E..H in order. */
SHANI_INLINE void state_words(__m128i abef, __m128i cdgh, __m128i *abcd, __m128i *efgh) {
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  *abcd = _mm_blend_epi16(feba, dchg, 0xF0);
  *efgh = _mm_alignr_epi8(dchg, feba, 8);
}

/* Four rounds (4*i .. 4*i+3) with message words w. */
SHANI_INLINE void rounds4(__m128i *abef, __m128i *cdgh, __m128i w, int i) {
  __m128i m = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)(sha256_round_constants + 4 * i)));
  *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, m);
  *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(m, 0x0E));
}

/* Returns the next four schedule words from the previous sixteen (w0 oldest). */
SHANI_INLINE __m128i schedule(__m128i w0, __m128i w1, __m128i w2, __m128i w3) {
  __m128i t = _mm_sha256msg1_epu32(w0, w1);
  t = _mm_add_epi32(t, _mm_alignr_epi8(w3, w2, 4));
  return _mm_sha256msg2_epu32(t, w3);
}

/* One compression of message words w0..w3 (W0..W15) into (abef, cdgh). */
SHANI_INLINE void compress(__m128i *abef, __m128i *cdgh, __m128i w0, __m128i w1, __m128i w2,
                           __m128i w3) {
  __m128i abef0 = *abef, cdgh0 = *cdgh;
  int i;
  rounds4(abef, cdgh, w0, 0);
  rounds4(abef, cdgh, w1, 1);
  rounds4(abef, cdgh, w2, 2);
  rounds4(abef, cdgh, w3, 3);
  for (i = 4; i < 16; i += 4) {
    w0 = schedule(w0, w1, w2, w3);
    rounds4(abef, cdgh, w0, i);
    w1 = schedule(w1, w2, w3, w0);
    rounds4(abef, cdgh, w1, i + 1);
    w2 = schedule(w2, w3, w0, w1);
    rounds4(abef, cdgh, w2, i + 2);
    w3 = schedule(w3, w0, w1, w2);
    rounds4(abef, cdgh, w3, i + 3);
  }
  *abef = _mm_add_epi32(*abef, abef0);
  *cdgh = _mm_add_epi32(*cdgh, cdgh0);
}

/* Compresses the 16 decoded message words w into state. */
SHANI void sha256_shani_compress(uint32_t state[8], const uint32_t w[16]) {
  __m128i abef, cdgh, abcd, efgh;
  state_load(state, &abef, &cdgh);
  compress(&abef, &cdgh, _mm_loadu_si128((const __m128i *)w),
           _mm_loadu_si128((const __m128i *)(w + 4)), _mm_loadu_si128((const __m128i *)(w + 8)),
           _mm_loadu_si128((const __m128i *)(w + 12)));
  state_words(abef, cdgh, &abcd, &efgh);
  _mm_storeu_si128((__m128i *)state, abcd);
  _mm_storeu_si128((__m128i *)(state + 4), efgh);
}

/* Runs count PBKDF2 iterations: u = HMAC(u) via inner/outer states, acc ^= u. The
   message is u (32 bytes) after a 64-byte key block: 0x80 pad, length 768 bits. */
SHANI void sha256_shani_pbkdf2_rounds(const uint32_t inner[8], const uint32_t outer[8],
                                      uint32_t u[8], uint32_t acc[8], unsigned long count) {
  const __m128i pad0 = _mm_set_epi32(0, 0, 0, INT_MIN);
  const __m128i pad1 = _mm_set_epi32(768, 0, 0, 0);
  __m128i iabef, icdgh, oabef, ocdgh, s0, s1;
  __m128i u0 = _mm_loadu_si128((const __m128i *)u);
  __m128i u1 = _mm_loadu_si128((const __m128i *)(u + 4));
  __m128i a0 = _mm_loadu_si128((const __m128i *)acc);
  __m128i a1 = _mm_loadu_si128((const __m128i *)(acc + 4));
  state_load(inner, &iabef, &icdgh);
  state_load(outer, &oabef, &ocdgh);
  for (; count > 0; count--) {
    s0 = iabef;
    s1 = icdgh;
    compress(&s0, &s1, u0, u1, pad0, pad1);
    state_words(s0, s1, &u0, &u1);
    s0 = oabef;
    s1 = ocdgh;
    compress(&s0, &s1, u0, u1, pad0, pad1);
    state_words(s0, s1, &u0, &u1);
    a0 = _mm_xor_si128(a0, u0);
    a1 = _mm_xor_si128(a1, u1);
  }
  _mm_storeu_si128((__m128i *)u, u0);
  _mm_storeu_si128((__m128i *)(u + 4), u1);
  _mm_storeu_si128((__m128i *)acc, a0);
  _mm_storeu_si128((__m128i *)(acc + 4), a1);
}

#else /* not x86: stubs, never called because the probe says no */

int sha256_shani_available(void) { return 0; }

void sha256_shani_compress(uint32_t state[8], const uint32_t w[16]) {
  (void)state;
  (void)w;
}

void sha256_shani_pbkdf2_rounds(const uint32_t inner[8], const uint32_t outer[8], uint32_t u[8],
                                uint32_t acc[8], unsigned long count) {
  (void)inner;
  (void)outer;
  (void)u;
  (void)acc;
  (void)count;
}

#endif
