/*
** lookup.c: DRF's TokenAuthentication in SQL.
**
**   token_user(header)        -> the user's id exactly as the users table stores it (INTEGER
**                                for Django's AutoField, TEXT for a UUIDField), or NULL
**   token_auth_error(header)  -> TEXT DRF's AuthenticationFailed message, or NULL
**
** header: the Authorization header value as TEXT or BLOB; both are taken as the same raw
** bytes (NULs and invalid UTF-8 included). NULL means no header: both return NULL.
** token_user returns the id exactly where DRF would authenticate; token_auth_error returns
** one of DRF's five messages exactly where DRF would raise AuthenticationFailed:
**   Invalid token header. No credentials provided.
**   Invalid token header. Token string should not contain spaces.
**   Invalid token header. Token string should not contain invalid characters.
**   Invalid token.
**   User inactive or deleted.
** Another scheme (Basic, Bearer, ...) or an empty header: NULL from both.
** Errors: "token_user: header must be TEXT, BLOB or NULL" for a number; "token_user: no
** token table; run SELECT token_install()" when the table is missing; SQLite's own error
** (e.g. database is locked) prefixed with the function name.
** Under the knox scheme (scheme_knox.c) the same functions give knox's answer (knox's HTTP
** 500s answered as DRF would: invalid UTF-8 as above; a token row whose user is gone is no
** token), and two more authenticate a header, then write what the caller asked for:
**   token_revoke(header)  -> INTEGER 1 when the presented token authenticated and was deleted
**                            (knox's LogoutView), else 0; NULL header gives NULL.
**   token_refresh(header) -> the user's id as token_user gives it; with the auto_refresh
**                            setting on, a found unexpired token's expiry is renewed as knox's
**                            AUTO_REFRESH does (store_renew), even for an inactive user.
** Flags: SQLITE_DIRECTONLY (they read tokens). Statements: the cached lookup (store.c).
** A schema move seen mid-call runs the call once more (CALL_RETRY, call.c); token_revoke and
** token_refresh are writers (call_refuse_write first, call_guard before the write).
*/
#include "args.h"
#include "functions.h"
#include "header.h"

SQLITE_EXTENSION_INIT3

static const char *const MSG_INVALID_TOKEN = "Invalid token.";
static const char *const MSG_INACTIVE = "User inactive or deleted.";

/* What a call does besides answering: nothing (token_user, token_auth_error), or a write
** the caller asked for. */
enum action {
  ACT_NONE,
  ACT_REVOKE, /* token_revoke: delete the token once it authenticates (knox's LogoutView) */
  ACT_RENEW   /* token_refresh: knox's AUTO_REFRESH renewal of a found, unexpired token */
};

/* The outcome of authenticating one header. */
struct verdict {
  int ok;              /* 1: authenticated as user_id */
  struct user_id user_id; /* the user's id as stored (any key type); cleared by the caller */
  const char *failure; /* DRF's message, or NULL when DRF would not raise */
  enum action action;  /* the write asked for */
  sqlite3_int64 changed; /* rows the write changed */
};

/* The write asked for, after the lookup found the token (found) and judged it (v->ok). */
static int act(struct call *c, const struct header_parse *parsed, int found, struct verdict *v) {
  if (v->action == ACT_NONE || !found || (v->action == ACT_REVOKE && !v->ok)) return SQLITE_OK;
  int rc = call_guard(c);
  if (rc != SQLITE_OK) return rc;
  if (v->action == ACT_REVOKE)
    return store_revoke(c->s, parsed->key, (int)parsed->key_len, &v->changed);
  return store_renew(c->s, parsed->key, (int)parsed->key_len, &v->changed);
}

/* A key to look up: a verdict from the token and user rows. */
static int lookup_key(struct call *c, const struct header_parse *parsed, struct verdict *v) {
  int active = 0;
  int rc = store_find(c->s, parsed->key, (int)parsed->key_len, &v->user_id, &active);
  if (rc == SQLITE_DONE) {
    v->failure = MSG_INVALID_TOKEN;
  } else if (rc == SQLITE_ROW) {
    v->ok = active;
    v->failure = active ? NULL : MSG_INACTIVE;
  } else {
    return rc;
  }
  return act(c, parsed, rc == SQLITE_ROW, v);
}

/* A header refused before any lookup; checks first that the keyword setting is current. */
static int refuse_header(struct store *s, const struct header_parse *parsed, struct verdict *v) {
  int rc = store_check_fresh(s);
  if (rc == SQLITE_OK) v->failure = header_message(parsed->outcome);
  return rc;
}

/* Runs DRF's rules on the header argument: SQLITE_OK with *v filled (or after reporting a
** bad argument), STORE_RETRY when the schema moved (the wrapper runs the call again), or a
** store error for the wrapper to report. */
static int header_verdict(struct call *c, struct verdict *v) {
  struct store *s = c->s;
  sqlite3_value *arg = c->argv[0];
  v->ok = 0;
  v->failure = NULL;
  v->changed = 0;
  int type = sqlite3_value_type(arg);
  if (type == SQLITE_NULL) return SQLITE_OK;
  if (type != SQLITE_TEXT && type != SQLITE_BLOB) {
    report_error(c->ctx, c->fn->name, "header must be TEXT, BLOB or NULL");
    return CALL_DONE;
  }
  /* In a UTF-8 database a TEXT value's bytes are already UTF-8: reading them as a blob
  ** avoids the copy sqlite3_value_text makes to add a terminator to a bound parameter. */
  const unsigned char *bytes;
  size_t len;
  if (arg_read(c->ctx, arg, type == SQLITE_TEXT && !store_utf8(s), &bytes, &len)) return CALL_DONE;
  struct header_parse parsed;
  return header_parse(bytes, len, store_keyword(s), &parsed) == HEADER_KEY
             ? lookup_key(c, &parsed, v)
             : refuse_header(s, &parsed, v);
}

/* The answer for the header: token_user's (the user's id), token_auth_error's (DRF's
** message), token_revoke's (rows deleted) or token_refresh's (the id, after the renewal). */
static int answer_header(struct call *c, enum action action, int want_user) {
  struct verdict v;
  v.user_id.type = 0, v.user_id.bytes = NULL; /* empty, without zeroing its buffer */
  v.action = action;
  int rc = header_verdict(c, &v);
  if (rc != SQLITE_OK) {
  } else if (action == ACT_REVOKE) {
    sqlite3_result_int64(c->ctx, v.changed);
  } else if (want_user && v.ok && v.user_id.type == SQLITE_INTEGER) {
    sqlite3_result_int64(c->ctx, v.user_id.i); /* the usual key, without a call */
  } else if (want_user && v.ok) {
    userid_result(c->ctx, &v.user_id);
  } else if (!want_user && v.failure) {
    sqlite3_result_text(c->ctx, v.failure, -1, SQLITE_STATIC);
  }
  if (v.user_id.bytes) userid_clear(&v.user_id);
  return rc;
}

int fn_token_user(struct call *c) { return answer_header(c, ACT_NONE, 1); }

int fn_token_auth_error(struct call *c) { return answer_header(c, ACT_NONE, 0); }

/* token_revoke and token_refresh: NULL in, NULL out; else refused where a write in a read
** would do harm, then authenticate and the write asked for. */
static int authenticate_and(struct call *c, enum action action) {
  if (sqlite3_value_type(c->argv[0]) == SQLITE_NULL) return SQLITE_OK; /* NULL in, NULL out */
  int rc = call_refuse_write(c);
  return rc == SQLITE_OK ? answer_header(c, action, 1) : rc;
}

int fn_token_revoke(struct call *c) { return authenticate_and(c, ACT_REVOKE); }

int fn_token_refresh(struct call *c) { return authenticate_and(c, ACT_RENEW); }
