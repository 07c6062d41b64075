"""knox agreement (issue 10): every case of tests/oracle/knox/public-corpus.json, run through
token_user and token_auth_error on a copy of knox's fixture (knox_authtoken and no
authtoken_token: the knox scheme is in force on load, with no call), must give knox 5.0.2's
answer. Also the 7 AUTH_HEADER_PREFIX='Bearer' cases of knox-settings-cases.json.

Where knox itself fails with an HTTP 500, the answer is DRF's (issue 10, README "The knox
scheme"): invalid UTF-8 (UnicodeDecodeError) gets DRF's "invalid characters" message; where
an orphan row (its user gone) comes first among the rows sharing the token_key
(User.DoesNotExist), the presented token is judged on its own row: its user, "User inactive
or deleted.", or "Invalid token." (DRF's inner join). Those expectations are computed here
from the fixture with knox's own rules, printed as their own checks.

knox deletes expired tokens while it authenticates; we never write inside a read. So the
fixture must be byte for byte unchanged after every lookup, and the deletions knox made are
deferred to token_purge(): after the lookups, token_purge() deletes exactly the expired rows,
which include every row knox deleted in any case.

Headers are passed as their exact bytes, as TEXT (with an explicit length) and as BLOB.
"""
import datetime
import filecmp
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, finish, EXT, ORACLE  # noqa: E402

KNOX = os.path.join(ORACLE, "knox")
PUBLIC_CASES = 512
INVALID_UTF8 = "Invalid token header. Token string should not contain invalid characters."


def parse_django(text):
    """A stored created/expiry value (with or without the fraction) as a naive UTC datetime."""
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in text else "%Y-%m-%d %H:%M:%S"
    return datetime.datetime.strptime(text, fmt)


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def own_row(fixture, token):
    """Judges a token on its own row, as DRF's inner join would: (user_id, message)."""
    row = fixture.execute(
        "SELECT u.id, CAST(u.is_active AS TEXT) = '1', t.expiry FROM knox_authtoken AS t "
        "JOIN auth_user AS u ON u.id = t.user_id WHERE t.digest = ? AND t.token_key = ?",
        (hashlib.sha512(token.encode()).hexdigest(), token[:15])).fetchone()
    if row is None or (row[2] is not None and parse_django(row[2]) < utcnow()):
        return None, "Invalid token."
    return (row[0], None) if row[1] else (None, "User inactive or deleted.")


def expected(case, fixture):
    """(token_user, token_auth_error, how): knox's answer, or the rule for knox's 500s."""
    e = case["expect"]
    if e["outcome"] == "none":
        return None, None, "knox"
    if e["outcome"] == "fail":
        return None, e["message"], "knox"
    if e["outcome"] == "user":
        # tina-default-10h carries knox's 10 h default: once past its expiry, knox's own
        # rule (expiry < now) answers "Invalid token.".
        row = fixture.execute("SELECT expiry FROM knox_authtoken WHERE digest = ?",
                              (e["digest"],)).fetchone()
        if row and row[0] is not None and parse_django(row[0]) < utcnow():
            return None, "Invalid token.", "knox, expired since recorded"
        return e["user_id"], None, "knox"
    if e["exception"] == "UnicodeDecodeError":
        return None, INVALID_UTF8, "500 as DRF"
    if e["exception"] == "User.DoesNotExist":
        token = bytes.fromhex(case["header_hex"]).split()[1].decode()
        return own_row(fixture, token) + ("500 judged on its own row",)
    raise ValueError("unknown outcome %r" % e)


def answer(db, header, as_blob):
    """(token_user, token_auth_error) for header bytes, None for an absent header."""
    if header is not None and not as_blob:
        return db.execute("SELECT token_user(CAST(?1 AS TEXT)), token_auth_error(CAST(?1 AS TEXT))",
                          (header,)).fetchone()
    return db.execute("SELECT token_user(?1), token_auth_error(?1)", (header,)).fetchone()


def run_cases(db, fixture, cases, label):
    """Runs cases as TEXT and BLOB; one check per category and kind; returns (agree, total)."""
    wrong, counts, agree = {}, {}, 0
    for case in cases:
        header = None if case["absent"] else bytes.fromhex(case["header_hex"])
        user, message, how = expected(case, fixture)
        category = case.get("category", label) + ("" if how == "knox" else " (%s)" % how)
        counts[category] = counts.get(category, 0) + 1
        ok = True
        for kind in ("text", "blob"):
            got = tuple(answer(db, header, kind == "blob"))
            if got != (user, message):
                ok = False
                wrong.setdefault((category, kind), []).append(
                    (case.get("note", ""), got, (user, message)))
        agree += ok
    for category in sorted(counts):
        for kind in ("text", "blob"):
            bad = wrong.get((category, kind), [])
            detail = "; ".join("%s: got %r want %r" % w for w in bad[:3])
            check("knox oracle %s: %d cases as %s agree" % (category, counts[category], kind.upper()),
                  not bad, "%d disagree: %s" % (len(bad), detail))
    return agree, len(cases)


def knox_deleted(corpus):
    return {d for case in corpus["cases"] for d in case["effects"]["deleted"]}


def check_purge(path, corpus):
    """token_purge() deletes exactly the expired rows, which include all knox deleted."""
    db = sqlite3.connect(path, isolation_level=None)
    db.enable_load_extension(True)
    db.load_extension(EXT)
    now = utcnow()
    before = {d: e for d, e in db.execute("SELECT digest, expiry FROM knox_authtoken")}
    expired = {d for d, e in before.items() if e is not None and parse_django(e) < now}
    count = db.execute("SELECT token_purge()").fetchone()[0]
    after = {d for (d,) in db.execute("SELECT digest FROM knox_authtoken")}
    purged = set(before) - after
    check("knox purge: token_purge() deleted exactly the %d expired rows" % len(expired),
          purged == expired and count == len(expired),
          "count %r, purged %d, expired %d" % (count, len(purged), len(expired)))
    missing = knox_deleted(corpus) - purged
    check("knox purge: every row knox deleted while authenticating (%d) is purged"
          % len(knox_deleted(corpus)), not missing, "%d not purged" % len(missing))
    count = db.execute("SELECT token_purge()").fetchone()[0]
    check("knox purge: a second token_purge() deletes nothing", count == 0, repr(count))
    db.close()


def main():
    corpus = json.load(open(os.path.join(KNOX, "public-corpus.json")))
    bearer = [c for c in json.load(open(os.path.join(KNOX, "knox-settings-cases.json")))["cases"]
              if c["name"] == "auth-header-prefix-bearer"][0]["cases"]
    check("knox oracle: the corpus is knox 5.0.2's public set, all %d cases" % PUBLIC_CASES,
          len(corpus["cases"]) == PUBLIC_CASES and corpus.get("set") == "public"
          and corpus["versions"]["knox"]["version"] == "5.0.2", repr(corpus.get("versions")))
    with tempfile.TemporaryDirectory() as tmp:
        fixture_file = os.path.join(KNOX, corpus["fixture"])
        path = os.path.join(tmp, "fixture.sqlite3")
        shutil.copyfile(fixture_file, path)
        fixture = sqlite3.connect("file:%s?mode=ro" % fixture_file, uri=True)
        db = sqlite3.connect(path)
        db.enable_load_extension(True)
        db.load_extension(EXT)
        agree, total = run_cases(db, fixture, corpus["cases"], "public")
        print("knox oracle: %d/%d public cases agree (TEXT and BLOB)" % (agree, total))
        db.close()
        check("knox oracle: %d lookups left the fixture unchanged (no write inside a read)"
              % (4 * total), filecmp.cmp(path, fixture_file, shallow=False))
        # knox's AUTH_HEADER_PREFIX='Bearer' is our keyword setting.
        db = sqlite3.connect(path, isolation_level=None)
        db.enable_load_extension(True)
        db.load_extension(EXT)
        db.execute("SELECT token_setting('keyword', 'Bearer')")
        agree, total = run_cases(db, fixture, bearer, "Bearer")
        print("knox oracle: %d/%d Bearer cases agree" % (agree, total))
        db.execute("SELECT token_setting('keyword', NULL)")
        db.close()
        check_purge(path, corpus)
        fixture.close()
    finish()


if __name__ == "__main__":
    main()
