-- revoke.sql: rotating a key (drf_create_token -r), logging a user out, a Bearer keyword,
-- and deleting a user with foreign keys on.
.load ./dist/authtoken
.mode list
PRAGMA foreign_keys = ON;
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE);
SELECT 'installed for table: ' || token_install();
INSERT INTO users (username) VALUES ('ada'), ('bob');
CREATE TEMP TABLE old AS SELECT key FROM authtoken_token WHERE user_id = 1;
SELECT 'rotated: ' || (token_rotate(1) <> (SELECT key FROM old));
SELECT 'the old key now: ' || token_auth_error('Token ' || key) FROM old;
SELECT 'logged out, tokens deleted: ' || token_delete(1);
SELECT 'a new login issues a new key: ' || length(token_create(1));
SELECT 'keyword: ' || token_setting('keyword', 'Bearer');
SELECT 'Bearer accepted for user ' || token_user('Bearer ' || key) FROM authtoken_token WHERE user_id = 2;
SELECT 'Token is not ours any more: ' || quote(token_user('Token ' || key)) FROM authtoken_token WHERE user_id = 2;
DELETE FROM users WHERE username = 'bob';
SELECT 'bob deleted with his token: ' || count(*) FROM authtoken_token WHERE user_id = 2;
