"""knox's views (tests/oracle/knox/knox-view-cases.json, 33 sequences) in SQL, on copies of
knox's fixture:
  LoginView (the documented AuthTokenSerializer override, and BasicAuthentication's
  credentials)  -> token_obtain(username, password): knox's body, 200/400/403 alike;
  LogoutView    -> token_revoke(header): 1 where knox answers 204, 0 where 401;
  LogoutAllView -> token_delete(token_user(header)): the user's count where knox answers
                   204, NULL where 401.
Rows deleted must be knox's, minus the expired tokens knox deletes while authenticating
(which token_purge() removes later: test_knox_oracle.py). Cases that are HTTP rather than
token logic (GET gives 405, Basic's 401 bodies, the user serializer) are reported as SKIP.
"""
import base64
import datetime
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, connect, finish, ORACLE  # noqa: E402

KNOX = os.path.join(ORACLE, "knox")
SETTINGS = {"TOKEN_TTL": ("ttl", lambda v: "none" if v is None else str(int(v))),
            "TOKEN_PREFIX": ("prefix", str),
            "TOKEN_LIMIT_PER_USER": ("limit_per_user", str)}


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def same_body(got, want, prefix):
    """knox's body with the token and expiry taken by shape: the token is the prefix + 64
    lowercase hex, the expiry now + ttl (ISO 8601, Z) within a minute, or both exact."""
    if got == want:
        return True
    g, w = json.loads(got), json.loads(want)
    if set(g) != set(w) or list(g) != list(w) or "token" not in w:
        return False
    if not re.fullmatch(re.escape(prefix) + "[0-9a-f]{64}", g["token"]):
        return False
    if w["expiry"] is None:
        return g["expiry"] is None
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z", g["expiry"] or ""):
        return False
    # knox recorded at 07:52 UTC; now + 10 h in both cases
    expiry = datetime.datetime.fromisoformat(g["expiry"][:-1])
    return abs(expiry - utcnow() - datetime.timedelta(hours=10)) < datetime.timedelta(minutes=1)


def digests(db):
    return {d for (d,) in db.execute("SELECT digest FROM knox_authtoken")}


def expired(db, ds):
    now = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    return all(db.execute("SELECT expiry IS NOT NULL AND expiry < ? FROM knox_authtoken "
                          "WHERE digest = ?", (now, d)).fetchone()[0] for d in ds)


def credentials(request):
    if "data" in request:
        data = request["data"]
        return data.get("username"), data.get("password")
    if request.get("auth", "").startswith("Basic "):
        user, _, password = base64.b64decode(request["auth"][6:]).decode().partition(":")
        return user, password
    return None


def run(db, case, step):
    """(our answer as knox's status, None when not comparable, and why)."""
    req, resp = step["request"], step["response"]
    view = case["view"]
    if req.get("method", "post") != "post":
        return None, "HTTP method"
    if view.startswith("LoginView"):
        if "BasicAuthentication" in view and resp["status"] != 200 and resp["status"] != 403:
            return None, "Basic authentication's 401"
        if case["settings"].get("USER_SERIALIZER"):
            return None, "USER_SERIALIZER adds the user"
        user, password = credentials(req)
        body = db.execute("SELECT token_obtain(?, ?)", (user, password)).fetchone()[0]
        prefix = case["settings"].get("TOKEN_PREFIX", "")
        ok = same_body(body, resp["body"], prefix)
        return ok, body
    header = req.get("auth")
    if view == "LogoutView":
        got = db.execute("SELECT token_revoke(?)", (header,)).fetchone()[0]
        return (got == 1) == (resp["status"] == 204) and (header is not None or got is None), got
    got = db.execute("SELECT token_delete(token_user(?))", (header,)).fetchone()[0]
    return (got is not None) == (resp["status"] == 204), got


def main():
    cases = json.load(open(os.path.join(KNOX, "knox-view-cases.json")))["cases"]
    check("knox views: 33 sequences, 40 requests",
          len(cases) == 33 and sum(len(c["steps"]) for c in cases) == 40)
    agree = compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            path = os.path.join(tmp, case["name"] + ".db")
            shutil.copyfile(os.path.join(KNOX, "knox-fixture.sqlite3"), path)
            db = connect(path)
            for name, value in case["settings"].items():
                if name in SETTINGS:
                    db.execute("SELECT token_setting(?, ?)", (SETTINGS[name][0], SETTINGS[name][1](value)))
            for n, step in enumerate(case["steps"]):
                before = digests(db)
                ok, got = run(db, case, step)
                label = "knox views %s step %d" % (case["name"], n + 1)
                if ok is None:
                    print("SKIP %s: HTTP, not token logic (%s)" % (label, got))
                    continue
                ours = before - digests(db)
                theirs = set(step["response"]["effects"]["deleted"])
                rows_ok = ours <= theirs and expired(connect(os.path.join(KNOX, "knox-fixture.sqlite3")),
                                                     theirs - ours)
                added = len(digests(db) - before)
                rows_ok &= added == len(step["response"]["effects"].get("added", []))
                compared += 1
                agree += bool(ok and rows_ok)
                check(label, ok and rows_ok, "got %r, knox %s %s; deleted %d of knox's %d, added %d"
                      % (got, step["response"]["status"], step["response"]["body"][:80], len(ours),
                         len(theirs), added))
    print("knox views: %d/%d comparable requests agree" % (agree, compared))
    finish()


if __name__ == "__main__":
    main()
