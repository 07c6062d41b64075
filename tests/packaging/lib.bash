# tests/packaging/lib.bash: sourced by the packaging tests. Sets ROOT, PY (Debian's python3),
# SCRATCH (an empty directory of this test's own under tests/tmp/packaging), and offers
# check NAME STATUS DETAIL and build TARGET... (make, its output kept in SCRATCH/build.log).
# shellcheck shell=bash
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
ROOT=$PWD
PY=/usr/bin/python3
SCRATCH=$ROOT/tests/tmp/packaging/$(basename "$0" .sh)
rm -rf "$SCRATCH" && mkdir -p "$SCRATCH"

# check NAME STATUS DETAIL: one PASS or FAIL line.
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: $3"; fi; }

# build TARGET...: runs make in the project (with the Makefile's own flags: tests/run.sh
# exports the expanded CFLAGS, which make would append to again, and an outer make's
# MAKEFLAGS would override them); FAIL and exit on error.
build() {
  if ! env -u CFLAGS -u LDFLAGS -u MAKEFLAGS -u MAKELEVEL make -s -C "$ROOT" "$@" > "$SCRATCH/build.log" 2>&1; then
    echo "FAIL packaging/$(basename "$0" .sh): make $* failed"
    tail -n 20 "$SCRATCH/build.log"
    exit 1
  fi
}
