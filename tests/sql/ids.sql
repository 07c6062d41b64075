-- ids.sql: user ids of any single-column primary key type (issue 9, items 3 and 14).
-- An id argument is taken as SQLite compares it with the users table's key (its affinity);
-- token_user returns the id exactly as stored. Random keys are compared, never printed.
.load ./dist/authtoken
.mode list
.headers off
-- INTEGER key (a rowid alias): 3, 3.0, '3', ' 3 ', '3.0' and '3e0' are all user 3.
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);
SELECT 'install', token_install('users');
INSERT INTO users (id, username) VALUES (3, 'ada'), (4, 'bob');
CREATE TEMP VIEW k3 AS SELECT key FROM authtoken_token WHERE user_id = 3;
SELECT 'integer key: same key for 3, 3.0, ''3'', '' 3 '', ''3.0'', ''3e0''',
  token_create(3) = (SELECT key FROM k3), token_create(3.0) = (SELECT key FROM k3),
  token_create('3') = (SELECT key FROM k3), token_create(' 3 ') = (SELECT key FROM k3),
  token_create('3.0') = (SELECT key FROM k3), token_create('3e0') = (SELECT key FROM k3);
SELECT 'integer key: token_user gives an INTEGER', typeof(token_user('Token ' || key)), token_user('Token ' || key) FROM k3;
SELECT 'integer key: rotate ''4'' rotates user 4', token_rotate('4') = (SELECT key FROM authtoken_token WHERE user_id = 4);
SELECT 'integer key: delete 4.0', token_delete(4.0), token_delete('4'), length(token_create(4));
SELECT 'integer key: unknown user as text', token_create('42');
SELECT 'integer key: real', token_create(3.5);
SELECT 'integer key: real, rotate', token_rotate(-0.25);
SELECT 'integer key: real, delete', token_delete(1e300);
SELECT 'integer key: real beyond 64 bits', token_create(9223372036854775807.0);
SELECT 'integer key: text that is a real', token_create('3.5');
SELECT 'integer key: text beyond 64 bits', token_create('9223372036854775808');
SELECT 'integer key: text', token_create('ada');
SELECT 'integer key: hex text is not a number to SQLite', token_create('0x3');
SELECT 'integer key: empty text', token_delete('');
SELECT 'integer key: long text', token_create('3333333333333333333333333333333333333333 ');
SELECT 'integer key: text with a newline', token_create('3' || char(10) || 'x');
SELECT 'integer key: blob', token_create(x'03');
SELECT 'integer key: one-byte text of a digit is user 3 as a blob is not', token_delete(CAST('3' AS BLOB));
SELECT 'integer key: NULL', quote(token_create(NULL)), quote(token_rotate(NULL)), quote(token_delete(NULL));
-- INT PRIMARY KEY is not a rowid alias; its ids are integers all the same.
DROP TABLE authtoken_token;
CREATE TABLE int_users (id INT PRIMARY KEY, username TEXT);
SELECT 'INT PRIMARY KEY: install', token_install('int_users');
SELECT 'INT PRIMARY KEY: user_id is Django''s integer', sql LIKE '%"user_id" integer NOT NULL UNIQUE REFERENCES "int_users" ("id")%' FROM sqlite_schema WHERE name = 'authtoken_token';
INSERT INTO int_users VALUES (7, 'cy'), ('8', 'dee');
SELECT 'INT PRIMARY KEY: the trigger issued both', count(*), group_concat(typeof(user_id)) FROM authtoken_token;
SELECT 'INT PRIMARY KEY: token_user', token_user('Token ' || key), typeof(token_user('Token ' || key)) FROM authtoken_token ORDER BY user_id;
SELECT 'INT PRIMARY KEY: create ''8''', token_create('8') = (SELECT key FROM authtoken_token WHERE user_id = 8);
SELECT 'INT PRIMARY KEY: real', token_create(7.5);
CREATE TABLE np_users (id INT PRIMARY KEY, username TEXT, password TEXT);
DROP TABLE authtoken_token;
SELECT 'INT PRIMARY KEY may be NULL', token_install('np_users'), token_triggers(0);
INSERT INTO np_users VALUES (NULL, 'nul', token_password_hash('pw', 1)), (9, 'nine', token_password_hash('pw', 1));
SELECT 'INT PRIMARY KEY: a user with a NULL id logs in but gets no token', token_obtain('nul', 'pw');
SELECT 'INT PRIMARY KEY: the other one does', length(token_obtain('nine', 'pw')), token_triggers(1);
-- TEXT key (Django's UUIDField: char(32)): ids stay text, leading zeros and all.
DROP TABLE authtoken_token;
CREATE TABLE uuid_users (id char(32) NOT NULL PRIMARY KEY, username TEXT, is_active bool DEFAULT 1);
SELECT 'text key: install', token_install('uuid_users');
SELECT 'text key: user_id is char(32) as Django makes it', sql FROM sqlite_schema WHERE name = 'authtoken_token';
INSERT INTO uuid_users (id, username) VALUES ('0123456789abcdef0123456789abcdef', 'ada'),
  ('00000000000000000000000000000012', 'bob'), ('12', 'cy'), ('9223372036854775807', 'dee');
SELECT 'text key: token_user', quote(token_user('Token ' || t.key)), u.username
  FROM authtoken_token t JOIN uuid_users u ON u.id = t.user_id ORDER BY u.username;
SELECT 'text key: token_create finds the user', token_create('0123456789abcdef0123456789abcdef') = key FROM authtoken_token WHERE user_id = '0123456789abcdef0123456789abcdef';
SELECT 'text key: a number is its text', token_create(12) = key, token_rotate(12) <> key FROM authtoken_token WHERE user_id = '12';
SELECT 'text key: token_rotate changed only cy''s key', count(*) FROM authtoken_token;
SELECT 'text key: token_delete', token_delete('00000000000000000000000000000012'), token_delete(12), token_delete('12');
SELECT 'text key: unknown user', token_create('ffffffffffffffffffffffffffffffff');
SELECT 'text key: unknown user, a number', token_rotate(13);
SELECT 'text key: blob', token_create(x'0123456789abcdef0123456789abcdef');
SELECT 'text key: one-byte blob', token_delete(x'31');
UPDATE uuid_users SET is_active = 0 WHERE username = 'ada';
SELECT 'text key: inactive', token_auth_error('Token ' || key), quote(token_user('Token ' || key)) FROM authtoken_token WHERE user_id = '0123456789abcdef0123456789abcdef';
DELETE FROM uuid_users WHERE username = 'ada';
SELECT 'text key: delete trigger', count(*) FROM authtoken_token WHERE user_id = '0123456789abcdef0123456789abcdef';
-- WITHOUT ROWID tables, TEXT and INTEGER keys.
DROP TABLE authtoken_token;
CREATE TABLE wr_users (name TEXT PRIMARY KEY, age INT) WITHOUT ROWID;
SELECT 'without rowid, text: install', token_install('wr_users');
INSERT INTO wr_users VALUES ('ada', 36), ('007', 40);
SELECT 'without rowid, text: token_user', quote(token_user('Token ' || key)) FROM authtoken_token ORDER BY user_id;
SELECT 'without rowid, text: create 7 is not ''007''', token_create(7);
DROP TABLE authtoken_token;
CREATE TABLE wri_users (id INTEGER PRIMARY KEY, name TEXT) WITHOUT ROWID;
SELECT 'without rowid, integer: install', token_install('wri_users');
INSERT INTO wri_users VALUES (5, 'ada');
SELECT 'without rowid, integer: token_user', quote(token_user('Token ' || key)), token_create('5') = key FROM authtoken_token;
-- Other affinities: REAL, NUMERIC, none (BLOB). Ids come back exactly as stored.
DROP TABLE authtoken_token;
CREATE TABLE real_users (id REAL PRIMARY KEY, name TEXT);
SELECT 'real key: install', token_install('real_users');
INSERT INTO real_users VALUES (1.5, 'ada'), (2, 'bob');
SELECT 'real key: token_user', quote(token_user('Token ' || key)) FROM authtoken_token ORDER BY user_id;
SELECT 'real key: create ''1.5'' and 2', token_create('1.5') = (SELECT key FROM authtoken_token WHERE user_id = 1.5), token_create(2) = (SELECT key FROM authtoken_token WHERE user_id = 2.0);
DROP TABLE authtoken_token;
CREATE TABLE blob_users (id PRIMARY KEY, name TEXT);
SELECT 'untyped key: install', token_install('blob_users');
SELECT 'untyped key: user_id has no type either', sql LIKE '%"user_id" NOT NULL UNIQUE%' FROM sqlite_schema WHERE name = 'authtoken_token';
INSERT INTO blob_users VALUES (x'00ff', 'ada'), ('3', 'bob'), (3, 'cy');
SELECT 'untyped key: token_user', quote(token_user('Token ' || t.key)) FROM authtoken_token t JOIN blob_users u ON u.id = t.user_id ORDER BY u.name;
SELECT 'untyped key: create x''00ff'', ''3'' and 3 are three users', count(DISTINCT token_create(id)), token_create(x'00ff') = (SELECT key FROM authtoken_token WHERE user_id = x'00ff') FROM blob_users;
-- Keys that cannot be supported are refused: token_install, then every call.
DROP TABLE authtoken_token;
CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (a, b));
CREATE TABLE nopk (a INTEGER, b TEXT);
SELECT 'composite key', token_install('pair');
SELECT 'no primary key', token_install('nopk');
CREATE TABLE authtoken_token ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "pair" DEFERRABLE INITIALLY DEFERRED);
SELECT 'composite key: token_user', token_user('Token abc');
SELECT 'composite key: token_auth_error', token_auth_error('Token abc');
SELECT 'composite key: token_create', token_create(1);
SELECT 'composite key: token_delete', token_delete(1);
SELECT 'composite key: token_obtain', token_obtain('ada', 'pw');
SELECT 'composite key: token_triggers(1)', token_triggers(1);
DROP TABLE authtoken_token;
CREATE TABLE authtoken_token ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "nopk" ("a") DEFERRABLE INITIALLY DEFERRED);
SELECT 'no primary key: token_user', token_user('Token abc');
DROP TABLE authtoken_token;
CREATE TABLE authtoken_token ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "uuid_users" ("username") DEFERRABLE INITIALLY DEFERRED);
SELECT 'a column that is not the key: token_create', token_create('bob');
DROP TABLE authtoken_token;
CREATE TABLE authtoken_token ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "uuid_users" ("id") DEFERRABLE INITIALLY DEFERRED);
SELECT 'text ids in an integer user_id (''0042'' and ''42'' would be one): token_user', token_user('Token abc');
DROP TABLE authtoken_token;
CREATE TABLE authtoken_token ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id" text NOT NULL UNIQUE REFERENCES "blob_users" ("id") DEFERRABLE INITIALLY DEFERRED);
SELECT 'untyped ids in a text user_id (3 and ''3'' would be one): token_delete', token_delete(3);
DROP TABLE authtoken_token;
CREATE VIEW vusers AS SELECT * FROM wr_users;
SELECT 'a view as the users table', token_install('vusers');
-- ... and at load: a new connection on this file refuses to load the extension.
.open :memory:
CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (a, b));
CREATE TABLE authtoken_token ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "pair" DEFERRABLE INITIALLY DEFERRED);
.load ./dist/authtoken
SELECT 'after a refused load', count(*) FROM pragma_function_list WHERE name = 'token_user';
