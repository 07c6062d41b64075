-- The token table, exactly as Django's `migrate` creates it for rest_framework.authtoken
-- (DRF 3.14), its foreign key naming the users table and that table's primary key.
-- Arguments (sqlite3_mprintf): user_id's type with a leading space (" integer", Django's for an
-- integer key; " char(32)" for a UUID key), users table, users id column.
-- Comment lines are not compiled in.
CREATE TABLE IF NOT EXISTS main."authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id"%s NOT NULL UNIQUE REFERENCES "%w" ("%w") DEFERRABLE INITIALLY DEFERRED);
