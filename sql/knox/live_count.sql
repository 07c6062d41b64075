-- The knox scheme, the per-user limit: user :user_id's tokens with expiry > :now, as knox's
-- TOKEN_LIMIT_PER_USER counts them (filter(expiry__gt=now) in SQL: NULL expiry and expired
-- tokens do not count).
SELECT count(*) FROM main.{table} WHERE "user_id" = :user_id AND "expiry" > :now
