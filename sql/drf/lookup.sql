-- DRF's scheme, find: the token whose key is :key, joined to its user as DRF's
-- select_related('user') does. Returns the user's id as the users table stores it, and
-- is_active ({is_active} is u."is_active", or 1 when the users table has no such column).
-- Placeholders (scheme.h): {table} the token table, {users} the users table, {id} its key.
SELECT u.{id}, {is_active} FROM main.{table} AS t JOIN main.{users} AS u ON u.{id} = t."user_id" WHERE t."key" = :key
