"""Issue 3, parts 2 and 4: tokens made in SQL (token_create, the trigger, token_rotate,
INSERT of token_new()) are authenticated by DRF and read back by Django's ORM as the right
datetime; users deleted through Django's ORM and through SQL (foreign keys on) leave no
failure and no orphan token.

Run with Debian's /usr/bin/python3."""
import datetime
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, finish  # noqa: E402

CREATED_TEXT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$")


def parse_utc(text):
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in text else "%Y-%m-%d %H:%M:%S"
    return datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.timezone.utc)


def sql_user(db, username, active=1):
    """INSERT a Django-shaped auth_user row from SQL; returns its id."""
    cur = db.execute(
        "INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name,"
        " email, is_staff, is_active, date_joined) VALUES ('!', NULL, 0, ?, '', '', '', 0, ?, ?)",
        (username, active, "2024-01-01 00:00:00"))
    return cur.lastrowid


def main():
    path = os.path.join(project.tmpdir(), "django.sqlite3")
    project.setup(path)
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token
    from project.compare import drf_protected

    db = project.ext_connect(path)
    client = Client()

    def drf_user(key):
        status, body, _ = drf_protected(client, b"Token " + key.encode())
        return body.decode() if status == 200 else "%d %s" % (status, body.decode())

    def created_ok(label, user_id, before, after):
        """The raw `created` text has Django's shape; the ORM reads it as the same aware UTC
        datetime, within [before, after]; and Django's own datetime filters find the row."""
        raw = db.execute("SELECT created FROM authtoken_token WHERE user_id = ?", (user_id,)).fetchone()[0]
        check("%s: created text is Django's format" % label, isinstance(raw, str) and bool(CREATED_TEXT.match(raw)), repr(raw))
        tok = Token.objects.get(user_id=user_id)
        check("%s: ORM reads created as an aware UTC datetime" % label,
              tok.created.tzinfo is not None and tok.created.utcoffset() == datetime.timedelta(0), repr(tok.created))
        check("%s: ORM created equals the stored text" % label, tok.created == parse_utc(raw), "%r vs %r" % (tok.created, raw))
        check("%s: created lies between the times around the call" % label, before <= tok.created <= after,
              "%s <= %s <= %s" % (before, tok.created, after))
        found = Token.objects.filter(user_id=user_id, created__gte=before, created__lte=after).exists()
        check("%s: Django's created__gte/__lte filter finds it" % label, found)
        return tok

    # --- part 2: token_create for a user made by Django ---------------------------------
    u = User.objects.create_user("sqlcreate", password="x")
    before = timezone.now()
    key = db.execute("SELECT token_create(?)", (u.id,)).fetchone()[0]
    after = timezone.now()
    check("create: DRF authenticates a token_create key", drf_user(key) == '{"user_id":%d}' % u.id, drf_user(key))
    tok = created_ok("create", u.id, before, after)
    check("create: the ORM sees the same key", tok.key == key)
    check("create: token_create again returns DRF's existing key", db.execute("SELECT token_create(?)", (u.id,)).fetchone()[0] == key)

    # A token DRF made: token_create returns it (get_or_create), does not replace it.
    v = User.objects.create_user("drfmade", password="x")
    drf_key = Token.objects.create(user=v).key
    check("create: token_create returns the key DRF made", db.execute("SELECT token_create(?)", (v.id,)).fetchone()[0] == drf_key)

    # --- the trigger: a user inserted in SQL gets a token ------------------------------
    before = timezone.now()
    tid = sql_user(db, "triggered")
    after = timezone.now()
    row = db.execute("SELECT key FROM authtoken_token WHERE user_id = ?", (tid,)).fetchone()
    check("trigger: a user INSERTed in SQL has a token", row is not None)
    if row:
        check("trigger: DRF authenticates it", drf_user(row[0]) == '{"user_id":%d}' % tid, drf_user(row[0]))
        created_ok("trigger", tid, before, after)
        check("trigger: the ORM reads the user and its token", User.objects.get(id=tid).auth_token.key == row[0])

    # --- token_rotate, like drf_create_token -r --------------------------------------------
    old = Token.objects.get(user=u)
    before = timezone.now()
    new_key = db.execute("SELECT token_rotate(?)", (u.id,)).fetchone()[0]
    after = timezone.now()
    check("rotate: new key differs", new_key != key)
    check("rotate: DRF authenticates the new key", drf_user(new_key) == '{"user_id":%d}' % u.id, drf_user(new_key))
    check("rotate: DRF refuses the old key", drf_user(key) == '401 {"detail":"Invalid token."}', drf_user(key))
    tok = created_ok("rotate", u.id, before, after)
    check("rotate: created moved forward", tok.created >= old.created, "%s < %s" % (tok.created, old.created))
    check("rotate: still one token for the user", Token.objects.filter(user=u).count() == 1)
    # rotate a key DRF made
    r2 = db.execute("SELECT token_rotate(?)", (v.id,)).fetchone()[0]
    check("rotate: a DRF-made key rotated in SQL works in DRF", drf_user(r2) == '{"user_id":%d}' % v.id and r2 != drf_key)

    # --- INSERT ... token_new(), token_now() ------------------------------------------------
    w = User.objects.create_user("inserted", password="x")
    before = timezone.now()
    db.execute("INSERT INTO authtoken_token (key, created, user_id) VALUES (token_new(), token_now(), ?)", (w.id,))
    after = timezone.now()
    k = db.execute("SELECT key FROM authtoken_token WHERE user_id = ?", (w.id,)).fetchone()[0]
    check("insert: DRF authenticates an INSERTed token_new()", drf_user(k) == '{"user_id":%d}' % w.id, drf_user(k))
    created_ok("insert", w.id, before, after)

    # token_delete, then DRF
    db.execute("SELECT token_delete(?)", (w.id,))
    check("delete: DRF refuses a key removed by token_delete", drf_user(k) == '401 {"detail":"Invalid token."}', drf_user(k))
    check("delete: the ORM sees no token", not Token.objects.filter(user=w).exists())

    # --- part 4: deleting users ------------------------------------------------------------
    def orphans():
        return db.execute("SELECT count(*) FROM authtoken_token t LEFT JOIN auth_user u ON u.id = t.user_id"
                          " WHERE u.id IS NULL").fetchone()[0]

    # ORM delete of a user whose token was made in SQL
    x = User.objects.create_user("ormdel", password="x")
    xk = db.execute("SELECT token_create(?)", (x.id,)).fetchone()[0]
    try:
        x.delete()
        err = None
    except Exception as e:  # noqa: BLE001
        err = repr(e)
    check("orm delete: a user with a SQL-made token deletes without error", err is None, err)
    check("orm delete: the token went with it", db.execute("SELECT count(*) FROM authtoken_token WHERE key = ?", (xk,)).fetchone()[0] == 0)
    # ORM delete of a user made (with its token) by the SQL trigger
    y = sql_user(db, "ormdel-trig")
    try:
        User.objects.get(id=y).delete()
        err = None
    except Exception as e:  # noqa: BLE001
        err = repr(e)
    check("orm delete: a trigger-made user deletes without error", err is None, err)
    check("orm delete: no token left for it", db.execute("SELECT count(*) FROM authtoken_token WHERE user_id = ?", (y,)).fetchone()[0] == 0)

    # SQL delete, foreign keys on, autocommit: the AFTER DELETE trigger removes the token
    check("sql delete: this connection has foreign keys on", db.execute("PRAGMA foreign_keys").fetchone()[0] == 1)
    z = User.objects.create_user("sqldel", password="x")
    Token.objects.create(user=z)
    try:
        db.execute("DELETE FROM auth_user WHERE id = ?", (z.id,))
        err = None
    except sqlite3.Error as e:
        err = str(e)
    check("sql delete: autocommit DELETE of a user with a DRF token succeeds", err is None, err)
    check("sql delete: no orphan token", orphans() == 0)
    check("sql delete: the ORM no longer finds the user or token",
          not User.objects.filter(id=z.id).exists() and not Token.objects.filter(user_id=z.id).exists())

    # inside an explicit transaction (the foreign key is DEFERRABLE INITIALLY DEFERRED: checked at COMMIT)
    ids = [User.objects.create_user("txdel%d" % i, password="x").id for i in range(3)]
    for i in ids:
        db.execute("SELECT token_create(?)", (i,))
    try:
        db.execute("BEGIN")
        db.execute("DELETE FROM auth_user WHERE username LIKE 'txdel%'")
        db.execute("COMMIT")
        err = None
    except sqlite3.Error as e:
        err = str(e)
        db.execute("ROLLBACK") if db.in_transaction else None
    check("sql delete: several users in one transaction commit", err is None, err)
    check("sql delete: their tokens are gone", db.execute("SELECT count(*) FROM authtoken_token WHERE user_id IN (%s)"
                                                          % ",".join(map(str, ids))).fetchone()[0] == 0)
    check("sql delete: no orphan token after the transaction", orphans() == 0)
    check("sql delete: PRAGMA foreign_key_check is clean", db.execute("PRAGMA foreign_key_check").fetchall() == [])

    # triggers off: SQLite refuses the delete (as for any connection without the extension),
    # so still no orphan; token_delete first makes it work.
    q = User.objects.create_user("nodel", password="x")
    qk = Token.objects.create(user=q).key
    db.execute("SELECT token_triggers(0)")
    try:
        db.execute("DELETE FROM auth_user WHERE id = ?", (q.id,))
        err = None
    except sqlite3.Error as e:
        err = str(e)
    check("triggers off: the delete is refused by the foreign key", err == "FOREIGN KEY constraint failed", err)
    check("triggers off: the user and the token survive",
          User.objects.filter(id=q.id).exists() and drf_user(qk) == '{"user_id":%d}' % q.id)
    db.execute("BEGIN")
    db.execute("SELECT token_delete(?)", (q.id,))
    db.execute("DELETE FROM auth_user WHERE id = ?", (q.id,))
    db.execute("COMMIT")
    check("triggers off: token_delete then DELETE commits, no orphan", orphans() == 0 and not User.objects.filter(id=q.id).exists())
    db.execute("SELECT token_triggers(1)")
    check("sql delete: final PRAGMA foreign_key_check is clean", db.execute("PRAGMA foreign_key_check").fetchall() == [])
    db.close()
    finish()


if __name__ == "__main__":
    main()
