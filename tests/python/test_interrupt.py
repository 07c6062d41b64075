"""A long password check stops on sqlite3_interrupt() (ext/sqlite/interrupt.c): Python's
Connection.interrupt(), called from another thread while token_password_check or
token_obtain derives a 1,000,000-iteration PBKDF2 hash, makes the call fail with
"<function>: interrupted" (SQLITE_INTERRUPT). The connection then works as before, and an
interrupted SELECT inside a transaction leaves the transaction as it was. No timing is
asserted: the other thread interrupts again and again until the call returns.

Run with Debian's /usr/bin/python3."""
import os
import sqlite3
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
from harness import EXT, check, finish  # noqa: E402

SQLITE_INTERRUPT = 9
PW = "correct horse \u00e9\u2603"
# Made by Django (PBKDF2PasswordHasher, 1,000,000 iterations) for PW, as in tests/unit.
HASH_1M = "pbkdf2_sha256$1000000$Zq4mN8pW2xL6vR0tY3uB7s$z7Y2K0sstkUKOHr7AqRuFbrzk8df42jtUpawxzAc1s4="
HASH_1K = "pbkdf2_sha256$1000$seasalt$DfUxFVNcU0SKaQVesKnygW7K/lBbQlajbSjA3q3nZpc="


def interrupted(db, sql, args=()):
    """Runs sql while another thread keeps calling db.interrupt(); returns the error raised
    (None if the statement finished) and its SQLite error code when Python exposes it."""
    started, done = threading.Event(), threading.Event()

    def poke():
        while not done.is_set():
            db.interrupt()
            started.set()
            done.wait(0.001)

    t = threading.Thread(target=poke)
    t.start()
    started.wait()
    try:
        db.execute(sql, args).fetchall()
        err = None
    except sqlite3.Error as e:
        err = e
    finally:
        done.set()
        t.join()
    if err is None:
        return None, None
    return str(err), getattr(err, "sqlite_errorcode", SQLITE_INTERRUPT)


def main():
    path = os.path.join(tempfile.mkdtemp(), "interrupt.db")
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.enable_load_extension(True)
    db.load_extension(EXT)
    db.enable_load_extension(False)
    db.execute("CREATE TABLE auth_user (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT)")
    db.execute("SELECT token_install('auth_user')")
    db.execute("INSERT INTO auth_user (username, password) VALUES ('ada', ?)", (HASH_1M,))
    db.execute("DELETE FROM authtoken_token")  # the trigger's; token_obtain must make it
    check("interrupt: the 1,000,000-iteration hash is right",
          db.execute("SELECT token_password_check(?, ?)", (PW, HASH_1M)).fetchone()[0] == 1)

    err = interrupted(db, "SELECT token_password_check(?, ?)", (PW, HASH_1M))
    check("interrupt: token_password_check stops with 'interrupted' and SQLITE_INTERRUPT",
          err == ("token_password_check: interrupted", SQLITE_INTERRUPT), repr(err))
    check("interrupt: the connection answers again afterwards",
          db.execute("SELECT token_password_check(?, ?), token_password_check(?, ?)",
                     (PW, HASH_1K, PW, HASH_1M)).fetchone() == (1, 1))

    err = interrupted(db, "SELECT token_obtain('ada', ?)", (PW,))
    check("interrupt: token_obtain stops during the user's hash",
          err == ("token_obtain: interrupted", SQLITE_INTERRUPT), repr(err))
    err = interrupted(db, "SELECT token_obtain('nobody', ?)", (PW,))
    check("interrupt: token_obtain stops during an unknown user's default hash",
          err == ("token_obtain: interrupted", SQLITE_INTERRUPT), repr(err))
    err = interrupted(db, "SELECT token_obtain('ada', 'wrong')")
    check("interrupt: token_obtain stops during a wrong password's hash",
          err == ("token_obtain: interrupted", SQLITE_INTERRUPT), repr(err))
    check("interrupt: no token was issued by an interrupted login",
          db.execute("SELECT count(*) FROM authtoken_token").fetchone()[0] == 0)
    body = db.execute("SELECT token_obtain('ada', ?)", (PW,)).fetchone()[0]
    check("interrupt: the same login succeeds when not interrupted",
          body == '{"token":"%s"}' % db.execute("SELECT key FROM authtoken_token").fetchone()[0], body)

    db.execute("BEGIN")
    db.execute("INSERT INTO auth_user (username, password) VALUES ('bob', ?)", (HASH_1K,))
    err = interrupted(db, "SELECT token_password_check(?, ?)", (PW, HASH_1M))
    check("interrupt: inside a transaction too", err == ("token_password_check: interrupted", SQLITE_INTERRUPT),
          repr(err))
    check("interrupt: an interrupted SELECT leaves the transaction open", db.in_transaction)
    db.execute("COMMIT")
    check("interrupt: the transaction's insert is committed",
          db.execute("SELECT count(*) FROM auth_user WHERE username = 'bob'").fetchone()[0] == 1)
    db.close()
    finish()


if __name__ == "__main__":
    main()
