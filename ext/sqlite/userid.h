/*
** userid.h: user ids of any single-column primary key type (userid.c states the rules).
*/
#ifndef AUTHTOKEN_USERID_H
#define AUTHTOKEN_USERID_H

#include "sqlite3ext.h"

/* The affinity of the users table's key, as SQLite derives it from the declared type. */
enum userid_affinity { ID_BLOB, ID_TEXT, ID_NUMERIC, ID_INTEGER, ID_REAL };

/* One user id, as the users table stores it (or as an argument converted for it). Start
** from {0} (empty); never copy one by value (bytes may point into small). */
struct user_id {
  int type;        /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB; 0 when empty */
  sqlite3_int64 i; /* SQLITE_INTEGER */
  double r;        /* SQLITE_FLOAT */
  char *bytes;     /* TEXT (UTF-8, NUL-terminated) or BLOB: `small` or sqlite3_malloc'd */
  int len;         /* bytes' length */
  char small[48];  /* short ids (a UUID's 32 or 36 characters) need no allocation */
};

/* The affinity SQLite gives a column declared with `type` (NULL or "": none, so BLOB);
** strict: the table is STRICT (its ANY columns have no affinity). */
enum userid_affinity userid_affinity(const char *type, int strict);

/* The affinity's usual name in a declaration ("integer", "text", ...; "" for BLOB). */
const char *userid_affinity_type(enum userid_affinity affinity);

/* Reads `text` (a TEXT value) as SQLite's numeric affinity does: sets *out to the INTEGER or
** REAL it becomes, or leaves it empty when it is no number. Returns SQLite's code. */
typedef int userid_numeric_fn(void *env, sqlite3_value *text, struct user_id *out);

/* Converts a non-NULL argument as SQLite converts a value compared with a key of that
** affinity (numeric(env, ...) reads numbers from text). Returns SQLITE_OK with *id set;
** SQLITE_MISMATCH when the key can never equal it, with *why set to "user_id must be an
** integer, got real 3.5" (sqlite3_malloc'd); SQLITE_NOMEM. */
int userid_from_arg(struct user_id *id, sqlite3_value *arg, enum userid_affinity affinity,
                    userid_numeric_fn *numeric, void *env, char **why);

/* Copies a value as it is. Returns SQLITE_OK or SQLITE_NOMEM. */
int userid_set_value(struct user_id *id, sqlite3_value *v);

/* Copies column `col` of a row. Returns SQLITE_OK or SQLITE_NOMEM. */
int userid_from_column(struct user_id *id, sqlite3_stmt *st, int col);

/* Binds the id to parameter `param`. Returns SQLite's code. */
int userid_bind(sqlite3_stmt *st, int param, const struct user_id *id);

/* Makes the id the function's result. */
void userid_result(sqlite3_context *ctx, const struct user_id *id);

/* The id as a message shows it: 42, 3.5, '3.5', or for other text and blobs only their size
** ("text of 32 bytes", "blob of 16 bytes"), never what might be a secret. sqlite3_malloc'd. */
char *userid_describe(const struct user_id *id);

/* Frees what the id holds and marks it empty; safe on an empty or zeroed id. */
void userid_clear(struct user_id *id);

#endif
