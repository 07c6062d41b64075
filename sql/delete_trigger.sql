-- Deleting a user deletes the user's tokens, as Django's ORM cascade does, so that a plain
-- SQL DELETE succeeds with PRAGMA foreign_keys=ON. The WHEN clause: see drf/user_insert_trigger.sql.
-- {table} (the scheme's token table) is filled first; then the sqlite3_mprintf arguments: users table, signature, users id column.
CREATE TEMP TRIGGER "authtoken_user_delete" AFTER DELETE ON main."%w"
WHEN NOT EXISTS (SELECT 1 FROM main.{table} WHERE 0)
BEGIN /* authtoken %s */
  DELETE FROM {table} WHERE "user_id" = OLD."%w";
END;
