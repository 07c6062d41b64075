/*
** bench.c: the C side of `make bench` (issue 4). Both sides of every comparison run in this
** one process, on one connection, with statements prepared once and reused; A and B batches
** alternate (AB, BA, AB, ...) and each figure is a median over the rounds; the ratio is the
** median of the per-round ratios A/B (pair by pair).
**
**   bench [options] gen DB TOKENS FREE   build a Django-shaped database: auth_user with
**                                        TOKENS users holding a token + FREE users without
**   bench [options] lookup DB            token_user(?) vs the bare DRF join (item 1)
**   bench [options] create DB            token_create vs a bare INSERT (item 2)
**   bench [options] insert DIR           100k users, trigger on vs off (item 3)
**   bench [options] memory DB            RSS after 1k / many token_user calls, cost per
**                                        connection of loading the extension (item 6)
**   bench [options] callgrind DB         fixed loops for `valgrind --tool=callgrind`
**   bench [options] knoxprobe            exit 0 if the library has the knox scheme, else 3
**   bench [options] knoxgen DB TOKENS FREE   the same users, knox_authtoken (issue 10) with
**                                        one token per user 1..TOKENS (knox_bench_token)
**   bench [options] knoxlookup DB        knox-scheme token_user vs the bare statement with
**                                        the digest computed in the client
**   bench [options] knoxcreate DB        knox-scheme token_create vs a bare INSERT of a
**                                        precomputed row
**
** Options: -e EXT (default dist/authtoken) -r ROUNDS -n CALLS (per batch in a transaction)
**          -a CALLS (per batch in autocommit) -m MEMCALLS -u USERS (insert) -c CONNECTIONS.
** Output: one tab-separated record per figure on stdout (bench/report.py formats them):
**   R section tokens mode case a_ns b_ns ratio     (per-call medians)
**   V section tokens mode case value unit          (single values)
**   I key value                                    (machine and versions)
** Progress goes to stderr. Any wrong answer (a valid key not found, ...) aborts with exit 1.
*/
#define _POSIX_C_SOURCE 200809L
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define KEYS_MAX 8192    /* keys sampled per database, cycled through by each batch */
#define HEADER_MAX 64

static struct options {
  const char *ext;
  int rounds;
  int calls_txn;
  int calls_auto;
  long long mem_calls;
  int insert_users;
  int connections;
} opt = {"dist/authtoken", 9, 20000, 4000, 10000000, 100000, 200};

static void die(const char *what, sqlite3 *db) {
  fprintf(stderr, "bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
  exit(1);
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void exec(sqlite3 *db, const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "bench: %s: %s\n", sql, err ? err : "?");
    exit(1);
  }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
    die(sql, db);
  }
  return st;
}

/* First column of a one-row query as an integer. */
static long long scalar(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = prepare(db, sql);
  if (sqlite3_step(st) != SQLITE_ROW) die(sql, db);
  long long v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

static sqlite3 *open_db(const char *path, int load) {
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    die(path, db);
  }
  if (load) {
    char *err = NULL;
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, NULL);
    if (sqlite3_load_extension(db, opt.ext, NULL, &err) != SQLITE_OK) {
      fprintf(stderr, "bench: load %s: %s\n", opt.ext, err ? err : "?");
      exit(1);
    }
  }
  return db;
}

static void close_db(sqlite3 *db) {
  int rc = sqlite3_close(db);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "bench: sqlite3_close returned %d (%s)\n", rc, sqlite3_errstr(rc));
    exit(1);
  }
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- side-by-side comparison -------------------------------------------------------- */

/* Runs n operations of one side and returns nanoseconds per operation. */
typedef double (*batch_fn)(void *side, int n);

struct pair {
  batch_fn a, b;
  void *side_a, *side_b;
};

/* Alternates A and B over opt.rounds rounds (after one warm-up of each) and prints one R
** record: median A, median B, median of the per-round ratios. Returns that ratio. */
static double compare(const struct pair *p, int n, const char *section, long long tokens,
                      const char *mode, const char *name) {
  double a[64], b[64], ratio[64];
  int rounds = opt.rounds < 64 ? opt.rounds : 64;
  p->a(p->side_a, n);
  p->b(p->side_b, n);
  for (int r = 0; r < rounds; r++) {
    if (r % 2 == 0) {
      a[r] = p->a(p->side_a, n);
      b[r] = p->b(p->side_b, n);
    } else {
      b[r] = p->b(p->side_b, n);
      a[r] = p->a(p->side_a, n);
    }
    ratio[r] = a[r] / b[r];
  }
  double ma = median(a, rounds), mb = median(b, rounds), mr = median(ratio, rounds);
  printf("R\t%s\t%lld\t%s\t%s\t%.1f\t%.1f\t%.4f\n", section, tokens, mode, name, ma, mb, mr);
  fflush(stdout);
  fprintf(stderr, "  %-8s %8lld %-10s %-8s A %10.1f ns  B %10.1f ns  ratio %.3f\n", section,
          tokens, mode, name, ma, mb, mr);
  return mr;
}

/* ---- gen: a Django-shaped database ---------------------------------------------------- */

static const char *const AUTH_USER_DDL =
    "CREATE TABLE \"auth_user\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
    "\"password\" varchar(128) NOT NULL, \"last_login\" datetime NULL, \"is_superuser\" bool NOT "
    "NULL, \"username\" varchar(150) NOT NULL UNIQUE, \"last_name\" varchar(150) NOT NULL, "
    "\"email\" varchar(254) NOT NULL, \"is_staff\" bool NOT NULL, \"is_active\" bool NOT NULL, "
    "\"date_joined\" datetime NOT NULL, \"first_name\" varchar(150) NOT NULL)";

static const char *const USER_COLUMNS =
    "INSERT INTO auth_user (password, last_login, is_superuser, username, last_name, email, "
    "is_staff, is_active, date_joined, first_name) ";

/* Creates auth_user (Django's DDL) and authtoken_token (token_install, DRF's DDL). */
static void create_schema(sqlite3 *db) {
  exec(db, AUTH_USER_DDL);
  exec(db, "SELECT token_install('auth_user')");
}

static int cmd_gen(const char *path, long long tokens, long long free_users) {
  char tmp[4096], sql[1024];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  unlink(tmp);
  sqlite3 *db = open_db(tmp, 1);
  exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144");
  create_schema(db);
  exec(db, "SELECT token_triggers(0); BEGIN");
  snprintf(sql, sizeof sql,
           "%s WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < %lld) "
           "SELECT 'pbkdf2_sha256$260000$benchsalt$unusable', NULL, 0, 'user' || i, '', "
           "'user' || i || '@example.com', 0, 1, '2024-01-01 00:00:00', '' FROM c",
           USER_COLUMNS, tokens + free_users);
  exec(db, sql);
  snprintf(sql, sizeof sql,
           "INSERT INTO authtoken_token (key, created, user_id) "
           "SELECT token_new(), token_now(), id FROM auth_user WHERE id <= %lld ORDER BY id",
           tokens);
  exec(db, sql);
  exec(db, "COMMIT; PRAGMA journal_mode=DELETE");
  close_db(db);
  if (rename(tmp, path) != 0) die("rename", NULL);
  return 0;
}

/* ---- lookups (item 1) ---------------------------------------------------------------- */

/* One side of a lookup comparison: a statement and the arguments it cycles through. */
struct lookup_side {
  sqlite3_stmt *st;
  char (*args)[HEADER_MAX];
  int *lens;
  int count, next;
  int expect_user; /* 1: every call must find an active user */
  int is_function; /* 1: SELECT token_user(?) (one column, NULL = no user) */
  long long sink;
};

/* Steps a bound lookup once and resets it: SELECT token_user(?) (is_function: one column,
** NULL = no user) or a bare statement (id, is_active). Dies unless it found an active user
** exactly when expect_user; returns the id read, for the caller's sink. */
static long long step_lookup(sqlite3_stmt *st, int is_function, int expect_user,
                             const char *what) {
  int rc = sqlite3_step(st), found = 0;
  long long id = 0;
  if (rc == SQLITE_ROW) {
    found = is_function ? sqlite3_column_type(st, 0) != SQLITE_NULL
                        : sqlite3_column_int(st, 1) != 0;
    id = sqlite3_column_int64(st, 0);
  } else if (rc != SQLITE_DONE) {
    fprintf(stderr, "%s: ", what);
    die("step", sqlite3_db_handle(st));
  }
  sqlite3_reset(st);
  if (found != expect_user) {
    fprintf(stderr, "%s: ", what);
    die("gave the wrong answer", NULL);
  }
  return id;
}

/* The lookup loop shared by both sides; returns ns per call. */
static double run_lookup(void *p, int n) {
  struct lookup_side *s = p;
  double t0 = now_ns();
  for (int i = 0; i < n; i++) {
    int j = s->next;
    s->next = j + 1 == s->count ? 0 : j + 1;
    sqlite3_bind_text(s->st, 1, s->args[j], s->lens[j], SQLITE_STATIC);
    s->sink += step_lookup(s->st, s->is_function, s->expect_user, "lookup");
  }
  return (now_ns() - t0) / n;
}

/* The keys to look up: valid ones sampled at random from the table, or random ones. */
struct keyset {
  char keys[KEYS_MAX][HEADER_MAX];
  char headers[KEYS_MAX][HEADER_MAX];
  int key_lens[KEYS_MAX], header_lens[KEYS_MAX];
  int count;
};

static void keyset_add(struct keyset *k, const char *key) {
  int i = k->count++;
  k->key_lens[i] = snprintf(k->keys[i], HEADER_MAX, "%s", key);
  k->header_lens[i] = snprintf(k->headers[i], HEADER_MAX, "Token %s", key);
}

static void sample_valid(sqlite3 *db, struct keyset *k) {
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT key FROM authtoken_token ORDER BY random() LIMIT %d",
           KEYS_MAX);
  sqlite3_stmt *st = prepare(db, sql);
  k->count = 0;
  while (sqlite3_step(st) == SQLITE_ROW) keyset_add(k, (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
}

static void sample_invalid(struct keyset *k, int count) {
  static const char hex[] = "0123456789abcdef";
  unsigned long long x = 0x9e3779b97f4a7c15ULL;
  char key[41];
  k->count = 0;
  for (int i = 0; i < count; i++) {
    for (int j = 0; j < 40; j++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      key[j] = hex[x & 15];
    }
    key[40] = 0;
    keyset_add(k, key);
  }
}

static const char *const BARE_LOOKUP =
    "SELECT t.user_id, u.is_active FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id "
    "WHERE t.key = ?";

/* Fills the two sides of a lookup comparison for the given keys. */
static void lookup_sides(struct lookup_side *a, struct lookup_side *b, sqlite3_stmt *fn,
                         sqlite3_stmt *bare, struct keyset *k, int valid) {
  *a = (struct lookup_side){fn, k->headers, k->header_lens, k->count, 0, valid, 1, 0};
  *b = (struct lookup_side){bare, k->keys, k->key_lens, k->count, 0, valid, 0, 0};
}

/* Reads every page of both tables and the key index into the page cache. */
static void warm_cache(sqlite3 *db) {
  scalar(db, "SELECT count(*) FROM auth_user WHERE length(password) >= 0");
  scalar(db, "SELECT count(*) FROM authtoken_token WHERE length(created) >= 0");
  scalar(db, "SELECT count(*) FROM authtoken_token WHERE key >= ''");
}

static long long db_tokens(sqlite3 *db) {
  return scalar(db, "SELECT max(rowid) FROM authtoken_token");
}

/* The floor: SELECT bench_floor(?1), a C function that skips "Token " and runs the bare
** statement nested, as token_user does, with nothing else. What the outer SELECT f(?) costs. */
static void floor_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_stmt *st = sqlite3_user_data(ctx);
  const char *h = sqlite3_value_blob(argv[0]);
  int n = sqlite3_value_bytes(argv[0]);
  if (n <= 6) return;
  sqlite3_bind_text(st, 1, h + 6, n - 6, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 1)) {
    sqlite3_result_int64(ctx, sqlite3_column_int64(st, 0));
  }
  sqlite3_reset(st);
}

static sqlite3_stmt *register_floor(sqlite3 *db) {
  sqlite3_stmt *inner = prepare(db, BARE_LOOKUP);
  if (sqlite3_create_function(db, "bench_floor", 1, SQLITE_UTF8, inner, floor_fn, NULL, NULL) !=
      SQLITE_OK) {
    die("bench_floor", db);
  }
  return inner;
}

/* Runs valid and invalid lookups in one mode. */
static void lookup_mode(sqlite3 *db, struct keyset *valid, struct keyset *invalid,
                        const char *mode, int calls) {
  sqlite3_stmt *fn = prepare(db, "SELECT token_user(?1)");
  sqlite3_stmt *bare = prepare(db, BARE_LOOKUP);
  sqlite3_stmt *floor = prepare(db, "SELECT bench_floor(?1)");
  long long tokens = db_tokens(db);
  struct lookup_side a, b;
  int in_txn = strcmp(mode, "autocommit") != 0;
  if (in_txn) exec(db, "BEGIN");
  if (strcmp(mode, "hot") == 0) warm_cache(db);
  lookup_sides(&a, &b, fn, bare, valid, 1);
  compare(&(struct pair){run_lookup, run_lookup, &a, &b}, calls, "lookup", tokens, mode, "valid");
  lookup_sides(&a, &b, floor, bare, valid, 1);
  compare(&(struct pair){run_lookup, run_lookup, &a, &b}, calls, "floor", tokens, mode, "valid");
  lookup_sides(&a, &b, fn, bare, invalid, 0);
  compare(&(struct pair){run_lookup, run_lookup, &a, &b}, calls, "lookup", tokens, mode,
          "invalid");
  lookup_sides(&a, &b, floor, bare, invalid, 0);
  compare(&(struct pair){run_lookup, run_lookup, &a, &b}, calls, "floor", tokens, mode,
          "invalid");
  if (in_txn) exec(db, "COMMIT");
  sqlite3_finalize(fn);
  sqlite3_finalize(floor);
  sqlite3_finalize(bare);
}

static int cmd_lookup(const char *path) {
  static struct keyset valid, invalid;
  sqlite3 *db = open_db(path, 1);
  sample_valid(db, &valid);
  sample_invalid(&invalid, valid.count);
  sqlite3_stmt *floor_inner = register_floor(db);
  lookup_mode(db, &valid, &invalid, "autocommit", opt.calls_auto);
  lookup_mode(db, &valid, &invalid, "txn", opt.calls_txn);
  long long pages = scalar(db, "PRAGMA page_count");
  long long size = pages * scalar(db, "PRAGMA page_size");
  char sql[128];
  snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", pages + 1000);
  exec(db, sql);
  lookup_mode(db, &valid, &invalid, "hot", opt.calls_txn);
  printf("V\tdbsize\t%lld\t-\t-\t%lld\tbytes\n", db_tokens(db), size);
  sqlite3_finalize(floor_inner);
  close_db(db);
  return 0;
}

/* ---- token_create vs INSERT (item 2) ------------------------------------------------------- */

/* One side: n users without a token, each given one inside a transaction rolled back after. */
struct create_side {
  sqlite3 *db;
  sqlite3_stmt *st;
  long long first_user; /* users first_user.. have no token */
  int is_function;
  struct keyset *keys; /* precomputed keys for the bare INSERT */
};

static double run_create(void *p, int n) {
  struct create_side *s = p;
  exec(s->db, "BEGIN");
  double t0 = now_ns();
  for (int i = 0; i < n; i++) {
    if (s->is_function) {
      sqlite3_bind_int64(s->st, 1, s->first_user + i);
    } else {
      int k = i % s->keys->count;
      sqlite3_bind_text(s->st, 1, s->keys->keys[k], s->keys->key_lens[k], SQLITE_STATIC);
      sqlite3_bind_text(s->st, 2, "2024-06-01 12:00:00.123456", 26, SQLITE_STATIC);
      sqlite3_bind_int64(s->st, 3, s->first_user + i);
    }
    int rc = sqlite3_step(s->st);
    if (rc != (s->is_function ? SQLITE_ROW : SQLITE_DONE)) die("create step", s->db);
    sqlite3_reset(s->st);
  }
  double t = (now_ns() - t0) / n;
  exec(s->db, "ROLLBACK");
  return t;
}

static int cmd_create(const char *path) {
  static struct keyset keys;
  sqlite3 *db = open_db(path, 1);
  long long tokens = db_tokens(db);
  long long free_users = scalar(db, "SELECT max(id) FROM auth_user") - tokens;
  int n = free_users < 2000 ? (int)free_users : 2000;
  /* Fresh keys: the INSERT side must not collide with existing keys (random, 160 bits). */
  sample_invalid(&keys, n < KEYS_MAX ? n : KEYS_MAX);
  struct create_side a = {db, prepare(db, "SELECT token_create(?1)"), tokens + 1, 1, NULL};
  struct create_side b = {db,
                          prepare(db, "INSERT INTO authtoken_token (key, created, user_id) "
                                      "VALUES (?1, ?2, ?3)"),
                          tokens + 1, 0, &keys};
  compare(&(struct pair){run_create, run_create, &a, &b}, n, "create", tokens, "txn", "new");
  /* Again with one database file attached: the guard then reads its schema_version per call
  ** (ext/sqlite/guard.c). The attached file is a fresh one with one table. */
  char *attached = sqlite3_mprintf("%s.attached.db", path);
  remove(attached);
  char *attach = sqlite3_mprintf("ATTACH %Q AS bench_extra; CREATE TABLE bench_extra.t (a);",
                                 attached);
  exec(db, attach);
  compare(&(struct pair){run_create, run_create, &a, &b}, n, "create", tokens, "txn", "attached");
  exec(db, "DETACH bench_extra");
  remove(attached);
  sqlite3_free(attach);
  sqlite3_free(attached);
  sqlite3_finalize(a.st);
  sqlite3_finalize(b.st);
  close_db(db);
  return 0;
}

/* ---- inserting users, trigger on vs off (item 3) ------------------------------------------ */

enum insert_mode { INSERT_USERS_ONLY, INSERT_WITH_TRIGGER, INSERT_TWO_BARE };

struct insert_side {
  const char *dir;
  enum insert_mode mode;
  int memory_temp; /* PRAGMA temp_store = MEMORY: statement journals never touch a file */
};

/* n random 40-hex keys, made before the clock starts (the floor's INSERT binds them). */
static char *precomputed_keys(int n) {
  char *keys = malloc((size_t)n * 41);
  if (keys == NULL) die("out of memory", NULL);
  unsigned long long x = 0x9e3779b97f4a7c15ULL ^ (unsigned long long)now_ns();
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < 40; j++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      keys[i * 41 + j] = "0123456789abcdef"[x & 15];
    }
    keys[i * 41 + 40] = 0;
  }
  return keys;
}

/* Inserts n users into a fresh database in one transaction; returns ns per user. */
static double run_insert(void *p, int n) {
  struct insert_side *s = p;
  char path[4096], sql[512];
  snprintf(path, sizeof path, "%s/insert-bench.db", s->dir);
  unlink(path);
  sqlite3 *db = open_db(path, 1);
  create_schema(db);
  if (s->memory_temp) exec(db, "PRAGMA temp_store = MEMORY");
  exec(db, s->mode == INSERT_WITH_TRIGGER ? "SELECT token_triggers(1)" : "SELECT token_triggers(0)");
  snprintf(sql, sizeof sql, "%s VALUES ('!', NULL, 0, ?1, '', '', 0, 1, '2024-01-01', '')",
           USER_COLUMNS);
  sqlite3_stmt *st = prepare(db, sql);
  sqlite3_stmt *token = prepare(db, "INSERT INTO authtoken_token (key, created, user_id) "
                                    "VALUES (?1, '2024-01-01 00:00:00.000001', ?2)");
  char *keys = s->mode == INSERT_TWO_BARE ? precomputed_keys(n) : NULL;
  char name[32];
  double t0 = now_ns();
  exec(db, "BEGIN");
  for (int i = 0; i < n; i++) {
    int len = snprintf(name, sizeof name, "user%d", i);
    sqlite3_bind_text(st, 1, name, len, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) die("insert user", db);
    sqlite3_reset(st);
    if (keys == NULL) continue;
    sqlite3_bind_text(token, 1, keys + i * 41, 40, SQLITE_STATIC);
    sqlite3_bind_int64(token, 2, sqlite3_last_insert_rowid(db));
    if (sqlite3_step(token) != SQLITE_DONE) die("insert token", db);
    sqlite3_reset(token);
  }
  exec(db, "COMMIT");
  double t = (now_ns() - t0) / n;
  if (scalar(db, "SELECT count(*) FROM authtoken_token") != (s->mode == INSERT_USERS_ONLY ? 0 : n)) {
    die("the wrong number of tokens", NULL);
  }
  free(keys);
  sqlite3_finalize(token);
  sqlite3_finalize(st);
  close_db(db);
  unlink(path);
  return t;
}

static int cmd_insert(const char *dir) {
  struct insert_side on = {dir, INSERT_WITH_TRIGGER, 0}, off = {dir, INSERT_USERS_ONLY, 0},
                     floor = {dir, INSERT_TWO_BARE, 0}, on_mem = {dir, INSERT_WITH_TRIGGER, 1},
                     off_mem = {dir, INSERT_USERS_ONLY, 1}, floor_mem = {dir, INSERT_TWO_BARE, 1};
  int saved = opt.rounds;
  opt.rounds = opt.rounds < 5 ? opt.rounds : 5;
  compare(&(struct pair){run_insert, run_insert, &on, &off}, opt.insert_users, "insert",
          opt.insert_users, "txn", "users");
  /* The floor: the same users plus a bare INSERT of a precomputed key for each. */
  compare(&(struct pair){run_insert, run_insert, &on, &floor}, opt.insert_users, "insert",
          opt.insert_users, "txn", "floor");
  /* A statement that fires a trigger needs a statement journal; under SQLite's default
  ** temp_store it spills to a temporary file. The same pairs with temp_store = MEMORY: */
  compare(&(struct pair){run_insert, run_insert, &on_mem, &off_mem}, opt.insert_users, "insert",
          opt.insert_users, "txn-memtemp", "users");
  compare(&(struct pair){run_insert, run_insert, &on_mem, &floor_mem}, opt.insert_users,
          "insert", opt.insert_users, "txn-memtemp", "floor");
  opt.rounds = saved;
  return 0;
}

/* ---- memory (item 6) ------------------------------------------------------------------- */

static long long rss_bytes(void) {
  long long size = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f == NULL || fscanf(f, "%lld %lld", &size, &resident) != 2) die("/proc/self/statm", NULL);
  fclose(f);
  return resident * sysconf(_SC_PAGESIZE);
}

static void value(const char *section, long long tokens, const char *name, double v,
                  const char *unit) {
  printf("V\t%s\t%lld\t-\t%s\t%.1f\t%s\n", section, tokens, name, v, unit);
  fflush(stdout);
  fprintf(stderr, "  %-8s %8lld %-28s %14.1f %s\n", section, tokens, name, v, unit);
}

/* Calls token_user `calls` times, alternating valid and invalid headers. */
static void call_many(sqlite3_stmt *fn, struct keyset *valid, struct keyset *invalid,
                      long long calls) {
  struct lookup_side a, b;
  lookup_sides(&a, &b, fn, fn, valid, 1);
  struct lookup_side c = a;
  c.args = invalid->headers, c.lens = invalid->header_lens, c.count = invalid->count;
  c.expect_user = 0;
  for (long long done = 0; done < calls; done += 1000) {
    run_lookup(&a, 500);
    run_lookup(&c, 500);
  }
}

/* RSS and SQLite's heap after 1k and after opt.mem_calls token_user calls. */
static void memory_growth(const char *path) {
  static struct keyset valid, invalid;
  sqlite3 *db = open_db(path, 1);
  long long tokens = db_tokens(db);
  sample_valid(db, &valid);
  sample_invalid(&invalid, valid.count);
  sqlite3_stmt *fn = prepare(db, "SELECT token_user(?1)");
  exec(db, "BEGIN");
  call_many(fn, &valid, &invalid, 1000);
  long long rss1 = rss_bytes(), heap1 = sqlite3_memory_used();
  call_many(fn, &valid, &invalid, opt.mem_calls - 1000);
  long long rss2 = rss_bytes(), heap2 = sqlite3_memory_used();
  exec(db, "COMMIT");
  value("memory", tokens, "rss_after_1k", (double)rss1 / 1024, "KiB");
  value("memory", tokens, "rss_after_many", (double)rss2 / 1024, "KiB");
  value("memory", tokens, "heap_after_1k", (double)heap1 / 1024, "KiB");
  value("memory", tokens, "heap_after_many", (double)heap2 / 1024, "KiB");
  value("memory", tokens, "calls", (double)opt.mem_calls, "calls");
  sqlite3_finalize(fn);
  close_db(db);
}

/* Opens opt.connections connections (loading the extension and running one lookup on each,
** or not); returns the growth of SQLite's heap (or of RSS) per connection. */
static void open_many(const char *path, int load, const char *header, double *heap,
                      double *rss) {
  int n = opt.connections;
  sqlite3 **dbs = calloc((size_t)n, sizeof *dbs);
  long long heap0 = sqlite3_memory_used(), rss0 = rss_bytes();
  for (int i = 0; i < n; i++) {
    dbs[i] = open_db(path, load);
    scalar(dbs[i], load ? "SELECT count(*) FROM auth_user WHERE id = 1" : "SELECT 1");
    if (load) {
      sqlite3_stmt *st = prepare(dbs[i], "SELECT token_user(?1)");
      sqlite3_bind_text(st, 1, header, -1, SQLITE_STATIC);
      if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL) {
        die("token_user on a fresh connection", dbs[i]);
      }
      sqlite3_finalize(st);
    } else {
      scalar(dbs[i], "SELECT count(*) FROM auth_user WHERE id = 1");
    }
  }
  *heap = (double)(sqlite3_memory_used() - heap0) / n;
  *rss = (double)(rss_bytes() - rss0) / n;
  for (int i = 0; i < n; i++) close_db(dbs[i]); /* every close must return SQLITE_OK */
  free(dbs);
}

static int cmd_memory(const char *path) {
  memory_growth(path);
  sqlite3 *db = open_db(path, 0);
  long long tokens = db_tokens(db);
  char header[HEADER_MAX];
  sqlite3_stmt *st = prepare(db, "SELECT 'Token ' || key FROM authtoken_token LIMIT 1");
  if (sqlite3_step(st) != SQLITE_ROW) die("a key", db);
  snprintf(header, sizeof header, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  close_db(db);
  double heap_plain, rss_plain, heap_loaded, rss_loaded;
  open_many(path, 0, header, &heap_plain, &rss_plain); /* warm the allocator first */
  open_many(path, 0, header, &heap_plain, &rss_plain);
  open_many(path, 1, header, &heap_loaded, &rss_loaded);
  value("conn", tokens, "heap_plain", heap_plain / 1024, "KiB");
  value("conn", tokens, "heap_loaded", heap_loaded / 1024, "KiB");
  value("conn", tokens, "rss_plain", rss_plain / 1024, "KiB");
  value("conn", tokens, "rss_loaded", rss_loaded / 1024, "KiB");
  value("conn", tokens, "connections", opt.connections, "connections");
  return 0;
}

/* ---- callgrind: fixed loops whose inclusive cost callgrind reports -------------------------- */

/* Distinct bodies (a marker each), so the compiler cannot fold the four into one symbol. */
#define NOINLINE __attribute__((noinline))
static volatile int cg_marker;
NOINLINE static void cg_token_user_valid(struct lookup_side *s, int n) {
  cg_marker = 1;
  run_lookup(s, n);
}
NOINLINE static void cg_bare_valid(struct lookup_side *s, int n) {
  cg_marker = 2;
  run_lookup(s, n);
}
NOINLINE static void cg_floor_valid(struct lookup_side *s, int n) {
  cg_marker = 5;
  run_lookup(s, n);
}
NOINLINE static void cg_token_user_invalid(struct lookup_side *s, int n) {
  cg_marker = 3;
  run_lookup(s, n);
}
NOINLINE static void cg_bare_invalid(struct lookup_side *s, int n) {
  cg_marker = 4;
  run_lookup(s, n);
}

static int cmd_callgrind(const char *path) {
  static struct keyset valid, invalid;
  sqlite3 *db = open_db(path, 1);
  sample_valid(db, &valid);
  sample_invalid(&invalid, valid.count);
  sqlite3_stmt *fn = prepare(db, "SELECT token_user(?1)");
  sqlite3_stmt *bare = prepare(db, BARE_LOOKUP);
  sqlite3_stmt *floor_inner = register_floor(db);
  sqlite3_stmt *floor = prepare(db, "SELECT bench_floor(?1)");
  exec(db, "PRAGMA cache_size = -1000000; BEGIN");
  warm_cache(db);
  struct lookup_side a, b;
  int n = opt.calls_txn;
  lookup_sides(&a, &b, fn, bare, &valid, 1);
  run_lookup(&a, valid.count), run_lookup(&b, valid.count); /* touch every page once */
  cg_token_user_valid(&a, n);
  cg_bare_valid(&b, n);
  lookup_sides(&a, &b, floor, bare, &valid, 1);
  cg_floor_valid(&a, n);
  lookup_sides(&a, &b, fn, bare, &invalid, 0);
  cg_token_user_invalid(&a, n);
  cg_bare_invalid(&b, n);
  exec(db, "COMMIT");
  printf("I\tcallgrind_calls\t%d\n", n);
  sqlite3_finalize(fn);
  sqlite3_finalize(floor);
  sqlite3_finalize(floor_inner);
  sqlite3_finalize(bare);
  close_db(db);
  return 0;
}

/* ---- knox scheme (issue 10): lookups, token_create, generation --------------------------- */

#define KNOX_TOKEN_LEN 64
#define KNOX_TOKENS_MAX 4096
#define KNOX_CREATED "2026-01-01 00:00:00.000001"
#define KNOX_EXPIRY "2126-01-01 00:00:00.000001"

/* The knox scheme is absent from the library measured when token_install refuses 'knox':
** exit status 3 and the reason on stdout (run.sh then skips the section); 0 when present. */
static int cmd_knoxprobe(void) {
  sqlite3 *db = open_db(":memory:", 1);
  exec(db, AUTH_USER_DDL);
  char *err = NULL;
  int rc = sqlite3_exec(db, "SELECT token_install('auth_user', 'knox')", NULL, NULL, &err);
  if (rc != SQLITE_OK) printf("token_install('auth_user', 'knox') failed: %s\n", err ? err : "?");
  sqlite3_free(err);
  close_db(db);
  return rc == SQLITE_OK ? 0 : 3;
}

/* The token of bench user i: sha512("knox-bench <i>").hexdigest()[:64] (knox_bench.py makes
** the same), so that no plaintext is stored and both harnesses can present valid tokens. */
static void knox_bench_token(long long i, char out[KNOX_TOKEN_LEN + 1]) {
  char seed[48];
  unsigned char h[crypto_hash_sha512_BYTES];
  int n = snprintf(seed, sizeof seed, "knox-bench %lld", i);
  crypto_hash_sha512(h, (const unsigned char *)seed, (unsigned long long)n);
  sodium_bin2hex(out, KNOX_TOKEN_LEN + 1, h, KNOX_TOKEN_LEN / 2);
}

/* What a client computes before its bare statement: knox's digest, SHA-512 hex. */
static void knox_client_digest(const char *token, int len, char out[129]) {
  unsigned char h[crypto_hash_sha512_BYTES];
  crypto_hash_sha512(h, (const unsigned char *)token, (unsigned long long)len);
  sodium_bin2hex(out, 129, h, sizeof h);
}

/* Binds a knox row (digest, token_key, user_id, created, expiry) for token to st. */
static void knox_bind_row(sqlite3_stmt *st, const char *token, char digest[129], long long user) {
  knox_client_digest(token, KNOX_TOKEN_LEN, digest);
  sqlite3_bind_text(st, 1, digest, 128, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, token, 15, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 3, user);
  sqlite3_bind_text(st, 4, KNOX_CREATED, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, KNOX_EXPIRY, -1, SQLITE_STATIC);
}

static const char *const KNOX_INSERT =
    "INSERT INTO knox_authtoken (digest, token_key, user_id, created, expiry) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

/* auth_user (Django's DDL) with TOKENS + FREE users, knox_authtoken made by
** token_install('auth_user', 'knox') (knox's DDL), one knox token per user 1..TOKENS. */
static int cmd_knoxgen(const char *path, long long tokens, long long free_users) {
  char tmp[4096], sql[1024], token[KNOX_TOKEN_LEN + 1], digest[129];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  unlink(tmp);
  sqlite3 *db = open_db(tmp, 1);
  exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144");
  exec(db, AUTH_USER_DDL);
  exec(db, "SELECT token_install('auth_user', 'knox'); BEGIN");
  snprintf(sql, sizeof sql,
           "%s WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < %lld) "
           "SELECT 'pbkdf2_sha256$260000$benchsalt$unusable', NULL, 0, 'user' || i, '', "
           "'user' || i || '@example.com', 0, 1, '2024-01-01 00:00:00', '' FROM c",
           USER_COLUMNS, tokens + free_users);
  exec(db, sql);
  sqlite3_stmt *st = prepare(db, KNOX_INSERT);
  for (long long i = 1; i <= tokens; i++) {
    knox_bench_token(i, token);
    knox_bind_row(st, token, digest, i);
    if (sqlite3_step(st) != SQLITE_DONE) die("knox insert", db);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  exec(db, "COMMIT; PRAGMA journal_mode=DELETE");
  close_db(db);
  if (rename(tmp, path) != 0) die("rename", NULL);
  return 0;
}

/* Tokens to present: valid ones of users sampled at random, or random unknown ones. */
struct knox_tokens {
  char token[KNOX_TOKENS_MAX][KNOX_TOKEN_LEN + 1];
  char header[KNOX_TOKENS_MAX][KNOX_TOKEN_LEN + 8];
  int count;
};

static void knox_sample(sqlite3 *db, struct knox_tokens *valid, struct knox_tokens *invalid) {
  char sql[160];
  snprintf(sql, sizeof sql, "SELECT user_id FROM knox_authtoken ORDER BY random() LIMIT %d",
           KNOX_TOKENS_MAX);
  sqlite3_stmt *st = prepare(db, sql);
  unsigned long long x = 0x9e3779b97f4a7c15ULL;
  valid->count = invalid->count = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int i = valid->count++, j = invalid->count++;
    knox_bench_token(sqlite3_column_int64(st, 0), valid->token[i]);
    for (int k = 0; k < KNOX_TOKEN_LEN; k++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      invalid->token[j][k] = "0123456789abcdef"[x & 15];
    }
    invalid->token[j][KNOX_TOKEN_LEN] = 0;
  }
  sqlite3_finalize(st);
  for (int i = 0; i < valid->count; i++) {
    snprintf(valid->header[i], sizeof valid->header[i], "Token %s", valid->token[i]);
    snprintf(invalid->header[i], sizeof invalid->header[i], "Token %s", invalid->token[i]);
  }
}

/* One side of a knox lookup comparison. */
struct knox_side {
  sqlite3_stmt *st;
  struct knox_tokens *t;
  int next, expect_user, is_function;
  long long sink;
};

/* A: SELECT token_user('Token ' || token). B: the client computes the digest and runs the
** bare statement (now bound once per batch, as a client would per request at most). */
static double run_knox_lookup(void *p, int n) {
  struct knox_side *s = p;
  char digest[129];
  double t0 = now_ns();
  if (!s->is_function) sqlite3_bind_text(s->st, 2, "2026-11-28 12:00:00.000000", -1, SQLITE_STATIC);
  for (int i = 0; i < n; i++) {
    int j = s->next;
    s->next = j + 1 == s->t->count ? 0 : j + 1;
    if (s->is_function) {
      sqlite3_bind_text(s->st, 1, s->t->header[j], KNOX_TOKEN_LEN + 6, SQLITE_STATIC);
    } else {
      knox_client_digest(s->t->token[j], KNOX_TOKEN_LEN, digest);
      sqlite3_bind_text(s->st, 1, digest, 128, SQLITE_STATIC);
    }
    s->sink += step_lookup(s->st, s->is_function, s->expect_user, "knox lookup");
  }
  return (now_ns() - t0) / n;
}

static const char *const KNOX_BARE_LOOKUP =
    "SELECT t.user_id, u.is_active FROM knox_authtoken t JOIN auth_user u ON u.id = t.user_id "
    "WHERE t.digest = ?1 AND (t.expiry IS NULL OR t.expiry >= ?2)";

static void knox_lookup_mode(sqlite3 *db, struct knox_tokens *valid, struct knox_tokens *invalid,
                             const char *mode, int calls) {
  sqlite3_stmt *fn = prepare(db, "SELECT token_user(?1)");
  sqlite3_stmt *bare = prepare(db, KNOX_BARE_LOOKUP);
  long long tokens = scalar(db, "SELECT count(*) FROM knox_authtoken");
  int in_txn = strcmp(mode, "autocommit") != 0;
  if (in_txn) exec(db, "BEGIN");
  struct knox_side a = {fn, valid, 0, 1, 1, 0}, b = {bare, valid, 0, 1, 0, 0};
  compare(&(struct pair){run_knox_lookup, run_knox_lookup, &a, &b}, calls, "knox", tokens, mode,
          "valid");
  a = (struct knox_side){fn, invalid, 0, 0, 1, 0}, b = (struct knox_side){bare, invalid, 0, 0, 0, 0};
  compare(&(struct pair){run_knox_lookup, run_knox_lookup, &a, &b}, calls, "knox", tokens, mode,
          "invalid");
  if (in_txn) exec(db, "COMMIT");
  sqlite3_finalize(fn);
  sqlite3_finalize(bare);
}

static int cmd_knoxlookup(const char *path) {
  static struct knox_tokens valid, invalid;
  sqlite3 *db = open_db(path, 1);
  knox_sample(db, &valid, &invalid);
  if (valid.count == 0) die("no knox tokens", db);
  knox_lookup_mode(db, &valid, &invalid, "autocommit", opt.calls_auto);
  knox_lookup_mode(db, &valid, &invalid, "txn", opt.calls_txn);
  close_db(db);
  return 0;
}

/* One side of token_create vs INSERT under knox: n rows inside a transaction rolled back. */
struct knox_create_side {
  sqlite3 *db;
  sqlite3_stmt *st;
  long long first_user;
  struct knox_tokens *rows; /* B: precomputed tokens, digests computed before the clock */
  char (*digests)[129];
};

static double run_knox_create(void *p, int n) {
  struct knox_create_side *s = p;
  exec(s->db, "BEGIN");
  double t0 = now_ns();
  for (int i = 0; i < n; i++) {
    if (s->rows == NULL) {
      sqlite3_bind_int64(s->st, 1, s->first_user + i);
    } else {
      int k = i % s->rows->count;
      sqlite3_bind_text(s->st, 1, s->digests[k], 128, SQLITE_STATIC);
      sqlite3_bind_text(s->st, 2, s->rows->token[k], 15, SQLITE_STATIC);
      sqlite3_bind_int64(s->st, 3, s->first_user + i);
    }
    if (sqlite3_step(s->st) != (s->rows == NULL ? SQLITE_ROW : SQLITE_DONE)) die("knox create", s->db);
    sqlite3_reset(s->st);
  }
  double t = (now_ns() - t0) / n;
  exec(s->db, "ROLLBACK");
  return t;
}

static int cmd_knoxcreate(const char *path) {
  static struct knox_tokens fresh, unused;
  static char digests[KNOX_TOKENS_MAX][129];
  sqlite3 *db = open_db(path, 1);
  long long tokens = scalar(db, "SELECT count(*) FROM knox_authtoken");
  long long users = scalar(db, "SELECT max(id) FROM auth_user");
  knox_sample(db, &unused, &fresh); /* random tokens: none of them stored */
  int n = users - tokens < fresh.count ? (int)(users - tokens) : fresh.count;
  n = n < 2000 ? n : 2000;
  for (int i = 0; i < fresh.count; i++) knox_client_digest(fresh.token[i], KNOX_TOKEN_LEN, digests[i]);
  sqlite3_stmt *ins = prepare(db, KNOX_INSERT);
  sqlite3_bind_text(ins, 4, KNOX_CREATED, -1, SQLITE_STATIC);
  sqlite3_bind_text(ins, 5, KNOX_EXPIRY, -1, SQLITE_STATIC);
  struct knox_create_side a = {db, prepare(db, "SELECT token_create(?1)"), tokens + 1, NULL, NULL};
  struct knox_create_side b = {db, ins, tokens + 1, &fresh, digests};
  compare(&(struct pair){run_knox_create, run_knox_create, &a, &b}, n, "knoxcreate", tokens, "txn",
          "new");
  sqlite3_finalize(a.st);
  sqlite3_finalize(ins);
  close_db(db);
  return 0;
}

/* ---- main ------------------------------------------------------------------------------ */

static void info(void) {
  sqlite3 *db = open_db(":memory:", 1);
  sqlite3_stmt *st = prepare(db, "SELECT authtoken_debug()");
  if (sqlite3_step(st) != SQLITE_ROW) die("authtoken_debug", db);
  printf("I\tsqlite\t%s\n", sqlite3_libversion());
  printf("I\tauthtoken_debug\t%s\n", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  close_db(db);
}

static int usage(void) {
  fprintf(stderr,
          "usage: bench [-e EXT] [-r ROUNDS] [-n CALLS] [-a CALLS] [-m MEMCALLS] [-u USERS] "
          "[-c CONNS] gen DB TOKENS FREE | lookup DB | create DB | insert DIR | memory DB | "
          "callgrind DB | info | knoxprobe | knoxgen DB TOKENS FREE | knoxlookup DB | "
          "knoxcreate DB\n");
  return 2;
}

int main(int argc, char **argv) {
  int c;
  while ((c = getopt(argc, argv, "e:r:n:a:m:u:c:")) != -1) {
    switch (c) {
      case 'e': opt.ext = optarg; break;
      case 'r': opt.rounds = atoi(optarg); break;
      case 'n': opt.calls_txn = atoi(optarg); break;
      case 'a': opt.calls_auto = atoi(optarg); break;
      case 'm': opt.mem_calls = atoll(optarg); break;
      case 'u': opt.insert_users = atoi(optarg); break;
      case 'c': opt.connections = atoi(optarg); break;
      default: return usage();
    }
  }
  if (opt.rounds < 1 || opt.calls_txn < 1 || opt.calls_auto < 1) return usage();
  if (sodium_init() < 0) die("sodium_init", NULL);
  if (optind >= argc) return usage();
  const char *cmd = argv[optind], *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
  if (strcmp(cmd, "info") == 0) return info(), 0;
  if (strcmp(cmd, "knoxprobe") == 0) return cmd_knoxprobe();
  if (arg == NULL) return usage();
  if (strcmp(cmd, "gen") == 0 && optind + 3 < argc) {
    return cmd_gen(arg, atoll(argv[optind + 2]), atoll(argv[optind + 3]));
  }
  if (strcmp(cmd, "knoxgen") == 0 && optind + 3 < argc) {
    return cmd_knoxgen(arg, atoll(argv[optind + 2]), atoll(argv[optind + 3]));
  }
  if (strcmp(cmd, "lookup") == 0) return cmd_lookup(arg);
  if (strcmp(cmd, "knoxlookup") == 0) return cmd_knoxlookup(arg);
  if (strcmp(cmd, "knoxcreate") == 0) return cmd_knoxcreate(arg);
  if (strcmp(cmd, "create") == 0) return cmd_create(arg);
  if (strcmp(cmd, "insert") == 0) return cmd_insert(arg);
  if (strcmp(cmd, "memory") == 0) return cmd_memory(arg);
  if (strcmp(cmd, "callgrind") == 0) return cmd_callgrind(arg);
  return usage();
}
