/*
** store.c: every SQL statement against the token and users tables, and their cache.
**
** Discovery. The users table and its id column come from authtoken_token's foreign key on
** user_id (PRAGMA foreign_key_list), is_active from the users table's columns. From those
** facts the statements' texts are built once (identifiers quoted with %w).
**
** The cache. Each statement is prepared once per connection (SQLITE_PREPARE_PERSISTENT) and
** reset after each use, so the token_user path prepares nothing per call. Rules:
**   - a cached statement that is busy (one of our functions reached again from a trigger
**     fired inside another) is never stepped: that call prepares a one-off statement;
**   - sqlite3_close() must not find the cache: the anchor table (anchor.c) is connected
**     before anything is cached, and close disconnects it first, which finalizes the cache;
**   - a statement that SQLite re-prepared (SQLITE_STMTSTATUS_REPREPARE moved) or that failed
**     means the schema moved: the cache is rebuilt from a fresh discovery at the next
**     outermost call (never while one of ours is running), and a lookup is retried at once;
**     the rebuild also puts back this connection's triggers if a table rebuild dropped them.
**
** Errors are kept in s->error without the function name; the SQL layer adds it.
*/
#include "store.h"

#include <sodium.h>
#include <stdarg.h>
#include <string.h>

#include "anchor.h"
#include "guard.h"
#include "key.h"
#include "sql_embed.h"
#include "timestamp.h"

SQLITE_EXTENSION_INIT3

static void set_error(struct store *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  sqlite3_free(s->error);
  s->error = msg;
}

const char *store_error(const struct store *s) {
  return s->error ? s->error : "out of memory";
}

void store_init(struct store *s, sqlite3 *db) {
  memset(s, 0, sizeof *s);
  s->db = db;
  s->triggers_on = 1;
}

static void free_schema(struct store *s) {
  sqlite3_free(s->schema.users);
  sqlite3_free(s->schema.users_id);
  sqlite3_free(s->schema.keyword);
  sqlite3_free(s->schema.username_column);
  sqlite3_free(s->schema.hostile);
  memset(&s->schema, 0, sizeof s->schema);
  s->encoding = 0; /* may still change before the first table is created */
  for (int i = 0; i < STMT_COUNT; i++) {
    sqlite3_free(s->sql[i]);
    s->sql[i] = NULL;
  }
  s->discovered = 0;
}

/* Finalizes the cache and forgets the schema. Only when none of ours is running. */
static void invalidate(struct store *s) {
  for (int i = 0; i < STMT_COUNT; i++) {
    sqlite3_finalize(s->cache[i]);
    s->cache[i] = NULL;
  }
  free_schema(s);
  s->stale = 0;
}

void store_close(struct store *s) {
  invalidate(s);
  sqlite3_free(s->error);
  s->error = NULL;
}

void store_enter(struct store *s) {
  if (++s->depth == 1 && s->stale) invalidate(s);
}

void store_leave(struct store *s) {
  s->depth--;
}

/* Runs a one-off query with up to one TEXT argument; calls row() for each row. */
static int query(struct store *s, const char *sql, const char *arg,
                 int (*row)(struct store *, sqlite3_stmt *, void *), void *out) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK && arg) rc = sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) rc = row(s, st, out);
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  if (rc != SQLITE_OK) set_error(s, "%s", sqlite3_errmsg(s->db));
  sqlite3_finalize(st);
  return rc;
}

/* Runs one statement built from a template; returns SQLite's code, message in s->error. */
static int exec_sql(struct store *s, char *sql) {
  if (sql == NULL) return SQLITE_NOMEM;
  char *err = NULL;
  int rc = sqlite3_exec(s->db, sql, NULL, NULL, &err);
  if (rc != SQLITE_OK) set_error(s, "%s", err ? err : sqlite3_errstr(rc));
  sqlite3_free(err);
  sqlite3_free(sql);
  return rc;
}

static int row_foreign_key(struct store *s, sqlite3_stmt *st, void *out) {
  (void)out;
  if (s->schema.users) return SQLITE_OK; /* the first foreign key on user_id wins */
  const unsigned char *to = sqlite3_column_text(st, 1);
  s->schema.users = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
  s->schema.users_id = to ? sqlite3_mprintf("%s", to) : NULL;
  return s->schema.users ? SQLITE_OK : SQLITE_NOMEM;
}

static int row_count(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s;
  *(int *)out = sqlite3_column_int(st, 0);
  return SQLITE_OK;
}

/* Columns of the users table: its integer primary key (when the foreign key named none)
** and whether it has is_active. out counts the columns seen. */
static int row_users_column(struct store *s, sqlite3_stmt *st, void *out) {
  const char *name = (const char *)sqlite3_column_text(st, 0);
  int pk = sqlite3_column_int(st, 1);
  ++*(int *)out;
  if (name && sqlite3_stricmp(name, "is_active") == 0) s->schema.has_is_active = 1;
  if (name && sqlite3_stricmp(name, "password") == 0) s->schema.has_password = 1;
  if (name && pk == 1 && s->schema.users_id == NULL) {
    s->schema.users_id = sqlite3_mprintf("%s", name);
    if (s->schema.users_id == NULL) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* 1 if main.authtoken_token exists, 0 if not, negative on error. */
static int token_table_exists(struct store *s) {
  int n = 0;
  int rc = query(s,
                 "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' "
                 "AND name = 'authtoken_token' COLLATE NOCASE",
                 NULL, row_count, &n);
  return rc == SQLITE_OK ? n > 0 : -rc;
}

/* Reads the users table and its id column from the token table's foreign key. */
static int read_foreign_key(struct store *s) {
  int rc = query(s,
                 "SELECT \"table\", \"to\" FROM pragma_foreign_key_list('authtoken_token', 'main') "
                 "WHERE \"from\" = 'user_id' COLLATE NOCASE ORDER BY id",
                 NULL, row_foreign_key, NULL);
  if (rc != SQLITE_OK || s->schema.users) return rc;
  int exists = token_table_exists(s);
  if (exists < 0) return -exists;
  if (!exists) return STORE_NO_TABLE;
  set_error(s, "authtoken_token.user_id has no foreign key naming the users table");
  return SQLITE_ERROR;
}

static int read_users_columns(struct store *s) {
  int columns = 0;
  int rc = query(s, "SELECT name, pk FROM pragma_table_info(?1, 'main')", s->schema.users,
                 row_users_column, &columns);
  if (rc != SQLITE_OK) return rc;
  if (columns == 0) {
    set_error(s, "no users table \"%s\" (named by authtoken_token's foreign key)", s->schema.users);
    return SQLITE_ERROR;
  }
  if (s->schema.users_id == NULL) s->schema.users_id = sqlite3_mprintf("rowid");
  return s->schema.users_id ? SQLITE_OK : SQLITE_NOMEM;
}

/* One row of the authtoken_settings view; unknown names are ignored. */
static int row_setting(struct store *s, sqlite3_stmt *st, void *out) {
  (void)out;
  const char *name = (const char *)sqlite3_column_text(st, 0);
  const char *value = (const char *)sqlite3_column_text(st, 1);
  char **slot = NULL;
  if (name && strcmp(name, "keyword") == 0) slot = &s->schema.keyword;
  if (name && strcmp(name, "username_column") == 0) slot = &s->schema.username_column;
  if (slot == NULL || value == NULL) return SQLITE_OK;
  sqlite3_free(*slot);
  *slot = sqlite3_mprintf("%s", value);
  return *slot ? SQLITE_OK : SQLITE_NOMEM;
}

/* Reads the settings view if there is one, then fills in the defaults. */
static int read_settings(struct store *s) {
  int n = 0;
  int rc = query(s,
                 "SELECT count(*) FROM main.sqlite_schema WHERE type = 'view' "
                 "AND name = 'authtoken_settings' COLLATE NOCASE",
                 NULL, row_count, &n);
  if (rc == SQLITE_OK && n > 0) {
    rc = query(s, "SELECT name, value FROM main.\"authtoken_settings\"", NULL, row_setting, NULL);
  }
  if (rc != SQLITE_OK) return rc;
  if (!s->schema.keyword) s->schema.keyword = sqlite3_mprintf(STORE_DEFAULT_KEYWORD);
  if (!s->schema.username_column) {
    s->schema.username_column = sqlite3_mprintf(STORE_DEFAULT_USERNAME_COLUMN);
  }
  return s->schema.keyword && s->schema.username_column ? SQLITE_OK : SQLITE_NOMEM;
}

static int read_version(struct store *s) {
  return query(s, "PRAGMA main.schema_version", NULL, row_count, &s->schema.version);
}

/* Builds the texts of the cached statements from the discovered schema. */
static int build_statements(struct store *s) {
  const char *users = s->schema.users, *id = s->schema.users_id;
  s->sql[STMT_LOOKUP] = sqlite3_mprintf(
      "SELECT t.\"user_id\", %s FROM main.\"authtoken_token\" AS t "
      "JOIN main.\"%w\" AS u ON u.\"%w\" = t.\"user_id\" WHERE t.\"key\" = ?1",
      s->schema.has_is_active ? "u.\"is_active\"" : "1", users, id);
  s->sql[STMT_USER_KEY] = sqlite3_mprintf(
      "SELECT u.\"%w\", t.\"key\" FROM main.\"%w\" AS u LEFT JOIN main.\"authtoken_token\" AS t "
      "ON t.\"user_id\" = u.\"%w\" WHERE u.\"%w\" = ?1",
      id, users, id, id);
  s->sql[STMT_INSERT] = sqlite3_mprintf(
      "INSERT INTO main.\"authtoken_token\" (\"key\", \"created\", \"user_id\") "
      "VALUES (?1, ?2, ?3)");
  s->sql[STMT_ROTATE] = sqlite3_mprintf(
      "UPDATE main.\"authtoken_token\" SET \"key\" = ?1, \"created\" = ?2 WHERE \"user_id\" = ?3");
  s->sql[STMT_DELETE] =
      sqlite3_mprintf("DELETE FROM main.\"authtoken_token\" WHERE \"user_id\" = ?1");
  s->sql[STMT_LOGIN] = sqlite3_mprintf(
      "SELECT u.\"%w\", %s, %s FROM main.\"%w\" AS u WHERE u.\"%w\" = ?1 LIMIT 2", id,
      s->schema.has_password ? "u.\"password\"" : "NULL",
      s->schema.has_is_active ? "u.\"is_active\"" : "NULL", users, s->schema.username_column);
  s->sql[STMT_VERSION] = sqlite3_mprintf("PRAGMA main.schema_version");
  for (int i = 0; i < STMT_COUNT; i++) {
    if (s->sql[i] == NULL) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* Both TEMP triggers exist and are on the discovered users table. */
static int triggers_match(struct store *s) {
  int n = 0;
  query(s,
        "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' "
        "AND name IN ('authtoken_user_insert', 'authtoken_user_delete') "
        "AND tbl_name = ?1 COLLATE NOCASE",
        s->schema.users, row_count, &n);
  return n == 2;
}

static int drop_triggers(struct store *s) {
  return exec_sql(s, sqlite3_mprintf("DROP TRIGGER IF EXISTS temp.\"authtoken_user_insert\";"
                                     "DROP TRIGGER IF EXISTS temp.\"authtoken_user_delete\";"));
}

/* Creates this connection's triggers on the discovered users table unless present. */
static int ensure_triggers(struct store *s) {
  if (triggers_match(s)) return SQLITE_OK;
  const char *users = s->schema.users, *id = s->schema.users_id;
  int rc = drop_triggers(s);
  if (rc == SQLITE_OK) rc = exec_sql(s, sqlite3_mprintf(sql_insert_trigger, users, id, id));
  if (rc == SQLITE_OK) rc = exec_sql(s, sqlite3_mprintf(sql_delete_trigger, users, id));
  return rc;
}

static int acquire(struct store *s, enum store_stmt which, sqlite3_stmt **out);
static void release(struct store *s, enum store_stmt which, sqlite3_stmt *st, int rc);

/* Prepares the two statements every call starts with (lookup, or the schema version check
** that the other calls make first) into the cache at once. A statement first prepared after
** a table rebuild never shows a REPREPARE, so the rebuild (and its lost TEMP triggers) would
** go unnoticed; primed ones notice it at the next call (tests/suites/schema.sh, "rebuild").
** The others are prepared at first use, which keeps a connection's cost small. */
static void prime_cache(struct store *s) {
  static const enum store_stmt first[] = {STMT_LOOKUP, STMT_VERSION};
  for (size_t i = 0; i < sizeof first / sizeof first[0]; i++) {
    sqlite3_stmt *st = NULL;
    if (s->cache[first[i]] == NULL && acquire(s, first[i], &st) == SQLITE_OK) {
      release(s, first[i], st, SQLITE_DONE);
    }
  }
}

/* A hash (FNV-1a) of the names of the attached databases: ATTACH and DETACH change it,
** and ATTACH is how a hostile file's CHECK constraints arrive after discovery. */
static sqlite3_uint64 databases_hash(struct store *s) {
  sqlite3_uint64 h = 14695981039346656037ULL;
  if (sqlite3_libversion_number() < 3039000) return h; /* no sqlite3_db_name before 3.39 */
  for (int i = 0;; i++) {
    const char *name = sqlite3_db_name(s->db, i);
    if (name == NULL) return h;
    for (const char *c = name; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL; /* separator */
  }
}

/* Learns the schema, builds the statements, and puts back the triggers if wanted. */
static int discover(struct store *s) {
  free_schema(s);
  int rc = read_foreign_key(s);
  if (rc == SQLITE_OK) rc = read_users_columns(s);
  if (rc == SQLITE_OK) rc = read_settings(s);
  if (rc == SQLITE_OK) rc = build_statements(s);
  if (rc == SQLITE_OK && s->triggers_on) rc = ensure_triggers(s);
  if (rc == SQLITE_OK) rc = read_version(s);
  if (rc == SQLITE_OK && (rc = guard_find(s->db, &s->schema.hostile)) != SQLITE_OK) {
    set_error(s, "%s", sqlite3_errmsg(s->db));
  }
  s->schema.databases = databases_hash(s);
  if (rc != SQLITE_OK) {
    free_schema(s);
    return rc;
  }
  s->discovered = 1;
  prime_cache(s);
  return SQLITE_OK;
}

/* A statement ready to bind: the cached one, or a one-off when the cached one is busy or
** cannot be kept safely. Release it with release(). */
static int acquire(struct store *s, enum store_stmt which, sqlite3_stmt **out) {
  int rc = s->discovered ? SQLITE_OK : discover(s);
  if (rc != SQLITE_OK) return rc;
  sqlite3_stmt *st = s->cache[which];
  if (st && !sqlite3_stmt_busy(st)) {
    *out = st;
    return SQLITE_OK;
  }
  int keep = st == NULL && anchor_connect(s) == SQLITE_OK && s->anchored;
  rc = sqlite3_prepare_v3(s->db, s->sql[which], -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, &st,
                          NULL);
  if (rc != SQLITE_OK) {
    set_error(s, "%s", sqlite3_errmsg(s->db));
    return rc;
  }
  if (keep) {
    s->cache[which] = st;
    s->reprepares[which] = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_REPREPARE, 0);
  }
  *out = st;
  return SQLITE_OK;
}

/* Resets a cached statement (noting a schema move) or finalizes a one-off. rc is the
** result of its last step; a failure also counts as a schema move. */
static void release(struct store *s, enum store_stmt which, sqlite3_stmt *st, int rc) {
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) set_error(s, "%s", sqlite3_errmsg(s->db));
  if (st != s->cache[which]) {
    sqlite3_finalize(st);
    return;
  }
  int n = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_REPREPARE, 0);
  if (n != s->reprepares[which] || rc == SQLITE_ERROR || rc == SQLITE_SCHEMA) s->stale = 1;
  s->reprepares[which] = n;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
}

/* Python's truthiness of the value Django's BooleanField reads from the column. */
static int is_truthy(sqlite3_value *v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
      return sqlite3_value_int64(v) != 0;
    case SQLITE_FLOAT:
      return sqlite3_value_double(v) != 0.0;
    case SQLITE_NULL:
      return 0;
    default:
      return sqlite3_value_bytes(v) > 0;
  }
}

/* After a cached statement ran: if the schema moved and none of ours is running, rebuilds
** the cache and returns STORE_RETRY so that the call starts again from fresh texts. */
static int retry_if_stale(struct store *s, int rc) {
  if (s->stale && s->depth == 1) {
    invalidate(s);
    set_error(s, "the schema changed during the call; try again");
    return STORE_RETRY;
  }
  return rc;
}

int store_lookup(struct store *s, const void *key, int key_len, sqlite3_int64 *user_id,
                 int *active) {
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_LOOKUP, &st);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_bind_text(st, 1, key, key_len, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *user_id = sqlite3_column_int64(st, 0);
    *active = is_truthy(sqlite3_column_value(st, 1));
  }
  release(s, STMT_LOOKUP, st, rc);
  return retry_if_stale(s, rc);
}

static int row_encoding(struct store *s, sqlite3_stmt *st, void *out) {
  const char *name = (const char *)sqlite3_column_text(st, 0);
  (void)out;
  s->encoding = name && sqlite3_stricmp(name, "UTF-8") == 0 ? SQLITE_UTF8 : SQLITE_UTF16;
  return SQLITE_OK;
}

int store_utf8(struct store *s) {
  if (s->encoding == 0) query(s, "PRAGMA main.encoding", NULL, row_encoding, NULL);
  return s->encoding == SQLITE_UTF8;
}

int store_guard(struct store *s) {
  int rc = store_check_fresh(s);
  if (rc == STORE_RETRY) rc = SQLITE_OK; /* rebuilt: discovered afresh below */
  if (rc == SQLITE_OK && s->discovered && s->schema.databases != databases_hash(s)) {
    if (s->depth == 1) invalidate(s);
  }
  if (rc == SQLITE_OK && !s->discovered) rc = discover(s);
  if (rc == SQLITE_OK && s->schema.hostile) {
    set_error(s, "refusing to run: %s", s->schema.hostile);
    rc = STORE_HOSTILE;
  }
  return rc;
}

const char *store_keyword(struct store *s) {
  if (!s->discovered && discover(s) != SQLITE_OK) return STORE_DEFAULT_KEYWORD;
  return s->schema.keyword;
}

int store_check_fresh(struct store *s) {
  if (!s->discovered) return SQLITE_OK;
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_VERSION, &st);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) != s->schema.version) s->stale = 1;
  release(s, STMT_VERSION, st, rc);
  return retry_if_stale(s, rc == SQLITE_ROW ? SQLITE_OK : rc);
}

/* A sqlite3_malloc'd, NUL-terminated copy of n bytes (a key: the caller wipes it). */
static char *copy_secret(const void *bytes, int n) {
  char *copy = sqlite3_malloc(n + 1);
  if (copy == NULL) return NULL;
  if (n > 0) memcpy(copy, bytes, (size_t)n);
  copy[n] = 0;
  return copy;
}

/* Does the user exist, and which key has it? Returns SQLITE_ROW (the user exists; *key is
** the key copied, or NULL when the user has none) or SQLITE_DONE (no user), or an error. */
static int find_user_key(struct store *s, sqlite3_int64 user_id, char **key, int *key_len) {
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_USER_KEY, &st);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, user_id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL) {
    const unsigned char *text = sqlite3_column_text(st, 1);
    *key_len = sqlite3_column_bytes(st, 1);
    *key = text ? copy_secret(text, *key_len) : NULL;
    if (*key == NULL) rc = SQLITE_NOMEM;
  }
  release(s, STMT_USER_KEY, st, rc);
  return rc;
}

/* Writes a fresh key for the user (insert, or replace when has_key) into *key. */
static int write_new_key(struct store *s, sqlite3_int64 user_id, int has_key, char **key,
                         int *key_len) {
  char fresh[KEY_HEX_LEN + 1], created[TIMESTAMP_SIZE];
  if (timestamp_now(created) != 0) {
    set_error(s, "cannot read the clock");
    return SQLITE_ERROR;
  }
  key_generate(fresh);
  enum store_stmt which = has_key ? STMT_ROTATE : STMT_INSERT;
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, which, &st);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(st, 1, fresh, KEY_HEX_LEN, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, created, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, user_id);
    rc = sqlite3_step(st);
    release(s, which, st, rc);
  }
  if (rc == SQLITE_DONE) {
    *key = copy_secret(fresh, KEY_HEX_LEN);
    *key_len = KEY_HEX_LEN;
    rc = *key ? SQLITE_OK : SQLITE_NOMEM;
  }
  sodium_memzero(fresh, sizeof fresh);
  return rc;
}

int store_issue(struct store *s, sqlite3_int64 user_id, int rotate, char **key, int *key_len) {
  *key = NULL;
  *key_len = 0;
  int rc = find_user_key(s, user_id, key, key_len);
  if (rc == SQLITE_DONE) return SQLITE_NOTFOUND;
  if (rc != SQLITE_ROW) return rc;
  int has_key = *key != NULL;
  if (has_key && !rotate) return SQLITE_OK;
  if (has_key) {
    sodium_memzero(*key, (size_t)*key_len);
    sqlite3_free(*key);
    *key = NULL;
  }
  return write_new_key(s, user_id, has_key, key, key_len);
}

int store_login(struct store *s, const char *username, int len, sqlite3_int64 *user_id,
                char **encoded, int *can_login) {
  *encoded = NULL;
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_LOGIN, &st);
  if (rc != SQLITE_OK) return rc;
  if (!s->schema.has_password) {
    release(s, STMT_LOGIN, st, SQLITE_DONE);
    set_error(s, "users table %s has no password column", s->schema.users);
    return SQLITE_ERROR;
  }
  sqlite3_bind_text(st, 1, username, len, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *user_id = sqlite3_column_int64(st, 0);
    sqlite3_value *active = sqlite3_column_value(st, 2);
    *can_login = sqlite3_value_type(active) == SQLITE_NULL || is_truthy(active);
    const unsigned char *hash = sqlite3_column_text(st, 1);
    if (hash) *encoded = copy_secret(hash, sqlite3_column_bytes(st, 1));
    if (hash && *encoded == NULL) rc = SQLITE_NOMEM;
    if (rc == SQLITE_ROW && sqlite3_step(st) == SQLITE_ROW) rc = SQLITE_DONE; /* not unique */
  }
  release(s, STMT_LOGIN, st, rc);
  if (rc != SQLITE_ROW && *encoded) {
    sodium_memzero(*encoded, strlen(*encoded));
    sqlite3_free(*encoded);
    *encoded = NULL;
  }
  return rc;
}

int store_delete(struct store *s, sqlite3_int64 user_id, sqlite3_int64 *count) {
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_DELETE, &st);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, user_id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) *count = sqlite3_changes(s->db);
  release(s, STMT_DELETE, st, rc);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* What the columns of a table about to be referenced tell: its single INTEGER primary key. */
struct pk_search {
  int columns;  /* columns seen */
  int pk_count; /* primary key columns seen */
  char *pk;     /* the INTEGER primary key column, if it is the only key column */
};

static int row_integer_pk(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s;
  struct pk_search *search = out;
  const char *type = (const char *)sqlite3_column_text(st, 2);
  search->columns++;
  if (sqlite3_column_int(st, 1) == 0) return SQLITE_OK;
  if (++search->pk_count == 1 && type && sqlite3_stricmp(type, "integer") == 0) {
    search->pk = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
    if (search->pk == NULL) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* Creates authtoken_token referencing `users` (which must have an INTEGER PRIMARY KEY). */
static int create_token_table(struct store *s, const char *users) {
  struct pk_search search = {0, 0, NULL};
  int rc = query(s, "SELECT name, pk, type FROM pragma_table_info(?1, 'main')", users,
                 row_integer_pk, &search);
  if (rc == SQLITE_OK && search.columns == 0) {
    set_error(s, "no table named %s", users);
    rc = SQLITE_ERROR;
  } else if (rc == SQLITE_OK && (search.pk == NULL || search.pk_count != 1)) {
    set_error(s, "table %s has no INTEGER PRIMARY KEY", users);
    rc = SQLITE_ERROR;
  } else if (rc == SQLITE_OK) {
    rc = exec_sql(s, sqlite3_mprintf(sql_token_table, users, search.pk));
  }
  sqlite3_free(search.pk);
  return rc;
}

int store_install(struct store *s, const char *users, char **bound_to) {
  if (s->depth > 1) {
    set_error(s, "cannot run inside another authtoken call");
    return SQLITE_MISUSE;
  }
  invalidate(s);
  int exists = token_table_exists(s);
  if (exists < 0) return -exists;
  int rc = exists ? SQLITE_OK : create_token_table(s, users ? users : "users");
  if (rc == SQLITE_OK) rc = discover(s);
  if (rc == SQLITE_OK && users && sqlite3_stricmp(users, s->schema.users) != 0) {
    set_error(s, "authtoken_token already references %s, not %s", s->schema.users, users);
    rc = SQLITE_ERROR;
  }
  if (rc == SQLITE_OK) {
    *bound_to = sqlite3_mprintf("%s", s->schema.users);
    if (*bound_to == NULL) rc = SQLITE_NOMEM;
  }
  return rc;
}

int store_set_triggers(struct store *s, int on) {
  s->triggers_on = on;
  if (!on) return drop_triggers(s);
  int rc = s->discovered ? SQLITE_OK : discover(s);
  return rc == SQLITE_OK ? ensure_triggers(s) : rc;
}

int store_triggers_present(struct store *s) {
  return s->discovered && triggers_match(s);
}

const char *store_setting(struct store *s, const char *name) {
  if (!s->discovered && discover(s) != SQLITE_OK) {
    if (strcmp(name, "keyword") == 0) return STORE_DEFAULT_KEYWORD;
    if (strcmp(name, "username_column") == 0) return STORE_DEFAULT_USERNAME_COLUMN;
    return NULL;
  }
  if (strcmp(name, "keyword") == 0) return s->schema.keyword;
  if (strcmp(name, "username_column") == 0) return s->schema.username_column;
  return NULL;
}

/* Appends one VALUES row to the view's text unless the value is the default. */
static char *append_setting(char *rows, const char *name, const char *value, const char *dflt) {
  if (rows == NULL || strcmp(value, dflt) == 0) return rows;
  char *more = sqlite3_mprintf("%s%s(%Q, %Q)", rows, rows[0] ? ", " : "", name, value);
  sqlite3_free(rows);
  return more;
}

/* Rewrites the authtoken_settings view from the settings in force (defaults left out). */
static int write_settings_view(struct store *s, const char *keyword, const char *username) {
  char *rows = sqlite3_mprintf("%s", "");
  rows = append_setting(rows, "keyword", keyword, STORE_DEFAULT_KEYWORD);
  rows = append_setting(rows, "username_column", username, STORE_DEFAULT_USERNAME_COLUMN);
  if (rows == NULL) return SQLITE_NOMEM;
  char *sql = rows[0]
                  ? sqlite3_mprintf("SAVEPOINT authtoken_setting;"
                                    "DROP VIEW IF EXISTS main.\"authtoken_settings\";"
                                    "CREATE VIEW main.\"authtoken_settings\" (\"name\", \"value\") "
                                    "AS VALUES %s;"
                                    "RELEASE authtoken_setting;",
                                    rows)
                  : sqlite3_mprintf("DROP VIEW IF EXISTS main.\"authtoken_settings\";");
  sqlite3_free(rows);
  int rc = exec_sql(s, sql);
  if (rc != SQLITE_OK) sqlite3_exec(s->db, "ROLLBACK TO authtoken_setting; RELEASE authtoken_setting", NULL, NULL, NULL);
  return rc;
}

int store_set_setting(struct store *s, const char *name, const char *value) {
  if (s->depth > 1) {
    set_error(s, "cannot run inside another authtoken call");
    return SQLITE_MISUSE;
  }
  int rc = s->discovered ? SQLITE_OK : discover(s);
  if (rc != SQLITE_OK) return rc;
  const char *keyword = s->schema.keyword, *username = s->schema.username_column;
  if (strcmp(name, "keyword") == 0) keyword = value ? value : STORE_DEFAULT_KEYWORD;
  if (strcmp(name, "username_column") == 0) username = value ? value : STORE_DEFAULT_USERNAME_COLUMN;
  rc = write_settings_view(s, keyword, username);
  invalidate(s);
  return rc;
}

static int row_found(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s, (void)st;
  *(int *)out = 1;
  return SQLITE_OK;
}

int store_users_has_column(struct store *s, const char *column) {
  int found = 0;
  if (!s->discovered && discover(s) != SQLITE_OK) return 0;
  char *sql = sqlite3_mprintf("SELECT 1 FROM pragma_table_info(%Q, 'main') WHERE name = ?1",
                              s->schema.users);
  if (sql == NULL) return 0;
  query(s, sql, column, row_found, &found);
  sqlite3_free(sql);
  return found;
}
