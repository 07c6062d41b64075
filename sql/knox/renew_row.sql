-- The knox scheme, renewal (token_refresh): the presented token's expiry and created, read
-- in the same transaction as the UPDATE that follows.
SELECT t."expiry", t."created" FROM main.{table} AS t JOIN main.{users} AS u ON u.{id} = t."user_id" WHERE t."digest" = :key AND t."token_key" = :token_key
