/*
** scheme_drf.c: Django REST Framework's token scheme (rest_framework.authtoken), the default.
**
** Keys: 40 lowercase hex characters from 20 random bytes (key.c), stored as they are in
** authtoken_token."key" (the primary key); one token per user (user_id UNIQUE; issuing
** returns the user's token if it has one: Token.objects.get_or_create); no expiry; every
** presented key is looked up, whatever its shape, as DRF does. Every new user gets a token
** from this connection's insert trigger (DRF's post_save receiver). Texts: sql/drf/.
*/
#include "key.h"
#include "scheme.h"
#include "sql_embed.h"

static int mint(const struct scheme_mint *opt, char *key) {
  (void)opt; /* DRF's keys have neither prefix nor checksum */
  key_generate(key);
  return KEY_HEX_LEN;
}

const struct scheme scheme_drf = {
    .name = "drf",
    .table = "authtoken_token",
    .key_len = KEY_HEX_LEN,
    .mint = mint,
    .shape_ok = NULL,
    .digest = NULL,
    .digest_len = 0,
    .one_per_user = 1,
    .expiry_column = NULL,
    .create_table = sql_drf_table,
    .user_insert_trigger = sql_drf_user_insert_trigger,
    .sql =
        {
            [SQL_LOOKUP] = sql_drf_lookup,
            [SQL_USER_KEY] = sql_drf_user_key,
            [SQL_INSERT] = sql_drf_insert,
            [SQL_ROTATE] = sql_drf_rotate,
            [SQL_DELETE] = sql_drf_delete,
            [SQL_REVOKE] = sql_drf_revoke,
        },
};
