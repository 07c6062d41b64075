/*
** cache.h: the connection's prepared statements (cache.c), and the eponymous virtual table
** `authtoken_cache` that owns them (cache_vtab.c): sqlite3_close() disconnects it before it
** checks for unfinalized statements, and its xDisconnect finalizes them.
*/
#ifndef AUTHTOKEN_CACHE_H
#define AUTHTOKEN_CACHE_H

#include "scheme.h"
#include "sqlite3ext.h"

struct store;

/* The cached statements: the token scheme's (scheme.h, enum scheme_sql), then those every
** scheme shares. */
enum store_stmt {
  STMT_LOOKUP = SQL_LOOKUP,      /* find (scheme.h) */
  STMT_USER_KEY = SQL_USER_KEY,  /* the user and its key (scheme.h) */
  STMT_INSERT = SQL_INSERT,      /* issue; the key is token_new()'s (store.h: capture) */
  STMT_INSERT_LIMITED = SQL_INSERT_LIMITED, /* issue under limit_per_user (many per user) */
  STMT_ROTATE = SQL_ROTATE,      /* rotate; the key is token_new()'s */
  STMT_DELETE = SQL_DELETE,      /* delete every token of a user */
  STMT_REVOKE = SQL_REVOKE,      /* delete the presented token (scheme.h) */
  STMT_PURGE = SQL_PURGE,        /* delete expired tokens */
  STMT_RENEW_ROW = SQL_RENEW_ROW, /* the presented token's expiry and created */
  STMT_RENEW = SQL_RENEW,        /* write a renewed expiry */
  STMT_TOUCH = SQL_TOUCH,        /* write last_used (optional column) */
  STMT_LOGIN = SCHEME_SQL_COUNT, /* ?1 username -> user id, password, is_active (NULL without
                                    the column) */
  STMT_VERSION, /* PRAGMA main.schema_version: have settings changed under us? */
  STMT_NUMERIC, /* ?1 text -> the number SQLite's numeric affinity reads, 1 if it is one */
  STMT_TEMP,    /* reads nothing from the temp schema, so SQLite re-prepares it when the temp
                   schema changes or is reset (PRAGMA temp_store): our triggers may be gone */
  STMT_COUNT
};

/* The named parameters a statement may bind (scheme.h), found once per prepared statement. */
enum store_param {
  PARAM_KEY,
  PARAM_USER_ID,
  PARAM_CREATED,
  PARAM_NOW,
  PARAM_TOKEN_KEY, /* :token_key, the presented key's token_key (scheme.h) */
  PARAM_EXPIRY,    /* :expiry, a new token's or a renewal's expiry (NULL: never) */
  PARAM_OLD,       /* :old, the expiry a renewal replaces */
  PARAM_LIMIT,     /* :limit, the per-user limit (NULL: none) */
  PARAM_NAME,      /* :name, a new token's name (optional column) */
  PARAM_COUNT
};

struct cache {
  sqlite3_stmt *st[STMT_COUNT];
  int reprepares[STMT_COUNT];                    /* SQLITE_STMTSTATUS_REPREPARE when put back */
  unsigned char params[STMT_COUNT][PARAM_COUNT]; /* parameter indexes (0: no such name) */
  int connected; /* authtoken_cache is connected, so close() will finalize the cache */
};

/* The name of a cached statement (authtoken_cache's name column), or NULL. */
const char *cache_stmt_name(enum store_stmt which);

/* A statement `which` with text sql, ready to bind: the cached one, or a one-off when the
** cached one is busy or cannot be kept (authtoken_cache not connected). Returns SQLite's
** code. */
int cache_get(struct cache *c, sqlite3 *db, enum store_stmt which, const char *sql,
              sqlite3_stmt **out);

/* The parameter indexes (enum store_param; 0: no such name) of st, statement `which`: the
** cached ones, or for a one-off those read into own. */
const unsigned char *cache_params(struct cache *c, enum store_stmt which, sqlite3_stmt *st,
                                  unsigned char own[PARAM_COUNT]);

SQLITE_EXTENSION_INIT3 /* the inline function below calls SQLite */

/* Resets a cached statement or finalizes a one-off; rc is the result of its last step.
** Returns 1 when the schema moved under it (SQLite re-prepared it, or it failed), else 0.
** Inline: every lookup ends here (make bench-callgrind). */
static inline int cache_put_back(struct cache *c, enum store_stmt which, sqlite3_stmt *st,
                                 int rc) {
  if (st != c->st[which]) {
    sqlite3_finalize(st);
    return 0;
  }
  int n = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_REPREPARE, 0);
  int moved = n != c->reprepares[which] || rc == SQLITE_ERROR || rc == SQLITE_SCHEMA;
  c->reprepares[which] = n;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return moved;
}

/* Finalizes every cached statement. */
void cache_finalize(struct cache *c);

/* cache_vtab.c: registers the module on db; the store is freed (store_close + sqlite3_free)
** when the module is destroyed, i.e. when the connection closes or the extension is loaded
** again. */
int cache_register(sqlite3 *db, struct store *s);

/* Connects authtoken_cache unless connected; afterwards c->connected says whether it is (a
** real table named authtoken_cache in the database hides it: then nothing is cached). */
int cache_connect(sqlite3 *db, struct cache *c);

#endif
