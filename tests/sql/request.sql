-- request.sql: token_obtain_request(content_type, body), DRF's obtain_auth_token for a raw
-- request body; the answers are DRF's (tests/django/test_request_interop.py compares them live).
.load ./dist/authtoken
.mode list
CREATE TABLE auth_user (id INTEGER PRIMARY KEY AUTOINCREMENT, password varchar(128) NOT NULL, username varchar(150) NOT NULL UNIQUE, is_active bool NOT NULL DEFAULT 1);
SELECT 'install', token_install('auth_user');
INSERT INTO auth_user (username, password) VALUES ('ada', token_password_hash('correct horse', 1000)), ('123', token_password_hash('456', 1000));
INSERT INTO auth_user (username, password, is_active) VALUES ('eve', token_password_hash('pw', 1000), 0);
-- the three body types DRF parses, one login each: the user's key
SELECT 'json', token_obtain_request('application/json', '{"username": "ada", "password": "correct horse"}') = '{"status":200,"body":{"token":"' || token_create(1) || '"}}';
SELECT 'form', token_obtain_request('application/x-www-form-urlencoded', 'username=ada&password=correct+horse') = '{"status":200,"body":{"token":"' || token_create(1) || '"}}';
SELECT 'multipart', token_obtain_request('multipart/form-data; boundary=XyZ', '--XyZ' || char(13,10) || 'Content-Disposition: form-data; name="username"' || char(13,10,13,10) || 'ada' || char(13,10) || '--XyZ' || char(13,10) || 'Content-Disposition: form-data; name="password"' || char(13,10,13,10) || 'correct horse' || char(13,10) || '--XyZ--' || char(13,10)) = '{"status":200,"body":{"token":"' || token_create(1) || '"}}';
SELECT 'numbers are str()', token_obtain_request('application/json', '{"username": 123, "password": 456}') = '{"status":200,"body":{"token":"' || token_create(2) || '"}}';
-- splitting the answer in SQL
SELECT 'split', r->>'status', r->'body' FROM (SELECT token_obtain_request('application/json', '{"username": "ada", "password": "wrong"}') AS r);
-- refusals and field errors
SELECT 'inactive', token_obtain_request('application/json', '{"username": "eve", "password": "pw"}');
SELECT 'no body', token_obtain_request('text/plain', NULL);
SELECT 'empty body', token_obtain_request(NULL, '');
SELECT 'null, bool', token_obtain_request('application/json', '{"username": null, "password": true}');
SELECT 'list, blank', token_obtain_request('application/json', '{"username": ["ada"], "password": ""}');
SELECT 'whitespace username', token_obtain_request('application/json', '{"username": " \u3000 ", "password": "x"}');
SELECT 'NUL and surrogate', token_obtain_request('application/json', '{"username": "a", "password": "\u0000\ud800"}');
SELECT 'not an object', token_obtain_request('application/json', '[1]');
SELECT 'null document', token_obtain_request('application/json', 'null');
SELECT 'parse error', token_obtain_request('application/json', '{"username": "ada",}');
SELECT 'invalid UTF-8', token_obtain_request('application/json', X'7B22223AFF7D');
SELECT 'NaN', token_obtain_request('application/json', '{"username": NaN}');
SELECT 'unsupported', token_obtain_request('text/plain', 'username=ada');
SELECT 'no content type', token_obtain_request(NULL, '{}');
SELECT 'bad boundary', token_obtain_request('multipart/form-data', 'x');
-- argument errors
SELECT 'integer content type', token_obtain_request(1, '{}');
SELECT 'real body', token_obtain_request('application/json', 1.5);
SELECT 'too deep', token_obtain_request('application/json', '{"username": ' || replace(printf('%.600c', '['), ' ', '[') || '}');
-- the bound: 500 levels of nesting parse (the object and 499 lists; 500 lists), 501 do not
SELECT '500 levels', token_obtain_request('application/json', '{"username": ' || printf('%.499c', '[') || '1' || printf('%.499c', ']') || '}');
SELECT '500 lists', token_obtain_request('application/json', printf('%.500c', '[') || printf('%.500c', ']'));
SELECT '501 levels', token_obtain_request('application/json', '{"username": ' || printf('%.500c', '[') || printf('%.500c', ']') || '}');
SELECT '501 lists', token_obtain_request('application/json', printf('%.501c', '[') || '1' || printf('%.501c', ']'));
