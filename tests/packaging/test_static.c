/*
** test_static.c: a program linked with SQLite, libsodium and dist/libauthtoken.a (make static)
** that never calls sqlite3_load_extension: authtoken_register(db) on one connection,
** sqlite3_auto_extension for every later one, both as `.load` would leave the connection
** (functions, flags, triggers, a clean sqlite3_close). Usage: test_static VERSION DIR.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../check.h"
#include "authtoken.h"

static const char *SETUP =
    "CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT, is_active INT DEFAULT 1);"
    "SELECT token_install('users');"
    "INSERT INTO users(username) VALUES ('ada'), ('bob');";

static sqlite3 *open_db(const char *path) {
  sqlite3 *db = NULL;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    fprintf(stderr, "open %s: %s\n", path, sqlite3_errmsg(db));
    _exit(2);
  }
  return db;
}

/* The first column of the first row as text, copied into a static buffer; on an error, the
** error message; with no row, "(no row)". */
static const char *scalar(sqlite3 *db, const char *sql) {
  static char out[256];
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(out, sizeof out, "%s", t ? (const char *)t : "(null)");
  } else {
    snprintf(out, sizeof out, "%s", rc == SQLITE_DONE ? "(no row)" : sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  return out;
}

static void check_eq(const char *name, const char *got, const char *want) {
  char detail[400];
  snprintf(detail, sizeof detail, "got '%s', want '%s'", got, want);
  check(name, strcmp(got, want) == 0, detail);
}

static void test_register(const char *version) {
  sqlite3 *db = open_db(":memory:");
  int on = -1; /* as on a device that forbids loading: off for the C API and for SQL */
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &on);
  sqlite3_enable_load_extension(db, 0);
  check("static: extension loading is off on the connection", on == 0, "still on");
  check_eq("static: before registration token_user does not exist",
           scalar(db, "SELECT token_user('x')"), "no such function: token_user");
  check("static: authtoken_register returns SQLITE_OK", authtoken_register(db) == SQLITE_OK,
        sqlite3_errmsg(db));
  check_eq("static: authtoken_version() is the VERSION file",
           scalar(db, "SELECT authtoken_version()"), version);
  check_eq("static: SQL load_extension() is still not authorized",
           scalar(db, "SELECT load_extension('nothing')"), "not authorized");
  check("static: token_install and the trigger issue tokens",
        sqlite3_exec(db, SETUP, NULL, NULL, NULL) == SQLITE_OK &&
            strcmp(scalar(db, "SELECT count(*) FROM authtoken_token"), "2") == 0,
        sqlite3_errmsg(db));
  check_eq("static: token_user finds bob by his key",
           scalar(db, "SELECT token_user('Token ' || key) FROM authtoken_token WHERE user_id = 2"),
           "2");
  check_eq("static: token_auth_error gives DRF's message",
           scalar(db, "SELECT token_auth_error('Token nope')"), "Invalid token.");
  check_eq(
      "static: the key is 40 lowercase hex characters",
      scalar(db,
             "SELECT length(key) = 40 AND key NOT GLOB '*[^0-9a-f]*' FROM authtoken_token LIMIT 1"),
      "1");
  sqlite3_exec(db, "CREATE VIEW v AS SELECT token_new() AS k", NULL, NULL, NULL);
  check_eq("static: writing functions keep SQLITE_DIRECTONLY", scalar(db, "SELECT k FROM v"),
           "unsafe use of token_new()");
  check("static: registering twice succeeds", authtoken_register(db) == SQLITE_OK,
        sqlite3_errmsg(db));
  check_eq("static: functions work after a second registration",
           scalar(db, "SELECT token_user('Token ' || key) FROM authtoken_token WHERE user_id = 1"),
           "1");
  check("static: sqlite3_close is SQLITE_OK", sqlite3_close(db) == SQLITE_OK, "busy");
}

static char logged[256];
static void log_cb(void *arg, int code, const char *msg) {
  (void)arg;
  (void)code;
  snprintf(logged, sizeof logged, "%s", msg);
}

/* A token table whose foreign key names no table: registration fails with the code and
** leaves no function behind; its message goes to SQLite's error log. */
static void test_register_failure(void) {
  sqlite3 *db = open_db(":memory:");
  sqlite3_exec(db,
               "CREATE TABLE authtoken_token(key TEXT PRIMARY KEY, created TEXT, "
               "user_id INTEGER UNIQUE REFERENCES nothere(id))",
               NULL, NULL, NULL);
  int rc = authtoken_register(db);
  check("static failure: authtoken_register returns SQLITE_ERROR", rc == SQLITE_ERROR,
        "other code");
  check_eq("static failure: the error log has the message", logged,
           "authtoken: no users table \"nothere\" (named by authtoken_token's foreign key)");
  check_eq("static failure: no function is left registered",
           scalar(db, "SELECT authtoken_version()"), "no such function: authtoken_version");
  check("static failure: sqlite3_close is SQLITE_OK", sqlite3_close(db) == SQLITE_OK, "busy");
}

/* sqlite3_auto_extension: every connection opened afterwards has the functions, and on a
** file with a token table, its triggers from the start. */
static void test_auto_extension(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/static_auto.db", dir);
  unlink(path);
  check("auto: sqlite3_auto_extension accepts sqlite3_authtoken_init",
        sqlite3_auto_extension((void (*)(void))sqlite3_authtoken_init) == SQLITE_OK, "refused");
  sqlite3 *db = open_db(path);
  check("auto: a new connection has the functions",
        sqlite3_exec(db, SETUP, NULL, NULL, NULL) == SQLITE_OK, sqlite3_errmsg(db));
  check("auto: close is SQLITE_OK", sqlite3_close(db) == SQLITE_OK, "busy");
  db = open_db(path);
  sqlite3_exec(db, "INSERT INTO users(username) VALUES ('cy')", NULL, NULL, NULL);
  check_eq("auto: reopened, the trigger issues cy's token",
           scalar(db, "SELECT token_user('Token ' || key) FROM authtoken_token WHERE user_id = 3"),
           "3");
  check("auto: close is SQLITE_OK after the trigger ran", sqlite3_close(db) == SQLITE_OK, "busy");
  sqlite3_cancel_auto_extension((void (*)(void))sqlite3_authtoken_init);
  db = open_db(path);
  check_eq("auto: cancelled, a new connection has no functions",
           scalar(db, "SELECT authtoken_version()"), "no such function: authtoken_version");
  sqlite3_close(db);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: test_static VERSION DIR\n");
    return 2;
  }
  sqlite3_config(SQLITE_CONFIG_LOG, log_cb, NULL);
  test_register(argv[1]);
  test_register_failure();
  test_auto_extension(argv[2]);
  return check_status();
}
