/*
** issue.c: issuing and revoking tokens.
**
**   token_create(user_id) -> TEXT the user's key; creates one if the user has none
**                            (DRF's Token.objects.get_or_create(user=user)).
**   token_rotate(user_id) -> TEXT a new key replacing the user's key, or the user's first
**                            (what `manage.py drf_create_token -r` does).
**   token_create(user_id, name) -> the same with a name for the new token, stored in the
**                            optional name column (knox scheme, beyond knox: README); a table
**                            without it: "token_create: knox_authtoken has no name column; ...".
**   token_delete(user_id) -> INTEGER how many of the user's tokens were deleted (0 or more).
**   token_new()           -> TEXT a fresh key in the token scheme's format (DRF's: 40
**                            lowercase hex characters, key.c); writes nothing.
**   token_now()           -> TEXT the current UTC time as Django stores `created`.
**
** user_id: a value of the users table's key type, taken as SQLite compares it with that key
** (userid.c): for an INTEGER key 3, 3.0 and '3' are user 3, and what can never be an
** integer is an error ("token_create: user_id must be an integer, got real 3.5"); for a
** TEXT key (Django's UUIDField) text, numbers as their text. NULL gives NULL. No such user:
** "token_create: no user with id 42" ('12' for text, or "no user with the id given (text of
** 32 bytes)": text a message must not show); token_rotate likewise; token_delete
** returns 0. A users table without a single-column primary key is refused by every call.
** Keys: 20 bytes of libsodium's randombytes_buf, hex-encoded; our copies are wiped.
** Writes go through single statements, so a failure (read-only, busy, constraint) leaves
** nothing half-written; SQLite's code is passed on (SQLITE_BUSY, SQLITE_READONLY, ...).
** Flags: all SQLITE_DIRECTONLY (they write, draw randomness or read keys). The writers refuse
** to run while a table definition calls our functions (call_gate, guard.c): SQLite 3.40
** lets a CHECK constraint call DIRECTONLY functions. token_new and token_now run inside
** our triggers: the wrapper's refresh never replaces those (CALL_REFRESH_KEEP).
*/
#include <sodium.h>
#include <string.h>

#include "functions.h"
#include "secret.h"
#include "timestamp.h"

SQLITE_EXTENSION_INIT3

/* "no user with id 42" ('12' for a TEXT key), or "no user with the id given (text of 32
** bytes)" for text a message must not show (userid_describe). */
static void report_no_user(sqlite3_context *ctx, const char *function, const struct user_id *id) {
  char *shown = userid_describe(id);
  int literal =
      id->type == SQLITE_INTEGER || id->type == SQLITE_FLOAT || (shown && shown[0] == '\'');
  const char *form = literal ? "no user with id %s" : "no user with the id given (%s)";
  char *msg = shown ? sqlite3_mprintf(form, shown) : NULL;
  report_error(ctx, function, msg ? msg : "no such user");
  sqlite3_free(msg);
  sqlite3_free(shown);
}

/* The store's verb a function runs: store_issue or store_rotate. */
typedef int issue_verb(struct store *s, const struct user_id *user_id, char **key, int *key_len);

/* token_create and token_rotate. */
static int issue(struct call *c, issue_verb *verb) {
  if (sqlite3_value_type(c->argv[0]) == SQLITE_NULL) return SQLITE_OK; /* NULL in, NULL out */
  struct user_id id = {0};
  char *key = NULL;
  int key_len = 0;
  int rc = call_gate(c);
  if (rc == SQLITE_OK) rc = store_user_id_arg(c->s, c->argv[0], &id);
  if (rc == SQLITE_OK) rc = verb(c->s, &id, &key, &key_len);
  if (rc == SQLITE_OK) {
    sqlite3_result_text(c->ctx, key, key_len, SQLITE_TRANSIENT);
    secret_free(key, (size_t)key_len);
  } else if (rc == SQLITE_NOTFOUND) {
    report_no_user(c->ctx, c->fn->name, &id);
    rc = SQLITE_OK;
  }
  userid_clear(&id);
  return rc;
}

/* token_create's name argument: NULL (none), or TEXT of 1 to 64 characters as the optional
** name column's varchar(64) says. Returns 0, or -1 after reporting the error. */
static int name_arg(struct call *c, sqlite3_value *arg, const char **name) {
  *name = NULL;
  if (sqlite3_value_type(arg) == SQLITE_NULL) return 0;
  const unsigned char *text = sqlite3_value_text(arg);
  int len = sqlite3_value_bytes(arg), chars = 0;
  for (int i = 0; text && i < len; i++) chars += (text[i] & 0xC0) != 0x80;
  if (sqlite3_value_type(arg) != SQLITE_TEXT || text == NULL || chars < 1 || chars > 64 ||
      (int)strlen((const char *)text) != len) {
    report_error(c->ctx, c->fn->name, "name must be TEXT of 1 to 64 characters (no NUL)");
    return -1;
  }
  *name = (const char *)text;
  return 0;
}

int fn_token_create(struct call *c) {
  const char *name = NULL;
  if (c->argc == 2 && name_arg(c, c->argv[1], &name) != 0) return SQLITE_OK;
  c->s->issue_name = name;
  int rc = issue(c, store_issue);
  c->s->issue_name = NULL;
  return rc;
}

int fn_token_rotate(struct call *c) { return issue(c, store_rotate); }

int fn_token_delete(struct call *c) {
  if (sqlite3_value_type(c->argv[0]) == SQLITE_NULL) return SQLITE_OK; /* NULL in, NULL out */
  struct user_id id = {0};
  sqlite3_int64 count = 0;
  int rc = call_gate(c);
  if (rc == SQLITE_OK) rc = store_user_id_arg(c->s, c->argv[0], &id);
  if (rc == SQLITE_OK) rc = store_delete(c->s, &id, &count);
  if (rc == SQLITE_OK) sqlite3_result_int64(c->ctx, count);
  userid_clear(&id);
  return rc;
}

int fn_token_new(struct call *c) {
  struct store *s = c->s;
  const struct scheme *sc = store_scheme(s);
  char key[SCHEME_KEY_MAX + 1];
  struct scheme_mint opt = {NULL, 0}; /* DRF's keys read no setting */
  if (sc->token_key) {
    opt.prefix = settings_value(s, SETTING_PREFIX);
    opt.checksum = settings_on(s, SETTING_CHECKSUM);
  }
  int n = sc->mint(&opt, key);
  if (n == 0) {
    report_error(c->ctx, c->fn->name, "the prefix setting cannot start a token");
    return SQLITE_OK;
  }
  store_capture(s, key, n); /* inside our own INSERT/UPDATE: the store keeps it */
  sqlite3_result_text(c->ctx, key, n, SQLITE_TRANSIENT);
  sodium_memzero(key, sizeof key);
  return SQLITE_OK;
}

int fn_token_now(struct call *c) {
  char now[TIMESTAMP_SIZE];
  if (timestamp_now(now) != 0) {
    report_error(c->ctx, c->fn->name, "cannot read the clock");
    return SQLITE_OK;
  }
  sqlite3_result_text(c->ctx, now, -1, SQLITE_TRANSIENT);
  return SQLITE_OK;
}
