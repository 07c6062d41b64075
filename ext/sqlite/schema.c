/*
** schema.c: what the database tells about itself, and the schema objects we own.
**
** Discovery (schema_discover). The users table and its id column come from
** authtoken_token's foreign key on user_id (PRAGMA foreign_key_list); is_active and password
** from the users table's columns; the settings from the authtoken_settings view; the
** guard's verdict is store_guard's (guard.c). From those facts the statements'
** texts are built once (identifiers quoted with %w) for store.c to prepare and cache.
** Also here: keeping this connection's TEMP triggers (triggers.c) in step with the schema
** (created when wanted, dropped when not or when the token table is gone), creating the
** token table (token_install),
** and rewriting the settings view (token_setting). Implements part of store.h.
*/
#include <string.h>

#include "sql_embed.h"
#include "store.h"
#include "triggers.h"

SQLITE_EXTENSION_INIT3

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

/* 1 if main has a `type` ('table', 'view') named `name`, 0 if not, negative on error. */
static int main_has(struct store *s, const char *type, const char *name) {
  int n = 0;
  char *sql = sqlite3_mprintf("SELECT count(*) FROM main.sqlite_schema WHERE type = %Q "
                              "AND name = %Q COLLATE NOCASE",
                              type, name);
  int rc = sql ? store_query(s, sql, NULL, row_count, &n) : SQLITE_NOMEM;
  sqlite3_free(sql);
  return rc == SQLITE_OK ? n > 0 : -rc;
}

static int token_table_exists(struct store *s) {
  return main_has(s, "table", "authtoken_token");
}

/* Reads the users table and its id column from the token table's foreign key. */
static int read_foreign_key(struct store *s) {
  int rc = store_query(
      s,
      "SELECT \"table\", \"to\" FROM pragma_foreign_key_list('authtoken_token', 'main') "
      "WHERE \"from\" = 'user_id' COLLATE NOCASE ORDER BY id",
      NULL, row_foreign_key, NULL);
  if (rc != SQLITE_OK || s->schema.users) return rc;
  int exists = token_table_exists(s);
  if (exists < 0) return -exists;
  if (!exists) return STORE_NO_TABLE;
  store_set_error(s, "authtoken_token.user_id has no foreign key naming the users table");
  return SQLITE_ERROR;
}

/* What the columns of a users table tell (pragma_table_info: name, pk, type). */
struct users_columns {
  int columns;       /* columns seen */
  int keys;          /* primary key columns seen */
  char *key;         /* the primary key column, when it is a single column */
  char *key_type;    /* its declared type */
  int has_is_active; /* an is_active column */
  int has_password;  /* a password column */
};

static void free_users_columns(struct users_columns *c) {
  sqlite3_free(c->key);
  sqlite3_free(c->key_type);
  memset(c, 0, sizeof *c);
}

static int row_users_column(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s;
  struct users_columns *c = out;
  const char *name = (const char *)sqlite3_column_text(st, 0);
  const char *type = (const char *)sqlite3_column_text(st, 2);
  c->columns++;
  if (name && sqlite3_stricmp(name, "is_active") == 0) c->has_is_active = 1;
  if (name && sqlite3_stricmp(name, "password") == 0) c->has_password = 1;
  if (sqlite3_column_int(st, 1) == 0 || ++c->keys > 1) return SQLITE_OK;
  c->key = sqlite3_mprintf("%s", name ? name : "");
  c->key_type = sqlite3_mprintf("%s", type ? type : "");
  return c->key && c->key_type ? SQLITE_OK : SQLITE_NOMEM;
}

/* The affinity of main's table `name`'s key declared `type`: STRICT tables give ANY none. */
static enum userid_affinity key_affinity(struct store *s, const char *name, const char *type) {
  int strict = 0;
  if (sqlite3_stricmp(type, "any") != 0) return userid_affinity(type, 0);
  char *saved = s->error; /* before SQLite 3.37 there is no table_list: not STRICT then */
  s->error = NULL;
  store_query(s, "SELECT \"strict\" FROM pragma_table_list WHERE \"schema\" = 'main' AND name = ?1",
              name, row_count, &strict);
  sqlite3_free(s->error);
  s->error = saved;
  return userid_affinity(type, strict);
}

/* Reads the columns of main's table `users`. A table user ids can be taken from has one
** primary key column (any type: INTEGER, TEXT, ...); `to`, the column a foreign key names
** (NULL: the primary key), must be it. Otherwise sets an error and returns SQLITE_ERROR. */
static int read_users_table(struct store *s, const char *users, const char *to,
                            struct users_columns *c) {
  int rc = store_query(s, "SELECT name, pk, type FROM pragma_table_info(?1, 'main')", users,
                       row_users_column, c);
  if (rc != SQLITE_OK) return rc;
  if (c->columns == 0) return SQLITE_NOTFOUND;
  int view = c->keys == 0 ? main_has(s, "view", users) : 0;
  if (view < 0) return -view;
  if (view) {
    store_set_error(s, "%s is a view; user ids need a table with a single-column primary key",
                    users);
  } else if (c->keys == 0) {
    store_set_error(s, "users table %s has no primary key; user ids need a single-column key",
                    users);
  } else if (c->keys > 1) {
    store_set_error(
        s, "users table %s has a primary key of %d columns; user ids need a single-column key",
        users, c->keys);
  } else if (to && sqlite3_stricmp(to, c->key) != 0) {
    store_set_error(s, "authtoken_token.user_id references %s(%s), not its primary key %s", users,
                    to, c->key);
  } else {
    return SQLITE_OK;
  }
  return SQLITE_ERROR;
}

static int row_text(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s;
  char **text = out;
  const char *value = (const char *)sqlite3_column_text(st, 0);
  sqlite3_free(*text);
  *text = sqlite3_mprintf("%s", value ? value : "");
  return *text ? SQLITE_OK : SQLITE_NOMEM;
}

/* Checks that authtoken_token.user_id keeps the users' ids apart: a numeric user_id would
** store the text ids '42' and '0042' both as 42, and a typed one the untyped ids 3 and '3'
** as one value, so that a token would join two users. Sets an error and returns SQLITE_ERROR
** for such a schema (never Django's: its user_id has the key's type). */
static int check_user_id_column(struct store *s, const char *key_type) {
  char *type = NULL;
  int rc = store_query(s,
                       "SELECT type FROM pragma_table_info('authtoken_token', 'main') "
                       "WHERE name = 'user_id' COLLATE NOCASE",
                       NULL, row_text, &type);
  enum userid_affinity key = s->schema.id_affinity, col = userid_affinity(type, 0);
  int merges =
      (key == ID_TEXT && col != ID_TEXT && col != ID_BLOB) || (key == ID_BLOB && col != ID_BLOB);
  if (rc == SQLITE_OK && type && merges) {
    store_set_error(s,
                    "authtoken_token.user_id (%s) cannot keep the ids of %s.%s (%s) apart; "
                    "declare it as the key is",
                    type[0] ? type : "no type", s->schema.users, s->schema.users_id,
                    key_type[0] ? key_type : "no type");
    rc = SQLITE_ERROR;
  }
  sqlite3_free(type);
  return rc;
}

/* The users table of the foreign key: its key column and affinity, is_active, password. */
static int read_users_columns(struct store *s) {
  struct users_columns c = {0};
  int rc = read_users_table(s, s->schema.users, s->schema.users_id, &c);
  if (rc == SQLITE_NOTFOUND) {
    store_set_error(s, "no users table \"%s\" (named by authtoken_token's foreign key)",
                    s->schema.users);
    rc = SQLITE_ERROR;
  }
  if (rc == SQLITE_OK) {
    s->schema.has_is_active = c.has_is_active;
    s->schema.has_password = c.has_password;
    s->schema.id_affinity = key_affinity(s, s->schema.users, c.key_type);
    sqlite3_free(s->schema.users_id);
    s->schema.users_id = c.key; /* its own spelling */
    c.key = NULL;
    rc = check_user_id_column(s, c.key_type);
  }
  free_users_columns(&c);
  return rc;
}

static int has_column(struct store *s, const char *column);

/* 1 if value is 1 to 32 characters from '!' to '~', else 0. */
static int valid_keyword(const char *value) {
  size_t n = strlen(value);
  if (n == 0 || n > 32) return 0;
  for (size_t i = 0; i < n; i++) {
    if (value[i] < '!' || value[i] > '~') return 0;
  }
  return 1;
}

char *store_check_setting(struct store *s, const char *name, const char *value) {
  if (value == NULL) return NULL;
  if (strcmp(name, "keyword") == 0 && !valid_keyword(value)) {
    return sqlite3_mprintf("keyword must be 1 to 32 visible ASCII characters");
  }
  if (strcmp(name, "writes_in_select") == 0 && strcmp(value, "allow") != 0 &&
      strcmp(value, "refuse") != 0) {
    return sqlite3_mprintf("writes_in_select must be 'allow' or 'refuse'");
  }
  if (strcmp(name, "username_column") == 0 && !has_column(s, value)) {
    return sqlite3_mprintf("%s has no column named %s",
                           s->schema.users ? s->schema.users : "the users table", value);
  }
  return NULL;
}

/* Stores one setting read from the view, checked as token_setting checks a new value;
** unknown names are ignored (a later version's settings). */
static int take_setting(struct store *s, const char *name, const char *value) {
  char **slot = NULL;
  if (strcmp(name, "keyword") == 0) slot = &s->schema.keyword;
  if (strcmp(name, "username_column") == 0) slot = &s->schema.username_column;
  if (strcmp(name, "writes_in_select") == 0) slot = &s->schema.writes_in_select;
  if (slot == NULL) return SQLITE_OK;
  char *problem = store_check_setting(s, name, value);
  if (problem) {
    store_set_error(s, "authtoken_settings: %s", problem);
    sqlite3_free(problem);
    return SQLITE_ERROR;
  }
  sqlite3_free(*slot);
  *slot = sqlite3_mprintf("%s", value);
  return *slot ? SQLITE_OK : SQLITE_NOMEM;
}

/* Reads one '...' literal as %Q writes it at *p into out (at least strlen(*p) bytes);
** returns 0 and moves *p past it, or -1 if it is not one. */
static int read_literal(const char **p, char *out) {
  const char *q = *p;
  if (*q++ != '\'') return -1;
  for (;; q++) {
    if (*q == 0) return -1;
    if (*q == '\'' && q[1] != '\'') break;
    if (*q == '\'') q++;
    *out++ = *q;
  }
  *out = 0;
  *p = q + 1;
  return 0;
}

/* The settings from the view's text, which must be exactly what write_settings_view()
** writes: the view is never run (a hostile one could recurse forever or sort without end,
** issue 8 item 4), only these bytes are read. */
static int parse_settings(struct store *s, const char *text) {
  static const char head[] =
      "CREATE VIEW \"authtoken_settings\" (\"name\", \"value\") AS VALUES ";
  size_t n = strlen(text);
  char *buf = sqlite3_malloc64(2 * n + 2);
  if (buf == NULL) return SQLITE_NOMEM;
  char *name = buf, *value = buf + n + 1;
  const char *p = text + sizeof head - 1;
  int rc = strncmp(text, head, sizeof head - 1) == 0 ? SQLITE_OK : SQLITE_ERROR;
  while (rc == SQLITE_OK) {
    if (*p++ != '(' || read_literal(&p, name) || strncmp(p, ", ", 2) ||
        (p += 2, read_literal(&p, value)) || *p++ != ')') {
      rc = SQLITE_ERROR;
      break;
    }
    rc = take_setting(s, name, value);
    if (rc != SQLITE_OK || *p == 0) break;
    if (strncmp(p, ", ", 2) != 0) rc = SQLITE_ERROR;
    p += 2;
  }
  sqlite3_free(buf);
  return rc;
}

#define SETTINGS_MAX_BYTES 4096 /* two settings take ~100; the bound on what we read */

/* One row of main's schema named authtoken_settings: a view's text, checked and parsed. */
static int row_settings_view(struct store *s, sqlite3_stmt *st, void *out) {
  const char *type = (const char *)sqlite3_column_text(st, 0);
  const char *text = (const char *)sqlite3_column_text(st, 1);
  (void)out;
  if (type == NULL || sqlite3_stricmp(type, "view") != 0) return SQLITE_OK;
  if (text == NULL || sqlite3_column_bytes(st, 1) > SETTINGS_MAX_BYTES) {
    store_set_error(s, "the authtoken_settings view is longer than %d bytes", SETTINGS_MAX_BYTES);
    return SQLITE_ERROR;
  }
  store_set_error(s, "the authtoken_settings view is not one token_setting wrote");
  return parse_settings(s, text); /* a bad value replaces that message with its own */
}

/* Reads the settings view if there is one, then fills in the defaults. */
static int read_settings(struct store *s) {
  int rc = store_query(s,
                       "SELECT type, substr(sql, 1, 4097) FROM main.sqlite_schema "
                       "WHERE name = 'authtoken_settings' COLLATE NOCASE",
                       NULL, row_settings_view, NULL);
  if (rc != SQLITE_OK) return rc;
  if (!s->schema.keyword) s->schema.keyword = sqlite3_mprintf(STORE_DEFAULT_KEYWORD);
  if (!s->schema.username_column) {
    s->schema.username_column = sqlite3_mprintf(STORE_DEFAULT_USERNAME_COLUMN);
  }
  if (!s->schema.writes_in_select) {
    s->schema.writes_in_select = sqlite3_mprintf(STORE_DEFAULT_WRITES_IN_SELECT);
  }
  return s->schema.keyword && s->schema.username_column && s->schema.writes_in_select
             ? SQLITE_OK
             : SQLITE_NOMEM;
}

static int read_version(struct store *s) {
  int rc = store_query(s, "PRAGMA main.schema_version", NULL, row_count, &s->schema.version);
  s->main_version = s->schema.version;
  return rc;
}

/* Builds the texts of the cached statements from the discovered schema. */
static int build_statements(struct store *s) {
  const char *users = s->schema.users, *id = s->schema.users_id;
  s->sql[STMT_LOOKUP] =
      sqlite3_mprintf("SELECT u.\"%w\", %s FROM main.\"authtoken_token\" AS t "
                      "JOIN main.\"%w\" AS u ON u.\"%w\" = t.\"user_id\" WHERE t.\"key\" = ?1",
                      id, s->schema.has_is_active ? "u.\"is_active\"" : "1", users, id);
  s->sql[STMT_USER_KEY] = sqlite3_mprintf(
      "SELECT u.\"%w\", t.\"key\" FROM main.\"%w\" AS u LEFT JOIN main.\"authtoken_token\" AS t "
      "ON t.\"user_id\" = u.\"%w\" WHERE u.\"%w\" = ?1",
      id, users, id, id);
  /* The key is drawn by token_new() inside the statement, never bound, so a tracing
  ** logger's sqlite3_expanded_sql shows no key (issue 8, item 12); store.c takes it from
  ** that call (s->capture). */
  s->sql[STMT_INSERT] =
      sqlite3_mprintf("INSERT INTO main.\"authtoken_token\" (\"key\", \"created\", \"user_id\") "
                      "VALUES (token_new(), ?2, ?3)");
  s->sql[STMT_ROTATE] = sqlite3_mprintf(
      "UPDATE main.\"authtoken_token\" SET \"key\" = token_new(), \"created\" = ?2 "
      "WHERE \"user_id\" = ?3");
  s->sql[STMT_DELETE] =
      sqlite3_mprintf("DELETE FROM main.\"authtoken_token\" WHERE \"user_id\" = ?1");
  s->sql[STMT_LOGIN] = sqlite3_mprintf(
      "SELECT u.\"%w\", %s, %s FROM main.\"%w\" AS u WHERE u.\"%w\" = ?1 LIMIT 2", id,
      s->schema.has_password ? "u.\"password\"" : "NULL",
      s->schema.has_is_active ? "u.\"is_active\"" : "NULL", users, s->schema.username_column);
  s->sql[STMT_VERSION] = sqlite3_mprintf("PRAGMA main.schema_version");
  s->sql[STMT_NUMERIC] = sqlite3_mprintf("SELECT CAST(?1 AS NUMERIC), ?1 = CAST(?1 AS NUMERIC)");
  s->sql[STMT_TEMP] = sqlite3_mprintf("SELECT 1 FROM temp.sqlite_master WHERE 0");
  for (int i = 0; i < STMT_COUNT; i++) {
    if (s->sql[i] == NULL) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* Makes the triggers exist when wanted and not when not (a refresh with keep_triggers set
** drops nothing). */
static int reconcile_triggers(struct store *s) {
  if (s->triggers_on) return triggers_ensure(s);
  return s->keep_triggers ? SQLITE_OK : triggers_drop(s);
}

/* Learns the schema, builds the statement texts, puts back the triggers if wanted. */
int schema_discover(struct store *s) {
  store_forget_schema(s);
  int rc = read_foreign_key(s);
  if (rc == SQLITE_OK) rc = read_settings(s);
  if (rc == SQLITE_OK) rc = read_users_columns(s);
  if (rc == SQLITE_OK) rc = build_statements(s);
  if (rc == SQLITE_OK) rc = triggers_build(s);
  if (rc == SQLITE_OK) rc = reconcile_triggers(s);
  if (rc == SQLITE_OK) rc = read_version(s);
  if (rc != SQLITE_OK) {
    if (rc == STORE_NO_TABLE && !s->keep_triggers) triggers_drop(s); /* or no user inserts */
    store_forget_schema(s);
    return rc;
  }
  s->discovered = 1;
  return SQLITE_OK;
}

static int row_encoding(struct store *s, sqlite3_stmt *st, void *out) {
  const char *name = (const char *)sqlite3_column_text(st, 0);
  (void)out;
  s->encoding = name && sqlite3_stricmp(name, "UTF-8") == 0 ? SQLITE_UTF8 : SQLITE_UTF16;
  return SQLITE_OK;
}

int store_utf8(struct store *s) {
  if (s->encoding == 0) store_query(s, "PRAGMA main.encoding", NULL, row_encoding, NULL);
  return s->encoding == SQLITE_UTF8;
}

/* The declared type of authtoken_token.user_id for a users key declared `type`: Django's
** `integer` for an integer key; otherwise the key's own type (Django's UUIDField: char(32))
** when it is a plain type name with the same affinity here, else its affinity's name. */
static char *user_id_type(const char *type, enum userid_affinity affinity) {
  int plain = 1;
  for (const char *c = type; *c; c++) {
    plain &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
             strchr(" _(),.+-", *c) != NULL;
  }
  if (affinity == ID_INTEGER || !plain || userid_affinity(type, 0) != affinity) {
    type = userid_affinity_type(affinity); /* e.g. a STRICT table's ANY: no type here */
  }
  return sqlite3_mprintf("%s%s", type[0] ? " " : "", type);
}

/* The CREATE TABLE of authtoken_token referencing `users`, which must have a single-column
** primary key; user_id gets that key's type, so that it stores ids as the key does. *sql is
** sqlite3_malloc'd. */
static int token_table_sql(struct store *s, const char *users, char **sql) {
  struct users_columns c = {0};
  int rc = read_users_table(s, users, NULL, &c);
  if (rc == SQLITE_NOTFOUND) {
    char *why = locate_missing_table(s, users); /* or which attached database has it */
    store_set_error(s, "%s", why ? why : "no such table");
    sqlite3_free(why);
    rc = SQLITE_ERROR;
  }
  if (rc == SQLITE_OK) {
    char *type = user_id_type(c.key_type, key_affinity(s, users, c.key_type));
    *sql = type ? sqlite3_mprintf(sql_token_table, type, users, c.key) : NULL;
    if (*sql == NULL) rc = SQLITE_NOMEM;
    sqlite3_free(type);
  }
  free_users_columns(&c);
  return rc;
}

/* Creates authtoken_token referencing `users`. */
static int create_token_table(struct store *s, const char *users) {
  char *sql = NULL;
  int rc = token_table_sql(s, users, &sql);
  return rc == SQLITE_OK ? store_exec(s, sql) : rc;
}

int store_install_sql(struct store *s, const char *users, char **sql) {
  return token_table_sql(s, users ? users : "users", sql);
}

int store_install(struct store *s, const char *users, char **bound_to) {
  if (s->depth > 1) {
    store_set_error(s, "cannot run inside another authtoken call");
    return SQLITE_MISUSE;
  }
  store_invalidate(s);
  int exists = token_table_exists(s);
  if (exists < 0) return -exists;
  int rc = exists ? SQLITE_OK : create_token_table(s, users ? users : "users");
  if (rc == SQLITE_OK) rc = store_discover(s);
  if (rc == SQLITE_OK && users && sqlite3_stricmp(users, s->schema.users) != 0) {
    store_set_error(s, "authtoken_token already references %s, not %s", s->schema.users, users);
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
  if (!on) return triggers_drop(s);
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  return rc == SQLITE_OK ? triggers_ensure(s) : rc;
}

int store_triggers_present(struct store *s) { return triggers_present(s); }

const char *store_setting(struct store *s, const char *name) {
  if (!s->discovered && store_discover(s) != SQLITE_OK) {
    if (strcmp(name, "keyword") == 0) return STORE_DEFAULT_KEYWORD;
    if (strcmp(name, "username_column") == 0) return STORE_DEFAULT_USERNAME_COLUMN;
    if (strcmp(name, "writes_in_select") == 0) return STORE_DEFAULT_WRITES_IN_SELECT;
    return NULL;
  }
  if (strcmp(name, "keyword") == 0) return s->schema.keyword;
  if (strcmp(name, "username_column") == 0) return s->schema.username_column;
  if (strcmp(name, "writes_in_select") == 0) return s->schema.writes_in_select;
  return NULL;
}

int store_refuses_writes_in_select(struct store *s) {
  store_enter(s);
  store_check_fresh(s); /* another connection may have changed it */
  const char *value = store_setting(s, "writes_in_select");
  int refuse = value != NULL && strcmp(value, "refuse") == 0;
  store_leave(s);
  return refuse;
}

/* Appends one VALUES row to the view's text unless the value is the default. */
static char *append_setting(char *rows, const char *name, const char *value, const char *dflt) {
  if (rows == NULL || strcmp(value, dflt) == 0) return rows;
  char *more = sqlite3_mprintf("%s%s(%Q, %Q)", rows, rows[0] ? ", " : "", name, value);
  sqlite3_free(rows);
  return more;
}

/* The settings in force, one per setting, with one of them about to change. */
struct settings_values {
  const char *keyword, *username_column, *writes_in_select;
};

/* The statements that rewrite the authtoken_settings view (defaults left out), or NULL. */
static char *settings_view_sql(const struct settings_values *v) {
  char *rows = sqlite3_mprintf("%s", "");
  rows = append_setting(rows, "keyword", v->keyword, STORE_DEFAULT_KEYWORD);
  rows = append_setting(rows, "username_column", v->username_column,
                        STORE_DEFAULT_USERNAME_COLUMN);
  rows = append_setting(rows, "writes_in_select", v->writes_in_select,
                        STORE_DEFAULT_WRITES_IN_SELECT);
  if (rows == NULL) return NULL;
  char *sql = rows[0]
                  ? sqlite3_mprintf("SAVEPOINT authtoken_setting;"
                                    "DROP VIEW IF EXISTS main.\"authtoken_settings\";"
                                    "CREATE VIEW main.\"authtoken_settings\" (\"name\", \"value\") "
                                    "AS VALUES %s;"
                                    "RELEASE authtoken_setting;",
                                    rows)
                  : sqlite3_mprintf("DROP VIEW IF EXISTS main.\"authtoken_settings\";");
  sqlite3_free(rows);
  return sql;
}

/* Rewrites the authtoken_settings view from the settings in force. */
static int write_settings_view(struct store *s, const struct settings_values *v) {
  char *sql = settings_view_sql(v);
  if (sql == NULL) return SQLITE_NOMEM;
  int rc = store_exec(s, sql);
  if (rc != SQLITE_OK)
    sqlite3_exec(s->db, "ROLLBACK TO authtoken_setting; RELEASE authtoken_setting", NULL, NULL,
                 NULL);
  return rc;
}

/* The settings in force with `name` set to `value` (NULL: its default). */
static int settings_with(struct store *s, const char *name, const char *value,
                         struct settings_values *v) {
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  if (rc != SQLITE_OK) return rc;
  v->keyword = s->schema.keyword;
  v->username_column = s->schema.username_column;
  v->writes_in_select = s->schema.writes_in_select;
  if (strcmp(name, "keyword") == 0) v->keyword = value ? value : STORE_DEFAULT_KEYWORD;
  if (strcmp(name, "username_column") == 0)
    v->username_column = value ? value : STORE_DEFAULT_USERNAME_COLUMN;
  if (strcmp(name, "writes_in_select") == 0)
    v->writes_in_select = value ? value : STORE_DEFAULT_WRITES_IN_SELECT;
  return SQLITE_OK;
}

int store_set_setting(struct store *s, const char *name, const char *value) {
  if (s->depth > 1) {
    store_set_error(s, "cannot run inside another authtoken call");
    return SQLITE_MISUSE;
  }
  struct settings_values v;
  int rc = settings_with(s, name, value, &v);
  if (rc == SQLITE_OK) rc = write_settings_view(s, &v);
  store_invalidate(s);
  return rc;
}

int store_setting_sql(struct store *s, const char *name, const char *value, char **sql) {
  struct settings_values v;
  int rc = settings_with(s, name, value, &v);
  if (rc != SQLITE_OK) return rc;
  *sql = settings_view_sql(&v);
  return *sql ? SQLITE_OK : SQLITE_NOMEM;
}

static int row_found(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s, (void)st;
  *(int *)out = 1;
  return SQLITE_OK;
}

/* 1 if the discovered users table has this column (exact name), else 0. */
static int has_column(struct store *s, const char *column) {
  int found = 0;
  char *sql = sqlite3_mprintf("SELECT 1 FROM pragma_table_info(%Q, 'main') WHERE name = ?1",
                              s->schema.users);
  if (sql == NULL) return 0;
  store_query(s, sql, column, row_found, &found);
  sqlite3_free(sql);
  return found;
}

int store_users_has_column(struct store *s, const char *column) {
  if (!s->discovered && store_discover(s) != SQLITE_OK) return 0;
  return has_column(s, column);
}
