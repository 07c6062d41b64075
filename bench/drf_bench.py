#!/usr/bin/python3
"""drf_bench.py: DRF's TokenAuthentication (Debian's Django + DRF) against token_user, from one
Python process, on the same database file (item 4 of issue 4).

  /usr/bin/python3 bench/drf_bench.py DB EXT ROUNDS CALLS

A = DRF: TokenAuthentication().authenticate_credentials(key) through Django's ORM, Django's
    connection in autocommit (its default), DEBUG off (no query log);
    case valid_request: the full authenticate(request) on a RequestFactory request.
B = SELECT token_user(?) on Python's sqlite3 (autocommit, isolation_level=None), extension
    loaded. Batches alternate A/B; medians over ROUNDS rounds; ratio = A/B = the speed-up.
Prints the same tab-separated records as bench.c (R ..., I ...).
"""
import random
import sqlite3
import sys
import time

DB, EXT, ROUNDS, CALLS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

import django  # noqa: E402
from pycompare import compare, ext_batch  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench",
    USE_TZ=True,
    LANGUAGE_CODE="en-us",
    ALLOWED_HOSTS=["*"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DB}},
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "rest_framework",
                    "rest_framework.authtoken"],
)
django.setup()

import rest_framework  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from rest_framework.authentication import TokenAuthentication  # noqa: E402
from rest_framework.exceptions import AuthenticationFailed  # noqa: E402
from rest_framework.request import Request  # noqa: E402


def sample_keys(conn, n=4096):
    return [r[0] for r in conn.execute(
        "SELECT key FROM authtoken_token ORDER BY random() LIMIT ?", (n,))]


def invalid_keys(n):
    rng = random.Random(20240601)
    return ["%040x" % rng.getrandbits(160) for _ in range(n)]


def drf_batch(keys, valid):
    auth = TokenAuthentication()
    t0 = time.perf_counter_ns()
    for key in keys:
        try:
            user, _ = auth.authenticate_credentials(key)
            ok = user.is_active
        except AuthenticationFailed:
            ok = False
        if ok != valid:
            sys.exit("drf_bench: DRF gave the wrong answer")
    return (time.perf_counter_ns() - t0) / len(keys)


def drf_request_batch(requests):
    auth = TokenAuthentication()
    t0 = time.perf_counter_ns()
    for request in requests:
        if auth.authenticate(request) is None:
            sys.exit("drf_bench: DRF gave the wrong answer")
    return (time.perf_counter_ns() - t0) / len(requests)


def main():
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.enable_load_extension(True)
    conn.load_extension(EXT)
    tokens = conn.execute("SELECT max(rowid) FROM authtoken_token").fetchone()[0]
    valid = sample_keys(conn)
    invalid = invalid_keys(len(valid))
    rng = random.Random(1)

    def pick(keys):
        return [keys[rng.randrange(len(keys))] for _ in range(CALLS)]

    factory = RequestFactory()
    for name, keys, ok in (("valid", valid, True), ("invalid", invalid, False)):
        batch = pick(keys)
        headers = ["Token " + k for k in batch]
        compare("drf", "DRF", ROUNDS, name, tokens, lambda: drf_batch(batch, ok),
                lambda: ext_batch(conn, headers, ok, "drf_bench"))
    batch = pick(valid)
    requests = [Request(factory.get("/", HTTP_AUTHORIZATION="Token " + k)) for k in batch]
    headers = ["Token " + k for k in batch]
    compare("drf", "DRF", ROUNDS, "valid_request", tokens, lambda: drf_request_batch(requests),
            lambda: ext_batch(conn, headers, True, "drf_bench"))
    print("I\tpython\t%s" % sys.version.split()[0])
    print("I\tdjango\t%s" % django.get_version())
    print("I\tdrf\t%s" % rest_framework.VERSION)
    conn.close()


main()
