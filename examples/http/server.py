#!/usr/bin/python3
"""DRF's token endpoints served by Python's standard library and the authtoken extension.

    /usr/bin/python3 examples/http/server.py --db app.sqlite3 --port 8001 [--ext dist/authtoken]

  POST /api-token-auth/  username + password (form, multipart or JSON) -> {"token": "..."}
  GET  /me               Authorization: Token <key> -> {"id": 1, "username": "ada"}
  POST /logout           deletes the token that authenticated the request -> 204

Every answer (status, JSON body, WWW-Authenticate and Allow headers) is the one Django REST
Framework gives: the extension's SQL functions decide, the handler only moves bytes. The
database is Django's (auth_user + authtoken_token) or one made with token_install('auth_user').
Use Debian's /usr/bin/python3 (its sqlite3 module can load extensions). Loopback only by default.
"""
import argparse
import http.server
import json
import os
import sqlite3
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_EXT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "dist", "authtoken")

NOT_FOUND = (b'\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n'
             b'<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.'
             b'</p>\n</body>\n</html>\n')
NOT_PROVIDED = "Authentication credentials were not provided."
MAX_BODY = 10 << 20   # beyond DRF, which has no limit for JSON: a larger body is a 413
# path -> (allowed methods as DRF lists them, does the view need an authenticated user)
ROUTES = {"/api-token-auth/": ("POST, OPTIONS", False),
          "/me": ("GET, HEAD, OPTIONS", True),
          "/logout": ("POST, OPTIONS", True)}

# The whole decision for a protected request, in one statement.
AUTH_SQL = """SELECT a.uid, CASE WHEN a.uid IS NULL THEN token_auth_error(?1) END
                FROM (SELECT token_user(?1) AS uid) AS a"""
ME_SQL = "SELECT json_object('id', id, 'username', username) FROM auth_user WHERE id = ?"
OBTAIN_SQL = "SELECT r->>'status', r->'body' FROM (SELECT token_obtain_request(?, ?) AS r)"


def drf_json(obj):
    """Bytes as DRF's JSONRenderer writes them."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed ACK
    server_version = "authtoken-example"

    def log_message(self, *args):   # quiet; a real service would log
        pass

    def db(self):
        """This thread's connection: the extension loaded, foreign keys on, as Django has it."""
        local = self.server.local
        if not hasattr(local, "db"):
            db = sqlite3.connect(self.server.db_path, isolation_level=None, timeout=10,
                                 check_same_thread=False)
            db.execute("PRAGMA foreign_keys = ON")
            db.enable_load_extension(True)
            db.load_extension(self.server.ext)
            db.enable_load_extension(False)
            local.db = db
        return local.db

    def send(self, status, body, allow=None, challenge=False, ctype="application/json"):
        self.send_response(status)
        if self.request_version == "HTTP/1.0" and not self.close_connection:
            self.send_header("Connection", "keep-alive")   # ab -k speaks HTTP/1.0
        if body:
            self.send_header("Content-Type", ctype)
        if challenge:
            self.send_header("WWW-Authenticate", "Token")
        if allow:
            self.send_header("Allow", allow)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def authorization(self):
        """The Authorization header's bytes (several headers joined with ',', as WSGI
        servers join them), or None."""
        values = self.headers.get_all("Authorization")
        return None if values is None else ",".join(values).encode("latin-1")

    def body(self):
        """The body, or None when it is over MAX_BODY (not read: the connection closes)."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            self.close_connection = True
            return None
        return self.rfile.read(length) if length > 0 else b""

    def handle_any(self):
        path = self.path.split("?", 1)[0]
        body = self.body()
        if body is None:
            return self.send(413, drf_json({"detail": "Request body too large."}))
        if path not in ROUTES:
            return self.send(404, NOT_FOUND, ctype="text/html")
        allow, protected = ROUTES[path]
        header = self.authorization()
        uid, error = None, None
        if header is not None:
            uid, error = self.db().execute(AUTH_SQL, (header,)).fetchone()
        if error is not None or (protected and uid is None):
            return self.send(401, drf_json({"detail": error or NOT_PROVIDED}), allow, challenge=True)
        if self.command not in allow.split(", ") or self.command == "OPTIONS":
            return self.send(405, drf_json({"detail": 'Method "%s" not allowed.' % self.command}), allow)
        if path == "/api-token-auth/":
            ctype = self.headers.get("Content-Type")
            status, answer = self.db().execute(
                OBTAIN_SQL, (None if ctype is None else ctype.encode("latin-1"), body)).fetchone()
            return self.send(status, answer.encode("utf-8"), allow)
        if path == "/me":
            (answer,) = self.db().execute(ME_SQL, (uid,)).fetchone()
            return self.send(200, answer.encode("utf-8"), allow)
        self.db().execute("SELECT token_delete(?)", (uid,))
        return self.send(204, b"", allow)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = handle_any


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, default=8001)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--ext", default=DEFAULT_EXT)
    args = ap.parse_args()
    server = Server((args.host, args.port), Handler)
    server.db_path, server.ext, server.local = args.db, args.ext, threading.local()
    print("listening on http://%s:%d" % (args.host, args.port), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
