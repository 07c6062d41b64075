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
** Every function of ours starts with store_refresh(), so the next call of any of them puts
** the triggers back after a rebuild or PRAGMA temp_store dropped them.
**   authtoken_version()         -> TEXT the extension's version (VERSION file).
**   authtoken_debug()           -> TEXT versions of the extension, SQLite and libsodium in use,
**       and the SHA-256 implementation chosen.
** Flags: token_* SQLITE_DIRECTONLY; authtoken_version and authtoken_debug INNOCUOUS.
** token_install and token_triggers(on) refuse to run while a table definition in the
** database names one of our functions (guard.c: CHECK constraints bypass DIRECTONLY).
*/
#include <sodium.h>

#include "engine.h"
#include "functions.h"
#include "guard.h"
#include "pbkdf2.h"

SQLITE_EXTENSION_INIT3

#ifndef AUTHTOKEN_VERSION
#define AUTHTOKEN_VERSION "unknown"
#endif

/* The scheme argument (argv[1] when argc is 2): *sc the registered scheme, NULL when not
** given. Returns 0, or -1 after reporting "<function>: unknown scheme 'x' (known: ...)". */
static int scheme_arg(sqlite3_context *ctx, const char *function, int argc, sqlite3_value **argv,
                      const struct scheme **sc) {
  *sc = NULL;
  if (argc < 2) return 0;
  const char *name = (const char *)sqlite3_value_text(argv[1]);
  *sc = sqlite3_value_type(argv[1]) == SQLITE_TEXT ? scheme_named(name) : NULL;
  if (*sc) return 0;
  char *known = sqlite3_mprintf("%s", scheme_at(0)->name);
  for (int i = 1; known && i < scheme_count(); i++) {
    known = sqlite3_mprintf("%z, %s", known, scheme_at(i)->name);
  }
  char *msg = known ? sqlite3_mprintf("unknown scheme %Q (known: %s)", name, known) : NULL;
  report_error(ctx, function, msg ? msg : "unknown scheme");
  sqlite3_free(msg);
  sqlite3_free(known);
  return -1;
}

void fn_token_install(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct store *s = sqlite3_user_data(ctx);
  const char *users = NULL;
  const struct scheme *sc = NULL;
  if (scheme_arg(ctx, "token_install", argc, argv, &sc) != 0) return;
  if (argc >= 1) {
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
      report_error(ctx, "token_install", "users_table must be TEXT");
      return;
    }
    users = (const char *)sqlite3_value_text(argv[0]);
    if (users == NULL) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    if (users[0] == '\0') {
      report_error(ctx, "token_install",
                   "users_table is empty: name the users table, e.g. token_install('auth_user')");
      return;
    }
  }
  if (engine_refuse_write(ctx, "token_install", s)) return;
  if (guard_schema(ctx, "token_install") != 0) return; /* guard.c: the CHECK hole */
  char *bound_to = NULL;
  store_enter(s);
  int rc = store_install(s, users, sc, &bound_to);
  if (rc == SQLITE_OK) {
    sqlite3_result_text(ctx, bound_to, -1, sqlite3_free);
  } else {
    report_store_error(ctx, "token_install", s, rc);
  }
  store_leave(s);
}

void fn_token_install_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct store *s = sqlite3_user_data(ctx);
  const char *users = NULL;
  const struct scheme *sc = NULL;
  if (scheme_arg(ctx, "token_install_sql", argc, argv, &sc) != 0) return;
  if (argc >= 1) {
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
      report_error(ctx, "token_install_sql", "users_table must be TEXT");
      return;
    }
    users = (const char *)sqlite3_value_text(argv[0]);
    if (users == NULL) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  char *sql = NULL;
  store_enter(s);
  int rc = store_install_sql(s, users, sc, &sql);
  if (rc == SQLITE_OK) {
    sqlite3_result_text(ctx, sql, -1, sqlite3_free);
  } else {
    report_store_error(ctx, "token_install_sql", s, rc);
  }
  store_leave(s);
}

void fn_token_triggers(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct store *s = sqlite3_user_data(ctx);
  if (argc == 1) {
    sqlite3_int64 on = sqlite3_value_int64(argv[0]);
    if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER || (on != 0 && on != 1)) {
      report_error(ctx, "token_triggers", "on must be 0 or 1");
      return;
    }
    if (guard_schema(ctx, "token_triggers") != 0) return; /* guard.c: the CHECK hole */
    store_enter(s);
    int rc = store_set_triggers(s, (int)on);
    store_leave(s);
    if (rc != SQLITE_OK) {
      report_store_error(ctx, "token_triggers", s, rc);
      return;
    }
  } else {
    store_refresh(s, 0); /* puts them back if a rebuild or PRAGMA temp_store dropped them */
  }
  store_enter(s);
  sqlite3_result_int(ctx, store_triggers_present(s)); /* what exists, not what was asked */
  store_leave(s);
}

void fn_authtoken_version(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc, (void)argv;
  store_refresh(sqlite3_user_data(ctx), 0);
  sqlite3_result_text(ctx, AUTHTOKEN_VERSION, -1, SQLITE_STATIC);
}

void fn_authtoken_debug(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc, (void)argv;
  store_refresh(sqlite3_user_data(ctx), 0);
  char *text = sqlite3_mprintf("authtoken %s, SQLite %s, libsodium %s, SHA-256 %s",
                               AUTHTOKEN_VERSION, sqlite3_libversion(), sodium_version_string(),
                               pbkdf2_impl_name());
  if (text == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, text, -1, sqlite3_free);
}
