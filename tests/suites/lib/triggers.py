"""triggers.py: this connection's TEMP triggers. Run by tests/suites/triggers.sh.

Issue 8 item 9 (a replaced or renumbered user never leaves a key another user inherits; a
REPLACE works with foreign keys on), item 10 (token_triggers() reports what exists), item 11
(the triggers write main's token table, never an attached file's); issue 9 item 4 (the next
call of every function puts dropped triggers back; no trigger is reported where none exists),
item 5 (PRAGMA temp_store), item 6 (token_triggers(on) takes 0 or 1 only).
"""
import sqlite3

from common import check, connect, consistent, error_of, finish, fresh

OURS = "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'authtoken%'"


def setup(name, unique=True):
    db = connect(fresh(name))
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT %s, is_active INT DEFAULT 1, "
               "password TEXT)"
               % ("UNIQUE" if unique else ""))
    db.execute("SELECT token_install('users')")
    db.executemany("INSERT INTO users (username) VALUES (?)", [("ada",), ("bob",)])
    return db


def key_of(db, uid):
    row = db.execute("SELECT key FROM authtoken_token WHERE user_id = ?", (uid,)).fetchone()
    return row[0] if row else None


def user_of(db, key):
    return db.execute("SELECT token_user(?)", ("Token " + key,)).fetchone()[0]


def triggers(db):
    return db.execute(OURS).fetchone()[0]


def unloaded(db):
    """A second connection to the same file that never loaded the extension (no trigger)."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    return sqlite3.connect(path, isolation_level=None)


# ---- issue 8 item 9: INSERT OR REPLACE, UPDATE OR REPLACE, renumbering -------------------

def replace_on_unique_column():
    for fk in (1, 0):
        db = setup("replace%d.db" % fk)
        db.execute("PRAGMA foreign_keys = %d" % fk)
        bob_key = key_of(db, 2)
        err = error_of(db, "INSERT OR REPLACE INTO users (username) VALUES ('bob')")
        check("replace/unique fk=%d: INSERT OR REPLACE of a user with a token succeeds" % fk, err is None, err)
        new_id = db.execute("SELECT id FROM users WHERE username = 'bob'").fetchone()[0]
        users, bad, orphans, integrity = consistent(db)
        check("replace/unique fk=%d: the deleted user's token went with it, the new row has one" % fk,
              new_id != 2 and bad == 0 and orphans == 0 and key_of(db, 2) is None, (new_id, bad, orphans))
        other = unloaded(db)
        other.execute("INSERT INTO users (id, username) VALUES (2, 'mallory')")  # no trigger there
        check("replace/unique fk=%d: the old key never passes to the next holder of the old id" % fk,
              user_of(db, bob_key) is None, user_of(db, bob_key))


def replace_same_id():
    db = setup("replace_same.db")
    db.execute("PRAGMA foreign_keys = ON")
    ada_key = key_of(db, 1)
    err = error_of(db, "INSERT OR REPLACE INTO users (id, username) VALUES (1, 'eve')")
    check("replace/same id: succeeds with foreign keys on", err is None, err)
    check("replace/same id: ada's key no longer passes; eve has a key of her own",
          user_of(db, ada_key) is None and key_of(db, 1) not in (None, ada_key))


def replace_keeps_what_is_kept():
    db = setup("ignore.db")
    bob_key = key_of(db, 2)
    db.execute("INSERT OR IGNORE INTO users (username) VALUES ('bob')")
    db.execute("INSERT INTO users (username) VALUES ('bob') ON CONFLICT DO NOTHING")
    db.execute("INSERT INTO users (username, is_active) VALUES ('bob', 1) "
               "ON CONFLICT (username) DO UPDATE SET is_active = 1")
    check("replace/ignore: INSERT OR IGNORE and upserts keep the existing user's token",
          key_of(db, 2) == bob_key and user_of(db, bob_key) == 2)
    err = error_of(db, "INSERT INTO users (username) VALUES ('bob')")
    check("replace/abort: a plain INSERT's UNIQUE failure keeps the token too",
          err is not None and "UNIQUE" in err and key_of(db, 2) == bob_key, err)
    db.execute("PRAGMA recursive_triggers = ON")
    db.execute("INSERT OR REPLACE INTO users (username) VALUES ('ada')")
    users, bad, orphans, integrity = consistent(db)
    check("replace/recursive_triggers on: same result", bad == 0 and orphans == 0, (bad, orphans))


def replace_bulk():
    db = setup("replace_bulk.db")
    db.execute("PRAGMA foreign_keys = ON")
    db.executemany("INSERT INTO users (username) VALUES (?)", [("u%d" % i,) for i in range(200)])
    err = error_of(db, "INSERT OR REPLACE INTO users (username) SELECT username FROM users WHERE id % 2 = 0")
    users, bad, orphans, integrity = consistent(db)
    check("replace/bulk: INSERT OR REPLACE ... SELECT of 101 users: one token each, no orphan",
          err is None and users == 202 and bad == 0 and orphans == 0, (err, users, bad, orphans))


def replace_by_index():
    db = connect(fresh("replace_index.db"))
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, email TEXT, org INT, "
               "UNIQUE (org, email))")
    db.execute("CREATE UNIQUE INDEX users_name ON users (username COLLATE NOCASE)")
    db.execute("SELECT token_install('users')")
    db.execute("INSERT INTO users (username, email, org) VALUES ('bob', 'b@x', 1), ('ada', 'a@x', 1)")
    db.execute("PRAGMA foreign_keys = ON")
    bob_key, ada_key = key_of(db, 1), key_of(db, 2)
    err = error_of(db, "INSERT OR REPLACE INTO users (username, email, org) VALUES ('BOB', 'new@x', 1)")
    err2 = error_of(db, "INSERT OR REPLACE INTO users (username, email, org) VALUES ('cy', 'a@x', 1)")
    users, bad, orphans, integrity = consistent(db)
    check("replace/index: a NOCASE index and a two-column UNIQUE constraint are covered",
          err is None and err2 is None and users == 2 and bad == 0 and orphans == 0
          and user_of(db, bob_key) is None and user_of(db, ada_key) is None, (err, err2, users, bad, orphans))


def update_or_replace():
    db = setup("update_replace.db")
    db.execute("PRAGMA foreign_keys = ON")
    bob_key, ada_key = key_of(db, 2), key_of(db, 1)
    err = error_of(db, "UPDATE OR REPLACE users SET username = 'bob' WHERE id = 1")
    users, bad, orphans, integrity = consistent(db)
    check("replace/update: UPDATE OR REPLACE deletes bob; his token goes, ada keeps hers",
          err is None and users == 1 and orphans == 0 and user_of(db, bob_key) is None
          and user_of(db, ada_key) == 1, (err, users, orphans))


def renumber():
    for fk in (1, 0):
        db = setup("renumber%d.db" % fk)
        db.execute("PRAGMA foreign_keys = %d" % fk)
        ada_key = key_of(db, 1)
        err = error_of(db, "UPDATE users SET id = 10 WHERE id = 1")
        check("renumber fk=%d: UPDATE users SET id succeeds" % fk, err is None, err)
        check("renumber fk=%d: the user keeps its key under the new id" % fk, user_of(db, ada_key) == 10)
        unloaded(db).execute("INSERT INTO users (id, username) VALUES (1, 'mallory')")
        check("renumber fk=%d: the next holder of the old id does not get the key" % fk,
              user_of(db, ada_key) == 10 and key_of(db, 1) is None)
    db = setup("renumber_onto.db")
    bob_key = key_of(db, 2)
    db.execute("DELETE FROM users WHERE id = 2")
    db.execute("INSERT INTO authtoken_token VALUES ('stale', '2020-01-01 00:00:00', 2)")  # left by another program
    db.execute("UPDATE users SET id = 2 WHERE id = 1")
    check("renumber: a token left under the new id is not inherited",
          db.execute("SELECT count(*) FROM authtoken_token WHERE key = 'stale'").fetchone()[0] == 0
          and key_of(db, 2) is not None and user_of(db, bob_key) is None)
    db.execute("UPDATE users SET username = 'ada2', id = id WHERE id = 2")
    check("renumber: SET id = id changes nothing", key_of(db, 2) is not None)


# ---- issue 8 item 10 and issue 9 item 4: token_triggers() reports what exists ----------

def reports_what_exists():
    db = connect(fresh("report.db"))
    check("report: before any token table, token_triggers() is 0",
          db.execute("SELECT token_triggers()").fetchone()[0] == 0 and triggers(db) == 0)
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE)")
    db.execute("CREATE TABLE t (a NOT NULL)")
    db.execute("SELECT token_install('users')")
    db.execute("SELECT token_triggers(0)")
    err = error_of(db, "INSERT INTO t VALUES (CASE WHEN token_triggers(1) THEN NULL END)")
    said = db.execute("SELECT token_triggers()").fetchone()[0]
    exists = triggers(db) > 0
    db.execute("INSERT INTO users (username) VALUES ('x')")
    issued = db.execute("SELECT count(*) FROM authtoken_token").fetchone()[0]
    check("report: after token_triggers(1) in a failed statement, token_triggers() is what exists",
          err is not None and said == int(exists) and issued == int(exists), (err, said, exists, issued))
    err = error_of(db, "INSERT INTO t VALUES (CASE WHEN token_triggers(0) THEN 1 END)")
    said = db.execute("SELECT token_triggers()").fetchone()[0]
    check("report: after token_triggers(0) in a failed statement, too",
          err is not None and said == int(triggers(db) > 0), (err, said, triggers(db)))
    db.execute("SELECT token_triggers(1)")
    db.execute("DROP TABLE authtoken_token")
    check("report: token table dropped: token_triggers() is 0 and the triggers are gone",
          db.execute("SELECT token_triggers()").fetchone()[0] == 0 and triggers(db) == 0)
    err = error_of(db, "INSERT INTO users (username) VALUES ('y')")
    check("report: then users can be inserted", err is None, err)


def rebuild_users(db):
    db.executescript("""BEGIN;
      CREATE TABLE new_users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, is_active INT DEFAULT 1,
        password TEXT, email TEXT);
      INSERT INTO new_users (id, username, is_active) SELECT id, username, is_active FROM users;
      DROP TABLE users; ALTER TABLE new_users RENAME TO users; COMMIT;""")


def every_function_restores():
    calls = ["SELECT token_triggers()", "SELECT token_new()", "SELECT token_now()",
             "SELECT token_password_check('x', 'y')", "SELECT token_password_hash('x', 1)",
             "SELECT authtoken_version()", "SELECT authtoken_debug()", "SELECT token_user('Token x')",
             "SELECT token_auth_error('Token x')", "SELECT token_setting('keyword')",
             "SELECT token_create(1)", "SELECT token_rotate(1)", "SELECT token_delete(99)",
             "SELECT token_obtain('ada', 'x')", "SELECT token_install()"]
    for i, sql in enumerate(calls):
        db = setup("restore%d.db" % i)
        rebuild_users(db)
        gone = triggers(db)
        db.execute(sql).fetchall()
        db.execute("INSERT INTO users (username) VALUES ('new')")
        new = db.execute("SELECT id FROM users WHERE username = 'new'").fetchone()[0]
        check("restore: after a users table rebuild, %s puts the triggers back" % sql,
              gone == 0 and key_of(db, new) is not None, (gone, triggers(db)))


# ---- issue 8 item 11: the triggers write main's table, never an attached file's ---------

def attached_token_table():
    db = setup("qualified.db")
    upload = fresh("upload.db")
    u = sqlite3.connect(upload)
    u.execute("CREATE TABLE authtoken_token (key, created, user_id)")
    u.commit()
    u.close()
    db.execute("ATTACH ? AS upload", (upload,))
    db.executescript("""BEGIN;
      CREATE TABLE new_tok ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL,
        "user_id" integer NOT NULL UNIQUE REFERENCES "users" ("id") DEFERRABLE INITIALLY DEFERRED);
      INSERT INTO new_tok SELECT * FROM main.authtoken_token;
      DROP TABLE main.authtoken_token;""")
    err = error_of(db, "INSERT INTO users (username) VALUES ('mid')")
    leaked = db.execute("SELECT count(*) FROM upload.authtoken_token").fetchone()[0]
    check("qualified: mid-rebuild, a user insert is refused rather than its key written elsewhere",
          err is not None and "main.authtoken_token" in err and leaked == 0, (err, leaked))
    err = error_of(db, "ALTER TABLE new_tok RENAME TO authtoken_token")
    check("qualified: (documented) the RENAME fails while this connection has the triggers",
          err is not None and "main.authtoken_token" in err, err)
    db.execute("ROLLBACK")
    db.execute("SELECT token_triggers(0)")
    db.executescript("""BEGIN;
      CREATE TABLE new_tok ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL,
        "user_id" integer NOT NULL UNIQUE REFERENCES "users" ("id") DEFERRABLE INITIALLY DEFERRED);
      INSERT INTO new_tok SELECT * FROM main.authtoken_token;
      DROP TABLE main.authtoken_token; ALTER TABLE new_tok RENAME TO authtoken_token; COMMIT;""")
    check("qualified: with token_triggers(0) around it the rebuild works",
          db.execute("SELECT token_triggers(1)").fetchone()[0] == 1)
    db.execute("INSERT INTO users (username) VALUES ('after')")
    users, bad, orphans, integrity = consistent(db)
    check("qualified: after it, new users' keys are in main's table, none in the attached one",
          bad == 0 and db.execute("SELECT count(*) FROM upload.authtoken_token").fetchone()[0] == 0, bad)
    db.execute("CREATE TEMP TABLE authtoken_token (key, created, user_id)")
    said = db.execute("SELECT token_triggers()").fetchone()[0]
    db.execute("INSERT INTO users (username) VALUES ('shadowed')")
    check("qualified: a TEMP authtoken_token would take the writes: no trigger while it exists",
          said == 0 and db.execute("SELECT count(*) FROM temp.authtoken_token").fetchone()[0] == 0, said)
    db.execute("DROP TABLE temp.authtoken_token")
    check("qualified: dropped, the triggers come back",
          db.execute("SELECT token_triggers()").fetchone()[0] == 1)


# ---- issue 9 item 5: PRAGMA temp_store -----------------------------------------------------

def temp_store():
    for mode in ("MEMORY", "FILE"):
        db = setup("temp_store_%s.db" % mode)
        db.execute("PRAGMA temp_store = %s" % mode)
        gone = triggers(db)
        said = db.execute("SELECT token_triggers()").fetchone()[0]
        db.execute("BEGIN")
        db.execute("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 20000) "
                   "INSERT INTO users (username) SELECT 'bulk' || n FROM r")
        db.execute("COMMIT")
        users, bad, orphans, integrity = consistent(db)
        check("temp_store=%s: SQLite drops the TEMP triggers; token_triggers() puts them back and says 1"
              % mode, gone == 0 and said == 1, (gone, said))
        check("temp_store=%s: then a 20,000-user insert issues 20,000 tokens" % mode,
              users == 20002 and bad == 0, (users, bad))
    db = setup("temp_store_gap.db")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("INSERT INTO users (username) VALUES ('gap')")
    check("temp_store: (documented) a user inserted before any call after the pragma gets no token",
          db.execute("SELECT count(*) FROM authtoken_token").fetchone()[0] == 2)
    db.execute("SELECT token_new()")
    db.execute("INSERT INTO users (username) VALUES ('next')")
    check("temp_store: token_new() too puts them back",
          db.execute("SELECT count(*) FROM authtoken_token").fetchone()[0] == 3)


# ---- issue 9 item 6: token_triggers(on) takes 0 or 1 -----------------------------------

def on_is_0_or_1():
    db = setup("on.db")
    for arg in ("2", "-7", "'1'", "1.0", "NULL"):
        err = error_of(db, "SELECT token_triggers(%s)" % arg)
        check("on: token_triggers(%s) is refused" % arg, err == "token_triggers: on must be 0 or 1", err)
    check("on: the triggers are untouched", db.execute("SELECT token_triggers()").fetchone()[0] == 1)


for test in (replace_on_unique_column, replace_same_id, replace_keeps_what_is_kept, replace_bulk,
             replace_by_index,
             update_or_replace, renumber, reports_what_exists, every_function_restores,
             attached_token_table, temp_store, on_is_0_or_1):
    try:
        test()
    except sqlite3.Error as e:  # a check that could not even run is a failure, not a crash
        check("%s: runs to the end" % test.__name__, False, repr(e))
finish()
