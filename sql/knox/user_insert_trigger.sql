-- The knox scheme: with the new_user_token setting on, this connection's trigger gives every
-- user inserted a token row in the same statement, as DRF's scheme always does. Its
-- plaintext is drawn by token_new() and never reaches anyone (only its digest and token_key
-- are stored), so it can never be presented: a row for code that expects every user to
-- hold one, nothing more. Off (the default): new users get none.
-- TEMP, so it may call the DIRECTONLY functions; the WHEN clause names main's table, as in
-- sql/drf/user_insert_trigger.sql. The token is drawn once in the subquery (SQLite does not
-- copy a non-deterministic expression when it flattens one).
-- {table} is filled first (scheme.h), then the sqlite3_mprintf arguments: users table,
-- signature, id column (the fourth argument, the id again, is unused).
CREATE TEMP TRIGGER "authtoken_user_insert" AFTER INSERT ON main."%w"
WHEN NOT EXISTS (SELECT 1 FROM main.{table} WHERE 0)
BEGIN /* authtoken %s */
  INSERT INTO {table} ("digest", "token_key", "user_id", "created", "expiry")
    SELECT token_digest(k), substr(k, 1, 15), NEW."%w", token_now(), token_expiry() FROM (SELECT token_new() AS k);
END;
