/*
** anchor.h: the eponymous virtual table `authtoken_cache` that makes the statement cache
** close-safe, and lists it.
*/
#ifndef AUTHTOKEN_ANCHOR_H
#define AUTHTOKEN_ANCHOR_H

#include "store.h"

/* Registers the module on db; the store is freed (store_close + sqlite3_free) when the
** module is destroyed, i.e. when the connection closes or the extension is loaded again. */
int anchor_register(sqlite3 *db, struct store *s);

/* Connects the anchor table unless connected; afterwards s->anchored says whether it is
** (a real table named authtoken_cache in the database hides it: then nothing is cached). */
int anchor_connect(struct store *s);

#endif
