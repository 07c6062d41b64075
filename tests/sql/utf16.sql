-- utf16.sql: a UTF-16 database: headers given as TEXT are read in UTF-8 all the same.
.load ./dist/authtoken
.mode list
PRAGMA encoding = 'UTF-16le';
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, is_active INT DEFAULT 1);
SELECT 'install', token_install();
INSERT INTO users (username) VALUES ('ada');
INSERT INTO authtoken_token (key, created, user_id) VALUES ('clé☃', token_now(), 1) ON CONFLICT (user_id) DO UPDATE SET key = excluded.key;
SELECT 'encoding', encoding FROM pragma_encoding;
SELECT 'non-ASCII key as TEXT', token_user('Token clé☃');
SELECT 'as a UTF-8 BLOB', token_user(X'546f6b656e20636cc3a9e29883');
SELECT 'wrong key', token_auth_error('Token cle☃');
SELECT 'spaces', token_auth_error('Token a b');
