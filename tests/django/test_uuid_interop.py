"""Issue 9, items 3 and 14, live: a Django project whose user model has a UUIDField primary
key (project/uuiduser: `id char(32) PRIMARY KEY`, DRF's `user_id char(32)`), migrated by
Django on a file. Both directions: tokens DRF issued are accepted by token_user with the
user's UUID exactly as stored (32 hex digits, TEXT), and tokens made in SQL (token_create,
token_rotate, token_obtain, the insert trigger) are accepted by DRF for the right user;
token_delete and the delete trigger work on text ids; token_install makes Django's DDL for
such a key. Ids whose hex digits look like numbers stay text: the bug was that token_user
read every id as an integer (0, 12, 9223372036854775807, the same number for two users).

Run with Debian's /usr/bin/python3."""
import os
import sqlite3
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, error_of, finish  # noqa: E402

SCHEMA = "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'authtoken_token' ORDER BY name"
# UUIDs whose 32 hex digits SQLite could mistake for numbers, and two ordinary ones.
UUIDS = [
    uuid.UUID("00000000-0000-0000-0000-000000000012"),  # '000...012': the integer 12?
    uuid.UUID("12000000-0000-0000-0000-000000000000"),  # digits then zeros
    uuid.UUID("99999999-9999-9999-9999-999999999999"),  # beyond 64 bits as a number
    uuid.UUID("1e300000-0000-0000-0000-000000000000"),  # '1e3...': a real to SQLite's parser?
    uuid.UUID("0123abcd-ef01-4567-89ab-cdef01234567"),
    uuid.UUID("fedcba98-7654-4321-8fed-cba987654321"),
]


def main():
    tmp = project.tmpdir()
    path = os.path.join(tmp, "django-uuid.sqlite3")
    path_b = os.path.join(tmp, "installed-uuid.sqlite3")
    project.setup(path, apps=["project.uuiduser"], AUTH_USER_MODEL="uuiduser.User", DATABASES={
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path},
        "b": {"ENGINE": "django.db.backends.sqlite3", "NAME": path_b},
    })
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from project.compare import drf_protected

    User = get_user_model()
    plain = sqlite3.connect(path)
    users_ddl = plain.execute("SELECT sql FROM sqlite_master WHERE name = 'uuiduser_user'").fetchone()[0]
    token_ddl = plain.execute("SELECT sql FROM sqlite_master WHERE name = 'authtoken_token'").fetchone()[0]
    check("setup: Django stores the UUID key as char(32)", '"id" char(32) NOT NULL PRIMARY KEY' in users_ddl, users_ddl)
    check("setup: DRF's token table has user_id char(32)", '"user_id" char(32) NOT NULL UNIQUE' in token_ddl, token_ddl)

    users = [User.objects.create_user(id=u, username="u%d" % i, password="pw-%d" % i) for i, u in enumerate(UUIDS)]
    inactive = User.objects.create_user(username="gone", password="pw-gone", is_active=False)
    drf_keys = {u.id: Token.objects.create(user=u).key for u in users + [inactive]}
    db = project.ext_connect(path)
    client = Client()

    def drf_user(key):
        """DRF's answer to `Token <key>` on /protected/: the user's UUID, or the 401 body."""
        status, body, _ = drf_protected(client, b"Token " + key.encode())
        return uuid.UUID(body.decode()[12:-2]) if status == 200 else "%d %s" % (status, body.decode())

    # --- DRF's tokens, read here -------------------------------------------------------------
    for u in users:
        got = db.execute("SELECT token_user(?), typeof(token_user(?))", ("Token " + drf_keys[u.id],) * 2).fetchone()
        check("drf to us: %s: token_user is the UUID's 32 hex digits, as TEXT" % u.username,
              got == (u.id.hex, "text"), "%r for %s" % (got, u.id.hex))
    ids = db.execute("SELECT count(DISTINCT token_user('Token ' || key)) FROM authtoken_token").fetchone()[0]
    check("drf to us: a distinct id for each active user", ids == len(users), str(ids))
    k = drf_keys[inactive.id]
    check("drf to us: an inactive UUID user gets DRF's message",
          db.execute("SELECT token_user(?), token_auth_error(?)", ("Token " + k,) * 2).fetchone() == (None, "User inactive or deleted.")
          and drf_user(k) == '401 {"detail":"User inactive or deleted."}', drf_user(k))

    # --- our tokens, read by DRF ---------------------------------------------------------------
    u0, u1, u2 = users[0], users[1], users[2]
    check("us to drf: token_create returns the key DRF made (get_or_create)",
          db.execute("SELECT token_create(?)", (u0.id.hex,)).fetchone()[0] == drf_keys[u0.id])
    new = db.execute("SELECT token_rotate(?)", (u1.id.hex,)).fetchone()[0]
    check("us to drf: DRF authenticates a token_rotate key as the right UUID", drf_user(new) == u1.id, repr(drf_user(new)))
    check("us to drf: DRF refuses the key rotated away",
          drf_user(drf_keys[u1.id]) == '401 {"detail":"Invalid token."}', repr(drf_user(drf_keys[u1.id])))
    check("us to drf: the ORM reads the rotated token for the user", Token.objects.get(user=u1).key == new)
    Token.objects.filter(user=u2).delete()
    made = db.execute("SELECT token_create(?)", (u2.id.hex,)).fetchone()[0]
    check("us to drf: DRF authenticates a token_create key as the right UUID", drf_user(made) == u2.id, repr(drf_user(made)))
    check("us to drf: the ORM finds it by user", Token.objects.get(user=u2).key == made)
    body = db.execute("SELECT token_obtain('u3', 'pw-3')").fetchone()[0]
    check("us to drf: token_obtain for a UUID user returns DRF's key", body == '{"token":"%s"}' % drf_keys[users[3].id], body)

    # A user INSERTed in SQL, as Django stores it (the trigger issues the token).
    sql_id = uuid.UUID("00000000-0000-4000-8000-000000000007")
    db.execute("INSERT INTO uuiduser_user (id, password, is_superuser, username, first_name, last_name, email,"
               " is_staff, is_active, date_joined) VALUES (?, '!', 0, 'sqluser', '', '', '', 0, 1, '2024-01-01 00:00:00')",
               (sql_id.hex,))
    row = db.execute("SELECT key, user_id FROM authtoken_token WHERE user_id = ?", (sql_id.hex,)).fetchone()
    check("trigger: a UUID user INSERTed in SQL has a token", row is not None and row[1] == sql_id.hex, repr(row))
    if row:
        check("trigger: DRF authenticates it as that UUID", drf_user(row[0]) == sql_id, repr(drf_user(row[0])))
        check("trigger: the ORM reads the user's token", User.objects.get(id=sql_id).auth_token.key == row[0])

    # --- ids of the wrong type or shape ---------------------------------------------------------
    check("ids: a UUID with dashes is not how Django stores it: no such user",
          error_of(db, "SELECT token_create(?)", (str(u0.id),)) == "token_create: no user with the id given (text of 36 bytes)",
          error_of(db, "SELECT token_create(?)", (str(u0.id),)))
    check("ids: the UUID's 16 bytes are refused by type",
          error_of(db, "SELECT token_create(?)", (u0.id.bytes,)) == "token_create: user_id must be text, got blob of 16 bytes",
          error_of(db, "SELECT token_create(?)", (u0.id.bytes,)))
    err = error_of(db, "SELECT token_rotate(?)", (made,))
    check("ids: a key passed as an id is not echoed", err == "token_rotate: no user with the id given (text of 40 bytes)", err)

    # --- deleting -----------------------------------------------------------------------------
    k4 = drf_keys[users[4].id]
    check("delete: token_delete takes the text id", db.execute("SELECT token_delete(?)", (users[4].id.hex,)).fetchone()[0] == 1)
    check("delete: DRF refuses the deleted key", drf_user(k4) == '401 {"detail":"Invalid token."}', repr(drf_user(k4)))
    k5 = drf_keys[users[5].id]
    db.execute("DELETE FROM uuiduser_user WHERE id = ?", (users[5].id.hex,))  # foreign keys on
    check("delete: a SQL DELETE of a UUID user removes its token (delete trigger)",
          db.execute("SELECT count(*) FROM authtoken_token WHERE key = ?", (k5,)).fetchone()[0] == 0
          and not User.objects.filter(id=users[5].id).exists())

    # --- token_install on a UUID user model: Django's own DDL ----------------------------------
    call_command("migrate", "uuiduser", database="b", verbosity=0)
    db_b = project.ext_connect(path_b)
    check("install: token_install('uuiduser_user') returns the users table",
          db_b.execute("SELECT token_install('uuiduser_user')").fetchone()[0] == "uuiduser_user")
    got = db_b.execute(SCHEMA).fetchall()
    want = plain.execute(SCHEMA).fetchall()
    check("install: the DDL is exactly Django's for a UUID key (user_id char(32))", got == want,
          "token_install: %r\nDjango: %r" % (got, want))
    try:
        call_command("migrate", database="b", fake_initial=True, verbosity=0)
        err = None
    except Exception as e:  # noqa: BLE001
        err = repr(e)
    check("install: Django adopts it with migrate --fake-initial", err is None, err)
    v = User.objects.db_manager("b").create_user(username="adopted", password="x")
    key = Token.objects.using("b").create(user=v).key
    check("install: token_user reads DRF's token in the adopted table as the UUID",
          db_b.execute("SELECT token_user(?)", ("Token " + key,)).fetchone()[0] == v.id.hex)
    plain.close()
    db.close()
    db_b.close()


if __name__ == "__main__":
    main()
    finish()
