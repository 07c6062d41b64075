-- directonly.sql: a database file cannot make our functions run from its own schema
-- (views, triggers, DEFAULTs, generated columns, indexes); our TEMP triggers can.
.load ./dist/authtoken
.mode list
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);
SELECT token_install();
INSERT INTO users (username) VALUES ('ada');
CREATE VIEW leak AS SELECT token_create(1) AS k;
SELECT 'view', * FROM leak;
CREATE VIEW peek AS SELECT token_user('Token x') AS u;
SELECT 'view reading tokens', * FROM peek;
CREATE TABLE log (x);
CREATE TRIGGER steal AFTER INSERT ON log BEGIN INSERT INTO log VALUES (token_rotate(1)); END;
INSERT INTO log VALUES ('go');
SELECT 'rows in log', count(*) FROM log;
CREATE TABLE d (k TEXT DEFAULT (token_new()));
INSERT INTO d DEFAULT VALUES;
CREATE TABLE g (a, k TEXT GENERATED ALWAYS AS (token_new()));
CREATE TABLE ix (a);
CREATE INDEX ix_new ON ix (token_new());
-- the TEMP trigger, made by the extension, may call token_new()
INSERT INTO users (username) VALUES ('bob');
SELECT 'temp trigger issued', count(*) FROM authtoken_token WHERE user_id = 2;
-- and a user's own TEMP view may call them too
CREATE TEMP VIEW mine AS SELECT token_user('Token ' || key) AS u FROM authtoken_token WHERE user_id = 2;
SELECT 'temp view', u FROM mine;
