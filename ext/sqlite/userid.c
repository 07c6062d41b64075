/*
** userid.c: user ids of any single-column primary key type.
**
** The users table's key may be an integer (Django's AutoField: `integer`, a rowid alias or
** not, `INT PRIMARY KEY` included), text (Django's UUIDField: `char(32)`), or any other
** single column. token_user returns the id exactly as the users table stores it (TEXT stays
** TEXT). An id argument (token_create, token_rotate, token_delete) is taken as SQLite itself
** compares it with the key, by the key's affinity (https://sqlite.org/datatype3.html):
**   INTEGER  3, 3.0, '3', ' 3 ', '3.0' and '3e0' all mean user 3. What cannot become an
**            integer is an error naming what was found:
**              "user_id must be an integer, got real 3.5"
**              "user_id must be an integer, got text '3.5'"
**              "user_id must be an integer, got text of 3 bytes"     ('ada')
**              "user_id must be an integer, got blob of 16 bytes"
**   TEXT     numbers become their text as a TEXT column stores them (3 -> '3'); a BLOB is
**            an error: "user_id must be text, got blob of 16 bytes".
**   NUMERIC, REAL, BLOB (no declared type)  the value is compared with the key as it is
**            (SQLite applies the key's affinity in the comparison).
** Text is read as a number by SQLite itself (the caller's `numeric`: a cached statement),
** never by a parser of ours. Messages show numbers, and text only when it is short and
** written like a number: a key or password passed by mistake must not reach a log.
*/
#include "userid.h"

#include <stdint.h>
#include <string.h>

SQLITE_EXTENSION_INIT3

/* SQLite's rules (datatype3.html, 3.1), on the declared type read as SQLite reads it. */
enum userid_affinity userid_affinity(const char *type, int strict) {
  if (type == NULL || type[0] == 0) return ID_BLOB;
  if (strict && sqlite3_stricmp(type, "any") == 0) return ID_BLOB;
  enum userid_affinity aff = ID_NUMERIC;
  uint32_t h = 0; /* the last four characters, lower case */
  for (const unsigned char *c = (const unsigned char *)type; *c; c++) {
    h = (h << 8) + (uint32_t)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    if (h == 0x63686172u || h == 0x636c6f62u || h == 0x74657874u) { /* char clob text */
      aff = ID_TEXT;
    } else if (h == 0x626c6f62u && (aff == ID_NUMERIC || aff == ID_REAL)) { /* blob */
      aff = ID_BLOB;
    } else if ((h == 0x7265616cu || h == 0x666c6f61u || h == 0x646f7562u) && /* real floa doub */
               aff == ID_NUMERIC) {
      aff = ID_REAL;
    } else if ((h & 0x00ffffffu) == 0x00696e74u) { /* int */
      return ID_INTEGER;
    }
  }
  return aff;
}

const char *userid_affinity_type(enum userid_affinity affinity) {
  static const char *const names[] = {"", "text", "numeric", "integer", "real"};
  return names[affinity];
}

void userid_clear(struct user_id *id) {
  if (id->bytes && id->bytes != id->small) sqlite3_free(id->bytes);
  id->bytes = NULL;
  id->len = 0;
  id->type = 0;
}

/* Copies n bytes (TEXT or BLOB) into the id, NUL-terminated. */
static int set_bytes(struct user_id *id, int type, const void *bytes, int n) {
  userid_clear(id);
  id->bytes = (size_t)n < sizeof id->small ? id->small : sqlite3_malloc(n + 1);
  if (id->bytes == NULL) return SQLITE_NOMEM;
  if (n > 0) memcpy(id->bytes, bytes, (size_t)n);
  id->bytes[n] = 0;
  id->len = n;
  id->type = type;
  return SQLITE_OK;
}

static void set_integer(struct user_id *id, sqlite3_int64 i) {
  userid_clear(id);
  id->type = SQLITE_INTEGER;
  id->i = i;
}

static void set_real(struct user_id *id, double r) {
  userid_clear(id);
  id->type = SQLITE_FLOAT;
  id->r = r;
}

/* SQLite's sqlite3VdbeIntegerAffinity: a real that is exactly an integer, strictly inside
** the 64-bit range, becomes that integer. Returns 1 with *out set, else 0. */
static int exact_integer(double r, sqlite3_int64 *out) {
  if (!(r > -9223372036854775808.0 && r < 9223372036854775808.0)) return 0;
  sqlite3_int64 i = (sqlite3_int64)r;
  if ((double)i != r) return 0;
  *out = i;
  return 1;
}

int userid_set_value(struct user_id *id, sqlite3_value *v) {
  switch (sqlite3_value_type(v)) {
  case SQLITE_INTEGER:
    set_integer(id, sqlite3_value_int64(v));
    return SQLITE_OK;
  case SQLITE_FLOAT:
    set_real(id, sqlite3_value_double(v));
    return SQLITE_OK;
  case SQLITE_TEXT: {
    const unsigned char *t = sqlite3_value_text(v);
    if (t == NULL) return SQLITE_NOMEM;
    return set_bytes(id, SQLITE_TEXT, t, sqlite3_value_bytes(v));
  }
  default: {
    const void *b = sqlite3_value_blob(v);
    int n = sqlite3_value_bytes(v);
    if (b == NULL && n > 0) return SQLITE_NOMEM;
    return set_bytes(id, SQLITE_BLOB, b, n);
  }
  }
}

/* Text a message may show: short and made of what numbers are written with. Anything else
** might be a key or a password passed by mistake, so only its length is shown. */
static int shown_as_is(const char *text, int len) {
  if (len > 24) return 0;
  for (int k = 0; k < len; k++) {
    if (strchr("0123456789+-.eE ", text[k]) == NULL || text[k] == 0) return 0;
  }
  return 1;
}

char *userid_describe(const struct user_id *id) {
  switch (id->type) {
  case SQLITE_INTEGER:
    return sqlite3_mprintf("%lld", id->i);
  case SQLITE_FLOAT:
    return sqlite3_mprintf("%!.15g", id->r);
  case SQLITE_TEXT:
    if (shown_as_is(id->bytes, id->len)) return sqlite3_mprintf("'%s'", id->bytes);
    return sqlite3_mprintf("text of %d byte%s", id->len, id->len == 1 ? "" : "s");
  default:
    return sqlite3_mprintf("blob of %d byte%s", id->len, id->len == 1 ? "" : "s");
  }
}

/* "user_id must be <wanted>, got real 3.5" for the argument as it came. */
static int mismatch(sqlite3_value *arg, const char *wanted, char **why) {
  struct user_id found = {0};
  int rc = userid_set_value(&found, arg);
  char *shown = rc == SQLITE_OK ? userid_describe(&found) : NULL;
  const char *kind = found.type == SQLITE_INTEGER                             ? "integer "
                     : found.type == SQLITE_FLOAT                             ? "real "
                     : found.type == SQLITE_TEXT && shown && shown[0] == '\'' ? "text "
                                                                              : "";
  *why = shown ? sqlite3_mprintf("user_id must be %s, got %s%s", wanted, kind, shown) : NULL;
  sqlite3_free(shown);
  userid_clear(&found);
  return *why ? SQLITE_MISMATCH : SQLITE_NOMEM;
}

/* A number read from text as SQLite's numeric affinity reads it (the caller's `numeric`),
** made an integer when it is exactly one. Returns SQLITE_OK, with id empty for no number. */
static int integer_from_text(struct user_id *id, sqlite3_value *arg, userid_numeric_fn *numeric,
                             void *env) {
  int rc = numeric(env, arg, id);
  sqlite3_int64 i;
  if (rc == SQLITE_OK && id->type == SQLITE_FLOAT && exact_integer(id->r, &i)) set_integer(id, i);
  return rc;
}

int userid_from_arg(struct user_id *id, sqlite3_value *arg, enum userid_affinity affinity,
                    userid_numeric_fn *numeric, void *env, char **why) {
  *why = NULL;
  int type = sqlite3_value_type(arg), rc = SQLITE_OK;
  sqlite3_int64 i;
  switch (affinity) {
  case ID_INTEGER:
    if (type == SQLITE_INTEGER) return userid_set_value(id, arg);
    if (type == SQLITE_FLOAT && exact_integer(sqlite3_value_double(arg), &i)) {
      set_integer(id, i);
      return SQLITE_OK;
    }
    if (type == SQLITE_TEXT) rc = integer_from_text(id, arg, numeric, env);
    if (rc != SQLITE_OK || id->type == SQLITE_INTEGER) return rc;
    userid_clear(id);
    return mismatch(arg, "an integer", why);
  case ID_TEXT:
    if (type == SQLITE_BLOB) return mismatch(arg, "text", why);
    if (sqlite3_value_text(arg) == NULL) return SQLITE_NOMEM; /* numbers as TEXT stores them */
    return set_bytes(id, SQLITE_TEXT, sqlite3_value_text(arg), sqlite3_value_bytes(arg));
  default: /* NUMERIC, REAL, BLOB: compared with the key as it is */
    return userid_set_value(id, arg);
  }
}

int userid_from_column(struct user_id *id, sqlite3_stmt *st, int col) {
  switch (sqlite3_column_type(st, col)) {
  case SQLITE_INTEGER:
    set_integer(id, sqlite3_column_int64(st, col));
    return SQLITE_OK;
  case SQLITE_FLOAT:
    set_real(id, sqlite3_column_double(st, col));
    return SQLITE_OK;
  case SQLITE_TEXT: {
    const unsigned char *t = sqlite3_column_text(st, col);
    if (t == NULL) return SQLITE_NOMEM;
    return set_bytes(id, SQLITE_TEXT, t, sqlite3_column_bytes(st, col));
  }
  case SQLITE_BLOB: {
    const void *b = sqlite3_column_blob(st, col);
    int n = sqlite3_column_bytes(st, col);
    if (b == NULL && n > 0) return SQLITE_NOMEM;
    return set_bytes(id, SQLITE_BLOB, b, n);
  }
  default:
    userid_clear(id); /* NULL: no id */
    return SQLITE_OK;
  }
}

int userid_bind(sqlite3_stmt *st, int param, const struct user_id *id) {
  switch (id->type) {
  case SQLITE_INTEGER:
    return sqlite3_bind_int64(st, param, id->i);
  case SQLITE_FLOAT:
    return sqlite3_bind_double(st, param, id->r);
  case SQLITE_TEXT:
    return sqlite3_bind_text(st, param, id->bytes, id->len, SQLITE_STATIC);
  case SQLITE_BLOB:
    return sqlite3_bind_blob(st, param, id->bytes, id->len, SQLITE_STATIC);
  default:
    return sqlite3_bind_null(st, param);
  }
}

void userid_result(sqlite3_context *ctx, const struct user_id *id) {
  switch (id->type) {
  case SQLITE_INTEGER:
    sqlite3_result_int64(ctx, id->i);
    break;
  case SQLITE_FLOAT:
    sqlite3_result_double(ctx, id->r);
    break;
  case SQLITE_TEXT:
    sqlite3_result_text(ctx, id->bytes, id->len, SQLITE_TRANSIENT);
    break;
  case SQLITE_BLOB:
    sqlite3_result_blob(ctx, id->bytes, id->len, SQLITE_TRANSIENT);
    break;
  default:
    sqlite3_result_null(ctx);
  }
}
