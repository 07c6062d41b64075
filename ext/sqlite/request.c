/*
** request.c: DRF's obtain_auth_token for a whole HTTP request body, so that a web handler in
** any language answers as DRF does without parsing the body itself.
**
**   token_obtain_request(content_type, body) -> TEXT {"status":<code>,"body":<DRF's body>}
**       content_type: the Content-Type header's bytes as received (TEXT or BLOB, read as
**           ISO-8859-1 as WSGI servers read headers); NULL for no header.
**       body: the request body's bytes (BLOB or TEXT); NULL or empty for none.
**       The result is compact JSON whose "body" member is, byte for byte, what DRF sends
**       (JSONRenderer: compact, UTF-8), e.g. {"status":200,"body":{"token":"9944b0..."}};
**       SQL can split it with ->>'status' and ->'body' (SQLite's -> keeps the bytes).
**       DRF's steps, in order:
**         no body: both fields "This field is required." (400), whatever the type;
**         the parser by media type (FormParser, MultiPartParser, JSONParser, matched as DRF's
**           _MediaType does: case-insensitive, "*" wildcards); none:
**           415 {"detail":"Unsupported media type \"<content type>\" in request."};
**         a parse error: 400 {"detail":"JSON parse error - ..."} or
**           {"detail":"Multipart form parse error - ..."} (pyjson.c, form.c);
**         JSON that is not an object: 400 {"non_field_errors":["Invalid data. Expected a
**           dictionary, but got list."]}, null: {"non_field_errors":["No data provided"]};
**         each field as DRF's CharField checks it (username trimmed, password not): missing
**           "This field is required.", null "This field may not be null.", blank "This
**           field may not be blank.", a bool, list, object or file "Not a valid string.",
**           then "Null characters are not allowed." and "Surrogate characters are not
**           allowed: U+D800."; numbers are taken as Python's str() of them;
**         then token_obtain's login (login.c): 200 {"token":"<key>"} or 400
**           {"non_field_errors":["Unable to log in with provided credentials."]}.
**   Errors: "token_obtain_request: content_type must be TEXT, BLOB or NULL" (and body),
**   "token_obtain_request: JSON nested deeper than 500 levels" (DRF: a 500), and
**   token_obtain's. Flags: SQLITE_DIRECTONLY (reads passwords, writes a token). Copies of
**   the password and the key are wiped.
*/
#include <string.h>

#include "args.h"
#include "functions.h"
#include "pybody.h"
#include "secret.h"
#include "text.h"

SQLITE_EXTENSION_INIT3

enum parser { PARSER_NONE, PARSER_FORM, PARSER_MULTIPART, PARSER_JSON };

/* 1 if s[0..n) equals word (ASCII case-insensitively) or is the wildcard. */
static int type_part_matches(const unsigned char *s, size_t n, const char *word) {
  if (n == 1 && s[0] == '*') return 1;
  return strlen(word) == n && sqlite3_strnicmp((const char *)s, word, (int)n) == 0;
}

/* DRF's select_parser for ObtainAuthToken's parsers, on the media type before any ';'. */
static enum parser select_parser(const unsigned char *ct, size_t n) {
  size_t end = 0, quotes = 0, a = 0;
  while (end < n && (ct[end] != ';' || quotes % 2)) quotes += ct[end++] == '"';
  while (a < end && (ct[a] == ' ' || (ct[a] >= '\t' && ct[a] <= '\r'))) a++;
  while (end > a && (ct[end - 1] == ' ' || (ct[end - 1] >= '\t' && ct[end - 1] <= '\r'))) end--;
  size_t slash = a;
  while (slash < end && ct[slash] != '/') slash++;
  for (size_t k = a; k < end; k++) {
    if (ct[k] >= 0x80) return PARSER_NONE; /* DRF: UnicodeDecodeError, a 500 */
  }
  const unsigned char *main_type = ct + a, *sub = ct + slash + (slash < end);
  size_t main_len = slash - a, sub_len = slash < end ? end - slash - 1 : 0;
  static const struct {
    const char *main, *sub;
    enum parser p;
  } parsers[] = {
      {"application", "x-www-form-urlencoded", PARSER_FORM},
      {"multipart", "form-data", PARSER_MULTIPART},
      {"application", "json", PARSER_JSON},
  };
  for (size_t k = 0; k < 3; k++) {
    if (type_part_matches(main_type, main_len, parsers[k].main) &&
        type_part_matches(sub, sub_len, parsers[k].sub)) {
      return parsers[k].p;
    }
  }
  return PARSER_NONE;
}

/* Appends s[0..n) (valid UTF-8) as a JSON string, as DRF's renderer writes it: escaped in
** pieces cut between characters, the quotes of each piece dropped. */
static void append_json_string(sqlite3_str *out, const char *s, size_t n) {
  char tmp[TEXT_JSON_MAX(64)];
  sqlite3_str_appendchar(out, 1, '"');
  for (size_t at = 0; at < n;) {
    size_t end = at + 64 < n ? at + 64 : n;
    while (end < n && end > at && (s[end] & 0xC0) == 0x80) end--;
    size_t len = text_json_string((const unsigned char *)s + at, end - at, tmp);
    sqlite3_str_append(out, tmp + 1, (int)len - 2);
    at = end;
  }
  sqlite3_str_appendchar(out, 1, '"');
}

/* The first lone surrogate in generalized UTF-8 text, or 0. */
static unsigned first_surrogate(const char *text, size_t n) {
  const unsigned char *s = (const unsigned char *)text;
  for (size_t k = 0; k + 2 < n; k++) {
    if (s[k] == 0xED && s[k + 1] >= 0xA0)
      return 0xD000u | ((s[k + 1] & 0x3Fu) << 6) | (s[k + 2] & 0x3Fu);
  }
  return 0;
}

/* CharField.run_validation for one value: appends "name":[messages] when it fails, and
** points *text and *len at the validated value (trimmed when trim). Returns 1 if it failed. */
static int check_field(sqlite3_str *out, const char *name, const struct pyvalue *v, int trim,
                       const char **text, size_t *len) {
  const char *msgs[2] = {NULL, NULL};
  size_t start = 0, n = v->len;
  if (v->kind == PYVALUE_MISSING)
    msgs[0] = "This field is required.";
  else if (v->kind == PYVALUE_STRING || v->kind == PYVALUE_FILE) {
    if (trim) n = text_strip_python((const unsigned char *)v->text, v->len, &start);
    if (v->len == 0 || n == 0)
      msgs[0] = "This field may not be blank.";
    else if (v->kind == PYVALUE_FILE)
      msgs[0] = "Not a valid string.";
  } else if (v->kind == PYVALUE_NULL)
    msgs[0] = "This field may not be null.";
  else
    msgs[0] = "Not a valid string.";
  char surrogate[48];
  if (msgs[0] == NULL) {
    unsigned sc = first_surrogate(v->text + start, n);
    int k = 0;
    if (memchr(v->text + start, 0, n)) msgs[k++] = "Null characters are not allowed.";
    if (sc) {
      sqlite3_snprintf(sizeof surrogate, surrogate, "Surrogate characters are not allowed: U+%X.",
                       sc);
      msgs[k++] = surrogate;
    }
  }
  *text = v->text ? v->text + start : "";
  *len = n;
  if (msgs[0] == NULL) return 0;
  if (sqlite3_str_length(out) > 1) sqlite3_str_appendchar(out, 1, ',');
  sqlite3_str_appendf(out, "\"%s\":[", name);
  for (int k = 0; k < 2 && msgs[k]; k++) {
    if (k) sqlite3_str_appendchar(out, 1, ',');
    append_json_string(out, msgs[k], strlen(msgs[k]));
  }
  sqlite3_str_appendchar(out, 1, ']');
  return 1;
}

/* Sets the result to {"status":status,"body":<out's text>} and frees out. */
static void finish(sqlite3_context *ctx, int status, sqlite3_str *out) {
  int rc = sqlite3_str_errcode(out);
  char *body = sqlite3_str_finish(out);
  if (rc != SQLITE_OK || body == NULL) {
    sqlite3_free(body);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  char *result = sqlite3_mprintf("{\"status\":%d,\"body\":%s}", status, body);
  secret_free(body, strlen(body));
  if (result == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, result, -1, SQLITE_TRANSIENT);
  secret_free(result, strlen(result));
}

/* {"detail":"<message>"} or {"non_field_errors":["<message>"]} with 400 or 415. */
static void answer_message(sqlite3_context *ctx, int status, const char *key, int list,
                           const char *message, size_t len) {
  sqlite3_str *out = sqlite3_str_new(NULL);
  sqlite3_str_appendf(out, "{\"%s\":%s", key, list ? "[" : "");
  append_json_string(out, message, len);
  sqlite3_str_appendf(out, "%s}", list ? "]" : "");
  finish(ctx, status, out);
}

/* The serializer's answer for parsed fields: field errors, or the login. Returns as run
** does (call.h). */
static int answer_fields(struct call *c, const struct pybody *b) {
  const char *user, *pass;
  size_t user_len, pass_len;
  sqlite3_str *out = sqlite3_str_new(NULL);
  sqlite3_str_appendchar(out, 1, '{');
  int failed = check_field(out, "username", &b->username, 1, &user, &user_len);
  failed |= check_field(out, "password", &b->password, 0, &pass, &pass_len);
  if (failed) {
    sqlite3_str_appendchar(out, 1, '}');
    finish(c->ctx, 400, out);
    return SQLITE_OK;
  }
  sqlite3_free(sqlite3_str_finish(out));
  char *body = NULL;
  int status = 0;
  int rc = login_answer(c, user, (int)user_len, pass, (int)pass_len, &body, &status);
  if (rc != SQLITE_OK) return rc;
  out = sqlite3_str_new(NULL);
  sqlite3_str_appendall(out, body);
  secret_free(body, strlen(body));
  finish(c->ctx, status, out);
  return SQLITE_OK;
}

/* What the parser made of the body, as DRF answers it. Returns as run does (call.h). */
static int answer_body(struct call *c, const struct pybody *b) {
  sqlite3_context *ctx = c->ctx;
  char msg[80];
  switch (b->outcome) {
  case PYBODY_FIELDS:
    return answer_fields(c, b);
  case PYBODY_ERROR:
    answer_message(ctx, 400, "detail", 0, b->error, strlen(b->error));
    break;
  case PYBODY_NO_DATA:
    answer_message(ctx, 400, "non_field_errors", 1, "No data provided", 16);
    break;
  case PYBODY_NOT_DICT:
    sqlite3_snprintf(sizeof msg, msg, "Invalid data. Expected a dictionary, but got %s.",
                     b->type_name);
    answer_message(ctx, 400, "non_field_errors", 1, msg, strlen(msg));
    break;
  case PYBODY_TOO_DEEP:
    report_error(ctx, c->fn->name, "JSON nested deeper than 500 levels");
    break;
  default:
    sqlite3_result_error_nomem(ctx);
    break;
  }
  return SQLITE_OK;
}

/* 415 {"detail":"Unsupported media type \"<content type>\" in request."}, the type's bytes
** read as ISO-8859-1 (%c writes the code point). */
static void answer_unsupported(sqlite3_context *ctx, const unsigned char *ct, size_t ct_len) {
  sqlite3_str *msg = sqlite3_str_new(NULL);
  sqlite3_str_appendall(msg, "Unsupported media type \"");
  for (size_t k = 0; k < ct_len; k++) sqlite3_str_appendf(msg, "%c", (unsigned)ct[k]);
  sqlite3_str_appendall(msg, "\" in request.");
  int len = sqlite3_str_length(msg);
  char *text = sqlite3_str_finish(msg);
  if (text == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  answer_message(ctx, 415, "detail", 0, text, (size_t)len);
  sqlite3_free(text);
}

int fn_token_obtain_request(struct call *c) {
  const unsigned char *ct, *body;
  size_t ct_len, body_len;
  if (arg_bytes(c, c->argv[0], "content_type", 1, &ct, &ct_len) < 0) return SQLITE_OK;
  if (arg_bytes(c, c->argv[1], "body", 1, &body, &body_len) < 0) return SQLITE_OK;
  struct pybody b;
  memset(&b, 0, sizeof b);
  if (body_len == 0) { /* DRF: no stream, empty data, whatever the content type */
    b.outcome = PYBODY_FIELDS;
    return answer_body(c, &b);
  }
  switch (select_parser(ct, ct_len)) {
  case PARSER_FORM:
    form_parse_urlencoded(body, body_len, &b);
    break;
  case PARSER_MULTIPART:
    form_parse_multipart(ct, ct_len, body, body_len, &b);
    break;
  case PARSER_JSON:
    pyjson_parse(body, body_len, &b);
    break;
  default:
    answer_unsupported(c->ctx, ct, ct_len);
    return SQLITE_OK;
  }
  int rc = answer_body(c, &b);
  pybody_free(&b);
  return rc;
}
