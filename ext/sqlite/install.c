/*
** install.c: setting a database up, this connection's triggers, and version information.
**
**   token_install()             -> TEXT the users table the token table references.
**   token_install(users_table)  -> same; users_table TEXT, default 'users'.
**       Creates authtoken_token with DRF's exact DDL (its foreign key naming users_table's
**       primary key, one column of any type; user_id of that key's type: schema.c) unless it
**       exists, then this connection's triggers (unless turned off). Idempotent. On a Django
**       database it only creates the triggers.
**       Errors: "token_install: no table named users" (or which attached database has it:
**                both tables must live in main; locate.c),
**               "token_install: users_table is empty: name the users table, e.g. ...",
**               "token_install: users table users has no primary key; user ids need a
**                single-column key" (or "has a primary key of 2 columns; ...", "... is a view"),
**               "token_install: authtoken_token already references auth_user, not users".
**   token_install(users_table, scheme) -> same, for the token scheme named: 'drf' (the
**       default: authtoken_token) or 'knox' (knox_authtoken, django-rest-knox's table and
**       indexes: scheme_knox.c). When the other scheme's table exists too, the scheme
**       setting is set so that the one named is in force. Unknown: "token_install: unknown
**       scheme 'x' (known: drf, knox)".
**   token_install_sql([users_table [, scheme]]) -> TEXT the CREATE TABLE statement token_install would
**       run to create the token table (same checks, same errors), for the application to run
**       as a write itself: the DML form of token_install, for engines that route statements
**       by kind (dqlite, rqlite, pools). Writes nothing. This connection's triggers come at
**       its next token_* call; connections opened afterwards create them on load.
**   token_triggers()            -> INTEGER 1 if this connection's triggers exist, else 0,
**       read from the temp schema after putting them back if wanted and dropped since
**       (a table rebuild, PRAGMA temp_store); 0 while there is no token table.
**   token_triggers(on)          -> same, after turning them on (1) or off (0) for this
**       connection. Off drops the TEMP triggers and keeps them from coming back; on creates
**       them (the token table must exist). Any other value: "token_triggers: on must be 0
**       or 1".
** The call wrapper (call.c) refreshes first for most functions of ours (CALL_REFRESH in
** authtoken.c's table), and a discovery does too, so the next call puts the triggers back
** after a rebuild or PRAGMA temp_store dropped them.
**   authtoken_version()         -> TEXT the extension's version (VERSION file).
**   authtoken_debug()           -> TEXT versions of the extension, SQLite and libsodium in use,
**       and the SHA-256 implementation chosen.
** Flags: token_* SQLITE_DIRECTONLY; authtoken_version and authtoken_debug INNOCUOUS.
** token_install and token_triggers(on) refuse to run while a table definition in the
** database names one of our functions (guard.c: CHECK constraints bypass DIRECTONLY).
*/
#include <sodium.h>

#include "functions.h"
#include "pbkdf2.h"

SQLITE_EXTENSION_INIT3

#ifndef AUTHTOKEN_VERSION
#define AUTHTOKEN_VERSION "unknown"
#endif

/* The scheme argument (argv[1] when argc is 2): *sc the registered scheme, NULL when not
** given. Returns 0, or -1 after reporting "<function>: unknown scheme 'x' (known: ...)". */
static int scheme_arg(struct call *c, const struct scheme **sc) {
  *sc = NULL;
  if (c->argc < 2) return 0;
  const char *name = (const char *)sqlite3_value_text(c->argv[1]);
  *sc = sqlite3_value_type(c->argv[1]) == SQLITE_TEXT ? scheme_named(name) : NULL;
  if (*sc) return 0;
  char *known = sqlite3_mprintf("%s", scheme_at(0)->name);
  for (int i = 1; known && i < scheme_count(); i++) {
    known = sqlite3_mprintf("%z, %s", known, scheme_at(i)->name);
  }
  char *msg = known ? sqlite3_mprintf("unknown scheme %Q (known: %s)", name, known) : NULL;
  report_error(c->ctx, c->fn->name, msg ? msg : "unknown scheme");
  sqlite3_free(msg);
  sqlite3_free(known);
  return -1;
}

/* The users_table argument: 0 with *users set (NULL when absent), or -1 after reporting. */
static int users_arg(struct call *c, const char **users) {
  *users = NULL;
  if (c->argc == 0) return 0;
  if (sqlite3_value_type(c->argv[0]) != SQLITE_TEXT) {
    report_error(c->ctx, c->fn->name, "users_table must be TEXT");
    return -1;
  }
  *users = (const char *)sqlite3_value_text(c->argv[0]);
  if (*users == NULL) {
    sqlite3_result_error_nomem(c->ctx);
    return -1;
  }
  return 0;
}

int fn_token_install(struct call *c) {
  const char *users = NULL;
  const struct scheme *sc = NULL;
  if (scheme_arg(c, &sc) != 0 || users_arg(c, &users) != 0) return SQLITE_OK;
  if (users && users[0] == '\0') {
    report_error(c->ctx, c->fn->name,
                 "users_table is empty: name the users table, e.g. token_install('auth_user')");
    return SQLITE_OK;
  }
  int rc = call_gate(c); /* engine.c; guard.c: the CHECK hole */
  char *bound_to = NULL;
  if (rc == SQLITE_OK) rc = store_install(c->s, users, sc, &bound_to);
  if (rc == SQLITE_OK) sqlite3_result_text(c->ctx, bound_to, -1, sqlite3_free);
  return rc;
}

int fn_token_install_sql(struct call *c) {
  const char *users = NULL;
  const struct scheme *sc = NULL;
  if (scheme_arg(c, &sc) != 0 || users_arg(c, &users) != 0) return SQLITE_OK;
  char *sql = NULL;
  int rc = store_install_sql(c->s, users, sc, &sql);
  if (rc == SQLITE_OK) sqlite3_result_text(c->ctx, sql, -1, sqlite3_free);
  return rc;
}

int fn_token_triggers(struct call *c) {
  if (c->argc == 1) { /* token_triggers() was refreshed by the wrapper (CALL_REFRESH) */
    sqlite3_int64 on = sqlite3_value_int64(c->argv[0]);
    if (sqlite3_value_type(c->argv[0]) != SQLITE_INTEGER || (on != 0 && on != 1)) {
      report_error(c->ctx, c->fn->name, "on must be 0 or 1");
      return SQLITE_OK;
    }
    int rc = call_gate(c); /* guard.c: the CHECK hole */
    if (rc == SQLITE_OK) rc = store_set_triggers(c->s, (int)on);
    if (rc != SQLITE_OK) return rc;
  }
  sqlite3_result_int(c->ctx, store_triggers_present(c->s)); /* what exists, not what was asked */
  return SQLITE_OK;
}

int fn_authtoken_version(struct call *c) {
  sqlite3_result_text(c->ctx, AUTHTOKEN_VERSION, -1, SQLITE_STATIC);
  return SQLITE_OK;
}

int fn_authtoken_debug(struct call *c) {
  char *text = sqlite3_mprintf("authtoken %s, SQLite %s, libsodium %s, SHA-256 %s",
                               AUTHTOKEN_VERSION, sqlite3_libversion(), sodium_version_string(),
                               pbkdf2_impl_name());
  if (text == NULL) {
    sqlite3_result_error_nomem(c->ctx);
    return SQLITE_OK;
  }
  sqlite3_result_text(c->ctx, text, -1, sqlite3_free);
  return SQLITE_OK;
}
