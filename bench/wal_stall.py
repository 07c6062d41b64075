#!/usr/bin/python3
"""wal_stall.py: how long a request's token_user waits behind a writer, rollback journal vs WAL.

  /usr/bin/python3 bench/wal_stall.py EXT OUTDIR [USERS]

For each journal mode (delete: SQLite's default rollback journal; wal), a reader process
authenticates one header every millisecond or so (busy_timeout 60 s, as a server would set
it) while this process inserts USERS users (default 200000) in one transaction, the trigger
issuing each a token. Prints one tab-separated line per mode: mode, users inserted, writer seconds, reader
calls, reader median ms, reader worst ms. The worst call is the stall a request would see.
"""
import os
import sqlite3
import statistics
import subprocess
import sys
import time


def connect(path, ext):
    db = sqlite3.connect(path, isolation_level=None, timeout=60.0)
    db.enable_load_extension(True)
    db.load_extension(ext)
    db.enable_load_extension(False)
    return db


def reader(path, ext, stop):
    db = connect(path, ext)
    key = db.execute("SELECT key FROM authtoken_token LIMIT 1").fetchone()[0]
    header = ("Token " + key).encode()
    times = []
    while not os.path.exists(stop):
        t0 = time.perf_counter()
        db.execute("SELECT token_user(?)", (header,)).fetchone()
        times.append(time.perf_counter() - t0)
        time.sleep(0.001)  # a server between requests, not a busy loop
    print(len(times), statistics.median(times) * 1e3, max(times) * 1e3)


def run(mode, ext, out, users):
    path = os.path.join(out, "stall-%s.db" % mode)
    stop = path + ".stop"
    for suffix in ("", "-wal", "-shm", "-journal", ".stop"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = connect(path, ext)
    db.execute("PRAGMA journal_mode = %s" % mode)
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE)")
    db.execute("SELECT token_install('users')")
    db.executemany("INSERT INTO users (username) VALUES (?)", (("seed%d" % i,) for i in range(1000)))
    proc = subprocess.Popen([sys.executable, __file__, "--reader", path, ext, stop],
                            stdout=subprocess.PIPE, text=True)
    time.sleep(1.0)  # the reader is running
    t0 = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT INTO users (username) VALUES (?)", (("u%d" % i,) for i in range(users)))
    db.execute("COMMIT")
    writer = time.perf_counter() - t0
    time.sleep(0.5)
    open(stop, "w").close()
    calls, median, worst = proc.communicate()[0].split()
    tokens = db.execute("SELECT count(*) FROM authtoken_token").fetchone()[0]
    db.close()
    assert tokens == users + 1000, "the trigger missed users"
    print("%s\t%d\t%.2f\t%s\t%.3f\t%.1f" % (mode, users, writer, calls, float(median), float(worst)))
    sys.stdout.flush()


def main():
    if sys.argv[1] == "--reader":
        reader(*sys.argv[2:5])
        return
    ext, out = sys.argv[1], sys.argv[2]
    users = int(sys.argv[3]) if len(sys.argv) > 3 else 200000
    os.makedirs(out, exist_ok=True)
    for mode in ("delete", "wal"):
        run(mode, ext, out, users)


if __name__ == "__main__":
    main()
