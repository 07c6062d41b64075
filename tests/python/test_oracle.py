"""DRF agreement: every case of tests/oracle/drf/public-corpus.json, run through
token_user and token_auth_error on a copy of the Django fixture, must give DRF's answer.

Headers are passed as their exact bytes, both as TEXT (bound with an explicit length) and
as BLOB. Run with Debian's /usr/bin/python3 (its sqlite3 can load extensions).
Set AUTHTOKEN_CORPUS to run another corpus of the same format (e.g. the held-out part).
"""
import filecmp
import json
import os
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, finish, EXT, ORACLE  # noqa: E402

CORPUS = os.environ.get("AUTHTOKEN_CORPUS", os.path.join(ORACLE, "drf", "public-corpus.json"))


PUBLIC_CASES = 1146


def fixture_path(corpus):
    return os.path.join(os.path.dirname(CORPUS), corpus["fixture"])


def db_path(tmp):
    return os.path.join(tmp, "fixture.sqlite3")


def open_fixture(tmp):
    corpus = json.load(open(CORPUS))
    shutil.copyfile(fixture_path(corpus), db_path(tmp))
    db = sqlite3.connect(db_path(tmp))
    db.enable_load_extension(True)
    db.load_extension(EXT)
    return corpus, db


def expected(case):
    e = case["expect"]
    user = e["user_id"] if e["outcome"] == "user" else None
    message = e["message"] if e["outcome"] == "fail" else None
    return user, message


def answer(db, header, as_blob):
    """(token_user, token_auth_error) for header bytes, None for an absent header."""
    if header is None:
        arg = None
    elif as_blob:
        arg = header
    else:
        # TEXT with the exact bytes, NULs and invalid UTF-8 kept: CAST of the blob.
        return db.execute("SELECT token_user(CAST(?1 AS TEXT)), token_auth_error(CAST(?1 AS TEXT))",
                          (header,)).fetchone()
    return db.execute("SELECT token_user(?1), token_auth_error(?1)", (arg,)).fetchone()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        corpus, db = open_fixture(tmp)
        wrong, counts = {}, {}
        for case in corpus["cases"]:
            header = None if case["absent"] else bytes.fromhex(case["header_hex"])
            want = expected(case)
            counts[case["category"]] = counts.get(case["category"], 0) + 1
            for kind in ("text", "blob"):
                got = tuple(answer(db, header, kind == "blob"))
                if got != want:
                    wrong.setdefault((case["category"], kind), []).append((case["note"], got, want))
        for category in sorted(counts):
            for kind in ("text", "blob"):
                bad = wrong.get((category, kind), [])
                detail = "; ".join("%s: got %r want %r" % w for w in bad[:3])
                check("oracle %s: %d cases as %s agree with DRF" % (category, counts[category], kind.upper()),
                      not bad, "%d disagree: %s" % (len(bad), detail))
        if "AUTHTOKEN_CORPUS" not in os.environ:
            # The recorded public set, whole (tests/oracle/drf/README.md): a truncated or
            # swapped file would make every per-category check above pass on less.
            check("oracle: the corpus is DRF 3.14's public set, all %d cases" % PUBLIC_CASES,
                  len(corpus["cases"]) == PUBLIC_CASES and corpus.get("set") == "public"
                  and corpus["versions"].get("djangorestframework") == "3.14.0",
                  "%d cases, set %r, versions %r" % (len(corpus["cases"]), corpus.get("set"),
                                                     corpus.get("versions")))
        db.close()
        # Lookups never write: the copy is still byte for byte the recorded fixture.
        check("oracle: %d lookups left the fixture database unchanged" % (2 * len(corpus["cases"])),
              filecmp.cmp(db_path(tmp), fixture_path(corpus), shallow=False))
    finish()


if __name__ == "__main__":
    main()
