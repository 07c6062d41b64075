"""The example HTTP servers (examples/http: Python's http.server, Go's net/http) against a live
Django + DRF server (gunicorn) on the same database file: the same raw requests, sent over
loopback to all three, must get the same status, body, and Content-Type, WWW-Authenticate and
Allow headers (issue 12, item 3). Every process started here is stopped by its pid, whatever
happens. Run with Debian's /usr/bin/python3; needs gunicorn and golang-go (make test installs).
"""
import http.client
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
ROOT = os.path.dirname(TESTS)
sys.path.insert(0, os.path.join(TESTS, "django"))
import project  # noqa: E402
from servers import Servers, free_port, wait_listening  # noqa: E402
from harness import check, finish  # noqa: E402

GO_BIN = os.path.join(ROOT, "dist", "authtoken-http")
B = "----httpTestBoundary"
MP = "multipart/form-data; boundary=" + B
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
HEADERS = ("Content-Type", "WWW-Authenticate", "Allow")
servers_run = None  # the Servers of this run (tests/django/servers.py)


def send(port, method, path, headers=(), body=b""):
    """One request over a fresh connection; headers are (name, bytes value) pairs, sent as
    they are (two Authorization headers stay two). Returns (status, body, {header: value})."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        if body or method == "POST":
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        got = r.read()
        return r.status, got, {h: r.getheader(h) for h in HEADERS}
    finally:
        conn.close()


def multipart(*parts):
    out = b""
    for p in parts:
        disp = b'form-data; name="%s"' % p[0].encode()
        if len(p) == 3:
            disp += b'; filename="%s"' % p[2].encode()
        out += b"--%s\r\nContent-Disposition: %s\r\n\r\n%s\r\n" % (B.encode(), disp, p[1])
    return out + b"--%s--\r\n" % B.encode()


def j(obj):
    return json.dumps(obj).encode()


def requests(keys):
    """(name, method, path, headers, body): headers' values are bytes."""
    a, c = keys["alice"].encode(), keys["carol"].encode()
    tok = lambda k: [("Authorization", b"Token " + k)]  # noqa: E731
    login = lambda ct, body, extra=(): ("POST", "/api-token-auth/", [("Content-Type", ct.encode("latin-1"))] + list(extra), body)  # noqa: E731
    me = lambda headers: ("GET", "/me", headers, b"")  # noqa: E731
    return [
        ("me: valid token", *me(tok(a))),
        ("me: keyword lower case", *me([("Authorization", b"token " + a)])),
        ("me: keyword upper case", *me([("Authorization", b"TOKEN " + a)])),
        ("me: two spaces", *me([("Authorization", b"Token  " + a)])),
        ("me: tab separator", *me([("Authorization", b"Token\t" + a)])),
        ("me: query string", "GET", "/me?x=1", tok(a), b""),
        ("me: wrong token", *me(tok(b"0" * 40))),
        ("me: key in upper case", *me(tok(a.upper()))),
        ("me: key truncated", *me(tok(a[:-1]))),
        ("me: a 1000-character key", *me(tok(b"k" * 1000))),
        ("me: no header", *me([])),
        ("me: empty header", *me([("Authorization", b"")])),
        ("me: keyword only", *me([("Authorization", b"Token")])),
        ("me: keyword and spaces", *me([("Authorization", b"Token   ")])),
        ("me: three parts", *me([("Authorization", b"Token " + a + b" extra")])),
        ("me: Bearer scheme", *me([("Authorization", b"Bearer " + a)])),
        ("me: Basic scheme", *me([("Authorization", b"Basic YWxpY2U6cGFzcw==")])),
        ("me: keyword glued", *me([("Authorization", b"Token" + a)])),
        ("me: non-ASCII UTF-8 key", *me(tok("clé北京".encode()))),
        ("me: invalid UTF-8 key", *me(tok(b"\xff\xfe\xfd"))),
        ("me: Latin-1 byte in key", *me(tok(b"caf\xe9"))),
        ("me: NBSP inside (not a separator)", *me(tok(a[:20] + b"\xa0" + a[20:]))),
        ("me: overlong UTF-8", *me(tok(b"\xc0\xaf"))),
        ("me: UTF-8 surrogate bytes", *me(tok(b"\xed\xa0\x80"))),
        ("me: two Authorization headers", *me(tok(a) + tok(a))),
        ("me: valid header then empty one", *me(tok(a) + [("Authorization", b"")])),
        ("me: Basic then Token", *me([("Authorization", b"Basic x")] + tok(a))),
        ("me: inactive user", *me(tok(c))),
        ("me: inactive user, wrong key", *me(tok(c[:-1] + b"0"))),
        ("me: non-ASCII username", *me(tok(keys["zoe"].encode()))),
        ("me: POST not allowed", "POST", "/me", tok(a), b""),
        ("me: POST without credentials", "POST", "/me", [], b""),
        ("me: DELETE not allowed", "DELETE", "/me", tok(a), b""),
        ("me: PUT with a bad token", "PUT", "/me", tok(b"bad"), b""),
        ("login: form", *login(FORM, b"username=alice&password=pw-alice")),
        ("login: JSON", *login(JSON, j({"username": "alice", "password": "pw-alice"}))),
        ("login: multipart", *login(MP, multipart(("username", b"alice"), ("password", b"pw-alice")))),
        ("login: user without a token yet", *login(JSON, j({"username": "bob", "password": "pw-bob"}))),
        ("login: wrong password", *login(FORM, b"username=alice&password=pw-alicE")),
        ("login: unknown user", *login(FORM, b"username=nobody&password=x")),
        ("login: inactive user", *login(JSON, j({"username": "carol", "password": "pw-carol"}))),
        ("login: no body", *login(FORM, b"")),
        ("login: missing password", *login(FORM, b"username=alice")),
        ("login: missing username (JSON)", *login(JSON, j({"password": "x"}))),
        ("login: blank username", *login(FORM, b"username=&password=x")),
        ("login: whitespace username", *login(JSON, j({"username": "  ", "password": "x"}))),
        ("login: blank password", *login(MP, multipart(("username", b"alice"), ("password", b"")))),
        ("login: null username", *login(JSON, j({"username": None, "password": "x"}))),
        ("login: null password", *login(JSON, j({"username": "alice", "password": None}))),
        ("login: boolean username", *login(JSON, j({"username": True, "password": "x"}))),
        ("login: boolean password", *login(JSON, j({"username": "alice", "password": False}))),
        ("login: list username", *login(JSON, j({"username": ["alice"], "password": "pw-alice"}))),
        ("login: object password", *login(JSON, j({"username": "alice", "password": {}}))),
        ("login: numeric fields", *login(JSON, b'{"username": 123, "password": 456}')),
        ("login: float username", *login(JSON, b'{"username": 1e400, "password": 0.1}')),
        ("login: padded username", *login(FORM, b"username=++alice++&password=pw-alice")),
        ("login: password with spaces", *login(FORM, b"username=spacepw&password=++pw+with+spaces++")),
        ("login: non-ASCII JSON", *login(JSON, j({"username": "zoë-北京", "password": "pw-ü"}))),
        ("login: non-ASCII percent-encoded", *login(FORM, b"username=zo%C3%AB-%E5%8C%97%E4%BA%AC&password=pw-%C3%BC")),
        ("login: repeated field, last wins", *login(FORM, b"username=bob&username=alice&password=pw-alice")),
        ("login: NUL in username", *login(FORM, b"username=al%00ice&password=x")),
        ("login: lone surrogate", *login(JSON, b'{"username": "\\ud800", "password": "x"}')),
        ("login: JSON parse error", *login(JSON, b'{"username": "alice",}')),
        ("login: JSON truncated", *login(JSON, b'{"username": "alice", "password": ')),
        ("login: invalid UTF-8 JSON", *login(JSON, b'{"username": "\xff"}')),
        ("login: JSON NaN", *login(JSON, b'{"username": NaN}')),
        ("login: JSON list", *login(JSON, b'["alice", "pw-alice"]')),
        ("login: JSON null", *login(JSON, b"null")),
        ("login: JSON charset parameter", *login("application/json; charset=UTF-8", j({"username": "alice", "password": "pw-alice"}))),
        ("login: upper-case content type", *login("APPLICATION/X-WWW-FORM-URLENCODED", b"username=alice&password=pw-alice")),
        ("login: multipart file as username", *login(MP, multipart(("username", b"alice", "u.txt"), ("password", b"pw-alice")))),
        ("login: multipart without boundary", *login("multipart/form-data", b"--x\r\n")),
        ("login: text/plain", *login("text/plain", b"username=alice&password=pw-alice")),
        ("login: no Content-Type", "POST", "/api-token-auth/", [], j({"username": "alice", "password": "pw-alice"})),
        ("login: non-ASCII Content-Type", *login("text/plain; charset=\xe9", b"x")),
        ("login: bad token header", *login(FORM, b"username=alice&password=pw-alice", tok(b"nope"))),
        ("login: valid token header", *login(FORM, b"username=alice&password=pw-alice", tok(a))),
        ("login: Bearer header is not ours", *login(FORM, b"username=alice&password=pw-alice", [("Authorization", b"Bearer x")])),
        ("login: GET not allowed", "GET", "/api-token-auth/", [], b""),
        ("logout: no credentials", "POST", "/logout", [], b""),
        ("logout: wrong token", "POST", "/logout", tok(b"f" * 40), b""),
        ("logout: inactive user", "POST", "/logout", tok(c), b""),
        ("logout: GET not allowed", "GET", "/logout", tok(a), b""),
        ("unknown path", "GET", "/nope", tok(a), b""),
    ]


def main():
    global DB
    DB = os.path.join(project.tmpdir(), "shared.sqlite3")
    project.setup(DB)
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    keys = {}
    for name, pw, active, token in [("alice", "pw-alice", True, True), ("bob", "pw-bob", True, False),
                                    ("carol", "pw-carol", False, True), ("zoë-北京", "pw-ü", True, True),
                                    ("spacepw", "  pw with spaces  ", True, False), ("123", "456", True, False)]:
        u = User.objects.create_user(name, password=pw, is_active=active)
        if token:
            keys[{"zoë-北京": "zoe"}.get(name, name)] = Token.objects.create(user=u).key
    servers = {}
    for server in ("drf", "python", "go"):   # one user per server for log-outs
        u = User.objects.create_user("leaving-" + server, password="x")
        keys["leaving-" + server] = Token.objects.create(user=u).key
    from django.db import connection
    connection.close()

    build = subprocess.run(["sh", os.path.join(ROOT, "examples", "http", "go", "build.sh"), GO_BIN],
                           capture_output=True, text=True)
    check("http: the Go server builds offline (GOPATH mode, Debian's packages)", build.returncode == 0,
          build.stderr[-800:])
    global servers_run
    servers_run = Servers(os.path.dirname(DB), grace=10)
    start = servers_run.start
    env = dict(os.environ, AUTHTOKEN_DB=DB, AUTHTOKEN_CONN_MAX_AGE="0")
    ports = {s: free_port() for s in ("drf", "python", "go")}
    procs = {
        "drf": start("drf", ["/usr/bin/python3", "-m", "gunicorn", "--bind", "127.0.0.1:%d" % ports["drf"],
                             "--workers", "1", "--chdir", os.path.join(TESTS, "django"), "project.wsgi"], env=env),
        "python": start("python", ["/usr/bin/python3", os.path.join(ROOT, "examples", "http", "server.py"),
                                   "--db", DB, "--port", str(ports["python"])]),
    }
    if os.environ.get("ASAN") == "1":   # a Go binary does not run under the preloaded ASan runtime
        print("SKIP http: the Go server under ASan (the Python server is compared)")
    elif build.returncode == 0:
        procs["go"] = start("go", [GO_BIN, "-db", DB, "-port", str(ports["go"]),
                                   "-ext", os.path.join(ROOT, "dist", "authtoken")])
    for name, p in procs.items():
        up = wait_listening(ports[name], p)
        check("http: the %s server listens on 127.0.0.1" % name, up, "see %s.log" % name)
        if up:
            servers[name] = ports[name]
    if "drf" not in servers:
        return
    examples = [s for s in ("python", "go") if s in servers]

    cases = requests(keys)
    check("http: at least 60 requests compared", len(cases) >= 60, str(len(cases)))
    for name, method, path, headers, body in cases:
        want = send(servers["drf"], method, path, headers, body)
        for ex in examples:
            got = send(servers[ex], method, path, headers, body)
            check("http %s: %s: DRF's status, body and headers" % (ex, name), got == want,
                  "\n   DRF: %r\n   %s: %r" % (want, ex, got))

    # Log-out changes state: each server logs its own user out, then that key is refused.
    results = {}
    for server, port in servers.items():
        key = keys["leaving-" + server].encode()
        out = send(port, "POST", "/logout", [("Authorization", b"Token " + key)])
        again = send(port, "GET", "/me", [("Authorization", b"Token " + key)])
        results[server] = (out, again)
    check("http: DRF's log-out is 204 without a body, then the key is invalid",
          results["drf"][0][:2] == (204, b"") and results["drf"][1][1] == b'{"detail":"Invalid token."}',
          repr(results["drf"]))
    for ex in examples:
        check("http %s: log-out, then the key: DRF's answers" % ex, results[ex] == results["drf"],
              "\n   DRF: %r\n   %s: %r" % (results["drf"], ex, results[ex]))
    users = {}
    import sqlite3
    db = sqlite3.connect(DB)
    for server in servers:
        users[server] = db.execute("SELECT count(*) FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id"
                                   " WHERE u.username = ?", ("leaving-" + server,)).fetchone()[0]
    db.close()
    check("http: every server deleted its user's token in the shared file",
          set(users.values()) == {0}, repr(users))


if __name__ == "__main__":
    try:
        main()
    finally:
        left = []
        if servers_run:
            servers_run.stop_all()
            left = servers_run.running()
        check("http: every server process stopped (by pid)", not left, repr(left))
    finish()
