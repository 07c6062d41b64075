#!/usr/bin/python3
"""http_bench.py: `make bench` (and `make bench-http`), issue 12 item 4. Never part of make test.

The same bounded load (ab from apache2-utils, with and without keep-alive) on GET /me (a valid
token) and on POST /api-token-auth/ (JSON login), against:
  go           examples/http/go (net/http + the extension)
  python       examples/http/server.py (http.server + the extension)
  drf-persist  Django + DRF under Debian's gunicorn, sync workers, DEBUG off, CONN_MAX_AGE=None
  drf-default  the same with Django's default CONN_MAX_AGE=0 (a connection per request)
all on one database file in WAL mode, while a writer process inserts users (the extension's
trigger issues each a token) throughout. Reports requests per second and server CPU per
request (user + system time of the server's whole process tree, from /proc, divided by the
requests completed), side by side, and the Go server's ratios to drf-persist.
Every process started here is stopped by its pid. Loopback only.

Environment: BENCH_HTTP_SECONDS [5] per run (ab -t), BENCH_HTTP_C [8] concurrency,
BENCH_HTTP_LOGIN_C [4], BENCH_HTTP_USERS [10000] users with tokens before the run,
BENCH_HTTP_WRITES [200] user inserts per second by the writer, BENCH_HTTP_OUT
[bench/http-results.md].
"""
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "django"))
import project  # noqa: E402
from servers import Servers, free_port, stop, wait_listening  # noqa: E402

SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "5"))
CONC = int(os.environ.get("BENCH_HTTP_C", "8"))
LOGIN_CONC = int(os.environ.get("BENCH_HTTP_LOGIN_C", "4"))
USERS = int(os.environ.get("BENCH_HTTP_USERS", "10000"))
WRITES = int(os.environ.get("BENCH_HTTP_WRITES", "200"))
OUT_MD = os.environ.get("BENCH_HTTP_OUT", os.path.join(HERE, "http-results.md"))
EXT = os.path.join(ROOT, "dist", "authtoken")
GO_BIN = os.path.join(ROOT, "dist", "authtoken-http")
TICK = os.sysconf("SC_CLK_TCK")
WORK = os.path.join(ROOT, "bench", "out", "http")

WRITER = r"""
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.enable_load_extension(True); db.load_extension(sys.argv[2])
db.execute("PRAGMA foreign_keys = ON")
rate, i = float(sys.argv[3]), 0
start = time.time()
while True:
    i += 1
    db.execute("INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,"
               " email, is_staff, is_active, date_joined) VALUES ('!', 0, ?, '', '', '', 0, 1, token_now())",
               ("writer-%d-%d" % (int(start), i),))
    delay = start + i / rate - time.time()
    if delay > 0:
        time.sleep(delay)
"""


def tree_cpu(pid):
    """User + system seconds of pid and its descendants (live ones, plus reaped children)."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                stats[int(entry)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
            except OSError:
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        if p in stats:
            total += stats[p][1]
        todo.extend(c for c, (ppid, _) in stats.items() if ppid == p)
    return total / TICK


def ab(url, keepalive, conc, seconds, headers=(), post=None):
    argv = ["ab", "-q", "-t", str(seconds), "-n", "1000000", "-c", str(conc), "-s", "30"]
    if keepalive:
        argv.append("-k")
    for h in headers:
        argv += ["-H", h]
    if post:
        argv += ["-p", post, "-T", "application/json"]
    out = subprocess.run(argv + [url], capture_output=True, text=True, timeout=seconds + 120).stdout
    num = lambda pattern: float((re.search(pattern, out) or [0, "0"])[1])  # noqa: E731
    return {"rps": num(r"Requests per second:\s+([\d.]+)"), "done": num(r"Complete requests:\s+(\d+)"),
            "failed": num(r"Failed requests:\s+(\d+)"), "non2xx": num(r"Non-2xx responses:\s+(\d+)")}


def prepare():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    db = os.path.join(WORK, "bench.sqlite3")
    from django.conf import global_settings
    project.setup(db, fsync=True, PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS)
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connection
    from rest_framework.authtoken.models import Token
    connection.cursor().execute("PRAGMA journal_mode = WAL")
    # Django's default hasher: pbkdf2_sha256 at 260,000 iterations (Django 3.2)
    user = User.objects.create(username="bench", password=make_password("bench-password"))
    key = Token.objects.create(user=user).key
    connection.close()
    import sqlite3
    ext = sqlite3.connect(db, isolation_level=None)
    ext.enable_load_extension(True)
    ext.load_extension(EXT)
    ext.execute("BEGIN")
    ext.executemany("INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,"
                    " is_staff, is_active, date_joined) VALUES ('!', 0, ?, '', '', '', 0, 1, token_now())",
                    (("user-%d" % i,) for i in range(USERS)))
    ext.execute("COMMIT")
    ext.close()
    body = os.path.join(WORK, "login.json")
    with open(body, "w") as f:
        f.write('{"username": "bench", "password": "bench-password"}')
    return db, key, body


def servers(db):
    workers = str(2 * os.cpu_count() + 1)
    gunicorn = ["/usr/bin/python3", "-m", "gunicorn", "--workers", workers, "--worker-class", "sync",
                "--chdir", os.path.join(ROOT, "tests", "django"), "--log-level", "warning", "project.wsgi"]
    return [
        ("go", lambda port: [GO_BIN, "-db", db, "-port", str(port), "-ext", EXT], None),
        ("python", lambda port: ["/usr/bin/python3", os.path.join(ROOT, "examples", "http", "server.py"),
                                 "--db", db, "--port", str(port)], None),
        ("drf-persist", lambda port: gunicorn + ["--bind", "127.0.0.1:%d" % port],
         dict(os.environ, AUTHTOKEN_DB=db, AUTHTOKEN_CONN_MAX_AGE="none", AUTHTOKEN_DJANGO_HASHERS="default")),
        ("drf-default", lambda port: gunicorn + ["--bind", "127.0.0.1:%d" % port],
         dict(os.environ, AUTHTOKEN_DB=db, AUTHTOKEN_CONN_MAX_AGE="0", AUTHTOKEN_DJANGO_HASHERS="default")),
    ]


def measure(start, name, argv, env, key, body):
    port = free_port()
    p = start(name, argv(port), env)
    rows = []
    try:
        if not wait_listening(port, p):
            print("   %s did not start (see %s)" % (name, os.path.join(WORK, name + ".log")))
            return rows
        base = "http://127.0.0.1:%d" % port
        auth = ["Authorization: Token " + key]
        ab(base + "/me", True, CONC, 1, auth)                       # warm-up
        for endpoint in ("/me", "login"):
            for keepalive in (True, False):
                cpu0 = tree_cpu(p.pid)
                if endpoint == "/me":
                    r = ab(base + "/me", keepalive, CONC, SECONDS, auth)
                else:
                    r = ab(base + "/api-token-auth/", keepalive, LOGIN_CONC, SECONDS, post=body)
                cpu = tree_cpu(p.pid) - cpu0
                r.update(server=name, endpoint=endpoint, keepalive=keepalive,
                         cpu_us=1e6 * cpu / r["done"] if r["done"] else 0)
                rows.append(r)
                print("   %-12s %-6s keep-alive %-3s %9.0f req/s %8.0f us CPU/req  (%d done, %d failed, %d non-2xx)"
                      % (name, endpoint, "on" if keepalive else "off", r["rps"], r["cpu_us"], r["done"],
                         r["failed"], r["non2xx"]), flush=True)
    finally:
        stop(p)
    return rows


def report(rows, info):
    get = {(r["server"], r["endpoint"], r["keepalive"]): r for r in rows}
    lines = ["# HTTP throughput: examples/http against Django + DRF (make bench)", "",
             info, "",
             "| endpoint | keep-alive | go req/s | python req/s | drf-persist req/s | drf-default req/s |"
             " go CPU µs/req | python | drf-persist | drf-default |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    names = ("go", "python", "drf-persist", "drf-default")
    for endpoint in ("/me", "login"):
        for keepalive in (True, False):
            rs = [get.get((n, endpoint, keepalive)) for n in names]
            lines.append("| %s | %s | %s | %s |" % (
                endpoint, "on" if keepalive else "off",
                " | ".join("%.0f" % r["rps"] if r else "-" for r in rs),
                " | ".join("%.0f" % r["cpu_us"] if r else "-" for r in rs)))
    lines.append("")
    for endpoint in ("/me", "login"):
        for keepalive in (True, False):
            g, d = get.get(("go", endpoint, keepalive)), get.get(("drf-persist", endpoint, keepalive))
            if g and d and d["rps"] and g["cpu_us"]:
                lines.append("- %s, keep-alive %s: Go %.1f× drf-persist's req/s; its CPU per request %.3f of Django's (1/%.0f)"
                             % (endpoint, "on" if keepalive else "off", g["rps"] / d["rps"],
                                g["cpu_us"] / d["cpu_us"], d["cpu_us"] / g["cpu_us"]))
    bad = [r for r in rows if r["failed"] or (r["non2xx"] and r["endpoint"] == "/me")]
    lines.append("")
    lines.append("Failed or non-2xx: %s" % (", ".join("%s %s" % (r["server"], r["endpoint"]) for r in bad) or "none"))
    text = "\n".join(lines) + "\n"
    with open(OUT_MD, "w") as f:
        f.write(text)
    print(text)


def main():
    if not shutil.which("ab"):
        sys.exit("http_bench: ab (apache2-utils) is missing")
    build = subprocess.run(["sh", os.path.join(ROOT, "examples", "http", "go", "build.sh"), GO_BIN])
    if build.returncode:
        sys.exit("http_bench: the Go server does not build")
    print("== HTTP: preparing %d users with tokens (WAL)" % USERS, flush=True)
    db, key, body = prepare()
    info = ("%s; %d cores; ab -t %d, -c %d (/me) and -c %d (login), sharing the cores; WAL; a writer inserting %d users/s;"
            " gunicorn %s sync workers; commit %s; %s" % (
                open("/proc/cpuinfo").read().split("model name")[1].split(":")[1].split("\n")[0].strip(),
                os.cpu_count(), SECONDS, CONC, LOGIN_CONC, WRITES, 2 * os.cpu_count() + 1,
                subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                               cwd=ROOT).stdout.strip(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
    run = Servers(WORK)
    start = run.start
    writer = start("writer", ["/usr/bin/python3", "-c", WRITER, db, EXT, str(WRITES)])
    rows = []
    try:
        for name, argv, env in servers(db):
            print("== HTTP: %s" % name, flush=True)
            rows += measure(start, name, argv, env, key, body)
    finally:
        stop(writer)
        run.stop_all()
    report(rows, info)


if __name__ == "__main__":
    main()
