/*
** store.h: the store, one per connection (store.c): the verbs the SQL functions call (find,
** issue, rotate, revoke, renew, purge, delete, login, install, ...), run through the token
** scheme in force (scheme.h) on statements from the cache (cache.h), built from the schema
** snapshot (schema.h). The SQL-function files use only the functions declared here; the
** store's fields are for store.c, and for the files that discover (schema.c, triggers.c,
** settings_table.c), look up where a table is (locate.c) and own the cache (cache_vtab.c).
*/
#ifndef AUTHTOKEN_STORE_H
#define AUTHTOKEN_STORE_H

#include "cache.h"
#include "guard.h"
#include "schema.h"
#include "scheme.h"
#include "settings_table.h"
#include "sqlite3ext.h"
#include "timestamp.h"
#include "userid.h"

/* Result codes beyond SQLite's own, for schema problems the caller words itself. They are
** negative: SQLite's codes, extended ones included (SQLITE_READONLY_DBMOVED is 1032,
** SQLITE_CONSTRAINT_UNIQUE 2067), are all positive, so none can be taken for one of ours. */
#define STORE_NO_TABLE (-1) /* main.authtoken_token does not exist */
#define STORE_RETRY (-2)    /* the schema moved; the cache was rebuilt: start the call again */
#define STORE_HOSTILE (-3)  /* a table definition calls our functions (guard.c): refuse */
#define STORE_LIMIT (-4)    /* the per-user limit refuses a new token (knox's message kept) */

/* Per-connection state. */
struct store {
  sqlite3 *db;
  int discovered;    /* schema (the snapshot) is valid */
  int stale;         /* the schema moved: discover again at the next outermost call */
  int depth;         /* how many of our SQL functions are running on this connection */
  int triggers_on;   /* this connection wants its triggers */
  int keep_triggers; /* a refresh that must not replace triggers that exist (triggers.c) */
  int refs;          /* owners: the module, and authtoken_cache while connected (cache_vtab.c) */
  int encoding;      /* main's text encoding (SQLITE_UTF8, ...), 0 until known */
  const char *issue_name; /* while set, the name store_issue gives a new token (token_create) */
  char *issued_expiry; /* while set, store_issue under a many-per-user scheme writes the new
                          token's expiry here (TIMESTAMP_SIZE bytes; "" for never): token_obtain */
  char *capture;     /* while STMT_INSERT/ROTATE runs: the next token_new() on this connection
                        copies its key here (at most SCHEME_KEY_MAX + 1 bytes) and clears
                        this, so the key is written without being bound (store_capture) */
  int main_version;  /* main's schema_version as last read (discovery, store_check_fresh) */
  struct schema schema;     /* what discovery learned (schema.h), rebuilt whole */
  struct cache cache;       /* the prepared statements (cache.h) */
  struct guard_print guard; /* the guard's verdict and the schemas it was taken on (guard.c) */
  char *error;              /* last error text (sqlite3_malloc'd), for the caller's message */
};


void store_init(struct store *s, sqlite3 *db);
/* Finalizes every cached statement and frees the discovered schema (close, reload). */
void store_close(struct store *s);

/* Call around every SQL function's work: marks nesting, rebuilds a stale cache when outermost. */
void store_enter(struct store *s);
void store_leave(struct store *s);

/* The last error's text, without the function name; never NULL. */
const char *store_error(const struct store *s);
/* Keeps a formatted error text for store_error(). */
void store_set_error(struct store *s, const char *fmt, ...);

/* The connection. */
sqlite3 *store_db(const struct store *s);

/* Discovers the schema unless known. Returns SQLITE_OK, STORE_NO_TABLE or an error. */
int store_ready(struct store *s);

/* token_new(): the key just minted (len characters and a NUL) is kept for the statement of
** ours that runs it (store.c: capture) if one is waiting, the first time only. */
void store_capture(struct store *s, const char *key, int len);

/* The token scheme in force (scheme.h): the one discovery chose, else the default. */
const struct scheme *store_scheme(const struct store *s);

/* 1 if main's text encoding is UTF-8 (read once per connection), else 0. */
int store_utf8(struct store *s);

/* The Authorization keyword in force (discovering the schema if needed); "Token" when the
** database has no token table or no setting. */
const char *store_keyword(struct store *s);

/* Checks that the schema (and so the settings) did not change since discovery. Returns
** SQLITE_OK, STORE_RETRY after rebuilding the cache, or an error. */
int store_check_fresh(struct store *s);

/* Call before any write, after store_check_fresh (call.c checks once per call): makes
** sure the schema is discovered and no table definition calls our functions (the CHECK
** hole, guard.c). Returns SQLITE_OK, STORE_HOSTILE with the finding in store_error(),
** STORE_NO_TABLE, or an error. */
int store_guard(struct store *s);

/* find: looks `key` up by the scheme's rules (DRF: as DRF does). Returns SQLITE_ROW with
** *user_id (the id as the users table stores it) and *active set, SQLITE_DONE when there is
** no such token (a key of the wrong shape, an expired token, or its user row gone),
** STORE_RETRY when the schema moved (the call must start again), or an error code. */
int store_find(struct store *s, const void *key, int key_len, struct user_id *user_id,
               int *active);

/* Converts a user id argument for the users table's key (userid.c), discovering the schema
** if needed. Returns SQLITE_OK, SQLITE_MISMATCH with the reason in store_error(), or an
** error (the schema's, when it cannot be supported). */
int store_user_id_arg(struct store *s, sqlite3_value *arg, struct user_id *id);

/* issue: a token for the user. One-token-per-user schemes (DRF) return the user's key,
** creating it if missing (get_or_create); the others insert a new one. *key gets a
** sqlite3_malloc'd copy of *key_len bytes (plus NUL) that the caller wipes and frees.
** Returns SQLITE_OK, SQLITE_NOTFOUND for no such user, or an error. */
int store_issue(struct store *s, const struct user_id *user_id, char **key, int *key_len);

/* rotate: a new key replacing the user's (or its first), returned as store_issue does. */
int store_rotate(struct store *s, const struct user_id *user_id, char **key, int *key_len);

/* The login row of `username` in the username column. Returns SQLITE_ROW with *user_id,
** *encoded (sqlite3_malloc'd copy of the password column's *encoded_len bytes plus a NUL,
** or NULL; the caller wipes all *encoded_len bytes and frees) and *can_login (Django's
** user_can_authenticate: is_active true or NULL or absent) set; SQLITE_DONE when no single
** user has that username; or an error (SQLITE_ERROR with a message when the users table
** has no password column). */
int store_login(struct store *s, const char *username, int len, struct user_id *user_id,
                char **encoded, int *encoded_len, int *can_login);

/* revoke: deletes the presented key's token (knox's logout; the caller authenticated it
** first); *count is how many rows (0 or 1). Returns SQLITE_OK or an error. */
int store_revoke(struct store *s, const void *key, int key_len, sqlite3_int64 *count);
/* renew: knox's AUTO_REFRESH for the presented key's token (the caller found it unexpired):
** with the auto_refresh setting on, writes expiry = now + ttl (at most created + max_ttl)
** when that moves it by more than min_refresh_interval; *count is 1 when written, else 0.
** Returns SQLITE_OK or an error (a stored expiry or created Django would not write). */
int store_renew(struct store *s, const void *key, int key_len, sqlite3_int64 *count);
/* knox's renewal rule with the settings in force (ttl, max_ttl, min_refresh_interval) for
** a token expiring at `expiry`, made at `created`: SQLITE_ROW with the new expiry in out
** (TIMESTAMP_SIZE bytes), SQLITE_DONE when it is expired or knox would write nothing, or an
** error. */
int store_renewal(struct store *s, timestamp_us now, timestamp_us expiry, timestamp_us created,
                  char *out);
/* purge: deletes every expired token (schemes with expiry; 0 for the others); *count is how
** many. Returns SQLITE_OK or an error. */
int store_purge(struct store *s, sqlite3_int64 *count);

/* delete: the user's tokens; *count is how many. Returns SQLITE_OK or an error. */
int store_delete(struct store *s, const struct user_id *user_id, sqlite3_int64 *count);

/* Creates the token table of scheme sc (NULL: the one in force, else the default)
** referencing `users` unless it exists, then the triggers if on. When sc is given and
** another scheme's table exists too, sets the scheme setting so that sc is in force.
** *bound_to gets the users table the token table references (sqlite3_malloc'd). */
int store_install(struct store *s, const char *users, const struct scheme *sc, char **bound_to);

/* The CREATE TABLE statement store_install would run for `users` (NULL: "users") and
** scheme sc (NULL: the one in force), as text
** (*sql sqlite3_malloc'd), for the application to run as a write (token_install_sql). */
int store_install_sql(struct store *s, const char *users, const struct scheme *sc, char **sql);

/* Creates (on) or drops (off) this connection's TEMP triggers. */
int store_set_triggers(struct store *s, int on);
/* 1 if this connection's triggers exist (read from the temp schema), else 0. */
int store_triggers_present(struct store *s);

/* Call at the start of any function (before its store_enter): when the schema
** moved since discovery (a table rebuild, PRAGMA temp_store, a token table that appeared or
** went), discovers again, which puts this connection's triggers back (or drops them when
** the token table is gone). With keep set, triggers that exist are never replaced (for
** token_new() and token_now(), which run inside them). Costs one step of a cached statement. */
void store_refresh(struct store *s, int keep);

/* ---- For the store's own files (schema.c, triggers.c, settings_table.c, cache_vtab.c) - */

/* Finalizes the cache and forgets the schema; only when none of ours is running. */
void store_invalidate(struct store *s);
/* Discovers the schema (schema.c), puts this connection's triggers in step with it, and
** prepares the statements every call starts with. */
int store_discover(struct store *s);

#endif
