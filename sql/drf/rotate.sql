-- DRF's scheme, rotate: replaces user :user_id's key with token_new()'s (never bound), and
-- its created time with :created.
UPDATE main.{table} SET "key" = token_new(), "created" = :created WHERE "user_id" = :user_id
