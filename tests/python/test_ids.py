"""User ids of any single-column key type from Python (issue 9, items 3 and 14).

- The key's affinity is SQLite's own: for declared types chosen for SQLite's odd rules
  ('FLOATING POINT' is INTEGER, 'STRING' is NUMERIC, 'TEXTBLOB' is TEXT, ...), what
  token_create does with an id matches the affinity SQLite gives the same type in a CAST.
- Python's bindings (int, float, str, bytes) against INTEGER and TEXT keys, STRICT tables.
- Messages never show text that might be a key (a key passed as an id).
Run with Debian's /usr/bin/python3."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, connect, error_of, finish  # noqa: E402

TYPES = ["INTEGER", "INT", "TINYINT", "BIGINT", "UNSIGNED BIG INT", "INT8", "integer", "CHARACTER(20)",
         "VARCHAR(255)", "VARYING CHARACTER(255)", "NCHAR(55)", "NVARCHAR(100)", "TEXT", "CLOB",
         "char(32)", "BLOB", "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT", "NUMERIC",
         "DECIMAL(10,5)", "BOOLEAN", "DATE", "DATETIME", "FLOATING POINT", "STRING", "CHARINT",
         "INTBLOB", "TEXTBLOB", "BLOBTEXT", "REALTEXT", "UUID", "POINT", "DOUBLEINT", "BLOBREAL"]


def sqlite_affinity(db, declared):
    """The affinity SQLite gives `declared`, read from what CAST (same rules as a column) does."""
    a, b = db.execute('SELECT typeof(CAST(\'3.5\' AS %s)), typeof(CAST(\'3\' AS %s))' % (declared, declared)).fetchone()
    return {("integer", "integer"): "INTEGER", ("text", "text"): "TEXT", ("blob", "blob"): "BLOB",
            ("real", "real"): "REAL", ("real", "integer"): "NUMERIC"}[(a, b)]


def our_class(db, declared, n):
    """How token_create treats ids for a key declared `declared`: INTEGER, TEXT, or OTHER
    (passed to SQLite's comparison as they are: REAL, NUMERIC, BLOB)."""
    table = "t%d" % n
    db.execute('CREATE TABLE %s (id %s PRIMARY KEY, name TEXT)' % (table, declared))
    db.execute("DROP TABLE IF EXISTS authtoken_token")
    db.execute("SELECT token_install(?)", (table,))
    err = error_of(db, "SELECT token_create(x'01')")
    return {"token_create: user_id must be an integer, got blob of 1 byte": "INTEGER",
            "token_create: user_id must be text, got blob of 1 byte": "TEXT",
            "token_create: no user with the id given (blob of 1 byte)": "OTHER"}.get(err, err)


def affinities(db):
    wrong = []
    for n, declared in enumerate(TYPES):
        want = sqlite_affinity(db, declared)
        want = want if want in ("INTEGER", "TEXT") else "OTHER"
        got = our_class(db, declared, n)
        if got != want:
            wrong.append("%s: SQLite %s, ours %s" % (declared, want, got))
    check("affinity: %d declared types classed as SQLite classes them" % len(TYPES), not wrong, "; ".join(wrong))


def integer_key(db):
    db.execute("DROP TABLE IF EXISTS authtoken_token")
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT)")
    db.execute("SELECT token_install('users')")
    db.execute("INSERT INTO users (id, username) VALUES (3, 'ada')")
    key = db.execute("SELECT key FROM authtoken_token WHERE user_id = 3").fetchone()[0]
    got = [db.execute("SELECT token_create(?)", (v,)).fetchone()[0] for v in (3, 3.0, "3", " 3 ", "3.0", "3e0", "+3")]
    check("integer key: Python's 3, 3.0, '3', ' 3 ', '3.0', '3e0', '+3' are user 3", got == [key] * 7, repr(got))
    check("integer key: token_user gives a Python int", db.execute("SELECT token_user(?)", ("Token " + key,)).fetchone()[0] == 3)
    for value, message in ((3.5, "got real 3.5"), ("3.5", "got text '3.5'"), ("3x", "got text of 2 bytes"),
                           (b"3", "got blob of 1 byte"), (2.0 ** 63, "got real 9.22337203685478e+18"),
                           ("9223372036854775808", "got text '9223372036854775808'")):
        err = error_of(db, "SELECT token_rotate(?)", (value,))
        check("integer key: %r is refused, naming its type" % (value,),
              err == "token_rotate: user_id must be an integer, " + message, err)
    err = error_of(db, "SELECT token_create(?)", (key,))
    check("secrets: a key passed as an integer id is not echoed", err == "token_create: user_id must be an integer, got text of 40 bytes", err)
    check("integer key: the biggest integer is an id like another",
          error_of(db, "SELECT token_create(?)", ("9223372036854775807",)) == "token_create: no user with id 9223372036854775807")


def text_key(db):
    db.execute("DROP TABLE authtoken_token")
    db.execute("CREATE TABLE members (id TEXT PRIMARY KEY, is_active INT DEFAULT 1)")
    db.execute("SELECT token_install('members')")
    db.execute("INSERT INTO members (id) VALUES ('0042'), ('42'), ('4.2e1')")
    rows = db.execute("SELECT user_id, token_user('Token ' || key) FROM authtoken_token ORDER BY user_id").fetchall()
    check("text key: token_user gives each text id exactly", rows == [("0042", "0042"), ("4.2e1", "4.2e1"), ("42", "42")], repr(rows))
    key42 = db.execute("SELECT key FROM authtoken_token WHERE user_id = '42'").fetchone()[0]
    check("text key: Python's 42 is the text '42', not '0042'",
          db.execute("SELECT token_create(?)", (42,)).fetchone()[0] == key42)
    err = error_of(db, "SELECT token_create(?)", (42.0,))
    check("text key: 42.0 is the text '42.0' (as SQLite converts it), no such user",
          err == "token_create: no user with id '42.0'", err)
    err = error_of(db, "SELECT token_delete(?)", (b"42",))
    check("text key: bytes are refused by type", err == "token_delete: user_id must be text, got blob of 2 bytes", err)
    err = error_of(db, "SELECT token_rotate(?)", (key42,))
    check("secrets: a key passed as a text id is not echoed", err == "token_rotate: no user with the id given (text of 40 bytes)", err)


def strict_tables(db):
    version = db.execute("SELECT sqlite_version()").fetchone()[0]
    if tuple(int(x) for x in version.split(".")) < (3, 37, 0):
        check("strict: SQLite %s has no STRICT tables (nothing to check)" % version, True)
        return
    db.execute("DROP TABLE authtoken_token")
    db.execute("CREATE TABLE s_any (id ANY PRIMARY KEY, name TEXT) STRICT")
    db.execute("SELECT token_install('s_any')")
    db.execute("INSERT INTO s_any VALUES ('3', 'text three'), (3, 'integer three')")
    rows = db.execute("SELECT quote(token_user('Token ' || key)) FROM authtoken_token ORDER BY key").fetchall()
    check("strict ANY key: ids come back with their own types", sorted(r[0] for r in rows) == ["'3'", "3"], repr(rows))
    three = db.execute("SELECT key FROM authtoken_token WHERE user_id = 3 AND typeof(user_id) = 'integer'").fetchone()[0]
    check("strict ANY key: 3 and '3' are two users (no affinity)",
          db.execute("SELECT token_create(3) = ?, token_create('3') <> ?", (three, three)).fetchone() == (1, 1))
    db.execute("DROP TABLE authtoken_token")
    db.execute("CREATE TABLE s_int (id INT PRIMARY KEY, name TEXT) STRICT")
    db.execute("SELECT token_install('s_int')")
    db.execute("INSERT INTO s_int VALUES (5, 'five')")
    check("strict INT key: '5' is user 5",
          db.execute("SELECT token_create('5') = key FROM authtoken_token").fetchone()[0] == 1)


def main():
    db = connect(os.path.join(tempfile.mkdtemp(), "ids.db"))
    affinities(db)
    integer_key(db)
    text_key(db)
    strict_tables(db)
    db.close()


if __name__ == "__main__":
    main()
    finish()
