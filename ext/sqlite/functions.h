/*
** functions.h: the SQL functions, implemented one concern per file and registered by the
** table in authtoken.c. Every function's user data is the connection's struct store.
*/
#ifndef AUTHTOKEN_FUNCTIONS_H
#define AUTHTOKEN_FUNCTIONS_H

#include <stddef.h>

#include "sqlite3ext.h"
#include "store.h"

/* lookup.c */
void fn_token_user(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_auth_error(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_revoke(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_refresh(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* issue.c */
void fn_token_create(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_rotate(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_delete(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* hashed.c */
void fn_token_purge(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_expiry(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_renewed(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_new(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_now(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* login.c */
void fn_token_obtain(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_password_check(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_password_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv);
/* DRF's answer for valid fields (username trimmed; UTF-8 without NUL): *body, the JSON
** obtain_auth_token sends (sqlite3_malloc'd; the caller wipes and frees it), with *status 200
** or 400. Returns SQLITE_OK, or a code after reporting the error on ctx as `function`. */
int login_answer(sqlite3_context *ctx, const char *function, struct store *s, const char *user,
                 int user_len, const char *pass, int pass_len, char **body, int *status);

/* request.c */
void fn_token_obtain_request(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* settings.c */
void fn_token_setting(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_setting_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* install.c */
void fn_token_install(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_install_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_token_triggers(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_authtoken_version(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void fn_authtoken_debug(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* errors.c: "<function>: <what is wrong>", with SQLite's code where one fits. */
void report_store_error(sqlite3_context *ctx, const char *function, struct store *s, int rc);
void report_error(sqlite3_context *ctx, const char *function, const char *message);

#endif
