-- messages.sql: errors that say what is wrong and where (issue 9, items 8 and 9): a setting
-- checked before any users table is known, an empty table name, a view called a view, and
-- tables that live in an attached or the temp database (both tables must live in main).
.load ./dist/authtoken
.mode list
.headers off
-- before token_install there is no users table to check username_column against
SELECT token_setting('username_column', 'username');
SELECT token_install('');
-- a view is not a table
CREATE TABLE people (id INTEGER PRIMARY KEY, username TEXT, email TEXT);
CREATE VIEW users AS SELECT * FROM people;
SELECT token_install();
SELECT token_install('users');
SELECT token_install('nobody');
-- a Django file attached to main is not used: its tables must be main's
ATTACH ':memory:' AS dj;
CREATE TABLE dj.auth_user (id INTEGER PRIMARY KEY, username TEXT);
CREATE TABLE dj.authtoken_token (key varchar(40) NOT NULL PRIMARY KEY, created datetime NOT NULL,
  user_id integer NOT NULL UNIQUE REFERENCES auth_user (id));
SELECT token_user('Token abc');
SELECT token_auth_error('Token abc');
SELECT token_create(1);
SELECT token_install('dj.auth_user');
SELECT token_install('auth_user');
SELECT token_install('zz.auth_user');
CREATE TEMP TABLE visitors (id INTEGER PRIMARY KEY);
SELECT token_install('visitors');
SELECT 'no table was created in main', count(*) = 0 FROM main.sqlite_schema WHERE name = 'authtoken_token';
-- installed in main: the settings check the users table's columns
SELECT 'installed', token_install('people');
SELECT 'username_column', token_setting('username_column', 'email');
SELECT token_setting('username_column', 'nickname');
SELECT 'the attached token table is untouched', count(*) FROM dj.authtoken_token;
