#!/bin/bash
# tests/suites/triggers.sh: this connection's TEMP triggers (issue 8 items 9-11, issue 9 items
# 4-6): users replaced or renumbered, token_triggers() reporting what exists, writes that
# mean main's token table, triggers put back after a rebuild or PRAGMA temp_store by the next
# call of any function. See lib/triggers.py.
set -u
source "$(dirname "$0")/lib/common.bash"
export SUITE_TMP=$ROOT/tests/tmp/triggers
"${HOST[@]}" "$PY" tests/suites/lib/triggers.py
