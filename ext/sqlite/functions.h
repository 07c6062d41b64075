/*
** functions.h: the SQL functions, implemented one concern per file and registered by the
** table in authtoken.c and run by the call wrapper (call.c): each does its own work on the
** call it is given and returns as struct sql_function's run says (call.h).
*/
#ifndef AUTHTOKEN_FUNCTIONS_H
#define AUTHTOKEN_FUNCTIONS_H

#include <stddef.h>

#include "call.h"
#include "sqlite3ext.h"
#include "store.h"

/* lookup.c */
int fn_token_user(struct call *c);
int fn_token_auth_error(struct call *c);
int fn_token_revoke(struct call *c);
int fn_token_refresh(struct call *c);

/* issue.c */
int fn_token_create(struct call *c);
int fn_token_rotate(struct call *c);
int fn_token_delete(struct call *c);

/* hashed.c */
int fn_token_purge(struct call *c);
int fn_token_digest(struct call *c);
int fn_token_expiry(struct call *c);
int fn_token_renewed(struct call *c);
int fn_token_new(struct call *c);
int fn_token_now(struct call *c);

/* login.c */
int fn_token_obtain(struct call *c);
int fn_token_password_check(struct call *c);
int fn_token_password_hash(struct call *c);
/* DRF's answer for valid fields (username trimmed; UTF-8 without NUL): *body, the JSON
** obtain_auth_token sends (sqlite3_malloc'd; the caller wipes and frees it), with *status 200
** or 400, after call_gate. Returns SQLITE_OK, or the call's answer for run to return. */
int login_answer(struct call *c, const char *user, int user_len, const char *pass, int pass_len,
                 char **body, int *status);

/* request.c */
int fn_token_obtain_request(struct call *c);

/* settings.c */
int fn_token_setting(struct call *c);
int fn_token_setting_sql(struct call *c);

/* install.c */
int fn_token_install(struct call *c);
int fn_token_install_sql(struct call *c);
int fn_token_triggers(struct call *c);
int fn_authtoken_version(struct call *c);
int fn_authtoken_debug(struct call *c);

/* errors.c: "<function>: <what is wrong>", with SQLite's code where one fits. */
void report_store_error(sqlite3_context *ctx, const char *function, struct store *s, int rc);
void report_error(sqlite3_context *ctx, const char *function, const char *message);

#endif
