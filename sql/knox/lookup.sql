-- The knox scheme, find: the row of the presented token, by its digest (the primary key: a
-- lookup by digest, so comparison time tells nothing about a stored secret) and its
-- token_key (knox only ever reaches rows whose token_key is the token's first 15 code
-- points). Joined to its user as DRF's select_related does: a row whose user is gone is
-- no token (where knox raises User.DoesNotExist, an HTTP 500). Returns the user's id as
-- the users table stores it, is_active, and the expiry as stored (NULL: never expires;
-- the store parses it and compares it with now, strictly).
SELECT u.{id}, {is_active}, t."expiry" FROM main.{table} AS t JOIN main.{users} AS u ON u.{id} = t."user_id" WHERE t."digest" = :key AND t."token_key" = :token_key
