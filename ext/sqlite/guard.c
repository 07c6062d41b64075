/*
** guard.c: the CHECK-constraint hole in SQLITE_DIRECTONLY, closed for our writing functions.
**
** SQLite 3.40 enforces SQLITE_DIRECTONLY in views, triggers, DEFAULTs, generated columns
** and indexes stored in a database file, but not in CHECK constraints: a file handed to us
** with `CREATE TABLE t (a CHECK (token_rotate(1) IS NOT NULL))` makes every INSERT into t
** rotate user 1's key, and `CHECK (token_triggers(0))` turns our triggers off
** (tests/suites/hostile.sh shows it; PRAGMA trusted_schema=OFF does not help). A function
** cannot ask SQLite whether it is being called from a constraint, so the functions that
** write or change state refuse while any schema row of main or an attached database names
** one of our functions. No legitimate schema does that (a database made without the
** extension cannot even create such a table; one made with it gets nothing from it).
** What is scanned: every row of each schema's sqlite_schema with a text, whatever its type
** column says. SQLite builds a table from a row typed 'TABLE' or 'Table' as from 'table'
** (issue 8, item 1: a scan of type = 'table' missed it), so the type is not trusted; views,
** triggers, indexes and virtual tables are read too. temp is not: no file can write it, and
** it holds our own TEMP triggers (which SQLite lets call DIRECTONLY functions).
** How: the text is tokenized as SQLite does. String literals ('...') and comments are
** skipped (no function is called from inside them, so 'token_delete' as a value or a
** comment does not count); every bare or quoted identifier ("x", [x], `x`, any case) equal
** to one of our names counts, whatever follows it, so whitespace, comments or quotes between
** a name and its parenthesis change nothing.
** Where: authtoken.c's registration table says which functions are guarded, and the call
** wrapper's call_gate() (call.c) asks: for token_install and token_triggers(on)
** guard_schema() (a schema read per call: they are rare and may run before any token table
** exists; CALL_GUARD_SCAN); for token_create, token_rotate, token_delete, token_obtain,
** token_obtain_request and token_setting(name, value) store_guard(), which asks
** guard_verdict() (CALL_GUARD): the last verdict is reused while its fingerprint holds (main's
** schema_version, the attached databases' names, each one's schema_version read by a cached
** PRAGMA statement whose re-preparation also reveals a DETACH); otherwise every schema is
** scanned again. So the verdict is renewed when any attached file's schema changes, by this
** connection or another program (issue 8, item 2), and when a file is attached, detached
** or swapped for another under the same name. The cost on every guarded call: one integer
** compare and a sqlite3_db_name() without attached databases; one cached PRAGMA step per
** attached one. Not seen: a schema row rewritten with writable_schema while its file's
** schema_version is set back by hand; SQLite itself then keeps running the old schema.
** token_user/token_auth_error are not guarded (from a
** CHECK their answer can only pass or fail the constraint, nothing leaves), nor
** token_new/token_now (a value that can only be compared, never stored).
*/
#include "guard.h"

#include "call.h"
#include "sqlite3ext.h"

#include <string.h>

SQLITE_EXTENSION_INIT3

static int is_ident_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

/* Length of the identifier starting at s (s[-1] is not an identifier character). */
static size_t ident_length(const char *s) {
  size_t n = 0;
  while (s[n] && is_ident_char((unsigned char)s[n])) n++;
  return n;
}

/* Past the quoted token at p (p[0] opens it): SQLite's rules, a doubled quote inside '...',
** "..." and `...` is part of it, [...] ends at the first ']'; an unclosed one runs to the end. */
static const char *skip_quoted(const char *p) {
  char close = *p == '[' ? ']' : *p;
  for (p++; *p; p++) {
    if (*p != close) continue;
    if (close != ']' && p[1] == close) {
      p++;
      continue;
    }
    return p + 1;
  }
  return p;
}

/* Past the comment at p ("--" to the end of the line, or slash-star to star-slash or the end). */
static const char *skip_comment(const char *p) {
  if (p[0] == '-') {
    while (*p && *p != '\n') p++;
    return p;
  }
  for (p += 2; *p; p++) {
    if (p[0] == '*' && p[1] == '/') return p + 2;
  }
  return p;
}

/* 1 if s[0..n) is one of our function names (ASCII case-insensitively), with *name set.
** The names are the registration table's (authtoken.c), so no list can drift from it. */
static int is_ours(const char *s, size_t n, const char **name) {
  for (size_t i = 0; i < authtoken_function_count; i++) {
    const char *ours = authtoken_functions[i].name;
    if (strlen(ours) == n && sqlite3_strnicmp(s, ours, (int)n) == 0) {
      *name = ours;
      return 1;
    }
  }
  return 0;
}

/* Any whole word of s[0..end) (a quoted identifier's inside) that is one of our names. */
static int words_mention(const char *s, const char *end, const char **name) {
  while (s < end) {
    size_t n = 0;
    while (s + n < end && is_ident_char((unsigned char)s[n])) n++;
    if (n && is_ours(s, n, name)) return 1;
    s += n ? n : 1;
  }
  return 0;
}

/* 1 if sql (NUL-terminated, as SQLite parses it) names one of our functions as a whole
** identifier, bare or quoted, any case, outside string literals and comments; *name is set
** to it. Tokenizes as SQLite does: string literals ('...') and comments are skipped (no
** function can be called from inside them), bare and quoted identifiers ("x", [x], `x`)
** are matched. */
static int mentions_ours(const char *sql, const char **name) {
  const char *p = sql;
  while (*p) {
    if (*p == '\'') {
      p = skip_quoted(p);
    } else if ((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*')) {
      p = skip_comment(p);
    } else if (*p == '"' || *p == '`' || *p == '[') {
      const char *end = skip_quoted(p);
      if (words_mention(p + 1, end, name)) return 1;
      p = end;
    } else if (is_ident_char((unsigned char)*p)) {
      size_t n = ident_length(p);
      if (is_ours(p, n, name)) return 1;
      p += n;
    } else {
      p++;
    }
  }
  return 0;
}

/* What a schema row is, for the message: its type when it is one SQLite writes, lowercased. */
static const char *kind_of(const char *type) {
  static const char *const kinds[] = {"table", "view", "index", "trigger"};
  for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++) {
    if (sqlite3_stricmp(type, kinds[i]) == 0) return kinds[i];
  }
  return "schema object";
}

/* Looks through every row of one schema, whatever its type says (SQLite builds a table from
** a row typed 'TABLE', 'Table' or even 'trigger' alike: only the CREATE text counts); sets
** *finding (sqlite3_malloc'd) to the first row whose text names one of our functions. */
static int scan_schema(sqlite3 *db, const char *schema, char **finding) {
  char *sql = sqlite3_mprintf(
      "SELECT type, name, sql FROM \"%w\".sqlite_schema WHERE sql IS NOT NULL", schema);
  sqlite3_stmt *st = NULL;
  int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  while (rc == SQLITE_OK && *finding == NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *text = (const char *)sqlite3_column_text(st, 2), *name = NULL;
    rc = SQLITE_OK;
    if (text && mentions_ours(text, &name)) {
      *finding = sqlite3_mprintf("%s %s.%.200s calls %s() in its definition",
                                 kind_of((const char *)sqlite3_column_text(st, 0)), schema,
                                 sqlite3_column_text(st, 1), name);
      if (*finding == NULL) rc = SQLITE_NOMEM;
    }
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_finalize(st);
  return rc;
}

int guard_find(sqlite3 *db, char **finding) {
  sqlite3_stmt *st = NULL;
  *finding = NULL;
  /* temp is left out: no file can put anything there; it holds our own TEMP triggers. */
  int rc =
      sqlite3_prepare_v2(db, "SELECT name FROM pragma_database_list WHERE seq <> 1", -1, &st, NULL);
  while (rc == SQLITE_OK && *finding == NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    rc = scan_schema(db, (const char *)sqlite3_column_text(st, 0), finding);
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_finalize(st);
  return rc;
}

void guard_forget(struct guard_print *g) {
  for (int i = 0; i < g->count; i++) {
    sqlite3_finalize(g->dbs[i].version);
    sqlite3_free(g->dbs[i].name);
  }
  sqlite3_free(g->dbs);
  sqlite3_free(g->finding);
  memset(g, 0, sizeof *g);
}

/* The name of the i-th database (0 main, 1 temp, 2... attached), or NULL past the last. */
static const char *db_name(sqlite3 *db, int i) {
  return sqlite3_libversion_number() >= 3039000 ? sqlite3_db_name(db, i) : NULL;
}

/* Reads one attached database's schema_version (and how often its statement re-prepared). */
static int read_cookie(sqlite3 *db, struct guard_db *d, int *cookie, int *reprepares) {
  int rc = SQLITE_OK;
  if (d->version == NULL) {
    char *sql = sqlite3_mprintf("PRAGMA \"%w\".schema_version", d->name);
    rc = sql ? sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &d->version, NULL)
             : SQLITE_NOMEM;
    sqlite3_free(sql);
  }
  if (rc == SQLITE_OK && (rc = sqlite3_step(d->version)) == SQLITE_ROW) {
    *cookie = sqlite3_column_int(d->version, 0);
    rc = SQLITE_OK;
  }
  if (d->version) {
    *reprepares = sqlite3_stmt_status(d->version, SQLITE_STMTSTATUS_REPREPARE, 0);
    sqlite3_reset(d->version);
  }
  return rc;
}

/* 1 if the schemas are as g printed them (the cost paid by every guarded call: one compare
** without attached databases, one cached PRAGMA step per attached one). */
static int print_matches(sqlite3 *db, struct guard_print *g, int main_version) {
  if (!g->known || main_version != g->main_version) return 0;
  for (int i = 0; i < g->count; i++) {
    struct guard_db *d = &g->dbs[i];
    const char *name = db_name(db, i + 2);
    int cookie = 0, reprepares = 0;
    if (d->version == NULL || name == NULL || strcmp(name, d->name) != 0) return 0;
    if (read_cookie(db, d, &cookie, &reprepares) != SQLITE_OK) return 0;
    if (cookie != d->cookie || reprepares != d->reprepares) return 0;
  }
  return sqlite3_libversion_number() >= 3039000 && db_name(db, g->count + 2) == NULL;
}

/* Records the attached databases and their schema_versions (before the scan, so that a
** change made while scanning shows at the next call). */
static int take_print(sqlite3 *db, struct guard_print *g, int main_version, int keep) {
  int n = 0;
  while (db_name(db, n + 2)) n++;
  g->main_version = main_version;
  g->dbs = n ? sqlite3_malloc(n * (int)sizeof *g->dbs) : NULL;
  if (n && g->dbs == NULL) return SQLITE_NOMEM;
  if (n) memset(g->dbs, 0, n * sizeof *g->dbs);
  g->count = n;
  for (int i = 0; i < n; i++) {
    struct guard_db *d = &g->dbs[i];
    d->name = sqlite3_mprintf("%s", db_name(db, i + 2));
    if (d->name == NULL) return SQLITE_NOMEM;
    int rc = read_cookie(db, d, &d->cookie, &d->reprepares);
    if (rc != SQLITE_OK) return rc;
    if (!keep) {
      sqlite3_finalize(d->version); /* never matches again: the next call scans */
      d->version = NULL;
    }
  }
  return SQLITE_OK;
}

int guard_verdict(sqlite3 *db, struct guard_print *g, int main_version, int keep,
                  const char **finding) {
  if (!print_matches(db, g, main_version)) {
    guard_forget(g);
    int rc = take_print(db, g, main_version, keep);
    if (rc == SQLITE_OK) rc = guard_find(db, &g->finding);
    if (rc != SQLITE_OK) {
      guard_forget(g);
      return rc;
    }
    g->known = 1;
  }
  *finding = g->finding;
  return SQLITE_OK;
}

int guard_schema(sqlite3_context *ctx, const char *function) {
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  char *finding = NULL;
  int rc = guard_find(db, &finding);
  int refused = finding != NULL || rc != SQLITE_OK;
  char *msg = finding           ? sqlite3_mprintf("%s: refusing to run: %s", function, finding)
              : rc != SQLITE_OK ? sqlite3_mprintf("%s: %s", function, sqlite3_errmsg(db))
                                : NULL;
  sqlite3_free(finding);
  if (msg == NULL && refused) {
    sqlite3_result_error_nomem(ctx);
    return -1;
  }
  if (msg == NULL) return 0;
  sqlite3_result_error(ctx, msg, -1);
  sqlite3_free(msg);
  if (rc != SQLITE_OK) sqlite3_result_error_code(ctx, rc);
  return 1;
}
