"""hostile.py: a database file built WITHOUT the extension, whose own schema calls our
functions, opened by a connection that loads it. Run by tests/suites/hostile.sh.

Each case is a fresh file: users (alice 1, bob 2), DRF's token table with their tokens, and
one hostile object. Views, schema triggers, DEFAULTs, generated columns and expression
indexes must fail with SQLite's "unsafe use of ..." (or "non-deterministic functions
prohibited ...") and change nothing. CHECK constraints are where SQLite 3.40 does not
enforce SQLITE_DIRECTONLY: every function is tried from a CHECK, what happened is printed
("3.40: ..."), and the writing functions must have no effect: refused by ext/sqlite/guard.c.
"""
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from harness import check, finish  # noqa: E402

EXT = os.environ["AUTHTOKEN_EXT"]
TMP = os.environ["HOSTILE_TMP"]

def library_functions():
    """The functions the library registers, from the library itself: pragma_function_list
    after loading it, less what the connection had before. name -> (DIRECTONLY, INNOCUOUS)."""
    db = sqlite3.connect(":memory:")
    listing = "SELECT name, max(flags & 0x80000 <> 0), max(flags & 0x200000 <> 0) " \
              "FROM pragma_function_list GROUP BY name"
    before = {row[0] for row in db.execute(listing)}
    db.enable_load_extension(True)
    db.load_extension(EXT)
    ours = {row[0]: (bool(row[1]), bool(row[2])) for row in db.execute(listing)
            if row[0] not in before}
    db.close()
    return ours


OURS = library_functions()

CALLS = {  # function -> a call expression usable inside a table definition
    "token_user": "token_user('Token ' || a)",
    "token_auth_error": "token_auth_error('Token ' || a)",
    "token_create": "token_create(1)",
    "token_rotate": "token_rotate(1)",
    "token_delete": "token_delete(1)",
    "token_new": "token_new()",
    "token_now": "token_now()",
    "token_install": "token_install('users')",
    "token_triggers": "token_triggers(0)",
    "token_obtain": "token_obtain('alice', 'pw')",
    "token_password_check": "token_password_check('pw', 'x')",
    "token_password_hash": "token_password_hash('pw', 1)",
    "token_setting": "token_setting('keyword', 'Evil')",
    "token_install_sql": "token_install_sql('users')",
    "token_setting_sql": "token_setting_sql('keyword', 'Evil')",
    "token_revoke": "token_revoke('Token ' || a)",
    "token_refresh": "token_refresh('Token ' || a)",
    "token_purge": "token_purge()",
    "token_digest": "token_digest('x' || a)",
    "token_expiry": "token_expiry()",
    "token_renewed": "token_renewed('x' || a, '2026-01-01 00:00:00')",
    "token_obtain_request": "token_obtain_request('application/json', "
                            "'{\"username\": \"alice\", \"password\": \"pw\"}')",
}
DETERMINISTIC = {"token_digest"}  # DIRECTONLY and DETERMINISTIC (tests/sql/flags.sql)
WRITERS = {"token_create", "token_rotate", "token_delete", "token_install", "token_triggers",
           "token_obtain", "token_setting", "token_revoke", "token_refresh", "token_purge",
           "token_obtain_request"}
HARMLESS = {"authtoken_version", "authtoken_debug"}  # INNOCUOUS: a schema may call them

BASE = """
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, password TEXT, is_active INT DEFAULT 1);
CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL,
  "user_id" integer NOT NULL UNIQUE REFERENCES "users" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO users (id, username, password) VALUES (1, 'alice', '!'), (2, 'bob', '!');
INSERT INTO authtoken_token VALUES ('aaaa', '2024-01-01 00:00:00', 1), ('bbbb', '2024-01-01 00:00:00', 2);
"""


def build(name, hostile_sql):
    """A file made by a connection without the extension (stand-ins registered only so
    that CREATE can parse the calls)."""
    path = os.path.join(TMP, name + ".db")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path)
    for fn in OURS:
        for n in range(3):
            db.create_function(fn, n, lambda *a: None, deterministic=True)
    db.executescript(BASE + hostile_sql)
    db.commit()
    db.close()
    return path


def open_loaded(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.enable_load_extension(True)
    db.load_extension(EXT)
    db.enable_load_extension(False)
    return db


def state(db):
    tokens = db.execute("SELECT key, user_id FROM authtoken_token ORDER BY user_id").fetchall()
    schema = db.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()
    return tokens, schema, db.execute("SELECT token_triggers()").fetchone()[0]


def attempt(db, sql):
    try:
        db.execute(sql).fetchall()
        return "ok"
    except sqlite3.Error as e:
        return str(e)


def blocked_object(kind, fn, hostile_sql, trigger_sql, expect):
    path = build("%s-%s" % (kind, fn), hostile_sql)
    db = open_loaded(path)
    before = state(db)
    outcome = attempt(db, trigger_sql)
    after = state(db)
    check("hostile/%s %s: refused" % (kind, fn), expect in outcome, outcome)
    check("hostile/%s %s: nothing changed" % (kind, fn), before == after, "%r -> %r" % (before, after))
    db.close()


def load_refused(kind, fn, hostile_sql, insert_sql):
    """A generated column or an index calling a non-deterministic function of ours makes the schema
    malformed once we are registered: the load fails. The close afterwards used to crash
    (SQLite unloads the library; the module left registered pointed into it), so the case
    runs in a child process."""
    path = build("%s-%s" % (kind, fn), hostile_sql)
    child = subprocess.run([sys.executable, __file__, "--load-and-close", path, insert_sql],
                           capture_output=True, text=True, timeout=60)
    out = child.stdout.strip()
    check("hostile/%s %s: load refused or insert refused, then a clean close" % (kind, fn),
          child.returncode == 0 and ("malformed database schema" in out
                                     or "prohibited in" in out),
          "rc %d: %s %s" % (child.returncode, out, child.stderr[-300:]))


def load_and_close(path, insert_sql):
    db = sqlite3.connect(path, isolation_level=None)
    db.enable_load_extension(True)
    try:
        db.load_extension(EXT)
        print(attempt(db, insert_sql))
    except sqlite3.Error as e:
        print(e)
    print(attempt(db, "SELECT count(*) FROM users"))
    db.close()


def schema_objects():
    for fn, call in CALLS.items():
        col = call.replace("|| a", "|| 'x'")
        blocked_object("view", fn, "CREATE VIEW v AS SELECT %s AS x;" % col,
                       "SELECT * FROM v", "unsafe use of %s()" % fn)
        blocked_object("trigger", fn,
                       "CREATE TRIGGER t AFTER INSERT ON users BEGIN SELECT %s; END;" % col,
                       "INSERT INTO users (username) VALUES ('eve')", "unsafe use of %s()" % fn)
        blocked_object("default", fn, "CREATE TABLE d (a, x DEFAULT (%s));" % col,
                       "INSERT INTO d (a) VALUES (1)", "unsafe use of %s()" % fn)
        load_refused("generated", fn, "CREATE TABLE g (a, x AS (%s));" % call,
                     "INSERT INTO g (a) VALUES (1)")
        load_refused("index", fn, "CREATE TABLE ix (a); CREATE INDEX ix_x ON ix (%s);" % call,
                     "INSERT INTO ix (a) VALUES (1)")


def check_constraints():
    print("SQLite %s" % sqlite3.sqlite_version)
    for fn, call in CALLS.items():
        if fn in DETERMINISTIC:  # SQLite enforces DIRECTONLY on those in a CHECK: no load
            load_refused("check", fn, "CREATE TABLE c (a, CHECK (typeof(%s) IS NOT NULL));" % call,
                         "INSERT INTO c (a) VALUES ('aaaa')")
            continue
        path = build("check-" + fn, "CREATE TABLE c (a, CHECK (typeof(%s) IS NOT NULL));" % call)
        db = open_loaded(path)
        before = state(db)
        outcome = attempt(db, "INSERT INTO c (a) VALUES ('aaaa')")
        after = state(db)
        print("3.40: %s from a CHECK: %s; %s" % (fn, "ran" if outcome == "ok" else outcome,
              "no effect" if before == after else "EFFECT: tokens %r -> %r, triggers %r -> %r"
              % (before[0], after[0], before[2], after[2])))
        if fn not in WRITERS:
            check("hostile/check %s: no effect" % fn, before == after, "%r -> %r" % (before, after))
        else:
            check("hostile/check %s: refused by the guard" % fn,
                  "%s: refusing to run: table main.c calls %s() in its definition" % (fn, fn)
                  == outcome, outcome)
            check("hostile/check %s: no effect" % fn, before == after, "%r -> %r" % (before, after))
        # the guard refuses every writer while such a table exists, with a clear message
        if fn == "token_create":
            msg = attempt(db, "SELECT token_triggers(1)")
            check("hostile/check: direct token_triggers(1) refused too while the table exists",
                  "refusing to run: table main.c calls token_create()" in msg, msg)
            db.execute("DROP TABLE c")
            check("hostile/check: works again once the table is gone",
                  attempt(db, "SELECT token_triggers(1)") == "ok")
        db.close()


def guard_attached():
    clean = build("clean", "")
    evil = build("evil", "CREATE TABLE c (a CHECK (typeof(token_triggers(0)) IS NOT NULL));")
    db = open_loaded(clean)
    check("hostile/attached: clean file works", attempt(db, "SELECT token_install('users')") == "ok")
    db.execute("ATTACH ? AS evil", (evil,))
    msg = attempt(db, "INSERT INTO evil.c VALUES (1)")
    check("hostile/attached: a CHECK in an attached file is refused",
          "refusing to run: table evil.c calls token_triggers()" in msg, msg)
    check("hostile/attached: triggers still on", db.execute("SELECT token_triggers()").fetchone()[0] == 1)
    # The same after the statement cache is warm: ATTACH must make the writers look again.
    deleter = build("evil-delete", "CREATE TABLE d (a CHECK (token_delete(1) >= 0));")
    db = open_loaded(clean)
    db.execute("SELECT token_create(1), token_create(2)").fetchall()
    before = state(db)
    db.execute("ATTACH ? AS late", (deleter,))
    msg = attempt(db, "INSERT INTO late.d VALUES (1)")
    check("hostile/attached late: a CHECK in a file attached after use is refused",
          "token_delete: refusing to run: table late.d calls token_delete() in its definition" == msg, msg)
    check("hostile/attached late: no token deleted", state(db) == before)
    db.execute("DETACH late")
    check("hostile/attached late: writers work again once it is detached",
          attempt(db, "SELECT token_rotate(2)") == "ok")


if sys.argv[1:2] == ["--load-and-close"]:
    load_and_close(sys.argv[2], sys.argv[3])
    sys.exit(0)
def coverage():
    """Every function the library registers is tried here: a new one without a call below
    fails until it gets one (the list cannot drift from the library's)."""
    check("hostile/coverage: the library's functions read from pragma_function_list",
          "token_user" in OURS and "token_create" in OURS, repr(OURS))
    direct = {fn for fn, (direct_only, _) in OURS.items() if direct_only}
    check("hostile/coverage: every DIRECTONLY function of the library has a call here",
          direct == set(CALLS), "library %s, here %s" % (sorted(direct), sorted(CALLS)))
    innocuous = {fn for fn, (_, harmless) in OURS.items() if harmless}
    check("hostile/coverage: the others are the INNOCUOUS ones",
          innocuous == HARMLESS and set(OURS) == direct | innocuous,
          "innocuous %s, expected %s" % (sorted(innocuous), sorted(HARMLESS)))


coverage()
schema_objects()
check_constraints()
guard_attached()
finish()
