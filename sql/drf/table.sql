-- The token table, exactly as Django's `migrate` creates it for rest_framework.authtoken
-- (DRF 3.14), its foreign key naming the users table and that table's primary key.
-- Placeholders (scheme.h): {table} the token table; {id_type} user_id's type with a leading
-- space (" integer", Django's for an integer key; " char(32)" for a UUID key); {users} the
-- users table and {id} its key, as token_install names them.
-- Comment lines are not compiled in.
CREATE TABLE IF NOT EXISTS main.{table} ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id"{id_type} NOT NULL UNIQUE REFERENCES {users} ({id}) DEFERRABLE INITIALLY DEFERRED);
