/*
** issue.c: issuing and revoking tokens.
**
**   token_create(user_id) -> TEXT the user's key; creates one if the user has none
**                            (DRF's Token.objects.get_or_create(user=user)).
**   token_rotate(user_id) -> TEXT a new key replacing the user's key, or the user's first
**                            (what `manage.py drf_create_token -r` does).
**   token_delete(user_id) -> INTEGER how many of the user's tokens were deleted (0 or more).
**   token_new()           -> TEXT a fresh key, 40 lowercase hex characters; writes nothing.
**   token_now()           -> TEXT the current UTC time as Django stores `created`.
**
** user_id: INTEGER; NULL gives NULL; any other type is an error
** ("token_create: user_id must be an integer"). No such user:
** "token_create: no user with id 42" (token_rotate likewise); token_delete returns 0.
** Keys: 20 bytes of libsodium's randombytes_buf, hex-encoded; our copies are wiped.
** Writes go through single statements, so a failure (read-only, busy, constraint) leaves
** nothing half-written; SQLite's code is passed on (SQLITE_BUSY, SQLITE_READONLY, ...).
** Flags: all SQLITE_DIRECTONLY (they write, draw randomness or read keys). The writers refuse
** to run while a table definition calls our functions (store_guard, guard.c): SQLite 3.40
** lets a CHECK constraint call DIRECTONLY functions.
*/
#include <sodium.h>
#include <string.h>

#include "engine.h"
#include "functions.h"
#include "key.h"
#include "timestamp.h"

SQLITE_EXTENSION_INIT3

/* Reads a user id argument: 1 with *id set, 0 for NULL (result NULL), -1 after an error. */
static int user_id_arg(sqlite3_context *ctx, const char *function, sqlite3_value *arg,
                       sqlite3_int64 *id) {
  switch (sqlite3_value_type(arg)) {
    case SQLITE_INTEGER:
      *id = sqlite3_value_int64(arg);
      return 1;
    case SQLITE_NULL:
      return 0;
    default:
      report_error(ctx, function, "user_id must be an integer");
      return -1;
  }
}

/* token_create and token_rotate. */
static void issue(sqlite3_context *ctx, sqlite3_value *arg, const char *function, int rotate) {
  struct store *s = sqlite3_user_data(ctx);
  sqlite3_int64 id;
  if (user_id_arg(ctx, function, arg, &id) <= 0) return;
  if (engine_refuse_write(ctx, function, s)) return;
  char *key = NULL;
  int key_len = 0;
  store_enter(s);
  int rc = store_guard(s);
  if (rc == SQLITE_OK) rc = store_issue(s, id, rotate, &key, &key_len);
  if (rc == SQLITE_OK) {
    sqlite3_result_text(ctx, key, key_len, SQLITE_TRANSIENT);
    sodium_memzero(key, (size_t)key_len);
    sqlite3_free(key);
  } else if (rc == SQLITE_NOTFOUND) {
    char *msg = sqlite3_mprintf("no user with id %lld", id);
    report_error(ctx, function, msg ? msg : "no such user");
    sqlite3_free(msg);
  } else {
    report_store_error(ctx, function, s, rc);
  }
  store_leave(s);
}

void fn_token_create(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  issue(ctx, argv[0], "token_create", 0);
}

void fn_token_rotate(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  issue(ctx, argv[0], "token_rotate", 1);
}

void fn_token_delete(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  struct store *s = sqlite3_user_data(ctx);
  sqlite3_int64 id, count = 0;
  if (user_id_arg(ctx, "token_delete", argv[0], &id) <= 0) return;
  if (engine_refuse_write(ctx, "token_delete", s)) return;
  store_enter(s);
  int rc = store_guard(s);
  if (rc == SQLITE_OK) rc = store_delete(s, id, &count);
  if (rc == SQLITE_OK) {
    sqlite3_result_int64(ctx, count);
  } else {
    report_store_error(ctx, "token_delete", s, rc);
  }
  store_leave(s);
}

void fn_token_new(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc, (void)argv;
  struct store *s = sqlite3_user_data(ctx);
  char key[KEY_HEX_LEN + 1];
  key_generate(key);
  if (s->capture) { /* the first call inside our own INSERT/UPDATE: its caller keeps the key */
    memcpy(s->capture, key, sizeof key);
    s->capture = NULL;
  }
  sqlite3_result_text(ctx, key, KEY_HEX_LEN, SQLITE_TRANSIENT);
  sodium_memzero(key, sizeof key);
}

void fn_token_now(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc, (void)argv;
  char now[TIMESTAMP_SIZE];
  if (timestamp_now(now) != 0) {
    report_error(ctx, "token_now", "cannot read the clock");
    return;
  }
  sqlite3_result_text(ctx, now, -1, SQLITE_TRANSIENT);
}
