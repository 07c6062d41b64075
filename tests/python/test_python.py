"""Python's stdlib sqlite3 (Debian's /usr/bin/python3) loading the extension: the API from
Python, parameters bound as str and bytes, errors as exceptions with exact messages,
a second connection that never loaded the extension, and a read-only connection."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, connect, error_of, finish  # noqa: E402


def main():
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "py.db")
    db = connect(path)
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, is_active INT DEFAULT 1)")
    check("python: token_install returns the users table", db.execute("SELECT token_install()").fetchone()[0] == "users")
    db.execute("INSERT INTO users (username) VALUES (?)", ("ada",))
    key = db.execute("SELECT key FROM authtoken_token WHERE user_id = 1").fetchone()[0]
    check("python: trigger issued a DRF-shaped key", len(key) == 40 and all(c in "0123456789abcdef" for c in key), key)
    check("python: token_user with a str header", db.execute("SELECT token_user(?)", ("Token " + key,)).fetchone()[0] == 1)
    check("python: token_user with a bytes header", db.execute("SELECT token_user(?)", (b"Token " + key.encode(),)).fetchone()[0] == 1)
    check("python: bytes with a trailing NUL are not the key",
          db.execute("SELECT token_user(?), token_auth_error(?)", (b"Token " + key.encode() + b"\0",) * 2).fetchone() == (None, "Invalid token."))
    check("python: None header", db.execute("SELECT token_user(?), token_auth_error(?)", (None, None)).fetchone() == (None, None))
    check("python: token_create returns the same key", db.execute("SELECT token_create(1)").fetchone()[0] == key)
    check("python: unknown user raises with the exact message",
          error_of(db, "SELECT token_create(?)", (42,)) == "token_create: no user with id 42")
    check("python: ids bound as float 1.0 and str '1' are user 1 (the key's INTEGER affinity)",
          db.execute("SELECT token_create(?), token_create(?)", (1.0, "1")).fetchone() == (key, key))
    check("python: a float id that is no integer raises, naming what it got",
          error_of(db, "SELECT token_create(?)", (1.5,)) == "token_create: user_id must be an integer, got real 1.5")
    check("python: bytes as an id raise, naming what they are",
          error_of(db, "SELECT token_delete(?)", (b"\x01",)) == "token_delete: user_id must be an integer, got blob of 1 byte")
    new = db.execute("SELECT token_rotate(1)").fetchone()[0]
    check("python: rotate changes the key", new != key and db.execute("SELECT token_user(?)", ("Token " + new,)).fetchone()[0] == 1)
    check("python: the old key fails after rotate", db.execute("SELECT token_auth_error(?)", ("Token " + key,)).fetchone()[0] == "Invalid token.")
    # INSERT with token_new(): a write that is an INSERT statement, as pools expect
    db.execute("INSERT INTO users (username) VALUES ('bob')")
    db.execute("DELETE FROM authtoken_token WHERE user_id = 2")
    db.execute("INSERT INTO authtoken_token (key, created, user_id) VALUES (token_new(), token_now(), ?)", (2,))
    check("python: INSERT ... token_new() makes a working token",
          db.execute("SELECT token_user('Token ' || key) FROM authtoken_token WHERE user_id = 2").fetchone()[0] == 2)
    # transaction: rollback removes user and token together
    db.execute("BEGIN")
    db.execute("INSERT INTO users (username) VALUES ('cy')")
    db.execute("ROLLBACK")
    check("python: rollback leaves neither user nor token",
          db.execute("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM authtoken_token)").fetchone() == (2, 2))

    # A connection that never loaded the extension inserts users and reads tokens.
    plain = connect(path, load=False)
    plain.execute("PRAGMA foreign_keys = ON")
    plain.execute("INSERT INTO users (username) VALUES ('plain')")
    check("python: an unloaded connection inserts users (no token: its trigger is not there)",
          plain.execute("SELECT count(*) FROM authtoken_token WHERE user_id = 3").fetchone()[0] == 0)
    check("python: an unloaded connection cannot call our functions",
          "no such function: token_user" in (error_of(plain, "SELECT token_user('Token x')") or ""))
    plain.close()
    check("python: token_create issues the missing token later", len(db.execute("SELECT token_create(3)").fetchone()[0]) == 40)

    # A read-only connection answers token_user and refuses writes clearly.
    ro = connect("file:%s?mode=ro" % path, uri=True)
    check("python: token_user on a read-only connection", ro.execute("SELECT token_user(?)", ("Token " + new,)).fetchone()[0] == 1)
    check("python: token_rotate on a read-only connection",
          error_of(ro, "SELECT token_rotate(1)") == "token_rotate: attempt to write a readonly database")
    ro.close()
    db.close()
    finish()


if __name__ == "__main__":
    main()
