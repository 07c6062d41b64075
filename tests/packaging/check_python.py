"""check_python.py VERSION FORBIDDEN_PREFIX: run by the Python that installed the package
(a venv, or Debian's python3 with a --target directory on PYTHONPATH). Imports
sqlite_authtoken from where pip put it (never from the repository: FORBIDDEN_PREFIX), loads
the bundled library into a connection and uses it as DRF's TokenAuthentication would."""
import importlib.metadata
import os
import sqlite3
import sys

version, forbidden = sys.argv[1], sys.argv[2]
failures = 0


def check(name, ok, detail=""):
    global failures
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, detail)))
    failures += 0 if ok else 1


import sqlite_authtoken  # noqa: E402

pkg = os.path.dirname(sqlite_authtoken.__file__)
check("python: sqlite_authtoken is imported from the installed package, not the repository",
      not pkg.startswith(forbidden), pkg)
lib = sqlite_authtoken.path()
check("python: path() is the library bundled inside the package",
      lib == os.path.join(pkg, "authtoken.so") and os.path.isfile(lib), lib)
meta = importlib.metadata.version("sqlite-authtoken")
check("python: the distribution's version is VERSION", meta == version, meta)

db = sqlite3.connect(":memory:")
sqlite_authtoken.load(db)
got = db.execute("SELECT authtoken_version()").fetchone()[0]
check("python: load(conn) loads it; authtoken_version() is VERSION", got == version, got)
try:
    db.load_extension(lib)
    check("python: extension loading is off again after load()", False, "loaded")
except sqlite3.OperationalError as e:
    check("python: extension loading is off again after load()", str(e) == "not authorized", str(e))

db.executescript("CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT, is_active INT DEFAULT 1);"
                 "SELECT token_install('users');"
                 "INSERT INTO users(username) VALUES ('ada'), ('bob');")
key = db.execute("SELECT key FROM authtoken_token WHERE user_id = 2").fetchone()[0]
check("python: the trigger issued bob a 40-hex key",
      len(key) == 40 and all(c in "0123456789abcdef" for c in key), key)
got = db.execute("SELECT token_user(?)", (b"Token " + key.encode(),)).fetchone()[0]
check("python: token_user with the header as bytes gives bob's id", got == 2, repr(got))
got = db.execute("SELECT token_user(?), token_auth_error(?)", ("Token nope",) * 2).fetchone()
check("python: a wrong key gives NULL and DRF's message", got == (None, "Invalid token."), repr(got))
db.close()

closed = sqlite3.connect(":memory:")
closed.close()
try:
    sqlite_authtoken.load(closed)
    check("python: load() on a closed connection raises", False, "no error")
except sqlite3.ProgrammingError as e:
    check("python: load() on a closed connection raises", "closed" in str(e), str(e))
sys.exit(1 if failures else 0)
