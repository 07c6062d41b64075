"""The knox scheme (issue 10) beyond the header corpus (test_knox_oracle.py): the table
token_install makes, which scheme is in force, issuing, the per-user limit, logging out,
purging, the settings, and hostile input and rows. Runs on copies of knox's fixture
(tests/oracle/knox) and on fresh databases.
"""
import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, connect, error_of, finish, ORACLE  # noqa: E402

KNOX = os.path.join(ORACLE, "knox")
FACTS = json.load(open(os.path.join(KNOX, "knox-facts.json")))
TOKENS = {t["label"]: t for t in FACTS["tokens"]}
LIMIT_MSG = "Maximum amount of tokens allowed per user exceeded."
DJANGO_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$")


def parse(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f" if "." in text
                                      else "%Y-%m-%d %H:%M:%S")


def fixture(tmp, name="k.db"):
    path = os.path.join(tmp, name)
    shutil.copyfile(os.path.join(KNOX, "knox-fixture.sqlite3"), path)
    return path, connect(path)


def one(db, sql, args=()):
    return db.execute(sql, args).fetchone()[0]


def rows(db):
    return db.execute("SELECT digest, token_key, user_id, created, expiry FROM knox_authtoken "
                      "ORDER BY rowid").fetchall()


def test_table(tmp):
    """token_install('auth_user', 'knox') on Django's auth_user makes knox's exact schema."""
    db = connect(os.path.join(tmp, "install.db"))
    auth_user = [r["sql"] for r in FACTS["facts"]["sqlite_master"] if r["name"] == "auth_user"][0]
    db.execute(auth_user)
    got = one(db, "SELECT token_install('auth_user', 'knox')")
    check("knox install: token_install('auth_user', 'knox') returns the users table",
          got == "auth_user", repr(got))
    want = [(r["type"], r["name"], r["sql"]) for r in FACTS["facts"]["sqlite_master"]
            if r["tbl_name"] == "knox_authtoken"]
    have = db.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = "
                      "'knox_authtoken' ORDER BY rowid").fetchall()
    check("knox install: table and both indexes exactly as knox's migrations (knox-facts.json)",
          sorted(have) == sorted(want), "%r" % have)
    check("knox install: no authtoken_token is made",
          one(db, "SELECT count(*) FROM sqlite_master WHERE name = 'authtoken_token'") == 0)
    check("knox install: idempotent", one(db, "SELECT token_install('auth_user', 'knox')") == "auth_user")
    sql = one(db, "SELECT token_install_sql('auth_user', 'knox')")
    check("knox install: token_install_sql gives the same DDL",
          sql.startswith('CREATE TABLE IF NOT EXISTS main."knox_authtoken" ("digest" varchar(128)')
          and "knox_authtoken_user_id_e5a5d899" in sql, sql)
    err = error_of(db, "SELECT token_install('auth_user', 'hmac')")
    check("knox install: unknown scheme refused",
          err == "token_install: unknown scheme 'hmac' (known: drf, knox)", repr(err))
    err = error_of(db, "SELECT token_install_sql('auth_user', 3)")
    check("knox install: a scheme that is not text is refused",
          err == "token_install_sql: unknown scheme NULL (known: drf, knox)"
          or err == "token_install_sql: unknown scheme '3' (known: drf, knox)", repr(err))


def test_schemes(tmp):
    """knox_authtoken alone: knox on load; both tables: DRF unless the scheme setting."""
    path, db = fixture(tmp, "both.db")
    alice = TOKENS["alice-future"]["token"]
    check("knox load: knox_authtoken alone is knox with no call",
          one(db, "SELECT token_user(?)", ("Token " + alice,)) == 2)
    check("knox load: token_setting('scheme') reads auto", one(db, "SELECT token_setting('scheme')") == "auto")
    err = error_of(db, "SELECT token_setting('scheme', 'drf')")
    check("knox schemes: scheme drf without its table is refused",
          err == "token_setting: scheme drf needs its table authtoken_token in main; run SELECT "
                 "token_install('<users table>', 'drf') first", repr(err))
    err = error_of(db, "SELECT token_setting('scheme', 'hmac')")
    check("knox schemes: unknown scheme refused",
          err == "token_setting: scheme must be one of 'auto', 'drf', 'knox'", repr(err))
    db.execute("SELECT token_install('auth_user', 'drf')")
    drf_key = one(db, "SELECT token_create(2)")
    check("knox schemes: both tables: DRF's scheme (auto)",
          one(db, "SELECT token_user(?)", ("Token " + alice,)) is None
          and one(db, "SELECT token_user(?)", ("Token " + drf_key,)) == 2
          and len(drf_key) == 40)
    db.execute("SELECT token_setting('scheme', 'knox')")
    other = connect(path)
    check("knox schemes: scheme knox puts knox in force, on every connection",
          one(other, "SELECT token_user(?)", ("Token " + alice,)) == 2
          and one(other, "SELECT token_user(?)", ("Token " + drf_key,)) is None)
    db.execute("SELECT token_setting('scheme', NULL)")
    check("knox schemes: back to auto is DRF again",
          one(other, "SELECT token_user(?)", ("Token " + drf_key,)) == 2)
    db.execute("SELECT token_install('auth_user', 'knox')")
    check("knox schemes: token_install(users, 'knox') beside DRF's table makes knox the scheme",
          one(db, "SELECT token_setting('scheme')") == "knox"
          and one(other, "SELECT token_user(?)", ("Token " + alice,)) == 2)


def test_create(tmp):
    path, db = fixture(tmp, "create.db")
    before = rows(db)
    t1 = one(db, "SELECT token_create(2)")
    t2 = one(db, "SELECT token_create(2)")
    check("knox create: 64 lowercase hex, a new token per call",
          re.fullmatch(r"[0-9a-f]{64}", t1) is not None and t1 != t2, repr((t1, t2)))
    new = [r for r in rows(db) if r not in before]
    digests = {hashlib.sha512(t.encode()).hexdigest(): t for t in (t1, t2)}
    check("knox create: two rows added, keyed by SHA-512 hex of the token",
          len(new) == 2 and {r[0] for r in new} == set(digests), repr(new))
    ok = True
    for digest, token_key, user_id, created, expiry in new:
        token = digests.get(digest, "")
        ok &= token_key == token[:15] and user_id == 2
        ok &= bool(DJANGO_TIME.match(created)) and bool(DJANGO_TIME.match(expiry))
        ok &= (parse(expiry) - parse(created)) == datetime.timedelta(hours=10)
        ok &= abs(parse(created) - datetime.datetime.utcnow()) < datetime.timedelta(seconds=60)
    check("knox create: token_key = first 15 characters, created now, expiry created + 10 h "
          "(Django's text format, UTC)", ok, repr(new))
    check("knox create: the new token authenticates",
          one(db, "SELECT token_user(?)", ("Token " + t1,)) == 2)
    db.close()
    with open(path, "rb") as f:
        raw = f.read()
    check("knox create: the plaintext is nowhere in the database file",
          t1.encode() not in raw and t2.encode() not in raw
          and hashlib.sha512(t1.encode()).hexdigest().encode() in raw)
    db = connect(path)
    db.execute("SELECT token_setting('prefix', 'cl\u00e9\u2603_')")
    db.execute("SELECT token_setting('ttl', 'none')")
    t3 = one(db, "SELECT token_create(7)")
    r = db.execute("SELECT token_key, expiry FROM knox_authtoken WHERE digest = ?",
                   (hashlib.sha512(t3.encode()).hexdigest(),)).fetchone()
    check("knox create: prefix clé☃_ + 64 hex; token_key 15 code points (18 bytes); ttl none "
          "stores NULL", t3.startswith("cl\u00e9\u2603_") and len(t3) == 69
          and r == (t3[:15], None) and len(r[0].encode()) == 18, repr((t3, r)))
    check("knox create: token_new() is a token in the same format, written nowhere",
          re.fullmatch("cl\u00e9\u2603_[0-9a-f]{64}", one(db, "SELECT token_new()")) is not None
          and len(rows(db)) == len(before) + 3)
    err = error_of(db, "SELECT token_create(99)")
    check("knox create: no such user", err == "token_create: no user with id 99", repr(err))
    err = error_of(db, "SELECT token_rotate(2)")
    check("knox create: token_rotate is refused under knox",
          err == "token_rotate: knox tokens are not rotated; create a new one and revoke the old",
          repr(err))
    check("knox create: NULL user id gives NULL", one(db, "SELECT token_create(NULL)") is None)


def test_limit(tmp):
    """TOKEN_LIMIT_PER_USER=2 counts expiry > now only (knox-view-cases.json limit-*)."""
    path, db = fixture(tmp, "limit.db")
    db.execute("SELECT token_setting('limit_per_user', '2')")
    erin = [one(db, "SELECT token_create(6)") for _ in range(2)]
    n = len(rows(db))
    err = error_of(db, "SELECT token_create(6)")
    check("knox limit: erin (only expired tokens) gets 2, then knox's message",
          all(erin) and err == "token_create: " + LIMIT_MSG and len(rows(db)) == n, repr(err))
    one(db, "SELECT token_create(2)")  # alice: 1 future + 1 NULL + 2 expired: 1 more
    err = error_of(db, "SELECT token_create(2)")
    check("knox limit: alice (one unexpired, one NULL expiry) gets 1, then the message",
          err == "token_create: " + LIMIT_MSG, repr(err))
    path, db = fixture(tmp, "limit2.db")  # limit-ttl-none, from the pristine fixture
    db.execute("SELECT token_setting('limit_per_user', '2')")
    db.execute("SELECT token_setting('ttl', 'none')")
    check("knox limit: with ttl none the limit never bites (NULL expiry is not counted)",
          all(one(db, "SELECT token_create(2)") for _ in range(3)))


def test_revoke_delete_purge(tmp):
    path, db = fixture(tmp, "revoke.db")
    alice, carol = TOKENS["alice-future"]["token"], TOKENS["carol-future"]["token"]
    n = len(rows(db))
    check("knox revoke: the presented token is deleted, 1",
          one(db, "SELECT token_revoke(?)", ("Token " + alice,)) == 1 and len(rows(db)) == n - 1
          and one(db, "SELECT token_user(?)", ("Token " + alice,)) is None)
    check("knox revoke: a second time 0 (knox: 401 Invalid token.)",
          one(db, "SELECT token_revoke(?)", ("Token " + alice,)) == 0)
    check("knox revoke: an inactive user's token is kept, 0 (knox: 401)",
          one(db, "SELECT token_revoke(?)", ("Token " + carol,)) == 0 and len(rows(db)) == n - 1)
    expired = TOKENS["alice-expired"]["token"]
    check("knox revoke: an expired token: 0, left for token_purge",
          one(db, "SELECT token_revoke(?)", ("Token " + expired,)) == 0 and len(rows(db)) == n - 1)
    check("knox revoke: other schemes, no header: NULL / 0",
          one(db, "SELECT token_revoke(NULL)") is None
          and one(db, "SELECT token_revoke('Basic abc')") == 0)
    bob = one(db, "SELECT count(*) FROM knox_authtoken WHERE user_id = 3")
    check("knox delete: token_delete(3) deletes all of bob's tokens (LogoutAllView)",
          one(db, "SELECT token_delete(3)") == bob
          and one(db, "SELECT count(*) FROM knox_authtoken WHERE user_id = 3") == 0
          and len(rows(db)) == n - 1 - bob)
    now = datetime.datetime.utcnow()
    expired_rows = [r for r in rows(db) if r[4] and parse(r[4]) < now]
    check("knox purge: token_purge() returns how many expired tokens it deleted",
          one(db, "SELECT token_purge()") == len(expired_rows) > 0)
    check("knox purge: no expired row is left, unexpired and NULL ones are",
          all(not (r[4] and parse(r[4]) < now) for r in rows(db))
          and any(r[4] is None for r in rows(db)))
    # The plain DELETE the README shows does the same on rows Django wrote.
    path2, db2 = fixture(tmp, "purge2.db")
    count = db2.execute("DELETE FROM knox_authtoken WHERE expiry < token_now()").rowcount
    path3, db3 = fixture(tmp, "purge3.db")
    check("knox purge: the plain DELETE ... WHERE expiry < token_now() deletes the same rows",
          count == one(db3, "SELECT token_purge()") and rows(db2) == rows(db3))


def test_no_write_in_read(tmp):
    path, db = fixture(tmp, "read.db")
    before = rows(db)
    for label in ("alice-future", "alice-expired", "kate-k3-expired", "nina-k4-future",
                  "carol-future", "mallory-k4-orphan"):
        db.execute("SELECT token_user(?), token_auth_error(?)",
                   ("Token " + TOKENS[label]["token"],) * 2).fetchall()
    check("knox read: token_user and token_auth_error write nothing (knox deletes here)",
          rows(db) == before and db.total_changes == 0)


def test_hostile(tmp):
    path, db = fixture(tmp, "hostile.db")
    big = "Token " + "a" * (1 << 20)
    check("knox hostile: a 1 MiB token is Invalid token.",
          one(db, "SELECT token_auth_error(?)", (big,)) == "Invalid token.")
    check("knox hostile: binary bytes with NULs",
          one(db, "SELECT token_auth_error(?)", (b"Token ab\x00cd" + bytes(range(1, 9)) + bytes(range(14, 32)) + b"\x7f",))
          == "Invalid token.")
    check("knox hostile: invalid UTF-8 gets DRF's message (knox: HTTP 500)",
          one(db, "SELECT token_auth_error(?)", (b"Token \xff\xfe",))
          == "Invalid token header. Token string should not contain invalid characters.")
    alice = TOKENS["alice-future"]
    db.execute("UPDATE knox_authtoken SET expiry = 4102444800 WHERE digest = ?", (alice["digest"],))
    check("knox hostile: a non-text expiry is expired (fail closed), never a crash",
          one(db, "SELECT token_auth_error(?)", ("Token " + alice["token"],)) == "Invalid token.")
    db.execute("UPDATE knox_authtoken SET expiry = '2999-01-01T00:00:00' WHERE digest = ?",
               (alice["digest"],))
    check("knox hostile: an expiry not in Django's stored form is expired",
          one(db, "SELECT token_auth_error(?)", ("Token " + alice["token"],)) == "Invalid token.")
    db.execute("UPDATE knox_authtoken SET expiry = '2999-13-01 00:00:00' WHERE digest = ?",
               (alice["digest"],))
    check("knox hostile: an expiry of Django's shape but no calendar time (month 13) is expired",
          one(db, "SELECT token_auth_error(?)", ("Token " + alice["token"],)) == "Invalid token.")
    db.execute("UPDATE knox_authtoken SET expiry = '2999-12-31 23:59:59.999999' WHERE digest = ?",
               (alice["digest"],))
    check("knox hostile: ... while 2999-12-31 23:59:59.999999 is valid",
          one(db, "SELECT token_user(?)", ("Token " + alice["token"],)) == 2)
    db.execute("UPDATE knox_authtoken SET expiry = X'32303939' WHERE digest = ?", (alice["digest"],))
    check("knox hostile: a BLOB expiry is expired",
          one(db, "SELECT token_auth_error(?)", ("Token " + alice["token"],)) == "Invalid token.")
    check("knox hostile: token_purge deletes those too (what find calls expired)",
          one(db, "SELECT token_purge()") >= 1
          and one(db, "SELECT count(*) FROM knox_authtoken WHERE digest = ?", (alice["digest"],)) == 0)
    db.execute("INSERT INTO knox_authtoken VALUES (?, '2026-01-01 00:00:00', 2, NULL, 'x')",
               ("f" * (1 << 20),))
    check("knox hostile: a 1 MiB digest row changes nothing for others",
          one(db, "SELECT token_user(?)", ("Token " + TOKENS["alice-none"]["token"],)) == 2)
    bob = TOKENS["bob-acme-none"]
    db.execute("UPDATE knox_authtoken SET token_key = 'acme_00000000' WHERE digest = ?",
               (bob["digest"],))
    check("knox hostile: a row whose token_key does not start its token is no match (as knox)",
          one(db, "SELECT token_auth_error(?)", ("Token " + bob["token"],)) == "Invalid token.")
    db.execute("UPDATE knox_authtoken SET user_id = 'x' WHERE digest = ?",
               (TOKENS["alice-none"]["digest"],))
    check("knox hostile: a row naming no user is Invalid token.",
          one(db, "SELECT token_auth_error(?)", ("Token " + TOKENS["alice-none"]["token"],))
          == "Invalid token.")


def test_dml_forms(tmp):
    """Every knox write as plain DML (README, "The DML forms"): what routes by statement kind
    sees an INSERT, DELETE or UPDATE; the plaintext comes from a value-only SELECT."""
    path, db = fixture(tmp, "dml.db")
    before = len(rows(db))
    token = one(db, "SELECT token_new()")
    check("knox dml: token_new() and token_digest() write nothing",
          one(db, "SELECT token_digest(?)", (token,)) == hashlib.sha512(token.encode()).hexdigest()
          and len(rows(db)) == before and db.total_changes == 0)
    cur = db.execute("INSERT INTO knox_authtoken (digest, token_key, user_id, created, expiry) "
                     "VALUES (token_digest(:token), substr(:token, 1, 15), :id, token_now(), "
                     "token_expiry())", {"token": token, "id": 2})
    row = db.execute("SELECT token_key, created, expiry FROM knox_authtoken WHERE digest = ?",
                     (hashlib.sha512(token.encode()).hexdigest(),)).fetchone()
    check("knox dml: the INSERT form writes the row token_create would",
          cur.rowcount == 1 and row[0] == token[:15]
          and parse(row[2]) - parse(row[1]) - datetime.timedelta(hours=10) < datetime.timedelta(seconds=1)
          and one(db, "SELECT token_user(?)", ("Token " + token,)) == 2, repr(row))
    cur = db.execute("DELETE FROM knox_authtoken WHERE digest = token_digest(:token)", {"token": token})
    check("knox dml: the DELETE form revokes it",
          cur.rowcount == 1 and one(db, "SELECT token_user(?)", ("Token " + token,)) is None)
    db.execute("SELECT token_setting('ttl', 'none')")
    check("knox dml: token_expiry() is NULL for ttl none", one(db, "SELECT token_expiry()") is None)
    err = error_of(db, "SELECT token_digest(1)")
    check("knox dml: token_digest(1) is refused",
          err == "token_digest: token must be TEXT or BLOB", repr(err))
    check("knox dml: token_digest(NULL) is NULL", one(db, "SELECT token_digest(NULL)") is None)


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def tail(body):
    """GitHub's checksum tail: CRC-32 (zlib's) of the body in base62, 6 digits."""
    n, out = zlib.crc32(body.encode()), ""
    for _ in range(6):
        n, d = divmod(n, 62)
        out = B62[d] + out
    return out


def knox_accepts(db, token):
    """knox's own rule (knox/auth.py): a row with token_key = token[:15] whose digest is
    sha512(token): what knox 5.0.2 authenticates, whatever the token's shape."""
    return db.execute("SELECT count(*) FROM knox_authtoken WHERE token_key = ? AND digest = ?",
                      (token[:15], hashlib.sha512(token.encode()).hexdigest())).fetchone()[0] == 1


def test_checksum(tmp):
    """Beyond knox: the checksum setting. A token with a valid tail is an ordinary knox row
    (knox accepts it); a mistyped one is refused before any lookup, even when a row for it
    exists."""
    path, db = fixture(tmp, "checksum.db")
    body = "acme_" + "0123456789abcdef" * 4
    good = body + tail(body)
    typo = body[:20] + ("1" if body[20] != "1" else "2") + body[21:] + tail(body)
    for token in (good, typo):
        db.execute("INSERT INTO knox_authtoken VALUES (?, '2026-01-01 00:00:00', 2, NULL, ?)",
                   (hashlib.sha512(token.encode()).hexdigest(), token[:15]))
    check("knox checksum: the fixture rows are rows knox itself accepts",
          knox_accepts(db, good) and knox_accepts(db, typo))
    check("knox checksum: off (default): both authenticate, as in knox",
          one(db, "SELECT token_user(?)", ("Token " + good,)) == 2
          and one(db, "SELECT token_user(?)", ("Token " + typo,)) == 2)
    db.execute("SELECT token_setting('checksum', 'on')")
    check("knox checksum: on: the valid tail authenticates",
          one(db, "SELECT token_user(?)", ("Token " + good,)) == 2)
    check("knox checksum: on: a mistyped token is refused before the lookup (its row exists)",
          one(db, "SELECT token_auth_error(?)", ("Token " + typo,)) == "Invalid token.")
    check("knox checksum: on: tokens without a tail (knox's own) are refused",
          one(db, "SELECT token_auth_error(?)", ("Token " + TOKENS["alice-future"]["token"],))
          == "Invalid token.")
    new = one(db, "SELECT token_create(3)")
    check("knox checksum: on: token_create appends the tail over prefix + hex, and it works",
          re.fullmatch(r"[0-9a-f]{64}[0-9A-Za-z]{6}", new) is not None
          and new[-6:] == tail(new[:-6]) and one(db, "SELECT token_user(?)", ("Token " + new,)) == 3
          and knox_accepts(db, new), new)
    check("knox checksum: on: token_new() carries the tail too",
          (lambda k: k[-6:] == tail(k[:-6]))(one(db, "SELECT token_new()")))
    check("knox checksum: a tail over 2^32 - 1 or off the alphabet never matches",
          one(db, "SELECT token_auth_error(?)", ("Token " + body + "zzzzzz",)) == "Invalid token."
          and one(db, "SELECT token_auth_error(?)", ("Token " + body + "-_-_-_",)) == "Invalid token.")


def test_name_last_used(tmp):
    """Beyond knox: optional name and last_used columns beside knox's. knox's ORM names its
    columns, so its own statements (knox-facts.json auth_sql) still run on the table."""
    path, db = fixture(tmp, "named.db")
    err = error_of(db, "SELECT token_create(2, 'laptop')")
    check("knox name: without the column token_create(id, name) says how to add it",
          err == 'token_create: knox_authtoken has no name column; add it: ALTER TABLE '
                 'knox_authtoken ADD COLUMN "name" varchar(64) NULL', repr(err))
    db.executescript('ALTER TABLE knox_authtoken ADD COLUMN "name" varchar(64) NULL;'
                     'ALTER TABLE knox_authtoken ADD COLUMN "last_used" datetime NULL;')
    knox_sql = list(FACTS["facts"]["auth_sql"].values())[0][0]
    check("knox name: knox's own SELECT (it names its columns) still runs",
          len(db.execute(knox_sql).fetchall()) == 1, knox_sql)
    token = one(db, "SELECT token_create(2, 'laptop')")
    digest = hashlib.sha512(token.encode()).hexdigest()
    check("knox name: token_create(id, name) stores the name",
          one(db, "SELECT name FROM knox_authtoken WHERE digest = ?", (digest,)) == "laptop")
    err = error_of(db, "SELECT token_create(2, '')")
    check("knox name: an empty name is refused",
          err == "token_create: name must be TEXT of 1 to 64 characters (no NUL)", repr(err))
    check("knox name: 64 characters (not bytes) are accepted",
          one(db, "SELECT length(token_create(2, ?)) > 0", ("\u00e9" * 64,)) == 1)
    check("knox last_used: token_user never writes it",
          one(db, "SELECT token_user(?)", ("Token " + token,)) == 2
          and one(db, "SELECT last_used FROM knox_authtoken WHERE digest = ?", (digest,)) is None)
    one(db, "SELECT token_refresh(?)", ("Token " + token,))
    first = one(db, "SELECT last_used FROM knox_authtoken WHERE digest = ?", (digest,))
    check("knox last_used: token_refresh writes it (Django's format)",
          first is not None and DJANGO_TIME.match(first) is not None, repr(first))
    changes = db.total_changes
    one(db, "SELECT token_refresh(?)", ("Token " + token,))
    check("knox last_used: not again within last_used_interval (60 s)",
          one(db, "SELECT last_used FROM knox_authtoken WHERE digest = ?", (digest,)) == first
          and db.total_changes == changes)
    db.execute("SELECT token_setting('last_used_interval', '0')")
    one(db, "SELECT token_refresh(?)", ("Token " + token,))
    check("knox last_used: with interval 0, every token_refresh writes it",
          one(db, "SELECT last_used FROM knox_authtoken WHERE digest = ?", (digest,)) > first)
    db.execute("UPDATE knox_authtoken SET last_used = 'garbage' WHERE digest = ?", (digest,))
    db.execute("SELECT token_setting('last_used_interval', '3600')")
    one(db, "SELECT token_refresh(?)", ("Token " + token,))
    check("knox last_used: a stored value Django would not write is replaced",
          DJANGO_TIME.match(one(db, "SELECT last_used FROM knox_authtoken WHERE digest = ?",
                                (digest,)) or "") is not None)
    drf = connect(os.path.join(tmp, "drfname.db"))
    drf.executescript("CREATE TABLE users (id INTEGER PRIMARY KEY); INSERT INTO users VALUES (1);"
                      "SELECT token_install('users');")
    err = error_of(drf, "SELECT token_create(1, 'laptop')")
    check("knox name: DRF's tokens have no name", err == "token_create: drf tokens have no name",
          repr(err))


def test_new_user_token(tmp):
    """The trigger gives a new user a token row only with new_user_token on. The token it
    draws is seen by overriding token_digest on this connection (a TEMP trigger calls the
    connection's function): its digest and token_key are of one and the same token."""
    db = connect(os.path.join(tmp, "trigger.db"))
    db.executescript("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);"
                     "SELECT token_install('users', 'knox');"
                     "INSERT INTO users (username) VALUES ('ada');")
    check("knox trigger: off (default): a new user gets no token",
          one(db, "SELECT count(*) FROM knox_authtoken") == 0)
    db.execute("SELECT token_setting('new_user_token', 'on')")
    seen = []
    db.create_function("token_digest", 1,
                       lambda k: seen.append(k) or hashlib.sha512(k.encode()).hexdigest())
    db.execute("INSERT INTO users (username) VALUES ('bob')")
    row = db.execute("SELECT digest, token_key, user_id, expiry FROM knox_authtoken").fetchall()
    check("knox trigger: on: the new user gets one row, digest and token_key of one token",
          len(seen) == 1 and len(row) == 1 and row[0][2] == 2
          and row[0][0] == hashlib.sha512(seen[0].encode()).hexdigest()
          and row[0][1] == seen[0][:15] and re.fullmatch("[0-9a-f]{64}", seen[0]) is not None
          and row[0][3] is not None, repr((seen, row)))
    db.execute("SELECT token_setting('new_user_token', 'off')")
    db.execute("INSERT INTO users (username) VALUES ('cy')")
    check("knox trigger: off again: no row for the next user",
          one(db, "SELECT count(*) FROM knox_authtoken") == 1)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for test in (test_table, test_schemes, test_create, test_limit, test_revoke_delete_purge,
                     test_no_write_in_read, test_hostile, test_dml_forms, test_checksum,
                     test_name_last_used, test_new_user_token):
            test(tmp)
    finish()


if __name__ == "__main__":
    main()
