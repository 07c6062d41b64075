"""Issue 3, part 1 (headers): users and tokens made by Django and DRF in a live project; for
each Authorization header, DRF's protected view answered over Django's test client (status,
body bytes, WWW-Authenticate) must be what token_user / token_auth_error imply.

Run with Debian's /usr/bin/python3."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, finish  # noqa: E402


def main():
    path = os.path.join(project.tmpdir(), "django.sqlite3")
    project.setup(path)
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from project.compare import drf_protected, ext_protected

    # Users and tokens, all made by Django / DRF.
    alice = User.objects.create_user("alice", password="pw-alice")
    carol = User.objects.create_user("carol", password="pw-carol", is_active=False)
    dan = User.objects.create_user("dan")          # unusable password (create_user without one)
    dan.set_unusable_password()
    dan.save()
    erin = User.objects.create_user("erin", password="pw-erin")   # no token
    mallory = User.objects.create_user("mallory", password="x")
    grace = User.objects.create_user("grace", password="x")
    judy = User.objects.create_user("judy", password="x")
    k_alice = Token.objects.create(user=alice).key
    k_carol = Token.objects.create(user=carol).key
    k_dan = Token.objects.create(user=dan).key
    k_mallory = Token.objects.create(user=mallory).key
    mallory.delete()                               # ORM delete cascades the token away
    k_grace = Token.objects.create(user=grace, key="clé\u00a0ünï\u0085cødé-☃-𝄞").key
    k_judy_old = Token.objects.create(user=judy).key
    call_command("drf_create_token", "-r", "judy", stdout=open(os.devnull, "w"))   # DRF's rotation
    k_judy = Token.objects.get(user=judy).key
    check("auth: drf_create_token -r rotated judy's key", k_judy != k_judy_old)

    db = project.ext_connect(path)
    client = Client()
    a = k_alice.encode()
    g = k_grace.encode("utf-8")
    cases = [
        ("absent header", None),
        ("empty header", b""),
        ("valid alice", b"Token " + a),
        ("lowercase keyword", b"token " + a),
        ("uppercase keyword", b"TOKEN " + a),
        ("tab and runs of whitespace", b" \tToken \x0b\x0c " + a + b" \r\n"),
        ("Bearer scheme", b"Bearer " + a),
        ("Basic scheme", b"Basic YWxpY2U6cHc="),
        ("keyword only", b"Token"),
        ("keyword and spaces", b"Token   "),
        ("three parts", b"Token " + a + b" x"),
        ("invalid UTF-8 key", b"Token \xff" + a[1:]),
        ("NBSP byte is not a separator", b"Token\xa0" + a),
        ("uppercased key", b"Token " + a.upper()),
        ("truncated key", b"Token " + a[:-1]),
        ("key with a trailing NUL", b"Token " + a + b"\x00"),
        ("unknown key", b"Token " + b"0" * 40),
        ("inactive carol", b"Token " + k_carol.encode()),
        ("unusable-password dan", b"Token " + k_dan.encode()),
        ("stale key of ORM-deleted mallory", b"Token " + k_mallory.encode()),
        ("non-ASCII key of grace (UTF-8)", b"Token " + g),
        ("non-ASCII key of grace (latin-1 bytes)", b"Token " + k_grace.encode("latin-1", "replace")),
        ("judy's rotated key", b"Token " + k_judy.encode()),
        ("judy's old key", b"Token " + k_judy_old.encode()),
        ("erin has no token: her id is no key", b"Token %d" % erin.id),
    ]
    for name, header in cases:
        drf = drf_protected(client, header)
        ext = ext_protected(db, header)
        check("auth: %s: DRF and the extension agree" % name, drf == ext,
              "header=%r DRF=%r extension=%r" % (header, drf, ext))

    # Sanity of the cases themselves: the ones meant to authenticate do, in both.
    for name, header, uid in [("alice", b"Token " + a, alice.id), ("dan", b"Token " + k_dan.encode(), dan.id),
                              ("grace", b"Token " + g, grace.id), ("judy", b"Token " + k_judy.encode(), judy.id)]:
        check("auth: %s authenticates in DRF" % name, drf_protected(client, header)[0] == 200)
        got = db.execute("SELECT token_user(CAST(? AS TEXT))", (header,)).fetchone()[0]
        check("auth: token_user gives %s's id" % name, got == uid, "got %r, want %r" % (got, uid))
    got = db.execute("SELECT token_auth_error(?)", ("Token " + k_carol,)).fetchone()[0]
    check("auth: inactive carol gives 'User inactive or deleted.'", got == "User inactive or deleted.", repr(got))

    # A token row whose user Django deactivates later, and reactivates: both sides follow.
    alice.is_active = False
    alice.save()
    h = b"Token " + a
    check("auth: alice deactivated by the ORM: agree", drf_protected(client, h) == ext_protected(db, h),
          "%r vs %r" % (drf_protected(client, h), ext_protected(db, h)))
    check("auth: alice deactivated: 401", drf_protected(client, h)[0] == 401)
    alice.is_active = True
    alice.save()
    check("auth: alice reactivated: agree", drf_protected(client, h) == ext_protected(db, h))
    check("auth: alice reactivated: 200", drf_protected(client, h)[0] == 200)
    db.close()
    finish()


if __name__ == "__main__":
    main()
