/*
** query.c: one-off statements on the store's connection (query.h): a query whose rows go to
** a callback, a script of statements. Errors are kept for store_error().
*/
#include "query.h"

#include "store.h"

SQLITE_EXTENSION_INIT3

int store_query(struct store *s, const char *sql, const char *arg, store_row_fn *row, void *out) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK && arg) rc = sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
  int from_row = 0; /* row() failed: it set its own message */
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    rc = row(s, st, out);
    from_row = rc != SQLITE_OK;
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  if (rc != SQLITE_OK && !from_row) store_set_error(s, "%s", sqlite3_errmsg(s->db));
  sqlite3_finalize(st);
  return rc;
}

int store_exec(struct store *s, char *sql) {
  if (sql == NULL) return SQLITE_NOMEM;
  char *err = NULL;
  int rc = sqlite3_exec(s->db, sql, NULL, NULL, &err);
  if (rc != SQLITE_OK) store_set_error(s, "%s", err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  sqlite3_free(sql);
  return rc;
}
