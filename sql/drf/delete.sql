-- DRF's scheme, delete: every token of user :user_id (DRF: at most one).
DELETE FROM main.{table} WHERE "user_id" = :user_id
