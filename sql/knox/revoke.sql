-- The knox scheme, revoke: the presented token's row (knox's LogoutView deletes
-- request._auth), by digest and token_key as find reads it.
DELETE FROM main.{table} WHERE "digest" = :key AND "token_key" = :token_key
