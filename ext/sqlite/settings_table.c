/*
** settings_table.c: the settings table (settings_table.h) and the one place settings are
** read, checked and written.
**
** Storage: the view main.authtoken_settings(name, value), listing the settings whose value
** is not the default, in table order:
**   CREATE VIEW "authtoken_settings" ("name", "value") AS VALUES ('keyword', 'Bearer'), ...
** It is read, never run (a hostile view could recurse forever or sort without end, issue 8
** item 4): its text must be exactly what settings_write() writes, at most 4096 bytes, and
** each value must pass the check a new value passes. Otherwise discovery fails with
** "the authtoken_settings view is longer than 4096 bytes", "the authtoken_settings view is
** not one token_setting wrote", or "authtoken_settings: <the check's message>". Names the
** table does not know are skipped (a later version's settings). Rewriting the view is a
** schema change, which every connection's cached statements notice.
*/
#include "settings_table.h"

#include <string.h>

#include "knox_mint.h"
#include "query.h"
#include "store.h"

SQLITE_EXTENSION_INIT3

#define SETTINGS_MAX_BYTES 4096 /* the bound on the view's text that is read */

/* 1 to 32 characters from '!' to '~'. */
static char *check_keyword(struct store *s, const struct setting *row, const char *value) {
  (void)s, (void)row;
  size_t n = strlen(value);
  int ok = n > 0 && n <= 32;
  for (size_t i = 0; ok && i < n; i++) ok = value[i] >= '!' && value[i] <= '~';
  return ok ? NULL : sqlite3_mprintf("keyword must be 1 to 32 visible ASCII characters");
}

static int row_found(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s, (void)st;
  *(int *)out = 1;
  return SQLITE_OK;
}

/* A column of the discovered users table (exact name). When the table's columns cannot be
** read (a locked database), SQLite's message, never a verdict on the column. */
static char *check_users_column(struct store *s, const struct setting *row, const char *value) {
  (void)row;
  int found = 0;
  char *sql = sqlite3_mprintf("SELECT 1 FROM pragma_table_info(%Q, 'main') WHERE name = ?1",
                              s->schema.users);
  int rc = sql ? store_query(s, sql, value, row_found, &found) : SQLITE_NOMEM;
  sqlite3_free(sql);
  if (rc != SQLITE_OK) {
    return sqlite3_mprintf("%s", rc == SQLITE_NOMEM ? "out of memory" : store_error(s));
  }
  if (found) return NULL;
  return sqlite3_mprintf("%s has no column named %s",
                         s->schema.users ? s->schema.users : "the users table", value);
}

/* 'allow' or 'refuse'. */
static char *check_allow_refuse(struct store *s, const struct setting *row, const char *value) {
  (void)s;
  if (strcmp(value, "allow") == 0 || strcmp(value, "refuse") == 0) return NULL;
  return sqlite3_mprintf("%s must be 'allow' or 'refuse'", row->name);
}

/* 'on' or 'off'. */
static char *check_on_off(struct store *s, const struct setting *row, const char *value) {
  (void)s;
  if (strcmp(value, "on") == 0 || strcmp(value, "off") == 0) return NULL;
  return sqlite3_mprintf("%s must be 'on' or 'off'", row->name);
}

/* 'auto', or a registered scheme whose token table main has. */
static char *check_scheme(struct store *s, const struct setting *row, const char *value) {
  (void)row;
  if (strcmp(value, "auto") == 0) return NULL;
  const struct scheme *sc = scheme_named(value);
  if (sc == NULL) {
    char *known = sqlite3_mprintf("'auto'");
    for (int i = 0; known && i < scheme_count(); i++) {
      known = sqlite3_mprintf("%z, '%s'", known, scheme_at(i)->name);
    }
    char *msg = known ? sqlite3_mprintf("scheme must be one of %s", known) : NULL;
    sqlite3_free(known);
    return msg;
  }
  if (sqlite3_table_column_metadata(s->db, "main", sc->table, NULL, NULL, NULL, NULL, NULL,
                                    NULL) == SQLITE_OK) {
    return NULL;
  }
  return sqlite3_mprintf("scheme %s needs its table %s in main; run SELECT "
                         "token_install('<users table>', '%s') first",
                         sc->name, sc->table, sc->name);
}

#define SECONDS_MAX 3153600000LL /* 100 years: keeps now + ttl far from year 9999 */

/* The whole number value is, in canonical form (digits, no sign, no leading zero, at most
** `max`), or -1. */
static sqlite3_int64 parse_whole(const char *value, sqlite3_int64 max) {
  sqlite3_int64 n = 0;
  size_t len = strlen(value);
  if (len == 0 || len > 12 || (len > 1 && value[0] == '0')) return -1;
  for (size_t i = 0; i < len; i++) {
    if (value[i] < '0' || value[i] > '9') return -1;
    n = n * 10 + (value[i] - '0');
  }
  return n <= max ? n : -1;
}

/* A whole number of seconds from 1 to SECONDS_MAX, or 'none'. */
static char *check_ttl(struct store *s, const struct setting *row, const char *value) {
  (void)s;
  if (strcmp(value, "none") == 0 || parse_whole(value, SECONDS_MAX) >= 1) return NULL;
  return sqlite3_mprintf("%s must be a whole number of seconds from 1 to %lld, or 'none'",
                         row->name, SECONDS_MAX);
}

/* A whole number of seconds from 0 to SECONDS_MAX. */
static char *check_interval(struct store *s, const struct setting *row, const char *value) {
  (void)s;
  if (parse_whole(value, SECONDS_MAX) >= 0) return NULL;
  return sqlite3_mprintf("%s must be a whole number of seconds from 0 to %lld", row->name,
                         SECONDS_MAX);
}

#define LIMIT_MAX 1000000

/* A whole number from 1 to LIMIT_MAX, or 'none'. */
static char *check_limit(struct store *s, const struct setting *row, const char *value) {
  (void)s;
  if (strcmp(value, "none") == 0 || parse_whole(value, LIMIT_MAX) >= 1) return NULL;
  return sqlite3_mprintf("%s must be a whole number from 1 to %d, or 'none'", row->name,
                         LIMIT_MAX);
}

/* knox's prefix rule, and no byte no header could carry (knox_mint.h). */
static char *check_prefix(struct store *s, const struct setting *row, const char *value) {
  (void)s, (void)row;
  const char *why = knox_prefix_message(
      knox_prefix_check((const unsigned char *)value, strlen(value)));
  return why ? sqlite3_mprintf("%s", why) : NULL;
}

#define SETTING_ROW_(id, name, dflt, check, doc) {SETTING_##id, name, dflt, check, doc},
static const struct setting table[SETTING_COUNT] = {SETTINGS_ROWS(SETTING_ROW_)};
#undef SETTING_ROW_

#define SETTING_NAME_(id, name, dflt, check, doc) ", " name
static const char *const known = SETTINGS_ROWS(SETTING_NAME_) + 2; /* from the first name */
#undef SETTING_NAME_

const struct setting *setting_find(const char *name) {
  for (int i = 0; name && i < SETTING_COUNT; i++) {
    if (strcmp(name, table[i].name) == 0) return &table[i];
  }
  return NULL;
}

const char *settings_known(void) { return known; }

int setting_needs_users(const struct setting *row) { return row->check == check_users_column; }

char *setting_check(struct store *s, const struct setting *row, const char *value) {
  return value ? row->check(s, row, value) : NULL;
}

/* Stores one setting read from the view, checked as a new value is checked. */
static int take_setting(struct store *s, const char *name, const char *value) {
  const struct setting *row = setting_find(name);
  if (row == NULL) return SQLITE_OK;
  char *problem = setting_check(s, row, value);
  if (problem) {
    store_set_error(s, "authtoken_settings: %s", problem);
    sqlite3_free(problem);
    return SQLITE_ERROR;
  }
  char **slot = &s->schema.setting[row->id];
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

/* The settings from the view's text, which must be exactly what settings_write() writes. */
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

int settings_read(struct store *s) {
  int rc = store_query(s,
                       "SELECT type, substr(sql, 1, 4097) FROM main.sqlite_schema "
                       "WHERE name = 'authtoken_settings' COLLATE NOCASE",
                       NULL, row_settings_view, NULL);
  for (int i = 0; rc == SQLITE_OK && i < SETTING_COUNT; i++) {
    if (s->schema.setting[i] == NULL) s->schema.setting[i] = sqlite3_mprintf("%s", table[i].dflt);
    if (s->schema.setting[i] == NULL) rc = SQLITE_NOMEM;
  }
  return rc;
}

void settings_forget(struct store *s) {
  for (int i = 0; i < SETTING_COUNT; i++) {
    sqlite3_free(s->schema.setting[i]);
    s->schema.setting[i] = NULL;
  }
}

const char *settings_value(struct store *s, enum setting_id id) {
  if (!s->discovered && store_discover(s) != SQLITE_OK) return table[id].dflt;
  return s->schema.setting[id];
}

sqlite3_int64 settings_number(struct store *s, enum setting_id id) {
  const char *value = settings_value(s, id);
  return value ? parse_whole(value, SECONDS_MAX) : -1; /* 'none' reads as -1 */
}

int settings_on(struct store *s, enum setting_id id) {
  const char *value = settings_value(s, id);
  return value != NULL && strcmp(value, "on") == 0;
}

int settings_refuse_writes_in_select(struct store *s) {
  const char *value = settings_value(s, SETTING_WRITES_IN_SELECT);
  return value != NULL && strcmp(value, "refuse") == 0;
}

/* The statements that rewrite the view to hold `values` (defaults left out), or NULL. */
static char *settings_view_sql(const char *const values[SETTING_COUNT]) {
  char *rows = sqlite3_mprintf("%s", "");
  for (int i = 0; rows && i < SETTING_COUNT; i++) {
    if (strcmp(values[i], table[i].dflt) == 0) continue;
    char *more = sqlite3_mprintf("%s%s(%Q, %Q)", rows, rows[0] ? ", " : "", table[i].name,
                                 values[i]);
    sqlite3_free(rows);
    rows = more;
  }
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

/* The view's statements for the settings in force with `row` set to `value` (NULL: its
** default); *sql sqlite3_malloc'd. */
static int settings_with(struct store *s, const struct setting *row, const char *value,
                         char **sql) {
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  if (rc != SQLITE_OK) return rc;
  const char *values[SETTING_COUNT];
  for (int i = 0; i < SETTING_COUNT; i++) values[i] = s->schema.setting[i];
  values[row->id] = value ? value : row->dflt;
  *sql = settings_view_sql(values);
  return *sql ? SQLITE_OK : SQLITE_NOMEM;
}

int settings_write(struct store *s, const struct setting *row, const char *value) {
  if (s->depth > 1) {
    store_set_error(s, "cannot run inside another authtoken call");
    return SQLITE_MISUSE;
  }
  char *sql = NULL;
  int rc = settings_with(s, row, value, &sql);
  if (rc == SQLITE_OK && (rc = store_exec(s, sql)) != SQLITE_OK) { /* store_exec frees sql */
    sqlite3_exec(s->db, "ROLLBACK TO authtoken_setting; RELEASE authtoken_setting", NULL, NULL,
                 NULL);
  }
  store_invalidate(s);
  return rc;
}

int settings_write_sql(struct store *s, const struct setting *row, const char *value,
                       char **sql) {
  return settings_with(s, row, value, sql);
}
