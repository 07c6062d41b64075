-- Deleting a user deletes the user's tokens, as Django's ORM cascade does, so that a plain
-- SQL DELETE succeeds with PRAGMA foreign_keys=ON. Arguments: users table, users id column.
CREATE TEMP TRIGGER IF NOT EXISTS "authtoken_user_delete" AFTER DELETE ON main."%w"
BEGIN
  DELETE FROM "authtoken_token" WHERE "user_id" = OLD."%w";
END;
