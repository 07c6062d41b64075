/*
** cache.c: the connection's prepared statements. Rules (store.c keeps them):
**   - each statement is prepared once per connection (SQLITE_PREPARE_PERSISTENT) and reset
**     after each use, so the token_user path prepares nothing per call;
**   - a cached statement that is busy (one of our functions reached again from a trigger
**     fired inside another) is never stepped: that call prepares a one-off statement;
**   - nothing is kept unless authtoken_cache (cache_vtab.c) is connected, since close
**     disconnects it first and its xDisconnect finalizes the cache: sqlite3_close() never
**     finds a statement of ours;
**   - a statement that SQLite re-prepared (SQLITE_STMTSTATUS_REPREPARE moved) or that failed
**     tells that the schema moved (cache_put_back returns 1).
** Each statement's named parameters (:key, :user_id, ...; scheme.h) are looked up once, when
** it is prepared.
*/
#include "cache.h"

SQLITE_EXTENSION_INIT3

static const char *const statement_names[STMT_COUNT] = {
    [STMT_LOOKUP] = "lookup",   [STMT_USER_KEY] = "user_key",   [STMT_INSERT] = "insert",
    [STMT_INSERT_LIMITED] = "insert_limited",
    [STMT_ROTATE] = "rotate",   [STMT_DELETE] = "delete",       [STMT_REVOKE] = "revoke",
    [STMT_PURGE] = "purge",     [STMT_RENEW_ROW] = "renew_row", [STMT_RENEW] = "renew",
    [STMT_TOUCH] = "touch",     [STMT_LOGIN] = "login",         [STMT_VERSION] = "version",
    [STMT_NUMERIC] = "numeric"};

/* The named parameters (scheme.h), in enum store_param's order. */
static const char *const param_names[PARAM_COUNT] = {
    ":key", ":user_id", ":created", ":now", ":token_key", ":expiry", ":old", ":limit", ":name"};

const char *cache_stmt_name(enum store_stmt which) { return statement_names[which]; }

/* Reads which parameter index each name has in st (0: none). */
static void find_params(sqlite3_stmt *st, unsigned char param[PARAM_COUNT]) {
  for (int i = 0; i < PARAM_COUNT; i++) {
    param[i] = (unsigned char)sqlite3_bind_parameter_index(st, param_names[i]);
  }
}

int cache_get(struct cache *c, sqlite3 *db, enum store_stmt which, const char *sql,
              sqlite3_stmt **out) {
  sqlite3_stmt *st = c->st[which];
  if (st && !sqlite3_stmt_busy(st)) {
    *out = st;
    return SQLITE_OK;
  }
  int keep = st == NULL && cache_connect(db, c) == SQLITE_OK && c->connected;
  int rc = sqlite3_prepare_v3(db, sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  if (keep) {
    c->st[which] = st;
    c->reprepares[which] = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_REPREPARE, 0);
    find_params(st, c->params[which]);
  }
  *out = st;
  return SQLITE_OK;
}

const unsigned char *cache_params(struct cache *c, enum store_stmt which, sqlite3_stmt *st,
                                  unsigned char own[PARAM_COUNT]) {
  if (st == c->st[which]) return c->params[which];
  find_params(st, own);
  return own;
}

void cache_finalize(struct cache *c) {
  for (int i = 0; i < STMT_COUNT; i++) {
    sqlite3_finalize(c->st[i]);
    c->st[i] = NULL;
  }
}
