"""Executed documentation: every SQL example in README.md runs against dist/authtoken and its
shown output is compared, so the README cannot drift (issue 12, item 5).

The conventions (README.md, section "Tests", says the same):
  1. Transcripts: a fenced block whose lines start with `sqlite> ` runs, command by command,
     in one interactive sqlite3 shell on a fresh database; the lines after each command are
     its expected output (errors as the interactive shell prints them), compared exactly.
  2. ```sql blocks run statement by statement in one interactive sqlite3 shell on a fresh
     database (`<!-- docs: on tests/docs/NAME.sql -->` before the block: on a database that
     script made first). Every statement that prints must show its output at the start of
     its comment (`SELECT token_auth_error('Token nope');  -- Invalid token.`, prose may
     follow), on its last line or on a comment line right after it. A block marked
     `<!-- docs: fixture -->` is, in addition, the database the inline examples of its
     section start from.
  3. Inline examples: in a list item, `` `SELECT ...` → `result` ``, `→ NULL`, or
     `→ error `message`` (a bare `` `token_x(...)` `` is run as a SELECT): each list item runs
     its examples in order, in one connection, on a fresh copy of the section's fixture (or
     an empty database), comparing the value (or the exact error message).
  4. A fenced block marked `<!-- docs: output of shell-examples/NAME.sql -->` must equal
     tests/shell-examples/NAME.expected (which make test compares with the script's output).
Random values are matched by shape: a 40-character lowercase hex word in expected output
matches any such word, and from then on the README's word stands for the real one in the
commands that follow (so `SELECT token_user('Token 3cf3...')` uses the key just shown).
Prints PASS/FAIL per example. Run with Debian's /usr/bin/python3.
"""
import os
import re
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "python"))
from harness import EXT, check, finish  # noqa: E402

README = os.environ.get("AUTHTOKEN_README", os.path.join(ROOT, "README.md"))
KEY = re.compile(r"\b[0-9a-f]{40}\b")
INLINE = re.compile(r"`((?:SELECT |token_\w+\(|authtoken_\w+\()[^`]*)`\s*→\s*(?:error\s+`([^`]*)`|`([^`]*)`|(NULL)\b)")
CANDIDATE = re.compile(r"`(?:SELECT |token_\w+\(|authtoken_\w+\()[^`]*`\s*→\s*(?:error\s+)?(?:`|NULL)")
TMP = tempfile.mkdtemp(prefix="docs-", dir=os.path.join(ROOT, "tests", "tmp")) \
    if os.path.isdir(os.path.join(ROOT, "tests", "tmp")) else tempfile.mkdtemp(prefix="authtoken-docs-")


def blocks(text):
    """Fenced blocks: (line number, info string, body, marker comment before it, section)."""
    out, lines, i, section, marker = [], text.split("\n"), 0, "", None
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:]
        m = re.match(r"<!-- docs: (.*?) -->", line)
        if m:
            marker = m.group(1)
        if line.startswith("```"):
            info, start, body = line[3:].strip(), i + 1, []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append((start, info, "\n".join(body), marker, section))
            marker = None
        elif line.strip() and not m:
            marker = None if not line.startswith("<!--") else marker
        i += 1
    return out


class Keys:
    """README's shown random words -> the real ones, per session."""
    def __init__(self):
        self.map = {}

    def command(self, text):
        for shown, real in self.map.items():
            text = text.replace(shown, real)
        return text

    def same(self, expected, actual):
        """expected (from the README) matches actual, keys by shape; learns the keys."""
        exp_words, act_words = KEY.findall(expected), KEY.findall(actual)
        if KEY.sub("<key>", expected) != KEY.sub("<key>", actual) or len(exp_words) != len(act_words):
            return False
        for shown, real in zip(exp_words, act_words):
            if self.map.setdefault(shown, real) != real:
                return False
        return True


def shell(db, script):
    r = subprocess.run(["sqlite3", "-batch", db], input=script, capture_output=True, text=True,
                       cwd=ROOT, timeout=60)
    return r.stdout, r.stderr


class Session:
    """An interactive sqlite3 shell (-interactive, as a person types into it): each command
    is sent after the prompt, and its output read up to the next prompt."""
    PROMPT = b"sqlite> "

    def __init__(self, db):
        self.p = subprocess.Popen(["stdbuf", "-o0", "-e0", "sqlite3", "-interactive", db], cwd=ROOT,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.read()   # the banner

    def read(self):
        out = b""
        while not out.endswith(self.PROMPT):
            ready, _, _ = select.select([self.p.stdout], [], [], 30)
            chunk = os.read(self.p.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                raise RuntimeError("sqlite3 stopped answering after %r" % out[-200:])
            out += chunk
        return out[:-len(self.PROMPT)].decode("utf-8", "replace")

    def run(self, command):
        self.p.stdin.write(command.encode() + b"\n")
        self.p.stdin.flush()
        out = self.read()
        return out.split("\n", 1)[1] if "\n" in out else ""   # drop the echoed command

    def close(self):
        self.p.stdin.close()
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def run_transcript(lineno, body):
    """The `sqlite> ` commands, in one interactive session on a fresh database."""
    steps, current = [], None
    for line in body.split("\n"):
        if line.startswith("sqlite> "):
            current = [line[8:], []]
            steps.append(current)
        elif current is not None:
            current[1].append(line)
    db = os.path.join(TMP, "transcript-%d.db" % lineno)
    if os.path.exists(db):
        os.remove(db)
    keys, session = Keys(), Session(db)
    try:
        for command, expected in steps:
            got = session.run(keys.command(command)).rstrip("\n")
            want = "\n".join(expected).rstrip("\n")
            check("docs: README line %d: sqlite> %s" % (lineno, command[:70]), keys.same(want, got),
                  "\n   README: %r\n   actual: %r" % (want, got))
    finally:
        session.close()


def statements(body):
    """A ```sql block as (command, shown output or None): a statement ends with ';' (a dot
    command is one line); its shown output is the comment that ends its last line, or a
    comment-only line right after it."""
    out, current = [], []
    lines = body.split("\n")
    for i, line in enumerate(lines):
        code, _, comment = line.partition("--") if not line.lstrip().startswith("--") else ("", "", line.lstrip()[2:])
        if not code.strip():
            if comment and out and out[-1][1] is None and not current:
                out[-1][1] = comment.strip()
            continue
        current.append(code.strip())
        if code.strip().startswith(".") or code.rstrip().endswith(";"):
            out.append([" ".join(current), comment.strip() if comment else None])
            current = []
    return out


def shows(comment, got, keys):
    """The comment begins with the output (keys by shape), prose may follow it."""
    if comment is None:
        return False
    head = comment[:len(got)]
    rest = comment[len(got):]
    return keys.same(head, got) and (not rest or not rest[0].isalnum())


def run_sql_block(lineno, body, db, setup=None):
    """Statement by statement in one interactive shell: no errors, and every statement that
    prints shows its output in its comment."""
    if os.path.exists(db):
        os.remove(db)
    keys, session = Keys(), Session(db)
    try:
        if setup:
            out = session.run(".read " + setup)
            check("docs: README line %d: its setup %s runs" % (lineno, setup), not out, out)
        for command, comment in statements(body):
            got = session.run(keys.command(command)).rstrip("\n")
            ok = shows(comment, got, keys) if got else True
            check("docs: README line %d: %s" % (lineno, command[:70]), ok,
                  "\n   README: %r\n   actual: %r" % (comment, got))
    finally:
        session.close()


def connect(fixture):
    db_path = os.path.join(TMP, "inline.db")
    if os.path.exists(db_path):
        os.remove(db_path)
    if fixture:
        shutil.copy(fixture, db_path)
    db = sqlite3.connect(db_path, isolation_level=None)
    db.enable_load_extension(True)
    db.load_extension(EXT)
    return db


def run_inline(lineno, item, fixture):
    db, keys = connect(fixture), Keys()
    try:
        for m in INLINE.finditer(item):
            sql, error, value, null = m.groups()
            if not sql.startswith("SELECT "):
                sql = "SELECT " + sql
            try:
                row = db.execute(keys.command(sql)).fetchone()
                got, got_error = (None if row is None else row[0]), None
            except sqlite3.Error as e:
                got, got_error = None, str(e)
            if error is not None:
                ok, want, have = got_error == error, "error " + error, got_error or repr(got)
            elif null:
                ok, want, have = got_error is None and got is None, "NULL", got_error or repr(got)
            else:
                have = got_error or ("NULL" if got is None else str(got))
                ok, want = got_error is None and got is not None and keys.same(value, str(got)), value
            check("docs: README line %d: %s" % (lineno, sql[:80]), ok, "\n   README: %s\n   actual: %s" % (want, have))
    finally:
        db.close()


def list_items(text):
    """(line number, text) of each list item ("- " at the line start, continued lines)."""
    items, lines, in_fence = [], text.split("\n"), False
    for n, line in enumerate(lines, 1):
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if line.startswith("- "):
            items.append([n, line])
        elif items and line.startswith("  ") and line.strip():
            items[-1][1] += " " + line.strip()
        elif not line.strip() or not line.startswith("  "):
            if items and items[-1][0] != -1:
                items.append([-1, ""])
    return [(n, t) for n, t in items if n != -1]


def main():
    text = open(README, encoding="utf-8").read()
    fixtures, found = {}, 0
    bl = blocks(text)
    for idx, (lineno, info, body, marker, section) in enumerate(bl):
        nxt = bl[idx + 1] if idx + 1 < len(bl) else None
        if marker and marker.startswith("output of shell-examples/"):
            name = marker[len("output of shell-examples/"):]
            path = os.path.join(ROOT, "tests", "shell-examples", name.replace(".sql", ".expected"))
            want = open(path).read().rstrip("\n") if os.path.exists(path) else None
            check("docs: README line %d is the output of shell-examples/%s" % (lineno, name),
                  want == body.rstrip("\n"), "README %r\nexpected %r" % (body, want))
            found += 1
        elif any(line.startswith("sqlite> ") for line in body.split("\n")):
            run_transcript(lineno, body)
            found += 1
        elif info == "sql":
            db = os.path.join(TMP, "block-%d.db" % lineno)
            setup = marker[3:] if marker and marker.startswith("on ") else None
            if marker == "fixture":
                fixtures[section] = db
            run_sql_block(lineno, body, db, setup)
            found += 1
    section_at, section = {}, ""
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("## "):
            section = line[3:]
        section_at[n] = section
    inline = 0
    for n, item in list_items(text):
        candidates = len(CANDIDATE.findall(item))
        parsed = len(INLINE.findall(item))
        if candidates:
            check("docs: README line %d: every `SELECT ...` → example parses" % n, candidates == parsed,
                  "%d examples, %d with a result in a known form: %s" % (candidates, parsed, item[:200]))
        if parsed:
            run_inline(n, item, fixtures.get(section_at[n]))
            inline += parsed
    check("docs: the README has executable examples (%d blocks, %d inline)" % (found, inline),
          found >= 3 and inline >= 10)
    finish()


main()
