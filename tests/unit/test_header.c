/*
** test_header.c: unit tests of header.c (DRF's header rules) and key.c, timestamp.c.
** Prints PASS/FAIL per check; exits 1 on any failure.
*/
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../check.h"

#include "header.h"
#include "key.h"
#include "timestamp.h"

/* Parses a header given with its length (NULs allowed) and checks outcome and key. */
static void expect(const char *name, const char *h, size_t n, enum header_outcome want,
                   const char *want_key, size_t want_key_len) {
  struct header_parse p;
  enum header_outcome got = header_parse((const unsigned char *)h, n, "Token", &p);
  int ok = got == want && p.outcome == got;
  if (ok && want == HEADER_KEY) {
    ok = p.key_len == want_key_len && memcmp(p.key, want_key, want_key_len) == 0;
  }
  char detail[96];
  snprintf(detail, sizeof detail, "outcome %d, want %d", (int)got, (int)want);
  check(name, ok, detail);
}

#define EXPECT(name, lit, want, key) expect(name, lit, sizeof(lit) - 1, want, key, sizeof(key) - 1)

static void test_parsing(void) {
  EXPECT("header: plain key", "Token abc", HEADER_KEY, "abc");
  EXPECT("header: all 32 keyword casings share one rule (tOkEn)", "tOkEn abc", HEADER_KEY, "abc");
  EXPECT("header: leading and trailing separators vanish", " \t\r\nToken\x0b\x0c" "abc \r\n", HEADER_KEY, "abc");
  EXPECT("header: empty", "", HEADER_NOT_OURS, "");
  EXPECT("header: separators only", " \t\n", HEADER_NOT_OURS, "");
  EXPECT("header: other scheme", "Bearer abc", HEADER_NOT_OURS, "");
  EXPECT("header: key glued to keyword", "Tokenabc", HEADER_NOT_OURS, "");
  EXPECT("header: Tokens", "Tokens abc", HEADER_NOT_OURS, "");
  EXPECT("header: NUL before keyword", "\0Token abc", HEADER_NOT_OURS, "");
  EXPECT("header: NBSP is not a separator", "Token\xc2\xa0" "abc", HEADER_NOT_OURS, "");
  EXPECT("header: 0x1c is not a separator", "Token\x1c" "abc", HEADER_NOT_OURS, "");
  EXPECT("header: 0x85 is not a separator", "Token\x85" "abc", HEADER_NOT_OURS, "");
  EXPECT("header: Kelvin sign is not k", "To\xe2\x84\xaa" "en abc", HEADER_NOT_OURS, "");
  EXPECT("header: keyword alone", "Token", HEADER_NO_CREDENTIALS, "");
  EXPECT("header: keyword and separators", "Token  \t\r\n", HEADER_NO_CREDENTIALS, "");
  EXPECT("header: three parts", "Token a b", HEADER_SPACES, "");
  EXPECT("header: tab makes three parts", "Token a\tb", HEADER_SPACES, "");
  EXPECT("header: spaces come before UTF-8", "Token \xff \xfe", HEADER_SPACES, "");
  EXPECT("header: invalid byte", "Token a\xff", HEADER_INVALID_CHARS, "");
  EXPECT("header: truncated sequence", "Token a\xe2\x82", HEADER_INVALID_CHARS, "");
  EXPECT("header: overlong", "Token \xc0\xaf", HEADER_INVALID_CHARS, "");
  EXPECT("header: overlong 3-byte", "Token \xe0\x80\xaf", HEADER_INVALID_CHARS, "");
  EXPECT("header: surrogate", "Token \xed\xa0\x80", HEADER_INVALID_CHARS, "");
  EXPECT("header: above U+10FFFF", "Token \xf4\x90\x80\x80", HEADER_INVALID_CHARS, "");
  EXPECT("header: U+10FFFF is valid", "Token \xf4\x8f\xbf\xbf", HEADER_KEY, "\xf4\x8f\xbf\xbf");
  EXPECT("header: NUL inside the key is kept", "Token ab\0cd", HEADER_KEY, "ab\0cd");
  EXPECT("header: NBSP inside the key is kept", "Token a\xc2\xa0" "b", HEADER_KEY, "a\xc2\xa0" "b");
  check("header: messages are DRF's",
        strcmp(header_message(HEADER_SPACES),
               "Invalid token header. Token string should not contain spaces.") == 0 &&
            strcmp(header_message(HEADER_NO_CREDENTIALS),
                   "Invalid token header. No credentials provided.") == 0 &&
            strcmp(header_message(HEADER_INVALID_CHARS),
                   "Invalid token header. Token string should not contain invalid characters.") == 0 &&
            header_message(HEADER_NOT_OURS) == NULL && header_message(HEADER_KEY) == NULL,
        "wrong message text");
  struct header_parse p;
  check("header: NULL pointer with length 0 is empty",
        header_parse(NULL, 0, "Token", &p) == HEADER_NOT_OURS, "not HEADER_NOT_OURS");
  check("header: Bearer keyword setting", header_parse((const unsigned char *)"bearer x", 8, "Bearer", &p) == HEADER_KEY, "Bearer not matched");
}

/* Every single byte as a separator candidate: exactly the six split. */
static void test_separators(void) {
  int wrong = 0;
  for (int c = 0; c < 256; c++) {
    int want = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    if (header_is_separator((unsigned char)c) != want) wrong++;
  }
  check("header: exactly six separator bytes", wrong == 0, "separator set differs");
}

/* A separator or a non-ASCII byte at every position of a 40-byte key, so that the
** 8-bytes-at-a-time scans see it in every lane. */
static void test_every_position(void) {
  int wrong = 0;
  for (int pos = 0; pos < 40; pos++) {
    unsigned char h[64];
    struct header_parse p;
    memcpy(h, "Token ", 6);
    memset(h + 6, 'a', 40);
    h[6 + pos] = '\t';
    enum header_outcome want = pos == 0 ? HEADER_KEY : pos == 39 ? HEADER_KEY : HEADER_SPACES;
    if (header_parse(h, 46, "Token", &p) != want) wrong++;
    h[6 + pos] = 0xff; /* invalid UTF-8 anywhere */
    if (header_parse(h, 46, "Token", &p) != HEADER_INVALID_CHARS) wrong++;
    h[6 + pos] = '!';  /* 0x21, just above the separators: part of the key */
    if (header_parse(h, 46, "Token", &p) != HEADER_KEY || p.key_len != 40) wrong++;
  }
  check("header: separators and bad bytes found at every key position", wrong == 0,
        "a position was missed");
}

/* 1 if s[0..len) has DRF's generated shape (40 lowercase hex characters), else 0. The
** library never asks (lookups accept any key, as DRF does), so the check lives here. */
static int key_is_drf_shaped(const char *s, size_t len) {
  if (len != KEY_HEX_LEN) return 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 0;
  }
  return 1;
}

static void test_keys(void) {
  char a[KEY_HEX_LEN + 1], b[KEY_HEX_LEN + 1];
  key_generate(a);
  key_generate(b);
  check("key: 40 lowercase hex characters", strlen(a) == 40 && key_is_drf_shaped(a, 40),
        "bad shape");
  check("key: two keys differ", strcmp(a, b) != 0, "same key twice");
  check("key: shape check rejects uppercase", !key_is_drf_shaped("3CF3BD58DA60FB1CEB7A79959588532D4242AADB", 40), "accepted");
}

static void test_timestamps(void) {
  char out[TIMESTAMP_SIZE];
  check("timestamp: microseconds", timestamp_format(1764270260, 123456, out) == 0 &&
        strcmp(out, "2025-11-27 19:04:20.123456") == 0, out);
  check("timestamp: zero microseconds omitted as Django does",
        timestamp_format(1764270260, 0, out) == 0 && strcmp(out, "2025-11-27 19:04:20") == 0, out);
  check("timestamp: small microseconds zero-padded",
        timestamp_format(0, 7, out) == 0 && strcmp(out, "1970-01-01 00:00:00.000007") == 0, out);
  check("timestamp: out of range rejected", timestamp_format(0, 1000000, out) == -1, "accepted");
  check("timestamp: leap day 2000",
        timestamp_format(951782400, 1, out) == 0 && strcmp(out, "2000-02-29 00:00:00.000001") == 0, out);
  check("timestamp: before the epoch",
        timestamp_format(-1, 999999, out) == 0 && strcmp(out, "1969-12-31 23:59:59.999999") == 0, out);
  check("timestamp: first and last years Python's datetime knows",
        timestamp_format(-62135596800LL, 0, out) == 0 && strcmp(out, "0001-01-01 00:00:00") == 0 &&
            timestamp_format(253402300799LL, 0, out) == 0 && strcmp(out, "9999-12-31 23:59:59") == 0 &&
            timestamp_format(253402300800LL, 0, out) == -1,
        out);
  check("timestamp: now", timestamp_now(out) == 0 && strlen(out) >= 19 && out[10] == ' ', out);
}

int main(void) {
  if (sodium_init() < 0) return 2;
  test_parsing();
  test_separators();
  test_every_position();
  test_keys();
  test_timestamps();
  return check_status();
}
