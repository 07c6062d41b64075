-- The knox scheme, issue under limit_per_user: insert.sql's row, but nothing is inserted
-- when the user already holds :limit tokens whose expiry is after :now (knox's
-- TOKEN_LIMIT_PER_USER counts filter(expiry__gt=now): NULL-expiry and expired tokens do not
-- count); one statement, so two connections cannot both pass the check. With the optional
-- name column (beyond knox), {name_column} is , "name" and {name_value} , :name.
INSERT INTO main.{table} ("digest", "token_key", "user_id", "created", "expiry"{name_column}) SELECT :key, :token_key, :user_id, :created, :expiry{name_value} WHERE (SELECT count(*) FROM main.{table} WHERE "user_id" = :user_id AND "expiry" > :now) < :limit
