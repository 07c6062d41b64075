#!/bin/bash
# Tcl: the sqlite3 package (libsqlite3-tcl).
. "$(dirname "$0")/../lib.sh"
host tclsh "$LANG_DIR/test.tcl" "$EXT" "$WORK"
