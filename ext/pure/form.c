/*
** form.c: form bodies read as Django reads them for DRF's FormParser and MultiPartParser, in
** pure C (no SQLite). Follows Django 3.2 / Python 3.11:
**   application/x-www-form-urlencoded: QueryDict(body, encoding='utf-8'): the body decoded
**     as strict UTF-8, or as ISO-8859-1 when that fails; urllib.parse.parse_qsl with
**     keep_blank_values (split on '&', a piece without '=' is a name with an empty value,
**     '+' is a space, %XX runs decoded as UTF-8 with errors='replace'); the last value of a
**     name wins.
**   multipart/form-data: MultiPartParser: "Invalid Content-Type: <ct>" unless the value
**     starts with "multipart/" (case-sensitive), "Invalid non-ASCII Content-Type in
**     multipart: <ct>", "Invalid boundary in multipart: <boundary or None>" (cgi's
**     valid_boundary); then the body is cut at every "--<boundary>" (one CRLF before it
**     dropped); a part's headers must end with CRLFCRLF within its first 1024 bytes; its
**     last Content-Disposition line decides: a "name" makes it a field (its value decoded
**     as UTF-8 with errors='replace'), a non-empty "filename" a file (a file whose name is
**     empty, "." or ".." after removing directories is skipped). Files come after fields
**     (DRF merges request.FILES into request.data), so a file named "username" is what the
**     serializer sees. Header parameters follow django.http.multipartparser.parse_header:
**     quoted values, \" and \\ unescaped, RFC 2231 name*=utf-8''%.. values.
** Not followed (documented in the README): Content-Transfer-Encoding: base64 parts (Django
** decodes them), charsets other than UTF-8, html.unescape of file names, and Django's limits
** (DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_MEMORY_SIZE for multipart fields).
*/
#include "pybody.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable byte buffer, wiped when freed (it may hold a password). */
struct bytes {
  char *p;
  size_t len, cap;
  int nomem;
};

static void bytes_reserve(struct bytes *b, size_t more) {
  if (b->nomem || b->len + more + 1 <= b->cap) return;
  size_t cap = (b->len + more + 1) * 2;
  char *p = malloc(cap);
  if (p == NULL) {
    b->nomem = 1;
    return;
  }
  if (b->p) {
    memcpy(p, b->p, b->len);
    sodium_memzero(b->p, b->cap);
    free(b->p);
  }
  b->p = p;
  b->cap = cap;
}

static void bytes_add(struct bytes *b, const void *data, size_t n) {
  bytes_reserve(b, n);
  if (b->nomem) return;
  memcpy(b->p + b->len, data, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void bytes_put(struct bytes *b, uint32_t c) {
  char tmp[4];
  bytes_add(b, tmp, py_utf8_put(c, tmp));
}

static void bytes_free(struct bytes *b) {
  if (b->p) sodium_memzero(b->p, b->cap);
  free(b->p);
  memset(b, 0, sizeof *b);
}

/* bytes.decode('utf-8', 'replace') of s[0..n), appended to out. */
static void decode_replace(const unsigned char *s, size_t n, struct bytes *out) {
  uint32_t *cps = malloc((n ? n : 1) * sizeof *cps);
  if (cps == NULL) {
    out->nomem = 1;
    return;
  }
  long count = py_utf8_decode(s, n, 1, 1, cps, NULL, NULL, NULL);
  for (long k = 0; k < count; k++) bytes_put(out, cps[k]);
  sodium_memzero(cps, (n ? n : 1) * sizeof *cps);
  free(cps);
}

static int hex_digit(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned hex_byte(uint32_t hi, uint32_t lo) {
  unsigned h = hi <= '9' ? hi - '0' : (hi | 0x20) - 'a' + 10;
  unsigned l = lo <= '9' ? lo - '0' : (lo | 0x20) - 'a' + 10;
  return (h << 4) | l;
}

/* urllib.parse.unquote(s.replace('+', ' ')) of code points s[0..n), as UTF-8 into out:
** ASCII runs are %-decoded to bytes then decoded with errors='replace'; other characters
** pass as they are. */
static void unquote_plus(const uint32_t *s, size_t n, struct bytes *out) {
  size_t i = 0;
  while (i < n) {
    if (s[i] >= 0x80) {
      bytes_put(out, s[i++]);
      continue;
    }
    struct bytes run = {0};
    for (; i < n && s[i] < 0x80; i++) {
      unsigned char c = (unsigned char)(s[i] == '+' ? ' ' : s[i]);
      if (c == '%' && i + 2 < n && s[i + 1] < 0x80 && s[i + 2] < 0x80 && hex_digit(s[i + 1]) &&
          hex_digit(s[i + 2])) {
        c = (unsigned char)hex_byte(s[i + 1], s[i + 2]);
        i += 2;
      }
      bytes_add(&run, &c, 1);
    }
    if (run.nomem)
      out->nomem = 1;
    else
      decode_replace((const unsigned char *)run.p, run.len, out);
    bytes_free(&run);
  }
}

/* Sets *v to text (taking it over) with the given kind, dropping what it held. */
static void set_value(struct pyvalue *v, enum pyvalue_kind kind, struct bytes *text) {
  if (v->text) {
    sodium_memzero(v->text, v->len);
    free(v->text);
  }
  v->kind = kind;
  v->text = text->p ? text->p : calloc(1, 1);
  v->len = text->len;
  memset(text, 0, sizeof *text);
}

/* The field "username" or "password" that a decoded name designates, or NULL. */
static struct pyvalue *field_named(struct pybody *out, const struct bytes *name) {
  if (name->len != 8 || name->p == NULL) return NULL;
  if (memcmp(name->p, "username", 8) == 0) return &out->username;
  if (memcmp(name->p, "password", 8) == 0) return &out->password;
  return NULL;
}

/* One name=value piece of a query string (code points). */
static int urlencoded_pair(const uint32_t *s, size_t n, struct pybody *out) {
  size_t eq = 0;
  while (eq < n && s[eq] != '=') eq++;
  struct bytes name = {0}, value = {0};
  unquote_plus(s, eq, &name);
  struct pyvalue *field = field_named(out, &name);
  int nomem = name.nomem;
  if (field && !nomem) {
    if (eq < n) unquote_plus(s + eq + 1, n - eq - 1, &value);
    nomem = value.nomem;
    if (!nomem) set_value(field, PYVALUE_STRING, &value);
  }
  bytes_free(&name);
  bytes_free(&value);
  return nomem ? -1 : 0;
}

void form_parse_urlencoded(const unsigned char *body, size_t n, struct pybody *out) {
  memset(out, 0, sizeof *out);
  out->outcome = PYBODY_FIELDS;
  uint32_t *cps = malloc((n ? n : 1) * sizeof *cps);
  if (cps == NULL) {
    out->outcome = PYBODY_NOMEM;
    return;
  }
  size_t at, end;
  const char *reason;
  long count = py_utf8_decode(body, n, 0, 1, cps, &at, &end, &reason);
  if (count < 0) { /* QueryDict: "some user agents are misbehaving" */
    for (size_t k = 0; k < n; k++) cps[k] = body[k];
    count = (long)n;
  }
  size_t start = 0;
  for (size_t k = 0; k <= (size_t)count; k++) {
    if (k < (size_t)count && cps[k] != '&') continue;
    if (k > start && urlencoded_pair(cps + start, k - start, out) < 0) {
      out->outcome = PYBODY_NOMEM;
      break;
    }
    start = k + 1;
  }
  sodium_memzero(cps, (n ? n : 1) * sizeof *cps);
  free(cps);
}

/* ---- multipart ---- */

static int is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* bytes.strip() of s[*a..*b). */
static void strip(const unsigned char *s, size_t *a, size_t *b) {
  while (*a < *b && is_space(s[*a])) (*a)++;
  while (*b > *a && is_space(s[*b - 1])) (*b)--;
}

/* A parsed header line: its lowercased main value and the parameters we read. */
struct header {
  char key[64]; /* "content-disposition: form-data" lowercased, cut to fit */
  struct bytes name, filename, boundary;
  int has_name, has_filename, has_boundary;
};

static void header_free(struct header *h) {
  bytes_free(&h->name);
  bytes_free(&h->filename);
  bytes_free(&h->boundary);
}

/* name*=utf-8''%xx... (RFC 2231) into out; -1 where Django raises or we do not follow. */
static int rfc2231_value(const unsigned char *v, size_t n, struct bytes *out) {
  const unsigned char *q1 = memchr(v, '\'', n);
  const unsigned char *q2 = q1 ? memchr(q1 + 1, '\'', n - (size_t)(q1 + 1 - v)) : NULL;
  if (q2 == NULL || memchr(q2 + 1, '\'', n - (size_t)(q2 + 1 - v))) return -1;
  size_t enc_len = (size_t)(q1 - v);
  char enc[16] = {0};
  if (enc_len >= sizeof enc) return -1;
  for (size_t k = 0; k < enc_len; k++) enc[k] = (char)(v[k] | 0x20);
  if (strcmp(enc, "utf-8") != 0 && strcmp(enc, "utf8") != 0) return -1;
  const unsigned char *rest = q2 + 1;
  size_t rest_len = n - (size_t)(rest - v);
  uint32_t *cps = malloc((rest_len ? rest_len : 1) * sizeof *cps);
  if (cps == NULL) return -1;
  size_t at, end;
  const char *reason;
  long count = py_utf8_decode(rest, rest_len, 0, 1, cps, &at, &end, &reason);
  if (count >= 0) {
    struct bytes tmp = {0};
    for (long k = 0; k < count; k++) {
      if (cps[k] == '%' && k + 2 < count && hex_digit(cps[k + 1]) && hex_digit(cps[k + 2]) &&
          cps[k + 1] < 0x80 && cps[k + 2] < 0x80) {
        unsigned char c = (unsigned char)hex_byte(cps[k + 1], cps[k + 2]);
        bytes_add(&tmp, &c, 1);
        k += 2;
      } else {
        bytes_put(&tmp, cps[k]);
      }
    }
    decode_replace((const unsigned char *)tmp.p, tmp.len, out);
    bytes_free(&tmp);
  }
  free(cps);
  return count < 0 ? -1 : 0;
}

/* One parameter p[0..n) ("name=value"); -1 where Django's parse_header raises. */
static int header_param(const unsigned char *p, size_t n, struct header *h) {
  const unsigned char *eq = memchr(p, '=', n);
  if (eq == NULL) return 0;
  size_t a = 0, b = (size_t)(eq - p), va = b + 1, vb = n;
  strip(p, &a, &b);
  char name[16];
  size_t len = b - a;
  for (size_t k = a; k < b; k++) {
    if (p[k] >= 0x80) return -1; /* .decode('ascii') */
  }
  int rfc2231 = 0;
  if (len && p[b - 1] == '*') {
    len--;
    size_t quotes = 0;
    for (size_t k = 0; k < n; k++) quotes += p[k] == '\'';
    rfc2231 = quotes == 2;
  }
  if (len >= sizeof name) return 0;
  for (size_t k = 0; k < len; k++)
    name[k] = (char)(p[a + k] >= 'A' && p[a + k] <= 'Z' ? p[a + k] | 0x20 : p[a + k]);
  name[len] = 0;
  struct bytes *dst = strcmp(name, "name") == 0       ? &h->name
                      : strcmp(name, "filename") == 0 ? &h->filename
                      : strcmp(name, "boundary") == 0 ? &h->boundary
                                                      : NULL;
  if (dst == NULL) return 0;
  strip(p, &va, &vb);
  struct bytes value = {0};
  if (vb - va >= 2 && p[va] == '"' && p[vb - 1] == '"') {
    for (size_t k = va + 1; k < vb - 1; k++) { /* .replace('\\\\', '\\').replace('\\"', '"') */
      if (p[k] == '\\' && k + 1 < vb - 1 && p[k + 1] == '\\')
        k++;
      else if (p[k] == '\\' && k + 1 < vb - 1 && p[k + 1] == '"')
        k++;
      bytes_add(&value, p + k, 1);
    }
  } else {
    bytes_add(&value, p + va, vb - va);
  }
  if (value.p == NULL) bytes_add(&value, "", 0);
  if (rfc2231) {
    struct bytes decoded = {0};
    int rc = rfc2231_value((const unsigned char *)value.p, value.len, &decoded);
    bytes_free(&value);
    if (rc < 0) {
      bytes_free(&decoded);
      return -1;
    }
    if (decoded.p == NULL) bytes_add(&decoded, "", 0);
    value = decoded;
  }
  bytes_free(dst);
  *dst = value;
  if (dst == &h->name) h->has_name = 1;
  if (dst == &h->filename) h->has_filename = 1;
  if (dst == &h->boundary) h->has_boundary = 1;
  return 0;
}

/* parse_header(line): -1 where Django's raises (the line is then ignored). */
static int parse_header(const unsigned char *s, size_t n, struct header *h) {
  memset(h, 0, sizeof *h);
  size_t pos = 0;
  int first = 1;
  while (pos <= n) { /* _parse_header_params(b';' + line) */
    size_t end = pos, quotes = 0;
    while (end < n && (s[end] != ';' || quotes % 2)) quotes += s[end++] == '"';
    size_t a = pos, b = end;
    strip(s, &a, &b);
    if (first) {
      for (size_t k = a; k < b; k++) {
        if (s[k] >= 0x80) return -1;
      }
      size_t len = b - a < sizeof h->key - 1 ? b - a : sizeof h->key - 1;
      for (size_t k = 0; k < len; k++)
        h->key[k] = (char)(s[a + k] >= 'A' && s[a + k] <= 'Z' ? s[a + k] | 0x20 : s[a + k]);
      first = 0;
    } else if (header_param(s + a, b - a, h) < 0) {
      return -1;
    }
    pos = end + 1;
  }
  return 0;
}

/* "Multipart form parse error - <what><value>" as DRF's ParseError detail. */
static void multipart_error(struct pybody *out, const char *what, const unsigned char *value,
                            size_t n) {
  struct bytes msg = {0};
  const char *prefix = "Multipart form parse error - ";
  bytes_add(&msg, prefix, strlen(prefix));
  bytes_add(&msg, what, strlen(what));
  for (size_t k = 0; k < n; k++) bytes_put(&msg, value[k]); /* ISO-8859-1, as WSGI decodes */
  out->outcome = msg.nomem ? PYBODY_NOMEM : PYBODY_ERROR;
  out->error = msg.p;
}

/* cgi.valid_boundary: re.match(b"^[ -~]{0,200}[!-~]$", b) ('$' also before a final \n). */
static int valid_boundary(const unsigned char *b, size_t n) {
  if (n >= 2 && b[n - 1] == '\n') n--;
  if (n < 1 || n > 201 || b[n - 1] == ' ') return 0;
  for (size_t k = 0; k < n; k++) {
    if (b[k] < 0x20 || b[k] > 0x7e) return 0;
  }
  return 1;
}

/* The boundary of a multipart Content-Type, or 0 after setting Django's error. */
static int multipart_boundary(const unsigned char *ct, size_t ct_len, struct pybody *out,
                              struct bytes *boundary) {
  if (ct_len < 10 || memcmp(ct, "multipart/", 10) != 0) {
    multipart_error(out, "Invalid Content-Type: ", ct, ct_len);
    return 0;
  }
  for (size_t k = 0; k < ct_len; k++) {
    if (ct[k] >= 0x80) {
      multipart_error(out, "Invalid non-ASCII Content-Type in multipart: ", ct, ct_len);
      return 0;
    }
  }
  struct header h;
  int rc = parse_header(ct, ct_len, &h);
  int ok = rc == 0 && h.has_boundary && h.boundary.len > 0 &&
           valid_boundary((const unsigned char *)h.boundary.p, h.boundary.len);
  if (!ok) {
    if (rc == 0 && h.has_boundary && h.boundary.len > 0) {
      multipart_error(out, "Invalid boundary in multipart: ", (const unsigned char *)h.boundary.p,
                      h.boundary.len);
    } else {
      multipart_error(out, "Invalid boundary in multipart: None", NULL, 0);
    }
    header_free(&h);
    return 0;
  }
  *boundary = h.boundary;
  memset(&h.boundary, 0, sizeof h.boundary);
  header_free(&h);
  return 1;
}

/* Finds needle in hay[from..n); returns its offset or n. */
static size_t find(const unsigned char *hay, size_t n, size_t from, const char *needle, size_t m) {
  for (size_t k = from; m && k + m <= n; k++) {
    if (hay[k] == (unsigned char)needle[0] && memcmp(hay + k, needle, m) == 0) return k;
  }
  return n;
}

/* One part seg[0..n): its headers (within 1024 bytes) and, for a field or a file named
** username or password, its value. Files are kept aside: they come after every field. */
static int multipart_part(const unsigned char *seg, size_t n, struct pybody *out,
                          struct pyvalue *files) {
  size_t window = n < 1024 ? n : 1024;
  size_t header_end = find(seg, window, 0, "\r\n\r\n", 4);
  if (header_end == window) return 0; /* RAW */
  struct header disposition = {0};
  int has_disposition = 0;
  for (size_t a = 0; a <= header_end;) {
    size_t b = find(seg, header_end, a, "\r\n", 2);
    struct header h;
    if (parse_header(seg + a, b - a, &h) == 0 && strchr(h.key, ':')) {
      char *colon = strchr(h.key, ':');
      if ((size_t)(colon - h.key) == 19 && memcmp(h.key, "content-disposition", 19) == 0) {
        header_free(&disposition);
        disposition = h;
        has_disposition = 1;
        memset(&h, 0, sizeof h);
      }
    }
    header_free(&h);
    a = b + 2;
  }
  int rc = 0;
  if (has_disposition && disposition.has_name) {
    size_t a = 0, b = disposition.name.len;
    strip((const unsigned char *)disposition.name.p, &a, &b);
    struct bytes name = {0};
    decode_replace((const unsigned char *)disposition.name.p + a, b - a, &name);
    struct pyvalue *field = field_named(out, &name);
    if (field && disposition.has_filename && disposition.filename.len > 0) {
      struct bytes file_name = {0};
      decode_replace((const unsigned char *)disposition.filename.p, disposition.filename.len,
                     &file_name);
      const char *base = file_name.p ? file_name.p : "";
      for (const char *p = base; *p; p++) {
        if (*p == '/' || *p == '\\') base = p + 1;
      }
      if (strcmp(base, "") && strcmp(base, ".") && strcmp(base, "..")) {
        struct bytes kept = {0};
        bytes_add(&kept, base, strlen(base));
        set_value(&files[field == &out->username ? 0 : 1], PYVALUE_FILE, &kept);
      }
      bytes_free(&file_name);
    } else if (field) {
      struct bytes value = {0};
      decode_replace(seg + header_end + 4, n - header_end - 4, &value);
      if (value.nomem)
        rc = -1;
      else
        set_value(field, PYVALUE_STRING, &value);
      bytes_free(&value);
    }
    bytes_free(&name);
  }
  header_free(&disposition);
  return rc;
}

void form_parse_multipart(const unsigned char *content_type, size_t ct_len,
                          const unsigned char *body, size_t n, struct pybody *out) {
  memset(out, 0, sizeof *out);
  struct bytes boundary = {0}, sep = {0};
  if (!multipart_boundary(content_type, ct_len, out, &boundary)) return;
  out->outcome = PYBODY_FIELDS;
  bytes_add(&sep, "--", 2);
  bytes_add(&sep, boundary.p, boundary.len);
  struct pyvalue files[2] = {{PYVALUE_MISSING, NULL, 0}, {PYVALUE_MISSING, NULL, 0}};
  size_t start = 0;
  int rc = sep.nomem ? -1 : 0;
  while (rc == 0 && start < n) { /* InterBoundaryIter: segments between separators */
    size_t at = find(body, n, start, sep.p, sep.len), end = at;
    if (at < n && end > start && body[end - 1] == '\n') end--;
    if (at < n && end > start && body[end - 1] == '\r') end--;
    rc = multipart_part(body + start, end - start, out, files);
    start = at < n ? at + sep.len : n;
  }
  for (int k = 0; k < 2; k++) {
    struct pyvalue *field = k == 0 ? &out->username : &out->password;
    if (files[k].kind == PYVALUE_FILE) {
      struct bytes text = {files[k].text, files[k].len, files[k].len + 1, 0};
      set_value(field, PYVALUE_FILE, &text);
    }
  }
  if (rc < 0) out->outcome = PYBODY_NOMEM;
  bytes_free(&boundary);
  bytes_free(&sep);
}
