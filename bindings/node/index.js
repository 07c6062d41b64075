'use strict';
// sqlite-authtoken: the authtoken SQLite extension (Django REST Framework's token
// authentication in SQL), bundled in this package as authtoken.so.
//
//   const Database = require('better-sqlite3');   // or require('libsql')
//   const db = new Database('app.db');
//   require('sqlite-authtoken').load(db);
//
// path() (also getLoadablePath(), sqlite-vec's name) is the bundled library's file, for any
// program that loads extensions by path. SQLite derives the entry point from the file name.
const nodePath = require('path');

const LIBRARY = nodePath.join(__dirname, 'authtoken.so');

/** The absolute path of the bundled library. */
function path() {
  return LIBRARY;
}

/** Loads the extension into a better-sqlite3 or libsql Database (both offer loadExtension). */
function load(db) {
  if (db === null || typeof db !== 'object' || typeof db.loadExtension !== 'function') {
    throw new TypeError('sqlite-authtoken: load(db) needs a better-sqlite3 or libsql Database');
  }
  db.loadExtension(LIBRARY);
}

module.exports = { load, path, getLoadablePath: path };
