"""The settings table (ext/sqlite/settings_table.h, issue 13 item 3): every setting is one
row {ID, name, default, check, purpose}, and reading, writing, checking, the "known:" list
and the README's table all follow it. Parses the rows from the header, then checks the
library and the README against them.
"""
import os
import re
import sqlite3
import tempfile

from harness import ROOT, check, connect, error_of, finish

HEADER = os.path.join(ROOT, "ext", "sqlite", "settings_table.h")
ROW = re.compile(r'X\((\w+),\s*"([^"]*)",\s*"([^"]*)",\s*(\w+),')
BAD = "\x01 not a value of any setting: too long, spaced, no such column"


def rows():
    with open(HEADER, encoding="utf-8") as f:
        text = f.read()
    body = text[text.index("#define SETTINGS_ROWS(X)"):text.index("#define SETTING_ENUM_")]
    return [m.groups() for m in ROW.finditer(body)]


def readme_rows():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("### token_setting(name [, value])"):]
    section = section[:section.index("\n### ")]
    rows = re.findall(r"^\s*\| `(\w+)` \| (`[^`]*`|\(empty\)) \|", section, re.M)
    return [(name, "" if dflt == "(empty)" else dflt.strip("`")) for name, dflt in rows]


TTL = "ttl must be a whole number of seconds from 1 to 3153600000, or 'none'"
MAX_TTL = "max_ttl must be a whole number of seconds from 1 to 3153600000, or 'none'"
LIMIT = "limit_per_user must be a whole number from 1 to 1000000, or 'none'"
INTERVAL = "min_refresh_interval must be a whole number of seconds from 0 to 3153600000"
PREFIX = "prefix longer than 10 characters (knox: Illegal TOKEN_PREFIX length)"
# (setting, value, None when accepted else the message): the edges of every check.
VALUES = [
    ("ttl", "1", None), ("ttl", "3153600000", None), ("ttl", "none", None),
    ("ttl", "0", TTL), ("ttl", "3153600001", TTL), ("ttl", "01", TTL), ("ttl", "-5", TTL),
    ("ttl", " 5", TTL), ("ttl", "5s", TTL), ("ttl", "1e3", TTL), ("ttl", "NONE", TTL),
    ("ttl", "99999999999999999999", TTL), ("ttl", "", TTL),
    ("max_ttl", "43200", None), ("max_ttl", "0", MAX_TTL),
    ("limit_per_user", "2", None), ("limit_per_user", "1000000", None),
    ("limit_per_user", "0", LIMIT), ("limit_per_user", "1000001", LIMIT),
    ("min_refresh_interval", "0", None), ("min_refresh_interval", "60", None),
    ("min_refresh_interval", "none", INTERVAL), ("min_refresh_interval", "-1", INTERVAL),
    ("auto_refresh", "on", None), ("auto_refresh", "off", None),
    ("auto_refresh", "true", "auto_refresh must be 'on' or 'off'"),
    ("prefix", "", None), ("prefix", "acme_", None), ("prefix", "corp_2024_", None),
    ("prefix", "cl\u00e9\u2603_", None), ("prefix", "it's", None),
    ("prefix", "corp_2024_x", PREFIX), ("prefix", "\u00e9" * 11, PREFIX),
    ("prefix", "a b", "prefix contains a space or a control character"),
    ("prefix", "a\x7f", "prefix contains a space or a control character"),
]


def view_sql(db):
    row = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'authtoken_settings'").fetchone()
    return row[0] if row else None


def set_(db, name, value):
    db.executescript(db.execute("SELECT token_setting_sql(?, ?)", (name, value)).fetchone()[0])


def main():
    table = rows()
    names = [r[1] for r in table]
    check("settings_table: the header has rows", len(table) >= 3, repr(table))
    check("settings_table: README's token_setting table lists every row, in order, with its default",
          readme_rows() == [(r[1], r[2]) for r in table], "%r vs %r" % (readme_rows(), table))
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(os.path.join(tmp, "s.db"))
        err = error_of(db, "SELECT token_setting('nope')")
        check("settings_table: the unknown-setting message lists the rows in order",
              err == "token_setting: unknown setting 'nope' (known: %s)" % ", ".join(names), err)
        for _, name, dflt, _ in table:
            got = db.execute("SELECT token_setting(?)", (name,)).fetchone()[0]
            check("settings_table: %s before token_install is its default" % name, got == dflt,
                  repr(got))
        db.executescript("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, nick TEXT);"
                         "SELECT token_install();")
        for _, name, dflt, _ in table:
            err = error_of(db, "SELECT token_setting(?, ?)", (name, BAD))
            check("settings_table: %s refuses a bad value with its own message" % name,
                  err is not None and err.startswith("token_setting: ") and "unknown" not in err,
                  repr(err))
            got = db.execute("SELECT token_setting(?)", (name,)).fetchone()[0]
            check("settings_table: %s unchanged after the refusal" % name, got == dflt, repr(got))
        for name, value, want in VALUES:
            err = error_of(db, "SELECT token_setting_sql(?, ?)", (name, value))
            check("settings_table: %s = %r %s" % (name, value, "accepted" if want is None else "refused"),
                  err == (None if want is None else "token_setting_sql: " + want), repr(err))
        err = error_of(db, "SELECT token_setting_sql('prefix', CAST(X'61E9' AS TEXT))")
        check("settings_table: a prefix that is not UTF-8 is refused",
              err == "token_setting_sql: prefix is not valid UTF-8", repr(err))
        # Written in reverse order, stored in table order, defaults left out.
        good = {"keyword": "Bearer", "username_column": "nick", "writes_in_select": "refuse",
                "prefix": "cl\u00e9'\u2603_", "ttl": "none", "min_refresh_interval": "0"}
        known = [n for n in reversed(names) if n in good]
        for name in known:  # the DML form: writes_in_select 'refuse' refuses the SELECT form
            set_(db, name, good[name])
        want = ('CREATE VIEW "authtoken_settings" ("name", "value") AS VALUES '
                + ", ".join("('%s', '%s')" % (n, good[n].replace("'", "''")) for n in names if n in good))
        check("settings_table: the view lists non-defaults in table order", view_sql(db) == want,
              view_sql(db))
        other = connect(os.path.join(tmp, "s.db"))
        for name in known:
            got = other.execute("SELECT token_setting(?)", (name,)).fetchone()[0]
            check("settings_table: another connection reads %s from the view" % name,
                  got == good[name], repr(got))
        for name in known:
            set_(db, name, None)
        check("settings_table: all defaults again drops the view", view_sql(db) is None,
              view_sql(db))
        # A later version's setting is skipped; a bad value of a known one is refused.
        db.execute("CREATE VIEW \"authtoken_settings\" (\"name\", \"value\") AS VALUES "
                   "('from_the_future', 'x'), ('keyword', 'Bearer')")
        got = connect(os.path.join(tmp, "s.db")).execute("SELECT token_setting('keyword')").fetchone()
        check("settings_table: an unknown name in the view is skipped", got == ("Bearer",), repr(got))
        db.execute("DROP VIEW authtoken_settings")
        db.execute("CREATE VIEW \"authtoken_settings\" (\"name\", \"value\") AS VALUES "
                   "('keyword', 'two words')")
        try:
            connect(os.path.join(tmp, "s.db"))
            err = None
        except sqlite3.Error as e:
            err = str(e)
        check("settings_table: a bad stored value is refused with the row's message",
              err is not None and err.endswith(
                  "authtoken: authtoken_settings: keyword must be 1 to 32 visible ASCII characters"),
              repr(err))


main()
finish()
