"""knox's AUTO_REFRESH cases (tests/oracle/knox/knox-settings-cases.json, 12 scenarios, 14
authentications) through token_refresh(header), the write the caller asks for (knox renews
inside authentication; token_user never writes), and through its DML form with
token_renewed(). Each scenario's token is made as knox made it, shifted to now: created and
the initial expiry keep their distance from the recorded authentication time. Compared per
step: the answer, whether the expiry was written, and the written value (now + ttl, within
the seconds this run takes; exactly created + max_ttl where knox truncated).
"""
import datetime
import hashlib
import json
import os
import secrets
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, connect, finish, ORACLE  # noqa: E402

KNOX = os.path.join(ORACLE, "knox")
SETTINGS = {"AUTO_REFRESH": ("auto_refresh", lambda v: "on" if v else "off"),
            "TOKEN_TTL": ("ttl", lambda v: "none" if v is None else str(int(v))),
            "MIN_REFRESH_INTERVAL": ("min_refresh_interval", lambda v: str(int(v))),
            "AUTO_REFRESH_MAX_TTL": ("max_ttl", lambda v: "none" if v is None else str(int(v)))}
FMT = "%Y-%m-%d %H:%M:%S.%f"


def parse(text):
    return datetime.datetime.strptime(text, FMT if "." in text else "%Y-%m-%d %H:%M:%S")


def django(dt):
    return dt.strftime(FMT) if dt.microsecond else dt.strftime("%Y-%m-%d %H:%M:%S")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def iso(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=None)


def make_token(db, case, user_id):
    """The scenario's token, created and expiring as recorded, relative to now."""
    token = secrets.token_hex(32)
    if "token_created" not in case:  # refresh-wrong-tail: "made 5 h ago, 10 h TTL"
        created = utcnow() - datetime.timedelta(hours=5)
        expiry = created + datetime.timedelta(hours=10)
    else:
        shift = utcnow() - iso(case["steps"][0]["authenticated_at"])
        created = parse(case["token_created"]) + shift
        expiry = case["token_expiry_initial"]
        expiry = None if expiry is None else parse(expiry) + shift
    db.execute("INSERT INTO knox_authtoken VALUES (?, ?, ?, ?, ?)",
               (hashlib.sha512(token.encode()).hexdigest(), django(created), user_id,
                None if expiry is None else django(expiry), token[:15]))
    return token, created


def header(case, token):
    if case["name"] == "refresh-wrong-tail":
        token = token[:-1] + ("0" if token[-1] != "0" else "1")
    return "Token " + token


def expiry_of(db, token):
    row = db.execute("SELECT expiry FROM knox_authtoken WHERE digest = ?",
                     (hashlib.sha512(token.encode()).hexdigest(),)).fetchone()
    return row[0] if row else None


def run_step(db, case, step, token, created, dml):
    before = expiry_of(db, token)
    h = header(case, token)
    if dml:
        db.execute("UPDATE knox_authtoken SET expiry = token_renewed(expiry, created) "
                   "WHERE digest = token_digest(:t) AND token_renewed(expiry, created) IS NOT NULL",
                   {"t": h.split(" ", 1)[1]})
        got = db.execute("SELECT token_user(?)", (h,)).fetchone()[0]
    else:
        got = db.execute("SELECT token_refresh(?)", (h,)).fetchone()[0]
    now = utcnow()
    after = expiry_of(db, token)
    e = step["expect"]
    want = e["user_id"] if e["outcome"] == "user" else None
    problems = []
    if got != want:
        problems.append("answer %r, knox %r" % (got, want))
    if (after != before) != step["expiry_written"]:
        problems.append("written %r, knox %r" % (after != before, step["expiry_written"]))
    if step["expiry_written"] and after:
        to_now = (parse(after) - now).total_seconds()
        if abs(to_now - step["expiry_after_minus_now_s"]) > 5:
            problems.append("expiry - now %.3f, knox %.3f" % (to_now, step["expiry_after_minus_now_s"]))
        max_ttl = case["settings"].get("AUTO_REFRESH_MAX_TTL")
        if max_ttl is not None and abs(step["expiry_after_minus_created_s"] - max_ttl) < 1 \
                and parse(after) != created + datetime.timedelta(seconds=max_ttl):
            problems.append("expiry %s is not exactly created + max_ttl" % after)
    return problems


def main():
    cases = json.load(open(os.path.join(KNOX, "knox-settings-cases.json")))["cases"]
    users = {u["username"]: u["id"] for u in json.load(open(os.path.join(KNOX, "knox-facts.json")))["users"]}
    scenarios = [c for c in cases if "steps" in c]
    check("knox settings: 12 refresh scenarios, 14 authentications",
          len(scenarios) == 12 and sum(len(c["steps"]) for c in scenarios) == 14)
    agree = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for dml in (False, True):
            form = "DML form" if dml else "token_refresh"
            for case in scenarios:
                path = os.path.join(tmp, "%s-%s.db" % (case["name"], dml))
                shutil.copyfile(os.path.join(KNOX, "knox-fixture.sqlite3"), path)
                db = connect(path)
                for name, value in case["settings"].items():
                    setting, conv = SETTINGS[name]
                    db.execute("SELECT token_setting(?, ?)", (setting, conv(value)))
                token, created = make_token(db, case, users[case["user"]])
                problems = []
                for step in case["steps"]:
                    problems += run_step(db, case, step, token, created, dml)
                    total += 1
                agree += not problems
                check("knox settings %s (%s): %s" % (case["name"], form, case["note"][:60]),
                      not problems, "; ".join(problems))
                db.close()
        # auto_refresh off: token_refresh authenticates and writes nothing.
        path = os.path.join(tmp, "off.db")
        shutil.copyfile(os.path.join(KNOX, "knox-fixture.sqlite3"), path)
        db = connect(path)
        token, _ = make_token(db, scenarios[0], 2)
        before = expiry_of(db, token)
        got = db.execute("SELECT token_refresh(?)", ("Token " + token,)).fetchone()[0]
        check("knox settings: auto_refresh off: token_refresh authenticates, writes nothing",
              got == 2 and expiry_of(db, token) == before)
        db.execute("SELECT token_setting('auto_refresh', 'on')")
        got = db.execute("SELECT token_user(?)", ("Token " + token,)).fetchone()[0]
        check("knox settings: token_user never renews, even with auto_refresh on",
              got == 2 and expiry_of(db, token) == before and db.total_changes == 1)
    print("knox settings: %d/%d scenarios agree (both forms)" % (agree, 2 * len(scenarios)))
    finish()


if __name__ == "__main__":
    main()
