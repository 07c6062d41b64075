#!/usr/bin/python3
"""knox_bench.py: django-rest-knox's authentication, modelled on Debian's Django + DRF, against
the knox-scheme token_user, from one Python process, on the same database file (issue 10).

  /usr/bin/python3 bench/knox_bench.py DB EXT ROUNDS CALLS

knox is not installable here, so its model and its authenticate_credentials are rebuilt from
knox 5.0.2 (knox/models.py, knox/auth.py, knox/crypto.py): the AuthToken model with knox's
fields in knox's order (digest PK, token_key indexed, user FK with related_name
auth_token_set, created auto_now_add, expiry nullable) on the table knox_authtoken; the
authentication decodes the token, filters on token_key = token[:15], then per candidate loads
its user, runs _cleanup_token over user.auth_token_set.all() (deleting expired ones), checks
the candidate's expiry, hashes the token (hashlib.sha512 hexdigest) and compares with
hmac.compare_digest, then checks is_active. Before timing, the SQL it issues for one valid
token is checked against what real knox issued (tests/oracle/knox/knox-facts.json, auth_sql,
"valid token (bob-acme-none)": same statements, literals aside); a mismatch stops the bench.

A = that knox model; B = SELECT token_user(?) on Python's sqlite3 (autocommit), extension
loaded. Batches alternate A/B; medians over ROUNDS rounds; ratio = A/B = the speed-up.
Prints bench.c's tab-separated records (R knoxpy ...).
"""
import hashlib
import hmac
import json
import os
import random
import re
import sqlite3
import sys
import time

DB, EXT, ROUNDS, CALLS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
FACTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "oracle", "knox",
                     "knox-facts.json")

import django  # noqa: E402
from pycompare import compare, ext_batch  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench",
    USE_TZ=True,
    LANGUAGE_CODE="en-us",
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB}},
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "rest_framework"],
)
django.setup()

import rest_framework  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework import exceptions  # noqa: E402


class AuthToken(models.Model):
    """knox.models.AuthToken (5.0.2): the fields in knox's order, knox's table."""
    digest = models.CharField(max_length=128, primary_key=True)
    token_key = models.CharField(max_length=25, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=False, blank=False,
                             related_name="auth_token_set", on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)
    expiry = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "knox"
        db_table = "knox_authtoken"


def hash_token(token):
    """knox.crypto.hash_token with SECURE_HASH_ALGORITHM hashlib.sha512."""
    return hashlib.sha512(token.encode("utf-8")).hexdigest()


def cleanup_token(auth_token):
    """knox.auth.TokenAuthentication._cleanup_token."""
    for other_token in auth_token.user.auth_token_set.all():
        if other_token.digest != auth_token.digest and other_token.expiry:
            if other_token.expiry < timezone.now():
                other_token.delete()
    if auth_token.expiry is not None and auth_token.expiry < timezone.now():
        auth_token.delete()
        return True
    return False


def authenticate_credentials(token):
    """knox.auth.TokenAuthentication.authenticate_credentials (AUTO_REFRESH off)."""
    msg = "Invalid token."
    token = token.decode("utf-8")
    for auth_token in AuthToken.objects.filter(token_key=token[:15]):
        if cleanup_token(auth_token):
            continue
        if hmac.compare_digest(hash_token(token), auth_token.digest):
            if not auth_token.user.is_active:
                raise exceptions.AuthenticationFailed("User inactive or deleted.")
            return auth_token.user, auth_token
    raise exceptions.AuthenticationFailed(msg)


def bench_token(i):
    """bench.c's knox_bench_token(): the token of bench user i."""
    return hashlib.sha512(b"knox-bench %d" % i).hexdigest()[:64]


def shape(sql):
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def check_queries(token):
    """The model issues knox's statements (knox-facts.json), literals aside."""
    with open(FACTS, encoding="utf-8") as f:
        want = json.load(f)["facts"]["auth_sql"]["valid token (bob-acme-none)"]
    want = [shape(q) for q in want if not q.startswith("DELETE")]
    with CaptureQueriesContext(connection) as ctx:
        authenticate_credentials(token.encode())
    got = [shape(q["sql"]) for q in ctx.captured_queries]
    if got != want:
        sys.exit("knox_bench: the model's SQL differs from knox's:\n%s\n%s" % (got, want))


def knox_batch(tokens, valid):
    t0 = time.perf_counter_ns()
    for t in tokens:
        try:
            ok = authenticate_credentials(t)[0].is_active
        except exceptions.AuthenticationFailed:
            ok = False
        if ok != valid:
            sys.exit("knox_bench: the knox model gave the wrong answer")
    return (time.perf_counter_ns() - t0) / len(tokens)


def main():
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.enable_load_extension(True)
    conn.load_extension(EXT)
    tokens = conn.execute("SELECT count(*) FROM knox_authtoken").fetchone()[0]
    ids = [r[0] for r in conn.execute(
        "SELECT user_id FROM knox_authtoken ORDER BY random() LIMIT 4096")]
    rng = random.Random(20240601)
    valid = [bench_token(ids[rng.randrange(len(ids))]) for _ in range(CALLS)]
    invalid = ["%064x" % rng.getrandbits(256) for _ in range(CALLS)]
    check_queries(valid[0])
    for name, batch, ok in (("valid", valid, True), ("invalid", invalid, False)):
        raw = [t.encode() for t in batch]
        headers = ["Token " + t for t in batch]
        compare("knoxpy", "knox", ROUNDS, name, tokens, lambda: knox_batch(raw, ok),
                lambda: ext_batch(conn, headers, ok, "knox_bench"), width=8)
    print("I\tpython\t%s" % sys.version.split()[0])
    print("I\tdjango\t%s" % django.get_version())
    print("I\tdrf\t%s" % rest_framework.VERSION)
    conn.close()


main()
