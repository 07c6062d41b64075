-- quickstart.sql: a users table, the token table, a token for every new user, and a request
-- header checked the way DRF's TokenAuthentication checks it.
.load ./dist/authtoken
.mode list
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, is_active INTEGER NOT NULL DEFAULT 1);
SELECT 'installed for table: ' || token_install('users');
INSERT INTO users (username) VALUES ('ada'), ('grace');
SELECT 'tokens issued: ' || count(*) FROM authtoken_token;
SELECT 'ada''s key looks like DRF''s: ' || (length(key) = 40 AND key NOT GLOB '*[^0-9a-f]*')
  FROM authtoken_token WHERE user_id = 1;
SELECT 'Token <ada''s key> is user ' || token_user('Token ' || key) FROM authtoken_token WHERE user_id = 1;
SELECT 'Token nope: ' || token_auth_error('Token nope');
UPDATE users SET is_active = 0 WHERE username = 'grace';
SELECT 'grace, deactivated: ' || token_auth_error('Token ' || key) FROM authtoken_token WHERE user_id = 2;
SELECT 'Basic auth is not ours: ' || quote(token_user('Basic YWRhOnB3'));
