/*
** store.h: every SQL statement against the token and users tables, and the per-connection
** cache of prepared statements (see store.c for the rules).
*/
#ifndef AUTHTOKEN_STORE_H
#define AUTHTOKEN_STORE_H

#include "sqlite3ext.h"

/* The cached statements. */
enum store_stmt {
  STMT_LOOKUP,    /* ?1 key -> user_id, active (DRF's select_related join) */
  STMT_USER_KEY,  /* ?1 user id -> user id, key or NULL (does the user exist, has a token) */
  STMT_INSERT,    /* ?1 key, ?2 created, ?3 user id */
  STMT_ROTATE,    /* ?1 key, ?2 created, ?3 user id: replaces the user's key */
  STMT_DELETE,    /* ?1 user id: deletes the user's tokens */
  STMT_COUNT
};

/* Result codes beyond SQLite's own, for schema problems the caller words itself. */
#define STORE_NO_TABLE 1000 /* main.authtoken_token does not exist */

/* What the token table's foreign key tells about the users table. */
struct store_schema {
  char *users;       /* users table name */
  char *users_id;    /* its integer primary key column */
  int has_is_active; /* it has an is_active column */
};

struct store {
  sqlite3 *db;
  int discovered;  /* schema and statement texts are valid */
  int stale;       /* the schema moved: discover again at the next outermost call */
  int depth;       /* how many of our SQL functions are running on this connection */
  int anchored;    /* the anchor table is connected, so close() will finalize the cache */
  int triggers_on; /* this connection wants its triggers */
  int refs;        /* owners: the module, and the anchor table while connected (anchor.c) */
  struct store_schema schema;
  char *sql[STMT_COUNT];
  sqlite3_stmt *cache[STMT_COUNT];
  int reprepares[STMT_COUNT]; /* SQLITE_STMTSTATUS_REPREPARE when last released */
  char *error;     /* last error text (sqlite3_malloc'd), for the caller's message */
};

void store_init(struct store *s, sqlite3 *db);
/* Finalizes every cached statement and frees the discovered schema (close, reload). */
void store_close(struct store *s);

/* Call around every SQL function's work: marks nesting, rebuilds a stale cache when outermost. */
void store_enter(struct store *s);
void store_leave(struct store *s);

/* The last error's text, without the function name; never NULL. */
const char *store_error(const struct store *s);

/* Looks `key` up as DRF does. Returns SQLITE_ROW with *user_id and *active set,
** SQLITE_DONE when there is no such token (or its user row is gone), or an error code. */
int store_lookup(struct store *s, const void *key, int key_len, sqlite3_int64 *user_id,
                 int *active);

/* The user's key into ctx's result, creating it if missing (DRF's get_or_create), or the new
** key when rotate is set. Returns SQLITE_OK, SQLITE_NOTFOUND for no such user, or an error. */
int store_issue(struct store *s, sqlite3_int64 user_id, int rotate, sqlite3_context *ctx);

/* Deletes the user's tokens; *count is how many. Returns SQLITE_OK or an error. */
int store_delete(struct store *s, sqlite3_int64 user_id, sqlite3_int64 *count);

/* Creates the token table (referencing `users`) unless it exists, then the triggers if on.
** *bound_to gets the users table the token table references (sqlite3_malloc'd). */
int store_install(struct store *s, const char *users, char **bound_to);

/* Creates (on) or drops (off) this connection's TEMP triggers. */
int store_set_triggers(struct store *s, int on);
/* 1 if both TEMP triggers exist now, else 0. */
int store_triggers_present(struct store *s);

#endif
