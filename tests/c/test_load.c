/*
** test_load.c: a C program that loads the library through sqlite3_load_extension and checks
** what only C can see: sqlite3_close() returns SQLITE_OK after every function has run; the
** lookup reuses one cached statement (no prepare per call); a cached statement reached again
** while it runs is never stepped; double loading; read-only and missing-table errors with
** their codes; SQLite's extended result codes passed on exactly; a 1 MiB header. Usage: test_load <path to dist/authtoken>.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include <unistd.h>

static const char *ext_path;

static sqlite3 *open_db(const char *path, int flags) {
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
    fprintf(stderr, "open %s: %s\n", path, sqlite3_errmsg(db));
    exit(2);
  }
  return db;
}

static int load(sqlite3 *db, char **err) {
  sqlite3_enable_load_extension(db, 1);
  return sqlite3_load_extension(db, ext_path, NULL, err);
}

static sqlite3 *open_loaded(const char *path, int flags) {
  sqlite3 *db = open_db(path, flags);
  char *err = NULL;
  if (load(db, &err) != SQLITE_OK) {
    fprintf(stderr, "load: %s\n", err);
    exit(2);
  }
  return db;
}

static int exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* First column of the first row as an integer (or -1 with no row / on error). */
static long long scalar_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  long long v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Runs sql expecting an error; returns the message (static buffer) and sets *code. */
static const char *error_of(sqlite3 *db, const char *sql, int *code) {
  static char msg[512];
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK) {
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  snprintf(msg, sizeof msg, "%s", rc == SQLITE_OK ? "(no error)" : sqlite3_errmsg(db));
  if (code) *code = sqlite3_extended_errcode(db);
  sqlite3_finalize(st);
  return msg;
}

static int count_statements(sqlite3 *db) {
  int n = 0;
  for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st)) n++;
  return n;
}

static const char *SETUP =
    "CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT, is_active INT DEFAULT 1);"
    "SELECT token_install('users');"
    "INSERT INTO users(username) VALUES ('ada'), ('bob'), ('cy');";

static void test_close_after_every_function(void) {
  const char *calls[] = {
      "SELECT token_user('Token x')", "SELECT token_auth_error('Token x')",
      "SELECT token_create(1)", "SELECT token_rotate(1)", "SELECT token_delete(2)",
      "SELECT token_new()", "SELECT token_now()", "SELECT token_install()",
      "SELECT token_triggers(0)", "SELECT token_triggers(1)", "SELECT authtoken_version()",
      "SELECT * FROM authtoken_cache", "INSERT INTO users(username) VALUES ('new')",
      "DELETE FROM users WHERE id = 1"};
  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    sqlite3 *db = open_loaded(":memory:", SQLITE_OPEN_READWRITE);
    exec(db, SETUP);
    exec(db, "SELECT token_user('Token ' || key) FROM authtoken_token");
    int rc = exec(db, calls[i]);
    char name[160];
    snprintf(name, sizeof name, "close: sqlite3_close() is SQLITE_OK after %s", calls[i]);
    int close_rc = sqlite3_close(db);
    char detail[160];
    snprintf(detail, sizeof detail, "call rc %d, close rc %d", rc, close_rc);
    check(name, rc == SQLITE_OK && close_rc == SQLITE_OK, detail);
  }
}

static void test_cache_reuse(void) {
  sqlite3 *db = open_loaded(":memory:", SQLITE_OPEN_READWRITE);
  exec(db, SETUP);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT token_user('Token ' || ?1)", -1, &st, NULL);
  sqlite3_bind_text(st, 1, "nope", -1, SQLITE_STATIC);
  sqlite3_step(st);
  sqlite3_reset(st);
  int before = count_statements(db);
  long long runs_before = scalar_int(db, "SELECT runs FROM authtoken_cache WHERE name = 'lookup'");
  long long reprepares = 0;
  for (int i = 0; i < 1000; i++) {
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  int after = count_statements(db);
  long long runs_after = scalar_int(db, "SELECT runs FROM authtoken_cache WHERE name = 'lookup'");
  char detail[160];
  snprintf(detail, sizeof detail, "statements %d -> %d, lookup runs %lld -> %lld", before, after,
           runs_before, runs_after);
  check("cache: 1000 lookups run one cached statement, prepare nothing",
        before == after && runs_after - runs_before == 1000, detail);
  (void)reprepares;
  sqlite3_finalize(st);
  check("cache: close is SQLITE_OK with a filled cache", sqlite3_close(db) == SQLITE_OK, "busy");
}

static void test_reentrant_statement(void) {
  sqlite3 *db = open_loaded(":memory:", SQLITE_OPEN_READWRITE);
  exec(db, SETUP);
  exec(db, "SELECT token_triggers(0); DELETE FROM authtoken_token;");
  /* Inserting user 1's token fires a trigger that creates user 2's: the cached INSERT is
  ** running when token_create is reached again. */
  exec(db, "CREATE TEMP TRIGGER chain AFTER INSERT ON authtoken_token WHEN NEW.user_id = 1 "
           "BEGIN SELECT token_create(2); END");
  int rc = exec(db, "SELECT token_create(1)");
  long long n = scalar_int(db, "SELECT count(*) FROM authtoken_token WHERE user_id IN (1, 2)");
  char detail[120];
  snprintf(detail, sizeof detail, "rc %d (%s), tokens %lld", rc, sqlite3_errmsg(db), n);
  check("reentry: a busy cached statement is not stepped; both tokens made", rc == SQLITE_OK && n == 2,
        detail);
  exec(db, "DROP TRIGGER chain");
  exec(db, "CREATE TEMP TRIGGER chain AFTER UPDATE ON authtoken_token WHEN NEW.user_id = 1 "
           "BEGIN SELECT token_rotate(2); END");
  rc = exec(db, "SELECT token_rotate(1)");
  check("reentry: rotate inside rotate", rc == SQLITE_OK, sqlite3_errmsg(db));
  check("reentry: close is SQLITE_OK", sqlite3_close(db) == SQLITE_OK, "busy");
}

static void test_double_load(void) {
  sqlite3 *db = open_loaded(":memory:", SQLITE_OPEN_READWRITE);
  exec(db, SETUP);
  exec(db, "SELECT token_user('Token x')");
  char *err = NULL;
  int rc = load(db, &err);
  check("reload: loading twice succeeds", rc == SQLITE_OK, err);
  sqlite3_free(err);
  long long u = scalar_int(db, "SELECT token_user('Token ' || key) FROM authtoken_token WHERE user_id = 2");
  check("reload: functions work after a second load", u == 2, "wrong user");
  exec(db, "INSERT INTO users(username) VALUES ('dee')");
  check("reload: trigger still issues tokens",
        scalar_int(db, "SELECT count(*) FROM authtoken_token WHERE user_id = 4") == 1, "no token");
  check("reload: close is SQLITE_OK", sqlite3_close(db) == SQLITE_OK, "busy");
}

static void test_big_header(void) {
  sqlite3 *db = open_loaded(":memory:", SQLITE_OPEN_READWRITE);
  exec(db, SETUP);
  size_t n = 1 << 20;
  char *h = malloc(n);
  memcpy(h, "Token ", 6);
  memset(h + 6, 'a', n - 6);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT token_user(?1), token_auth_error(?1)", -1, &st, NULL);
  sqlite3_bind_text(st, 1, h, (int)n, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  check("input: 1 MiB header gives NULL and Invalid token.",
        rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_NULL &&
            strcmp((const char *)sqlite3_column_text(st, 1), "Invalid token.") == 0,
        sqlite3_errmsg(db));
  sqlite3_finalize(st);
  free(h);
  sqlite3_close(db);
}

static void test_readonly_and_missing(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/readonly.db", dir);
  unlink(path);
  sqlite3 *db = open_loaded(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  exec(db, SETUP);
  sqlite3_close(db);
  db = open_loaded(path, SQLITE_OPEN_READONLY);
  long long u = scalar_int(db, "SELECT token_user('Token ' || key) FROM authtoken_token WHERE user_id = 3");
  check("readonly: token_user answers on a read-only database", u == 3, sqlite3_errmsg(db));
  int code = 0;
  const char *msg = error_of(db, "SELECT token_rotate(3)", &code);
  check("readonly: token_rotate fails with SQLITE_READONLY and a clear message",
        (code & 0xff) == SQLITE_READONLY &&
            strcmp(msg, "token_rotate: attempt to write a readonly database") == 0,
        msg);
  msg = error_of(db, "SELECT token_create(99)", &code);
  check("readonly: no user is reported before any write", strcmp(msg, "token_create: no user with id 99") == 0, msg);
  check("readonly: close is SQLITE_OK", sqlite3_close(db) == SQLITE_OK, "busy");

  db = open_loaded(":memory:", SQLITE_OPEN_READWRITE);
  msg = error_of(db, "SELECT token_user('Token abc')", &code);
  check("missing: token_user without a token table",
        strcmp(msg, "token_user: no token table; run SELECT token_install()") == 0, msg);
  check("missing: token_user with a header that is not ours needs no table",
        scalar_int(db, "SELECT token_user('Basic abc') IS NULL") == 1, "not NULL");
  msg = error_of(db, "SELECT token_install()", &code);
  check("missing: token_install without a users table", strcmp(msg, "token_install: no table named users") == 0, msg);
  sqlite3_close(db);
}

/* SQLite's result codes pass through unchanged: a caller with extended codes on gets
** SQLite's exact extended code (not SQLITE_ERROR), one with them off the primary code. */
static void test_result_codes(const char *dir) {
  static const char *LOG_TRIGGER =
      "CREATE TABLE rotations(n UNIQUE);"
      "CREATE TRIGGER log AFTER UPDATE ON authtoken_token BEGIN INSERT INTO rotations VALUES (1); END;";
  for (int extended = 0; extended <= 1; extended++) {
    char path[512], moved[520], name[160];
    snprintf(path, sizeof path, "%s/codes%d.db", dir, extended);
    snprintf(moved, sizeof moved, "%s.moved", path);
    unlink(path);
    unlink(moved);
    sqlite3 *db = open_loaded(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3_extended_result_codes(db, extended);
    exec(db, SETUP);
    exec(db, LOG_TRIGGER);
    exec(db, "SELECT token_rotate(1)");
    int code = 0;
    const char *msg = error_of(db, "SELECT token_rotate(1)", &code);
    int want = extended ? SQLITE_CONSTRAINT_UNIQUE : SQLITE_CONSTRAINT;
    snprintf(name, sizeof name, "codes: a UNIQUE failure inside token_rotate is %s",
             extended ? "SQLITE_CONSTRAINT_UNIQUE (extended codes on)" : "SQLITE_CONSTRAINT");
    char detail[600];
    snprintf(detail, sizeof detail, "code %d, want %d: %s", code, want, msg);
    check(name, code == want && sqlite3_errcode(db) == want &&
                    strcmp(msg, "token_rotate: UNIQUE constraint failed: rotations.n") == 0,
          detail);
    rename(path, moved); /* the file this connection opened is gone: SQLite refuses writes */
    msg = error_of(db, "SELECT token_rotate(2)", &code);
    want = extended ? SQLITE_READONLY_DBMOVED : SQLITE_READONLY;
    snprintf(name, sizeof name, "codes: a write after the file moved is %s",
             extended ? "SQLITE_READONLY_DBMOVED (extended codes on)" : "SQLITE_READONLY");
    snprintf(detail, sizeof detail, "code %d, want %d: %s", code, want, msg);
    check(name, code == want && sqlite3_errcode(db) == want, detail);
    sqlite3_close(db);
    unlink(moved);
  }
}

/* A connection that never loaded the extension can open an installed database and insert
** users: nothing stored in the file needs the extension. */
static void test_plain_connection(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/plain.db", dir);
  unlink(path);
  sqlite3 *db = open_loaded(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  exec(db, SETUP);
  sqlite3_close(db);
  db = open_db(path, SQLITE_OPEN_READWRITE);
  exec(db, "PRAGMA foreign_keys = ON");
  int rc = exec(db, "INSERT INTO users(username) VALUES ('plain')");
  check("plain: a connection without the extension inserts users", rc == SQLITE_OK, sqlite3_errmsg(db));
  check("plain: the file holds no trigger or view of ours",
        scalar_int(db, "SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', 'view')") == 0, "found");
  sqlite3_close(db);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s path/to/dist/authtoken\n", argv[0]);
    return 2;
  }
  ext_path = argv[1];
  const char *dir = getenv("TMPDIR_TESTS") ? getenv("TMPDIR_TESTS") : "tests/tmp";
  test_close_after_every_function();
  test_cache_reuse();
  test_reentrant_statement();
  test_double_load();
  test_big_header();
  test_readonly_and_missing(dir);
  test_plain_connection(dir);
  test_result_codes(dir);
  return check_status();
}
