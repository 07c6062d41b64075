-- After an INSERT OR REPLACE deleted users that conflicted on a UNIQUE column (recorded by
-- authtoken_user_insert_before): the tokens of those still gone go too. The WHEN clause keeps
-- the common case (nothing recorded) to one look at an empty table. See drf/user_insert_trigger.sql.
-- {table} (the scheme's token table) is filled first; then the sqlite3_mprintf arguments: users table, signature, users table, id column.
CREATE TEMP TRIGGER "authtoken_user_replaced" AFTER INSERT ON main."%w"
WHEN EXISTS (SELECT 1 FROM temp."authtoken_replaced")
 AND NOT EXISTS (SELECT 1 FROM main.{table} WHERE 0)
BEGIN /* authtoken %s */
  DELETE FROM {table} WHERE "user_id" IN (SELECT r."id" FROM temp."authtoken_replaced" AS r WHERE NOT EXISTS (SELECT 1 FROM main."%w" AS u WHERE u."%w" = r."id"));
  DELETE FROM "authtoken_replaced";
END;
