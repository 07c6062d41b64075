-- The knox scheme, beyond knox: token_refresh records when the presented token was used, in
-- the optional last_used column (prepared only when the table has it), at most once per
-- last_used_interval (the store decides from the value it read).
UPDATE main.{table} SET "last_used" = :now WHERE "digest" = :key
