/*
** authtoken.c: the entry point. Django REST Framework's token authentication in SQLite.
**
**   .load ./dist/authtoken          -- SQLite derives sqlite3_authtoken_init from the name
**
** On load: libsodium is initialised, one struct store is made for the connection (owned by
** the authtoken_cache module, freed when the connection closes), the functions below are
** registered, and if main.authtoken_token exists this connection's triggers are created.
**
** Flag policy: every function that writes, draws randomness, or reads tokens or passwords
** is SQLITE_DIRECTONLY, so views, triggers, DEFAULTs and indexes stored in a database file
** cannot call it; our own TEMP triggers can. Pure, harmless helpers are INNOCUOUS.
** tests/sql/flags.sql compares pragma_function_list with this table.
** Each row also says what the call wrapper (call.c) does around the function: refresh
** the triggers first, run again after a schema move, refuse a write inside a read-only
** statement, guard against a schema that calls us. guard.c takes our names from it.
**
** Static build (make static, SQLITE_CORE defined): authtoken_register(db) does the same
** without sqlite3_load_extension (authtoken.h).
*/
#include <sodium.h>

#include "authtoken.h"
#include "cache.h"
#include "call.h"
#include "engine.h"
#include "functions.h"

SQLITE_EXTENSION_INIT1

/* SQLite's flags. DIRECT_ONLY: for every function that writes, draws randomness or reads
** tokens or passwords; HARMLESS for the pure helpers. */
#define DIRECT_ONLY (SQLITE_UTF8 | SQLITE_DIRECTONLY)
#define HARMLESS (SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC)
#define HARMLESS_VARYING (SQLITE_UTF8 | SQLITE_INNOCUOUS) /* reports the libraries in use */

/* Our policy for the call wrapper (call.h): WRITER is refused inside a read-only autocommit
** statement where that harms (engine.c) and while a schema calls our functions (guard.c). */
#define WRITER (CALL_NO_WRITE_IN_SELECT | CALL_GUARD)

const struct sql_function authtoken_functions[] = {
    {"token_user", 1, DIRECT_ONLY, CALL_RETRY, fn_token_user},
    {"token_auth_error", 1, DIRECT_ONLY, CALL_RETRY, fn_token_auth_error},
    {"token_create", 1, DIRECT_ONLY, WRITER, fn_token_create},
    {"token_create", 2, DIRECT_ONLY, WRITER, fn_token_create},
    {"token_rotate", 1, DIRECT_ONLY, WRITER, fn_token_rotate},
    {"token_delete", 1, DIRECT_ONLY, WRITER, fn_token_delete},
    {"token_revoke", 1, DIRECT_ONLY, WRITER | CALL_RETRY, fn_token_revoke},
    {"token_refresh", 1, DIRECT_ONLY, WRITER | CALL_RETRY, fn_token_refresh},
    {"token_purge", 0, DIRECT_ONLY, WRITER, fn_token_purge},
    {"token_digest", 1, DIRECT_ONLY | SQLITE_DETERMINISTIC, 0, fn_token_digest},
    {"token_expiry", 0, DIRECT_ONLY, CALL_REFRESH_KEEP, fn_token_expiry},
    {"token_renewed", 2, DIRECT_ONLY, CALL_REFRESH_KEEP, fn_token_renewed},
    {"token_new", 0, DIRECT_ONLY, CALL_REFRESH_KEEP, fn_token_new},
    {"token_now", 0, DIRECT_ONLY, CALL_REFRESH_KEEP, fn_token_now},
    {"token_install", 0, DIRECT_ONLY, CALL_NO_WRITE_IN_SELECT | CALL_GUARD_SCAN, fn_token_install},
    {"token_install", 1, DIRECT_ONLY, CALL_NO_WRITE_IN_SELECT | CALL_GUARD_SCAN, fn_token_install},
    {"token_install", 2, DIRECT_ONLY, CALL_NO_WRITE_IN_SELECT | CALL_GUARD_SCAN, fn_token_install},
    {"token_install_sql", 0, DIRECT_ONLY, 0, fn_token_install_sql},
    {"token_install_sql", 1, DIRECT_ONLY, 0, fn_token_install_sql},
    {"token_install_sql", 2, DIRECT_ONLY, 0, fn_token_install_sql},
    {"token_obtain", 2, DIRECT_ONLY, WRITER, fn_token_obtain},
    {"token_obtain_request", 2, DIRECT_ONLY, WRITER, fn_token_obtain_request},
    {"token_password_check", 2, DIRECT_ONLY, CALL_REFRESH, fn_token_password_check},
    {"token_password_hash", 1, DIRECT_ONLY, CALL_REFRESH, fn_token_password_hash},
    {"token_password_hash", 2, DIRECT_ONLY, CALL_REFRESH, fn_token_password_hash},
    {"token_setting", 1, DIRECT_ONLY, 0, fn_token_setting},
    {"token_setting", 2, DIRECT_ONLY, WRITER, fn_token_setting},
    {"token_setting_sql", 2, DIRECT_ONLY, 0, fn_token_setting_sql},
    {"token_triggers", 0, DIRECT_ONLY, CALL_REFRESH, fn_token_triggers},
    {"token_triggers", 1, DIRECT_ONLY, CALL_GUARD_SCAN, fn_token_triggers},
    {"authtoken_version", 0, HARMLESS, CALL_REFRESH, fn_authtoken_version},
    {"authtoken_debug", 0, HARMLESS_VARYING, CALL_REFRESH, fn_authtoken_debug},
};
const size_t authtoken_function_count = sizeof authtoken_functions / sizeof authtoken_functions[0];

/* Registers every function, run through the call wrapper with the connection's store. */
static int register_functions(sqlite3 *db, struct store *s, char **err) {
  for (size_t i = 0; i < authtoken_function_count; i++) {
    const struct sql_function *f = &authtoken_functions[i];
    int rc = call_register(db, f, s);
    if (rc != SQLITE_OK) {
      *err = sqlite3_mprintf("authtoken: cannot register %s: %s", f->name, sqlite3_errstr(rc));
      return rc;
    }
  }
  return SQLITE_OK;
}

/* Undoes the registrations after a failed load. SQLite unloads the library when the init
** function fails; a function or module left registered would point into unmapped code and
** crash the process at sqlite3_close() (tests/suites/hostile.sh, generated column case).
** Dropping the module does not disconnect an authtoken_cache table already connected (a
** hostile file can make discovery connect it: a foreign key or a settings view naming it);
** SQLite queues its xDisconnect for the next prepare, by when our code is gone (issue 8,
** item 3). So a statement is prepared here, while we are still mapped, to run that queue. */
static void unregister_all(sqlite3 *db) {
  for (size_t i = 0; i < authtoken_function_count; i++) {
    const struct sql_function *f = &authtoken_functions[i];
    sqlite3_create_function_v2(db, f->name, f->argc, f->flags, NULL, NULL, NULL, NULL, NULL);
  }
  sqlite3_create_module_v2(db, "authtoken_cache", NULL, NULL, NULL); /* frees the store */
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL); /* runs the queued xDisconnect */
  sqlite3_finalize(st);
}

/* Creates the triggers when the token table exists (a Django database just works). */
static int start_triggers(struct store *s, char **err) {
  store_enter(s);
  int rc = store_set_triggers(s, 1);
  store_leave(s);
  if (rc == STORE_NO_TABLE) return SQLITE_OK;
  if (rc != SQLITE_OK) *err = sqlite3_mprintf("authtoken: %s", store_error(s));
  return rc < 0 ? SQLITE_ERROR : rc; /* our codes (negative, store.h) are not SQLite's */
}

#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
int sqlite3_authtoken_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  if (sodium_init() < 0) {
    *err = sqlite3_mprintf("authtoken: libsodium failed to initialise");
    return SQLITE_ERROR;
  }
  struct store *s = sqlite3_malloc(sizeof *s);
  if (s == NULL) return SQLITE_NOMEM;
  store_init(s, db);
  int rc = cache_register(db, s); /* from here on the module owns s */
  if (rc != SQLITE_OK) {
    *err = sqlite3_mprintf("authtoken: cannot register authtoken_cache: %s", sqlite3_errstr(rc));
    return rc;
  }
  engine_prepare_connection(db); /* dqlite: no cache spill (engine.c) */
  rc = register_functions(db, s, err);
  if (rc == SQLITE_OK) rc = start_triggers(s, err);
  if (rc != SQLITE_OK) unregister_all(db);
  return rc;
}

#ifdef SQLITE_CORE
/* Static builds: registers everything on db, as loading the library would. SQLite's error
** log receives the message of a failure (there is no *err for the caller to free). */
int authtoken_register(sqlite3 *db) {
  char *err = NULL;
  int rc = sqlite3_authtoken_init(db, &err, NULL);
  if (err != NULL) {
    sqlite3_log(rc, "%s", err);
    sqlite3_free(err);
  }
  return rc;
}
#endif
