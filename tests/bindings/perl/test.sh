#!/bin/bash
# Perl: DBI + DBD::SQLite as Debian packages it (libdbd-sqlite3-perl).
. "$(dirname "$0")/../lib.sh"
host perl "$LANG_DIR/test.pl" "$EXT" "$WORK"
