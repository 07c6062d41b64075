-- login.sql: DRF's obtain_auth_token in SQL. A Django-shaped users table, a password hash
-- Django accepts, and token_obtain's exact JSON bodies for a web handler to send.
.load ./dist/authtoken
.mode list
CREATE TABLE auth_user (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, password varchar(128) NOT NULL,
  username varchar(150) NOT NULL UNIQUE, is_active bool NOT NULL DEFAULT 1);
SELECT 'installed for table: ' || token_install('auth_user');
-- 1000 iterations keep the example quick; the default is Django 5.2's 1,000,000.
INSERT INTO auth_user (username, password) VALUES ('ada', token_password_hash('correct horse', 1000));
SELECT 'stored hash: ' || substr(password, 1, 19) || '...' FROM auth_user WHERE username = 'ada';
SELECT 'right password, 200: ' || (token_obtain('ada', 'correct horse') = '{"token":"' || key || '"}')
  FROM authtoken_token WHERE user_id = 1;
SELECT 'wrong password, 400: ' || token_obtain('ada', 'wrong');
SELECT 'blank username, 400: ' || token_obtain('   ', 'pw');
SELECT 'no password field, 400: ' || token_obtain('ada', NULL);
