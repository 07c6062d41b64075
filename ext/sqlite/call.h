/*
** call.h: the one wrapper every SQL function runs in (call.c), and the registration row
** that tells it what to do around the function (the table is in authtoken.c).
*/
#ifndef AUTHTOKEN_CALL_H
#define AUTHTOKEN_CALL_H

#include <stddef.h>

#include "sqlite3ext.h"
#include "store.h"

/* What the wrapper does around a function (bits of struct sql_function's policy):
**   CALL_REFRESH       store_refresh first: puts back triggers a rebuild dropped;
**   CALL_REFRESH_KEEP  the same, never replacing triggers that exist: the function runs
**                      inside them (token_new, token_now);
**   CALL_RETRY         a schema move mid-call (STORE_RETRY) runs it once more.
** What call_gate() does before the function's first write:
**   CALL_NO_WRITE_IN_SELECT  refused inside a read-only autocommit statement where that
**                            does harm (engine.c);
**   CALL_GUARD         refused while a schema calls our functions: the verdict the store
**                      keeps until the schema moves (store_guard);
**   CALL_GUARD_SCAN    the same, every schema read at each call (guard_schema): for calls
**                      that may come before any token table exists. */
#define CALL_REFRESH 0x01
#define CALL_REFRESH_KEEP 0x02
#define CALL_RETRY 0x04
#define CALL_NO_WRITE_IN_SELECT 0x08
#define CALL_GUARD 0x10
#define CALL_GUARD_SCAN 0x20

/* A result of run() and call_gate(): the call is answered (an error reported on the
** context); the wrapper adds nothing. Negative and apart from store.h's codes. */
#define CALL_DONE (-100)

struct call;

/* One registration: an SQL function, its argument count, SQLite's flags and our policy. */
struct sql_function {
  const char *name;
  int argc;   /* -1 for any */
  int flags;  /* SQLite's: SQLITE_UTF8 | SQLITE_DIRECTONLY, or INNOCUOUS (authtoken.c) */
  int policy; /* CALL_* bits */
  /* The function's own work. Returns SQLITE_OK once the call is answered (a result, NULL,
  ** or an error it reported itself), else a store code the wrapper reports as
  ** "<name>: <store_error>" (report_store_error), or STORE_RETRY (CALL_RETRY). */
  int (*run)(struct call *c);
};

/* The registration table (authtoken.c), also the guard's list of our names (guard.c). */
extern const struct sql_function authtoken_functions[];
extern const size_t authtoken_function_count;

/* One call in progress, as the wrapper hands it to the function. */
struct call {
  sqlite3_context *ctx;
  const struct sql_function *fn; /* its registration: fn->name starts every message */
  struct store *s;               /* the connection's store */
  int argc;
  sqlite3_value **argv;
  int fresh; /* store_check_fresh has run in this call: no second PRAGMA step */
};

/* Registers fn on db, run through the wrapper with s. Returns SQLite's code. */
int call_register(sqlite3 *db, const struct sql_function *fn, struct store *s);

/* store_check_fresh, once per call (call_gate uses the same check): the schema and the
** settings are current. Returns SQLITE_OK (also after a move rebuilt the cache) or an error
** for run to return. */
int call_check_fresh(struct call *c);

/* Call once the arguments are read, before the first write (a call that writes nothing,
** e.g. NULL in, never reaches it): as fn->policy says, refuses a write inside a read-only
** autocommit statement (engine.c) and a database whose schema calls our functions
** (guard.c), checking the schema's freshness once. Returns SQLITE_OK to go on; anything
** else is the call's answer, for run to return as it is. */
int call_gate(struct call *c);
/* call_gate's two steps, for a writer that refuses early and guards only when it comes to
** write (token_revoke, token_refresh: after the lookup found the token). */
int call_refuse_write(struct call *c);
int call_guard(struct call *c);

#endif
