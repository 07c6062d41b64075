#!/bin/bash
# Ruby: the sqlite3 gem as Debian packages it (ruby-sqlite3).
. "$(dirname "$0")/../lib.sh"
host ruby "$LANG_DIR/test.rb" "$EXT" "$WORK"
