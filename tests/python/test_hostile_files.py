"""test_hostile_files.py: the hostile-file corpus (issue 8). Run by `make test`, and again
against the sanitized build by tests/suites/asan.sh (every tests/python file is).

Each entry of CORPUS is a database file an attacker can hand us, written by a connection
WITHOUT the extension (stand-ins for our functions are registered only so that CREATE can
parse the calls; schema rows are then edited with PRAGMA writable_schema as an attacker
would), and the behaviour expected when a connection that loaded the extension uses it:

  refused  every writing function refuses while the file is open or attached, with
           "<fn>: refusing to run: <kind> <schema>.<name> calls <fn>() in its definition",
           so the attack changes no token and leaves the triggers on (ext/sqlite/guard.c);
  unsafe   SQLite itself refuses the call (SQLITE_DIRECTONLY in views and triggers), and
           the writers refuse as above (the guard reads every schema row, whatever its type);
  named    the attack itself runs (nothing of ours is called: our name is only a column of
           a virtual table) but the writers refuse as above: the guard's match is by name;
  allowed  a legitimate schema that only looks like an attack (our names in a string or
           a comment): nothing is refused.

Every file is used twice: opened as main, and ATTACHed as `upload` to a clean database whose
writers already ran (so the guard's verdict was cached before the file arrived). Other
sections: files that change or are swapped while attached, and files that must load (or
fail to load) without crashing or hanging, each in a child process.
"""
import os
import sqlite3
import subprocess
import sys

from harness import ROOT, check, finish
import harness

EXT = os.environ.get("AUTHTOKEN_EXT", harness.EXT)  # another build, e.g. to show a test fails
TMP = os.path.join(ROOT, "tests", "tmp", "hostile-files")
os.makedirs(TMP, exist_ok=True)

OURS = ["token_user", "token_auth_error", "token_create", "token_rotate", "token_delete",
        "token_new", "token_now", "token_install", "token_triggers", "token_obtain",
        "token_password_check", "token_password_hash", "token_setting"]

BASE = """
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, password TEXT, is_active INT DEFAULT 1);
CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY, "created" datetime NOT NULL,
  "user_id" integer NOT NULL UNIQUE REFERENCES "users" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO users (id, username, password) VALUES (1, 'alice', '!'), (2, 'bob', '!');
INSERT INTO authtoken_token VALUES ('aaaa', '2024-01-01 00:00:00', 1), ('bbbb', '2024-01-01 00:00:00', 2);
"""


def retype(name, new_type):
    """An attacker's edit of a schema row's type (SQLite compares it case-insensitively)."""
    return ("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET type = '%s' WHERE name = '%s';"
            "PRAGMA writable_schema = OFF;" % (new_type, name))


DELETER = "CREATE TABLE c (a CHECK (token_delete(1) >= 0));"
KEY_READER = "CREATE TABLE c (a, %s);" % ", ".join(
    "CONSTRAINT \"digit_%s\" CHECK (substr(token_create(1), 1, 1) <> '%s')" % (d, d)
    for d in "0123456789abcdef")

# name, the file's SQL (after BASE), expected, the writer the attack reaches, attack (on c)
CORPUS = [
    ("type TABLE", DELETER + retype("c", "TABLE"), "refused", "token_delete", "table"),
    ("type Table", DELETER + retype("c", "Table"), "refused", "token_delete", "table"),
    ("type tAbLe", DELETER + retype("c", "tAbLe"), "refused", "token_delete", "table"),
    ("type TABLE, triggers off", "CREATE TABLE c (a CHECK (token_triggers(0) >= 0));"
     + retype("c", "TABLE"), "refused", "token_triggers", "table"),
    ("type TABLE, rotate", "CREATE TABLE c (a CHECK (length(token_rotate(1)) > 0));"
     + retype("c", "TABLE"), "refused", "token_rotate", "table"),
    ("type TABLE, key read by 16 named CHECKs", KEY_READER + retype("c", "TABLE"), "refused",
     "token_create", "table"),
    ("upper case name", "CREATE TABLE c (a CHECK (TOKEN_DELETE(1) >= 0));", "refused",
     "token_delete", "table"),
    ("comment before the parenthesis",
     "CREATE TABLE c (a CHECK (token_delete /* x */ (1) >= 0));", "refused", "token_delete", "table"),
    ("newline and tab", "CREATE TABLE c (a CHECK (token_delete\n\t(1) >= 0));", "refused",
     "token_delete", "table"),
    ("line comment hiding nothing", "CREATE TABLE c (a CHECK (-- ' \ntoken_delete(1) >= 0));",
     "refused", "token_delete", "table"),
    ("quotes inside comments", "CREATE TABLE c (a CHECK (/* ' */ token_delete(1) >= 0 /* ' */));",
     "refused", "token_delete", "table"),
    ("double-quoted name", 'CREATE TABLE c (a CHECK ("token_delete"(1) >= 0));', "refused",
     "token_delete", "table"),
    ("bracketed name", "CREATE TABLE c (a CHECK ([token_delete](1) >= 0));", "refused",
     "token_delete", "table"),
    ("backquoted name", "CREATE TABLE c (a CHECK (`token_delete`(1) >= 0));", "refused",
     "token_delete", "table"),
    ("quote in a quoted column name", "CREATE TABLE c (\"it's\", a CHECK (token_delete(1) >= 0));",
     "refused", "token_delete", "table"),
    ("quote in a bracketed column name", "CREATE TABLE c ([it's], a CHECK (token_delete(1) >= 0));",
     "refused", "token_delete", "table"),
    ("generated column typed TABLE", "CREATE TABLE c (a, b AS (a + 1) STORED, "
     "CHECK (token_delete(1) >= 0));" + retype("c", "TABLE"), "refused", "token_delete", "table"),
    ("view", "CREATE TABLE c (a); CREATE VIEW v AS SELECT token_delete(1);", "unsafe",
     "token_delete", "view"),
    ("trigger", "CREATE TABLE c (a); CREATE TRIGGER t AFTER INSERT ON c BEGIN "
     "SELECT token_delete(1); END;", "unsafe", "token_delete", "trigger"),
    ("virtual table", "CREATE TABLE c (a); CREATE VIRTUAL TABLE vt USING fts5(token_delete);",
     "named", "token_delete", "table"),
    ("our name in a string only", "CREATE TABLE c (a CHECK (a <> 'token_delete(1)'));",
     "allowed", None, None),
    ("our name in a comment only", "CREATE TABLE c (a /* token_delete(1) */ CHECK (a > 0));",
     "allowed", None, None),
    ("our name in a line comment only", "CREATE TABLE c (a -- token_delete(1)\n);",
     "allowed", None, None),
    ("a longer name", "CREATE TABLE c (a CHECK (a <> 0), token_delete_log TEXT);",
     "allowed", None, None),
]


def fresh(name):
    path = os.path.join(TMP, name.replace(" ", "_").replace(",", "") + ".db")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return path


def build(name, sql, base=BASE):
    """A file written without the extension."""
    path = fresh(name)
    db = sqlite3.connect(path, isolation_level=None)
    for fn in OURS:
        for n in range(3):
            db.create_function(fn, n, lambda *a: 1)
    db.executescript(base + sql)
    db.close()
    return path


def loaded(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.enable_load_extension(True)
    db.load_extension(EXT)
    db.enable_load_extension(False)
    return db


def attempt(db, sql):
    try:
        db.execute(sql).fetchall()
        return "ok"
    except sqlite3.Error as e:
        return str(e)


def state(db):
    return (db.execute("SELECT key, user_id FROM main.authtoken_token ORDER BY user_id").fetchall(),
            db.execute("SELECT token_triggers()").fetchone()[0])


def victim():
    """A clean database whose writers already ran (the guard's verdict is cached)."""
    path = build("victim", "")
    db = loaded(path)
    db.execute("SELECT token_rotate(1), token_rotate(2)").fetchall()
    return db


def judge(label, db, schema, expected, fn, kind, name, outcome, before):
    after = state(db)
    finding = "refusing to run: %s %s.%s calls %s() in its definition" % (kind, schema, name, fn)
    if expected == "refused":
        want = "%s: %s" % (fn, finding)
        check("%s: refused" % label, outcome == want, "%r, wanted %r" % (outcome, want))
    elif expected == "unsafe":
        check("%s: SQLite refuses" % label, outcome == "unsafe use of %s()" % fn, outcome)
    elif expected == "named":
        check("%s: runs" % label, outcome == "ok", outcome)
    if expected != "allowed":
        direct = attempt(db, "SELECT token_rotate(2)")
        check("%s: every writer refuses" % label, direct == "token_rotate: " + finding, direct)
    else:
        check("%s: allowed" % label, outcome == "ok", outcome)
        rotated = attempt(db, "SELECT token_rotate(2)")
        check("%s: writers work" % label, rotated == "ok", rotated)
        after = before  # the rotation above changed bob's key on purpose
    check("%s: no token changed, triggers on" % label, after == before, "%r -> %r" % (before, after))


def attack_sql(name, schema):
    if name in ("view",):
        return "SELECT * FROM %s.v" % schema
    return "INSERT INTO %s.c (a) VALUES (1)" % schema


def corpus():
    for name, sql, expected, fn, kind in CORPUS:
        path = build(name, sql)
        obj = {"view": "v", "trigger": "t", "virtual table": "vt"}.get(name, "c")
        # opened as main
        db = loaded(path)
        before = state(db)
        outcome = attempt(db, attack_sql(name, "main"))
        judge("hostile file %s (main)" % name, db, "main", expected, fn, kind, obj, outcome, before)
        db.close()
        # attached to a clean database after its writers ran
        db = victim()
        before = state(db)
        db.execute("ATTACH ? AS upload", (path,))
        outcome = attempt(db, attack_sql(name, "upload"))
        judge("hostile file %s (attached)" % name, db, "upload", expected, fn, kind, obj, outcome,
              before)
        db.execute("DETACH upload")
        if expected != "allowed":
            again = attempt(db, "SELECT token_rotate(1)")
            check("hostile file %s: writers work once detached" % name, again == "ok", again)
        db.close()


def changed_while_attached():
    """Issue 8, item 2: the verdict was cached on a clean attached file, then another program
    replaced a table in it (its schema_version moved, main's did not)."""
    path = build("changing", "CREATE TABLE c (a);")
    db = victim()
    db.execute("ATTACH ? AS upload", (path,))
    db.execute("INSERT INTO upload.c VALUES (1)")
    check("attached file, clean: writers work", attempt(db, "SELECT token_create(1)") == "ok")
    before = state(db)
    other = sqlite3.connect(path, isolation_level=None)
    other.create_function("token_delete", 1, lambda a: 1)
    other.executescript("DROP TABLE c; " + DELETER)
    other.close()
    outcome = attempt(db, "INSERT INTO upload.c (a) VALUES (1)")
    want = ("token_delete: refusing to run: table upload.c calls token_delete() in its "
            "definition")
    check("attached file changed by another program: refused", outcome == want, outcome)
    check("attached file changed by another program: no token changed", state(db) == before,
          "%r -> %r" % (before, state(db)))
    # and by this connection itself (the application's SQL, after the verdict was cached)
    db.execute("DETACH upload")
    path = build("changing-here", "CREATE TABLE c (a);")
    db.execute("ATTACH ? AS upload", (path,))
    check("attached again: writers work", attempt(db, "SELECT token_rotate(2)") == "ok")
    before = state(db)
    db.execute("CREATE TABLE upload.d (a CHECK (token_delete(1) >= 0))")
    outcome = attempt(db, "INSERT INTO upload.d (a) VALUES (1)")
    check("attached file changed by this connection: refused",
          outcome == want.replace("upload.c", "upload.d"), outcome)
    check("attached file changed by this connection: no token changed", state(db) == before)
    db.close()


def reattached():
    """A clean file detached, a hostile one with the same schema_version attached under the
    same name at the same path: the names and versions match, the verdict must not."""
    path = build("swapped", "CREATE TABLE c (a);")
    db = victim()
    db.execute("ATTACH ? AS upload", (path,))
    check("swap: clean file, writers work", attempt(db, "SELECT token_rotate(1)") == "ok")
    version = db.execute("PRAGMA upload.schema_version").fetchone()[0]
    db.execute("DETACH upload")
    build("swapped", DELETER)
    db.execute("ATTACH ? AS upload", (path,))
    check("swap: same schema_version", db.execute("PRAGMA upload.schema_version").fetchone()[0]
          == version)
    before = state(db)
    outcome = attempt(db, "INSERT INTO upload.c (a) VALUES (1)")
    check("swap: hostile file under the same name refused",
          outcome == "token_delete: refusing to run: table upload.c calls token_delete() in its "
          "definition", outcome)
    check("swap: no token changed", state(db) == before)
    db.execute("DETACH upload")
    build("swapped", "CREATE TABLE c (a);")
    db.execute("ATTACH ? AS upload", (path,))
    check("swap: clean again, writers work", attempt(db, "SELECT token_rotate(1)") == "ok")
    db.close()


TOKEN_TABLE = """CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY,
  "created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "%s" ("%s")
  DEFERRABLE INITIALLY DEFERRED);"""
USERS = "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, email TEXT);"
SETTINGS = 'CREATE VIEW "authtoken_settings" ("name", "value") AS '


def values(*rows):
    return USERS + TOKEN_TABLE % ("users", "id") + SETTINGS + "VALUES " + ", ".join(
        "('%s', '%s')" % (n, v.replace("'", "''")) for n, v in rows) + ";"


NOT_OURS = "authtoken: the authtoken_settings view is not one token_setting wrote"
# name, the whole file's SQL, what loading says ("loaded" or the error), keyword then in force
LOADS = [
    ("token table referencing authtoken_cache", TOKEN_TABLE % ("authtoken_cache", "name"),
     "authtoken: users table authtoken_cache has no primary key; user ids need a single-column key", None),
    ("settings view reading authtoken_cache, users a view",
     "CREATE TABLE u (id INTEGER PRIMARY KEY, username TEXT); CREATE VIEW users AS SELECT * FROM u;"
     + TOKEN_TABLE % ("users", "id") + SETTINGS + "SELECT name, sql FROM authtoken_cache;",
     NOT_OURS, None),
    ("users a view", "CREATE TABLE u (id INTEGER PRIMARY KEY, username TEXT);"
     "CREATE VIEW users AS SELECT * FROM u;" + TOKEN_TABLE % ("users", "id"),
     "authtoken: users is a view; user ids need a table with a single-column primary key", None),
    ("recursive settings view", USERS + TOKEN_TABLE % ("users", "id") + SETTINGS
     + "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
     "SELECT 'keyword', 'Token' FROM r;", NOT_OURS, None),
    ("recursive settings view that sorts", USERS + TOKEN_TABLE % ("users", "id") + SETTINGS
     + "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
     "SELECT 'keyword', 'Token' FROM r ORDER BY n DESC;", NOT_OURS, None),
    ("settings view selecting its values", USERS + TOKEN_TABLE % ("users", "id") + SETTINGS
     + "SELECT 'keyword', 'Bearer';", NOT_OURS, None),
    ("settings view with a comment", values(("keyword", "Bearer")).replace("VALUES", "/**/ VALUES"),
     NOT_OURS, None),
    ("settings view longer than 4096 bytes", values(*[("keyword", "Bearer")] * 200),
     "authtoken: the authtoken_settings view is longer than 4096 bytes", None),
    ("keyword with a space", values(("keyword", "two words")),
     "authtoken: authtoken_settings: keyword must be 1 to 32 visible ASCII characters", None),
    ("keyword of 33 characters", values(("keyword", "k" * 33)),
     "authtoken: authtoken_settings: keyword must be 1 to 32 visible ASCII characters", None),
    ("empty keyword", values(("keyword", "")),
     "authtoken: authtoken_settings: keyword must be 1 to 32 visible ASCII characters", None),
    ("username_column not a column", values(("username_column", "nope")),
     "authtoken: authtoken_settings: users has no column named nope", None),
    ("a NUL before the CHECK (SQLite, like the guard, reads up to it)",
     USERS + TOKEN_TABLE % ("users", "id") + DELETER + "PRAGMA writable_schema = ON; "
     "UPDATE sqlite_schema SET sql = 'CREATE TABLE c (a ' || char(0) || "
     "'CHECK (token_delete(1) >= 0))' WHERE name = 'c'; PRAGMA writable_schema = OFF;",
     "authtoken: malformed database schema (c) - incomplete input", None),
    ("settings as token_setting writes them",
     values(("keyword", "Be'arer"), ("username_column", "email"), ("later", "ignored")),
     "loaded", "Be'arer"),
]

CHILD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.enable_load_extension(True)
try:
    db.load_extension(sys.argv[2])
    print("load: loaded")
    print("keyword:", db.execute("SELECT token_setting('keyword')").fetchone()[0])
except sqlite3.Error as e:
    print("load:", e)
try:
    print("schema rows:", db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])
except sqlite3.Error as e:
    print("schema:", e)
db.close()
print("closed")
"""


def loads():
    """Loading never crashes nor hangs, whatever the file holds (issue 8, items 3 and 4):
    each file is loaded by a child process, which then runs a statement and closes."""
    for name, sql, expected, keyword in LOADS:
        path = build(name, sql, base="")
        try:
            child = subprocess.run([sys.executable, "-c", CHILD, path, EXT], capture_output=True,
                                   text=True, timeout=30)
            out, rc = child.stdout, child.returncode
        except subprocess.TimeoutExpired:
            out, rc = "hung for 30 s", -1
        label = "load %s" % name
        check("%s: no crash, closed" % label, rc == 0 and "closed" in out,
              "rc %d: %s" % (rc, (out + child.stderr[-400:]) if rc != -1 else out))
        want = "load: " + ("" if expected == "loaded" else "error during initialization: ")
        check("%s: %s" % (label, expected), "%s%s\n" % (want, expected) in out, out)
        if keyword:
            check("%s: keyword in force" % label, "keyword: %s\n" % keyword in out, out)


corpus()
loads()
changed_while_attached()
reattached()
finish()
