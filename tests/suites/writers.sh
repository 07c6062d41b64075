#!/bin/bash
# tests/suites/writers.sh: concurrent writers on one WAL file (with and without a busy
# timeout) and writers killed with SIGKILL mid-transaction; see lib/writers.py.
set -u
source "$(dirname "$0")/lib/common.bash"
export SUITE_TMP=$ROOT/tests/tmp/writers
"${HOST[@]}" "$PY" tests/suites/lib/writers.py concurrent
"${HOST[@]}" "$PY" tests/suites/lib/writers.py crash
