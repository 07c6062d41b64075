/*
** engine.h: what the engine under the main database can carry (dqlite and other engines
** that route statements by kind).
*/
#ifndef AUTHTOKEN_ENGINE_H
#define AUTHTOKEN_ENGINE_H

#include "sqlite3ext.h"
#include "store.h"

/* 1 if main is served by dqlite's VFS (its name starts with "dqlite"), else 0. */
int engine_is_dqlite(sqlite3 *db);

/* Called once per connection at load: on dqlite, turns cache spilling off (see engine.c). */
void engine_prepare_connection(sqlite3 *db);

/* 1 if the statement running us may not write: no transaction is open (autocommit) and
** every statement in progress on the connection is read-only, i.e. a SELECT sent as a
** query. Engines that route by statement kind never replicate such a write. */
int engine_in_readonly_autocommit(sqlite3 *db);

/* Called inside a read-only autocommit statement (engine_in_readonly_autocommit, checked by
** the caller, call.c) by a function about to write: refuses where that would do harm,
** always on dqlite, elsewhere when s's writes_in_select setting is 'refuse' (as of the
** caller's freshness check). Reports "<function>: refusing to write ..." on ctx and
** returns 1, or returns 0. */
int engine_refuse_write(sqlite3_context *ctx, const char *function, struct store *s);

#endif
