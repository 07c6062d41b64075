-- The same as authtoken_user_insert_before for UPDATE (OR REPLACE) of a UNIQUE column.
-- Arguments: columns (UPDATE OF list), users table, conditions, signature, statements.
CREATE TEMP TRIGGER "authtoken_user_update_before" BEFORE UPDATE OF %s ON main."%w"
WHEN %s
BEGIN /* authtoken %s */
%sEND;
