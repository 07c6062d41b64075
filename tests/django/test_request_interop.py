"""token_obtain_request(content_type, body) against DRF's obtain_auth_token for the same raw
request: every status and body must be DRF's, byte for byte, for JSON, urlencoded and
multipart bodies, well-formed or not (issue 12, item 3).

Run with Debian's /usr/bin/python3."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, error_of, finish  # noqa: E402

B = "----authtokenBoundary7MA4YWxk"


def multipart(*parts, boundary=B, end=True):
    """A multipart body: parts are (name, value bytes) or (name, value, filename)."""
    out = b""
    for p in parts:
        disp = b'form-data; name="%s"' % p[0].encode()
        if len(p) == 3:
            disp += b'; filename="%s"' % p[2].encode()
        out += b"--%s\r\nContent-Disposition: %s\r\n\r\n%s\r\n" % (boundary.encode(), disp, p[1])
    return out + (b"--%s--\r\n" % boundary.encode() if end else b"")


MP = ("multipart/form-data; boundary=" + B).encode()
JSON = b"application/json"
FORM = b"application/x-www-form-urlencoded"


def j(obj):
    return json.dumps(obj).encode()


CASES = [
    # JSON: values of every type
    ("json valid", JSON, j({"username": "alice", "password": "pw-alice"})),
    ("json wrong password", JSON, j({"username": "alice", "password": "nope"})),
    ("json no token yet", JSON, j({"username": "bob", "password": "pw-bob"})),
    ("json inactive", JSON, j({"username": "carol", "password": "pw-carol"})),
    ("json unknown user", JSON, j({"username": "nobody", "password": "x"})),
    ("json empty object", JSON, b"{}"),
    ("json username only", JSON, j({"username": "alice"})),
    ("json blank username", JSON, j({"username": "", "password": "pw"})),
    ("json whitespace username", JSON, j({"username": " \t\u3000", "password": "pw"})),
    ("json blank password", JSON, j({"username": "alice", "password": ""})),
    ("json space password", JSON, j({"username": "alice", "password": " "})),
    ("json null username", JSON, j({"username": None, "password": "pw"})),
    ("json null both", JSON, j({"username": None, "password": None})),
    ("json bool username", JSON, j({"username": True, "password": "pw"})),
    ("json false password", JSON, j({"username": "alice", "password": False})),
    ("json list username", JSON, j({"username": ["alice"], "password": "pw-alice"})),
    ("json object password", JSON, j({"username": "alice", "password": {"a": 1}})),
    ("json numbers", JSON, b'{"username": 123, "password": 456}'),
    ("json number -0", JSON, b'{"username": -0, "password": 456}'),
    ("json float username", JSON, b'{"username": 1.0, "password": 1e400}'),
    ("json float forms", JSON, b'{"username": 1e16, "password": 0.00001}'),
    ("json float 1e-7", JSON, b'{"username": 1.5E-7, "password": 123456789012345678}'),
    ("json padded username", JSON, j({"username": "  alice  ", "password": "pw-alice"})),
    ("json non-ASCII", JSON, j({"username": "zoë-北京", "password": "pw-ü"})),
    ("json raw UTF-8", JSON, '{"username": "zoë-北京", "password": "pw-ü"}'.encode()),
    ("json NUL", JSON, b'{"username": "a\\u0000b", "password": "x\\u0000"}'),
    ("json lone surrogate", JSON, b'{"username": "a\\ud800b", "password": "\\udfff"}'),
    ("json NUL and surrogate", JSON, b'{"username": "pw", "password": "\\u0000\\ud83d"}'),
    ("json surrogate pair", JSON, b'{"username": "\\ud83d\\ude00", "password": "x"}'),
    ("json duplicate keys", JSON, b'{"username": "x", "username": "alice", "password": "pw-alice"}'),
    ("json key escapes", JSON, b'{"user\\u006eame": "alice", "password": "pw-alice"}'),
    ("json extra keys", JSON, b'{"a": [1, {"b": null}], "username": "alice", "password": "pw-alice"}'),
    ("json list top", JSON, b"[1, 2]"),
    ("json string top", JSON, b'"alice"'),
    ("json int top", JSON, b"42"),
    ("json float top", JSON, b"4.5"),
    ("json bool top", JSON, b"true"),
    ("json null top", JSON, b"null"),
    ("json whitespace around", JSON, b' \r\n\t{"username": "alice", "password": "pw-alice"}\n'),
    # JSON parse errors
    ("json empty-ish", JSON, b" "),
    ("json garbage", JSON, b"username=alice"),
    ("json truncated", JSON, b'{"username": "alice", "password": '),
    ("json trailing comma", JSON, b'{"username": "alice",}'),
    ("json array trailing comma", JSON, b"[1,]"),
    ("json missing colon", JSON, b'{"username" "alice"}'),
    ("json missing comma", JSON, b'{"username": "a" "password": "b"}'),
    ("json single quotes", JSON, b"{'username': 'alice'}"),
    ("json extra data", JSON, b'{"username": "alice"} {}'),
    ("json unterminated string", JSON, b'{"username": "alice'),
    ("json control char", JSON, b'{"username": "al\nice"}'),
    ("json bad escape", JSON, b'{"username": "\\x41"}'),
    ("json bad unicode escape", JSON, b'{"username": "\\u12G4"}'),
    ("json short unicode escape", JSON, b'{"username": "\\u123"}'),
    ("json bad low surrogate", JSON, b'{"username": "\\ud800\\uZZ00", "p": 1}'),
    ("json NaN", JSON, b'{"username": NaN}'),
    ("json Infinity", JSON, b'{"username": [Infinity]}'),
    ("json -Infinity", JSON, b'{"username": -Infinity}'),
    ("json leading zero", JSON, b'{"username": 012}'),
    ("json lone minus", JSON, b'{"username": -}'),
    ("json 1e", JSON, b'{"username": 1e}'),
    ("json 1.", JSON, b'{"username": 1.}'),
    ("json huge int", JSON, b'{"username": ' + b"9" * 4301 + b"}"),
    ("json int at limit", JSON, b'{"username": ' + b"9" * 4300 + b', "password": "x"}'),
    ("json multiline error", JSON, b'{\n  "username": "alice",\n  "password": \n}'),
    ("json BOM", JSON, b'\xef\xbb\xbf{"username": "alice", "password": "pw-alice"}'),
    ("json invalid UTF-8", JSON, b'{"username": "\xff"}'),
    ("json bad continuation", JSON, b'{"username": "\xc3("}'),
    ("json bad 3-byte", JSON, b'{"username": "\xe2\x82("}'),
    ("json bad 4-byte", JSON, b'{"username": "\xf0\x9f\x98("}'),
    ("json surrogate bytes", JSON, b'{"username": "\xed\xa0\x80"}'),
    ("json overlong", JSON, b'{"username": "\xc0\xaf"}'),
    ("json truncated UTF-8 at end", JSON, b'{"username": "alice", "password": "pw-alice"}\xe2\x82'),
    ("json non-ASCII positions", JSON, '{"username": "北京", "password": x}'.encode()),
    ("json deep but fine", JSON, b'{"username": ' + b"[" * 200 + b"]" * 200 + b"}"),
    ("json at the nesting bound (500 levels)", JSON, b'{"username": ' + b"[" * 499 + b"]" * 499 + b"}"),
    # content types
    ("json charset", b"application/json; charset=utf-8", j({"username": "alice", "password": "pw-alice"})),
    ("json upper case type", b"APPLICATION/JSON", j({"username": "alice", "password": "pw-alice"})),
    ("json type with spaces", b"  application/json  ;x=1", j({"username": "alice", "password": "pw-alice"})),
    ("wildcard type picks form", b"*/*", j({"username": "alice", "password": "pw-alice"})),
    ("application/* picks form", b"application/*", b"username=alice&password=pw-alice"),
    ("text/plain", b"text/plain", b"username=alice&password=pw-alice"),
    ("no content type", b"", j({"username": "alice", "password": "pw-alice"})),
    ("unsupported non-ASCII params", b"text/plain; x=\xe9", b"{}"),
    ("json+ld is not json", b"application/ld+json", b"{}"),
    ("no body, unsupported type", b"text/plain", b""),
    ("no body, json", JSON, b""),
    # urlencoded
    ("form valid", FORM, b"username=alice&password=pw-alice"),
    ("form wrong", FORM, b"username=alice&password=pw-alic"),
    ("form plus and percent", FORM, b"username=+alice+&password=pw%2Dalice"),
    ("form percent UTF-8", FORM, b"username=zo%C3%AB-%E5%8C%97%E4%BA%AC&password=pw-%C3%BC"),
    ("form raw UTF-8", FORM, "username=zoë-北京&password=pw-ü".encode()),
    ("form latin-1 fallback", FORM, b"username=zo\xeb&password=x"),
    ("form bad percent UTF-8", FORM, b"username=%FF%C3&password=%E2%82x"),
    ("form bad percent", FORM, b"username=%zz%4&password=100%"),
    ("form no equals", FORM, b"username&password=x"),
    ("form blank", FORM, b"username=&password="),
    ("form repeated, last wins", FORM, b"username=bob&username=alice&password=pw-alice"),
    ("form semicolons", FORM, b"username=alice;password=pw-alice"),
    ("form empty pieces", FORM, b"&&username=alice&&password=pw-alice&"),
    ("form NUL", FORM, b"username=a%00b&password=x"),
    ("form encoded name", FORM, b"user%6Eame=alice&pass%77ord=pw-alice"),
    ("form password spaces", FORM, b"username=spacepw&password=++pw+with+spaces++"),
    ("form numeric", FORM, b"username=123&password=456"),
    ("form inactive", FORM, b"username=carol&password=pw-carol"),
    ("form only junk", FORM, b"a=b"),
    # multipart
    ("multipart valid", MP, multipart(("username", b"alice"), ("password", b"pw-alice"))),
    ("multipart wrong", MP, multipart(("username", b"alice"), ("password", b"x"))),
    ("multipart missing password", MP, multipart(("username", b"alice"))),
    ("multipart blank", MP, multipart(("username", b""), ("password", b""))),
    ("multipart non-ASCII", MP, multipart(("username", "zoë-北京".encode()), ("password", "pw-ü".encode()))),
    ("multipart invalid UTF-8", MP, multipart(("username", b"\xff\xfe"), ("password", b"x"))),
    ("multipart file username", MP, multipart(("username", b"alice", "a.txt"), ("password", b"pw-alice"))),
    ("multipart field then file", MP, multipart(("username", b"alice"), ("username", b"x", "f.txt"), ("password", b"pw"))),
    ("multipart empty filename", MP, multipart(("username", b"alice", ""), ("password", b"pw-alice"))),
    ("multipart dot filename", MP, multipart(("username", b"alice", "dir/.."), ("password", b"pw-alice"))),
    ("multipart no final boundary", MP, multipart(("username", b"alice"), ("password", b"pw-alice"), end=False)),
    ("multipart garbage", MP, b"not multipart at all"),
    ("multipart no boundary param", b"multipart/form-data", multipart(("username", b"alice"))),
    ("multipart bad boundary", b"multipart/form-data; boundary=a b ", b"x"),
    ("multipart long boundary", b"multipart/form-data; boundary=" + b"b" * 202, b"x"),
    ("multipart quoted boundary", b'multipart/form-data; boundary="' + B.encode() + b'"',
     multipart(("username", b"alice"), ("password", b"pw-alice"))),
    ("multipart upper case type", b"Multipart/Form-Data; boundary=" + B.encode(),
     multipart(("username", b"alice"), ("password", b"pw-alice"))),
    ("multipart non-ASCII type", b"multipart/form-data; boundary=" + B.encode() + b"; x=\xe9",
     multipart(("username", b"alice"), ("password", b"pw-alice"))),
    ("multipart LF only", MP, multipart(("username", b"alice"), ("password", b"pw-alice")).replace(b"\r\n", b"\n")),
    ("multipart RFC 2231 name", MP,
     b"--" + B.encode() + b"\r\nContent-Disposition: form-data; name*=UTF-8''user%6Eame\r\n\r\nalice\r\n"
     + multipart(("password", b"pw-alice"))),
    ("multipart header case", MP,
     b"--" + B.encode() + b"\r\ncontent-DISPOSITION: form-data; NAME=\"username\"\r\nContent-Type: text/plain\r\n\r\nalice\r\n"
     + multipart(("password", b"pw-alice"))),
    ("multipart no disposition", MP,
     b"--" + B.encode() + b"\r\nContent-Type: text/plain\r\n\r\nalice\r\n" + multipart(("password", b"pw-alice"))),
    ("multipart quoted semicolon", MP,
     b"--" + B.encode() + b"\r\nContent-Disposition: form-data; x=\"a;b\"; name=\"username\"\r\n\r\nalice\r\n"
     + multipart(("password", b"pw-alice"))),
    ("multipart escaped quote", MP,
     b"--" + B.encode() + b"\r\nContent-Disposition: form-data; name=\"user\\\"name\"\r\n\r\nalice\r\n"
     + multipart(("password", b"pw-alice"))),
    ("multipart spaces in name", MP,
     b"--" + B.encode() + b"\r\nContent-Disposition: form-data; name=\" username \"\r\n\r\nalice\r\n"
     + multipart(("password", b"pw-alice"))),
    ("multipart value with CRLF", MP, multipart(("username", b"alice\r\n"), ("password", b"pw-alice"))),
    ("multipart preamble", MP, b"preamble\r\n" + multipart(("username", b"alice"), ("password", b"pw-alice"))),
    ("multipart long header", MP,
     b"--" + B.encode() + b"\r\nX-Pad: " + b"p" * 1100 + b"\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n"
     + multipart(("password", b"pw-alice"))),
]


def main():
    path = os.path.join(project.tmpdir(), "django.sqlite3")
    project.setup(path)
    from django.contrib.auth.models import User
    from django.test import Client
    from rest_framework.authtoken.models import Token

    User.objects.create_user("alice", password="pw-alice")
    Token.objects.create(user=User.objects.get(username="alice"))
    User.objects.create_user("bob", password="pw-bob")
    User.objects.create_user("carol", password="pw-carol", is_active=False)
    User.objects.create_user("zoë-北京", password="pw-ü")
    User.objects.create_user("spacepw", password="  pw with spaces  ")
    User.objects.create_user("123", password="456")
    db = project.ext_connect(path)
    client = Client()

    for name, ctype, body in CASES:
        got = db.execute("SELECT token_obtain_request(?, ?)", (ctype, body)).fetchone()[0]
        r = client.generic("POST", "/api-token-auth/", body, content_type=ctype.decode("latin-1"))
        want = b'{"status":%d,"body":%s}' % (r.status_code, r.content)
        check("request: %s: DRF's status and body" % name, got.encode() == want,
              "\n   DRF:       %r\n   extension: %r" % (want[:300], got.encode()[:300]))
        split = db.execute("SELECT r->>'status', r->'body' FROM (SELECT ? AS r)", (got,)).fetchone()
        check("request: %s: ->>'status' and ->'body' give DRF's status and bytes" % name,
              split[0] == r.status_code and split[1].encode() == r.content, repr(split))

    # the SQL-level contract
    check("request: 60+ requests compared", len(CASES) >= 60, str(len(CASES)))
    check("request: an INTEGER content type is an error",
          error_of(db, "SELECT token_obtain_request(1, '{}')")
          == "token_obtain_request: content_type must be TEXT, BLOB or NULL")
    check("request: a REAL body is an error",
          error_of(db, "SELECT token_obtain_request('application/json', 1.5)")
          == "token_obtain_request: body must be TEXT, BLOB or NULL")
    deep = b"[" * 600 + b"]" * 600
    check("request: nesting beyond 500 is an error (DRF: RecursionError, a 500)",
          error_of(db, "SELECT token_obtain_request('application/json', ?)", (b'{"username":' + deep + b"}",))
          == "token_obtain_request: JSON nested deeper than 500 levels")
    check("request: NULL body is no body",
          db.execute("SELECT token_obtain_request(NULL, NULL)").fetchone()[0]
          == '{"status":400,"body":{"username":["This field is required."],"password":["This field is required."]}}')
    finish()


main()
