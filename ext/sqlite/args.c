/*
** args.c: reading the bytes of SQL arguments, the same way in every function.
**
** The pointer is taken before the length (sqlite3_value_text/blob, then _bytes), and a
** NULL pointer for a non-empty value means SQLite ran out of memory converting it: the
** call then fails with SQLITE_NOMEM. No argument's bytes ever appear in a message.
** arg_read is inline in args.h (token_user's path); arg_bytes checks the type first.
*/
#include "args.h"

#include "functions.h"

SQLITE_EXTENSION_INIT3

int arg_bytes(struct call *c, sqlite3_value *arg, const char *what, int null_ok,
              const unsigned char **bytes, size_t *len) {
  int type = sqlite3_value_type(arg);
  *bytes = (const unsigned char *)"";
  *len = 0;
  if (type == SQLITE_NULL) return 0;
  if (type != SQLITE_TEXT && type != SQLITE_BLOB) {
    char *msg =
        sqlite3_mprintf("%s must be %s", what, null_ok ? "TEXT, BLOB or NULL" : "TEXT or BLOB");
    report_error(c->ctx, c->fn->name,
                 msg       ? msg
                 : null_ok ? "argument must be TEXT, BLOB or NULL"
                           : "argument must be TEXT or BLOB");
    sqlite3_free(msg);
    return -1;
  }
  if (arg_read(c->ctx, arg, type == SQLITE_TEXT, bytes, len)) return -1;
  if (*bytes == NULL) *bytes = (const unsigned char *)""; /* empty */
  return 1;
}
