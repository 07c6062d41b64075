/*
** text.c: Python's str.strip() and DRF's JSON string rendering, on UTF-8 bytes.
**
** DRF's CharField trims a username with str.strip(), which knows Unicode whitespace, so the
** byte-level separators of header.c are not enough here. DRF's JSONRenderer (compact,
** ensure_ascii=False) escapes only '"', '\\', control characters and U+2028/U+2029.
*/
#include "text.h"

#include <stdio.h>

/* Length of the str.isspace() character starting at s[0..n), or 0 if there is none. */
static size_t python_space_at(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return 1;
  if (n >= 2 && c == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0)) return 2;
  if (n < 3) return 0;
  if (c == 0xe1 && s[1] == 0x9a && s[2] == 0x80) return 3;                 /* U+1680 */
  if (c == 0xe2 && s[1] == 0x80 &&
      ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf)) {
    return 3;                                                               /* U+2000-200A, 2028, 2029, 202F */
  }
  if (c == 0xe2 && s[1] == 0x81 && s[2] == 0x9f) return 3;                 /* U+205F */
  if (c == 0xe3 && s[1] == 0x80 && s[2] == 0x80) return 3;                 /* U+3000 */
  return 0;
}

/* Start of the UTF-8 character that ends at s[end - 1]. */
static size_t char_start_before(const unsigned char *s, size_t end) {
  size_t i = end - 1;
  while (i > 0 && (s[i] & 0xc0) == 0x80) i--;
  return i;
}

size_t text_strip_python(const unsigned char *s, size_t n, size_t *start) {
  size_t i = 0, end = n, k;
  while (i < n && (k = python_space_at(s + i, n - i)) > 0) i += k;
  while (end > i) {
    size_t c = char_start_before(s, end);
    if (c < i || python_space_at(s + c, end - c) != end - c) break;
    end = c;
  }
  *start = i;
  return end - i;
}

size_t text_json_string(const unsigned char *s, size_t n, char *out) {
  static const char hex[] = "0123456789abcdef";
  size_t o = 0;
  out[o++] = '"';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    const char *esc = NULL;
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      default: break;
    }
    if (esc) {
      out[o++] = esc[0];
      out[o++] = esc[1];
    } else if (c < 0x20) {
      out[o++] = '\\', out[o++] = 'u', out[o++] = '0', out[o++] = '0';
      out[o++] = hex[c >> 4], out[o++] = hex[c & 15];
    } else if (c == 0xe2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
      out[o++] = '\\', out[o++] = 'u', out[o++] = '2', out[o++] = '0', out[o++] = '2';
      out[o++] = s[i + 2] == 0xa8 ? '8' : '9';
      i += 2;
    } else {
      out[o++] = (char)c;
    }
  }
  out[o++] = '"';
  return o;
}
