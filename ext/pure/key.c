/*
** key.c: generating token keys.
**
** DRF's Token.generate_key() is binascii.hexlify(os.urandom(20)).decode(): 40 lowercase hex
** characters. Here the 20 bytes come from libsodium's randombytes_buf and are hex-encoded
** with sodium_bin2hex (constant time); the raw bytes are wiped before returning.
*/
#include "key.h"

#include <sodium.h>

void key_generate(char out[KEY_HEX_LEN + 1]) {
  unsigned char raw[KEY_RANDOM_BYTES];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2hex(out, KEY_HEX_LEN + 1, raw, sizeof raw);
  sodium_memzero(raw, sizeof raw);
}
