-- api.sql: every SQL function's documented results and errors, on a fresh database.
-- Random keys are checked by their properties, never printed.
.load ./dist/authtoken
.mode list
.headers off
SELECT 'version is the VERSION file''s', authtoken_version() = rtrim(CAST(readfile('VERSION') AS TEXT), char(10));
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, is_active INTEGER DEFAULT 1);
-- token_install
SELECT 'install', token_install();
SELECT 'install again is idempotent', token_install('users');
SELECT 'install with the wrong table', token_install('auth_user');
SELECT 'install with a number', token_install(1);
SELECT 'install with NULL', token_install(NULL);
SELECT 'ddl is DRF''s', sql FROM sqlite_schema WHERE name = 'authtoken_token';
-- the trigger issues tokens as users are inserted
INSERT INTO users (username) VALUES ('ada'), ('bob'), ('cy');
SELECT 'one token per user', count(*), count(DISTINCT key), count(DISTINCT user_id) FROM authtoken_token;
SELECT 'keys are 40 lowercase hex', count(*) FROM authtoken_token WHERE length(key) = 40 AND key NOT GLOB '*[^0-9a-f]*';
SELECT 'created is Django''s format', count(*) FROM authtoken_token
 WHERE created GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'
   AND (length(created) = 19 OR (length(created) = 26 AND substr(created, 20, 1) = '.'))
   AND abs(julianday(created) - julianday('now')) < 0.01;
-- token_create: get_or_create
SELECT 'create returns the existing key', token_create(1) = (SELECT key FROM authtoken_token WHERE user_id = 1);
SELECT 'create NULL', quote(token_create(NULL));
SELECT 'create text is the integer key''s id', token_create('1') = token_create(1), token_create(' 1 ') = token_create(1.0);
SELECT 'create real', token_create(1.5);
SELECT 'create unknown user', token_create(42);
DELETE FROM authtoken_token WHERE user_id = 2;
SELECT 'create makes a missing key', length(token_create(2)), (SELECT count(*) FROM authtoken_token WHERE user_id = 2);
-- token_rotate
CREATE TEMP TABLE old AS SELECT key FROM authtoken_token WHERE user_id = 1;
SELECT 'rotate returns the new key', token_rotate(1) = (SELECT key FROM authtoken_token WHERE user_id = 1);
SELECT 'rotate replaced the old key', (SELECT count(*) FROM authtoken_token WHERE key IN (SELECT key FROM old)), (SELECT count(*) FROM authtoken_token WHERE user_id = 1);
SELECT 'old key after rotate', token_auth_error('Token ' || key) FROM old;
SELECT 'rotate unknown user', token_rotate(42);
SELECT 'rotate NULL', quote(token_rotate(NULL));
-- token_user / token_auth_error
SELECT 'user of a valid header', token_user('Token ' || key), quote(token_auth_error('Token ' || key)) FROM authtoken_token WHERE user_id = 3;
SELECT 'as a BLOB', token_user(CAST('Token ' || key AS BLOB)) FROM authtoken_token WHERE user_id = 3;
SELECT 'keyword case', token_user('tOKEN ' || key) FROM authtoken_token WHERE user_id = 3;
SELECT 'uppercased key', quote(token_user('Token ' || upper(key))), token_auth_error('Token ' || upper(key)) FROM authtoken_token WHERE user_id = 3;
SELECT 'key then NUL', quote(token_user(CAST(X'546f6b656e20' || CAST(key AS BLOB) || X'00' AS TEXT))) FROM authtoken_token WHERE user_id = 3;
SELECT 'no header', quote(token_user(NULL)), quote(token_auth_error(NULL));
SELECT 'empty header', quote(token_user('')), quote(token_auth_error(''));
SELECT 'other scheme', quote(token_user('Bearer abc')), quote(token_auth_error('Basic YWRhOnB3'));
SELECT 'keyword only', quote(token_user('Token')), token_auth_error('Token   ');
SELECT 'three parts', token_auth_error('Token a b');
SELECT 'invalid UTF-8', token_auth_error(X'546f6b656e20ff');
SELECT 'unknown key', token_auth_error('Token 0123456789abcdef0123456789abcdef01234567');
SELECT 'wildcards are literal', token_auth_error('Token %'), token_auth_error('Token *');
UPDATE users SET is_active = 0 WHERE id = 3;
SELECT 'inactive', quote(token_user('Token ' || key)), token_auth_error('Token ' || key) FROM authtoken_token WHERE user_id = 3;
UPDATE users SET is_active = NULL WHERE id = 3;
SELECT 'is_active NULL is inactive', token_auth_error('Token ' || key) FROM authtoken_token WHERE user_id = 3;
UPDATE users SET is_active = 2 WHERE id = 3;
SELECT 'is_active 2 is active', token_user('Token ' || key) FROM authtoken_token WHERE user_id = 3;
SELECT 'number header', token_user(42);
SELECT 'wrong argument count', token_user();
-- token_delete
SELECT 'delete', token_delete(3), token_delete(3), token_delete(99), quote(token_delete(NULL));
SELECT 'delete text is the integer key''s id', token_delete('2'), token_delete(2), length(token_create(2));
-- token_new writes nothing
SELECT 'token_new', length(token_new()), token_new() <> token_new(), (SELECT count(*) FROM authtoken_token);
INSERT INTO authtoken_token (key, created, user_id) VALUES (token_new(), token_now(), 3);
SELECT 'insert with token_new', token_user('Token ' || key) FROM authtoken_token WHERE user_id = 3;
-- the delete trigger: a plain DELETE with foreign keys on
PRAGMA foreign_keys = ON;
DELETE FROM users WHERE id = 1;
SELECT 'delete trigger removed the tokens', count(*) FROM authtoken_token WHERE user_id = 1;
-- rollback removes both the user and the token
BEGIN;
INSERT INTO users (username) VALUES ('dee');
SELECT 'inside the transaction', count(*) FROM authtoken_token WHERE user_id = 4;
ROLLBACK;
SELECT 'after rollback', (SELECT count(*) FROM users WHERE id = 4), (SELECT count(*) FROM authtoken_token WHERE user_id = 4);
-- turning the triggers off and on
SELECT 'triggers', token_triggers(), token_triggers(0), token_triggers();
INSERT INTO users (username) VALUES ('eve');
SELECT 'no token with triggers off', count(*) FROM authtoken_token WHERE user_id = (SELECT id FROM users WHERE username = 'eve');
SELECT 'triggers back on', token_triggers(1);
SELECT 'temp triggers', group_concat(name, ' ') FROM sqlite_temp_master WHERE type = 'trigger';
SELECT 'triggers with text', token_triggers('on');
SELECT 'debug', authtoken_debug() LIKE 'authtoken % SQLite 3.% libsodium %';
