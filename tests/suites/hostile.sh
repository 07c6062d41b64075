#!/bin/bash
# tests/suites/hostile.sh: hostile database files (issue 5, item 3). A file built without the
# extension, whose views, triggers, DEFAULTs, generated columns, indexes or CHECK constraints
# call our functions, is opened by a connection that loads it; see lib/hostile.py.
# GUARD_PENDING lists writing functions whose source files do not call ext/guard.c yet
# (files with another engineer's work in progress); remove a name once it is wired.
set -u
source "$(dirname "$0")/lib/common.bash"
export HOSTILE_TMP=$ROOT/tests/tmp/hostile
export GUARD_PENDING="token_create token_rotate token_delete token_obtain token_setting"
mkdir -p "$HOSTILE_TMP"
"${HOST[@]}" "$PY" tests/suites/lib/hostile.py
