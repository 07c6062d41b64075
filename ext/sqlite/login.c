/*
** login.c: DRF's obtain_auth_token and Django's password hashes in SQL.
**
**   token_obtain(username, password) -> TEXT the exact JSON body DRF's obtain_auth_token view
**       sends (compact, as DRF's JSONRenderer writes it), to be sent with 200 or 400:
**         {"token":"<key>"}   the user's key, created if missing (200);
**         {"non_field_errors":["Unable to log in with provided credentials."]}   (400) for a
**             wrong password, an unknown or inactive user, an unusable or unknown hash;
**         field errors first, username then password (400): SQL NULL (a field not sent)
**             "This field is required.", empty "This field may not be blank.", a NUL
**             character "Null characters are not allowed.", e.g.
**             {"username":["This field may not be blank."]}.
**       The username is trimmed as DRF trims it (Python's str.strip()); the password never.
**       It is matched exactly against the username column (setting 'username_column').
**       Every refusal costs at least one default password hash (1,000,000 iterations of
**       PBKDF2-SHA256): an unknown user, an unusable, unknown or over-limit hash (Django
**       does this for unknown users only), and a wrong password against a weaker
**       pbkdf2_sha256 hash (Django's harden_runtime); see password.c.
**   token_password_check(password, encoded) -> INTEGER 1 or 0: Django's check_password
**       (harden_runtime included). Hashes over the limits in password.c are 0.
**   token_password_hash(password [, iterations]) -> TEXT a Django pbkdf2_sha256 hash
**       (default 1,000,000 iterations, Django 5.2's, at most 10,000,000; a 22-character
**       random salt).
** Under the knox scheme (scheme_knox.c) token_obtain is knox's LoginView with the documented
** AuthTokenSerializer: a new token per login, {"expiry":"2026-11-28T17:52:44.332984Z",
** "token":"<token>"} ("expiry":null with ttl 'none'), or knox's 403 body
** {"error":"Maximum amount of tokens allowed per user exceeded."} under limit_per_user; the
** 400 bodies are DRF's. knox's login also sets auth_user.last_login; this does not.
** A PBKDF2 hash in token_obtain or token_password_check stops on sqlite3_interrupt(): the
** call fails with "<function>: interrupted" and SQLITE_INTERRUPT (interrupt.c); argon2,
** scrypt and bcrypt run to the end once started (their limits bound them).
** Arguments are TEXT or BLOB (numbers are taken as their text in token_obtain); NULL gives
** NULL except in token_obtain, where it is a missing field. Text must be valid UTF-8:
** "token_obtain: username is not valid UTF-8". Flags: SQLITE_DIRECTONLY (passwords, keys,
** randomness). Our copies of hashes and keys are wiped; nothing secret enters a message.
*/
#include <sodium.h>
#include <string.h>

#include "args.h"
#include "functions.h"
#include "header.h"
#include "interrupt.h"
#include "password.h"
#include "secret.h"
#include "text.h"
#include "timestamp.h"

SQLITE_EXTENSION_INIT3

#define MSG_REQUIRED "This field is required."
#define MSG_BLANK "This field may not be blank."
#define MSG_NUL "Null characters are not allowed."
#define BODY_FAILED "{\"non_field_errors\":[\"Unable to log in with provided credentials.\"]}"

/* One form field after DRF's CharField validation. */
struct field {
  const char *name;
  const char *text;
  int len;
  const char *error; /* DRF's message, or NULL when valid */
};

/* Reads and validates one field; returns 0, or -1 after reporting an SQL error. */
static int read_field(sqlite3_context *ctx, sqlite3_value *arg, int trim, struct field *f) {
  f->error = NULL;
  if (sqlite3_value_type(arg) == SQLITE_NULL) {
    f->error = MSG_REQUIRED;
    return 0;
  }
  const unsigned char *bytes;
  size_t len, start = 0;
  if (arg_read(ctx, arg, sqlite3_value_type(arg) != SQLITE_BLOB, &bytes, &len)) return -1;
  if (!header_utf8_valid(bytes, len)) {
    char *msg = sqlite3_mprintf("%s is not valid UTF-8", f->name);
    report_error(ctx, "token_obtain", msg ? msg : "argument is not valid UTF-8");
    sqlite3_free(msg);
    return -1;
  }
  if (trim) len = text_strip_python(bytes, len, &start);
  f->text = (const char *)bytes + start;
  f->len = (int)len;
  if (len == 0)
    f->error = MSG_BLANK;
  else if (memchr(f->text, 0, len))
    f->error = MSG_NUL;
  return 0;
}

/* Appends "name":["message"] for a field with an error. */
static void append_field_error(sqlite3_str *out, const struct field *f) {
  if (f->error == NULL) return;
  if (sqlite3_str_length(out) > 1) sqlite3_str_appendchar(out, 1, ',');
  sqlite3_str_appendf(out, "\"%s\":[\"%s\"]", f->name, f->error);
}

/* {"username":["..."],"password":["..."]} for the fields that have errors. */
static void field_errors_body(sqlite3_context *ctx, const struct field *user,
                              const struct field *pass) {
  sqlite3_str *out = sqlite3_str_new(NULL);
  sqlite3_str_appendchar(out, 1, '{');
  append_field_error(out, user);
  append_field_error(out, pass);
  sqlite3_str_appendchar(out, 1, '}');
  int rc = sqlite3_str_errcode(out);
  char *body = sqlite3_str_finish(out);
  if (rc != SQLITE_OK || body == NULL) {
    sqlite3_free(body);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, body, -1, sqlite3_free);
}

/* {"token":"<key>"}, the key escaped as DRF's renderer escapes it, sqlite3_malloc'd. */
static char *token_body(const char *key, int key_len) {
  size_t size = TEXT_JSON_MAX((size_t)key_len) + 16;
  char *body = sqlite3_malloc64(size);
  if (body == NULL) return NULL;
  memcpy(body, "{\"token\":", 9);
  size_t n = 9 + text_json_string((const unsigned char *)key, (size_t)key_len, body + 9);
  body[n++] = '}';
  body[n] = 0;
  return body;
}

/* "<function>: interrupted" with SQLITE_INTERRUPT: sqlite3_interrupt() stopped a hash. */
static void report_interrupted(sqlite3_context *ctx, const char *function) {
  report_error(ctx, function, "interrupted");
  sqlite3_result_error_code(ctx, SQLITE_INTERRUPT);
}

/* Django's ModelBackend.authenticate: whether the credentials log in. Returns SQLITE_ROW
** (logged in, *user_id set), SQLITE_DONE (refused), SQLITE_INTERRUPT (sqlite3_interrupt()
** stopped the hash) or an error. Every refusal costs at least one default hash
** (password_login_check), whatever the reason. */
static int check_credentials(struct store *s, const struct field *user, const struct field *pass,
                             struct user_id *user_id) {
  char *encoded = NULL;
  int encoded_len = 0, can_login = 0;
  int rc = store_login(s, user->text, user->len, user_id, &encoded, &encoded_len, &can_login);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
    struct interrupt_probe probe;
    struct pbkdf2_poll poll = {interrupt_probe_asked, &probe, 0};
    interrupt_probe_init(&probe, store_db(s));
    int match = password_login_check(pass->text, (size_t)pass->len,
                                     rc == SQLITE_ROW ? encoded : NULL, (size_t)encoded_len, &poll);
    interrupt_probe_finish(&probe);
    if (match == PASSWORD_STOPPED) rc = SQLITE_INTERRUPT;
    else if (!(match == 1 && can_login && rc == SQLITE_ROW)) rc = SQLITE_DONE;
  }
  secret_free(encoded, (size_t)encoded_len); /* the whole copy, NUL bytes or not */
  return rc;
}

/* knox's LoginView body: {"expiry":"<ISO 8601>Z","token":"<token>"} ("expiry":null for a
** token that never expires), expiry as DRF's DateTimeField renders the stored UTC value
** (the 'T', the fraction only when not 0, 'Z'), sqlite3_malloc'd. */
static char *knox_body(const char *key, int key_len, const char *expiry) {
  char iso[TIMESTAMP_SIZE + 4];
  if (expiry[0]) sqlite3_snprintf(sizeof iso, iso, "\"%.10sT%sZ\"", expiry, expiry + 11);
  char *token = token_body(key, key_len); /* {"token":"..."} */
  char *body = token ? sqlite3_mprintf("{\"expiry\":%s,%s", expiry[0] ? iso : "null", token + 1)
                     : NULL;
  if (token) secret_free(token, strlen(token));
  return body;
}

/* Logged in: the user's key (get_or_create) as DRF's body in *body; under a scheme of many
** tokens per user (knox), a new token as knox's body, or knox's limit body with *status
** 403. SQLITE_NOTFOUND: the row logged in has a NULL key (INT PRIMARY KEY allows it). */
static int issue_body(struct store *s, const struct user_id *user_id, char **body, int *status) {
  char *key = NULL, expiry[TIMESTAMP_SIZE] = "";
  int key_len = 0;
  s->issued_expiry = expiry;
  int rc = store_issue(s, user_id, &key, &key_len);
  s->issued_expiry = NULL;
  if (rc == STORE_LIMIT) {
    *status = 403;
    *body = sqlite3_mprintf("{\"error\":\"%s\"}", store_error(s));
    return *body ? SQLITE_OK : SQLITE_NOMEM;
  }
  if (rc != SQLITE_OK) return rc;
  *body = store_scheme(s)->one_per_user ? token_body(key, key_len)
                                        : knox_body(key, key_len, expiry);
  secret_free(key, (size_t)key_len);
  return *body ? SQLITE_OK : SQLITE_NOMEM;
}

int login_answer(struct call *c, const char *user, int user_len, const char *pass, int pass_len,
                 char **body, int *status) {
  struct field u = {"username", user, user_len, NULL}, p = {"password", pass, pass_len, NULL};
  struct user_id user_id = {0}; /* as the users table stores it (any key type) */
  *body = NULL;
  int rc = call_gate(c); /* engine.c; current settings; no table calling us (guard.c) */
  if (rc == SQLITE_OK) rc = check_credentials(c->s, &u, &p, &user_id);
  if (rc == SQLITE_ROW) {
    *status = 200;
    rc = issue_body(c->s, &user_id, body, status);
  } else if (rc == SQLITE_DONE) {
    *body = sqlite3_mprintf("%s", BODY_FAILED);
    rc = *body ? SQLITE_OK : SQLITE_NOMEM;
    *status = 400;
  }
  if (rc == SQLITE_NOTFOUND) {
    report_error(c->ctx, c->fn->name, "the user's id is NULL; a token needs one");
    rc = CALL_DONE;
  } else if (rc == SQLITE_INTERRUPT) {
    report_interrupted(c->ctx, c->fn->name);
    rc = CALL_DONE;
  }
  userid_clear(&user_id);
  return rc;
}

int fn_token_obtain(struct call *c) {
  struct field user = {"username", NULL, 0, NULL}, pass = {"password", NULL, 0, NULL};
  if (read_field(c->ctx, c->argv[0], 1, &user) || read_field(c->ctx, c->argv[1], 0, &pass)) {
    return SQLITE_OK;
  }
  if (user.error || pass.error) {
    field_errors_body(c->ctx, &user, &pass);
    return SQLITE_OK;
  }
  char *body = NULL;
  int status = 0;
  int rc = login_answer(c, user.text, user.len, pass.text, pass.len, &body, &status);
  if (rc != SQLITE_OK) return rc;
  sqlite3_result_text(c->ctx, body, -1, SQLITE_TRANSIENT);
  secret_free(body, strlen(body));
  return SQLITE_OK;
}

int fn_token_password_check(struct call *c) {
  const unsigned char *pw = NULL, *encoded = NULL;
  size_t pw_len = 0, encoded_len = 0;
  if (arg_bytes(c, c->argv[0], "password", 0, &pw, &pw_len) <= 0) return SQLITE_OK;
  if (arg_bytes(c, c->argv[1], "encoded", 0, &encoded, &encoded_len) <= 0) return SQLITE_OK;
  struct interrupt_probe probe;
  struct pbkdf2_poll poll = {interrupt_probe_asked, &probe, 0};
  interrupt_probe_init(&probe, c->s->db);
  int match = password_check((const char *)pw, pw_len, (const char *)encoded, encoded_len, &poll);
  interrupt_probe_finish(&probe);
  if (match == PASSWORD_STOPPED)
    report_interrupted(c->ctx, c->fn->name);
  else
    sqlite3_result_int(c->ctx, match);
  return SQLITE_OK;
}

int fn_token_password_hash(struct call *c) {
  const unsigned char *pw = NULL;
  size_t pw_len = 0;
  unsigned long iterations = PASSWORD_DEFAULT_ITERATIONS;
  if (c->argc == 2) {
    sqlite3_int64 n = sqlite3_value_int64(c->argv[1]);
    if (sqlite3_value_type(c->argv[1]) != SQLITE_INTEGER || n < 1 ||
        (sqlite3_uint64)n > PASSWORD_MAX_ITERATIONS) {
      report_error(c->ctx, c->fn->name, "iterations must be an integer from 1 to 10000000");
      return SQLITE_OK;
    }
    iterations = (unsigned long)n;
  }
  if (arg_bytes(c, c->argv[0], "password", 0, &pw, &pw_len) <= 0) return SQLITE_OK;
  char out[PASSWORD_HASH_MAX];
  if (password_hash((const char *)pw, pw_len, iterations, out, sizeof out) != 0) {
    report_error(c->ctx, c->fn->name, "cannot hash the password");
    return SQLITE_OK;
  }
  sqlite3_result_text(c->ctx, out, -1, SQLITE_TRANSIENT);
  sodium_memzero(out, sizeof out);
  return SQLITE_OK;
}
