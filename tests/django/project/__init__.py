"""A tiny Django + DRF project for the live interop tests (tests/django/test_*.py).

setup(db_path) configures Django in code (no settings module): a SQLite file shared with the
extension, rest_framework.authtoken, TokenAuthentication, obtain_auth_token at
/api-token-auth/, a protected view at /protected/ (and /protected-bearer/ with the keyword
'Bearer'), LANGUAGE_CODE en-us, USE_TZ. Then it runs `migrate` on that file.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TESTS, "python"))
from harness import EXT  # noqa: E402

# The hasher first in the list makes new passwords cheaply (pbkdf2_sha256, 1000 iterations),
# so users whose hash is not under test cost nothing. Django's 3.2 defaults follow, so any
# hash Django 3.2 can check is still checked by Django's own code.
PASSWORD_HASHERS = [
    "project.hashers.FastPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]


def tmpdir():
    """A fresh directory for this test's database: under tests/tmp/ (gitignored, wiped by
    tests/run.sh), kept after the run for inspection."""
    import tempfile
    base = os.path.join(TESTS, "tmp")
    os.makedirs(base, exist_ok=True)
    return tempfile.mkdtemp(prefix="django-", dir=base)


def _no_fsync(sender, connection, **kwargs):
    """Test databases need no durability: skip fsync so migrate takes milliseconds."""
    if connection.vendor == "sqlite":
        connection.connection.execute("PRAGMA synchronous = OFF")


def setup(db_path, migrate=True, apps=(), fsync=False, **extra):
    """Configure Django on db_path (apps: more INSTALLED_APPS, extra: more settings), call
    django.setup() and migrate (fsync: keep SQLite's durability, as deployed). Returns the
    settings."""
    import django
    from django.conf import settings
    conf = dict(
        DEBUG=False,
        SECRET_KEY="authtoken-interop-tests",
        ALLOWED_HOSTS=["*"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": db_path}},
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "rest_framework",
            "rest_framework.authtoken",
        ] + list(apps),
        MIDDLEWARE=[],
        ROOT_URLCONF="project.urls",
        REST_FRAMEWORK={
            "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
            "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        },
        PASSWORD_HASHERS=PASSWORD_HASHERS,
        LANGUAGE_CODE="en-us",
        USE_I18N=True,
        USE_TZ=True,
        TIME_ZONE="UTC",
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    conf.update(extra)
    settings.configure(**conf)
    django.setup()
    from django.db.backends.signals import connection_created
    if not fsync:
        connection_created.connect(_no_fsync)
    if migrate:
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
    return settings


def ext_connect(db_path, triggers=True):
    """A plain Python sqlite3 connection on db_path with the extension loaded, autocommit,
    foreign keys on (as Django's own connections have them)."""
    import sqlite3
    db = sqlite3.connect(db_path, isolation_level=None, timeout=10)
    db.execute("PRAGMA foreign_keys = ON")
    db.enable_load_extension(True)
    db.load_extension(EXT)
    db.enable_load_extension(False)
    if not triggers:
        db.execute("SELECT token_triggers(0)")
    return db
