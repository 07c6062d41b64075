/*
** settings_table.h: the settings table. Every setting is one row of SETTINGS_ROWS: its name
** (matched whole), its default, how a value is checked, and what it is for. Reading (the
** authtoken_settings view at discovery), writing (token_setting, token_setting_sql),
** checking and listing a setting all go through that table (settings_table.c); where a
** value lives: in the database, as a row of the view main.authtoken_settings (defaults are
** left out of it), and on the connection, in s->schema.setting[id] after discovery.
** Adding a setting is one row here (plus its check, if no existing one fits).
*/
#ifndef AUTHTOKEN_SETTINGS_TABLE_H
#define AUTHTOKEN_SETTINGS_TABLE_H

#include "sqlite3ext.h"

struct store;

/* X(ID, name, default, check, what it is for). The check is a function of settings_table.c:
**   check_keyword      1 to 32 characters from '!' to '~'
**   check_users_column a column of the users table (so the token table must exist)
**   check_allow_refuse 'allow' or 'refuse'
**   check_on_off       'on' or 'off'
**   check_scheme       'auto', or a registered scheme (scheme.h) whose table main has
**   check_ttl          a whole number of seconds from 1 to 3153600000 (100 years), or 'none'
**   check_interval     a whole number of seconds from 0 to 3153600000
**   check_limit        a whole number from 1 to 1000000, or 'none'
**   check_prefix       knox's prefix rule (knox_mint.h): at most 10 code points of UTF-8, and
**                      beyond knox no space or control character
** The order is the order of the rows in the view and in the "known:" list. */
#define SETTINGS_ROWS(X)                                                                     \
  X(KEYWORD, "keyword", "Token", check_keyword,                                               \
    "the Authorization scheme token_user accepts (DRF's TokenAuthentication.keyword)")        \
  X(USERNAME_COLUMN, "username_column", "username", check_users_column,                       \
    "the users table column token_obtain matches the username against")                      \
  X(WRITES_IN_SELECT, "writes_in_select", "allow", check_allow_refuse,                        \
    "'refuse': refuse a writing call from inside a read-only statement (engine.c)")           \
  X(SCHEME, "scheme", "auto", check_scheme,                                                   \
    "the token scheme in force: 'auto' (the one whose table main has; DRF's when both) or a " \
    "scheme's name ('drf', 'knox'), whose table must exist")                                  \
  X(TTL, "ttl", "36000", check_ttl,                                                           \
    "knox scheme: seconds a new token lives, or 'none' for never (knox's TOKEN_TTL)")          \
  X(PREFIX, "prefix", "", check_prefix,                                                       \
    "knox scheme: the text new tokens start with, 0 to 10 characters (TOKEN_PREFIX)")          \
  X(LIMIT_PER_USER, "limit_per_user", "none", check_limit,                                     \
    "knox scheme: most unexpired tokens a user may hold (TOKEN_LIMIT_PER_USER)")               \
  X(AUTO_REFRESH, "auto_refresh", "off", check_on_off,                                         \
    "knox scheme: 'on': token_refresh renews an expiry to now + ttl (AUTO_REFRESH)")           \
  X(MIN_REFRESH_INTERVAL, "min_refresh_interval", "60", check_interval,                        \
    "knox scheme: a renewal writes only when it moves the expiry by more (MIN_REFRESH_INTERVAL)") \
  X(MAX_TTL, "max_ttl", "none", check_ttl,                                                     \
    "knox scheme: renewals never go past created + this (AUTO_REFRESH_MAX_TTL)")              \
  X(LAST_USED_INTERVAL, "last_used_interval", "60", check_interval,                           \
    "knox scheme, beyond knox: token_refresh writes the optional last_used column at most "    \
    "once per this many seconds")                                                              \
  X(NEW_USER_TOKEN, "new_user_token", "off", check_on_off,                                    \
    "knox scheme: 'on': this connection's trigger gives every new user a token row, whose "   \
    "plaintext nobody receives (DRF's scheme always does)")                                   \
  X(CHECKSUM, "checksum", "off", check_on_off,                                                 \
    "knox scheme, beyond knox: 'on': new tokens end in a CRC-32 base62 tail (checksum.h) and " \
    "a presented token without a valid one is refused before any lookup")

#define SETTING_ENUM_(id, name, dflt, check, doc) SETTING_##id,
enum setting_id { SETTINGS_ROWS(SETTING_ENUM_) SETTING_COUNT };
#undef SETTING_ENUM_

/* One row of the settings table. */
struct setting {
  enum setting_id id;
  const char *name;  /* the name token_setting takes, matched whole */
  const char *dflt;  /* the value in force when the view does not list it */
  /* NULL when value is acceptable, else the message (sqlite3_malloc'd); value is not NULL */
  char *(*check)(struct store *s, const struct setting *row, const char *value);
  const char *doc;   /* what it is for */
};

/* The row of a setting named exactly `name`, or NULL. */
const struct setting *setting_find(const char *name);
/* "keyword, username_column, ...": the names, in table order (static text). */
const char *settings_known(void);
/* 1 if the row's check reads the users table (so the token table must exist), else 0. */
int setting_needs_users(const struct setting *row);

/* Checks a value, written (token_setting) or read from the view (discovery): NULL when
** acceptable (NULL, the default, always is), else the message (sqlite3_malloc'd). */
char *setting_check(struct store *s, const struct setting *row, const char *value);

/* Discovery: reads the settings from the authtoken_settings view's text (parsed, never run;
** at most 4096 bytes; each value checked) into s->schema.setting[], then the defaults.
** Returns SQLITE_OK, or an error with store_error() saying what is wrong with the view. */
int settings_read(struct store *s);
/* Frees the values read (s->schema.setting[]). */
void settings_forget(struct store *s);

/* The value in force (discovering the schema if needed; the default when the database has
** no token table or no view). */
const char *settings_value(struct store *s, enum setting_id id);

/* A numeric setting's value in force (ttl, limit_per_user, min_refresh_interval, max_ttl):
** the number, or -1 for 'none'. */
sqlite3_int64 settings_number(struct store *s, enum setting_id id);
/* 1 if an on/off setting is 'on', else 0. */
int settings_on(struct store *s, enum setting_id id);

/* 1 if writes from inside a read-only autocommit statement are refused (the
** writes_in_select setting as of the caller's store_check_fresh: call.c checks once per
** call, as another connection may have changed it), else 0. */
int settings_refuse_writes_in_select(struct store *s);

/* Sets a setting (value NULL restores its default) by rewriting the authtoken_settings
** view, a schema change that every connection notices. Returns SQLITE_OK or an error. */
int settings_write(struct store *s, const struct setting *row, const char *value);
/* The statements settings_write would run, as text (*sql sqlite3_malloc'd), for callers
** that run writes themselves (token_setting_sql, engines that route by statement kind). */
int settings_write_sql(struct store *s, const struct setting *row, const char *value,
                       char **sql);

#endif
