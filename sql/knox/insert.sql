-- The knox scheme, issue: a new row, as knox's AuthToken.objects.create() writes it (same
-- column order). The token itself is never bound: only its digest (:key) and its
-- token_key, which knox stores in clear. Without a per-user limit; insert_limited.sql is
-- the statement with one (an INSERT ... SELECT that reads the table it writes, which SQLite
-- runs through a temporary table: twice the cost of this one). With the optional name
-- column (beyond knox), {name_column} is , "name" and {name_value} , :name.
INSERT INTO main.{table} ("digest", "token_key", "user_id", "created", "expiry"{name_column}) VALUES (:key, :token_key, :user_id, :created, :expiry{name_value})
