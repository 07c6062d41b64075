/*
** query.h: one-off statements on the store's connection (query.c), for discovery
** (schema.c), the triggers (triggers.c), messages (locate.c) and the store. The cached
** statements are cache.c's.
*/
#ifndef AUTHTOKEN_QUERY_H
#define AUTHTOKEN_QUERY_H

#include "sqlite3ext.h"

struct store;

/* Called for each row of store_query(); returns SQLITE_OK to go on, or an error. */
typedef int store_row_fn(struct store *s, sqlite3_stmt *st, void *out);

/* Runs a one-off query with up to one TEXT argument (?1); calls row() for each row. On
** failure the error is kept for store_error() (row() sets its own). */
int store_query(struct store *s, const char *sql, const char *arg, store_row_fn *row, void *out);

/* Runs statements built from a template (sqlite3_mprintf'd sql, freed here; NULL: out of
** memory). */
int store_exec(struct store *s, char *sql);

#endif
