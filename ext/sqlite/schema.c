/*
** schema.c: what the database tells about itself (schema.h): discovery, which reads and
** never writes.
**
** Discovery (schema_discover) fills the snapshot s->schema. The token scheme is the one
** whose table main has (scheme.c; the scheme setting when several have one); the users
** table and its id column come from that table's foreign key on user_id (PRAGMA
** foreign_key_list); is_active and password from the users table's columns; the settings
** from the authtoken_settings view (settings_table.c). From those facts the statements'
** texts are built once (the scheme's, placeholders filled: scheme.h) for the cache
** (cache.c), and the triggers' script (triggers.c). The store (store.c) creates and drops
** what discovery finds missing or unwanted. Also here: the token table's CREATE TABLE
** (token_install).
*/
#include <string.h>

#include "locate.h"
#include "query.h"
#include "settings_table.h"
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

/* Chooses the scheme whose token table main has (the default when none has one): 1 if one
** has, 0 if none, negative on error. */
int schema_choose_scheme(struct store *s) {
  const struct scheme *found = NULL;
  int rc = scheme_in(s->db, &found);
  if (rc != SQLITE_OK) {
    store_set_error(s, "%s", sqlite3_errmsg(s->db));
    return -rc;
  }
  s->schema.scheme = found ? found : scheme_at(0);
  return found != NULL;
}

/* Reads the users table and its id column from the scheme's token table's foreign key. */
static int read_scheme_foreign_key(struct store *s) {
  const char *table = s->schema.scheme->table;
  int rc = store_query(s,
                       "SELECT \"table\", \"to\" FROM pragma_foreign_key_list(?1, 'main') "
                       "WHERE \"from\" = 'user_id' COLLATE NOCASE ORDER BY id",
                       table, row_foreign_key, NULL);
  if (rc != SQLITE_OK || s->schema.users) return rc;
  store_set_error(s, "%s.user_id has no foreign key naming the users table", table);
  return SQLITE_ERROR;
}

/* Chooses the scheme and reads its table's foreign key. */
static int read_foreign_key(struct store *s) {
  int exists = schema_choose_scheme(s);
  if (exists < 0) return -exists;
  if (!exists) return STORE_NO_TABLE;
  return read_scheme_foreign_key(s);
}

/* The scheme setting, read with the others: a scheme named there (its table exists, or the
** setting's check refused it) replaces the one chosen by table, and its table's foreign key
** and the settings are read again (username_column is checked against its users table). */
static int apply_scheme_setting(struct store *s) {
  const struct scheme *named = scheme_named(s->schema.setting[SETTING_SCHEME]);
  if (named == NULL || named == s->schema.scheme) return SQLITE_OK;
  s->schema.scheme = named;
  sqlite3_free(s->schema.users);
  sqlite3_free(s->schema.users_id);
  s->schema.users = s->schema.users_id = NULL;
  settings_forget(s);
  int rc = read_scheme_foreign_key(s);
  return rc == SQLITE_OK ? settings_read(s) : rc;
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

/* The affinity of main's table `name`'s key declared `type` into *affinity: STRICT tables
** give ANY none. Returns SQLITE_OK, or SQLite's code when the schema cannot be read (a
** locked database). */
static int key_affinity(struct store *s, const char *name, const char *type,
                        enum userid_affinity *affinity) {
  int strict = 0;
  *affinity = userid_affinity(type, 0);
  if (sqlite3_stricmp(type, "any") != 0) return SQLITE_OK;
  char *saved = s->error;
  s->error = NULL;
  int rc = store_query(
      s, "SELECT \"strict\" FROM pragma_table_list WHERE \"schema\" = 'main' AND name = ?1", name,
      row_count, &strict);
  if (rc == SQLITE_ERROR) rc = SQLITE_OK; /* before SQLite 3.37 no table_list: not STRICT */
  if (rc == SQLITE_OK) {
    sqlite3_free(s->error);
    s->error = saved;
    *affinity = userid_affinity(type, strict);
  } else {
    sqlite3_free(saved); /* the lock's message replaces the one kept */
  }
  return rc;
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
    store_set_error(s, "%s.user_id references %s(%s), not its primary key %s",
                    store_scheme(s)->table, users, to, c->key);
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
  const char *table = store_scheme(s)->table;
  int rc = store_query(s,
                       "SELECT type FROM pragma_table_info(?1, 'main') "
                       "WHERE name = 'user_id' COLLATE NOCASE",
                       table, row_text, &type);
  enum userid_affinity key = s->schema.id_affinity, col = userid_affinity(type, 0);
  int merges =
      (key == ID_TEXT && col != ID_TEXT && col != ID_BLOB) || (key == ID_BLOB && col != ID_BLOB);
  if (rc == SQLITE_OK && type && merges) {
    store_set_error(s,
                    "%s.user_id (%s) cannot keep the ids of %s.%s (%s) apart; "
                    "declare it as the key is",
                    table, type[0] ? type : "no type", s->schema.users, s->schema.users_id,
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
    store_set_error(s, "no users table \"%s\" (named by %s's foreign key)", s->schema.users,
                    store_scheme(s)->table);
    rc = SQLITE_ERROR;
  }
  if (rc == SQLITE_OK) {
    s->schema.has_is_active = c.has_is_active;
    s->schema.has_password = c.has_password;
    rc = key_affinity(s, s->schema.users, c.key_type, &s->schema.id_affinity);
    sqlite3_free(s->schema.users_id);
    s->schema.users_id = c.key; /* its own spelling */
    c.key = NULL;
    if (rc == SQLITE_OK) rc = check_user_id_column(s, c.key_type);
  }
  free_users_columns(&c);
  return rc;
}

static int read_version(struct store *s) {
  int rc = store_query(s, "PRAGMA main.schema_version", NULL, row_count, &s->schema.version);
  s->main_version = s->schema.version;
  return rc;
}

static int row_token_column(struct store *s, sqlite3_stmt *st, void *out) {
  (void)out;
  const char *name = (const char *)sqlite3_column_text(st, 0);
  if (name && strcmp(name, "name") == 0) s->schema.token_has_name = 1;
  if (name && strcmp(name, "last_used") == 0) s->schema.token_has_last_used = 1;
  return SQLITE_OK;
}

/* The optional columns beside a hashed scheme's own (README, "The knox scheme"): name and
** last_used, matched exactly. */
static int read_token_columns(struct store *s) {
  if (s->schema.scheme->digest == NULL) return SQLITE_OK; /* DRF's table: none */
  return store_query(s, "SELECT name FROM pragma_table_info(?1, 'main')",
                     s->schema.scheme->table, row_token_column, NULL);
}

/* Fills the scheme's statement texts (scheme.h) with the discovered names. */
static int build_scheme_statements(struct store *s) {
  const struct scheme *sc = s->schema.scheme;
  int named = s->schema.token_has_name;
  const struct scheme_var vars[] = {
      {"table", sc->table, 1},
      {"users", s->schema.users, 1},
      {"id", s->schema.users_id, 1},
      {"is_active", s->schema.has_is_active ? "u.\"is_active\"" : "1", 0},
      {"last_used", s->schema.token_has_last_used ? "t.\"last_used\"" : "NULL", 0},
      {"name_column", named ? ", \"name\"" : "", 0},
      {"name_value", named ? ", :name" : "", 0},
  };
  for (int i = 0; i < SCHEME_SQL_COUNT; i++) {
    if (sc->sql[i] == NULL) continue; /* a verb this scheme does not offer */
    s->schema.sql[i] = scheme_fill(sc->sql[i], vars, (int)(sizeof vars / sizeof vars[0]));
    if (s->schema.sql[i] == NULL) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* Builds the texts of the cached statements from the discovered schema. */
static int build_statements(struct store *s) {
  int rc = build_scheme_statements(s);
  if (rc != SQLITE_OK) return rc;
  s->schema.sql[STMT_LOGIN] = sqlite3_mprintf(
      "SELECT u.\"%w\", %s, %s FROM main.\"%w\" AS u WHERE u.\"%w\" = ?1 LIMIT 2",
      s->schema.users_id, s->schema.has_password ? "u.\"password\"" : "NULL",
      s->schema.has_is_active ? "u.\"is_active\"" : "NULL", s->schema.users,
      s->schema.setting[SETTING_USERNAME_COLUMN]);
  s->schema.sql[STMT_VERSION] = sqlite3_mprintf("PRAGMA main.schema_version");
  s->schema.sql[STMT_NUMERIC] =
      sqlite3_mprintf("SELECT CAST(?1 AS NUMERIC), ?1 = CAST(?1 AS NUMERIC)");
  s->schema.sql[STMT_TEMP] = sqlite3_mprintf("SELECT 1 FROM temp.sqlite_master WHERE 0");
  for (int i = SCHEME_SQL_COUNT; i < STMT_COUNT; i++) {
    if (s->schema.sql[i] == NULL) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

void schema_free(struct schema *sc) {
  sqlite3_free(sc->users);
  sqlite3_free(sc->users_id);
  for (int i = 0; i < SETTING_COUNT; i++) sqlite3_free(sc->setting[i]);
  sqlite3_free(sc->triggers);
  sqlite3_free(sc->trigger_mark);
  for (int i = 0; i < STMT_COUNT; i++) sqlite3_free(sc->sql[i]);
  memset(sc, 0, sizeof *sc);
}

int schema_discover(struct store *s) {
  int rc = read_foreign_key(s);
  if (rc == SQLITE_OK) rc = settings_read(s);
  if (rc == SQLITE_OK) rc = apply_scheme_setting(s);
  if (rc == SQLITE_OK) rc = read_users_columns(s);
  if (rc == SQLITE_OK) rc = read_token_columns(s);
  if (rc == SQLITE_OK) rc = build_statements(s);
  if (rc == SQLITE_OK) rc = triggers_build(s);
  if (rc == SQLITE_OK) rc = read_version(s);
  return rc;
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

/* The CREATE TABLE of scheme sc's token table referencing `users`, which must have a
** single-column primary key; user_id gets that key's type, so that it stores ids as the key
** does. *sql is sqlite3_malloc'd. */
int schema_token_table_sql(struct store *s, const struct scheme *sc, const char *users,
                           char **sql) {
  struct users_columns c = {0};
  int rc = read_users_table(s, users, NULL, &c);
  if (rc == SQLITE_NOTFOUND) {
    char *why = locate_missing_table(s, users); /* or which attached database has it */
    store_set_error(s, "%s", why ? why : "no such table");
    sqlite3_free(why);
    rc = SQLITE_ERROR;
  }
  enum userid_affinity affinity = ID_BLOB;
  if (rc == SQLITE_OK) rc = key_affinity(s, users, c.key_type, &affinity);
  if (rc == SQLITE_OK) {
    char *type = user_id_type(c.key_type, affinity);
    const struct scheme_var vars[] = {
        {"table", sc->table, 1}, {"id_type", type, 0}, {"users", users, 1}, {"id", c.key, 1}};
    *sql = type ? scheme_fill(sc->create_table, vars, 4) : NULL;
    if (*sql == NULL) rc = SQLITE_NOMEM;
    sqlite3_free(type);
  }
  free_users_columns(&c);
  return rc;
}
