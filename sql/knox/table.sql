-- The knox scheme's token table, exactly as django-rest-knox 5.0.2's migrations 0001-0009
-- make it on SQLite (tests/oracle/knox/knox-facts.json: the DDL and both indexes, as
-- sqlite_master shows them), its foreign key naming the users table and its primary key.
-- Django names the indexes from the table and column names, so they are fixed here.
-- Placeholders (scheme.h): {table} the token table; {id_type} user_id's type with a leading
-- space (" integer", Django's for an integer key); {users} the users table and {id} its key.
-- Comment lines are not compiled in.
CREATE TABLE IF NOT EXISTS main.{table} ("digest" varchar(128) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id"{id_type} NOT NULL REFERENCES {users} ({id}) DEFERRABLE INITIALLY DEFERRED, "expiry" datetime NULL, "token_key" varchar(25) NOT NULL);
CREATE INDEX IF NOT EXISTS main."knox_authtoken_token_key_8f4f7d47" ON {table} ("token_key");
CREATE INDEX IF NOT EXISTS main."knox_authtoken_user_id_e5a5d899" ON {table} ("user_id");
