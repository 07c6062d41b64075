/*
** args.h: reading the bytes of SQL arguments the same way in every function (args.c).
*/
#ifndef AUTHTOKEN_ARGS_H
#define AUTHTOKEN_ARGS_H

#include <stddef.h>

#include "call.h"
#include "sqlite3ext.h"

SQLITE_EXTENSION_INIT3 /* arg_read, inline for token_user's path, calls SQLite's API table */

/* The bytes of an argument, TEXT read as text (as_text) or as stored. Returns 0 with
** *bytes (NULL when empty, as SQLite may give it) and *len, or -1 after reporting out of
** memory (a NULL pointer for a non-empty value). The pointer is taken before the length,
** as SQLite asks. */
static inline int arg_read(sqlite3_context *ctx, sqlite3_value *arg, int as_text,
                           const unsigned char **bytes, size_t *len) {
  const unsigned char *p = as_text ? sqlite3_value_text(arg) : sqlite3_value_blob(arg);
  int n = sqlite3_value_bytes(arg);
  if (p == NULL && n > 0) {
    sqlite3_result_error_nomem(ctx);
    return -1;
  }
  *bytes = p;
  *len = (size_t)n;
  return 0;
}

/* A TEXT or BLOB argument's bytes: 1 with *bytes and *len set; 0 for NULL (*bytes "", *len
** 0); -1 after reporting "<function>: <what> must be TEXT or BLOB" ("TEXT, BLOB or NULL"
** when null_ok: the caller takes NULL as a value) or out of memory. */
int arg_bytes(struct call *c, sqlite3_value *arg, const char *what, int null_ok,
              const unsigned char **bytes, size_t *len);

#endif
