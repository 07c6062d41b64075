"""Executed documentation: every SQL example in README.md runs against dist/authtoken and its
shown output is compared, so the README cannot drift (issue 12, item 5).

The conventions (README.md, section "Tests", says the same):
  1. Transcripts: a fenced block whose lines start with `sqlite> ` runs, command by command,
     in one interactive sqlite3 shell on a fresh database; the lines after each command are
     its expected output (errors as the interactive shell prints them, `Runtime error: ...`),
     compared exactly.
  2. ```sql blocks run statement by statement in one interactive sqlite3 shell on a fresh
     database (`<!-- docs: on tests/docs/NAME.sql -->` before the block: on a database that
     script made first). Every statement that prints must show its output at the start of
     its comment (`SELECT token_auth_error('Token nope');  -- Invalid token.`, prose may
     follow), on its last line or on a comment line right after it. A block marked
     `<!-- docs: fixture -->` is, in addition, the database the inline examples of its
     section start from.
  3. Inline examples: in a list item (or a paragraph, a table row), `` `SELECT ...` → `result` ``,
     `→ NULL`, or `→ error `message`` (a bare `` `token_x(...)` `` is run as a SELECT): each item runs
     its examples in order, in one connection, on a fresh copy of the section's fixture (or
     an empty database), comparing the value (or the exact error message).
  4. A fenced block marked `<!-- docs: output of shell-examples/NAME.sql -->` must equal
     tests/shell-examples/NAME.expected (which make test compares with the script's output).
  5. A block that cannot run here (it needs a live server, a cluster) is marked
     `<!-- docs: not run: <why> -->` and reported as SKIP with that reason. Blocks in another
     language (```go, ```python, ...: programs, run by tests/bindings and tests/packaging)
     are not SQL examples; every other block (```sql, or no language) must be run or marked,
     and a marker that is unknown or not followed by a block is a failure.
Random values are matched by shape: a 40-character lowercase hex word in expected output
matches any such word, and from then on the README's word stands for the real one in the
commands that follow (so `SELECT token_user('Token 3cf3...')` uses the key just shown).
Prints PASS/FAIL/SKIP per example, each naming the README line; a FAIL says what the README
shows and what the library gave, on one line. Run with Debian's /usr/bin/python3.
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
FENCE = re.compile(r"^( *)```")   # a fence, at the margin or indented in a list item
MARKER = re.compile(r"<!-- docs: (.*?) -->")
# Programs in other languages: not SQL examples (tests/bindings and tests/packaging run them).
PROGRAMS = {"sh", "go", "c", "python", "js", "ruby", "perl", "php", "tcl", "java", "rust"}
# Error messages the README names in prose that no example here can produce, and why.
NOT_PRODUCIBLE = {
    "token_obtain: interrupted": "needs sqlite3_interrupt() from another thread while it hashes",
    "token_password_check: interrupted": "needs sqlite3_interrupt() from another thread while it hashes",
    "token_rotate: database is locked": "needs a second connection holding the write lock",
}
MESSAGE = re.compile(r"`((?:token_\w+|authtoken_\w+): [^`]+)`")
PRODUCED = set()   # what the library printed or raised while the examples ran
TMP = tempfile.mkdtemp(prefix="docs-", dir=os.path.join(ROOT, "tests", "tmp")) \
    if os.path.isdir(os.path.join(ROOT, "tests", "tmp")) else tempfile.mkdtemp(prefix="authtoken-docs-")


def produced(output):
    """Remembers each line the library gave (the shell's error prefix and code taken off)."""
    for line in output.split("\n"):
        line = re.sub(r"^(?:Runtime|Parse) error(?: near line \d+)?: ", "", line)
        PRODUCED.add(re.sub(r" \(\d+\)$", "", line))


def show(text):
    """A value for a one-line FAIL message."""
    return repr(text) if text is not None else "nothing"


def blocks(text):
    """Fenced blocks: (line number of the fence, info string, body, marker before it, section),
    and the markers that no block follows: (line number, marker)."""
    out, dangling, lines, i, section, marker = [], [], text.split("\n"), 0, "", None
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:]
        m = MARKER.match(line)
        if m:
            if marker:
                dangling.append(marker)
            marker = (i + 1, m.group(1))
        elif FENCE.match(line):
            indent = len(FENCE.match(line).group(1))
            info, start, body = line.strip()[3:].strip(), i + 1, []
            i += 1
            while i < len(lines) and not FENCE.match(lines[i]):
                body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
                i += 1
            out.append((start, info, "\n".join(body), marker[1] if marker else None, section))
            marker = None
        elif line.strip() and marker:
            dangling.append(marker)
            marker = None
        i += 1
    if marker:
        dangling.append(marker)
    return out, dangling


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
        # drop the echoed command (a command of several lines echoes "   ...> " prompts too)
        out = out.split("\n", 1)[1] if "\n" in out else ""
        while out.startswith("   ...> "):
            out = out.split("\n", 1)[1] if "\n" in out else ""
        return out

    def close(self):
        self.p.stdin.close()
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def run_transcript(fence, body):
    """The `sqlite> ` commands, in one interactive session on a fresh database."""
    steps, current = [], None
    for n, line in enumerate(body.split("\n"), fence + 1):
        if line.startswith("sqlite> "):
            current = [n, line[8:], []]
            steps.append(current)
        elif current is not None:
            current[2].append(line)
    db = os.path.join(TMP, "transcript-%d.db" % fence)
    if os.path.exists(db):
        os.remove(db)
    keys, session = Keys(), Session(db)
    try:
        for n, command, expected in steps:
            got = session.run(keys.command(command)).rstrip("\n")
            produced(got)
            want = "\n".join(expected).rstrip("\n")
            check("docs: README line %d: sqlite> %s" % (n, command[:70]), keys.same(want, got),
                  "the transcript (fence at line %d) shows %s, sqlite3 printed %s"
                  % (fence, show(want), show(got)))
    finally:
        session.close()


def statements(body, first):
    """A ```sql block as [line, command, shown output or None]: a statement ends with ';' (a
    dot command is one line); its shown output is the comment that ends its last line, or a
    comment-only line right after it."""
    out, current = [], []
    for n, line in enumerate(body.split("\n"), first):
        code, _, comment = line.partition("--") if not line.lstrip().startswith("--") else ("", "", line.lstrip()[2:])
        if not code.strip():
            if comment and out and out[-1][2] is None and not current:
                out[-1][2] = comment.strip()
            continue
        if not current:
            start = n
        current.append(code.strip())
        if code.strip().startswith(".") or code.rstrip().endswith(";"):
            out.append([start, " ".join(current), comment.strip() if comment else None])
            current = []
    if current:
        out.append([start, " ".join(current), None])
    return out


def shows(comment, got, keys):
    """The comment begins with the output (keys by shape), prose may follow it."""
    if comment is None:
        return False
    head = comment[:len(got)]
    rest = comment[len(got):]
    return keys.same(head, got) and (not rest or not rest[0].isalnum())


def run_sql_block(fence, body, db, setup=None):
    """Statement by statement in one interactive shell: no errors, and every statement that
    prints shows its output in its comment."""
    if os.path.exists(db):
        os.remove(db)
    keys, session = Keys(), Session(db)
    try:
        if setup:
            out = session.run(".read " + setup)
            check("docs: README line %d: its setup %s runs" % (fence, setup), not out, show(out))
        for n, command, comment in statements(body, fence + 1):
            if not command.rstrip().endswith(";") and not command.startswith("."):
                check("docs: README line %d: %s" % (n, command[:70]), False,
                      "the statement has no ';' before the block (fence at line %d) ends" % fence)
                continue
            got = session.run(keys.command(command)).rstrip("\n")
            produced(got)
            if not got:
                check("docs: README line %d: %s" % (n, command[:70]), True)
                continue
            if comment is None:
                detail = "prints %s but shows no output: put it at the start of its comment (-- %s)" \
                    % (show(got), got.split("\n")[0])
            else:
                detail = "its comment shows %s, sqlite3 printed %s" % (show(comment), show(got))
            check("docs: README line %d: %s" % (n, command[:70]), shows(comment, got, keys), detail)
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


def line_of(starts, offset):
    """The README line of an offset into a list item joined from (offset, line) starts."""
    return [n for at, n in starts if at <= offset][-1]


def run_inline(starts, item, fixture):
    db, keys = connect(fixture), Keys()
    try:
        for m in INLINE.finditer(item):
            n = line_of(starts, m.start())
            sql, error, value, null = m.groups()
            if not sql.startswith("SELECT "):
                sql = "SELECT " + sql
            try:
                row = db.execute(keys.command(sql)).fetchone()
                got, got_error = (None if row is None else row[0]), None
            except sqlite3.Error as e:
                got, got_error = None, str(e)
            produced(got_error if got_error is not None else str(got))
            have = "error %r" % got_error if got_error is not None else \
                "NULL" if got is None else "the value %r" % str(got)
            if error is not None:
                ok, want = got_error == error, "error %r" % error
            elif null:
                ok, want = got_error is None and got is None, "NULL"
            else:
                ok, want = got_error is None and got is not None and keys.same(value, str(got)), \
                    "the value %r" % value
            check("docs: README line %d: %s" % (n, sql[:80]), ok,
                  "the README shows %s, the library gives %s (on %s)"
                  % (want, have, "the section's fixture" if fixture else "an empty database"))
    finally:
        db.close()


def list_items(text):
    """(first line, [(offset, line)], text) of each list item ("- " at the line start,
    continued by the lines up to a blank one) and of each paragraph, heading and table row
    outside them, so that an example in prose runs too."""
    items, current, in_fence = [], None, False
    for n, line in enumerate(text.split("\n"), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line.strip():
            current = None
        elif current is None or line.startswith(("- ", "|", "#")):
            current = [n, [(0, n)], line]
            items.append(current)
            if line.startswith(("|", "#")):
                current = None
        else:
            current[1].append((len(current[2]) + 1, n))
            current[2] += " " + line.strip()
    return items


def run_blocks(text):
    """Every fenced block, run, compared, or skipped for its stated reason."""
    fixtures, found, skipped, programs = {}, 0, 0, 0
    bl, dangling = blocks(text)
    for n, marker in dangling:
        check("docs: README line %d: <!-- docs: %s --> is followed by a fenced block" % (n, marker), False,
              "a docs marker must be the line right before the ``` it is about")
    for fence, info, body, marker, section in bl:
        where = "docs: README line %d (```%s)" % (fence, info)
        if marker and marker.startswith("not run:"):
            reason = marker[len("not run:"):].strip()
            if reason:
                print("SKIP %s: not run: %s" % (where, reason))
            else:
                check(where + " says why it is not run", False, "write <!-- docs: not run: <why> -->")
            skipped += 1
        elif marker and marker.startswith("output of shell-examples/"):
            name = marker[len("output of shell-examples/"):]
            path = os.path.join(ROOT, "tests", "shell-examples", name.replace(".sql", ".expected"))
            want = open(path).read().rstrip("\n") if os.path.exists(path) else None
            check("%s is the output of shell-examples/%s" % (where, name), want == body.rstrip("\n"),
                  "the README shows %s, tests/shell-examples has %s" % (show(body), show(want)))
            found += 1
        elif marker is not None and not (info == "sql" and (marker == "fixture" or marker.startswith("on "))):
            check("%s: marker <!-- docs: %s -->" % (where, marker), False,
                  "unknown marker: fixture, on tests/docs/NAME.sql, output of shell-examples/NAME.sql, not run: <why>")
        elif any(line.startswith("sqlite> ") for line in body.split("\n")):
            run_transcript(fence, body)
            found += 1
        elif info == "sql":
            db = os.path.join(TMP, "block-%d.db" % fence)
            setup = marker[3:] if marker and marker.startswith("on ") else None
            if marker == "fixture":
                fixtures[section] = db
            run_sql_block(fence, body, db, setup)
            found += 1
        elif info in PROGRAMS:
            programs += 1
        else:
            check(where + " is run", False,
                  "neither a sqlite> transcript, a ```sql block nor a program: mark it "
                  "<!-- docs: output of shell-examples/NAME.sql --> or <!-- docs: not run: <why> -->")
    return fixtures, found, skipped, programs


def check_messages(text):
    """Every error message the README names outside fenced blocks (`token_x: <message>`, not
    shortened with "...") is one an example that ran produced, so that prose cannot keep a
    message the library no longer gives."""
    lines, fence = text.split("\n"), False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fence = not fence
            lines[i] = ""
        elif fence:
            lines[i] = ""
    prose, seen = "\n".join(lines), set()
    for m in MESSAGE.finditer(prose):
        message = re.sub(r"\s*\n\s*", " ", m.group(1))
        if "..." in message:
            continue   # a shortened message, not a claim of its exact text
        n = prose.count("\n", 0, m.start()) + 1
        if message in NOT_PRODUCIBLE:
            if message not in seen:
                print("SKIP docs: README line %d: the message `%s` is not produced here: %s"
                      % (n, message, NOT_PRODUCIBLE[message]))
            seen.add(message)
            continue
        check("docs: README line %d: the message `%s`" % (n, message[:70]), message in PRODUCED,
              "no example that runs here produces it: show it as an inline `SELECT ...` → error `...`, in a "
              "sqlite> transcript, or fix the text to what the library says")


def main():
    text = open(README, encoding="utf-8").read()
    fixtures, found, skipped, programs = run_blocks(text)
    section_at, section = {}, ""
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("## "):
            section = line[3:]
        section_at[n] = section
    inline = 0
    for n, starts, item in list_items(text):
        candidates = CANDIDATE.findall(item)
        parsed = len(INLINE.findall(item))
        if candidates:
            check("docs: README line %d: every `SELECT ...` → example parses" % n, len(candidates) == parsed,
                  "%d examples, %d with a result in a known form (`value`, NULL, error `message`): %s"
                  % (len(candidates), parsed, item[:200]))
        if parsed:
            run_inline(starts, item, fixtures.get(section_at[n]))
            inline += parsed
    check_messages(text)
    check("docs: the README has executable examples (%d blocks run, %d inline examples, %d blocks "
          "not run, %d program blocks)" % (found, inline, skipped, programs),
          found >= 3 and inline >= 10 and skipped <= 5)
    finish()


main()
