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

/* 1 if sql (NUL-terminated, as SQLite parses it) names one of our functions as a whole
** identifier, bare or quoted, any case, outside string literals and comments; *name is set
** to it. Pure; exposed for tests. */
int guard_mentions(const char *sql, const char **name);

#endif
