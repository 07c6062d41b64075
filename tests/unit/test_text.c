/*
** test_text.c: unit tests of text.c: Python's str.strip() and DRF's JSON string rendering.
** Prints PASS/FAIL per check; exits 1 on any failure.
*/
#include <stdio.h>
#include <string.h>

#include "../check.h"

#include "text.h"

/* strip(lit) must give want. */
static void strip_case(const char *name, const char *lit, size_t n, const char *want) {
  size_t start = 0;
  size_t len = text_strip_python((const unsigned char *)lit, n, &start);
  char got[128];
  snprintf(got, sizeof got, "%.*s", (int)len, lit + start);
  check(name, len == strlen(want) && memcmp(lit + start, want, len) == 0, got);
}
#define STRIP(name, lit, want) strip_case(name, lit, sizeof(lit) - 1, want)

static void json_case(const char *name, const char *lit, size_t n, const char *want) {
  char out[TEXT_JSON_MAX(64)];
  size_t len = text_json_string((const unsigned char *)lit, n, out);
  out[len] = 0;
  check(name, strcmp(out, want) == 0, out);
}
#define JSON(name, lit, want) json_case(name, lit, sizeof(lit) - 1, want)

int main(void) {
  STRIP("strip: ASCII whitespace", " \t\r\n\x0b\x0c" "ada \t", "ada");
  STRIP("strip: 0x1c-0x1f are whitespace to str.strip()", "\x1c\x1d" "ada\x1e\x1f", "ada");
  STRIP("strip: NBSP and NEL", "\xc2\xa0" "ada\xc2\x85", "ada");
  STRIP("strip: U+2003, U+3000, U+202F, U+205F, U+1680", "\xe2\x80\x83\xe3\x80\x80" "ada\xe2\x80\xaf\xe2\x81\x9f\xe1\x9a\x80", "ada");
  STRIP("strip: U+2028 and U+2029", "\xe2\x80\xa8" "ada\xe2\x80\xa9", "ada");
  STRIP("strip: ZWSP U+200B is not whitespace", "\xe2\x80\x8b" "ada", "\xe2\x80\x8b" "ada");
  STRIP("strip: BOM is not whitespace", "\xef\xbb\xbf" "ada", "\xef\xbb\xbf" "ada");
  size_t start = 0;
  check("strip: NUL is not whitespace", text_strip_python((const unsigned char *)" \0 ", 3, &start) == 1 && start == 1, "stripped");
  STRIP("strip: inner spaces stay", " a d a ", "a d a");
  STRIP("strip: all whitespace", " \xc2\xa0 \xe3\x80\x80", "");
  STRIP("strip: non-space multibyte ending", " \xc3\xa9", "\xc3\xa9");
  JSON("json: plain", "abc", "\"abc\"");
  JSON("json: quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"");
  JSON("json: control characters", "\n\r\t\b\f\x01\x1f", "\"\\n\\r\\t\\b\\f\\u0001\\u001f\"");
  JSON("json: DEL and non-ASCII kept", "\x7f\xc3\xa9\xe2\x98\x83", "\"\x7f\xc3\xa9\xe2\x98\x83\"");
  JSON("json: U+2028 and U+2029 escaped as DRF does", "\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"");
  JSON("json: NUL", "a\0b", "\"a\\u0000b\"");
  return check_status();
}
