/*
** settings.c: settings that cannot be derived from the schema, stored in the database so
** that every connection and language sees the same.
**
**   token_setting(name)         -> TEXT the value in force (the default when unset).
**   token_setting(name, value)  -> TEXT the new value; value NULL restores the default.
**   token_setting_sql(name, value) -> TEXT the statements token_setting(name, value) would
**       run, validated the same way, for the application to run as a write itself (the DML
**       form, for engines that route statements by kind: README, "Running on more than one
**       machine"). Writes nothing.
**
** Settings: the rows of the settings table (settings_table.h: name, default, check, what it
** is for), names matched whole: keyword, username_column and writes_in_select for every
** scheme; scheme; and the knox scheme's ttl, prefix, limit_per_user, auto_refresh,
** min_refresh_interval, max_ttl, last_used_interval, new_user_token and checksum.
** Storage: the view main.authtoken_settings(name, value), listing the non-default settings.
** It is read, never run: its text must be exactly what token_setting writes, at most 4096
** bytes, and each value passes the checks a new value passes (settings_table.c), else every call
** fails with e.g. "authtoken_settings: keyword must be 1 to 32 visible ASCII characters" or
** "the authtoken_settings view is not one token_setting wrote" (issue 8, item 4).
** Rewriting a view is a schema change, which every connection's cached statements notice,
** so other connections pick a change up at their next call. Nothing in it calls us.
** Errors: "token_setting: unknown setting 'x' (known: <every name, in table order>)",
** each row's check's own message, e.g. "token_setting: writes_in_select must be 'allow' or 'refuse'",
** "token_setting: keyword must be 1 to 32 visible ASCII characters",
** "token_setting: users has no column named x", "token_setting: no token table yet, so no
** users table to check x against; run SELECT token_install() first" (username_column before
** token_install). Flags: SQLITE_DIRECTONLY (token_setting writes; token_setting_sql reads
** the schema only, but a stored view has no use for it).
*/
#include <string.h>

#include "functions.h"

SQLITE_EXTENSION_INIT3

/* Checks a new value exactly as values read from the view are checked (settings_table.c);
** returns NULL when acceptable, else the message (sqlite3_malloc'd). */
static char *check_value(struct store *s, const struct setting *row, const char *value) {
  int rc = store_ready(s); /* the users table, if any */
  if (rc == STORE_NO_TABLE && value && setting_needs_users(row)) {
    return sqlite3_mprintf("no token table yet, so no users table to check %s against; run "
                           "SELECT token_install() first",
                           value);
  }
  return setting_check(s, row, value);
}

/* Reads the name argument: its row, or NULL after reporting an unknown one. */
static const struct setting *name_arg(sqlite3_context *ctx, const char *function,
                                      sqlite3_value *arg) {
  const char *name = (const char *)sqlite3_value_text(arg);
  const struct setting *row = sqlite3_value_type(arg) == SQLITE_TEXT ? setting_find(name) : NULL;
  if (row) return row;
  char *msg = sqlite3_mprintf("unknown setting %Q (known: %s)", name, settings_known());
  report_error(ctx, function, msg ? msg : "unknown setting");
  sqlite3_free(msg);
  return NULL;
}

int fn_token_setting_sql(struct call *c) {
  const struct setting *row = name_arg(c->ctx, c->fn->name, c->argv[0]);
  if (row == NULL) return SQLITE_OK;
  const char *value = (const char *)sqlite3_value_text(c->argv[1]);
  call_check_fresh(c); /* the other settings as stored now, not as this connection last saw */
  char *problem = check_value(c->s, row, value), *sql = NULL;
  int rc = problem ? SQLITE_OK : settings_write_sql(c->s, row, value, &sql);
  if (problem) {
    report_error(c->ctx, c->fn->name, problem);
    sqlite3_free(problem);
  } else if (rc == SQLITE_OK) {
    sqlite3_result_text(c->ctx, sql, -1, sqlite3_free);
  }
  return rc;
}

/* token_setting(name, value): checks the value, then (call_gate) writes it. */
static int set_setting(struct call *c, const struct setting *row) {
  const char *value = (const char *)sqlite3_value_text(c->argv[1]);
  char *problem = check_value(c->s, row, value);
  if (problem) {
    report_error(c->ctx, c->fn->name, problem);
    sqlite3_free(problem);
    return CALL_DONE;
  }
  int rc = call_gate(c);
  return rc == SQLITE_OK ? settings_write(c->s, row, value) : rc;
}

int fn_token_setting(struct call *c) {
  const struct setting *row = name_arg(c->ctx, c->fn->name, c->argv[0]);
  if (row == NULL) return SQLITE_OK;
  int rc = call_check_fresh(c); /* another connection may have changed it */
  if (rc == SQLITE_OK && c->argc == 2) rc = set_setting(c, row);
  if (rc == SQLITE_OK) {
    sqlite3_result_text(c->ctx, settings_value(c->s, row->id), -1, SQLITE_TRANSIENT);
  }
  return rc;
}
