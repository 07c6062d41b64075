#!/bin/bash
# tests/suites/valgrind.sh: the SQL scripts (tests/sql/*.sql) and shell examples run by the
# sqlite3 shell under valgrind memcheck against dist/authtoken.so (the normal build): any
# memory error, or any definitely/indirectly lost block, fails the script; its output must
# still match the expected file. make test runs every script except the password ones
# (login*.sql: a million PBKDF2 iterations per hash take minutes under valgrind);
# `make valgrind` calls it with --all: every script, plus --track-origins for diagnosis;
# words after --all (`make valgrind ONLY=quickstart`) keep the scripts whose path has one.
set -u
source "$(dirname "$0")/lib/common.bash"
skip_under_asan valgrind
TMP=${VALGRIND_TMP:-dist/valgrind} # not tests/tmp: a concurrent make test wipes that
mkdir -p "$TMP"
extra=() all=0
[ "${1:-}" = --all ] && extra=(--track-origins=yes) all=1 && shift
patterns=("$@") # `make valgrind ONLY=...`: only the scripts whose path contains one

# wanted SCRIPT: no pattern given, or the script's path contains one.
wanted() {
  local p
  [ ${#patterns[@]} -eq 0 ] && return 0
  for p in "${patterns[@]}"; do case "$1" in *"$p"*) return 0 ;; esac; done
  return 1
}
if [ ! -f dist/authtoken.so ] || nm -D dist/authtoken.so | grep -q __asan; then
  echo "FAIL valgrind/setup: needs the normal build of dist/authtoken.so (make)"; exit 1
fi

ran=0
check_script() {
  local name=$1 script=$2 expected=$3 base
  base=$TMP/$(basename "$script" .sql)
  rm -f "$base.db"
  stdbuf -o0 -e0 valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect "${extra[@]}" --log-file="$base.vg" \
    sqlite3 -batch "$base.db" < "$script" > "$base.out" 2>&1
  local rc=$?
  ran=$((ran + 1))
  if [ $rc -eq 99 ] || [ -s "$base.vg" ]; then
    echo "FAIL valgrind/$name: memcheck reports (see $base.vg)"; head -n 30 "$base.vg"
  elif ! cmp -s "$base.out" "$expected"; then
    echo "FAIL valgrind/$name: output differs from $expected under valgrind"
    diff "$expected" "$base.out" | head -n 10
  else
    echo "PASS valgrind/$name"
  fi
}

for s in tests/sql/*.sql; do
  case "$s" in */login*.sql) [ $all = 1 ] || continue ;; esac
  wanted "$s" || continue
  check_script "sql/$(basename "$s")" "$s" "${s%.sql}.expected"
done
for s in shell-examples/*.sql; do
  wanted "$s" || continue
  check_script "shell-examples/$(basename "$s")" "$s" "tests/shell-examples/$(basename "$s" .sql).expected"
done
[ $ran -gt 0 ] || echo "FAIL valgrind/select: no script matches: ${patterns[*]}"
