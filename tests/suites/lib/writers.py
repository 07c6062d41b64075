"""writers.py: concurrent writers and killed writers (issue 5, items 4 and 5).

  writers.py concurrent   several processes insert thousands of users each into one WAL
                          database with a busy timeout: no error, one token per user; then
                          without a busy timeout: the error reaches the caller, nothing is
                          half-written.
  writers.py crash        a writer killed with SIGKILL mid-transaction (rollback journal and
                          WAL): after reopening, integrity ok, every user exactly one token,
                          no token without its user.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import time

from common import EXT, check, connect, consistent, error_of, finish, fresh  # noqa: F401

PROCS, USERS = 4, 2500


def setup(path, wal=True):
    db = connect(path)
    if wal:
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE)")
    db.execute("SELECT token_install('users')")
    db.close()


def child_insert(path, tag, n, timeout):
    """Inserts n users one statement each; prints how many inserts failed and why."""
    db = connect(path, timeout=timeout)
    db.execute("PRAGMA synchronous=NORMAL")
    errors = {}
    for i in range(n):
        try:
            db.execute("INSERT INTO users (username) VALUES (?)", ("%s-%d" % (tag, i),))
        except sqlite3.Error as e:
            errors[str(e)] = errors.get(str(e), 0) + 1
    db.close()
    print(repr(errors))


def run_children(path, n, timeout, tag):
    procs = [subprocess.Popen([sys.executable, __file__, "child", path, "%s%d" % (tag, k), str(n),
                               str(timeout)], stdout=subprocess.PIPE, text=True)
             for k in range(PROCS)]
    results = [eval(p.communicate(timeout=600)[0].strip() or "{'no output': 1}") for p in procs]
    return results, [p.returncode for p in procs]


def concurrent():
    path = fresh("concurrent.db")
    setup(path)
    started = time.time()
    results, codes = run_children(path, USERS, 30.0, "t")
    db = connect(path)
    users, bad, orphans, integrity = consistent(db)
    print("%d processes x %d users with a busy timeout: %.1fs, errors %r"
          % (PROCS, USERS, time.time() - started, results))
    check("concurrent/busy timeout: no errors", codes == [0] * PROCS and all(not r for r in results),
          repr(results))
    check("concurrent/busy timeout: every user inserted", users == PROCS * USERS, str(users))
    check("concurrent/busy timeout: one token per user, no orphan", bad == 0 and orphans == 0,
          "%d users without exactly one token, %d orphans" % (bad, orphans))
    check("concurrent/busy timeout: integrity ok", integrity == "ok", integrity)
    db.close()

    results, codes = run_children(path, 2000, 0.0, "n")
    locked = sum(v for r in results for k, v in r.items() if "locked" in k or "busy" in k)
    other = [k for r in results for k in r if "locked" not in k and "busy" not in k]
    db = connect(path)
    users2, bad, orphans, integrity = consistent(db)
    print("without a busy timeout: %d inserts refused with 'database is locked'" % locked)
    check("concurrent/no timeout: only 'database is locked' reaches the caller", not other, repr(other))
    check("concurrent/no timeout: refused inserts left nothing",
          users2 - users == PROCS * 2000 - locked, "%d new users, %d refused" % (users2 - users, locked))
    check("concurrent/no timeout: one token per user, no orphan", bad == 0 and orphans == 0,
          "%d, %d" % (bad, orphans))
    # deterministic: a held write lock, timeout 0
    holder = connect(path)
    holder.execute("BEGIN IMMEDIATE")
    other_db = connect(path)
    err = error_of(other_db, "INSERT INTO users (username) VALUES ('blocked')")
    check("concurrent/locked: INSERT gets 'database is locked'", err == "database is locked", str(err))
    err = error_of(other_db, "SELECT token_rotate(1)")
    check("concurrent/locked: token_rotate reports the lock with its name",
          err is not None and err.startswith("token_rotate: database is locked"), str(err))
    err = error_of(other_db, "SELECT token_user('Token ' || key) FROM authtoken_token LIMIT 1")
    check("concurrent/locked: token_user still answers while another writes (WAL)", err is None, str(err))
    holder.execute("ROLLBACK")
    check("concurrent/locked: nothing half-written",
          other_db.execute("SELECT count(*) FROM users WHERE username = 'blocked'").fetchone()[0] == 0)


def child_crash_writer(path):
    db = connect(path, timeout=5.0)
    i = 0
    while True:
        db.execute("BEGIN")
        for _ in range(300):
            db.execute("INSERT INTO users (username) VALUES (?)", ("u%d-%d" % (os.getpid(), i),))
            i += 1
        if i % 600 == 0:
            db.execute("DELETE FROM users WHERE id IN (SELECT id FROM users ORDER BY random() LIMIT 50)")
        db.execute("COMMIT")


def count_users(path):
    db = connect(path, timeout=30.0)
    n = db.execute("SELECT count(*) FROM users").fetchone()[0]
    db.close()
    return n


def wait_for_commit(path, before, limit=60.0):
    """Until the writer has committed users (so that the kill lands after real work)."""
    deadline = time.time() + limit
    while time.time() < deadline and count_users(path) <= before:
        time.sleep(0.05)


def crash():
    for mode in ("DELETE", "WAL"):
        path = fresh("crash-%s.db" % mode.lower())
        setup(path, wal=(mode == "WAL"))
        for round_ in range(3):
            before = count_users(path)
            p = subprocess.Popen([sys.executable, __file__, "crash-child", path])
            wait_for_commit(path, before)  # on a loaded machine the child may start slowly
            time.sleep(0.1 * round_)
            p.send_signal(signal.SIGKILL)
            p.wait()
            db = connect(path)
            users, bad, orphans, integrity = consistent(db)
            db.close()
            check("crash/%s round %d: integrity ok after SIGKILL" % (mode, round_), integrity == "ok", integrity)
            check("crash/%s round %d: %d users, each exactly one token, no orphan token"
                  % (mode, round_, users), bad == 0 and orphans == 0, "%d bad, %d orphans" % (bad, orphans))
            check("crash/%s round %d: the writer was killed mid-way (users committed)" % (mode, round_),
                  users > before and p.returncode == -signal.SIGKILL,
                  "%d users (%d before), rc %s" % (users, before, p.returncode))


if sys.argv[1] == "child":
    child_insert(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
elif sys.argv[1] == "crash-child":
    child_crash_writer(sys.argv[2])
else:
    {"concurrent": concurrent, "crash": crash}[sys.argv[1]]()
    finish()
