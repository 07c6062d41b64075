#!/bin/bash
# Node: better-sqlite3@12 (from tests/node) and libsql (npm, installed here by
# tests/ensure-deps.sh).
. "$(dirname "$0")/../lib.sh"
host node "$LANG_DIR/test.js" "$EXT" "$WORK"
