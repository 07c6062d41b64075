/*
** cache_vtab.c: authtoken_cache, an eponymous-only virtual table that owns the statement
** cache (cache.c).
**
** Why: a statement cached by a scalar function makes sqlite3_close() fail with SQLITE_BUSY
** ("unable to close due to unfinalized statements"), and the shell prints that at exit.
** sqlite3_close() disconnects every virtual table, eponymous ones included, *before* it
** checks for unfinalized statements (disconnectAllVtab in SQLite's main.c). So the cache is
** filled only while this table is connected, and its xDisconnect finalizes the cache.
** cache.c connects it (cache_connect) before it keeps a statement.
**
** As a table it is read-only and lists the cache, one row per cached statement:
**   SELECT * FROM authtoken_cache;  -- name TEXT, sql TEXT, busy INT, runs INT
** `runs` is SQLITE_STMTSTATUS_RUN: how often the cached statement ran (tests use it to
** prove that calls reuse one statement).
*/
#include "cache.h"

#include <string.h>

#include "store.h"

SQLITE_EXTENSION_INIT3

struct cache_table {
  sqlite3_vtab base;
  struct store *store;
};

/* The row is copied when the cursor reaches it: a function called in the same query
** (token_install, token_setting) may finalize the cache before the columns are read
** (issue 8, item 8: xColumn used to read a finalized statement). */
struct cache_cursor {
  sqlite3_vtab_cursor base;
  int row;   /* index into the cache, skipping empty slots */
  char *sql; /* the row's statement text, busy flag and run count, copied */
  int busy;
  int runs;
};

static int cache_xconnect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                           sqlite3_vtab **out, char **err) {
  (void)argc, (void)argv, (void)err;
  int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(name TEXT, sql TEXT, busy INT, runs INT)");
  if (rc != SQLITE_OK) return rc;
  struct cache_table *vtab = sqlite3_malloc(sizeof *vtab);
  if (vtab == NULL) return SQLITE_NOMEM;
  memset(vtab, 0, sizeof *vtab);
  vtab->store = aux;
  vtab->store->cache.connected = 1;
  vtab->store->refs++;
  *out = &vtab->base;
  return SQLITE_OK;
}

/* Close (or the module going away): finalize the cache while close still allows it. */
static void release_store(struct store *s) {
  store_close(s);
  if (--s->refs == 0) sqlite3_free(s);
}

/* Close (or the module going away): finalize the cache while close still allows it.
** SQLite may disconnect a replaced module's table after destroying the module (loading
** the extension twice), so the store is freed by whichever of the two comes last. */
static int cache_xdisconnect(sqlite3_vtab *base) {
  struct cache_table *vtab = (struct cache_table *)base;
  vtab->store->cache.connected = 0;
  release_store(vtab->store);
  sqlite3_free(vtab);
  return SQLITE_OK;
}

static int cache_xbestindex(sqlite3_vtab *base, sqlite3_index_info *info) {
  (void)base;
  info->estimatedCost = STMT_COUNT;
  info->estimatedRows = STMT_COUNT;
  return SQLITE_OK;
}

static int cache_xopen(sqlite3_vtab *base, sqlite3_vtab_cursor **out) {
  (void)base;
  struct cache_cursor *cur = sqlite3_malloc(sizeof *cur);
  if (cur == NULL) return SQLITE_NOMEM;
  memset(cur, 0, sizeof *cur);
  *out = &cur->base;
  return SQLITE_OK;
}

static int cache_xclose(sqlite3_vtab_cursor *cur) {
  sqlite3_free(((struct cache_cursor *)cur)->sql);
  sqlite3_free(cur);
  return SQLITE_OK;
}

/* Moves the cursor to the first filled cache slot at or after row and copies that row. */
static int skip_empty(struct cache_cursor *cur) {
  struct store *s = ((struct cache_table *)cur->base.pVtab)->store;
  while (cur->row < STMT_COUNT && s->cache.st[cur->row] == NULL) cur->row++;
  sqlite3_free(cur->sql);
  cur->sql = NULL;
  if (cur->row >= STMT_COUNT) return SQLITE_OK;
  sqlite3_stmt *st = s->cache.st[cur->row];
  cur->sql = sqlite3_mprintf("%s", sqlite3_sql(st));
  cur->busy = sqlite3_stmt_busy(st);
  cur->runs = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_RUN, 0);
  return cur->sql ? SQLITE_OK : SQLITE_NOMEM;
}

static int cache_xfilter(sqlite3_vtab_cursor *base, int idx, const char *idx_str, int argc,
                          sqlite3_value **argv) {
  (void)idx, (void)idx_str, (void)argc, (void)argv;
  struct cache_cursor *cur = (struct cache_cursor *)base;
  cur->row = 0;
  return skip_empty(cur);
}

static int cache_xnext(sqlite3_vtab_cursor *base) {
  struct cache_cursor *cur = (struct cache_cursor *)base;
  cur->row++;
  return skip_empty(cur);
}

static int cache_xeof(sqlite3_vtab_cursor *base) {
  return ((struct cache_cursor *)base)->row >= STMT_COUNT;
}

static int cache_xcolumn(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int column) {
  struct cache_cursor *cur = (struct cache_cursor *)base;
  switch (column) {
    case 0:
      sqlite3_result_text(ctx, cache_stmt_name(cur->row), -1, SQLITE_STATIC);
      break;
    case 1:
      sqlite3_result_text(ctx, cur->sql, -1, SQLITE_TRANSIENT);
      break;
    case 2:
      sqlite3_result_int(ctx, cur->busy);
      break;
    default:
      sqlite3_result_int(ctx, cur->runs);
  }
  return SQLITE_OK;
}

static int cache_xrowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid) {
  *rowid = ((struct cache_cursor *)base)->row;
  return SQLITE_OK;
}

static const sqlite3_module cache_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous-only: CREATE VIRTUAL TABLE cannot use it */
    .xConnect = cache_xconnect,
    .xBestIndex = cache_xbestindex,
    .xDisconnect = cache_xdisconnect,
    .xDestroy = cache_xdisconnect,
    .xOpen = cache_xopen,
    .xClose = cache_xclose,
    .xFilter = cache_xfilter,
    .xNext = cache_xnext,
    .xEof = cache_xeof,
    .xColumn = cache_xcolumn,
    .xRowid = cache_xrowid,
};

static void destroy_module(void *p) {
  release_store(p);
}

int cache_register(sqlite3 *db, struct store *s) {
  s->refs = 1;
  return sqlite3_create_module_v2(db, "authtoken_cache", &cache_module, s, destroy_module);
}

int cache_connect(sqlite3 *db, struct cache *c) {
  if (c->connected) return SQLITE_OK;
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT name FROM authtoken_cache", -1, &st, NULL);
  sqlite3_finalize(st);
  return rc;
}
