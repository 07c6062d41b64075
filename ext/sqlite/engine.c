/*
** engine.c: writes that every engine can carry.
**
** A write hidden in a SELECT (`SELECT token_create(1)`) is convenient on a direct
** connection, but sqlite3_stmt_readonly() calls that statement read-only, and whatever
** routes statements by kind misroutes it. On dqlite 1.11 a SELECT sent as a query that
** writes in autocommit returns its value, never reaches the followers, and the leader aborts
** at its next write (vfs.c: Assertion `wal->n_tx == 0' failed). So our writing functions
** refuse there, naming the alternatives: the write's DML form (README, "Running on more
** than one machine") or the call between BEGIN and COMMIT sent as writes. The
** writes_in_select setting asks for the same refusal anywhere (pools, proxies, replicas).
**
** Also here: on dqlite, cache spilling is turned off for every connection at load. dqlite's
** VFS keeps the WAL in memory and takes frames at commit; a large INSERT ... SELECT that
** makes SQLite spill dirty pages mid-transaction failed with "disk I/O error" once the users
** table had grown (tests/cluster: four 20,000-user inserts). Without spilling, a
** transaction's dirty pages stay in the page cache until commit, as dqlite expects.
*/
#include "engine.h"

#include <string.h>

SQLITE_EXTENSION_INIT3

int engine_is_dqlite(sqlite3 *db) {
  sqlite3_vfs *vfs = NULL;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK) return 0;
  return vfs != NULL && vfs->zName != NULL && strncmp(vfs->zName, "dqlite", 6) == 0;
}

void engine_prepare_connection(sqlite3 *db) {
  if (engine_is_dqlite(db)) sqlite3_exec(db, "PRAGMA cache_spill = OFF", NULL, NULL, NULL);
}

int engine_in_readonly_autocommit(sqlite3 *db) {
  if (!sqlite3_get_autocommit(db)) return 0; /* BEGIN ... COMMIT: the engine sees a write */
  for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st)) {
    if (sqlite3_stmt_busy(st) && !sqlite3_stmt_readonly(st)) return 0; /* an INSERT ... */
  }
  return 1;
}

int engine_refuse_write(sqlite3_context *ctx, const char *function, struct store *s) {
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  const char *why = engine_is_dqlite(db)                 ? "dqlite's leader would abort"
                    : settings_refuse_writes_in_select(s) ? "the writes_in_select setting is 'refuse'"
                                                          : NULL;
  if (why == NULL) return 0;
  char *msg = sqlite3_mprintf("%s: refusing to write inside a read-only statement outside a "
                              "transaction (%s); use its DML form, or run it between BEGIN "
                              "and COMMIT",
                              function, why);
  if (msg == NULL) {
    sqlite3_result_error_nomem(ctx);
    return 1;
  }
  sqlite3_result_error(ctx, msg, -1);
  sqlite3_free(msg);
  return 1;
}
