"""sqlite_authtoken: the authtoken SQLite extension (Django REST Framework's token
authentication in SQL), bundled in this package.

    import sqlite3, sqlite_authtoken
    db = sqlite3.connect("app.db")
    sqlite_authtoken.load(db)
    user_id = db.execute("SELECT token_user(?)", (header_bytes,)).fetchone()[0]

path() is the bundled library's file, for any program that loads extensions by path.
"""
import os

__all__ = ["load", "path"]

_LIBRARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "authtoken.so")


def path():
    """The absolute path of the bundled library (authtoken.so). SQLite derives the entry
    point, sqlite3_authtoken_init, from the file name: no entry argument is needed."""
    return _LIBRARY


def load(conn):
    """Loads the extension into a sqlite3.Connection. Extension loading is enabled for this
    call only and left disabled afterwards, so SQL cannot call load_extension() later."""
    enable = getattr(conn, "enable_load_extension", None)
    if enable is None:
        raise RuntimeError("sqlite_authtoken.load: this Python's sqlite3 module cannot load "
                           "extensions (built with SQLITE_OMIT_LOAD_EXTENSION); Debian's "
                           "python3 can")
    enable(True)
    try:
        conn.load_extension(_LIBRARY)
    finally:
        enable(False)
