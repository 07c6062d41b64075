"""Both sides of a comparison: DRF's answer over Django's test client, and the answer the
extension's SQL functions imply for the same input, as (status, body bytes, WWW-Authenticate)."""
import json

NOT_PROVIDED = "Authentication credentials were not provided."


def drf_json(obj):
    """Bytes as DRF's JSONRenderer writes obj (compact, UTF-8, ensure_ascii off)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def drf_protected(client, header, path="/protected/"):
    """GET path with the Authorization header given as its wire bytes (None: no header).
    Returns (status, body, WWW-Authenticate or None)."""
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header.decode("latin-1")}
    r = client.get(path, **extra)
    return r.status_code, r.content, r.get("WWW-Authenticate")


def ext_protected(db, header, keyword="Token"):
    """The same triple as a web handler built on token_user/token_auth_error would answer."""
    if header is None:
        user, err = db.execute("SELECT token_user(NULL), token_auth_error(NULL)").fetchone()
    else:
        user, err = db.execute("SELECT token_user(CAST(?1 AS TEXT)), token_auth_error(CAST(?1 AS TEXT))",
                               (header,)).fetchone()
    if user is not None and err is not None:
        return ("both", user, err)
    if user is not None:
        return 200, drf_json({"user_id": user}), None
    return 401, drf_json({"detail": err if err is not None else NOT_PROVIDED}), keyword


def drf_obtain(client, data, kind):
    """POST /api-token-auth/ with data (a dict; a missing key is a field not sent) as
    kind = 'multipart' | 'urlencoded' | 'json'. Returns (status, body bytes)."""
    from urllib.parse import urlencode
    if kind == "multipart":
        r = client.post("/api-token-auth/", data)
    elif kind == "urlencoded":
        r = client.post("/api-token-auth/", urlencode(data), content_type="application/x-www-form-urlencoded")
    else:
        r = client.post("/api-token-auth/", json.dumps(data), content_type="application/json")
    return r.status_code, r.content
