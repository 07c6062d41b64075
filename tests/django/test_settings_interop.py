"""token_setting against DRF: 'keyword' = 'Bearer' answers as DRF's documented
TokenAuthentication subclass with keyword = 'Bearer' (/protected-bearer/), and
'username_column' = 'email' makes token_obtain log in as DRF's obtain_auth_token does for a
custom user model whose USERNAME_FIELD is 'email' (project/emailuser). The settings live in
the database: a second connection, and Django's own connection with the extension loaded,
see them.

Run with Debian's /usr/bin/python3."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, finish  # noqa: E402

KINDS = ("multipart", "urlencoded", "json")
FAILED = b'{"non_field_errors":["Unable to log in with provided credentials."]}'


def main():
    path = os.path.join(project.tmpdir(), "django.sqlite3")
    project.setup(path, apps=["project.emailuser"], AUTH_USER_MODEL="emailuser.User")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from project.compare import drf_obtain, drf_protected, ext_protected

    User = get_user_model()
    check("setup: the custom user model logs in by email", User.USERNAME_FIELD == "email" and User._meta.db_table == "emailuser_user")
    ada = User.objects.create_user(username="ada", email="ada@example.com", password="pw-ada")
    bob = User.objects.create_user(username="bob", email="Bob@Example.com", password="pw-bob", is_active=False)
    eve = User.objects.create_user(username="ada@example.org", email="eve@example.com", password="pw-eve")
    k_ada = Token.objects.create(user=ada).key
    k_bob = Token.objects.create(user=bob).key

    db = project.ext_connect(path)
    client = Client()
    other = project.ext_connect(path)

    # --- keyword ---------------------------------------------------------------------------
    check("keyword: default is Token", db.execute("SELECT token_setting('keyword')").fetchone()[0] == "Token")
    check("keyword: set to Bearer", db.execute("SELECT token_setting('keyword', 'Bearer')").fetchone()[0] == "Bearer")
    got = other.execute("SELECT token_setting('keyword')").fetchone()[0]
    check("keyword: another connection sees Bearer", got == "Bearer", "second connection reads %r" % got)
    a = k_ada.encode()
    headers = [
        ("Bearer valid", b"Bearer " + a),
        ("bearer lower case", b"bearer " + a),
        ("BEARER upper case", b"BEARER " + a),
        ("Token scheme is now foreign", b"Token " + a),
        ("keyword only", b"Bearer"),
        ("three parts", b"Bearer " + a + b" x"),
        ("invalid UTF-8", b"Bearer \xc3\x28"),
        ("unknown key", b"Bearer nope"),
        ("inactive user", b"Bearer " + k_bob.encode()),
        ("keyword glued to the key", b"Bearer" + a),
        ("absent", None),
    ]
    for conn_name, conn in (("first connection", db), ("second connection", other)):
        for name, h in headers:
            drf = drf_protected(client, h, "/protected-bearer/")
            ext = ext_protected(conn, h, keyword="Bearer")
            check("keyword Bearer (%s): %s: DRF subclass and extension agree" % (conn_name, name), drf == ext,
                  "header=%r DRF=%r extension=%r" % (h, drf, ext))
    check("keyword: back to the default",
          db.execute("SELECT token_setting('keyword', NULL)").fetchone()[0] == "Token")
    for name, h in [("Token valid", b"Token " + a), ("Bearer is foreign again", b"Bearer " + a)]:
        drf = drf_protected(client, h, "/protected/")
        ext = ext_protected(other, h)
        check("keyword Token again (second connection): %s: agree" % name, drf == ext, "DRF=%r extension=%r" % (drf, ext))

    # --- username_column ---------------------------------------------------------------------
    check("username_column: set to email",
          db.execute("SELECT token_setting('username_column', 'email')").fetchone()[0] == "email")
    cases = [
        ("email logs in", "ada@example.com", "pw-ada"),
        ("email with spaces around (DRF trims)", "  ada@example.com ", "pw-ada"),
        ("the username column no longer logs in", "ada", "pw-ada"),
        ("another user's username that looks like an email", "ada@example.org", "pw-eve"),
        ("eve by her email", "eve@example.com", "pw-eve"),
        ("email in another case", "ada@EXAMPLE.com", "pw-ada"),
        ("inactive user by email", "Bob@Example.com", "pw-bob"),
        ("wrong password", "ada@example.com", "pw-adA"),
        ("blank", "", "pw-ada"),
    ]
    for name, u, p in cases:
        mine = db.execute("SELECT token_obtain(?, ?)", (u, p)).fetchone()[0]
        mine = mine.encode() if mine is not None else None
        for kind in KINDS:
            status, body = drf_obtain(client, {"username": u, "password": p}, kind)
            check("username_column email: %s (%s): token_obtain is DRF's body" % (name, kind), body == mine,
                  "username=%r DRF=%d %r extension=%r" % (u, status, body, mine))
    check("username_column: ada's body carries her key",
          db.execute("SELECT token_obtain('ada@example.com', 'pw-ada')").fetchone()[0] == '{"token":"%s"}' % k_ada)
    check("username_column: 'ada' is refused",
          db.execute("SELECT token_obtain('ada', 'pw-ada')").fetchone()[0].encode() == FAILED)
    got = other.execute("SELECT token_obtain('eve@example.com', 'pw-eve')").fetchone()[0]
    check("username_column: the second connection logs in by email too (its first token_obtain since the change)",
          got == '{"token":"%s"}' % Token.objects.get(user=eve).key, "second connection answered %r" % got)
    # The trigger on a custom users table: a user INSERTed in SQL gets a token DRF accepts.
    cur = db.execute("INSERT INTO emailuser_user (password, is_superuser, username, first_name, last_name, email,"
                     " is_staff, is_active, date_joined) VALUES ('!', 0, 'sqluser', '', '', 's@example.com', 0, 1,"
                     " '2024-01-01 00:00:00')")
    key = db.execute("SELECT key FROM authtoken_token WHERE user_id = ?", (cur.lastrowid,)).fetchone()
    check("custom users table: the trigger issued a token", key is not None)
    if key:
        drf = drf_protected(client, b"Token " + key[0].encode())
        check("custom users table: DRF authenticates it", drf[:2] == (200, b'{"user_id":%d}' % cur.lastrowid), repr(drf))
    check("username_column: back to the default",
          db.execute("SELECT token_setting('username_column', NULL)").fetchone()[0] == "username")
    got = other.execute("SELECT token_obtain('ada', 'pw-ada')").fetchone()[0]
    check("username_column: after the reset the second connection logs in by username again",
          got == '{"token":"%s"}' % k_ada, "second connection answered %r" % got)
    other.close()
    db.close()
    finish()


if __name__ == "__main__":
    main()
