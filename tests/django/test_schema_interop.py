"""The token table both ways: token_install('auth_user') on a Django database whose authtoken
app is not migrated yet creates exactly the DDL Django's migrate creates; Django then takes it
over with `migrate --fake-initial` and DRF works on it; and loading the extension on a
database Django migrated changes nothing stored.

Run with Debian's /usr/bin/python3."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project  # noqa: E402
from harness import check, finish  # noqa: E402

SCHEMA = "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'authtoken_token' ORDER BY name"


def main():
    tmp = project.tmpdir()
    path_a = os.path.join(tmp, "django-made.sqlite3")
    path_b = os.path.join(tmp, "installed.sqlite3")
    project.setup(path_a, DATABASES={
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path_a},
        "b": {"ENGINE": "django.db.backends.sqlite3", "NAME": path_b},
    })
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder
    from rest_framework.authtoken.models import Token

    # A: all of Django's migrations (setup did them). Loading the extension writes nothing.
    import sqlite3
    plain = sqlite3.connect(path_a)
    before = plain.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
    db_a = project.ext_connect(path_a)
    after = plain.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
    check("load: the extension adds nothing to a Django database's schema", before == after)
    check("load: its triggers are TEMP (this connection only)",
          {r[0] for r in db_a.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'")}
          == {"authtoken_user_insert", "authtoken_user_delete", "authtoken_user_update",
              "authtoken_user_replaced", "authtoken_user_insert_before", "authtoken_user_update_before"})
    check("install: token_install on a migrated Django database keeps its DDL",
          db_a.execute("SELECT token_install('auth_user')").fetchone()[0] == "auth_user"
          and plain.execute(SCHEMA).fetchall() == db_a.execute(SCHEMA).fetchall())
    django_ddl = plain.execute(SCHEMA).fetchall()

    # B: Django's auth app only, then token_install makes the token table.
    call_command("migrate", "auth", database="b", verbosity=0)
    db_b = project.ext_connect(path_b)
    check("install: no token table before token_install", db_b.execute(SCHEMA).fetchall() == [])
    check("install: token_install('auth_user') returns the users table",
          db_b.execute("SELECT token_install('auth_user')").fetchone()[0] == "auth_user")
    got = db_b.execute(SCHEMA).fetchall()
    check("install: the DDL is exactly Django's (table and its two autoindexes)", got == django_ddl,
          "token_install: %r\nDjango: %r" % (got, django_ddl))

    # Django adopts the table: --fake-initial marks authtoken's initial migration applied.
    try:
        call_command("migrate", database="b", fake_initial=True, verbosity=0)
        err = None
    except Exception as e:  # noqa: BLE001
        err = repr(e)
    check("adopt: migrate --fake-initial succeeds on a token_install database", err is None, err)
    applied = MigrationRecorder(connections["b"]).applied_migrations()
    check("adopt: every authtoken migration is recorded",
          {n for a, n in applied if a == "authtoken"} >= {"0001_initial", "0002_auto_20160226_1747", "0003_tokenproxy"},
          repr(sorted(n for a, n in applied if a == "authtoken")))
    check("adopt: the DDL is still Django's after the remaining migrations", db_b.execute(SCHEMA).fetchall() == django_ddl)
    # DRF's models on it: a user made by the ORM gets a token from DRF; the extension reads it.
    u = User.objects.db_manager("b").create_user("ada", password="x")
    key = Token.objects.using("b").create(user=u).key
    check("adopt: token_user reads a token DRF made in the adopted table",
          db_b.execute("SELECT token_user(?)", ("Token " + key,)).fetchone()[0] == u.id)
    db_b.execute("INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
                 " is_active, date_joined) VALUES ('!', 0, 'bob', '', '', '', 0, 1, '2024-01-01 00:00:00')")
    bob = User.objects.db_manager("b").get(username="bob")
    check("adopt: the trigger's token for a SQL user reads through the ORM",
          Token.objects.using("b").filter(user=bob).count() == 1)
    plain.close()
    db_a.close()
    db_b.close()
    finish()


if __name__ == "__main__":
    main()
