/*
** scheme.h: token schemes. A scheme says how a token is minted and formatted, what its table
** stores (the key itself or a digest of it), whether a user holds one token or many, whether
** tokens expire, and the texts of the statements that read and write its table. The store
** (store.h) runs a scheme's statements through verbs (find, issue, rotate, delete) and
** never asks which scheme it runs. DRF's scheme (scheme_drf.c) is the first of the registry
** (scheme.c); which one is in force is chosen at discovery (schema.c): the scheme whose
** table main has, the first registered when none has one (token_install creates it).
**
** Statement texts live in sql/<scheme>/<name>.sql, compiled in as sql_<scheme>_<name> by the
** Makefile. They bind NAMED parameters, each bound by the store when the text names it:
**   :key      the presented key, or its digest when the scheme stores digests (digest below)
**   :user_id  a user's id, as the users table stores it
**   :created  the current time as Django stores a DateTimeField (timestamp.h)
**   :now      the same time, for expiry comparisons
** and name identifiers with placeholders filled once at discovery (scheme_fill):
**   {table}   the scheme's token table, quoted   {users}  the users table, quoted
**   {id}      the users table's key, quoted      {is_active}  u."is_active", or 1 without one
** A key the store mints (issue, rotate) is drawn by token_new() INSIDE the INSERT or UPDATE,
** never bound: token_new() mints with the scheme's mint() and hands the first key it draws
** inside our own statement to the store (store.h: capture), so no bound value or statement
** text carries it (tests/c/test_hardening.c traces every statement).
**
** How to add a scheme (django-rest-knox's hashed tokens, say):
**   1. sql/<name>/: table.sql (the CREATE TABLE token_install runs: {table}, {users}, {id},
**      {id_type}), and one file per statement of enum scheme_sql it offers; NULL for those it
**      does not (the verb then fails with "<scheme> tokens cannot be <verb>ed").
**   2. ext/sqlite/scheme_<name>.c: `const struct scheme scheme_<name> = {...}` filling the
**      fields below (mint and format, digest, one_per_user, expiry_column, the texts), and
**      its extern declaration at the end of this file.
**   3. One line in scheme.c's registry. Discovery then picks it where main has its table.
**   4. A new verb (revoke one token, purge expired ones, renew an expiry) is one more slot
**      of enum scheme_sql (and of enum store_stmt, cache.h), its name in cache.c's
**      statement names, and a short function in store.c over run_statement(), which binds
**      the parameters above by name; a new parameter is one more name in cache.c and in
**      enum store_param (cache.h), and a field of store.c's struct store_args.
**   5. Tests: tests/sql/<name>.sql with its .expected, and the oracle's answers (tests/oracle).
** Nothing outside the scheme's own files changes for a scheme that fits these fields.
*/
#ifndef AUTHTOKEN_SCHEME_H
#define AUTHTOKEN_SCHEME_H

#include <stddef.h>

#include "sqlite3ext.h"

/* The longest key a scheme mints, and the longest stored digest (SHA-512 in hex: 128). */
#define SCHEME_KEY_MAX 128
#define SCHEME_DIGEST_MAX 128

/* A scheme's statements. Each says what it binds and returns. */
enum scheme_sql {
  SQL_LOOKUP,   /* find: :key [, :token_key] -> user id as stored, is_active [, the stored
                   expiry when the scheme has an expiry column (store.c judges it)] */
  SQL_USER_KEY, /* :user_id -> user id as stored, the user's key or NULL (one_per_user), or
                   NULL (many per user): does the user exist, which key does it hold? */
  SQL_INSERT,   /* issue: :created, :user_id; the key from token_new() (stored keys), or
                   :key (the digest), :token_key, :expiry */
  SQL_INSERT_LIMITED, /* issue under a per-user limit: SQL_INSERT's, :limit and :now; no row
                         when the user holds :limit tokens unexpired at :now */
  SQL_ROTATE,   /* rotate: :created, :user_id; replaces the user's key with token_new()'s */
  SQL_DELETE,   /* delete: :user_id; every token of the user */
  SQL_REVOKE,   /* revoke: :key, :token_key; the presented token's row */
  SQL_PURGE,    /* purge: :now; every expired token */
  SQL_RENEW_ROW,  /* :key, :token_key -> the presented token's expiry and created */
  SQL_RENEW,      /* renew: :key, :expiry, :old; a new expiry if it still is :old */
  SQL_TOUCH,      /* :key, :now, :old; last_used = now if it still is :old (optional column) */
  SCHEME_SQL_COUNT
};

/* What minting reads from the settings (settings_table.h). */
struct scheme_mint {
  const char *prefix; /* the prefix setting (knox): text new keys start with */
  int checksum;       /* the checksum setting: append the checksum.h tail */
};

struct scheme {
  const char *name;  /* its name in messages and settings: "drf" */
  const char *table; /* its token table in main: "authtoken_token" */
  /* Minting: a new key and a NUL into key (at most SCHEME_KEY_MAX characters), from
  ** libsodium's randomness; returns its length, or 0 when the settings in opt cannot make
  ** one. key_len is the length of a key minted with no prefix and no checksum. */
  int key_len;
  int (*mint)(const struct scheme_mint *opt, char *key);
  /* Shape check before any lookup (a checksum, a prefix), or NULL: every presented key is
  ** looked up (DRF). 0 means "no such token" without touching the table. */
  int (*shape_ok)(const void *key, int len);
  /* Storage: NULL when the table stores the key itself (DRF); else the stored form of a
  ** presented key, digest_len (at most SCHEME_DIGEST_MAX) characters and a NUL into out. */
  void (*digest)(const void *key, int len, char *out);
  int digest_len;
  /* With a digest: the bytes of key that the token_key column holds (knox: its first 15
  ** code points) into *out_len; returns 0, or -1 for a key that has none (not UTF-8). */
  int (*token_key)(const void *key, int len, int *out_len);
  /* 1: one token per user, issue returns the one it holds (DRF's get_or_create); 0: every
  ** issue inserts a new row (knox). */
  int one_per_user;
  /* The expiry column, or NULL: tokens never expire. With one, find binds :now and reads a
  ** third column, expired. */
  const char *expiry_column;
  const char *create_table;        /* sql/<name>/table.sql */
  const char *user_insert_trigger; /* the TEMP trigger giving every new user a token (a
                                      printf template after {table}: users table, signature,
                                      id, id; triggers.c), or NULL: new users get none */
  const char *opt_user_insert_trigger; /* the same, given only when the new_user_token
                                          setting is on (knox), or NULL */
  const char *sql[SCHEME_SQL_COUNT];
};

/* The registry, in order of preference: scheme_at(0) is the default. */
int scheme_count(void);
const struct scheme *scheme_at(int i);

/* One placeholder of a template: {name} becomes value, quoted as an identifier ("x",
** doubled quotes inside) when quote is set, else as it is. */
struct scheme_var {
  const char *name;
  const char *value;
  int quote;
};

/* tmpl with every {name} replaced (sqlite3_malloc'd), or NULL when out of memory or for a
** placeholder not in vars (a mistake in a template, caught by every test). */
char *scheme_fill(const char *tmpl, const struct scheme_var *vars, int n);

/* Sets *found to the first registered scheme whose token table main has, or NULL when main
** has none. Prepares no statement (the refresh path). Returns SQLITE_OK, or SQLite's code
** when the schema cannot be read (a locked or malformed database). */
int scheme_in(sqlite3 *db, const struct scheme **found);

/* The registered scheme named exactly `name`, or NULL. */
const struct scheme *scheme_named(const char *name);

/* The registered schemes. */
extern const struct scheme scheme_drf;
extern const struct scheme scheme_knox;

#endif
