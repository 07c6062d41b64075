// test.js: Node loading authtoken through better-sqlite3@12 (installed in tests/node) and
// libsql (npm, installed here). Prints PASS/FAIL lines.
// Usage: node test.js EXT DIR (EXT without .so, DIR a scratch directory).
//
// Traps shown here, each with its fix:
//   - Both bind a JS number as REAL (3 is 3.0); our functions take it as user 3 (as they take
//     '3'). A BigInt (BigInt(id), 3n) binds as INTEGER, for ids above 2^53.
//   - libsql takes a lone Buffer argument as the list of parameters, one number per byte: with
//     `?` placeholders the process aborts (a Rust panic), with `?1` a byte binds. Pass the
//     parameters as an array, get([buf]). better-sqlite3 binds get(buf) as one BLOB.
//   - libsql's pluck() applies to all() only: get() still returns the row object (with an
//     extra _metadata property). Read one value with raw().get([...])[0].
//   - token_user is null for a header that does not authenticate: compare with === null.
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');
const ROOT = path.join(__dirname, '..', '..', '..');
const [ext, dir] = process.argv.slice(2);
let failed = 0;

function check(name, ok, detail) {
  if (ok) console.log('PASS ' + name);
  else { failed++; console.log('FAIL ' + name + ': ' + detail); }
}
function errorOf(fn) {
  try { fn(); } catch (e) { return e.message; }
  return null;
}

// The checks both drivers pass; id(n) makes the driver's id, one(sql, ...params) the value of
// the first column of the first row, as that driver gives it.
function common(tag, db, { id, one }) {
  db.loadExtension(ext);
  check(`${tag}: load (loadExtension(path), entry point from the file name)`,
    typeof one('SELECT authtoken_version()') === 'string', '');

  db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT, is_active INTEGER DEFAULT 1)');
  one("SELECT token_install('users')");
  const info = db.prepare('INSERT INTO users (username, password) VALUES (?, token_password_hash(?, 1000))')
    .run(['ada', 's3cret']);
  const ada = Number(info.lastInsertRowid);
  const key = one('SELECT key FROM authtoken_token WHERE user_id = ?', id(ada));
  check(`${tag}: the trigger issues a token`, /^[0-9a-f]{40}$/.test(key), key);

  const header = Buffer.from('Token ' + key);
  check(`${tag}: the header Buffer binds as a BLOB`, one('SELECT typeof(?)', header) === 'blob',
    one('SELECT typeof(?)', header));
  const user = one('SELECT token_user(?)', header);
  check(`${tag}: token_user(Buffer header)`, Number(user) === ada, user);
  const unknown = one('SELECT token_user(?)', Buffer.from('Token ' + key + 'x'));
  check(`${tag}: token_user: an unknown key is null, not 0`, unknown === null, unknown);

  let body = one('SELECT token_obtain(?, ?)', 'ada', 's3cret');
  check(`${tag}: token_obtain`, body === `{"token":"${key}"}`, body);
  body = one('SELECT token_obtain(?, ?)', 'ada', 'wrong');
  check(`${tag}: token_obtain with a wrong password`,
    body === '{"non_field_errors":["Unable to log in with provided credentials."]}', body);

  const bob = Number(db.prepare("INSERT INTO users (username) VALUES ('bob')").run().lastInsertRowid);
  const deleted = one('SELECT token_delete(?)', id(bob));
  const created = one('SELECT token_create(?)', id(bob));
  const stored = one('SELECT key FROM authtoken_token WHERE user_id = ?', id(bob));
  check(`${tag}: token_create(BigInt id)`, Number(deleted) === 1 && created === stored && /^[0-9a-f]{40}$/.test(created),
    `${deleted} ${created}`);
  for (const [what, given] of [['a JS number (bound as REAL)', bob], ['a string', String(bob)]]) {
    const gone = one('SELECT token_delete(?)', given);
    const made = one('SELECT token_create(?)', given);
    const kept = one('SELECT key FROM authtoken_token WHERE user_id = ?', id(bob));
    check(`${tag}: token_delete and token_create with the id as ${what}`,
      Number(gone) === 1 && made === kept && /^[0-9a-f]{40}$/.test(made), `${gone} ${made}`);
  }
  return { ada, key };
}

// better-sqlite3@12: parameters as separate arguments, ids as BigInt.
{
  const Database = require(path.join(ROOT, 'tests', 'node', 'node_modules', 'better-sqlite3'));
  const db = new Database(path.join(dir, 'better.db'));
  const one = (sql, ...params) => db.prepare(sql).pluck().get(...params);
  const { key } = common('node better-sqlite3', db, { id: (n) => BigInt(n), one });
  check('node better-sqlite3: a JS number binds as REAL (trap)',
    db.prepare('SELECT typeof(?)').pluck().get(2) === 'real', '');
  check('node better-sqlite3: a BigInt binds as INTEGER',
    db.prepare('SELECT typeof(?)').pluck().get(2n) === 'integer', '');
  check('node better-sqlite3: get(buf) binds one BLOB, as get([buf]) does',
    db.prepare('SELECT token_user(?)').pluck().get(Buffer.from('Token ' + key)) === 1
    && db.prepare('SELECT token_user(?)').pluck().get([Buffer.from('Token ' + key)]) === 1, '');
  db.close();
  check('node better-sqlite3: close', db.open === false, '');
}

// libsql: parameters always in one array, values through raw(), ids as BigInt.
{
  const Database = require('libsql');
  const db = new Database(path.join(dir, 'libsql.db'));
  const one = (sql, ...params) => db.prepare(sql).raw().get(params)[0];
  const { key } = common('node libsql', db, { id: (n) => BigInt(n), one });
  check('node libsql: a JS number binds as REAL (trap)', one('SELECT typeof(?)', 2) === 'real', '');
  check('node libsql: a BigInt binds as INTEGER', one('SELECT typeof(?)', 2n) === 'integer', '');
  const byte = db.prepare('SELECT typeof(?1)').raw().get(Buffer.from('Token ' + key))[0];
  check('node libsql: get(buf) takes the Buffer as the parameters: ?1 is a number (trap)', byte === 'real', byte);
  const child = spawnSync(process.execPath, ['-e', `
    const db = new (require('libsql'))(':memory:');
    db.prepare('SELECT typeof(?)').raw().get(Buffer.from('Token x'));`], { cwd: __dirname, encoding: 'utf8' });
  check('node libsql: get(buf) with a ? placeholder aborts the process (trap)',
    child.signal === 'SIGABRT' && child.stderr.includes('panicked'), `${child.status} ${child.signal}`);
  const row = db.prepare('SELECT 1 AS one').pluck().get();
  check('node libsql: pluck() leaves get() a row object, with _metadata (trap)',
    typeof row === 'object' && Object.keys(row).includes('_metadata'), JSON.stringify(row));
  db.close();
  check('node libsql: close', db.open === false, '');
}
process.exit(failed ? 1 : 0);
