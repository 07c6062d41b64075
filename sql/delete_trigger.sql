-- Deleting a user deletes the user's tokens, as Django's ORM cascade does, so that a plain
-- SQL DELETE succeeds with PRAGMA foreign_keys=ON. The WHEN clause: see insert_trigger.sql.
-- Arguments: users table, signature, users id column.
CREATE TEMP TRIGGER "authtoken_user_delete" AFTER DELETE ON main."%w"
WHEN NOT EXISTS (SELECT 1 FROM main."authtoken_token" WHERE 0)
BEGIN /* authtoken %s */
  DELETE FROM "authtoken_token" WHERE "user_id" = OLD."%w";
END;
