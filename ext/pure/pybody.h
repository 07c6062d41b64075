/*
** pybody.h: a request body read the way DRF's parsers read it for obtain_auth_token, in pure
** C (no SQLite). pyjson.c is Python's json module as DRF's JSONParser calls it; form.c is
** Django's QueryDict (application/x-www-form-urlencoded) and MultiPartParser
** (multipart/form-data). All of them reduce a body to what AuthTokenSerializer then sees:
** the values of "username" and "password", or the reason the body did not parse.
*/
#ifndef AUTHTOKEN_PYBODY_H
#define AUTHTOKEN_PYBODY_H

#include <stddef.h>
#include <stdint.h>

/* What the serializer gets for one field. */
enum pyvalue_kind {
  PYVALUE_MISSING, /* not in the data: "This field is required." */
  PYVALUE_NULL,    /* JSON null: "This field may not be null." */
  PYVALUE_STRING,  /* a str (numbers arrive here as Python's str() of them) */
  PYVALUE_OTHER,   /* a bool, list or dict: "Not a valid string." */
  PYVALUE_FILE     /* an uploaded file; text is its file name: "Not a valid string." */
};

/* A value; text is malloc'd, NUL-terminated, in generalized UTF-8 (lone surrogates, which
** JSON's \ud800 escapes produce, are kept as 3-byte ED A0..BF sequences). */
struct pyvalue {
  enum pyvalue_kind kind;
  char *text;
  size_t len;
};

/* How a body parsed. */
enum pybody_outcome {
  PYBODY_FIELDS,   /* a dict (or QueryDict): username and password are set */
  PYBODY_NOT_DICT, /* JSON whose top level is not an object: type_name is set */
  PYBODY_NO_DATA,  /* JSON null: "No data provided" */
  PYBODY_ERROR,    /* DRF's ParseError: error holds its detail (malloc'd) */
  PYBODY_TOO_DEEP, /* nesting beyond PYJSON_MAX_DEPTH (DRF: RecursionError, a 500) */
  PYBODY_NOMEM
};

struct pybody {
  enum pybody_outcome outcome;
  struct pyvalue username, password;
  const char *type_name; /* "list", "str", "int", "float" or "bool" */
  char *error;
};

#define PYJSON_MAX_DEPTH 500

/* Parses a JSON body (UTF-8 bytes) as json.load(codecs.getreader('utf-8')(stream)) with
** DRF's strict_constant. Fills *out; free it with pybody_free(). */
void pyjson_parse(const unsigned char *body, size_t n, struct pybody *out);

/* Parses an application/x-www-form-urlencoded body as QueryDict(body, encoding='utf-8'). */
void form_parse_urlencoded(const unsigned char *body, size_t n, struct pybody *out);

/* Parses a multipart/form-data body as Django's MultiPartParser, given the whole Content-Type
** value (as the server decoded it: ISO-8859-1 bytes). */
void form_parse_multipart(const unsigned char *content_type, size_t ct_len,
                          const unsigned char *body, size_t n, struct pybody *out);

/* Wipes and frees what a parse allocated (the password included). */
void pybody_free(struct pybody *b);

/* ---- shared helpers (pyjson.c) ---- */

/* Python's bytes.decode('utf-8'): decodes s[0..n) into code points out[] (n entries room).
** errors_replace: each invalid sequence becomes U+FFFD (errors='replace', final) and the
** result is >= 0. Otherwise strict: returns -1 at the first error, with *err_at and
** *err_end (byte range) and *reason set; with final == 0 a sequence cut short by the end
** of the data is dropped silently (a StreamReader's read()). Returns the count decoded. */
long py_utf8_decode(const unsigned char *s, size_t n, int errors_replace, int final, uint32_t *out,
                    size_t *err_at, size_t *err_end, const char **reason);

/* Appends code point c to buf (generalized UTF-8, surrogates allowed); returns bytes
** written (1 to 4). */
size_t py_utf8_put(uint32_t c, char *buf);

/* Python's repr(float(x)): "1e+16", "0.0001", "1.5e-07", "inf", "-0.0". out: 32 bytes. */
void py_float_repr(double x, char *out);

#endif
