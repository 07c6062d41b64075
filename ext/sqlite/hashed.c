/*
** hashed.c: the SQL functions of token schemes with digests and expiry (the knox scheme,
** scheme_knox.c) beyond those every scheme has, and the value-only helpers of their DML forms.
**
**   token_purge()          -> INTEGER how many expired tokens were deleted (what knox deletes
**                             while authenticating; token_user never writes). 0 under DRF's
**                             scheme, whose tokens never expire. Writes.
**   token_digest(token)    -> TEXT SHA-512 hex of the token's bytes: knox's digest. NULL
**                             gives NULL; a number: "token_digest: token must be TEXT or BLOB".
**                             Deterministic; writes nothing.
**   token_expiry()         -> TEXT now + the ttl setting as Django stores `expiry`, NULL for
**                             ttl 'none'. Writes nothing.
**   token_renewed(expiry, created) -> TEXT the expiry knox's AUTO_REFRESH would write for a
**                             token with that stored expiry and created (ttl, max_ttl,
**                             min_refresh_interval settings), or NULL when it would write
**                             nothing (expiry NULL, expired, the move too small, auto_refresh
**                             off) or either value is not a time Django writes. Writes nothing:
**                             the DML form of token_refresh,
**                             UPDATE knox_authtoken SET expiry = token_renewed(expiry, created)
**                             WHERE digest = token_digest(:token)
**                               AND token_renewed(expiry, created) IS NOT NULL
** Flags: SQLITE_DIRECTONLY (token_purge writes; the others read tokens or settings).
*/
#include "engine.h"
#include "functions.h"
#include "knox_token.h"
#include "timestamp.h"

SQLITE_EXTENSION_INIT3

void fn_token_purge(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc, (void)argv;
  struct store *s = sqlite3_user_data(ctx);
  if (engine_refuse_write(ctx, "token_purge", s)) return;
  sqlite3_int64 count = 0;
  store_enter(s);
  int rc = store_guard(s);
  if (rc == SQLITE_OK) rc = store_purge(s, &count);
  if (rc == SQLITE_OK) {
    sqlite3_result_int64(ctx, count);
  } else {
    report_store_error(ctx, "token_purge", s, rc);
  }
  store_leave(s);
}

void fn_token_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int type = sqlite3_value_type(argv[0]);
  if (type == SQLITE_NULL) return;
  if (type != SQLITE_TEXT && type != SQLITE_BLOB) {
    report_error(ctx, "token_digest", "token must be TEXT or BLOB");
    return;
  }
  const void *bytes = type == SQLITE_BLOB ? sqlite3_value_blob(argv[0]) : sqlite3_value_text(argv[0]);
  int len = sqlite3_value_bytes(argv[0]);
  if (bytes == NULL && len > 0) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  char digest[KNOX_DIGEST_HEX_LEN + 1];
  knox_digest(bytes, (size_t)len, digest);
  sqlite3_result_text(ctx, digest, KNOX_DIGEST_HEX_LEN, SQLITE_TRANSIENT);
}

void fn_token_expiry(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc, (void)argv;
  struct store *s = sqlite3_user_data(ctx);
  store_refresh(s, 1);
  timestamp_us now;
  char expiry[TIMESTAMP_SIZE];
  if (timestamp_now_us(&now) != 0) {
    report_error(ctx, "token_expiry", "cannot read the clock");
    return;
  }
  store_enter(s);
  sqlite3_int64 ttl = settings_number(s, SETTING_TTL);
  store_leave(s);
  if (ttl < 0) return; /* ttl 'none': never expires */
  if (timestamp_format_us(now + ttl * 1000000, expiry) != 0) {
    report_error(ctx, "token_expiry", "the ttl setting puts the expiry past 9999-12-31");
    return;
  }
  sqlite3_result_text(ctx, expiry, -1, SQLITE_TRANSIENT);
}

/* A stored Django time from a value: 0 with *out set, or -1 (NULL, not text, malformed). */
static int stored_time(sqlite3_value *v, timestamp_us *out) {
  const char *text = (const char *)sqlite3_value_text(v);
  if (sqlite3_value_type(v) != SQLITE_TEXT || text == NULL) return -1;
  return timestamp_parse(text, (size_t)sqlite3_value_bytes(v), out);
}

void fn_token_renewed(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  struct store *s = sqlite3_user_data(ctx);
  store_refresh(s, 1);
  timestamp_us now, expiry, created;
  char out[TIMESTAMP_SIZE];
  if (stored_time(argv[0], &expiry) != 0 || stored_time(argv[1], &created) != 0) return;
  if (timestamp_now_us(&now) != 0) {
    report_error(ctx, "token_renewed", "cannot read the clock");
    return;
  }
  store_enter(s);
  int rc = settings_on(s, SETTING_AUTO_REFRESH) ? store_renewal(s, now, expiry, created, out)
                                                : SQLITE_DONE;
  if (rc == SQLITE_ROW) {
    sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
  } else if (rc != SQLITE_DONE) {
    report_store_error(ctx, "token_renewed", s, rc);
  }
  store_leave(s);
}
