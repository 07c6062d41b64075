-- login.sql: token_obtain (DRF's obtain_auth_token body), Django password hashes, settings.
.load ./dist/authtoken
.mode list
CREATE TABLE auth_user (id INTEGER PRIMARY KEY AUTOINCREMENT, password varchar(128) NOT NULL, username varchar(150) NOT NULL UNIQUE, email varchar(254) NOT NULL DEFAULT '', is_active bool NOT NULL DEFAULT 1);
SELECT 'install', token_install('auth_user');
INSERT INTO auth_user (username, email, password) VALUES
  ('ada', 'ada@example.org', token_password_hash('correct horse', 1000)),
  ('bob', 'bob@example.org', token_password_hash('  spaced  ', 1000)),
  ('ünï', 'u@example.org', token_password_hash('pw', 1000)),
  ('cy', 'cy@example.org', '!unusable'),
  ('dee', 'dee@example.org', 'md5$salt$0123456789abcdef');
INSERT INTO auth_user (username, password, is_active) VALUES ('eve', token_password_hash('pw', 1000), 0);
SELECT 'hash shape', token_password_hash('x', 1000) GLOB 'pbkdf2_sha256$1000$[A-Za-z0-9]*$*', length(token_password_hash('x', 1000));
SELECT 'salts differ', token_password_hash('x', 1000) <> token_password_hash('x', 1000);
SELECT 'check', token_password_check('correct horse', password), token_password_check('wrong', password), quote(token_password_check(NULL, password)) FROM auth_user WHERE username = 'ada';
-- Django 3.2's reference: make_password('pw', 'salt', 'pbkdf2_sha256') with 260000 iterations
SELECT 'django vector', token_password_check('pw', 'pbkdf2_sha256$260000$salt$rDObzfOCKxYfuEfNvs2mDRx8EWJCqi9HTfKRwl6579w='), token_password_check('pW', 'pbkdf2_sha256$260000$salt$rDObzfOCKxYfuEfNvs2mDRx8EWJCqi9HTfKRwl6579w=');
SELECT 'check garbage', token_password_check('pw', 'pbkdf2_sha256$x$y$z'), token_password_check('pw', ''), token_password_check('pw', '!');
SELECT 'hash bad iterations', token_password_hash('x', 0);
SELECT 'hash number', token_password_hash(1);
-- obtain: success returns the user's key, created if missing, the same as token_create
SELECT 'obtain ok', token_obtain('ada', 'correct horse') = '{"token":"' || token_create(1) || '"}';
SELECT 'obtain trims the username', token_obtain('  ada ' || char(9), 'correct horse') = '{"token":"' || token_create(1) || '"}';
SELECT 'obtain keeps password spaces', token_obtain('bob', '  spaced  ') = '{"token":"' || token_create(2) || '"}', token_obtain('bob', 'spaced');
SELECT 'obtain non-ASCII username', token_obtain('ünï', 'pw') = '{"token":"' || token_create(3) || '"}';
SELECT 'obtain wrong password', token_obtain('ada', 'wrong');
SELECT 'obtain unknown user', token_obtain('nobody', 'pw');
SELECT 'obtain unusable hash', token_obtain('cy', '!unusable');
SELECT 'obtain unknown hash', token_obtain('dee', 'x');
SELECT 'obtain inactive', token_obtain('eve', 'pw');
SELECT 'obtain case matters', token_obtain('ADA', 'correct horse');
SELECT 'obtain blank username', token_obtain('', 'pw');
SELECT 'obtain whitespace username', token_obtain(' ' || char(10) || ' ', 'pw');
SELECT 'obtain blank password', token_obtain('ada', '');
SELECT 'obtain spaces are a password', token_obtain('ada', '   ');
SELECT 'obtain missing both', token_obtain(NULL, NULL);
SELECT 'obtain blank and missing', token_obtain('', NULL);
SELECT 'obtain NUL', token_obtain('ada', CAST(X'610062' AS TEXT));
SELECT 'obtain invalid UTF-8', token_obtain(CAST(X'ff' AS TEXT), 'pw');
SELECT 'obtain without a token creates one', (SELECT token_delete(1)), token_obtain('ada', 'correct horse') = '{"token":"' || (SELECT key FROM authtoken_token WHERE user_id = 1) || '"}';
-- settings
SELECT 'settings', token_setting('keyword'), token_setting('username_column');
SELECT 'unknown setting', token_setting('keywords');
SELECT 'bad keyword', token_setting('keyword', 'To ken');
SELECT 'bad column', token_setting('username_column', 'nick');
SELECT 'login by email', token_setting('username_column', 'email');
SELECT 'obtain by email', token_obtain('ada@example.org', 'correct horse') = '{"token":"' || token_create(1) || '"}', token_obtain('ada', 'correct horse');
SELECT 'bearer', token_setting('keyword', 'Bearer');
SELECT 'stored as a view', group_concat(name || '=' || value, ' ') FROM authtoken_settings;
SELECT 'Bearer accepted', token_user('bearer ' || key), quote(token_user('Token ' || key)), token_auth_error('Bearer') FROM authtoken_token WHERE user_id = 1;
SELECT 'defaults back', token_setting('keyword', NULL), token_setting('username_column', NULL), (SELECT count(*) FROM sqlite_schema WHERE name = 'authtoken_settings');
SELECT 'Token again', token_user('Token ' || key) FROM authtoken_token WHERE user_id = 1;
-- a stored hash followed by a NUL and junk: Django and token_password_check refuse it, and
-- so must a login (the column's byte count is read, not the text up to the NUL)
INSERT INTO auth_user (username, password) VALUES ('nul', token_password_hash('pw', 1000) || char(0) || 'junk');
SELECT 'stored with NUL', length(CAST(password AS BLOB)) - instr(CAST(password AS BLOB), X'00') FROM auth_user WHERE username = 'nul';
SELECT 'check NUL junk', token_password_check('pw', password), token_password_check('pw', substr(password, 1, instr(password, char(0)) - 1)) FROM auth_user WHERE username = 'nul';
SELECT 'obtain NUL junk', token_obtain('nul', 'pw');
UPDATE auth_user SET password = CAST(password AS BLOB) WHERE username = 'nul';
SELECT 'obtain NUL junk BLOB', typeof(password), token_obtain('nul', 'pw') FROM auth_user WHERE username = 'nul';
