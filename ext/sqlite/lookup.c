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
*/
#include "engine.h"
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
static int act(struct store *s, const struct header_parse *parsed, int found, struct verdict *v) {
  if (v->action == ACT_NONE || !found || (v->action == ACT_REVOKE && !v->ok)) return SQLITE_OK;
  int rc = store_guard(s);
  if (rc != SQLITE_OK) return rc;
  if (v->action == ACT_REVOKE) return store_revoke(s, parsed->key, (int)parsed->key_len, &v->changed);
  return store_renew(s, parsed->key, (int)parsed->key_len, &v->changed);
}

/* A key to look up: a verdict from the token and user rows. */
static int lookup_key(struct store *s, const struct header_parse *parsed, struct verdict *v) {
  int active = 0;
  int rc = store_find(s, parsed->key, (int)parsed->key_len, &v->user_id, &active);
  if (rc == SQLITE_DONE) {
    v->failure = MSG_INVALID_TOKEN;
  } else if (rc == SQLITE_ROW) {
    v->ok = active;
    v->failure = active ? NULL : MSG_INACTIVE;
  } else {
    return rc;
  }
  return act(s, parsed, rc == SQLITE_ROW, v);
}

/* A header refused before any lookup; checks first that the keyword setting is current. */
static int refuse_header(struct store *s, const struct header_parse *parsed, struct verdict *v) {
  int rc = store_check_fresh(s);
  if (rc == SQLITE_OK) v->failure = header_message(parsed->outcome);
  return rc;
}

/* Runs DRF's rules on the argument; returns SQLITE_OK with *v filled, or an error that has
** already been reported on ctx. */
static int authenticate(sqlite3_context *ctx, const char *function, sqlite3_value *arg,
                        struct verdict *v) {
  struct store *s = sqlite3_user_data(ctx);
  v->ok = 0;
  v->failure = NULL;
  v->changed = 0;
  int type = sqlite3_value_type(arg);
  if (type == SQLITE_NULL) return SQLITE_OK;
  if (type != SQLITE_TEXT && type != SQLITE_BLOB) {
    report_error(ctx, function, "header must be TEXT, BLOB or NULL");
    return SQLITE_MISMATCH;
  }
  /* In a UTF-8 database a TEXT value's bytes are already UTF-8: reading them as a blob
  ** avoids the copy sqlite3_value_text makes to add a terminator to a bound parameter. */
  const unsigned char *bytes = type == SQLITE_BLOB || store_utf8(s) ? sqlite3_value_blob(arg)
                                                                     : sqlite3_value_text(arg);
  int len = sqlite3_value_bytes(arg);
  if (bytes == NULL && len > 0) {
    sqlite3_result_error_nomem(ctx);
    return SQLITE_NOMEM;
  }
  for (int attempt = 0;; attempt++) {
    struct header_parse parsed;
    int rc = header_parse(bytes, (size_t)len, store_keyword(s), &parsed) == HEADER_KEY
                 ? lookup_key(s, &parsed, v)
                 : refuse_header(s, &parsed, v);
    if (rc == STORE_RETRY && attempt == 0) continue; /* schema or settings moved */
    if (rc != SQLITE_OK) report_store_error(ctx, function, s, rc);
    return rc;
  }
}

void fn_token_user(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  struct store *s = sqlite3_user_data(ctx);
  struct verdict v;
  v.user_id.type = 0, v.user_id.bytes = NULL; /* empty, without zeroing its buffer */
  v.action = ACT_NONE;
  store_enter(s);
  if (authenticate(ctx, "token_user", argv[0], &v) == SQLITE_OK && v.ok) {
    if (v.user_id.type == SQLITE_INTEGER) {
      sqlite3_result_int64(ctx, v.user_id.i); /* the usual key, without a call */
    } else {
      userid_result(ctx, &v.user_id);
    }
  }
  if (v.user_id.bytes) userid_clear(&v.user_id);
  store_leave(s);
}

void fn_token_auth_error(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  struct store *s = sqlite3_user_data(ctx);
  struct verdict v;
  v.user_id.type = 0, v.user_id.bytes = NULL; /* empty, without zeroing its buffer */
  v.action = ACT_NONE;
  store_enter(s);
  if (authenticate(ctx, "token_auth_error", argv[0], &v) == SQLITE_OK && v.failure) {
    sqlite3_result_text(ctx, v.failure, -1, SQLITE_STATIC);
  }
  if (v.user_id.bytes) userid_clear(&v.user_id);
  store_leave(s);
}

/* token_revoke and token_refresh: authenticate, then the write asked for. */
static void authenticate_and(sqlite3_context *ctx, sqlite3_value *arg, const char *function,
                             enum action action) {
  struct store *s = sqlite3_user_data(ctx);
  if (sqlite3_value_type(arg) == SQLITE_NULL) return; /* NULL in, NULL out */
  if (engine_refuse_write(ctx, function, s)) return;
  struct verdict v;
  v.user_id.type = 0, v.user_id.bytes = NULL;
  v.action = action;
  store_enter(s);
  if (authenticate(ctx, function, arg, &v) == SQLITE_OK) {
    if (action == ACT_REVOKE) {
      sqlite3_result_int64(ctx, v.changed);
    } else if (v.ok) {
      userid_result(ctx, &v.user_id);
    }
  }
  if (v.user_id.bytes) userid_clear(&v.user_id);
  store_leave(s);
}

void fn_token_revoke(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  authenticate_and(ctx, argv[0], "token_revoke", ACT_REVOKE);
}

void fn_token_refresh(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  authenticate_and(ctx, argv[0], "token_refresh", ACT_RENEW);
}
