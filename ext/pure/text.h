/*
** text.h: what DRF's serializer fields and JSON renderer do to text, in pure C (no SQLite).
*/
#ifndef AUTHTOKEN_TEXT_H
#define AUTHTOKEN_TEXT_H

#include <stddef.h>

/* Python's str.strip() on UTF-8 text s[0..n): sets *start and returns the stripped length.
** Strips every character for which str.isspace() is true (ASCII \t\n\v\f\r, \x1c-\x1f and
** space, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
** s must be valid UTF-8. */
size_t text_strip_python(const unsigned char *s, size_t n, size_t *start);

/* The most bytes text_json_string() writes for n input bytes. */
#define TEXT_JSON_MAX(n) (6 * (n) + 2)

/* Writes s[0..n) (valid UTF-8) as a JSON string literal, quotes included, the way DRF's
** JSONRenderer does (json.dumps with ensure_ascii=False, then U+2028/U+2029 escaped).
** out must hold TEXT_JSON_MAX(n) bytes. Returns the bytes written (no NUL added). */
size_t text_json_string(const unsigned char *s, size_t n, char *out);

#endif
