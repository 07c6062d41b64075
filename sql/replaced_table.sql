-- INSERT OR REPLACE (or UPDATE OR REPLACE) deletes the users that conflict on a UNIQUE column
-- without firing delete triggers (unless PRAGMA recursive_triggers is on), which would leave
-- their tokens behind and, with foreign keys on, make the statement fail. Before each insert
-- or update, the BEFORE triggers record here the users that conflict with the new row on a
-- UNIQUE index; the AFTER triggers delete the tokens of those that are gone by then, and
-- empty it. This connection's only (TEMP); it holds user ids, nothing secret.
CREATE TEMP TABLE IF NOT EXISTS "authtoken_replaced" ("id");
