-- DRF's scheme: this connection's post_save twin: every user inserted gets a token in the same statement.
-- TEMP, so it may call the DIRECTONLY token_new(); nothing in the database file needs us.
-- A token left under the new user's id (a deleted user whose id is reused) is replaced, never
-- inherited.
-- SQLite forbids a schema name on the table an INSERT, UPDATE or DELETE inside a trigger
-- writes, and resolves "authtoken_token" in temp first, then main, then the attached files.
-- So every trigger's WHEN clause names main's table: while main has none (mid-rebuild, or
-- dropped), the user's statement fails to prepare instead of writing a key into an attached
-- file's table. A TEMP table of that name (this connection's own SQL, never a file's) would
-- take the writes: triggers.c drops the triggers while one exists.
-- {table} is filled first (scheme.h), then the sqlite3_mprintf arguments: users table,
-- signature, id column, id column.
CREATE TEMP TRIGGER "authtoken_user_insert" AFTER INSERT ON main."%w"
WHEN NOT EXISTS (SELECT 1 FROM main.{table} WHERE 0)
BEGIN /* authtoken %s */
  DELETE FROM {table} WHERE "user_id" = NEW."%w";
  INSERT INTO {table} ("key", "created", "user_id") VALUES (token_new(), token_now(), NEW."%w");
END;
