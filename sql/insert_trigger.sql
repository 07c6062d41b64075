-- This connection's post_save twin: every user inserted gets a token in the same statement.
-- A token left behind by a deleted user whose id is reused is replaced, never inherited.
-- TEMP, so it may call the DIRECTONLY token_new(); nothing in the database file needs us.
-- Arguments: users table, users id column (twice).
CREATE TEMP TRIGGER IF NOT EXISTS "authtoken_user_insert" AFTER INSERT ON main."%w"
BEGIN
  DELETE FROM "authtoken_token" WHERE "user_id" = NEW."%w";
  INSERT INTO "authtoken_token" ("key", "created", "user_id") VALUES (token_new(), token_now(), NEW."%w");
END;
