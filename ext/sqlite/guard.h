/*
** guard.h: refusing to act for a database whose table definitions call our functions.
*/
#ifndef AUTHTOKEN_GUARD_H
#define AUTHTOKEN_GUARD_H

#include "sqlite3ext.h"

/* Returns 0 when no schema row of main or an ATTACHed database (any type) names one of our
** SQL functions in its text. Otherwise reports
** "<function>: refusing to run: <kind> <schema>.<name> calls <fn>() in its definition"
** on ctx (or SQLite's error if the schema cannot be read) and returns non-zero. */
int guard_schema(sqlite3_context *ctx, const char *function);

/* Sets *finding (sqlite3_malloc'd, e.g. "table main.t calls token_rotate() in its
** definition") when a schema row of main or an attached database names one of our functions, else
** NULL. Returns SQLite's code. store.c keeps the verdict until the schema moves. */
int guard_find(sqlite3 *db, char **finding);

/* One attached database as the verdict saw it. */
struct guard_db {
  char *name;            /* its schema name */
  sqlite3_stmt *version; /* PRAGMA "<name>".schema_version (NULL when it may not be kept) */
  int cookie;            /* its schema_version then */
  int reprepares;        /* the statement's SQLITE_STMTSTATUS_REPREPARE then: DETACH re-prepares
                            it, so a file detached and another attached under the same name
                            with the same schema_version is still noticed */
};

/* The guard's verdict and the schemas it was taken on (their fingerprint). */
struct guard_print {
  int known;            /* finding is the verdict on the schemas as printed below */
  char *finding;        /* NULL (nothing names our functions) or what does (sqlite3_malloc'd) */
  int main_version;     /* main's schema_version */
  int count;            /* attached databases (all but main and temp) */
  struct guard_db *dbs; /* each of them, in sqlite3_db_name order */
};

/* The verdict on the schemas as they are now: *finding is NULL or what names our functions
** (owned by g). Reuses g's verdict when main's schema_version (read by the caller), the
** attached databases' names and each one's schema_version are as printed; else scans again
** (guard_find) and prints anew. keep: the per-database statements may stay prepared (the
** caller finalizes them with guard_forget before the connection closes); without it, or on
** SQLite before 3.39 (no sqlite3_db_name), every call scans. Returns SQLite's code. */
int guard_verdict(sqlite3 *db, struct guard_print *g, int main_version, int keep,
                  const char **finding);

/* Finalizes g's statements and frees its verdict; g is then unknown. */
void guard_forget(struct guard_print *g);

#endif
