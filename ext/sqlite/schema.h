/*
** schema.h: what discovery learned about the database (schema.c), a snapshot the store
** (store.c) rebuilds whole at every discovery: the token scheme in force, the users table,
** the settings, the statement texts and this connection's trigger script built from them.
*/
#ifndef AUTHTOKEN_SCHEMA_H
#define AUTHTOKEN_SCHEMA_H

#include "cache.h"
#include "scheme.h"
#include "settings_table.h"
#include "userid.h"

struct store;

struct schema {
  const struct scheme *scheme;      /* the token scheme in force (scheme.h) */
  char *users;                      /* users table name */
  char *users_id;                   /* its primary key column (a single column) */
  enum userid_affinity id_affinity; /* that column's affinity: how ids are taken */
  int has_is_active;                /* it has an is_active column */
  int has_password;                 /* it has a password column (token_obtain) */
  int token_has_name;               /* the token table has the optional name column */
  int token_has_last_used;          /* ... and the optional last_used column (knox scheme) */
  int version;                      /* PRAGMA main.schema_version when discovered */
  /* The settings in force, by id (settings_table.h): the view's values, else defaults. */
  char *setting[SETTING_COUNT];
  /* This connection's TEMP triggers (triggers.c), built from the above. */
  char *triggers;     /* the script that creates them */
  char *trigger_mark; /* the signature comment each of them carries */
  int trigger_count;  /* how many triggers the script creates */
  char *sql[STMT_COUNT]; /* the cached statements' texts (NULL: a verb the scheme lacks) */
};

/* Fills s->schema (empty on entry) from the database: the scheme whose table main has, the
** users table its foreign key names, the settings, the statement texts and the trigger
** script. Returns SQLITE_OK, STORE_NO_TABLE, or an error with store_error() set; on failure
** s->schema may be partly filled (the caller frees it). Creates or drops nothing. */
int schema_discover(struct store *s);

/* Frees what a snapshot holds and empties it. */
void schema_free(struct schema *sc);

/* Chooses s->schema.scheme: the one whose table main has (the default when none): 1 if one
** has, 0 if none, a negative SQLite code on error (store_error() set). */
int schema_choose_scheme(struct store *s);

/* The CREATE TABLE of scheme sc's token table referencing `users` (sqlite3_malloc'd in
** *sql), which must have a single-column primary key; user_id gets that key's type. */
int schema_token_table_sql(struct store *s, const struct scheme *sc, const char *users,
                           char **sql);

#endif
