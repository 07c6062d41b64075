"""A locked database reports SQLite's own error, never a wrong verdict about the schema.

Another connection holds an EXCLUSIVE lock (rollback journal, no busy timeout), so every read
of the schema fails with SQLITE_BUSY. Each call must then say "database is locked" after its
name, never a conclusion drawn from a query that did not run ("has no column named x", "no
token table"): issue 13, the store_query results discovery used to ignore.
"""
import os
import sqlite3
import tempfile

from harness import check, connect, error_of, finish


def locked_pair(path):
    """db: loaded, installed and discovered; holder: a second connection that takes an
    EXCLUSIVE lock (call holder.execute('BEGIN EXCLUSIVE'))."""
    db = connect(path, timeout=0)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, email TEXT)")
    db.execute("SELECT token_install('users')")
    db.execute("INSERT INTO users (username, email) VALUES ('ada', 'ada@example.org')")
    key = db.execute("SELECT token_create(1)").fetchone()[0]
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    return db, holder, key


def main():
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "locked.db")
    db, holder, key = locked_pair(path)
    # Discovered and cached: settings checks read the users table's columns again.
    check("locked: token_setting_sql works unlocked",
          db.execute("SELECT token_setting_sql('username_column', 'email')").fetchone()[0] is not None)
    holder.execute("BEGIN EXCLUSIVE")
    err = error_of(db, "SELECT token_setting_sql('username_column', 'email')")
    check("locked: token_setting_sql says the database is locked, not 'no column named email'",
          err == "token_setting_sql: database is locked", str(err))
    err = error_of(db, "SELECT token_setting('username_column', 'email')")
    check("locked: token_setting says the database is locked",
          err is not None and err.startswith("token_setting: database is locked"), str(err))
    err = error_of(db, "SELECT token_user(?)", ("Token " + key,))
    check("locked: token_user says the database is locked",
          err == "token_user: database is locked", str(err))
    holder.execute("ROLLBACK")

    # A fresh connection discovers under the lock: the first call says so, and once the lock
    # is gone the same connection discovers and answers.
    fresh = connect(path, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    err = error_of(fresh, "SELECT token_user(?)", ("Token " + key,))
    check("locked: discovery under a lock says the database is locked, not 'no token table'",
          err == "token_user: database is locked", str(err))
    err = error_of(fresh, "SELECT token_install('users')")
    check("locked: token_install under a lock says the database is locked",
          err is not None and err.startswith("token_install: database is locked"), str(err))
    holder.execute("ROLLBACK")
    check("locked: after the lock, the same connection answers",
          fresh.execute("SELECT token_user(?)", ("Token " + key,)).fetchone()[0] == 1)
    check("locked: the settings check reads the column again after the lock",
          fresh.execute("SELECT token_setting_sql('username_column', 'email')").fetchone()[0] is not None)
    fresh.close()
    holder.close()
    db.close()
    finish()


if __name__ == "__main__":
    main()
