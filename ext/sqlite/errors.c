/*
** errors.c: how every SQL function reports failure.
**
** Messages read "<function>: <what is wrong>" and never contain a key or a password.
** The message is set first, then SQLite's specific code (BUSY, READONLY, ...) where the
** failure came from SQLite, so callers can retry on SQLITE_BUSY as usual; a caller with
** extended result codes on gets SQLite's extended code unchanged (SQLITE_READONLY_DBMOVED,
** SQLITE_CONSTRAINT_UNIQUE, ...). Our own codes (store.h) are negative and never passed on.
*/
#include "functions.h"
#include "locate.h"

SQLITE_EXTENSION_INIT3

void report_error(sqlite3_context *ctx, const char *function, const char *message) {
  char *text = sqlite3_mprintf("%s: %s", function, message);
  if (text == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_error(ctx, text, -1);
  sqlite3_free(text);
}

void report_store_error(sqlite3_context *ctx, const char *function, struct store *s, int rc) {
  if (rc == SQLITE_NOMEM) {
    sqlite3_result_error_nomem(ctx);
  } else if (rc == STORE_NO_TABLE) {
    char *why = locate_missing_token_table(s); /* or where an attached one is */
    report_error(ctx, function, why ? why : "no token table; run SELECT token_install()");
    sqlite3_free(why);
  } else {
    report_error(ctx, function, store_error(s));
    /* SQLite's own code as SQLite gave it (extended, when the caller turned those on, e.g.
    ** SQLITE_CONSTRAINT_UNIQUE); ours (negative) stay SQLITE_ERROR. */
    if (rc > 0 && rc != SQLITE_ERROR) sqlite3_result_error_code(ctx, rc);
  }
}
