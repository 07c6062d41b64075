-- The knox scheme, renewal (token_refresh): the presented token's expiry, created and, when
-- the table has the optional column (README, "The knox scheme"), last_used ({last_used} is
-- t."last_used", or NULL without it).
SELECT t."expiry", t."created", {last_used} FROM main.{table} AS t JOIN main.{users} AS u ON u.{id} = t."user_id" WHERE t."digest" = :key AND t."token_key" = :token_key
