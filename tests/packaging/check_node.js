'use strict';
// check_node.js VERSION BETTER_SQLITE3 LIBSQL: copied into a scratch app that installed the
// sqlite-authtoken tarball; requires it by name from there and loads it into both hosts.
const fs = require('fs');
const path = require('path');
const [version, betterPath, libsqlPath] = process.argv.slice(2);
let failures = 0;
function check(name, ok, detail) {
  console.log(ok ? `PASS ${name}` : `FAIL ${name}: ${detail}`);
  if (!ok) failures++;
}
function attempt(fn) {
  try { return { value: fn() }; } catch (e) { return { error: e }; }
}

const authtoken = require('sqlite-authtoken');
const installed = path.join(__dirname, 'node_modules', 'sqlite-authtoken');
check('node: require(\'sqlite-authtoken\') resolves to the installed tarball',
  require.resolve('sqlite-authtoken') === path.join(installed, 'index.js'), require.resolve('sqlite-authtoken'));
check('node: path() is the library bundled in the package',
  authtoken.path() === path.join(installed, 'authtoken.so') && fs.statSync(authtoken.path()).isFile() &&
  authtoken.getLoadablePath() === authtoken.path(), authtoken.path());
const r = attempt(() => authtoken.load({}));
check('node: load() of something that is no database throws a TypeError naming the package',
  r.error instanceof TypeError && /^sqlite-authtoken: /.test(r.error.message), String(r.error));

const SETUP = "CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT, is_active INT DEFAULT 1);" +
  "SELECT token_install('users'); INSERT INTO users(username) VALUES ('ada'), ('bob');";

// host: its name, the Database class; libsql has no .pluck(), so values are read by column.
function exercise(host, Database) {
  const db = new Database(':memory:');
  const r1 = attempt(() => authtoken.load(db));
  check(`${host}: load(db)`, !r1.error, String(r1.error));
  const one = (sql, ...args) => Object.values(db.prepare(sql).get(...args))[0];
  check(`${host}: authtoken_version() is VERSION`, one('SELECT authtoken_version()') === version,
    one('SELECT authtoken_version()'));
  db.exec(SETUP);
  const key = one('SELECT key FROM authtoken_token WHERE user_id = 2');
  check(`${host}: the trigger issued bob a 40-hex key`, /^[0-9a-f]{40}$/.test(key), key);
  check(`${host}: token_user('Token <bob's key>') is 2`, Number(one('SELECT token_user(?)', `Token ${key}`)) === 2,
    one('SELECT token_user(?)', `Token ${key}`));
  check(`${host}: a wrong key gives DRF's message`,
    one('SELECT token_auth_error(?)', 'Token nope') === 'Invalid token.', one('SELECT token_auth_error(?)', 'Token nope'));
  const r2 = attempt(() => db.prepare('SELECT load_extension(?)').get(authtoken.path()));
  check(`${host}: SQL load_extension() stays unauthorized`, r2.error && /not authorized/.test(r2.error.message),
    String(r2.error || 'loaded'));
  const r3 = attempt(() => db.close());
  check(`${host}: close() without error`, !r3.error, String(r3.error));
}

exercise('better-sqlite3', require(betterPath));
exercise('libsql', require(libsqlPath));
process.exit(failures ? 1 : 0);
