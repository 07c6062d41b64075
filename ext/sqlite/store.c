/*
** store.c: the store, one per connection: the verbs the SQL functions call (store.h), run
** on the token scheme's statements (scheme.h) from the cache (cache.c), built from the
** schema snapshot that discovery takes (schema.c). Rules:
**   - discovery happens at the first call that needs the schema, and again at the next
**     outermost call after the schema moved (never while one of ours is running): a cached
**     statement that SQLite re-prepared or that failed, or PRAGMA schema_version moved. A
**     call that saw it happen starts again (STORE_RETRY). Each discovery rebuilds the
**     snapshot whole and puts this connection's triggers in step with it (triggers.c);
**   - before any write, store_guard() checks (after the caller's store_check_fresh, once
**     per call: call.c) that no table definition calls our functions (guard.c);
**   - a key the store mints is drawn by token_new() inside the statement (store_capture).
**
** Errors are kept in s->error without the function name; the SQL layer adds it.
*/
#include "store.h"

#include <sodium.h>
#include <stdarg.h>
#include <string.h>

#include "checksum.h"
#include "expiry.h"
#include "query.h"
#include "secret.h"
#include "timestamp.h"
#include "triggers.h"

SQLITE_EXTENSION_INIT3

/* read_found's answer when the clock cannot be read (store.c only; store.h's codes are the
** others below zero). */
#define STORE_NO_CLOCK (-100)

void store_set_error(struct store *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  sqlite3_free(s->error);
  s->error = msg;
}

const struct scheme *store_scheme(const struct store *s) {
  return s->schema.scheme ? s->schema.scheme : scheme_at(0);
}

const char *store_error(const struct store *s) { return s->error ? s->error : "out of memory"; }

void store_init(struct store *s, sqlite3 *db) {
  memset(s, 0, sizeof *s);
  s->db = db;
  s->triggers_on = 1;
}

sqlite3 *store_db(const struct store *s) { return s->db; }

void store_capture(struct store *s, const char *key, int len) {
  if (s->capture == NULL) return;
  memcpy(s->capture, key, (size_t)len + 1);
  s->capture = NULL;
}

/* Frees the snapshot (and so the statement texts); discovery must run again. */
static void forget_schema(struct store *s) {
  schema_free(&s->schema);
  s->encoding = 0; /* may still change before the first table is created */
  s->discovered = 0;
}

void store_invalidate(struct store *s) {
  cache_finalize(&s->cache);
  forget_schema(s);
  s->stale = 0;
}

void store_close(struct store *s) {
  store_invalidate(s);
  guard_forget(&s->guard);
  sqlite3_free(s->error);
  s->error = NULL;
}

void store_enter(struct store *s) {
  s->depth++;
  if (s->stale && s->depth == 1) store_invalidate(s); /* rare: tested first, so cheap */
}

void store_leave(struct store *s) { s->depth--; }

/* A statement ready to bind, from the cache (cache.c). Release it with release(). */
static int acquire(struct store *s, enum store_stmt which, sqlite3_stmt **out) {
  sqlite3_stmt *st = s->cache.st[which]; /* the usual case without a call: cached, idle */
  if (s->discovered && st && !sqlite3_stmt_busy(st)) {
    *out = st;
    return SQLITE_OK;
  }
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  if (rc != SQLITE_OK) return rc;
  if (s->schema.sql[which] == NULL) {
    store_set_error(s, "%s tokens have no %s statement", s->schema.scheme->name,
                    cache_stmt_name(which));
    return SQLITE_ERROR;
  }
  rc = cache_get(&s->cache, s->db, which, s->schema.sql[which], out);
  if (rc != SQLITE_OK) store_set_error(s, "%s", sqlite3_errmsg(s->db));
  return rc;
}

/* What a scheme's statement binds (scheme.h); a name the statement lacks is skipped. */
struct store_args {
  const void *key; /* :key: the key, or its digest (NULL binds NULL) */
  int key_len;
  const struct user_id *user_id; /* :user_id (NULL binds NULL) */
  const char *now;               /* :created and :now */
  const char *token_key;         /* :token_key, token_key_len bytes (NULL binds NULL) */
  int token_key_len;
  const char *expiry; /* :expiry (NULL binds NULL: never expires) */
  const char *old;    /* :old (NULL binds NULL) */
  sqlite3_int64 limit; /* :limit; negative binds NULL (no limit) */
  const char *name;    /* :name (NULL binds NULL) */
};

/* Binds text, or NULL when text is NULL, at index i (0: the statement has no such name). */
static int bind_text_or_null(sqlite3_stmt *st, int i, const char *text, int len) {
  if (i == 0) return SQLITE_OK;
  return text ? sqlite3_bind_text(st, i, text, len, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* Binds args to st by the parameter indexes param (enum store_param; 0: the statement has
** no such name). Returns SQLite's code, with the error kept for store_error(). */
static int bind_params(struct store *s, sqlite3_stmt *st, const unsigned char *param,
                       const struct store_args *a) {
  int rc = SQLITE_OK;
  if (param[PARAM_KEY]) {
    rc = sqlite3_bind_text(st, param[PARAM_KEY], a->key, a->key_len, SQLITE_STATIC);
  }
  if (rc == SQLITE_OK && param[PARAM_USER_ID]) {
    rc = a->user_id ? userid_bind(st, param[PARAM_USER_ID], a->user_id)
                    : sqlite3_bind_null(st, param[PARAM_USER_ID]);
  }
  if (rc == SQLITE_OK && param[PARAM_CREATED]) {
    rc = sqlite3_bind_text(st, param[PARAM_CREATED], a->now, -1, SQLITE_STATIC);
  }
  if (rc == SQLITE_OK && param[PARAM_NOW]) {
    rc = sqlite3_bind_text(st, param[PARAM_NOW], a->now, -1, SQLITE_STATIC);
  }
  if (rc == SQLITE_OK) {
    rc = bind_text_or_null(st, param[PARAM_TOKEN_KEY], a->token_key, a->token_key_len);
  }
  if (rc == SQLITE_OK) rc = bind_text_or_null(st, param[PARAM_EXPIRY], a->expiry, -1);
  if (rc == SQLITE_OK) rc = bind_text_or_null(st, param[PARAM_OLD], a->old, -1);
  if (rc == SQLITE_OK) rc = bind_text_or_null(st, param[PARAM_NAME], a->name, -1);
  if (rc == SQLITE_OK && param[PARAM_LIMIT]) {
    rc = a->limit < 0 ? sqlite3_bind_null(st, param[PARAM_LIMIT])
                      : sqlite3_bind_int64(st, param[PARAM_LIMIT], a->limit);
  }
  if (rc != SQLITE_OK) store_set_error(s, "%s", sqlite3_errmsg(s->db));
  return rc;
}

/* Binds args to st (statement `which`, cached or one-off) by name; a name the statement
** lacks is skipped. */
static int bind_args(struct store *s, enum store_stmt which, sqlite3_stmt *st,
                     const struct store_args *a) {
  unsigned char own[PARAM_COUNT]; /* a one-off's (a cached one was busy): read now */
  const unsigned char *param =
      st == s->cache.st[which] ? s->cache.params[which] : cache_params(&s->cache, which, st, own);
  return bind_params(s, st, param, a);
}

/* Puts a statement back (a failure also counts as a schema move). rc is the result of its
** last step. */
static void release(struct store *s, enum store_stmt which, sqlite3_stmt *st, int rc) {
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) store_set_error(s, "%s", sqlite3_errmsg(s->db));
  if (cache_put_back(&s->cache, which, st, rc)) s->stale = 1;
}

/* Prepares the statements every call starts with (lookup, or the schema version checks
** that the other calls make first) into the cache at once. A statement first prepared after
** a table rebuild never shows a REPREPARE, so the rebuild (and its lost TEMP triggers) would
** go unnoticed; primed ones notice it at the next call (tests/suites/schema.sh, "rebuild").
** The others are prepared at first use, which keeps a connection's cost small. */
static void prime_cache(struct store *s) {
  static const enum store_stmt first[] = {STMT_LOOKUP, STMT_VERSION, STMT_TEMP};
  for (size_t i = 0; i < sizeof first / sizeof first[0]; i++) {
    sqlite3_stmt *st = NULL;
    if (s->cache.st[first[i]] == NULL && acquire(s, first[i], &st) == SQLITE_OK) {
      release(s, first[i], st, SQLITE_DONE);
    }
  }
}

/* Makes the triggers exist when wanted and not when not (a refresh with keep_triggers set
** drops nothing). */
static int reconcile_triggers(struct store *s) {
  if (s->triggers_on) return triggers_ensure(s);
  return s->keep_triggers ? SQLITE_OK : triggers_drop(s);
}

int store_discover(struct store *s) {
  forget_schema(s);
  int rc = schema_discover(s);
  if (rc == SQLITE_OK) rc = reconcile_triggers(s);
  if (rc != SQLITE_OK) {
    if (rc == STORE_NO_TABLE && !s->keep_triggers) triggers_drop(s); /* or no user inserts */
    forget_schema(s);
    return rc;
  }
  s->discovered = 1;
  prime_cache(s);
  return SQLITE_OK;
}

int store_ready(struct store *s) { return s->discovered ? SQLITE_OK : store_discover(s); }

/* Python's truthiness of the value Django's BooleanField reads from the column. */
static int is_truthy(sqlite3_value *v) {
  switch (sqlite3_value_type(v)) {
  case SQLITE_INTEGER:
    return sqlite3_value_int64(v) != 0;
  case SQLITE_FLOAT:
    return sqlite3_value_double(v) != 0.0;
  case SQLITE_NULL:
    return 0;
  default:
    return sqlite3_value_bytes(v) > 0;
  }
}

/* After a cached statement ran: if the schema moved and none of ours is running, rebuilds
** the cache and returns STORE_RETRY so that the call starts again from fresh texts. */
static int retry_if_stale(struct store *s, int rc) {
  if (s->stale && s->depth == 1) {
    store_invalidate(s);
    store_set_error(s, "the schema changed during the call; try again");
    return STORE_RETRY;
  }
  return rc;
}

/* 1 if the stored expiry in column 2 has passed now (Django's text, strict expiry < now),
** 0 if not or NULL (never expires); 1 for a value Django would not write (fail closed: not
** text, not one of its two forms, not a calendar time); -1 when the clock cannot be read.
** The clock is read only here, for a row that has an expiry: a token not found costs none. */
static int expiry_column_passed(sqlite3_stmt *st) {
  int type = sqlite3_column_type(st, 2);
  if (type == SQLITE_NULL) return 0;
  const char *text = type == SQLITE_TEXT ? (const char *)sqlite3_column_text(st, 2) : NULL;
  timestamp_us expiry, now;
  if (text == NULL || timestamp_parse(text, (size_t)sqlite3_column_bytes(st, 2), &expiry) != 0) {
    return 1;
  }
  return timestamp_now_us(&now) != 0 ? -1 : expiry_passed(expiry, now);
}

/* Reads a found row: the id (the usual INTEGER key without a copy), is_active, and with
** an expiry column (its stored text, column 2) whether the token has expired.
** Returns SQLITE_ROW, SQLITE_DONE for an expired token, SQLITE_NOMEM, or STORE_NO_CLOCK. */
static int read_found(const struct scheme *sc, sqlite3_stmt *st, struct user_id *user_id,
                      int *active) {
  sqlite3_value *id = sqlite3_column_value(st, 0);
  *active = is_truthy(sqlite3_column_value(st, 1));
  int passed = sc->expiry_column ? expiry_column_passed(st) : 0;
  if (passed) return passed < 0 ? STORE_NO_CLOCK : SQLITE_DONE;
  if (sqlite3_value_type(id) == SQLITE_INTEGER && user_id->bytes == NULL) {
    user_id->type = SQLITE_INTEGER;
    user_id->i = sqlite3_value_int64(id);
    return SQLITE_ROW;
  }
  return userid_set_value(user_id, id) == SQLITE_OK ? SQLITE_ROW : SQLITE_NOMEM;
}

/* The arguments naming a presented key: the key itself or its digest (written to digest,
** SCHEME_DIGEST_MAX + 1 bytes) and its token_key. Returns SQLITE_OK, SQLITE_DONE for a key
** that cannot be one of the scheme's tokens (so no lookup), or an error. */
static int presented(struct store *s, const void *key, int key_len, char *digest,
                     struct store_args *a) {
  const struct scheme *sc = s->schema.scheme;
  memset(a, 0, sizeof *a);
  a->key = key, a->key_len = key_len, a->limit = -1;
  if (sc->shape_ok && !sc->shape_ok(key, key_len)) return SQLITE_DONE;
  if (sc->digest && settings_on(s, SETTING_CHECKSUM) &&
      !checksum_verify((const unsigned char *)key, (size_t)key_len)) {
    return SQLITE_DONE; /* mistyped or made up: refused before any lookup */
  }
  if (sc->token_key) {
    if (sc->token_key(key, key_len, &a->token_key_len) != 0) return SQLITE_DONE;
    a->token_key = key;
  }
  if (sc->digest) {
    sc->digest(key, key_len, digest);
    a->key = digest;
    a->key_len = sc->digest_len;
  }
  return SQLITE_OK;
}

/* Steps the lookup statement st once its parameters are bound (rc: the binding's result)
** and reads the row (an expiry judged now). */
static int find_step(struct store *s, sqlite3_stmt *st, int rc, struct user_id *user_id,
                     int *active) {
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) rc = read_found(s->schema.scheme, st, user_id, active);
  int no_clock = rc == STORE_NO_CLOCK;
  release(s, STMT_LOOKUP, st, no_clock ? SQLITE_DONE : rc);
  if (no_clock) {
    store_set_error(s, "cannot read the clock");
    return SQLITE_ERROR;
  }
  return retry_if_stale(s, rc);
}

/* Kept out of line: inlined into store_find, its buffers and calls would cost the common
** path (a scheme without them, DRF's) a larger frame on every lookup (make bench-callgrind). */
#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif

/* find for a scheme with a shape check, a digest, a token_key or an expiry (knox's). */
static OUT_OF_LINE int find_by_scheme(struct store *s, const void *key, int key_len,
                                      struct user_id *user_id, int *active) {
  char digest[SCHEME_DIGEST_MAX + 1];
  struct store_args args;
  int rc = presented(s, key, key_len, digest, &args);
  if (rc != SQLITE_OK) return rc;
  sqlite3_stmt *st = NULL;
  rc = acquire(s, STMT_LOOKUP, &st);
  if (rc != SQLITE_OK) return rc;
  return find_step(s, st, bind_args(s, STMT_LOOKUP, st, &args), user_id, active);
}

int store_find(struct store *s, const void *key, int key_len, struct user_id *user_id,
               int *active) {
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  if (rc != SQLITE_OK) return rc;
  const struct scheme *sc = s->schema.scheme;
  if (sc->shape_ok || sc->digest || sc->token_key || sc->expiry_column) {
    return find_by_scheme(s, key, key_len, user_id, active);
  }
  /* The key as the table stores it, the lookup's one parameter (:key; DRF's scheme). */
  sqlite3_stmt *st = s->cache.st[STMT_LOOKUP]; /* acquire's usual case, without a call */
  rc = st && !sqlite3_stmt_busy(st) ? SQLITE_OK : acquire(s, STMT_LOOKUP, &st);
  if (rc != SQLITE_OK) return rc;
  unsigned char own[PARAM_COUNT];
  const unsigned char *param = st == s->cache.st[STMT_LOOKUP]
                                   ? s->cache.params[STMT_LOOKUP]
                                   : cache_params(&s->cache, STMT_LOOKUP, st, own);
  rc = sqlite3_bind_text(st, param[PARAM_KEY], key, key_len, SQLITE_STATIC);
  return find_step(s, st, rc, user_id, active); /* no expiry column here */
}

int store_guard(struct store *s) {
  int rc = s->discovered ? SQLITE_OK : store_discover(s); /* rebuilt after a move */
  if (rc != SQLITE_OK) return rc;
  const char *finding = NULL;
  /* kept statements are finalized by store_close */
  int keep = cache_connect(s->db, &s->cache) == SQLITE_OK && s->cache.connected;
  rc = guard_verdict(s->db, &s->guard, s->main_version, keep, &finding);
  if (rc != SQLITE_OK) {
    store_set_error(s, "%s", sqlite3_errmsg(s->db));
  } else if (finding) {
    store_set_error(s, "refusing to run: %s", finding);
    rc = STORE_HOSTILE;
  }
  return rc;
}

/* Steps the statement that SQLite re-prepares when the temp schema changed or was reset
** (PRAGMA temp_store, a rollback, a dropped users table): that marks the cache stale. Every
** way our TEMP triggers can vanish passes through one of those. */
static void check_temp(struct store *s) {
  sqlite3_stmt *st = NULL;
  if (acquire(s, STMT_TEMP, &st) == SQLITE_OK) release(s, STMT_TEMP, st, sqlite3_step(st));
}

/* store_refresh's work; errors are left to the calls that need the schema. */
static void refresh(struct store *s, int keep) {
  const struct scheme *found = NULL;
  if (s->discovered && keep) { /* restoring only: the temp schema alone tells (check_temp) */
    check_temp(s);
    if (retry_if_stale(s, SQLITE_OK) != STORE_RETRY) return;
  } else if (s->discovered) {
    if (store_check_fresh(s) != STORE_RETRY) return;
  } else if (scheme_in(s->db, &found) != SQLITE_OK || found == NULL) {
    return; /* no token table: no trigger of ours either (schema_discover dropped them) */
  }
  s->keep_triggers = keep;
  store_discover(s);
  s->keep_triggers = 0;
}

void store_refresh(struct store *s, int keep) {
  store_enter(s);
  if (s->depth == 1) refresh(s, keep); /* never while another of ours runs */
  store_leave(s);
}

const char *store_keyword(struct store *s) {
  return settings_value(s, SETTING_KEYWORD);
}

int store_check_fresh(struct store *s) {
  if (!s->discovered) return SQLITE_OK;
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_VERSION, &st);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) s->main_version = sqlite3_column_int(st, 0);
  if (rc == SQLITE_ROW && s->main_version != s->schema.version) s->stale = 1;
  release(s, STMT_VERSION, st, rc);
  if (rc == SQLITE_ROW && !s->stale) check_temp(s);
  return retry_if_stale(s, rc == SQLITE_ROW ? SQLITE_OK : rc);
}

/* A sqlite3_malloc'd, NUL-terminated copy of n bytes (a key: the caller wipes it). */
static char *copy_secret(const void *bytes, int n) {
  char *copy = sqlite3_malloc(n + 1);
  if (copy == NULL) return NULL;
  if (n > 0) memcpy(copy, bytes, (size_t)n);
  copy[n] = 0;
  return copy;
}

/* userid_numeric_fn: SQLite reads the text as a number. `?1 = CAST(?1 AS NUMERIC)` applies
** numeric affinity to ?1 (it compares with an expression of NUMERIC affinity), so it is true
** exactly when the text is a well-formed number (' 3 ', '3.0', '3e2'), not a prefix ('3x'). */
static int numeric_of_text(void *env, sqlite3_value *text, struct user_id *out) {
  struct store *s = env;
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_NUMERIC, &st);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_bind_value(st, 1, text);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_int(st, 1) == 1) {
    if (userid_from_column(out, st, 0) != SQLITE_OK) rc = SQLITE_NOMEM;
  }
  release(s, STMT_NUMERIC, st, rc);
  return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int store_user_id_arg(struct store *s, sqlite3_value *arg, struct user_id *id) {
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  char *why = NULL;
  if (rc == SQLITE_OK) {
    rc = userid_from_arg(id, arg, s->schema.id_affinity, numeric_of_text, s, &why);
  }
  if (rc == SQLITE_MISMATCH) rc = SQLITE_ERROR; /* an argument error, as the others */
  if (why) store_set_error(s, "%s", why);
  sqlite3_free(why);
  return rc;
}

/* Does the user exist, and which key has it? Returns SQLITE_ROW (the user exists: *stored
** is its id as the users table stores it; *key is the key copied, or NULL when the user has
** none or the scheme keeps many) or SQLITE_DONE (no user), or an error. */
static int find_user_key(struct store *s, const struct user_id *user_id, struct user_id *stored,
                         char **key, int *key_len) {
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_USER_KEY, &st);
  if (rc != SQLITE_OK) return rc;
  struct store_args args = {.user_id = user_id, .limit = -1};
  rc = bind_args(s, STMT_USER_KEY, st, &args);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && userid_from_column(stored, st, 0) != SQLITE_OK) rc = SQLITE_NOMEM;
  if (rc == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL) {
    const unsigned char *text = sqlite3_column_text(st, 1);
    *key_len = sqlite3_column_bytes(st, 1);
    *key = text ? copy_secret(text, *key_len) : NULL;
    if (*key == NULL) rc = SQLITE_NOMEM;
  }
  release(s, STMT_USER_KEY, st, rc);
  return rc;
}

/* Runs a writing statement once; *changes gets how many rows it changed. Returns
** SQLITE_DONE or an error. */
static int run_statement(struct store *s, enum store_stmt which, const struct store_args *args,
                         sqlite3_int64 *changes) {
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, which, &st);
  if (rc != SQLITE_OK) return rc;
  rc = bind_args(s, which, st, args);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  *changes = rc == SQLITE_DONE ? sqlite3_changes(s->db) : 0;
  release(s, which, st, rc);
  return rc;
}

/* Writes a fresh key for the user (insert, or replace when has_key) into *key. The key is
** drawn by token_new() inside the statement, which copies it to s->capture: no bound value
** or statement text carries it (a tracing logger sees none). */
static int write_new_key(struct store *s, const struct user_id *user_id, int has_key, char **key,
                         int *key_len) {
  char fresh[SCHEME_KEY_MAX + 1] = {0}, created[TIMESTAMP_SIZE];
  if (timestamp_now(created) != 0) {
    store_set_error(s, "cannot read the clock");
    return SQLITE_ERROR;
  }
  struct store_args args = {.user_id = user_id, .now = created, .limit = -1};
  sqlite3_int64 changes = 0;
  s->capture = fresh;
  int rc = run_statement(s, has_key ? STMT_ROTATE : STMT_INSERT, &args, &changes);
  s->capture = NULL;
  if (rc == SQLITE_DONE && (fresh[0] == 0 || changes != 1)) { /* the row to rotate went away */
    store_set_error(s, "the user's token changed during the call; try again");
    rc = SQLITE_ERROR;
  }
  if (rc == SQLITE_DONE) {
    *key_len = s->schema.scheme->key_len;
    *key = copy_secret(fresh, *key_len);
    rc = *key ? SQLITE_OK : SQLITE_NOMEM;
  }
  sodium_memzero(fresh, sizeof fresh);
  return rc;
}

/* The expiry of a token made at now under the ttl setting, into expiry; NULL for none
** (ttl 'none'), else expiry. Sets an error and returns NULL with *rc when out of range. */
static const char *expiry_after(struct store *s, timestamp_us now, char *expiry, int *rc) {
  sqlite3_int64 ttl = settings_number(s, SETTING_TTL);
  *rc = SQLITE_OK;
  if (ttl < 0) return NULL;
  if (timestamp_format_us(now + ttl * 1000000, expiry) == 0) return expiry;
  store_set_error(s, "the ttl setting puts the expiry past 9999-12-31");
  *rc = SQLITE_ERROR;
  return NULL;
}

/* Many tokens per user (knox's AuthToken.objects.create): a new key minted here with the
** prefix and checksum settings, stored as its digest and token_key with created now and
** expiry now + ttl, unless the user holds limit_per_user unexpired tokens (STORE_LIMIT).
** The key is bound nowhere; *key gets a copy for the caller (who wipes it), *expiry the
** expiry written (expiry_buf, or NULL for never). */
static int issue_new(struct store *s, const struct user_id *stored, char **key, int *key_len,
                     char *expiry_buf, const char **expiry) {
  const struct scheme *sc = s->schema.scheme;
  char fresh[SCHEME_KEY_MAX + 1], digest[SCHEME_DIGEST_MAX + 1], now[TIMESTAMP_SIZE];
  timestamp_us t;
  if (timestamp_now_us(&t) != 0 || timestamp_format_us(t, now) != 0) {
    store_set_error(s, "cannot read the clock");
    return SQLITE_ERROR;
  }
  int rc = SQLITE_OK;
  struct store_args args = {digest, sc->digest_len, stored, now, fresh, 0, NULL, NULL, -1, NULL};
  args.name = s->issue_name;
  if (args.name && !s->schema.token_has_name) {
    store_set_error(s, "%s has no name column; add it: ALTER TABLE %s ADD COLUMN \"name\" "
                    "varchar(64) NULL", sc->table, sc->table);
    return SQLITE_ERROR;
  }
  args.expiry = *expiry = expiry_after(s, t, expiry_buf, &rc);
  if (rc != SQLITE_OK) return rc;
  args.limit = settings_number(s, SETTING_LIMIT_PER_USER);
  struct scheme_mint opt = {settings_value(s, SETTING_PREFIX), settings_on(s, SETTING_CHECKSUM)};
  int n = sc->mint(&opt, fresh);
  if (n == 0 || sc->token_key(fresh, n, &args.token_key_len) != 0) {
    store_set_error(s, "the prefix setting cannot start a token");
    return SQLITE_ERROR;
  }
  sc->digest(fresh, n, digest);
  sqlite3_int64 changes = 0;
  rc = run_statement(s, args.limit < 0 ? STMT_INSERT : STMT_INSERT_LIMITED, &args, &changes);
  if (rc == SQLITE_DONE && changes == 0) {
    store_set_error(s, "Maximum amount of tokens allowed per user exceeded.");
    rc = STORE_LIMIT;
  } else if (rc == SQLITE_DONE) {
    *key_len = n;
    *key = copy_secret(fresh, n);
    rc = *key ? SQLITE_OK : SQLITE_NOMEM;
  }
  sodium_memzero(fresh, sizeof fresh);
  return rc;
}

/* issue (rotate unset) and rotate: the user's key kept, or a new one written. */
static int issue(struct store *s, const struct user_id *user_id, int rotate, char **key,
                 int *key_len) {
  *key = NULL;
  *key_len = 0;
  struct user_id stored = {0}; /* written as the users table stores it */
  int rc = find_user_key(s, user_id, &stored, key, key_len);
  if (rc == SQLITE_DONE) rc = SQLITE_NOTFOUND;
  int has_key = *key != NULL;
  if (rc == SQLITE_ROW && has_key && !rotate) rc = SQLITE_OK;
  if (rc == SQLITE_ROW && has_key) {
    secret_free(*key, (size_t)*key_len);
    *key = NULL;
  }
  if (rc == SQLITE_ROW && !s->schema.scheme->one_per_user && rotate) {
    store_set_error(s, "%s tokens are not rotated; create a new one and revoke the old",
                    s->schema.scheme->name);
    rc = SQLITE_ERROR;
  }
  if (rc == SQLITE_ROW && !s->schema.scheme->one_per_user) {
    char expiry_buf[TIMESTAMP_SIZE];
    const char *expiry = NULL;
    rc = issue_new(s, &stored, key, key_len, expiry_buf, &expiry);
    if (rc == SQLITE_OK && s->issued_expiry) {
      sqlite3_snprintf(TIMESTAMP_SIZE, s->issued_expiry, "%s", expiry ? expiry : "");
    }
  } else if (rc == SQLITE_ROW && s->issue_name) {
    store_set_error(s, "%s tokens have no name", s->schema.scheme->name);
    rc = SQLITE_ERROR;
  } else if (rc == SQLITE_ROW) {
    rc = write_new_key(s, &stored, has_key, key, key_len);
  }
  userid_clear(&stored);
  return rc;
}

int store_issue(struct store *s, const struct user_id *user_id, char **key, int *key_len) {
  return issue(s, user_id, 0, key, key_len);
}

int store_rotate(struct store *s, const struct user_id *user_id, char **key, int *key_len) {
  return issue(s, user_id, 1, key, key_len);
}

int store_login(struct store *s, const char *username, int len, struct user_id *user_id,
                char **encoded, int *encoded_len, int *can_login) {
  *encoded = NULL;
  *encoded_len = 0;
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_LOGIN, &st);
  if (rc != SQLITE_OK) return rc;
  if (!s->schema.has_password) {
    release(s, STMT_LOGIN, st, SQLITE_DONE);
    store_set_error(s, "users table %s has no password column", s->schema.users);
    return SQLITE_ERROR;
  }
  rc = sqlite3_bind_text(st, 1, username, len, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    if (userid_from_column(user_id, st, 0) != SQLITE_OK) rc = SQLITE_NOMEM;
    sqlite3_value *active = sqlite3_column_value(st, 2);
    *can_login = sqlite3_value_type(active) == SQLITE_NULL || is_truthy(active);
    const unsigned char *hash = sqlite3_column_text(st, 1);
    if (hash) *encoded_len = sqlite3_column_bytes(st, 1); /* a NUL inside counts too */
    if (hash) *encoded = copy_secret(hash, *encoded_len);
    if (hash && *encoded == NULL && rc == SQLITE_ROW) rc = SQLITE_NOMEM;
    if (rc == SQLITE_ROW && sqlite3_step(st) == SQLITE_ROW) rc = SQLITE_DONE; /* not unique */
  }
  release(s, STMT_LOGIN, st, rc);
  if (rc != SQLITE_ROW && *encoded) {
    secret_free(*encoded, (size_t)*encoded_len);
    *encoded = NULL;
  }
  if (*encoded == NULL) *encoded_len = 0;
  return rc;
}

int store_revoke(struct store *s, const void *key, int key_len, sqlite3_int64 *count) {
  *count = 0;
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  char digest[SCHEME_DIGEST_MAX + 1];
  struct store_args args;
  if (rc == SQLITE_OK) rc = presented(s, key, key_len, digest, &args);
  if (rc == SQLITE_OK) rc = run_statement(s, STMT_REVOKE, &args, count);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int store_renewal(struct store *s, timestamp_us now, timestamp_us expiry, timestamp_us created,
                  char *out) {
  timestamp_us next = 0;
  if (expiry_passed(expiry, now) ||
      !expiry_renewed(now, expiry, created, settings_number(s, SETTING_TTL),
                      settings_number(s, SETTING_MAX_TTL),
                      settings_number(s, SETTING_MIN_REFRESH_INTERVAL), &next)) {
    return SQLITE_DONE;
  }
  if (timestamp_format_us(next, out) != 0) {
    store_set_error(s, "the ttl setting puts the expiry past 9999-12-31");
    return SQLITE_ERROR;
  }
  return SQLITE_ROW;
}

/* What STMT_RENEW_ROW read of the presented token: its expiry (text, TIMESTAMP_SIZE bytes,
** "" when NULL: never expires) and created parsed, and its last_used (`used_ok` when it is
** a time Django writes, with `used` set). */
struct renew_facts {
  char old[TIMESTAMP_SIZE];
  timestamp_us expiry, created;
  int used_ok;
  timestamp_us used;
};

/* Reads the row. Returns SQLITE_ROW, SQLITE_DONE (no such row), or an error (an expiry or
** created Django would not write, when the expiry is not NULL). A last_used Django would not
** write is taken as never used (it gets overwritten). */
static int renew_row(struct store *s, const struct store_args *args, struct renew_facts *f) {
  sqlite3_stmt *st = NULL;
  int rc = acquire(s, STMT_RENEW_ROW, &st);
  if (rc != SQLITE_OK) return rc;
  rc = bind_args(s, STMT_RENEW_ROW, st, args);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  memset(f, 0, sizeof *f);
  if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
    const char *e = (const char *)sqlite3_column_text(st, 0);
    const char *c = (const char *)sqlite3_column_text(st, 1);
    int e_len = sqlite3_column_bytes(st, 0), c_len = sqlite3_column_bytes(st, 1);
    if (e == NULL || c == NULL || sqlite3_column_type(st, 0) != SQLITE_TEXT ||
        timestamp_parse(e, (size_t)e_len, &f->expiry) != 0 ||
        timestamp_parse(c, (size_t)c_len, &f->created) != 0) {
      release(s, STMT_RENEW_ROW, st, rc);
      store_set_error(s, "the token's stored expiry or created is not a time Django writes");
      return SQLITE_ERROR;
    }
    memcpy(f->old, e, (size_t)e_len + 1); /* parsed: 19 or 26 bytes */
  }
  const char *u = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 2) : NULL;
  int u_len = u ? sqlite3_column_bytes(st, 2) : 0;
  f->used_ok = u && sqlite3_column_type(st, 2) == SQLITE_TEXT &&
               timestamp_parse(u, (size_t)u_len, &f->used) == 0;
  release(s, STMT_RENEW_ROW, st, rc);
  return rc;
}

/* knox's renewal of the row read, when auto_refresh is on and it has an expiry. */
static int renew_expiry(struct store *s, struct store_args *args, const struct renew_facts *f,
                        timestamp_us now, sqlite3_int64 *count) {
  char renewed[TIMESTAMP_SIZE];
  if (f->old[0] == 0 || !settings_on(s, SETTING_AUTO_REFRESH)) return SQLITE_OK;
  int rc = store_renewal(s, now, f->expiry, f->created, renewed);
  if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_OK : rc; /* knox writes nothing */
  args->expiry = renewed;
  args->old = f->old;
  rc = run_statement(s, STMT_RENEW, args, count);
  args->expiry = args->old = NULL;
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Beyond knox: last_used = now in the optional column, at most once per
** last_used_interval (a value that does not parse, or lies ahead, counts as never). */
static int touch(struct store *s, struct store_args *args, const struct renew_facts *f,
                 timestamp_us now) {
  sqlite3_int64 interval = settings_number(s, SETTING_LAST_USED_INTERVAL), changes = 0;
  if (!s->schema.token_has_last_used) return SQLITE_OK;
  if (f->used_ok && f->used <= now && now - f->used < interval * 1000000) return SQLITE_OK;
  int rc = run_statement(s, STMT_TOUCH, args, &changes);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int store_renew(struct store *s, const void *key, int key_len, sqlite3_int64 *count) {
  *count = 0;
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  if (rc != SQLITE_OK || s->schema.scheme->sql[SQL_RENEW] == NULL ||
      (!settings_on(s, SETTING_AUTO_REFRESH) && !s->schema.token_has_last_used)) {
    return rc; /* nothing to write */
  }
  char digest[SCHEME_DIGEST_MAX + 1], now[TIMESTAMP_SIZE];
  struct store_args args;
  struct renew_facts f;
  timestamp_us t;
  rc = presented(s, key, key_len, digest, &args);
  if (rc == SQLITE_OK && (timestamp_now_us(&t) != 0 || timestamp_format_us(t, now) != 0)) {
    store_set_error(s, "cannot read the clock");
    rc = SQLITE_ERROR;
  }
  args.now = now; /* touch.sql's :now */
  if (rc == SQLITE_OK) rc = renew_row(s, &args, &f);
  if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_OK : rc;
  rc = renew_expiry(s, &args, &f, t, count);
  return rc == SQLITE_OK ? touch(s, &args, &f, t) : rc;
}

int store_purge(struct store *s, sqlite3_int64 *count) {
  *count = 0;
  int rc = s->discovered ? SQLITE_OK : store_discover(s);
  if (rc != SQLITE_OK || s->schema.scheme->expiry_column == NULL) return rc; /* none expire */
  char now[TIMESTAMP_SIZE];
  if (timestamp_now(now) != 0) {
    store_set_error(s, "cannot read the clock");
    return SQLITE_ERROR;
  }
  struct store_args args = {.now = now, .limit = -1};
  rc = run_statement(s, STMT_PURGE, &args, count);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int store_delete(struct store *s, const struct user_id *user_id, sqlite3_int64 *count) {
  struct store_args args = {.user_id = user_id, .limit = -1};
  int rc = run_statement(s, STMT_DELETE, &args, count);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int row_encoding(struct store *s, sqlite3_stmt *st, void *out) {
  const char *name = (const char *)sqlite3_column_text(st, 0);
  (void)out;
  s->encoding = name && sqlite3_stricmp(name, "UTF-8") == 0 ? SQLITE_UTF8 : SQLITE_UTF16;
  return SQLITE_OK;
}

int store_utf8(struct store *s) {
  if (s->encoding == 0) store_query(s, "PRAGMA main.encoding", NULL, row_encoding, NULL);
  return s->encoding == SQLITE_UTF8;
}

int store_install_sql(struct store *s, const char *users, const struct scheme *sc, char **sql) {
  return schema_token_table_sql(s, sc ? sc : store_scheme(s), users ? users : "users", sql);
}

/* 1 if main has scheme sc's token table, 0 if not, negative on error. */
static int has_table_of(struct store *s, const struct scheme *sc) {
  int rc = sqlite3_table_column_metadata(s->db, "main", sc->table, NULL, NULL, NULL, NULL, NULL,
                                         NULL);
  if (rc == SQLITE_OK || rc == SQLITE_ERROR) return rc == SQLITE_OK;
  store_set_error(s, "%s", sqlite3_errmsg(s->db));
  return -rc;
}

/* After token_install(users, scheme) created its table beside another scheme's: the scheme
** setting makes the asked one the one in force (discovery prefers the first registered). */
static int prefer_scheme(struct store *s, const struct scheme *sc) {
  int rc = store_discover(s);
  if (rc == SQLITE_OK && s->schema.scheme != sc) {
    rc = settings_write(s, setting_find("scheme"), sc->name);
    if (rc == SQLITE_OK) rc = store_discover(s);
  }
  return rc;
}

int store_install(struct store *s, const char *users, const struct scheme *sc, char **bound_to) {
  if (s->depth > 1) {
    store_set_error(s, "cannot run inside another authtoken call");
    return SQLITE_MISUSE;
  }
  store_invalidate(s);
  int exists = schema_choose_scheme(s);
  if (exists >= 0 && sc) exists = has_table_of(s, sc);
  if (exists < 0) return -exists;
  const struct scheme *asked = sc;
  if (sc == NULL) sc = s->schema.scheme;
  char *sql = NULL;
  int rc = exists ? SQLITE_OK : schema_token_table_sql(s, sc, users ? users : "users", &sql);
  if (rc == SQLITE_OK && !exists) rc = store_exec(s, sql);
  if (rc == SQLITE_OK) rc = asked ? prefer_scheme(s, asked) : store_discover(s);
  if (rc == SQLITE_OK && users && sqlite3_stricmp(users, s->schema.users) != 0) {
    store_set_error(s, "%s already references %s, not %s", s->schema.scheme->table,
                    s->schema.users, users);
    rc = SQLITE_ERROR;
  }
  if (rc == SQLITE_OK) {
    *bound_to = sqlite3_mprintf("%s", s->schema.users);
    if (*bound_to == NULL) rc = SQLITE_NOMEM;
  }
  return rc;
}

int store_set_triggers(struct store *s, int on) {
  s->triggers_on = on;
  if (!on) return triggers_drop(s);
  int rc = store_ready(s);
  return rc == SQLITE_OK ? triggers_ensure(s) : rc;
}

int store_triggers_present(struct store *s) { return triggers_present(s); }
