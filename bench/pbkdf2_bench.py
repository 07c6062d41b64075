#!/usr/bin/python3
"""pbkdf2_bench.py: our PBKDF2-HMAC-SHA256 against OpenSSL's (hashlib.pbkdf2_hmac), and
what every password hash and every login outcome costs.

Usage: /usr/bin/python3 bench/pbkdf2_bench.py <path to pbkdf2_bench binary> [rounds [ext]]

1. For 260000, 600000 and 1000000 iterations, runs interleaved rounds (ours, OpenSSL,
   ours forced portable, ours, OpenSSL, ...; 5 rounds by default), checks every key we
   derive equals OpenSSL's, and prints a Markdown table of the medians. Our time is
   measured inside the C program around the single derivation, OpenSSL's around the
   hashlib call: neither includes process start-up.
2. Password costs: one check (password_check, what token_password_check runs) of a hash
   at each Django default and at each limit of ext/pure/password.c (hashes made with hashlib,
   argon2-cffi and bcrypt), median of the rounds, timed inside the C program.
3. Login outcomes: token_obtain through Python's sqlite3 with the extension ext (default
   dist/authtoken) for a right and a wrong password, a weaker hash, an unknown, inactive
   or unusable user; rounds interleaved, medians. Every refusal should cost the same.
4. Interrupt latency: a 10,000,000-iteration check, sqlite3_interrupt() after 50 ms from
   another thread; the time from the interrupt to the error, median.
"""
import base64
import hashlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = b"correct horse battery staple"
SALT = b"Zq4mN8pW2xL6vR0tY3uB7s"
ITERATIONS = (260000, 600000, 1000000)


def ours(binary, iterations, portable=False):
    """Returns (impl name, ms, hex key) of one derivation by the C program."""
    cmd = [binary, str(iterations), "1"] + (["portable"] if portable else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split()
    return out[0], float(out[1]), out[2]


def openssl(iterations):
    """Returns (ms, hex key) of one hashlib.pbkdf2_hmac derivation."""
    t0 = time.perf_counter()
    key = hashlib.pbkdf2_hmac("sha256", PASSWORD, SALT, iterations)
    return (time.perf_counter() - t0) * 1e3, key.hex()


def measure(binary, iterations, rounds):
    """Returns (impl, median ours, median OpenSSL, median portable) in ms."""
    fast, ref, port = [], [], []
    impl = "?"
    for _ in range(rounds):
        impl, ms, key = ours(binary, iterations)
        fast.append(ms)
        ms, want = openssl(iterations)
        ref.append(ms)
        _, ms, key2 = ours(binary, iterations, portable=True)
        port.append(ms)
        if key != want or key2 != want:
            sys.exit(f"key mismatch at {iterations} iterations: {key} {key2} != {want}")
    return impl, statistics.median(fast), statistics.median(ref), statistics.median(port)


def pbkdf2_hash(alg, iterations, password="pw", salt="benchSalt00"):
    """A Django pbkdf2_<alg> hash, made with hashlib."""
    d = hashlib.pbkdf2_hmac(alg, password.encode(), salt.encode(), iterations)
    return "pbkdf2_%s$%d$%s$%s" % (alg, iterations, salt, base64.b64encode(d).decode())


def argon2_hash(t, m, p, kind="ID", password="pw"):
    """A Django argon2 hash (argon2-cffi), or None without the module."""
    try:
        from argon2 import low_level
    except ImportError:
        return None
    return "argon2" + low_level.hash_secret(password.encode(), b"benchSaltSalt", t, m, p, 16,
                                            getattr(low_level.Type, kind)).decode()


def scrypt_hash(n, r, p, password="pw", salt="benchSalt00"):
    """A Django 4.0+ scrypt hash, made with hashlib as Django's encode() does."""
    d = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=0, dklen=64)
    return "scrypt$%d$%s$%d$%d$%s" % (n, salt, r, p, base64.b64encode(d).decode())


def bcrypt_hash(rounds, password="pw"):
    """A Django bcrypt_sha256 hash, or None without the bcrypt module."""
    try:
        import bcrypt
    except ImportError:
        return None
    hexd = hashlib.sha256(password.encode()).hexdigest().encode()
    return "bcrypt_sha256$" + bcrypt.hashpw(hexd, bcrypt.gensalt(rounds)).decode()


# (algorithm, parameters, which Django writes it / which limit, password, hash maker)
COSTS = [
    ("pbkdf2_sha256", "260,000", "Django 3.2", "pw", lambda: pbkdf2_hash("sha256", 260000)),
    ("pbkdf2_sha256", "260,000, wrong password", "padded to the default", "px",
     lambda: pbkdf2_hash("sha256", 260000)),
    ("pbkdf2_sha256", "1,000,000", "Django 5.2 (our default)", "pw", lambda: pbkdf2_hash("sha256", 1000000)),
    ("pbkdf2_sha256", "1,200,000", "Django 6.0", "pw", lambda: pbkdf2_hash("sha256", 1200000)),
    ("pbkdf2_sha256", "10,000,000", "limit", "pw", lambda: pbkdf2_hash("sha256", 10000000)),
    ("pbkdf2_sha1", "1,000,000", "Django 5.2 (if listed first)", "pw", lambda: pbkdf2_hash("sha1", 1000000)),
    ("pbkdf2_sha1", "2,500,000", "limit", "pw", lambda: pbkdf2_hash("sha1", 2500000)),
    ("argon2i", "m=512, t=2, p=2", "Django 1.10-3.1", "pw", lambda: argon2_hash(2, 512, 2, "I")),
    ("argon2id", "m=102400, t=2, p=8", "Django 3.2-6.0", "pw", lambda: argon2_hash(2, 102400, 8)),
    ("argon2id", "m=262144, t=4, p=16", "limit (256 MiB)", "pw", lambda: argon2_hash(4, 262144, 16)),
    ("scrypt", "N=2^14, r=8, p=1", "Django 4.0-6.0", "pw", lambda: scrypt_hash(16384, 8, 1)),
    ("scrypt", "N=2^14, r=8, p=8", "limit (N*r*p = 2^20; 32 MiB)", "pw", lambda: scrypt_hash(16384, 8, 8)),
    ("bcrypt_sha256", "cost 12", "Django 1.x-6.0", "pw", lambda: bcrypt_hash(12)),
    ("bcrypt_sha256", "cost 13", "limit", "pw", lambda: bcrypt_hash(13)),
    ("any", "one step over a limit", "refused, no work", "pw", lambda: pbkdf2_hash("sha256", 1000).replace("$1000$", "$10000001$")),
]


def password_costs(binary, rounds):
    """Prints the password-cost table: each COSTS row timed by the C program."""
    lines, rows = [], []
    for i, (alg, params, note, pw, make) in enumerate(COSTS):
        enc = make()
        if enc is None:
            continue
        lines.append("%d\t%s\t%s" % (i, pw, enc))
        rows.append((alg, params, note))
    out = subprocess.run([binary, "check", str(rounds)], input="\n".join(lines) + "\n", check=True,
                         capture_output=True, text=True).stdout.splitlines()
    print(f"Password checks (password_check, as token_password_check runs it), median of {rounds}:")
    print()
    print("| algorithm | parameters | written by / limit | ms per check | result | PBKDF2 iterations |")
    print("|---|---|---|---:|---:|---:|")
    for (alg, params, note), line in zip(rows, out):
        _, ms, rc, it = line.split("\t")
        print(f"| {alg} | {params} | {note} | {float(ms):.1f} | {rc} | {int(it):,} |")


def login_costs(ext, rounds):
    """Prints the login-outcome table: token_obtain for each case, interleaved rounds."""
    path = os.path.join(tempfile.mkdtemp(), "bench-login.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.enable_load_extension(True)
    db.load_extension(ext)
    db.execute("CREATE TABLE auth_user (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT, is_active INT)")
    db.execute("SELECT token_install('auth_user')")
    users = [("strong", pbkdf2_hash("sha256", 1000000), 1), ("weak", pbkdf2_hash("sha256", 260000), 1),
             ("inactive", pbkdf2_hash("sha256", 1000000), 0), ("unusable", "!x", 1),
             ("hostile", pbkdf2_hash("sha256", 1000).replace("$1000$", "$10000001$"), 1)]
    db.executemany("INSERT INTO auth_user (username, password, is_active) VALUES (?, ?, ?)", users)
    cases = [("right password, 1,000,000-iteration hash (logs in)", "strong", "pw"),
             ("wrong password, 1,000,000-iteration hash", "strong", "px"),
             ("wrong password, 260,000-iteration hash (Django 3.2)", "weak", "px"),
             ("unknown user", "nobody", "pw"),
             ("inactive user, right password", "inactive", "pw"),
             ("unusable hash", "unusable", "pw"),
             ("hash over a limit", "hostile", "pw")]
    times = {c[0]: [] for c in cases}
    for _ in range(rounds):
        for label, user, pw in cases:
            t0 = time.perf_counter()
            db.execute("SELECT token_obtain(?, ?)", (user, pw)).fetchone()
            times[label].append((time.perf_counter() - t0) * 1e3)
    base = statistics.median(times[cases[1][0]])
    print()
    print(f"Logins (token_obtain from Python's sqlite3), median of {rounds} interleaved rounds:")
    print()
    print("| outcome | ms | ÷ wrong password at the default |")
    print("|---|---:|---:|")
    for label, _, _ in cases:
        ms = statistics.median(times[label])
        print(f"| {label} | {ms:.1f} | {ms / base:.2f} |")
    db.close()


def interrupt_latency(ext, rounds):
    """Prints the median time from sqlite3_interrupt() to the error of a long check."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.enable_load_extension(True)
    db.load_extension(ext)
    enc = pbkdf2_hash("sha256", 1000).replace("$1000$", "$10000000$")
    lat, stopped = [], 0
    for _ in range(rounds):
        mark = []
        timer = threading.Timer(0.05, lambda: (mark.append(time.perf_counter()), db.interrupt()))
        timer.start()
        try:
            db.execute("SELECT token_password_check('pw', ?)", (enc,)).fetchone()
        except sqlite3.OperationalError:
            stopped += 1
        end = time.perf_counter()
        timer.join()
        if mark:
            lat.append((end - mark[0]) * 1e3)
    print()
    print(f"Interrupt: a 10,000,000-iteration check, sqlite3_interrupt() after 50 ms: stopped "
          f"{stopped} of {rounds}; interrupt to error, median {statistics.median(lat):.2f} ms.")


def main():
    if len(sys.argv) not in (2, 3, 4):
        sys.exit(__doc__)
    binary = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) >= 3 else 5
    ext = sys.argv[3] if len(sys.argv) == 4 else os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "dist", "authtoken")
    rows = [(n,) + measure(binary, n, rounds) for n in ITERATIONS]
    impl = rows[0][1]
    print(f"PBKDF2-HMAC-SHA256, 32-byte key, median of {rounds} interleaved rounds; "
          f"ours = {impl}; {hashlib.sha256().name} from {getattr(__import__('ssl'), 'OPENSSL_VERSION', 'OpenSSL')}")
    print()
    print(f"| iterations | ours ({impl}) ms | OpenSSL ms | ratio (ours/OpenSSL) "
          f"| ours (portable) ms | ratio (portable/OpenSSL) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n, _, fast, ref, port in rows:
        print(f"| {n} | {fast:.1f} | {ref:.1f} | {fast / ref:.3f} | {port:.1f} | {port / ref:.3f} |")
    print()
    password_costs(binary, rounds)
    login_costs(ext, max(rounds, 7))
    interrupt_latency(ext, rounds)


if __name__ == "__main__":
    main()
