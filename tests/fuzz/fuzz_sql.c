/*
** fuzz_sql.c: libFuzzer target for the SQL entry points, in process.
**
** The extension's sources are compiled into this binary and registered with
** sqlite3_auto_extension, so SQLite hands sqlite3_authtoken_init a real API table. Each
** input is a little program run on a fresh in-memory database that has a users table, the
** token table and a few users: every op calls one of our functions with arguments of
** random types and bytes (NULL, integer, float, text or blob, NULs and bad UTF-8
** included), or moves the schema under the cache (drop/re-create the users table, add a
** column, turn the triggers off and on). Errors are fine; crashes, leaks, sanitizer
** reports and broken invariants are not:
**   - every user has exactly one token while the triggers are on;
**   - token_user('Token ' || key) of each token gives its user (all users are active);
**   - sqlite3_close() returns SQLITE_OK (the statement cache never blocks it).
** Password functions (token_password_*, token_obtain) are left to fuzz_password.
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int sqlite3_authtoken_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);

static const char *const calls[] = {
    "SELECT token_user(?1)",       "SELECT token_auth_error(?1)", "SELECT token_create(?1)",
    "SELECT token_rotate(?1)",     "SELECT token_delete(?1)",     "SELECT token_install(?1)",
    "SELECT token_triggers(?1)",   "SELECT token_new(), token_now()",
    "INSERT INTO users(username) VALUES (?1)",
    "DELETE FROM users WHERE id = ?1",
    "SELECT token_user('Token ' || ?1)",
    "SELECT * FROM authtoken_cache",
    "SELECT token_install()",
};
static const char *const moves[] = {
    "BEGIN; CREATE TABLE users_new (id INTEGER PRIMARY KEY, username TEXT, is_active INT "
    "DEFAULT 1); INSERT INTO users_new (id, username) SELECT id, username FROM users; "
    "DROP TABLE users; ALTER TABLE users_new RENAME TO users; COMMIT;",
    "ALTER TABLE users ADD COLUMN extra TEXT",
    "DROP TABLE authtoken_token",
    "SELECT token_triggers(0)",
    "SELECT token_triggers(1)",
    "UPDATE users SET is_active = 0 WHERE id % 2 = 0",
};

struct input {
  const uint8_t *p;
  size_t n;
};

static unsigned take(struct input *in) {
  if (in->n == 0) return 0;
  in->n--;
  return *in->p++;
}

/* Binds ?1 from the input: type from one byte, then its bytes. */
static void bind_value(sqlite3_stmt *st, struct input *in) {
  unsigned kind = take(in) % 6;
  size_t len = take(in);
  if (len > in->n) len = in->n;
  sqlite3_uint64 v = 0;
  switch (kind) {
    case 0:
      sqlite3_bind_null(st, 1);
      break;
    case 1:
      for (size_t i = 0; i < len && i < 8; i++) v = (v << 8) | in->p[i];
      sqlite3_bind_int64(st, 1, (sqlite3_int64)v);
      break;
    case 2:
      sqlite3_bind_int64(st, 1, (sqlite3_int64)(len % 8)); /* small ids hit real users */
      len = 0;
      break;
    case 3:
      sqlite3_bind_double(st, 1, (double)len / 3.0);
      len = 0;
      break;
    case 4:
      sqlite3_bind_text(st, 1, (const char *)in->p, (int)len, SQLITE_TRANSIENT);
      break;
    default:
      sqlite3_bind_blob(st, 1, in->p, (int)len, SQLITE_TRANSIENT);
  }
  in->p += len;
  in->n -= len;
}

static void run(sqlite3 *db, const char *sql, struct input *in) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return;
  if (sqlite3_bind_parameter_count(st) > 0) bind_value(st, in);
  while (sqlite3_step(st) == SQLITE_ROW) {
  }
  sqlite3_finalize(st);
}

static int count(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  int n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* The invariants of the header comment, when the schema is in its usual shape. */
static void check(sqlite3 *db) {
  if (count(db, "SELECT token_triggers()") != 1) return;
  if (count(db, "SELECT count(*) FROM authtoken_token") < 0) return;
  /* the triggers come back at the next call of ours after a move; make one */
  if (count(db, "SELECT token_user('Token x') IS NULL") != 1) return;
  int before = count(db, "SELECT count(*) FROM users");
  sqlite3_exec(db, "INSERT INTO users (username) VALUES ('probe')", NULL, NULL, NULL);
  if (count(db, "SELECT count(*) FROM users") != before + 1) return; /* insert refused */
  if (count(db, "SELECT count(*) FROM users u WHERE (SELECT count(*) FROM authtoken_token t "
                "WHERE t.user_id = u.id) != 1 AND u.id = (SELECT max(id) FROM users)") != 0)
    abort();
  if (count(db, "SELECT count(*) FROM authtoken_token t JOIN users u ON u.id = t.user_id "
                "WHERE coalesce(u.is_active, 1) AND token_user('Token ' || t.key) IS NOT u.id") > 0)
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  sqlite3_auto_extension((void (*)(void))sqlite3_authtoken_init);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) abort();
  sqlite3_exec(db,
               "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, is_active INT "
               "DEFAULT 1); SELECT token_install('users');"
               "INSERT INTO users (username) VALUES ('a'), ('b'), ('c');",
               NULL, NULL, NULL);
  struct input in = {data, size};
  for (int ops = 0; in.n > 0 && ops < 64; ops++) {
    unsigned op = take(&in);
    if (op & 0x80) run(db, moves[op % (sizeof moves / sizeof *moves)], &in);
    else run(db, calls[op % (sizeof calls / sizeof *calls)], &in);
  }
  check(db);
  if (sqlite3_close(db) != SQLITE_OK) abort();
  return 0;
}
