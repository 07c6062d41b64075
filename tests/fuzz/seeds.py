#!/usr/bin/python3
"""seeds.py OUTDIR: writes the fuzzers' seed corpora into OUTDIR/{header,password,sql}.

header: every header_hex of tests/oracle/drf/public-corpus.json (DRF's recorded cases),
prefixed with the keyword selector byte fuzz_header.c expects (0 = "Token").
password: Django-format hashes with small work factors (pbkdf2_sha256/sha1 made here with
hashlib, argon2 and bcrypt when python3-argon2 / python3-bcrypt are installed), the
fixture's unusable "!..." hashes, and malformed variants; each preceded by the split byte.
sql: a few short programs for fuzz_sql.c.
body: request bodies for fuzz_body.c (selector byte: 0 JSON, 1 urlencoded, 2 multipart).
knox: every token of tests/oracle/knox/knox-facts.json, with and without a checksum tail
(CRC-32 via zlib, base62), and malformed UTF-8, for fuzz_knox.c.
Generated at build time into dist/ so the repository holds no thousand-file corpus.
"""
import base64
import hashlib
import json
import os
import sqlite3
import sys
import zlib

OUT = sys.argv[1]
ORACLE = os.path.join(os.environ.get("AUTHTOKEN_ORACLE") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "oracle"), "drf")


def write(kind, name, data):
    d = os.path.join(OUT, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def header_seeds():
    with open(os.path.join(ORACLE, "public-corpus.json")) as f:
        corpus = json.load(f)
    for i, case in enumerate(corpus["cases"]):
        h = bytes.fromhex(case["header_hex"])
        if len(h) <= 4096:
            write("header", "oracle-%04d" % i, b"\x00" + h)


def pbkdf2(alg, pw, salt, it):
    digest = hashlib.pbkdf2_hmac(alg[7:], pw, salt.encode(), it)
    return "%s$%d$%s$%s" % (alg, it, salt, base64.b64encode(digest).decode())


def password_seeds():
    hashes = [pbkdf2("pbkdf2_sha256", b"secret", "abcdefgh", 100),
              pbkdf2("pbkdf2_sha1", b"secret", "saltsalt", 50),
              "pbkdf2_sha256$1000000$x$" + "A" * 44, "pbkdf2_sha256$0$s$", "pbkdf2_sha256$$$",
              "argon2$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$" + "A" * 22,
              "bcrypt_sha256$$2b$04$" + "a" * 53, "bcrypt$$2b$04$" + "a" * 53, "!", "", "$$$$"]
    try:
        import argon2
        ph = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        hashes.append("argon2" + ph.hash("secret"))
    except Exception:
        pass
    try:
        import bcrypt
        hashes.append("bcrypt$" + bcrypt.hashpw(b"secret", bcrypt.gensalt(4)).decode())
        sha = hashlib.sha256(b"secret").hexdigest().encode()
        hashes.append("bcrypt_sha256$" + bcrypt.hashpw(sha, bcrypt.gensalt(4)).decode())
    except Exception:
        pass
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(ORACLE, "django-fixture.sqlite3"),
                         uri=True)
    hashes += [r[0] for r in db.execute("SELECT password FROM auth_user")]
    for i, h in enumerate(hashes):
        write("password", "hash-%02d" % i, bytes([6]) + b"secret" + h.encode())


def sql_seeds():
    programs = [b"\x00\x04\x28Token 0123456789abcdef0123456789abcdef01234567",
                b"\x02\x02\x01\x03\x02\x02\x80\x00\x04\x05Token",
                b"\x81\x06\x00\x01\x84\x85\x08\x04\x03bob\x0a\x04\x03abc",
                b"\x08\x04\x02zz\x09\x02\x04\x04\x02\x02\x0b"]
    for i, p in enumerate(programs):
        write("sql", "prog-%d" % i, p)


def body_seeds():
    seeds = [
        b"\x00" + b'{"username": "ada", "password": "pw", "x": [1, 2.5e3, -0, true, null, {"a": "\\ud800\\u00e9"}]}',
        b"\x00" + b'{"username": 1e400, "password": "\xc3\xa9\xe2\x82"}',
        b"\x00" + b'[{"a":"\\u12"}, NaN]',
        b"\x01" + b"username=ada&password=pw%C3%A9+x&a&=b&user%6Eame=%FF",
        b"\x01" + b"username=zo\xeb;x=1",
        b"\x02" + b'multipart/form-data; boundary="XyZ"; name*=utf-8\'\'a%41\n--XyZ\r\n'
        b'Content-Disposition: form-data; name="username"\r\n\r\nada\r\n--XyZ\r\n'
        b'Content-Disposition: form-data; name="password"; filename="a/b.txt"\r\n\r\npw\r\n--XyZ--\r\n',
        b"\x02" + b"multipart/form-data\nx",
    ]
    for i, s in enumerate(seeds):
        write("body", "seed-%02d" % i, s)


def base62_tail(body):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    v, tail = zlib.crc32(body), ""
    for _ in range(6):
        v, d = divmod(v, 62)
        tail = alphabet[d] + tail
    return tail.encode()


def knox_seeds():
    with open(os.path.join(ORACLE, "..", "knox", "knox-facts.json")) as f:
        facts = json.load(f)
    seeds = [t["token"].encode() for t in facts["tokens"]]
    seeds += [s + base62_tail(s) for s in seeds[:8]]
    seeds += [b"cl\xc3\xa9\xe2\x98\x83_", b"corp_2024_", b"\xa0", b"ab\xed\xa0\x80cd", b"\xf4\x90\x80\x80"]
    for i, s in enumerate(seeds):
        write("knox", "seed-%02d" % i, s)


header_seeds()
body_seeds()
knox_seeds()
password_seeds()
sql_seeds()
