"""schema.py: schema changes while loaded, read-only and locked files, secrets in messages
(issue 5, items 6, 7 and 8). Run by tests/suites/schema.sh.

Item 6 finding (documented, not changed): a TEMP trigger vanishes when its own connection
drops the users table (Django's and Alembic's table rebuild). Users inserted after that and
before the next call of any token_* function on that connection get no token: that next
call re-creates the triggers (store.c), and token_create(id) (get_or_create) issues the
missing token on demand. The gap is pinned below as a known failure (XFAIL, counted apart):
once it closes, that check fails until it is made an ordinary one.
"""
import os
import sqlite3

from common import EXT, check, connect, consistent, error_of, finish, fresh, known_failure  # noqa: F401


def setup(path):
    db = connect(path)
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, is_active INT DEFAULT 1)")
    db.execute("SELECT token_install('users')")
    db.executemany("INSERT INTO users (username) VALUES (?)", [("ada",), ("bob",)])
    return db


def key_of(db, uid):
    return db.execute("SELECT key FROM authtoken_token WHERE user_id = ?", (uid,)).fetchone()[0]


def rebuild(db):
    db.executescript("""BEGIN;
      CREATE TABLE new_users (id INTEGER PRIMARY KEY, username TEXT, is_active INT DEFAULT 1, email TEXT);
      INSERT INTO new_users (id, username, is_active) SELECT id, username, is_active FROM users;
      DROP TABLE users; ALTER TABLE new_users RENAME TO users; COMMIT;""")


def table_rebuild_same_connection():
    db = setup(fresh("rebuild.db"))
    k = key_of(db, 1)
    rebuild(db)
    triggers = db.execute("SELECT count(*) FROM temp.sqlite_master WHERE type='trigger'").fetchone()[0]
    check("schema/rebuild: dropping users drops this connection's TEMP triggers (SQLite)", triggers == 0)
    db.execute("INSERT INTO users (username) VALUES ('gap')")
    gap = db.execute("SELECT id FROM users WHERE username = 'gap'").fetchone()[0]
    known_failure("schema/rebuild: a user inserted right after the rebuild gets a token",
                  db.execute("SELECT count(*) FROM authtoken_token WHERE user_id = ?", (gap,)).fetchone()[0] == 1,
                  "no trigger until the next token_* call on this connection (README, Triggers)")
    check("schema/rebuild: the next call answers from the new table",
          db.execute("SELECT token_user(?)", ("Token " + k,)).fetchone()[0] == 1)
    db.execute("INSERT INTO users (username) VALUES ('after')")
    after = db.execute("SELECT id FROM users WHERE username = 'after'").fetchone()[0]
    check("schema/rebuild: triggers are back after that call",
          db.execute("SELECT count(*) FROM authtoken_token WHERE user_id = ?", (after,)).fetchone()[0] == 1)
    created = db.execute("SELECT token_create(?)", (gap,)).fetchone()[0]
    check("schema/rebuild: token_create issues the gap user's token on demand",
          created is not None and len(created) == 40)
    users, bad, orphans, integrity = consistent(db)
    check("schema/rebuild: then every user has exactly one token", bad == 0 and orphans == 0)


def other_connection_changes():
    path = fresh("other.db")
    a = setup(path)
    b = connect(path)
    k1 = key_of(a, 1)
    check("schema/other: warm cache", a.execute("SELECT token_user(?)", ("Token " + k1,)).fetchone()[0] == 1)
    b.execute("ALTER TABLE users ADD COLUMN email TEXT")
    check("schema/other: column added elsewhere: next call answers",
          a.execute("SELECT token_user(?)", ("Token " + k1,)).fetchone()[0] == 1)
    b.execute("UPDATE users SET is_active = 0 WHERE id = 1")
    check("schema/other: is_active read fresh",
          a.execute("SELECT token_auth_error(?)", ("Token " + k1,)).fetchone()[0] == "User inactive or deleted.")
    b.execute("DROP TABLE authtoken_token")
    b.execute("SELECT token_install('users')")
    err = error_of(a, "SELECT token_user(?)", ("Token " + k1,))
    check("schema/other: token table dropped and re-installed elsewhere: old key is invalid, no stale answer",
          err is None and a.execute("SELECT token_auth_error(?)", ("Token " + k1,)).fetchone()[0] == "Invalid token.",
          str(err))
    k2 = b.execute("SELECT token_create(2)").fetchone()[0]
    check("schema/other: new key found through the re-prepared statement",
          a.execute("SELECT token_user(?)", ("Token " + k2,)).fetchone()[0] == 2)
    a.execute("INSERT INTO users (username) VALUES ('carol')")
    check("schema/other: A's trigger still issues tokens after the re-install",
          a.execute("SELECT count(*) FROM authtoken_token t JOIN users u ON u.id = t.user_id "
                    "WHERE u.username = 'carol'").fetchone()[0] == 1)
    b.execute("DROP TABLE authtoken_token")
    err = error_of(a, "SELECT token_user('Token x')")
    check("schema/other: token table gone: a clear error",
          err == "token_user: no token table; run SELECT token_install()", str(err))
    err = error_of(a, "SELECT token_create(1)")
    check("schema/other: token_create too", err is not None and err.startswith("token_create: no token table"), str(err))


def read_only_and_locked():
    path = fresh("ro.db")
    db = setup(path)
    k = key_of(db, 1)
    db.execute("SELECT token_triggers(0)")
    db.execute("INSERT INTO users (username) VALUES ('no token yet')")  # id 3
    db.close()
    os.chmod(path, 0o444)
    ro = connect("file:%s?mode=ro" % path, uri=True)
    check("readonly: token_user answers on a read-only file",
          ro.execute("SELECT token_user(?)", ("Token " + k,)).fetchone()[0] == 1)
    check("readonly: token_auth_error too",
          ro.execute("SELECT token_auth_error('Token nope')").fetchone()[0] == "Invalid token.")
    for sql, name in (("SELECT token_create(3)", "token_create"), ("SELECT token_rotate(1)", "token_rotate"),
                      ("SELECT token_delete(1)", "token_delete"),
                      ("INSERT INTO users (username) VALUES ('x')", None)):
        err = error_of(ro, sql)
        check("readonly: %s gives a clear error" % (name or "INSERT"),
              err is not None and "readonly database" in err and (name is None or err.startswith(name + ":")),
              str(err))
    check("readonly: nothing changed",
          ro.execute("SELECT count(*) FROM authtoken_token").fetchone()[0] == 2 and key_of(ro, 1) == k)
    ro.close()
    os.chmod(path, 0o644)


def secrets_in_messages():
    db = setup(fresh("secrets.db"))
    k = key_of(db, 1)
    texts = []
    for sql, args in (("SELECT token_auth_error(?)", ("Token " + k + "x",)),
                      ("SELECT token_auth_error(?)", ("Token " + k + " y",)),
                      ("SELECT token_create(?)", (k,)), ("SELECT token_user(?)", (3.5,)),
                      ("SELECT token_obtain('ada', ?)", ("hunter2-secret",)),
                      ("SELECT token_password_check(?, ?)", ("hunter2-secret", "pbkdf2_sha256$x$" + k)),
                      ("SELECT token_password_hash(?, 'many')", ("hunter2-secret",)),
                      ("SELECT authtoken_debug()", ()), ("SELECT * FROM authtoken_cache", ())):
        try:
            texts.append(repr(db.execute(sql, args).fetchall()))
        except sqlite3.Error as e:
            texts.append(str(e))
    joined = "\n".join(texts)
    check("secrets: no key in any message or debug output", k not in joined, joined)
    check("secrets: no password in any message", "hunter2" not in joined, joined)


table_rebuild_same_connection()
other_connection_changes()
read_only_and_locked()
secrets_in_messages()
finish()
