-- Records the users the new row conflicts with on a UNIQUE index (see replaced_table.sql).
-- Nothing is deleted here: an INSERT OR IGNORE or an upsert keeps that user, and its token.
-- Arguments: users table, conditions (one EXISTS per UNIQUE index), signature, statements
-- (one INSERT per UNIQUE index).
CREATE TEMP TRIGGER "authtoken_user_insert_before" BEFORE INSERT ON main."%w"
WHEN %s
BEGIN /* authtoken %s */
%sEND;
