/*
** triggers.c: this connection's TEMP triggers on the users table (texts in sql/).
**
**   authtoken_user_insert   AFTER INSERT: the new user gets a token (post_save's twin), when
**                           the scheme gives new users one (DRF's does)
**   authtoken_user_delete   AFTER DELETE: the user's tokens go (Django's ORM cascade)
**   authtoken_user_update   AFTER UPDATE OF the id or a UNIQUE column: a renumbered user
**                           takes its token along
**   authtoken_user_insert_before, authtoken_user_update_before, authtoken_user_replaced
**       (only when the users table has UNIQUE indexes besides its key): record in
**       temp.authtoken_replaced the users an INSERT / UPDATE OR REPLACE may delete, so that
**       authtoken_user_replaced and authtoken_user_update delete their tokens
**
** The texts are built from the discovered schema and each carries the same signature (a hash
** of everything they were built from): "present" means exactly these triggers exist for the
** schema in force, read from temp.sqlite_master, never from a flag (a failed statement rolls
** a trigger's creation back, not a flag). SQLite allows no schema name on the table a
** trigger writes; the texts' WHEN clauses make the unqualified token table (authtoken_token)
** mean main's (sql/drf/user_insert_trigger.sql); while this connection has a TEMP table of
** that name, which the triggers' writes would reach first, there are none. Used by schema.c.
*/
#include "triggers.h"

#include <stdarg.h>
#include <string.h>

#include "query.h"
#include "sql_embed.h"

SQLITE_EXTENSION_INIT3

/* Our objects in the temp schema, as an SQL list. */
#define OUR_NAMES                                                                           \
  "('authtoken_user_insert', 'authtoken_user_delete', 'authtoken_user_update', "           \
  "'authtoken_user_replaced', 'authtoken_user_insert_before', 'authtoken_user_update_before', " \
  "'authtoken_replaced')"

/* Appends formatted text to *to (sqlite3_malloc'd); on failure frees it and leaves NULL. */
static void append(char **to, const char *fmt, ...) {
  if (*to == NULL) return;
  va_list ap;
  va_start(ap, fmt);
  char *more = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  char *joined = more ? sqlite3_mprintf("%s%s", *to, more) : NULL;
  sqlite3_free(more);
  sqlite3_free(*to);
  *to = joined;
}

/* What the users table's UNIQUE indexes (other than its key) give the triggers. */
struct unique_keys {
  const char *users, *id;
  char *index;   /* the index whose columns are being read */
  char *conds;   /* its columns as conditions on u (the existing row) against NEW */
  char *insert;  /* statements of authtoken_user_insert_before */
  char *update;  /* statements of authtoken_user_update_before */
  char *insert_when, *update_when; /* their WHEN clauses: does any such row exist? */
  char *columns; /* the UPDATE OF list: the id column and every UNIQUE column */
};

/* Turns the conditions gathered for one index into a statement of each BEFORE trigger. */
static void flush_index(struct unique_keys *k) {
  if (k->conds == NULL || k->conds[0] == 0) return;
  const char *rec = "  INSERT INTO \"authtoken_replaced\" (\"id\") SELECT u.\"%w\" FROM main.\"%w\" "
                    "AS u WHERE %s%s;\n";
  const char *exists = "%sEXISTS (SELECT 1 FROM main.\"%w\" AS u WHERE %s%s)";
  char *not_self = sqlite3_mprintf(" AND u.\"%w\" IS NOT OLD.\"%w\"", k->id, k->id);
  if (not_self == NULL) {
    sqlite3_free(k->insert);
    k->insert = NULL;
    return;
  }
  append(&k->insert, rec, k->id, k->users, k->conds, "");
  append(&k->update, rec, k->id, k->users, k->conds, not_self);
  append(&k->insert_when, exists, k->insert_when && k->insert_when[0] ? " OR " : "", k->users,
         k->conds, "");
  append(&k->update_when, exists, k->update_when && k->update_when[0] ? " OR " : "", k->users,
         k->conds, not_self);
  sqlite3_free(not_self);
  k->conds[0] = 0;
}

/* One row: index name, column name, collation (plain columns of UNIQUE indexes only). */
static int row_unique(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s;
  struct unique_keys *k = out;
  const char *index = (const char *)sqlite3_column_text(st, 0);
  const char *column = (const char *)sqlite3_column_text(st, 1);
  const char *coll = (const char *)sqlite3_column_text(st, 2);
  if (index == NULL || column == NULL) return SQLITE_OK;
  if (k->index == NULL || strcmp(k->index, index) != 0) {
    flush_index(k);
    sqlite3_free(k->index);
    k->index = sqlite3_mprintf("%s", index);
    if (k->index == NULL) return SQLITE_NOMEM;
  }
  if (coll && sqlite3_stricmp(coll, "BINARY") != 0 && sqlite3_stricmp(coll, "NOCASE") != 0 &&
      sqlite3_stricmp(coll, "RTRIM") != 0) {
    return SQLITE_OK; /* a collation this connection may lack: compare one column fewer */
  }
  append(&k->conds, "%su.\"%w\" = NEW.\"%w\" COLLATE %s", k->conds && k->conds[0] ? " AND " : "",
         column, column, coll ? coll : "BINARY");
  char *quoted = sqlite3_mprintf("\"%w\"", column);
  if (quoted && k->columns && strstr(k->columns, quoted) == NULL) append(&k->columns, ", %s", quoted);
  sqlite3_free(quoted);
  return k->conds && k->insert && k->update && k->columns && k->insert_when && k->update_when
             ? SQLITE_OK
             : SQLITE_NOMEM;
}

/* Reads the UNIQUE indexes of the users table. Expression columns, and columns under a
** collation other than SQLite's own three, are left out: the conditions then match more
** users than conflict, which the AFTER triggers tolerate (they act on users gone only). */
static int read_unique_keys(struct store *s, struct unique_keys *k) {
  k->conds = sqlite3_mprintf("");
  k->insert = sqlite3_mprintf("");
  k->update = sqlite3_mprintf("");
  k->columns = sqlite3_mprintf("\"%w\"", k->id);
  k->insert_when = sqlite3_mprintf("");
  k->update_when = sqlite3_mprintf("");
  if (!k->conds || !k->insert || !k->update || !k->columns || !k->insert_when || !k->update_when)
    return SQLITE_NOMEM;
  int rc = store_query(s,
                       "SELECT il.\"name\", ii.\"name\", ii.\"coll\" FROM pragma_index_list(?1, 'main') "
                       "AS il JOIN pragma_index_xinfo(il.\"name\", 'main') AS ii "
                       "WHERE il.\"unique\" = 1 AND il.\"origin\" <> 'pk' AND ii.\"key\" = 1 "
                       "AND ii.\"cid\" >= 0 ORDER BY il.\"seq\", ii.\"seqno\"",
                       k->users, row_unique, k);
  if (rc == SQLITE_OK) flush_index(k);
  if (rc != SQLITE_OK) return rc;
  return k->insert && k->update && k->insert_when && k->update_when ? SQLITE_OK : SQLITE_NOMEM;
}

/* The trigger templates with the scheme's token table filled in (printf formats still). */
struct templates {
  char *insert;   /* the scheme's user_insert_trigger, or NULL: new users get no token */
  char *delete_;  /* sql/delete_trigger.sql */
  char *update;   /* sql/update_trigger.sql */
  char *replaced; /* sql/replaced_trigger.sql */
};

static void free_templates(struct templates *tp) {
  sqlite3_free(tp->insert);
  sqlite3_free(tp->delete_);
  sqlite3_free(tp->update);
  sqlite3_free(tp->replaced);
}

/* Fills {table} in every template. Returns SQLITE_OK or SQLITE_NOMEM. */
static int fill_templates(struct store *s, const struct scheme *sc, struct templates *tp) {
  const struct scheme_var table = {"table", sc->table, 1};
  const char *insert = sc->user_insert_trigger;
  const char *on = s->schema.setting[SETTING_NEW_USER_TOKEN]; /* read by this discovery */
  if (insert == NULL && sc->opt_user_insert_trigger && on && strcmp(on, "on") == 0) {
    insert = sc->opt_user_insert_trigger;
  }
  tp->insert = insert ? scheme_fill(insert, &table, 1) : NULL;
  tp->delete_ = scheme_fill(sql_delete_trigger, &table, 1);
  tp->update = scheme_fill(sql_update_trigger, &table, 1);
  tp->replaced = scheme_fill(sql_replaced_trigger, &table, 1);
  int missing = insert && tp->insert == NULL;
  return missing || !tp->delete_ || !tp->update || !tp->replaced ? SQLITE_NOMEM : SQLITE_OK;
}

/* FNV-1a over the texts the triggers are built from, and their templates. */
static sqlite3_uint64 fnv(sqlite3_uint64 h, const char *text) {
  for (const char *c = text; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ULL;
  return (h ^ 0xff) * 1099511628211ULL;
}

/* The signature: 16 hex digits (sqlite3_malloc'd). */
static char *signature(const struct unique_keys *k, const struct templates *tp) {
  const char *parts[] = {k->users,
                         k->id,
                         k->columns,
                         k->insert,
                         k->update,
                         k->insert_when,
                         k->update_when,
                         sql_replaced_table,
                         tp->insert ? tp->insert : "",
                         tp->delete_,
                         tp->update,
                         tp->replaced,
                         sql_insert_before_trigger,
                         sql_update_before_trigger};
  sqlite3_uint64 h = 14695981039346656037ULL;
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) h = fnv(h, parts[i]);
  return sqlite3_mprintf("%016llx", h);
}

/* The whole script: the TEMP table, then every trigger; *count gets the triggers'. */
static char *script(const struct unique_keys *k, const struct templates *tp, const char *sig,
                    int *count) {
  const char *u = k->users, *id = k->id;
  char *sql = sqlite3_mprintf("%s", sql_replaced_table);
  *count = 2;
  if (tp->insert) {
    append(&sql, tp->insert, u, sig, id, id);
    *count = 3;
  }
  append(&sql, tp->delete_, u, sig, id);
  append(&sql, tp->update, k->columns, u, id, id, sig, id, id, id, id, id, id, id, u, id);
  if (k->insert[0]) {
    append(&sql, tp->replaced, u, sig, u, id);
    append(&sql, sql_insert_before_trigger, u, k->insert_when, sig, k->insert);
    append(&sql, sql_update_before_trigger, k->columns, u, k->update_when, sig, k->update);
    *count += 3;
  }
  return sql;
}

/* Frees the strings read_unique_keys made. */
static void free_unique_keys(struct unique_keys *k) {
  sqlite3_free(k->index);
  sqlite3_free(k->conds);
  sqlite3_free(k->insert);
  sqlite3_free(k->update);
  sqlite3_free(k->columns);
  sqlite3_free(k->insert_when);
  sqlite3_free(k->update_when);
}

int triggers_build(struct store *s) {
  struct unique_keys k = {s->schema.users, s->schema.users_id, NULL, NULL, NULL, NULL, NULL,
                          NULL, NULL};
  struct templates tp = {NULL, NULL, NULL, NULL};
  int rc = fill_templates(s, s->schema.scheme, &tp);
  if (rc == SQLITE_OK) rc = read_unique_keys(s, &k);
  char *sig = rc == SQLITE_OK ? signature(&k, &tp) : NULL;
  if (sig) {
    s->schema.trigger_mark = sqlite3_mprintf("/* authtoken %s */", sig);
    s->schema.triggers = script(&k, &tp, sig, &s->schema.trigger_count);
  }
  if (rc == SQLITE_OK && (s->schema.trigger_mark == NULL || s->schema.triggers == NULL))
    rc = SQLITE_NOMEM;
  sqlite3_free(sig);
  free_unique_keys(&k);
  free_templates(&tp);
  return rc;
}

struct census {
  int matching; /* our triggers carrying the current signature */
  int ours;     /* our objects of any kind and signature */
  int table;    /* the TEMP table exists */
  int shadow;   /* a TEMP table authtoken_token, which would take our triggers' writes */
};

static int row_census(struct store *s, sqlite3_stmt *st, void *out) {
  (void)s;
  struct census *c = out;
  c->matching = sqlite3_column_int(st, 0);
  c->ours = sqlite3_column_int(st, 1);
  c->table = sqlite3_column_int(st, 2);
  c->shadow = sqlite3_column_int(st, 3);
  return SQLITE_OK;
}

/* Counts our objects in the temp schema (matching: those carrying the current signature). */
static int census(struct store *s, struct census *c) {
  memset(c, 0, sizeof *c);
  const char *table = store_scheme(s)->table;
  char *sql = sqlite3_mprintf("SELECT total(type = 'trigger' AND instr(sql, ?1) > 0), "
                              "total(name COLLATE NOCASE IN " OUR_NAMES "), "
                              "total(type = 'table' AND name = 'authtoken_replaced'), "
                              "total(name = %Q COLLATE NOCASE) FROM temp.sqlite_master",
                              table);
  if (sql == NULL) return SQLITE_NOMEM;
  int rc = store_query(s, sql, s->schema.trigger_mark ? s->schema.trigger_mark : "\x01",
                       row_census, c);
  sqlite3_free(sql);
  return rc;
}

int triggers_present(struct store *s) {
  struct census c;
  if (census(s, &c) != SQLITE_OK) return 0;
  if (s->schema.triggers == NULL) return c.ours > 0;
  return c.matching == s->schema.trigger_count && c.table == 1 &&
         c.ours == s->schema.trigger_count + 1 && !c.shadow;
}

int triggers_drop(struct store *s) {
  struct census c;
  int rc = census(s, &c);
  if (rc != SQLITE_OK || c.ours == 0) return rc;
  return store_exec(s, sqlite3_mprintf("DROP TRIGGER IF EXISTS temp.\"authtoken_user_insert\";"
                                       "DROP TRIGGER IF EXISTS temp.\"authtoken_user_delete\";"
                                       "DROP TRIGGER IF EXISTS temp.\"authtoken_user_update\";"
                                       "DROP TRIGGER IF EXISTS temp.\"authtoken_user_replaced\";"
                                       "DROP TRIGGER IF EXISTS temp.\"authtoken_user_insert_before\";"
                                       "DROP TRIGGER IF EXISTS temp.\"authtoken_user_update_before\";"
                                       "DROP TABLE IF EXISTS temp.\"authtoken_replaced\";"));
}

int triggers_ensure(struct store *s) {
  if (s->schema.triggers == NULL) return SQLITE_MISUSE;
  if (triggers_present(s)) return SQLITE_OK;
  struct census c;
  int rc = census(s, &c);
  if (rc != SQLITE_OK) return rc;
  if (s->keep_triggers && c.ours > c.table) return SQLITE_OK;
  rc = triggers_drop(s);
  if (c.shadow) return rc; /* none while a TEMP authtoken_token would take the keys */
  if (rc == SQLITE_OK) rc = store_exec(s, sqlite3_mprintf("%s", s->schema.triggers));
  if (rc != SQLITE_OK) {
    char *error = s->error; /* keep the first failure's text */
    s->error = NULL;
    triggers_drop(s);
    sqlite3_free(s->error);
    s->error = error;
  }
  return rc;
}
