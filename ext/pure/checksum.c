/*
** checksum.c: the GitHub-style CRC-32 base62 tail of checksum.h.
**
** The CRC is computed four bits at a time from a 16-entry table (Sarwate's method on
** nibbles): tokens are under 120 bytes, and the table is small enough to check by eye
** (entry i is the CRC register after shifting nibble i through the polynomial four times).
** Verification encodes the CRC of the body and compares the 6 bytes, so only the canonical
** tail (exactly what checksum_tail writes) is accepted.
*/
#include "checksum.h"

#include <sodium.h>

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* crc_nibble[i]: i shifted four times through the reflected polynomial 0xEDB88320. */
static const uint32_t crc_nibble[16] = {
  0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC, 0x76DC4190, 0x6B6B51F4, 0x4DB26158, 0x5005713C,
  0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C, 0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C,
};

uint32_t checksum_crc32(const unsigned char *s, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    crc ^= s[i];
    crc = (crc >> 4) ^ crc_nibble[crc & 0x0F];
    crc = (crc >> 4) ^ crc_nibble[crc & 0x0F];
  }
  return crc ^ 0xFFFFFFFFu;
}

void checksum_encode(uint32_t crc, char out[CHECKSUM_LEN]) {
  for (int i = CHECKSUM_LEN - 1; i >= 0; i--) {
    out[i] = alphabet[crc % 62];
    crc /= 62;
  }
}

void checksum_tail(const unsigned char *body, size_t n, char out[CHECKSUM_LEN]) {
  checksum_encode(checksum_crc32(body, n), out);
}

int checksum_verify(const unsigned char *token, size_t n) {
  if (n <= CHECKSUM_LEN) return 0;
  char want[CHECKSUM_LEN];
  checksum_tail(token, n - CHECKSUM_LEN, want);
  return sodium_memcmp(want, token + n - CHECKSUM_LEN, CHECKSUM_LEN) == 0;
}
