-- The knox scheme, delete: every token of user :user_id (knox's LogoutAllView).
DELETE FROM main.{table} WHERE "user_id" = :user_id
