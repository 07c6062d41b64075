-- The knox scheme, the holder: does user :user_id exist? Returns its id as the users table
-- stores it, and NULL for the key (many tokens per user: issuing always inserts).
SELECT u.{id}, NULL FROM main.{users} AS u WHERE u.{id} = :user_id
