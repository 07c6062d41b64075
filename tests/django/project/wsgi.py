"""The project as a WSGI application, for gunicorn (tests/http, bench/http.sh):

    AUTHTOKEN_DB=app.sqlite3 [AUTHTOKEN_CONN_MAX_AGE=600] gunicorn --chdir tests/django project.wsgi

DEBUG off, no migrate (the database is ready), SQLite's durability kept. CONN_MAX_AGE: 0 is
Django's default (a connection per request); "none" keeps connections (persistent).
AUTHTOKEN_DJANGO_HASHERS=default: Django's own PASSWORD_HASHERS (the benchmark: as deployed,
and no re-hashing on login) instead of the tests' cheap one first."""
import os

import project
from django.conf import global_settings

_age = os.environ.get("AUTHTOKEN_CONN_MAX_AGE", "0")
_extra = {}
if os.environ.get("AUTHTOKEN_DJANGO_HASHERS") == "default":
    _extra["PASSWORD_HASHERS"] = global_settings.PASSWORD_HASHERS
project.setup(os.environ["AUTHTOKEN_DB"], migrate=False, fsync=True,
              CONN_MAX_AGE=None if _age == "none" else int(_age), **_extra)

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
