/*
** guard.c: the CHECK-constraint hole in SQLITE_DIRECTONLY, closed for our writing functions.
**
** SQLite 3.40 enforces SQLITE_DIRECTONLY in views, triggers, DEFAULTs, generated columns
** and indexes stored in a database file, but not in CHECK constraints: a file handed to us
** with `CREATE TABLE t (a CHECK (token_rotate(1) IS NOT NULL))` makes every INSERT into t
** rotate user 1's key, and `CHECK (token_triggers(0))` turns our triggers off
** (tests/suites/hostile.sh shows it; PRAGMA trusted_schema=OFF does not help). A function
** cannot ask SQLite whether it is being called from a constraint, so the functions that
** write or change state refuse while any CREATE TABLE text of any attached database names
** one of our functions. No legitimate schema does that (a database made without the
** extension cannot even create such a table; one made with it gets nothing from it).
** Where: token_install and token_triggers call guard_schema() (a schema read per call: they
** are rare and may run before any token table exists); token_create, token_rotate,
** token_delete, token_obtain and token_setting use the verdict that store.c keeps from
** guard_find() at discovery and renews when main's schema changes or a database is
** attached or detached (store_guard). token_user/token_auth_error are not guarded (from a
** CHECK their answer can only pass or fail the constraint, nothing leaves), nor
** token_new/token_now (a value that can only be compared, never stored).
** The match is deliberately coarse: any whole identifier equal to one of our names, in
** any case, anywhere in the text (quotes and comments included) counts.
*/
#include "guard.h"

#include "sqlite3ext.h"

#include <string.h>

SQLITE_EXTENSION_INIT3

static const char *const our_functions[] = {
    "token_user",     "token_auth_error", "token_create",         "token_rotate",
    "token_delete",   "token_new",        "token_now",            "token_install",
    "token_triggers", "token_obtain",     "token_password_check", "token_password_hash",
    "token_setting",  "authtoken_version", "authtoken_debug",
};

static int is_ident_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '$' || c >= 0x80;
}

/* Length of the identifier starting at s (s[-1] is not an identifier character). */
static size_t ident_length(const char *s) {
  size_t n = 0;
  while (s[n] && is_ident_char((unsigned char)s[n])) n++;
  return n;
}

int guard_mentions(const char *sql, const char **name) {
  for (const char *p = sql; *p; p++) {
    if (p > sql && is_ident_char((unsigned char)p[-1])) continue;
    size_t n = ident_length(p);
    for (size_t i = 0; n && i < sizeof our_functions / sizeof our_functions[0]; i++) {
      if (strlen(our_functions[i]) == n && sqlite3_strnicmp(p, our_functions[i], (int)n) == 0) {
        *name = our_functions[i];
        return 1;
      }
    }
  }
  return 0;
}

/* Looks through one schema's tables; sets *finding (sqlite3_malloc'd) to the first table
** that names one of our functions. Returns SQLite's code. */
static int scan_schema(sqlite3 *db, const char *schema, char **finding) {
  char *sql = sqlite3_mprintf("SELECT name, sql FROM \"%w\".sqlite_schema WHERE type = 'table' "
                              "AND sql LIKE '%%token%%'", schema);
  sqlite3_stmt *st = NULL;
  int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  while (rc == SQLITE_OK && *finding == NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *text = (const char *)sqlite3_column_text(st, 1), *name = NULL;
    rc = SQLITE_OK;
    if (text && guard_mentions(text, &name)) {
      *finding = sqlite3_mprintf("table %s.%s calls %s() in its definition", schema,
                                 sqlite3_column_text(st, 0), name);
      if (*finding == NULL) rc = SQLITE_NOMEM;
    }
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_finalize(st);
  return rc;
}

int guard_find(sqlite3 *db, char **finding) {
  sqlite3_stmt *st = NULL;
  *finding = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT name FROM pragma_database_list", -1, &st, NULL);
  while (rc == SQLITE_OK && *finding == NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    rc = scan_schema(db, (const char *)sqlite3_column_text(st, 0), finding);
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_finalize(st);
  return rc;
}

int guard_schema(sqlite3_context *ctx, const char *function) {
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  char *finding = NULL;
  int rc = guard_find(db, &finding);
  int refused = finding != NULL || rc != SQLITE_OK;
  char *msg = finding ? sqlite3_mprintf("%s: refusing to run: %s", function, finding)
              : rc != SQLITE_OK ? sqlite3_mprintf("%s: %s", function, sqlite3_errmsg(db))
                                : NULL;
  sqlite3_free(finding);
  if (msg == NULL && refused) {
    sqlite3_result_error_nomem(ctx);
    return -1;
  }
  if (msg == NULL) return 0;
  sqlite3_result_error(ctx, msg, -1);
  sqlite3_free(msg);
  if (rc != SQLITE_OK) sqlite3_result_error_code(ctx, rc);
  return 1;
}
