/*
** locate.c: where a table we looked for in main is instead, for precise error messages.
**
** authtoken keeps the token table, and finds the users table, in the main database only
** (every statement names main): a Django file ATTACHed to another database is not reached.
** When main lacks a table, these say why in words: it lives in an attached (or the temp)
** database, or it is named schema-qualified ("dj.auth_user"). (A view in main is named by
** schema.c.) Best effort: a
** failing look-up only leaves the plain message. No SQL function here; used by schema.c and
** errors.c.
*/
#include <string.h>

#include "locate.h"
#include "query.h"
#include "store.h"

SQLITE_EXTENSION_INIT3

struct found {
  const char *name; /* the table looked for */
  char *schema;     /* the first database other than main holding it (sqlite3_malloc'd) */
};

static int row_type(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s;
  *(int *)out = 1 + (sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "view") == 0);
  return SQLITE_OK;
}

/* 0 if database `schema` has no table or view `name`, 1 a table, 2 a view. */
static int kind_in(struct store *s, const char *schema, const char *name) {
  int kind = 0;
  char *sql = sqlite3_mprintf("SELECT type FROM \"%w\".sqlite_schema WHERE type IN "
                              "('table', 'view') AND name = ?1 COLLATE NOCASE LIMIT 1",
                              schema);
  if (sql) store_query(s, sql, name, row_type, &kind);
  sqlite3_free(sql);
  return kind;
}

static int row_database(struct store *s, sqlite3_stmt *st, void *out) {
  struct found *f = out;
  const char *schema = (const char *)sqlite3_column_text(st, 0);
  if (f->schema || schema == NULL || sqlite3_stricmp(schema, "main") == 0) return SQLITE_OK;
  if (kind_in(s, schema, f->name) == 1) {
    f->schema = sqlite3_mprintf("%s", schema);
    if (f->schema == NULL) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* The first database other than main (attached, or temp) with a table `name`, or NULL. */
static char *other_database_with(struct store *s, const char *name) {
  struct found f = {name, NULL};
  store_query(s, "SELECT name FROM pragma_database_list ORDER BY seq", NULL, row_database, &f);
  return f.schema;
}

/* "x.y" where x is a database other than main that has a table y: x (sqlite3_malloc'd). */
static char *qualified_elsewhere(struct store *s, const char *name) {
  const char *dot = strchr(name, '.');
  if (dot == NULL || dot == name || dot[1] == '\0') return NULL;
  char *schema = sqlite3_mprintf("%.*s", (int)(dot - name), name);
  if (schema && (sqlite3_stricmp(schema, "main") == 0 || kind_in(s, schema, dot + 1) != 1)) {
    sqlite3_free(schema); /* main, no such database, or no such table there */
    schema = NULL;
  }
  return schema;
}

char *locate_missing_table(struct store *s, const char *name) {
  char *in = qualified_elsewhere(s, name);
  if (in) {
    char *msg = sqlite3_mprintf(
        "no table named %s in main: the users table and the token table must live in the "
        "main database (attached database %s is not used; open its file as the main "
        "database)",
        name, in);
    sqlite3_free(in);
    return msg;
  }
  in = other_database_with(s, name);
  char *msg = in ? sqlite3_mprintf("no table named %s in main (database %s has one, but the "
                                   "users table and the token table must live in the main "
                                   "database)",
                                   name, in)
                 : sqlite3_mprintf("no table named %s", name);
  sqlite3_free(in);
  return msg;
}

char *locate_missing_token_table(struct store *s) {
  char *in = other_database_with(s, store_scheme(s)->table);
  char *msg = in ? sqlite3_mprintf("no token table in main (database %s has one, but the "
                                   "token table must live in the main database: open its "
                                   "file as the main database)",
                                   in)
                 : sqlite3_mprintf("no token table; run SELECT token_install()");
  sqlite3_free(in);
  return msg;
}
