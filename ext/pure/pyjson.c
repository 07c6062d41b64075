/*
** pyjson.c: a JSON body read as DRF's JSONParser reads it, in pure C (no SQLite).
**
** DRF calls json.load(codecs.getreader(charset)(stream), parse_constant=strict_constant);
** what the serializer sees, and every error text, follows from CPython 3.11's code, which
** this file follows step by step:
**   - the bytes are decoded as UTF-8 by a StreamReader: an invalid sequence is
**     "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte" (Python's
**     ranges and reasons), a sequence cut short by the end of the body is dropped silently;
**   - json.loads: a leading U+FEFF is "Unexpected UTF-8 BOM (decode using utf-8-sig)";
**     then Modules/_json.c's scanner (scan_once_unicode, scanstring_unicode,
**     _parse_object_unicode, _parse_array_unicode, _match_number_unicode) with its messages
**     and positions: "Expecting value: line 1 column 1 (char 0)" counts code points;
**   - NaN, Infinity, -Infinity: "Out of range float values are not JSON compliant: 'NaN'";
**     an integer of more than 4300 digits: Python's int conversion limit message;
**   - a number reaches the serializer as Python's str() of it: 1.0 -> "1.0", 1e400 ->
**     "inf", -0 -> "0"; \ud800 escapes give lone surrogates (kept as generalized UTF-8);
**   - duplicate keys: the last wins (a dict).
** Beyond PYJSON_MAX_DEPTH nested arrays/objects the outcome is PYBODY_TOO_DEEP, where
** Python (about 1000 deep, depending on the stack) raises RecursionError and DRF answers 500.
*/
#include "pybody.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INT_MAX_DIGITS 4300

enum jtype { J_DICT, J_LIST, J_STR, J_INT, J_FLOAT, J_BOOL, J_NULL };

struct scanner {
  const uint32_t *s;
  size_t len;
  const char *msg; /* a JSONDecodeError's message, at pos */
  size_t pos;
  char *value_error; /* another ValueError's text (malloc'd) */
  int too_deep, nomem;
  char *buf; /* the string being scanned, generalized UTF-8 */
  size_t buf_len, buf_cap;
};

/* A malloc'd copy of text (sets nomem on failure). */
static char *copy_text(struct scanner *sc, const char *text) {
  char *p = malloc(strlen(text) + 1);
  if (p == NULL)
    sc->nomem = 1;
  else
    strcpy(p, text);
  return p;
}

static int is_ws(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static size_t skip_ws(const struct scanner *sc, size_t i) {
  while (i < sc->len && is_ws(sc->s[i])) i++;
  return i;
}

static int fail(struct scanner *sc, const char *msg, size_t pos) {
  sc->msg = msg;
  sc->pos = pos;
  return -1;
}

static int buf_put(struct scanner *sc, uint32_t c) {
  if (sc->buf_len + 5 > sc->buf_cap) {
    size_t cap = sc->buf_cap ? sc->buf_cap * 2 : 64;
    char *p = malloc(cap);
    if (p == NULL) {
      sc->nomem = 1;
      return -1;
    }
    if (sc->buf) {
      memcpy(p, sc->buf, sc->buf_len);
      sodium_memzero(sc->buf, sc->buf_cap); /* may hold a password */
      free(sc->buf);
    }
    sc->buf = p;
    sc->buf_cap = cap;
  }
  sc->buf_len += py_utf8_put(c, sc->buf + sc->buf_len);
  sc->buf[sc->buf_len] = 0;
  return 0;
}

/* The value of hex digit c, or -1. */
static int hex_value(uint32_t c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
  return -1;
}

/* Four hex digits at s[at..at+4) into *c; 0, or -1 (not hex). */
static int hex4(const struct scanner *sc, size_t at, uint32_t *c) {
  *c = 0;
  for (size_t k = at; k < at + 4; k++) {
    int v = hex_value(sc->s[k]);
    if (v < 0) return -1;
    *c = (*c << 4) | (uint32_t)v;
  }
  return 0;
}

/* One backslash escape; *i is at the character after the backslash. scanstring_unicode. */
static int scan_escape(struct scanner *sc, size_t *i, size_t begin) {
  (void)begin;
  size_t next = *i;
  uint32_t c = sc->s[next];
  if (c != 'u') {
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *p = c < 128 && c ? strchr(from, (int)c) : NULL;
    if (p == NULL) return fail(sc, "Invalid \\escape", next - 1);
    *i = next + 1;
    return buf_put(sc, (uint32_t)(unsigned char)to[p - from]);
  }
  next++;
  size_t end = next + 4;
  if (end >= sc->len) return fail(sc, "Invalid \\uXXXX escape", next - 1);
  if (hex4(sc, next, &c) < 0) return fail(sc, "Invalid \\uXXXX escape", end - 5);
  next = end;
  if (c >= 0xD800 && c <= 0xDBFF && end + 6 < sc->len && sc->s[next] == '\\' &&
      sc->s[next + 1] == 'u') {
    uint32_t c2;
    end += 6;
    if (hex4(sc, next + 2, &c2) < 0) return fail(sc, "Invalid \\uXXXX escape", end - 5);
    if (c2 >= 0xDC00 && c2 <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
    } else {
      end -= 6;
    }
  }
  *i = end;
  return buf_put(sc, c);
}

/* A string whose opening quote is at begin - 1; its text is left in sc->buf. */
static int scan_string(struct scanner *sc, size_t begin, size_t *next_out) {
  size_t i = begin;
  sc->buf_len = 0;
  if (buf_put(sc, 0) < 0) return -1; /* allocates, then empty */
  sc->buf_len = 0;
  sc->buf[0] = 0;
  for (;;) {
    if (i >= sc->len) return fail(sc, "Unterminated string starting at", begin - 1);
    uint32_t c = sc->s[i];
    if (c == '"') break;
    if (c == '\\') {
      if (i + 1 >= sc->len) return fail(sc, "Unterminated string starting at", begin - 1);
      i++;
      if (scan_escape(sc, &i, begin) < 0) return -1;
      continue;
    }
    if (c <= 0x1f) return fail(sc, "Invalid control character at", i);
    if (buf_put(sc, c) < 0) return -1;
    i++;
  }
  *next_out = i + 1;
  return 0;
}

/* Copies the scanned string into *v. */
static int keep_string(struct scanner *sc, struct pyvalue *v, enum pyvalue_kind kind) {
  v->kind = kind;
  v->text = malloc(sc->buf_len + 1);
  if (v->text == NULL) {
    sc->nomem = 1;
    return -1;
  }
  memcpy(v->text, sc->buf, sc->buf_len + 1);
  v->len = sc->buf_len;
  return 0;
}

static int scan_value(struct scanner *sc, size_t idx, int depth, size_t *next, enum jtype *type,
                      struct pyvalue *want);

/* str() of the number s[start..end): an int is its digits (-0 is 0), a float its repr. */
static int number_text(struct scanner *sc, size_t start, size_t end, int is_float,
                       struct pyvalue *want) {
  size_t digits = end - start - (sc->s[start] == '-');
  if (!is_float && digits > INT_MAX_DIGITS) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "Exceeds the limit (%d digits) for integer string conversion: value has %zu digits; "
             "use sys.set_int_max_str_digits() to increase the limit",
             INT_MAX_DIGITS, digits);
    sc->value_error = copy_text(sc, msg);
    return -1;
  }
  if (want == NULL) return 0;
  sc->buf_len = 0;
  if (is_float) {
    char *ascii = malloc(end - start + 1), repr[32];
    if (ascii == NULL) {
      sc->nomem = 1;
      return -1;
    }
    for (size_t k = start; k < end; k++) ascii[k - start] = (char)sc->s[k];
    ascii[end - start] = 0;
    py_float_repr(strtod(ascii, NULL), repr);
    free(ascii);
    for (const char *p = repr; *p; p++) buf_put(sc, (uint32_t)*p);
  } else if (end - start == 2 && sc->s[start] == '-' && sc->s[start + 1] == '0') {
    buf_put(sc, '0');
  } else {
    for (size_t k = start; k < end; k++) buf_put(sc, sc->s[k]);
  }
  return sc->nomem ? -1 : keep_string(sc, want, PYVALUE_STRING);
}

/* _match_number_unicode: a number at idx, or "Expecting value" there. */
static int scan_number(struct scanner *sc, size_t idx, size_t *next, enum jtype *type,
                       struct pyvalue *want) {
  size_t start = idx, end_idx = sc->len - 1;
  int is_float = 0;
  const uint32_t *s = sc->s;
  if (s[idx] == '-' && ++idx > end_idx) return fail(sc, "Expecting value", start);
  if (s[idx] >= '1' && s[idx] <= '9') {
    idx++;
    while (idx <= end_idx && s[idx] >= '0' && s[idx] <= '9') idx++;
  } else if (s[idx] == '0') {
    idx++;
  } else {
    return fail(sc, "Expecting value", start);
  }
  if (idx < end_idx && s[idx] == '.' && s[idx + 1] >= '0' && s[idx + 1] <= '9') {
    is_float = 1;
    idx += 2;
    while (idx <= end_idx && s[idx] >= '0' && s[idx] <= '9') idx++;
  }
  if (idx < end_idx && (s[idx] == 'e' || s[idx] == 'E')) {
    size_t e_start = idx++;
    if (idx < end_idx && (s[idx] == '-' || s[idx] == '+')) idx++;
    while (idx <= end_idx && s[idx] >= '0' && s[idx] <= '9') idx++;
    if (s[idx - 1] >= '0' && s[idx - 1] <= '9')
      is_float = 1;
    else
      idx = e_start;
  }
  *type = is_float ? J_FLOAT : J_INT;
  *next = idx;
  return number_text(sc, start, idx, is_float, want);
}

/* _parse_object_unicode; at depth 0, keeps the last username and password values. */
static int scan_object(struct scanner *sc, size_t idx, int depth, size_t *next,
                       struct pybody *top) {
  size_t end_idx = sc->len - 1;
  idx = skip_ws(sc, idx);
  if (idx > end_idx || sc->s[idx] != '}') {
    for (;;) {
      size_t after;
      enum jtype type;
      if (idx > end_idx || sc->s[idx] != '"') {
        return fail(sc, "Expecting property name enclosed in double quotes", idx);
      }
      if (scan_string(sc, idx + 1, &after) < 0) return -1;
      struct pyvalue *field = NULL;
      if (top && strcmp(sc->buf, "username") == 0 && sc->buf_len == 8) field = &top->username;
      if (top && strcmp(sc->buf, "password") == 0 && sc->buf_len == 8) field = &top->password;
      idx = skip_ws(sc, after);
      if (idx > end_idx || sc->s[idx] != ':') return fail(sc, "Expecting ':' delimiter", idx);
      idx = skip_ws(sc, idx + 1);
      struct pyvalue value = {PYVALUE_MISSING, NULL, 0};
      int rc = scan_value(sc, idx, depth + 1, &after, &type, field ? &value : NULL);
      if (field && (rc == 0 || value.text)) {
        if (field->text) sodium_memzero(field->text, field->len);
        free(field->text);
        *field = value;
      }
      if (rc < 0) return -1;
      idx = skip_ws(sc, after);
      if (idx <= end_idx && sc->s[idx] == '}') break;
      if (idx > end_idx || sc->s[idx] != ',') return fail(sc, "Expecting ',' delimiter", idx);
      idx = skip_ws(sc, idx + 1);
    }
  }
  *next = idx + 1;
  return 0;
}

/* _parse_array_unicode. */
static int scan_array(struct scanner *sc, size_t idx, int depth, size_t *next) {
  size_t end_idx = sc->len - 1;
  idx = skip_ws(sc, idx);
  if (idx > end_idx || sc->s[idx] != ']') {
    for (;;) {
      size_t after;
      enum jtype type;
      if (scan_value(sc, idx, depth + 1, &after, &type, NULL) < 0) return -1;
      idx = skip_ws(sc, after);
      if (idx <= end_idx && sc->s[idx] == ']') break;
      if (idx > end_idx || sc->s[idx] != ',') return fail(sc, "Expecting ',' delimiter", idx);
      idx = skip_ws(sc, idx + 1);
    }
  }
  *next = idx + 1;
  return 0;
}

/* 1 if the code points at idx spell word. */
static int spells(const struct scanner *sc, size_t idx, const char *word) {
  size_t n = strlen(word);
  if (idx + n > sc->len) return 0;
  for (size_t k = 0; k < n; k++) {
    if (sc->s[idx + k] != (uint32_t)(unsigned char)word[k]) return 0;
  }
  return 1;
}

/* NaN, Infinity, -Infinity: DRF's strict_constant refuses them. */
static int constant(struct scanner *sc, const char *word) {
  char msg[80];
  snprintf(msg, sizeof msg, "Out of range float values are not JSON compliant: '%s'", word);
  sc->value_error = copy_text(sc, msg);
  return -1;
}

/* scan_once_unicode: one value at idx; *type says what it was; want (may be NULL) gets a
** string, number or null as the serializer sees it, anything else as PYVALUE_OTHER. */
static int scan_value(struct scanner *sc, size_t idx, int depth, size_t *next, enum jtype *type,
                      struct pyvalue *want) {
  if (idx >= sc->len) return fail(sc, "Expecting value", idx);
  if (depth >= PYJSON_MAX_DEPTH && (sc->s[idx] == '{' || sc->s[idx] == '[')) {
    sc->too_deep = 1; /* the container would be level PYJSON_MAX_DEPTH + 1 */
    return -1;
  }
  if (want) want->kind = PYVALUE_OTHER;
  switch (sc->s[idx]) {
  case '"':
    *type = J_STR;
    if (scan_string(sc, idx + 1, next) < 0) return -1;
    return want ? keep_string(sc, want, PYVALUE_STRING) : 0;
  case '{':
    *type = J_DICT;
    return scan_object(sc, idx + 1, depth, next, NULL);
  case '[':
    *type = J_LIST;
    return scan_array(sc, idx + 1, depth, next);
  case 'n':
    if (spells(sc, idx, "null")) {
      *type = J_NULL;
      *next = idx + 4;
      if (want) want->kind = PYVALUE_NULL;
      return 0;
    }
    break;
  case 't':
  case 'f':
    if (spells(sc, idx, "true") || spells(sc, idx, "false")) {
      *type = J_BOOL;
      *next = idx + (sc->s[idx] == 't' ? 4 : 5);
      return 0;
    }
    break;
  case 'N':
    if (spells(sc, idx, "NaN")) return constant(sc, "NaN");
    break;
  case 'I':
    if (spells(sc, idx, "Infinity")) return constant(sc, "Infinity");
    break;
  case '-':
    if (spells(sc, idx, "-Infinity")) return constant(sc, "-Infinity");
    break;
  default:
    break;
  }
  return scan_number(sc, idx, next, type, want);
}

/* "<msg>: line L column C (char P)", as JSONDecodeError formats itself. */
static char *decode_error_text(const struct scanner *sc) {
  size_t line = 1, last_nl = 0;
  int seen_nl = 0;
  for (size_t k = 0; k < sc->pos && k < sc->len; k++) {
    if (sc->s[k] == '\n') {
      line++;
      last_nl = k;
      seen_nl = 1;
    }
  }
  size_t col = seen_nl ? sc->pos - last_nl : sc->pos + 1;
  char *out = malloc(strlen(sc->msg) + 80);
  if (out) sprintf(out, "%s: line %zu column %zu (char %zu)", sc->msg, line, col, sc->pos);
  return out;
}

/* "JSON parse error - <what>" as DRF's ParseError detail. */
static void set_error(struct pybody *out, const char *what) {
  out->outcome = PYBODY_NOMEM;
  if (what == NULL) return;
  out->error = malloc(strlen(what) + 24);
  if (out->error == NULL) return;
  sprintf(out->error, "JSON parse error - %s", what);
  out->outcome = PYBODY_ERROR;
}

/* The top-level value decides what the serializer receives. */
static void scan_document(struct scanner *sc, struct pybody *out) {
  enum jtype type = J_NULL;
  size_t idx = skip_ws(sc, 0), end = 0;
  int rc;
  if (idx < sc->len && sc->s[idx] == '{') {
    type = J_DICT;
    rc = scan_object(sc, idx + 1, 0, &end, out); /* the level of a top-level array too */
  } else {
    rc = scan_value(sc, idx, 0, &end, &type, NULL);
  }
  if (rc == 0 && skip_ws(sc, end) != sc->len) rc = fail(sc, "Extra data", skip_ws(sc, end));
  if (rc == 0) {
    static const char *const names[] = {"dict", "list", "str", "int", "float", "bool", "NoneType"};
    out->outcome = type == J_DICT   ? PYBODY_FIELDS
                   : type == J_NULL ? PYBODY_NO_DATA
                                    : PYBODY_NOT_DICT;
    out->type_name = names[type];
  } else if (sc->nomem) {
    out->outcome = PYBODY_NOMEM;
  } else if (sc->too_deep) {
    out->outcome = PYBODY_TOO_DEEP;
  } else if (sc->value_error) {
    set_error(out, sc->value_error);
  } else {
    char *text = decode_error_text(sc);
    set_error(out, text);
    free(text);
  }
}

void pyjson_parse(const unsigned char *body, size_t n, struct pybody *out) {
  memset(out, 0, sizeof *out);
  uint32_t *cps = malloc((n ? n : 1) * sizeof *cps);
  if (cps == NULL) {
    out->outcome = PYBODY_NOMEM;
    return;
  }
  size_t at = 0, end = 0;
  const char *reason = NULL;
  long count = py_utf8_decode(body, n, 0, 0, cps, &at, &end, &reason);
  if (count < 0) {
    char what[160];
    if (end == at + 1) {
      snprintf(what, sizeof what, "'utf-8' codec can't decode byte 0x%02x in position %zu: %s",
               body[at], at, reason);
    } else {
      snprintf(what, sizeof what, "'utf-8' codec can't decode bytes in position %zu-%zu: %s", at,
               end - 1, reason);
    }
    set_error(out, what);
  } else if (count > 0 && cps[0] == 0xFEFF) {
    set_error(out, "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)");
  } else {
    struct scanner sc = {cps, (size_t)count, NULL, 0, NULL, 0, 0, NULL, 0, 0};
    scan_document(&sc, out);
    if (sc.buf) {
      sodium_memzero(sc.buf, sc.buf_cap);
      free(sc.buf);
    }
    free(sc.value_error);
  }
  sodium_memzero(cps, (n ? n : 1) * sizeof *cps);
  free(cps);
  if (out->outcome != PYBODY_FIELDS) {
    char *error = out->error;
    out->error = NULL;
    pybody_free(out);
    out->error = error;
    out->username.kind = out->password.kind = PYVALUE_MISSING;
  }
}

/* ---- shared helpers ---- */

size_t py_utf8_put(uint32_t c, char *buf) {
  unsigned char *b = (unsigned char *)buf;
  if (c < 0x80) {
    b[0] = (unsigned char)c;
    return 1;
  }
  if (c < 0x800) {
    b[0] = (unsigned char)(0xC0 | (c >> 6));
    b[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    b[0] = (unsigned char)(0xE0 | (c >> 12));
    b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    b[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
  }
  b[0] = (unsigned char)(0xF0 | (c >> 18));
  b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
  b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
  b[3] = (unsigned char)(0x80 | (c & 0x3F));
  return 4;
}

static int cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* One sequence at s[0..left) as CPython's stringlib utf8_decode judges it: > 0 its length
** (*cp set); 0 cut short by the end; < 0 invalid, -k meaning k bytes are in the error
** (-1 invalid start or first continuation, -2 second, -3 third). */
static int utf8_step(const unsigned char *s, size_t left, uint32_t *cp) {
  unsigned char c = s[0];
  if (c < 0x80) return *cp = c, 1;
  if (c < 0xC2) return -1;
  if (c < 0xE0) {
    if (left < 2) return 0;
    if (!cont(s[1])) return -1;
    return *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F), 2;
  }
  if (c < 0xF0) {
    if (left >= 2 && (!cont(s[1]) || (s[1] < 0xA0 ? c == 0xE0 : c == 0xED))) {
      /* CPython keeps ED A0..BF cut short by the end (final=False) as "end of data" */
      return (left == 2 && c == 0xED && cont(s[1])) ? -100 : -1;
    }
    if (left < 3) return 0;
    if (!cont(s[2])) return -2;
    return *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F), 3;
  }
  if (c < 0xF5) {
    if (left >= 2 && (!cont(s[1]) || (s[1] < 0x90 ? c == 0xF0 : c == 0xF4))) return -1;
    if (left >= 3 && !cont(s[2])) return -2;
    if (left < 4) return 0;
    if (!cont(s[3])) return -3;
    return *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                 ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F),
           4;
  }
  return -1;
}

long py_utf8_decode(const unsigned char *s, size_t n, int errors_replace, int final, uint32_t *out,
                    size_t *err_at, size_t *err_end, const char **reason) {
  size_t i = 0, o = 0;
  while (i < n) {
    uint32_t cp = 0;
    int k = utf8_step(s + i, n - i, &cp);
    if (k > 0) {
      out[o++] = cp;
      i += (size_t)k;
      continue;
    }
    if (k == -100 && !final && !errors_replace) break; /* dropped, as CPython does */
    if (k == -100) k = -1;
    if (k == 0 && !final) break;
    size_t len = k == 0 ? n - i : (size_t)-k;
    if (!errors_replace) {
      *err_at = i;
      *err_end = i + len;
      *reason = k == 0                                       ? "unexpected end of data"
                : (k == -1 && (s[i] < 0xC2 || s[i] >= 0xF5)) ? "invalid start byte"
                                                             : "invalid continuation byte";
      return -1;
    }
    out[o++] = 0xFFFD;
    i += len;
  }
  return (long)o;
}

void py_float_repr(double x, char *out) {
  if (x != x) {
    strcpy(out, "nan");
    return;
  }
  if (x == 1.0 / 0.0 || x == -1.0 / 0.0) {
    strcpy(out, x < 0 ? "-inf" : "inf");
    return;
  }
  char tmp[40];
  int p = 1;
  for (; p < 17; p++) { /* the shortest digits that read back as x */
    snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
    if (strtod(tmp, NULL) == x) break;
  }
  snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
  /* tmp is [-]d[.ddd]e[+-]XX: take the digits and the decimal exponent */
  char digits[24];
  size_t nd = 0;
  const char *q = tmp;
  int neg = *q == '-';
  if (neg) q++;
  for (; *q && *q != 'e'; q++) {
    if (*q != '.') digits[nd++] = *q;
  }
  int exp10 = atoi(q + 1), decpt = exp10 + 1;
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  digits[nd] = 0;
  char *o = out;
  if (neg) *o++ = '-';
  if (decpt > 16 || decpt < -3) { /* Python's repr: exponent form */
    *o++ = digits[0];
    if (nd > 1) o += sprintf(o, ".%s", digits + 1);
    sprintf(o, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
  } else if (decpt <= 0) {
    o += sprintf(o, "0.");
    for (int k = 0; k < -decpt; k++) *o++ = '0';
    strcpy(o, digits);
  } else if ((size_t)decpt >= nd) {
    o += sprintf(o, "%s", digits);
    for (size_t k = nd; k < (size_t)decpt; k++) *o++ = '0';
    strcpy(o, ".0");
  } else {
    memcpy(o, digits, (size_t)decpt);
    o += decpt;
    sprintf(o, ".%s", digits + decpt);
  }
}

void pybody_free(struct pybody *b) {
  struct pyvalue *v[] = {&b->username, &b->password};
  for (int k = 0; k < 2; k++) {
    if (v[k]->text) {
      sodium_memzero(v[k]->text, v[k]->len);
      free(v[k]->text);
    }
    v[k]->text = NULL;
    v[k]->len = 0;
  }
  free(b->error);
  b->error = NULL;
}
