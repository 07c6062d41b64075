/*
** call.c: the one wrapper every SQL function of ours runs in.
**
** SQLite calls run_call() for every registered function; its user data binds the
** registration row (authtoken.c) to the connection's store. Around the row's run() it does,
** as the row's policy (call.h) says:
**   1. store_refresh (CALL_REFRESH, CALL_REFRESH_KEEP): triggers a table rebuild or PRAGMA
**      temp_store dropped come back at the next call of any function;
**   2. store_enter: marks one of ours running (a stale cache is rebuilt only outermost);
**   3. run(); a schema move seen mid-call (STORE_RETRY) runs it once more (CALL_RETRY);
**   4. a store error run returned is reported as "<function>: <what is wrong>" (errors.c);
**   5. store_leave.
** Writers call call_gate() once their arguments are read (NULL in, a field error or a bad
** argument answer without it, as before a gate existed): the write refusal inside a
** read-only autocommit statement (CALL_NO_WRITE_IN_SELECT, engine.c) and the CHECK-hole
** guard (CALL_GUARD, CALL_GUARD_SCAN, guard.c), with one freshness check per call.
*/
#include "call.h"

#include "engine.h"
#include "functions.h"
#include "guard.h"

SQLITE_EXTENSION_INIT3

/* A function's user data: its row and the connection's store. */
struct binding {
  const struct sql_function *fn;
  struct store *s;
};

/* A move rebuilt the cache: the next store call rediscovers, so STORE_RETRY is fine here. */
int call_check_fresh(struct call *c) {
  if (c->fresh) return SQLITE_OK;
  int rc = store_check_fresh(c->s);
  if (rc == STORE_RETRY) rc = SQLITE_OK;
  c->fresh = rc == SQLITE_OK;
  return rc;
}

/* After run() returned rc (not SQLITE_OK): once more after a schema move (CALL_RETRY), then
** the report of a store error. */
static void call_failed(struct call *c, int rc) {
  if (rc == STORE_RETRY && (c->fn->policy & CALL_RETRY)) {
    c->fresh = 0;
    rc = c->fn->run(c); /* a second move is reported: "the schema changed during the call" */
  }
  if (rc != SQLITE_OK && rc != CALL_DONE) report_store_error(c->ctx, c->fn->name, c->s, rc);
}

/* What SQLite calls for every function of ours. After run(), only c is read (nothing held
** across the call): token_user's path pays no more than its own call here. */
static void run_call(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct call c = {ctx, NULL, NULL, argc, argv, 0};
  const struct binding *b = sqlite3_user_data(ctx);
  c.fn = b->fn, c.s = b->s;
  int policy = b->fn->policy;
  if (policy & (CALL_REFRESH | CALL_REFRESH_KEEP))
    store_refresh(c.s, (policy & CALL_REFRESH_KEEP) != 0);
  store_enter(c.s);
  int rc = c.fn->run(&c);
  if (rc != SQLITE_OK) call_failed(&c, rc);
  store_leave(c.s);
}

int call_register(sqlite3 *db, const struct sql_function *fn, struct store *s) {
  struct binding *b = sqlite3_malloc(sizeof *b);
  if (b == NULL) return SQLITE_NOMEM;
  b->fn = fn;
  b->s = s;
  /* b is freed when the function is replaced or the connection closes, or now on failure */
  return sqlite3_create_function_v2(db, fn->name, fn->argc, fn->flags, b, run_call, NULL, NULL,
                                    sqlite3_free);
}

int call_refuse_write(struct call *c) {
  if (!(c->fn->policy & CALL_NO_WRITE_IN_SELECT) || !engine_in_readonly_autocommit(c->s->db)) {
    return SQLITE_OK;
  }
  call_check_fresh(c); /* the setting in force; a failure is the guard's to report */
  return engine_refuse_write(c->ctx, c->fn->name, c->s) ? CALL_DONE : SQLITE_OK;
}

int call_guard(struct call *c) {
  int policy = c->fn->policy;
  if (policy & CALL_GUARD_SCAN) return guard_schema(c->ctx, c->fn->name) ? CALL_DONE : SQLITE_OK;
  if (!(policy & CALL_GUARD)) return SQLITE_OK;
  int rc = call_check_fresh(c);
  return rc == SQLITE_OK ? store_guard(c->s) : rc;
}

int call_gate(struct call *c) {
  int rc = call_refuse_write(c);
  return rc == SQLITE_OK ? call_guard(c) : rc;
}
