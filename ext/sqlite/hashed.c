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
** Flags: SQLITE_DIRECTONLY (token_purge writes; the others read tokens or settings). The
** call wrapper (call.c) does the rest as authtoken.c's table says.
*/
#include "args.h"
#include "functions.h"
#include "knox_token.h"
#include "timestamp.h"

SQLITE_EXTENSION_INIT3

int fn_token_purge(struct call *c) {
  sqlite3_int64 count = 0;
  int rc = call_gate(c);
  if (rc == SQLITE_OK) rc = store_purge(c->s, &count);
  if (rc == SQLITE_OK) sqlite3_result_int64(c->ctx, count);
  return rc;
}

int fn_token_digest(struct call *c) {
  const unsigned char *bytes;
  size_t len;
  if (arg_bytes(c, c->argv[0], "token", 0, &bytes, &len) <= 0) return SQLITE_OK;
  char digest[KNOX_DIGEST_HEX_LEN + 1];
  knox_digest(bytes, len, digest);
  sqlite3_result_text(c->ctx, digest, KNOX_DIGEST_HEX_LEN, SQLITE_TRANSIENT);
  return SQLITE_OK;
}

int fn_token_expiry(struct call *c) {
  timestamp_us now;
  char expiry[TIMESTAMP_SIZE];
  if (timestamp_now_us(&now) != 0) {
    report_error(c->ctx, c->fn->name, "cannot read the clock");
    return SQLITE_OK;
  }
  sqlite3_int64 ttl = settings_number(c->s, SETTING_TTL);
  if (ttl < 0) return SQLITE_OK; /* ttl 'none': never expires */
  if (timestamp_format_us(now + ttl * 1000000, expiry) != 0) {
    report_error(c->ctx, c->fn->name, "the ttl setting puts the expiry past 9999-12-31");
    return SQLITE_OK;
  }
  sqlite3_result_text(c->ctx, expiry, -1, SQLITE_TRANSIENT);
  return SQLITE_OK;
}

/* A stored Django time from a value: 0 with *out set, or -1 (NULL, not text, malformed). */
static int stored_time(sqlite3_value *v, timestamp_us *out) {
  const char *text = (const char *)sqlite3_value_text(v);
  if (sqlite3_value_type(v) != SQLITE_TEXT || text == NULL) return -1;
  return timestamp_parse(text, (size_t)sqlite3_value_bytes(v), out);
}

int fn_token_renewed(struct call *c) {
  timestamp_us now, expiry, created;
  char out[TIMESTAMP_SIZE];
  if (stored_time(c->argv[0], &expiry) != 0 || stored_time(c->argv[1], &created) != 0) {
    return SQLITE_OK;
  }
  if (timestamp_now_us(&now) != 0) {
    report_error(c->ctx, c->fn->name, "cannot read the clock");
    return SQLITE_OK;
  }
  int rc = settings_on(c->s, SETTING_AUTO_REFRESH)
               ? store_renewal(c->s, now, expiry, created, out)
               : SQLITE_DONE;
  if (rc == SQLITE_ROW) sqlite3_result_text(c->ctx, out, -1, SQLITE_TRANSIENT);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}
