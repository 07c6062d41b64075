-- DRF's scheme, the holder of a token: does user :user_id exist, and which key has it?
-- Returns the id as the users table stores it and the user's key, or NULL when it has none
-- (one token per user: DRF's get_or_create reads this before it inserts).
SELECT u.{id}, t."key" FROM main.{users} AS u LEFT JOIN main.{table} AS t ON t."user_id" = u.{id} WHERE u.{id} = :user_id
