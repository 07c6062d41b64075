-- A user renumbered (UPDATE users SET id = ...) takes its token along, as ON UPDATE CASCADE
-- would: the key stays with the user it was issued for, never with whoever gets the old id
-- next, and the foreign key stays satisfied. A token already under the new id belonged to a
-- user that is gone (the id is unique), so it goes. Tokens of users that UPDATE OR REPLACE
-- deleted on a UNIQUE column (recorded by authtoken_user_update_before, gone now) go too.
-- The rest of the WHEN clause: see drf/user_insert_trigger.sql.
-- {table} (the scheme's token table) is filled first; then the sqlite3_mprintf arguments:
-- columns (UPDATE OF list), users table, id column x2, signature, id column x7, users table,
-- id column.
CREATE TEMP TRIGGER "authtoken_user_update" AFTER UPDATE OF %s ON main."%w"
WHEN (OLD."%w" IS NOT NEW."%w" OR EXISTS (SELECT 1 FROM temp."authtoken_replaced"))
 AND NOT EXISTS (SELECT 1 FROM main.{table} WHERE 0)
BEGIN /* authtoken %s */
  DELETE FROM {table} WHERE OLD."%w" IS NOT NEW."%w" AND "user_id" = NEW."%w";
  UPDATE {table} SET "user_id" = NEW."%w" WHERE OLD."%w" IS NOT NEW."%w" AND "user_id" = OLD."%w";
  DELETE FROM {table} WHERE "user_id" IN (SELECT r."id" FROM temp."authtoken_replaced" AS r WHERE NOT EXISTS (SELECT 1 FROM main."%w" AS u WHERE u."%w" = r."id"));
  DELETE FROM "authtoken_replaced";
END;
