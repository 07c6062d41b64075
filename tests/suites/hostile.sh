#!/bin/bash
# tests/suites/hostile.sh: hostile database files (issue 5, item 3). A file built without the
# extension, whose views, triggers, DEFAULTs, generated columns, indexes or CHECK constraints
# call our functions, is opened by a connection that loads it; see lib/hostile.py.
set -u
source "$(dirname "$0")/lib/common.bash"
export HOSTILE_TMP=$ROOT/tests/tmp/hostile
mkdir -p "$HOSTILE_TMP"
"${HOST[@]}" "$PY" tests/suites/lib/hostile.py
