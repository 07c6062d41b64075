"""Issue 3, part 1 (credentials): token_obtain(username, password) must return, byte for byte,
the body DRF's obtain_auth_token view sends for the same credentials, posted as multipart
form data, as urlencoded form data and as JSON. A field not sent is SQL NULL.

Run with Debian's /usr/bin/python3."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, finish  # noqa: E402

MISSING = object()   # a field not sent; SQL NULL
KINDS = ("multipart", "urlencoded", "json")
FAILED = b'{"non_field_errors":["Unable to log in with provided credentials."]}'


def main():
    path = os.path.join(project.tmpdir(), "django.sqlite3")
    project.setup(path)
    from django.contrib.auth.models import User
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from project.compare import drf_obtain

    User.objects.create_user("alice", password="pw-alice")
    Token.objects.create(user=User.objects.get(username="alice"))
    User.objects.create_user("bob", password="pw-bob")                  # no token yet: created by token_obtain
    User.objects.create_user("bea", password="pw-bea")                  # no token yet: created by DRF
    User.objects.create_user("carol", password="pw-carol", is_active=False)
    dan = User.objects.create_user("dan", password="pw-dan")
    dan.set_unusable_password()
    dan.save()
    User.objects.create_user("zoë-北京", password="pw-ü")               # non-ASCII username and password
    User.objects.create_user("spacepw", password="  pw with spaces  ")  # the password is never trimmed
    User.objects.create_user("  padded  ", password="pw-padded")         # a stored name DRF can never send
    User.objects.create_user("123", password="456")                     # a numeric username
    User.objects.create_user("nul", password="a\x00b")                  # NUL inside a stored password
    User.objects.create_user("\u200bzw", password="pw-zw")              # ZWSP: not whitespace to str.strip()
    User.objects.create_user("wsall", password=" ")                     # a password of one space

    db = project.ext_connect(path)
    client = Client()

    def ext(username, password):
        u = None if username is MISSING else username
        p = None if password is MISSING else password
        got = db.execute("SELECT token_obtain(?, ?)", (u, p)).fetchone()[0]
        return got.encode("utf-8") if isinstance(got, str) else got

    def compare(name, username, password, want=None, ext_first=True):
        data = {}
        if username is not MISSING:
            data["username"] = username
        if password is not MISSING:
            data["password"] = password
        mine = ext(username, password) if ext_first else None
        drf = {k: drf_obtain(client, data, k) for k in KINDS}
        if not ext_first:
            mine = ext(username, password)
        for k in KINDS:
            status, body = drf[k]
            check("obtain: %s (%s): token_obtain is DRF's body" % (name, k), body == mine,
                  "username=%r password=%r DRF=%d %r extension=%r" % (username, password, status, body, mine))
        if want is not None:
            check("obtain: %s: the body is %s" % (name, want.decode()[:60]), mine == want, repr(mine))
        return mine

    key = Token.objects.get(user__username="alice").key
    compare("valid, existing token", "alice", "pw-alice", b'{"token":"%s"}' % key.encode())
    body = compare("valid, no token yet (extension first)", "bob", "pw-bob")
    bob_key = Token.objects.filter(user__username="bob").values_list("key", flat=True).first()
    check("obtain: bob's token was created once and is the one returned",
          bob_key is not None and body == b'{"token":"%s"}' % bob_key.encode(), "%r %r" % (body, bob_key))
    compare("valid, no token yet (DRF first)", "bea", "pw-bea", ext_first=False)
    check("obtain: one token each for bob and bea", Token.objects.filter(user__username__in=["bob", "bea"]).count() == 2)
    compare("wrong password", "alice", "pw-alicE", FAILED)
    compare("password of another user", "alice", "pw-bob", FAILED)
    compare("unknown user", "nobody", "pw-alice", FAILED)
    compare("username in another case", "Alice", "pw-alice", FAILED)
    compare("inactive user, right password", "carol", "pw-carol", FAILED)
    compare("unusable password (set_unusable_password)", "dan", "pw-dan", FAILED)
    compare("unusable password, empty-ish guess", "dan", "!", FAILED)
    compare("empty username", "", "pw-alice", b'{"username":["This field may not be blank."]}')
    compare("whitespace-only username", " \t\n ", "pw-alice", b'{"username":["This field may not be blank."]}')
    compare("Unicode-whitespace-only username", "\u3000\xa0\x1c\u2028", "pw-alice")
    compare("username with surrounding spaces (DRF trims)", "  alice\t\n", "pw-alice")
    compare("username with surrounding Unicode spaces (str.strip)", "\u3000\xa0alice\x85\u2029\x1f", "pw-alice")
    compare("ZWSP is not stripped", "\u200balice", "pw-alice", FAILED)
    compare("BOM is not stripped", "\ufeffalice", "pw-alice", FAILED)
    compare("stored username with spaces cannot log in", "  padded  ", "pw-padded", FAILED)
    compare("username with inner space", "al ice", "pw-alice", FAILED)
    compare("stored ZWSP username logs in", "\u200bzw", "pw-zw")
    compare("missing username", MISSING, "pw-alice", b'{"username":["This field is required."]}')
    compare("missing password", "alice", MISSING, b'{"password":["This field is required."]}')
    compare("both missing", MISSING, MISSING,
            b'{"username":["This field is required."],"password":["This field is required."]}')
    compare("empty password", "alice", "", b'{"password":["This field may not be blank."]}')
    compare("both blank", "", "", b'{"username":["This field may not be blank."],"password":["This field may not be blank."]}')
    compare("blank username, missing password", "  ", MISSING)
    compare("missing username, blank password", MISSING, "")
    compare("NUL in username", "ali\x00ce", "pw-alice", b'{"username":["Null characters are not allowed."]}')
    compare("NUL-only username", "\x00", "pw-alice")
    compare("NUL after trimmable spaces", " \x00 ", "pw-alice")
    compare("NUL in password", "alice", "pw-alice\x00", b'{"password":["Null characters are not allowed."]}')
    compare("NUL in both", "a\x00", "\x00", b'{"username":["Null characters are not allowed."],"password":["Null characters are not allowed."]}')
    compare("NUL in stored password: the NUL check comes first", "nul", "a\x00b")
    compare("blank username, NUL in password", "", "\x00")
    compare("non-ASCII username and password", "zoë-北京", "pw-ü")
    compare("non-ASCII username, wrong password", "zoë-北京", "pw-u", FAILED)
    compare("NFD form of a non-ASCII username", "zoe\u0308-北京", "pw-ü", FAILED)
    compare("password with surrounding spaces (never trimmed)", "spacepw", "  pw with spaces  ")
    compare("trimmed password is wrong", "spacepw", "pw with spaces", FAILED)
    compare("password of one space", "wsall", " ")
    compare("password of two spaces", "wsall", "  ", FAILED)
    compare("numeric username as text", "123", "456")
    compare("long unknown username", "x" * 5000, "pw", FAILED)
    compare("long password", "alice", "p" * 5000, FAILED)

    # Numbers: DRF's CharField takes JSON numbers as str(n); token_obtain takes SQL numbers as text.
    status, body = drf_obtain(client, {"username": 123, "password": 456}, "json")
    mine = db.execute("SELECT token_obtain(123, 456)").fetchone()[0]
    check("obtain: JSON numbers vs SQL integers", body == (mine.encode() if mine else mine), "DRF=%r extension=%r" % (body, mine))

    # Every successful body authenticates in DRF and in token_user.
    for name in ("alice", "bob", "bea", "zoë-北京", "spacepw", "123", "wsall", "\u200bzw"):
        tok = Token.objects.get(user__username=name)
        got = db.execute("SELECT token_user(?)", ("Token " + tok.key,)).fetchone()[0]
        check("obtain: the key handed to %r authenticates" % name, got == tok.user_id, repr(got))
    check("obtain: no user got a second token", Token.objects.count() == len(set(Token.objects.values_list("user_id", flat=True))))
    check("obtain: failed logins created no token",
          not Token.objects.filter(user__username__in=["carol", "dan", "  padded  ", "nul"]).exists())
    db.close()
    finish()


if __name__ == "__main__":
    main()
