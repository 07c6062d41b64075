/*
** test_hardening.c: what a C program embedding SQLite can do to us (issue 8).
**   - item 12: a tracing logger (sqlite3_trace_v2 with SQLITE_TRACE_PROFILE and
**     SQLITE_TRACE_STMT, printing sqlite3_expanded_sql of every statement, ours included)
**     never sees a key that token_create, token_rotate or token_obtain minted;
**   - item 8: reading authtoken_cache while a function in the same query rebuilds the cache
**     (token_install) answers the row as it was instead of reading a finalized statement;
**     run in a child process, so a crash is a failed check, not a lost program.
** Usage: test_hardening <path to dist/authtoken>.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../check.h"

static const char *ext_path;

static sqlite3 *open_loaded(void) {
  sqlite3 *db = NULL;
  char *err = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
      sqlite3_enable_load_extension(db, 1) != SQLITE_OK ||
      sqlite3_load_extension(db, ext_path, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "load: %s\n", err ? err : sqlite3_errmsg(db));
    exit(2);
  }
  return db;
}

/* Everything the logger saw, one statement text per line. */
static char logged[1 << 16];
static size_t logged_len;

static int logger(unsigned type, void *ctx, void *p, void *x) {
  (void)ctx, (void)x;
  if (type != SQLITE_TRACE_PROFILE && type != SQLITE_TRACE_STMT) return 0;
  char *sql = sqlite3_expanded_sql((sqlite3_stmt *)p);
  if (sql && logged_len + strlen(sql) + 2 < sizeof logged) {
    logged_len += (size_t)snprintf(logged + logged_len, sizeof logged - logged_len, "%s\n", sql);
  }
  sqlite3_free(sql);
  return 0;
}

/* Runs one SELECT of one TEXT value into out (empty on error). */
static void text_of(sqlite3 *db, const char *sql, char *out, size_t size) {
  sqlite3_stmt *st = NULL;
  out[0] = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
      sqlite3_column_text(st, 0)) {
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
}

static void keys_not_traced(void) {
  sqlite3 *db = open_loaded();
  sqlite3_exec(db,
               "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, password TEXT);"
               "SELECT token_install('users'); SELECT token_triggers(0);"
               "INSERT INTO users VALUES (1, 'ada', token_password_hash('pw', 1)), (2, 'bob', '!');",
               NULL, NULL, NULL);
  sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE | SQLITE_TRACE_STMT, logger, NULL);
  static const char *const calls[] = {"SELECT token_create(1)", "SELECT token_rotate(1)",
                                      "SELECT token_rotate(2)", "SELECT token_create(2)",
                                      "SELECT token_obtain('ada', 'pw')"};
  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    char answer[96], name[96], key[64];
    text_of(db, calls[i], answer, sizeof answer);
    const char *json = strstr(answer, "{\"token\":\""); /* token_obtain answers DRF's body */
    snprintf(key, sizeof key, "%.40s", json ? json + 10 : answer);
    snprintf(name, sizeof name, "trace: %s returns a key", calls[i]);
    check(name, strlen(key) == 40, key);
    snprintf(name, sizeof name, "trace: %s's key in no traced statement", calls[i]);
    check(name, key[0] && strstr(logged, key) == NULL, "a traced statement carries it");
  }
  check("trace: the logger saw our statements", strstr(logged, "authtoken_token") != NULL, logged);
  sqlite3_trace_v2(db, 0, NULL, NULL);
  check("trace: close", sqlite3_close(db) == SQLITE_OK, sqlite3_errmsg(db));
}

/* In the child: the cache rebuilt while its row is read. Prints the row; exits 0. */
static int read_cache_while_rebuilt(void) {
  sqlite3 *db = open_loaded();
  char row[512];
  sqlite3_exec(db,
               "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);"
               "SELECT token_install('users'); INSERT INTO users VALUES (1, 'ada');"
               "SELECT token_create(1);",
               NULL, NULL, NULL);
  text_of(db,
          "SELECT name || '|' || token_install('users') || '|' || runs || '|' || sql "
          "FROM authtoken_cache WHERE name = 'user_key'",
          row, sizeof row);
  printf("%s\n", row);
  return sqlite3_close(db) == SQLITE_OK ? 0 : 3;
}

static void cache_read_while_rebuilt(void) {
  int fds[2];
  if (pipe(fds) != 0) exit(2);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    exit(read_cache_while_rebuilt());
  }
  close(fds[1]);
  char out[1024] = {0};
  size_t n = 0;
  ssize_t r;
  while (n < sizeof out - 1 && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0) n += (size_t)r;
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  char detail[1200];
  snprintf(detail, sizeof detail, "status %d, output %s", status, out);
  check("cache: read while token_install rebuilds it, no crash",
        WIFEXITED(status) && WEXITSTATUS(status) == 0, detail);
  check("cache: the row as it was when reached",
        strncmp(out, "user_key|users|1|SELECT u.", 26) == 0, detail);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s <path to dist/authtoken>\n", argv[0]);
    return 2;
  }
  ext_path = argv[1];
  keys_not_traced();
  cache_read_while_rebuilt();
  return check_status();
}
