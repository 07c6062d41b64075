/*
** settings.c: settings that cannot be derived from the schema, stored in the database so
** that every connection and language sees the same.
**
**   token_setting(name)         -> TEXT the value in force (the default when unset).
**   token_setting(name, value)  -> TEXT the new value; value NULL restores the default.
**
** Settings (names matched whole):
**   keyword          the Authorization scheme token_user accepts, default 'Token' (DRF's
**                    TokenAuthentication.keyword; a subclass may use 'Bearer'). 1 to 32
**                    visible ASCII characters.
**   username_column  the users table column token_obtain matches the username against,
**                    default 'username' (a custom user model may log in by 'email').
**                    Must be a column of the users table.
** Storage: the view main.authtoken_settings(name, value), listing the non-default settings.
** It is read, never run: its text must be exactly what token_setting writes, at most 4096
** bytes, and each value passes the checks a new value passes (schema.c), else every call
** fails with e.g. "authtoken_settings: keyword must be 1 to 32 visible ASCII characters" or
** "the authtoken_settings view is not one token_setting wrote" (issue 8, item 4).
** Rewriting a view is a schema change, which every connection's cached statements notice,
** so other connections pick a change up at their next call. Nothing in it calls us.
** Errors: "token_setting: unknown setting 'x' (known: keyword, username_column)",
** "token_setting: keyword must be 1 to 32 visible ASCII characters",
** "token_setting: users has no column named x". Flags: SQLITE_DIRECTONLY (writes).
*/
#include <string.h>

#include "functions.h"

SQLITE_EXTENSION_INIT3

static int is_known(const char *name) {
  return strcmp(name, "keyword") == 0 || strcmp(name, "username_column") == 0;
}

/* Checks a new value exactly as values read from the view are checked (schema.c); returns
** NULL when acceptable, else the message (sqlite3_malloc'd). */
static char *check_value(struct store *s, const char *name, const char *value) {
  if (!s->discovered) store_discover(s); /* the users table, if there is one */
  return store_check_setting(s, name, value);
}

void fn_token_setting(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct store *s = sqlite3_user_data(ctx);
  const char *name = (const char *)sqlite3_value_text(argv[0]);
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT || name == NULL || !is_known(name)) {
    char *msg = sqlite3_mprintf("unknown setting %Q (known: keyword, username_column)", name);
    report_error(ctx, "token_setting", msg ? msg : "unknown setting");
    sqlite3_free(msg);
    return;
  }
  store_enter(s);
  int rc = store_check_fresh(s); /* another connection may have changed it */
  if (rc == STORE_RETRY) rc = SQLITE_OK;
  if (rc == SQLITE_OK && argc == 2) {
    const char *value = (const char *)sqlite3_value_text(argv[1]);
    char *problem = check_value(s, name, value);
    if (problem) {
      report_error(ctx, "token_setting", problem);
      sqlite3_free(problem);
      store_leave(s);
      return;
    }
    rc = store_guard(s);
    if (rc == SQLITE_OK) rc = store_set_setting(s, name, value);
  }
  if (rc == SQLITE_OK) {
    sqlite3_result_text(ctx, store_setting(s, name), -1, SQLITE_TRANSIENT);
  } else {
    report_store_error(ctx, "token_setting", s, rc);
  }
  store_leave(s);
}
