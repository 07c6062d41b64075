"""Every write's DML form (README, "Running on more than one machine"), run locally: install
through token_install_sql, get-or-create, rotate, delete and settings through plain
statements, the writes_in_select refusal with its exact message, and the same calls working
inside BEGIN/COMMIT and from a writing statement. tests/cluster/ runs the same on dqlite."""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, connect, error_of, finish  # noqa: E402

GET_OR_CREATE = """INSERT INTO authtoken_token (key, created, user_id)
  SELECT token_new(), token_now(), id FROM users WHERE id = ?1
  ON CONFLICT (user_id) DO NOTHING"""
ROTATE = "UPDATE authtoken_token SET key = token_new(), created = token_now() WHERE user_id = ?"
REFUSED = ("{}: refusing to write inside a read-only statement outside a transaction "
           "(the writes_in_select setting is 'refuse'); use its DML form, or run it between "
           "BEGIN and COMMIT")


def key_of(db, user_id):
    row = db.execute("SELECT key FROM authtoken_token WHERE user_id = ?", (user_id,)).fetchone()
    return row and row[0]


def install(tmp):
    db = connect(os.path.join(tmp, "dml.db"))
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, is_active INT DEFAULT 1)")
    ddl = db.execute("SELECT token_install_sql('users')").fetchone()[0]
    check("dml: token_install_sql is token_install's DDL, with the foreign key to users",
          ddl.startswith('CREATE TABLE IF NOT EXISTS main."authtoken_token"')
          and 'REFERENCES "users" ("id") DEFERRABLE INITIALLY DEFERRED' in ddl, ddl)
    check("dml: token_install_sql wrote nothing",
          db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'authtoken_token'").fetchone()[0] == 0)
    check("dml: token_install_sql names a missing table as token_install does",
          error_of(db, "SELECT token_install_sql('nope')") == "token_install_sql: no table named nope")
    db.executescript(ddl)
    check("dml: the DDL run as a write creates the token table",
          db.execute("SELECT token_install_sql('users')").fetchone()[0] == ddl)
    db.close()
    db = connect(os.path.join(tmp, "dml.db"))  # connections opened afterwards: triggers on load
    db.execute("INSERT INTO users (username) VALUES ('ada'), ('bob')")
    check("dml: users inserted after the DML install get tokens",
          db.execute("SELECT count(*) FROM authtoken_token").fetchone()[0] == 2)
    return db


def writes(db):
    db.execute("DELETE FROM authtoken_token WHERE user_id = 1")
    check("dml: delete", key_of(db, 1) is None)
    db.execute(GET_OR_CREATE, (1,))
    first = key_of(db, 1)
    db.execute(GET_OR_CREATE, (1,))
    check("dml: get-or-create issues one key, then keeps it", first and key_of(db, 1) == first)
    db.execute(GET_OR_CREATE, (99,))
    check("dml: get-or-create for no such user writes nothing", key_of(db, 99) is None)
    db.execute(ROTATE, (1,))
    check("dml: rotate", key_of(db, 1) not in (None, first)
          and db.execute("SELECT token_user(?)", ("Token " + key_of(db, 1),)).fetchone()[0] == 1)
    sql = db.execute("SELECT token_setting_sql('keyword', 'Bearer')").fetchone()[0]
    check("dml: token_setting_sql wrote nothing", db.execute("SELECT token_setting('keyword')").fetchone()[0] == "Token")
    db.executescript(sql)
    check("dml: the setting's statements run as a write change it",
          db.execute("SELECT token_setting('keyword'), token_user(?)", ("Bearer " + key_of(db, 1),)).fetchone() == ("Bearer", 1))
    db.executescript(db.execute("SELECT token_setting_sql('keyword', NULL)").fetchone()[0])
    check("dml: and back to the default", db.execute("SELECT token_setting('keyword')").fetchone()[0] == "Token")
    check("dml: token_setting_sql validates as token_setting does",
          error_of(db, "SELECT token_setting_sql('writes_in_select', 'sometimes')")
          == "token_setting_sql: writes_in_select must be 'allow' or 'refuse'")


def refusal(db):
    check("dml: writes_in_select defaults to allow", db.execute("SELECT token_setting('writes_in_select')").fetchone()[0] == "allow")
    db.execute("SELECT token_setting('writes_in_select', 'refuse')")
    for call in ("token_create(2)", "token_rotate(2)", "token_delete(2)", "token_install('users')",
                 "token_obtain('ada', 'x')", "token_setting('keyword', 'Bearer')"):
        name = call.split("(")[0]
        check("dml: refuse: SELECT %s in autocommit" % call,
              error_of(db, "SELECT " + call) == REFUSED.format(name), error_of(db, "SELECT " + call))
    key = key_of(db, 2)
    check("dml: refused calls wrote nothing", key is not None and db.execute("SELECT count(*) FROM authtoken_token").fetchone()[0] == 2)
    db.execute("BEGIN")
    rotated = db.execute("SELECT token_rotate(2)").fetchone()[0]
    db.execute("COMMIT")
    check("dml: refuse: the same call inside BEGIN/COMMIT works", rotated != key and key_of(db, 2) == rotated)
    db.execute("CREATE TABLE issued (user_id, key)")
    db.execute("INSERT INTO issued SELECT 2, token_create(2)")
    check("dml: refuse: a writing statement may call it (INSERT ... SELECT token_create)",
          db.execute("SELECT key FROM issued").fetchone()[0] == rotated)
    check("dml: refuse: token_setting itself is refused in a SELECT",
          error_of(db, "SELECT token_setting('writes_in_select', NULL)") == REFUSED.format("token_setting"))
    db.executescript(db.execute("SELECT token_setting_sql('writes_in_select', NULL)").fetchone()[0])
    check("dml: refuse: turned off through its DML form", db.execute("SELECT length(token_rotate(2))").fetchone()[0] == 40)
    other = connect(db.execute("PRAGMA database_list").fetchone()[2])
    db.executescript(db.execute("SELECT token_setting_sql('writes_in_select', 'refuse')").fetchone()[0])
    check("dml: refuse: another connection sees the setting at its next call",
          error_of(other, "SELECT token_delete(2)") == REFUSED.format("token_delete"))
    db.executescript(db.execute("SELECT token_setting_sql('writes_in_select', NULL)").fetchone()[0])


def main():
    tmp = tempfile.mkdtemp()
    db = install(tmp)
    writes(db)
    refusal(db)
    db.close()
    finish()


main()
