/*
** scheme_knox.c: django-rest-knox 5.0.2's token scheme (issue 10): hashed at rest, many
** tokens per user, expiry.
**
** Table knox_authtoken, exactly as knox's migrations make it (sql/knox/table.sql). A token
** is the prefix setting (0-10 characters) then 64 lowercase hex characters from libsodium's
** CSPRNG (knox_mint.c), optionally followed by a 6-character checksum tail (checksum.h,
** the checksum setting: beyond knox). Stored: digest = SHA-512 hex of the whole token's
** UTF-8 bytes (the primary key), token_key = its first 15 code points (knox_token.c),
** created and expiry in Django's text format (expiry NULL: never). The plaintext is never
** stored. find looks a token up by digest and token_key, joined to its user (a row whose
** user is gone is no token: knox's User.DoesNotExist, an HTTP 500, answered as DRF does),
** is_active as Django's bool converter reads it, expiry strict (`expiry < now`); it never
** writes (knox deletes expired tokens while authenticating; here token_purge does). New
** users get no token from a trigger: nobody would ever receive its plaintext.
** Texts: sql/knox/.
*/
#include "knox_mint.h"
#include "knox_token.h"
#include "scheme.h"
#include "sql_embed.h"

static int mint(const struct scheme_mint *opt, char *key) {
  const char *prefix = opt && opt->prefix ? opt->prefix : "";
  size_t n = 0;
  while (prefix[n]) n++;
  return (int)knox_mint((const unsigned char *)prefix, n, opt && opt->checksum, key);
}

static void digest(const void *key, int len, char *out) {
  knox_digest(key, (size_t)len, out);
}

static int token_key(const void *key, int len, int *out_len) {
  size_t n = 0;
  if (knox_token_key(key, (size_t)len, &n) != 0) return -1;
  *out_len = (int)n;
  return 0;
}

const struct scheme scheme_knox = {
    .name = "knox",
    .table = "knox_authtoken",
    .key_len = KNOX_RANDOM_HEX_LEN,
    .mint = mint,
    .shape_ok = NULL, /* the checksum setting is applied by the store (store_find) */
    .digest = digest,
    .digest_len = KNOX_DIGEST_HEX_LEN,
    .token_key = token_key,
    .one_per_user = 0,
    .expiry_column = "expiry",
    .create_table = sql_knox_table,
    .user_insert_trigger = NULL,
    .opt_user_insert_trigger = sql_knox_user_insert_trigger, /* new_user_token on */
    .sql =
        {
            [SQL_LOOKUP] = sql_knox_lookup,
            [SQL_USER_KEY] = sql_knox_user_key,
            [SQL_INSERT] = sql_knox_insert,
            [SQL_INSERT_LIMITED] = sql_knox_insert_limited,
            [SQL_ROTATE] = NULL, /* knox has no rotation: create a token, revoke the old */
            [SQL_DELETE] = sql_knox_delete,
            [SQL_REVOKE] = sql_knox_revoke,
            [SQL_PURGE] = sql_knox_purge,
            [SQL_RENEW_ROW] = sql_knox_renew_row,
            [SQL_RENEW] = sql_knox_renew,
            [SQL_TOUCH] = sql_knox_touch,
        },
};
_Static_assert(KNOX_TOKEN_MAX <= SCHEME_KEY_MAX, "a knox token fits SCHEME_KEY_MAX");
