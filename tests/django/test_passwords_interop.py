"""Issue 3, part 3: token_password_hash output is accepted by Django's check_password (and
logs in through DRF's obtain_auth_token); Django's own hashes (pbkdf2_sha256 at Django 3.2's
260000 and at 1,000,000 iterations, pbkdf2_sha1, argon2 via python3-argon2, bcrypt_sha256)
log in through token_obtain; token_password_check agrees with Django's check_password on
malformed and non-canonical hashes; a hash with a NUL and junk after it is refused by both;
Django 6.0's 1,200,000 iterations log in (the limits, ext/pure/password.c). Django's PASSWORD_HASHERS here are the 3.2 defaults
(plus a cheap pbkdf2_sha256 first, see project/hashers.py).

Run with Debian's /usr/bin/python3."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, finish  # noqa: E402

PW_SAMPLES = ["pw", "correct horse battery staple", "  spaced  ", "zoë-北京-𝄞", "a\x00b", "", "p" * 1000]


def main():
    path = os.path.join(project.tmpdir(), "django.sqlite3")
    project.setup(path)
    from argon2 import low_level
    from django.contrib.auth import hashers as H
    from django.contrib.auth.models import User
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from project.compare import drf_obtain

    db = project.ext_connect(path)
    client = Client()

    def ext_check(pw, enc):
        return db.execute("SELECT token_password_check(?, ?)", (pw, enc)).fetchone()[0]

    def dj_check(pw, enc):
        try:
            return int(H.check_password(pw, enc))
        except Exception as e:  # noqa: BLE001  (Django raises on some malformed hashes)
            return "raises %r" % e

    # --- token_password_hash -> Django --------------------------------------------------
    enc = db.execute("SELECT token_password_hash('pw')").fetchone()[0]
    m = re.match(r"^pbkdf2_sha256\$(\d+)\$([A-Za-z0-9]+)\$([A-Za-z0-9+/]{43}=)$", enc or "")
    check("hash: token_password_hash has Django's pbkdf2_sha256 shape", bool(m), repr(enc))
    check("hash: default iterations are 1,000,000", bool(m) and m.group(1) == "1000000", repr(enc))
    check("hash: Django identifies it as pbkdf2_sha256", H.identify_hasher(enc).algorithm == "pbkdf2_sha256")
    check("hash: Django's check_password accepts the default hash", dj_check("pw", enc) == 1)
    check("hash: Django refuses a wrong password for it", dj_check("pW", enc) == 0)
    for pw, it in [(pw, it) for pw in PW_SAMPLES for it in (1, 1000)] + [("pw", 260000)]:
        if True:
            e = db.execute("SELECT token_password_hash(?, ?)", (pw, it)).fetchone()[0]
            check("hash: Django accepts token_password_hash(%r, %d)" % (pw[:20], it),
                  dj_check(pw, e) == 1 and e.split("$")[1] == str(it), repr(e))
            check("hash: Django refuses another password for token_password_hash(%r, %d)" % (pw[:20], it),
                  dj_check(pw + "x", e) == 0)
    check("hash: two hashes of one password differ (random salt)",
          db.execute("SELECT token_password_hash('pw', 1) <> token_password_hash('pw', 1)").fetchone()[0] == 1)

    # A password set in SQL logs in through DRF's view and through Django's authenticate.
    u = User.objects.create_user("sqlpw")
    db.execute("UPDATE auth_user SET password = token_password_hash(?, 1000) WHERE id = ?", ("s3cret ü", u.id))
    from django.contrib.auth import authenticate
    check("hash: Django's authenticate() accepts a password set with token_password_hash",
          authenticate(username="sqlpw", password="s3cret ü") is not None)
    status, body = drf_obtain(client, {"username": "sqlpw", "password": "s3cret ü"}, "json")
    mine = db.execute("SELECT token_obtain('sqlpw', 's3cret ü')").fetchone()[0]
    check("hash: DRF's obtain_auth_token logs in with it, same body as token_obtain",
          status == 200 and body == mine.encode(), "%d %r vs %r" % (status, body, mine))

    # --- Django's hashes -> token_password_check and token_obtain ------------------------
    class PBKDF2_1M(H.PBKDF2PasswordHasher):
        iterations = 1000000        # Django 5.2's default

    class BCryptSHA256Fast(H.BCryptSHA256PasswordHasher):
        rounds = 4                  # same format and code path, cheaper

    made = [
        ("pbkdf2_sha256 260000 (Django 3.2 default)", H.PBKDF2PasswordHasher(), r"^pbkdf2_sha256\$260000\$"),
        ("pbkdf2_sha256 1000000 (Django 5.2 default)", PBKDF2_1M(), r"^pbkdf2_sha256\$1000000\$"),
        ("pbkdf2_sha1 260000", H.PBKDF2SHA1PasswordHasher(), r"^pbkdf2_sha1\$260000\$"),
        ("argon2id (Django's Argon2PasswordHasher)", H.Argon2PasswordHasher(), r"^argon2\$argon2id\$v=19\$m=102400,t=2,p=8\$"),
        ("bcrypt_sha256", BCryptSHA256Fast(), r"^bcrypt_sha256\$\$2b\$04\$"),
    ]
    hashes = []
    for label, hasher, shape in made:
        pw = "pw-" + label.split()[0] + " ü"
        hashes.append((label, pw, hasher.encode(pw, hasher.salt()), shape))
    # argon2i v=19, what Django before 3.2 wrote (argon2-cffi's PHC string behind "argon2")
    pw = "pw-argon2i ü"
    hashes.append(("argon2i v=19 (Django < 3.2)", pw,
                   "argon2" + low_level.hash_secret(pw.encode(), b"somesaltsalt", 2, 512, 2, 16,
                                                    low_level.Type.I).decode(), r"^argon2\$argon2i\$v=19\$"))
    for i, (label, pw, enc, shape) in enumerate(hashes):
        check("django hash: %s has the expected shape" % label, bool(re.match(shape, enc)), enc)
        check("django hash: %s: token_password_check accepts it" % label, ext_check(pw, enc) == 1, enc)
        check("django hash: %s: token_password_check refuses a wrong password" % label, ext_check(pw + "!", enc) == 0)
        name = "hashuser%d" % i
        user = User.objects.create_user(name)
        User.objects.filter(id=user.id).update(password=enc)      # no save(): keep the hash as is
        mine = db.execute("SELECT token_obtain(?, ?)", (name, pw)).fetchone()[0]
        key = Token.objects.filter(user_id=user.id).values_list("key", flat=True).first()
        check("django hash: %s: token_obtain logs in" % label,
              key is not None and mine == '{"token":"%s"}' % key, repr(mine))
        # DRF answers the same, so Django accepts the hash (it may upgrade it afterwards)
        status, body = drf_obtain(client, {"username": name, "password": pw}, "json")
        check("django hash: %s: DRF's body equals token_obtain's" % label,
              mine is not None and body == mine.encode(), "DRF %d %r vs %r" % (status, body, mine))

    # --- token_password_check vs check_password on odd hashes ----------------------------
    base = H.PBKDF2PasswordHasher().encode("pw", "abcdefgh", 1000)
    b64 = base.split("$")[3]
    argon = "argon2" + low_level.hash_secret(b"pw", b"saltsaltsalt", 2, 512, 2, 32, low_level.Type.ID).decode()
    odd = [
        ("canonical pbkdf2_sha256", base),
        ("iterations with a leading zero", base.replace("$1000$", "$01000$")),
        ("iterations with a plus sign", base.replace("$1000$", "$+1000$")),
        ("iterations with an underscore (Python int() takes it)", base.replace("$1000$", "$1_000$")),
        ("iterations with a space", base.replace("$1000$", "$ 1000$")),
        ("trailing newline", base + "\n"),
        ("unpadded base64", base.rstrip("=")),
        ("non-canonical base64 pad bits", base[:-2] + chr(ord(b64[-2]) ^ 1) + "="),
        ("base64url alphabet", base.replace("+", "-").replace("/", "_")),
        ("algorithm in upper case", base.replace("pbkdf2_sha256", "PBKDF2_SHA256")),
        ("pbkdf2_sha256 with a sha1-length digest", "pbkdf2_sha256$1000$abcdefgh$" + H.PBKDF2SHA1PasswordHasher().encode("pw", "abcdefgh", 1000).split("$")[3]),
        ("pbkdf2_sha1 label on a sha256 digest", base.replace("pbkdf2_sha256", "pbkdf2_sha1")),
        ("unusable '!'", "!"),
        ("unusable '!' + random", H.make_password(None)),
        ("empty", ""),
        ("md5 (not in Django's default hashers)", "md5$salt$" + "0" * 32),
        ("unsalted md5", "5f4dcc3b5aa765d61d8327deb882cf99"),
        ("sha1 (not in defaults)", "sha1$salt$" + "0" * 40),
        ("argon2id canonical", argon),
        ("argon2 trailing newline", argon + "\n"),
        ("argon2 label in upper case", argon.replace("argon2$", "ARGON2$", 1)),
        ("argon2 truncated hash", argon[:-1]),
    ]
    for label, enc in odd:
        d, e = dj_check("pw", enc), ext_check("pw", enc)
        check("check_password: %s: token_password_check agrees with Django" % label, d == e,
              "encoded=%r Django=%r extension=%r" % (enc, d, e))

    # Hashes a default Django 3.2 project cannot check: token_obtain must refuse them too.
    class BCryptFast(H.BCryptPasswordHasher):
        rounds = 4
    plain_bcrypt = BCryptFast().encode("pw-bcrypt", BCryptFast().salt())
    d = dj_check("pw-bcrypt", plain_bcrypt)
    e = ext_check("pw-bcrypt", plain_bcrypt)
    check("check_password: plain bcrypt (BCryptPasswordHasher is not in Django's defaults): agrees",
          d == e, "encoded=%r Django=%r extension=%r" % (plain_bcrypt, d, e))
    user = User.objects.create_user("plainbcrypt")
    User.objects.filter(id=user.id).update(password=plain_bcrypt)
    mine = db.execute("SELECT token_obtain('plainbcrypt', 'pw-bcrypt')").fetchone()[0]
    status, body = drf_obtain(client, {"username": "plainbcrypt", "password": "pw-bcrypt"}, "json")
    check("obtain: plain bcrypt hash in a default project: token_obtain's body is DRF's",
          body == (mine or "").encode(), "DRF %d %r vs extension %r" % (status, body, mine))

    # A stored hash followed by a NUL and junk: Django's check_password refuses it (the
    # digest field no longer matches), and so must token_obtain (it reads the column's byte
    # count, not the text up to the NUL).
    nul_hash = base + "\x00junk"
    user = User.objects.create_user("nuljunk")
    User.objects.filter(id=user.id).update(password=nul_hash)
    stored = db.execute("SELECT length(CAST(password AS BLOB)) FROM auth_user WHERE id = ?", (user.id,)).fetchone()[0]
    check("nul junk: the hash is stored with its NUL and junk", stored == len(nul_hash), repr(stored))
    d, e = dj_check("pw", nul_hash), ext_check("pw", nul_hash)
    check("nul junk: token_password_check agrees with Django (0)", d == e == 0, "Django=%r extension=%r" % (d, e))
    mine = db.execute("SELECT token_obtain('nuljunk', 'pw')").fetchone()[0]
    status, body = drf_obtain(client, {"username": "nuljunk", "password": "pw"}, "json")
    check("nul junk: token_obtain refuses the login, DRF's body byte for byte",
          status == 400 and body == (mine or "").encode(), "DRF %d %r vs extension %r" % (status, body, mine))

    # Limits on stored hashes (ext/pure/password.c) accept what Django writes by default: Django
    # 6.0's 1,200,000 iterations log in.
    class PBKDF2_12M(H.PBKDF2PasswordHasher):
        iterations = 1200000        # Django 6.0's default

    enc = PBKDF2_12M().encode("pw-6.0", PBKDF2_12M().salt())
    user = User.objects.create_user("django60")
    User.objects.filter(id=user.id).update(password=enc)
    mine = db.execute("SELECT token_obtain('django60', 'pw-6.0')").fetchone()[0]
    status, body = drf_obtain(client, {"username": "django60", "password": "pw-6.0"}, "json")
    check("limits: pbkdf2_sha256 at 1,200,000 iterations (Django 6.0) logs in, as in DRF",
          status == 200 and body == (mine or "").encode(), "DRF %d %r vs extension %r" % (status, body, mine))

    # Documented differences (ext/pure/password.c): Django 3.2 checks these through argon2-cffi,
    # the extension (libsodium) does not. No Django version writes them; pinned so that a
    # change on either side shows up here.
    for t, v in ((low_level.Type.D, 19), (low_level.Type.I, 16), (low_level.Type.ID, 16)):
        enc = "argon2" + low_level.hash_secret(b"pw", b"saltsaltsalt", 2, 512, 2, 32, t, version=v).decode()
        d, e = dj_check("pw", enc), ext_check("pw", enc)
        check("documented difference: %s v=%d: Django accepts, token_password_check refuses"
              % (enc.split("$")[1], v), (d, e) == (1, 0), "encoded=%r Django=%r extension=%r" % (enc, d, e))
    # Over a limit (argon2 t <= 4; no Django release writes more than t=2): Django checks
    # it, the extension refuses it without deriving anything.
    enc = "argon2" + low_level.hash_secret(b"pw", b"saltsaltsalt", 5, 8, 1, 32, low_level.Type.ID).decode()
    d, e = dj_check("pw", enc), ext_check("pw", enc)
    check("documented difference: argon2id t=5 (over the limit): Django accepts, token_password_check refuses",
          (d, e) == (1, 0), "encoded=%r Django=%r extension=%r" % (enc, d, e))
    # Django 3.2 raises AssertionError (a 500 from the view) on an empty salt; we say 0.
    enc = "pbkdf2_sha256$1000$$" + b64
    d, e = dj_check("pw", enc), ext_check("pw", enc)
    check("documented difference: empty salt: Django raises, token_password_check gives 0",
          str(d).startswith("raises AssertionError") and e == 0, "Django=%r extension=%r" % (d, e))
    db.close()
    finish()


if __name__ == "__main__":
    main()
