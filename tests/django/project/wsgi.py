"""The project as a WSGI application, for gunicorn (tests/http, bench/http.sh):

    AUTHTOKEN_DB=app.sqlite3 [AUTHTOKEN_CONN_MAX_AGE=600] gunicorn --chdir tests/django project.wsgi

DEBUG off, no migrate (the database is ready), SQLite's durability kept. CONN_MAX_AGE: 0 is
Django's default (a connection per request); None keeps connections (persistent)."""
import os

import project

_age = os.environ.get("AUTHTOKEN_CONN_MAX_AGE", "0")
project.setup(os.environ["AUTHTOKEN_DB"], migrate=False, fsync=True,
              CONN_MAX_AGE=None if _age == "none" else int(_age))

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
