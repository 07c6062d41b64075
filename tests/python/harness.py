"""Shared test plumbing for the Python tests: one line per check, counted by tests/run.sh.

Every check prints `PASS <name>` or `FAIL <name>: <detail>` (a pinned known gap `XFAIL <name>:
<why>`); finish() exits 1 on any failure.
"""
import os
import sqlite3
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXT = os.path.join(ROOT, "dist", "authtoken")
# DRF's and knox's recorded answers (copied from the oracles: test data, kept in the tree).
ORACLE = os.environ.get("AUTHTOKEN_ORACLE", os.path.join(ROOT, "tests", "oracle"))
_failed = 0


def check(name, ok, detail=""):
    global _failed
    if ok:
        print("PASS " + name)
    else:
        _failed += 1
        print("FAIL %s: %s" % (name, detail))
    sys.stdout.flush()


def known_failure(name, ok, why):
    """A pinned known gap (documented in README.md): `XFAIL <name>: <why>` while the check
    fails, counted apart by tests/run.sh; once it passes, a FAIL asking to make it an ordinary
    check, so that the pin never outlives the gap."""
    global _failed
    if ok:
        _failed += 1
        print("FAIL %s: passes now: the known gap is closed, make this an ordinary check" % name)
    else:
        print("XFAIL %s: %s" % (name, why))
    sys.stdout.flush()


def finish():
    sys.exit(1 if _failed else 0)


def connect(path, ext=EXT, load=True, timeout=5.0, uri=False):
    """An autocommit connection to path with the extension loaded (unless load is False)."""
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None, uri=uri)
    if load:
        db.enable_load_extension(True)
        db.load_extension(ext)
        db.enable_load_extension(False)
    return db


def error_of(db, sql, args=()):
    """The message of the error sql raises, or None."""
    try:
        db.execute(sql, args).fetchall()
    except sqlite3.Error as e:
        return str(e)
    return None
