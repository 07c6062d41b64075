-- login_limits.sql: limits on stored hashes (ext/pure/password.c). Every hash below is a real
-- hash of the password 'pw' (made with hashlib, argon2-cffi and bcrypt); one just over a
-- limit is refused (0) before any work, one at a limit is still checked (1). The limits
-- accept what every Django release writes by default, with a margin.
.load ./dist/authtoken
.mode list
SELECT 'pbkdf2_sha256 10000001 iterations', token_password_check('pw', 'pbkdf2_sha256$10000001$limitSalt$PvRsu9BgfLlMGdZUsuw9qWf1yMZIu6CAVBwo/ivRlyc=');
SELECT 'pbkdf2_sha1 2500001 iterations', token_password_check('pw', 'pbkdf2_sha1$2500001$limitSalt$xL5dAv6AM34fqgGWen3RxndIpMU=');
SELECT 'argon2id t=5', token_password_check('pw', 'argon2$argon2id$v=19$m=8,t=5,p=1$B1yQ6tmjI3Ob6VQuJWPmRw$ViGlEvXDghqFqRYm4EhtUg');
SELECT 'argon2id p=17', token_password_check('pw', 'argon2$argon2id$v=19$m=136,t=1,p=17$w33isxcX2PAsM5HPJp8s0A$xGP0aruGARRN+IiMZPdDFg');
SELECT 'argon2id t=4 p=16 (at the limits)', token_password_check('pw', 'argon2$argon2id$v=19$m=128,t=4,p=16$5ZEi63anpKwFnN8Ud70UxQ$cxrnUnKFEYrgB2niz3ceTQ');
SELECT 'argon2id m over 256 MiB', token_password_check('pw', 'argon2$argon2id$v=19$m=262145,t=1,p=1$4n2Q9w0kCrijuwkdCl7rpQ$ILDDOvafVVcOsX6F9NjI1w');
SELECT 'scrypt N*r*p = 9 * 2^17', token_password_check('pw', 'scrypt$16384$limitSalt$8$9$z3zOl73P7zKifl2X1ycN/M82jGZl4ONAsjYnT01Jcd2Fs3+CNaiStWlwn4n2rK4ids/T0MuBQOoVgE30cNEaGg==');
SELECT 'scrypt N*r*p = 2^20 (at the limit)', token_password_check('pw', 'scrypt$16384$limitSalt$8$8$oGBgcp+0siRLDNHezmJGN80ce+HggrhCmzxzc0g21a89QizUJv+RyBWN6ys6QFjoY3Q4PHi6eUygPrsHut/EjQ==');
SELECT 'scrypt N=1024 r=1 p=16', token_password_check('pw', 'scrypt$1024$limitSalt$1$16$4XmIw+L6iqqZpLaIN0/MoV6nXC05zXDj2AiBd8Yj2LsGT9Q6W3yqWQxUzrjfHnV3rdReBmpaczNgcxAorJtq5A==');
SELECT 'bcrypt_sha256 cost 14', token_password_check('pw', 'bcrypt_sha256$$2b$14$aQu1d4S/iYfbflWJWqN1UOstcx7Jwd181GbW5GuIpjA7APVDT3buu');
SELECT 'bcrypt_sha256 cost 13 (at the limit)', token_password_check('pw', 'bcrypt_sha256$$2b$13$hsBnojCK9cwUDspVzEqBY.fakhbyjSYxWsqLzeiEUd0ODeTxdaRdi');
SELECT 'hash over the limit', token_password_hash('pw', 10000001);
-- a login against an over-limit hash fails like any other (and costs one default hash)
CREATE TABLE auth_user (id INTEGER PRIMARY KEY, password TEXT NOT NULL, username TEXT NOT NULL UNIQUE);
SELECT 'install', token_install('auth_user');
INSERT INTO auth_user (username, password) VALUES ('mal', 'pbkdf2_sha256$10000001$limitSalt$PvRsu9BgfLlMGdZUsuw9qWf1yMZIu6CAVBwo/ivRlyc=');
SELECT 'obtain over the limit', token_obtain('mal', 'pw');
