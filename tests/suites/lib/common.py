"""common.py: shared by the Python helpers of tests/suites (check/finish from the harness,
a loader for the extension named by $AUTHTOKEN_EXT, a fresh database path)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import harness  # noqa: E402
from harness import check, error_of, finish, known_failure  # noqa: E402,F401

EXT = os.environ["AUTHTOKEN_EXT"]
TMP = os.environ.get("SUITE_TMP", "/tmp")


def fresh(name):
    os.makedirs(TMP, exist_ok=True)
    path = os.path.join(TMP, name)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return path


def connect(path, timeout=0.0, uri=False):
    return harness.connect(path, ext=EXT, timeout=timeout, uri=uri)


def consistent(db):
    """(users, users without exactly one token, tokens without a user, integrity)."""
    users = db.execute("SELECT count(*) FROM users").fetchone()[0]
    bad = db.execute("SELECT count(*) FROM users u WHERE (SELECT count(*) FROM authtoken_token t "
                     "WHERE t.user_id = u.id) != 1").fetchone()[0]
    orphans = db.execute("SELECT count(*) FROM authtoken_token t WHERE NOT EXISTS "
                         "(SELECT 1 FROM users u WHERE u.id = t.user_id)").fetchone()[0]
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    return users, bad, orphans, integrity
