// test_node.js: Node's better-sqlite3@12 loading the extension: the API, Buffer headers,
// errors with exact messages and SQLite's extended codes, and a clean close. Prints PASS/FAIL lines.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const Database = require('better-sqlite3');

const EXT = path.join(__dirname, '..', '..', 'dist', 'authtoken');
let failed = 0;
function check(name, ok, detail) {
  if (ok) console.log('PASS ' + name);
  else { failed++; console.log('FAIL ' + name + ': ' + (detail || '')); }
}
function errorOf(fn) {
  try { fn(); } catch (e) { return e.message; }
  return null;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authtoken-node-'));
const db = new Database(path.join(dir, 'node.db'));
db.loadExtension(EXT);
db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, is_active INT DEFAULT 1)');
check('node: token_install', db.prepare('SELECT token_install() AS t').get().t === 'users');
const insert = db.prepare('INSERT INTO users (username) VALUES (?)');
const info = insert.run('ada');
check('node: INSERT through the trigger is one change to users', info.changes === 1);
const key = db.prepare('SELECT key FROM authtoken_token WHERE user_id = ?').pluck().get(info.lastInsertRowid);
check('node: key shape', /^[0-9a-f]{40}$/.test(key), key);
const user = db.prepare('SELECT token_user(?) AS u').pluck();
check('node: token_user with a string', user.get('Token ' + key) === 1);
check('node: token_user with a Buffer', user.get(Buffer.from('Token ' + key)) === 1);
check('node: token_user with a NUL after the key', user.get(Buffer.concat([Buffer.from('Token ' + key), Buffer.from([0])])) === null);
const authError = db.prepare('SELECT token_auth_error(?)').pluck();
check('node: token_auth_error messages', authError.get('Token a b') === 'Invalid token header. Token string should not contain spaces.'
  && authError.get('Token') === 'Invalid token header. No credentials provided.'
  && authError.get(Buffer.from([0x54, 0x6f, 0x6b, 0x65, 0x6e, 0x20, 0xc3])) === 'Invalid token header. Token string should not contain invalid characters.'
  && authError.get('Token nope') === 'Invalid token.' && authError.get('Basic x') === null);
check('node: unknown user error', errorOf(() => db.prepare('SELECT token_create(42)').get()) === 'token_create: no user with id 42');
// ids from JSON or a form: a number (libsql binds JS numbers as REAL, simulated by the CAST)
// or a string mean the same user of an INTEGER key; what is no integer is refused by type.
const create = db.prepare('SELECT token_create(?)').pluck();
check('node: ids as number, REAL and string are one user',
  create.get(1) === key && db.prepare('SELECT token_create(CAST(? AS REAL))').pluck().get(1) === key
  && create.get('1') === key && create.get(' 1 ') === key, String(create.get('1')));
check('node: a fractional id names its type', errorOf(() => create.get(1.5)) === 'token_create: user_id must be an integer, got real 1.5');
check('node: a numeric string that is no integer names its type', errorOf(() => create.get('1.5')) === "token_create: user_id must be an integer, got text '1.5'");
check('node: a word as id gives its size, never its text', errorOf(() => create.get('ada')) === 'token_create: user_id must be an integer, got text of 3 bytes');
check('node: wrong type error', errorOf(() => db.prepare('SELECT token_user(1)').get()) === 'token_user: header must be TEXT, BLOB or NULL');
// better-sqlite3 marks statements readonly with sqlite3_stmt_readonly: the INSERT form is a write.
const mint = db.prepare("INSERT INTO authtoken_token (key, created, user_id) VALUES (token_new(), token_now(), ?)");
check('node: INSERT ... token_new() is not a read-only statement', mint.readonly === false);
check('node: SELECT token_create() is a write hidden in a read-only statement', db.prepare('SELECT token_create(1)').readonly === true);
// many lookups reuse one cached statement
for (let i = 0; i < 500; i++) user.get('Token ' + key);
const runs = db.prepare("SELECT runs FROM authtoken_cache WHERE name = 'lookup'").pluck().get();
check('node: lookups reuse the cached statement', runs >= 500, String(runs));
db.close();
check('node: close', db.open === false);

// better-sqlite3 turns extended result codes on: SQLite's exact code reaches e.code.
function codeOf(fn) {
  try { fn(); } catch (e) { return e.code + ': ' + e.message; }
  return 'no error';
}
const codesPath = path.join(dir, 'codes.db');
const codes = new Database(codesPath);
codes.loadExtension(EXT);
codes.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT); SELECT token_install('users');"
  + "INSERT INTO users (username) VALUES ('ada'), ('bob');"
  + 'CREATE TABLE rotations (n UNIQUE);'
  + 'CREATE TRIGGER log AFTER UPDATE ON authtoken_token BEGIN INSERT INTO rotations VALUES (1); END;');
const rotate = codes.prepare('SELECT token_rotate(?)');
rotate.get(1n); // BigInt: a JS number binds as REAL
let got = codeOf(() => rotate.get(1n));
check('node: a UNIQUE failure inside token_rotate has e.code SQLITE_CONSTRAINT_UNIQUE',
  got === 'SQLITE_CONSTRAINT_UNIQUE: token_rotate: UNIQUE constraint failed: rotations.n', got);
fs.renameSync(codesPath, codesPath + '.moved');
got = codeOf(() => rotate.get(2n));
check('node: a write after the file moved has e.code SQLITE_READONLY_DBMOVED',
  got.startsWith('SQLITE_READONLY_DBMOVED: token_rotate: '), got);
codes.close();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
