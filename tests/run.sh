#!/bin/bash
# tests/run.sh: runs every kind of test and ends with one line "N passed, N failed".
#
# Each test program prints "PASS <name>" or "FAIL <name>: <detail>" per check; scripts with
# expected output (tests/sql/*.sql, shell-examples/*.sql) count as one check each.
# Called by `make test` (which builds dist/authtoken.so and installs what is missing).
# Environment: CC, CFLAGS and PURE_SRC from the Makefile; ASAN=1 when the library is built
# with sanitizers (hosts that are not, like python3 and node, then get the runtime preloaded).
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
TMP=$ROOT/tests/tmp
rm -rf "$TMP" && mkdir -p "$TMP"
LOG=$TMP/results.log
: > "$LOG"
PY=/usr/bin/python3
export AUTHTOKEN_ORACLE=${AUTHTOKEN_ORACLE:-$ROOT/tests/oracle}

# Hosts not built with ASan need its runtime preloaded to load an ASan-built extension.
host_env=()
if [ "${ASAN:-0}" = 1 ]; then
  host_env=(env "LD_PRELOAD=$(${CC:-clang} -print-file-name=libclang_rt.asan-x86_64.so)"
            "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1" "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
fi

KINDS=$TMP/kinds.log
: > "$KINDS"
KIND=""
# record: appends the PASS/FAIL lines read to the log and the per-kind tally; shows FAILs.
record() {
  local line
  while IFS= read -r line; do
    echo "$line" >> "$LOG"
    printf '%s\t%s\n' "$KIND" "$line" >> "$KINDS"
    case "$line" in FAIL*) echo "$line" ;; esac
  done
}

# run_checks NAME CMD...: runs a program that prints PASS/FAIL lines; a crash or a non-zero
# exit without a FAIL line counts as a failure of its own.
run_checks() {
  local name=$1; shift
  local out=$TMP/$(echo "$name" | tr '/ ' '__').out
  "$@" > "$out" 2>&1
  local rc=$?
  grep -E '^(PASS|FAIL) ' "$out" | record
  if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out"; then
    echo "FAIL $name: exited with $rc" | record
    tail -n 20 "$out"
  fi
  if ! grep -qE '^(PASS|FAIL) ' "$out"; then
    echo "FAIL $name: ran no check" | record
    tail -n 20 "$out"
  fi
}

# run_script NAME SCRIPT EXPECTED: feeds SCRIPT to the sqlite3 shell on a fresh database
# file, compares stdout+stderr with EXPECTED byte for byte.
run_script() {
  local name=$1 script=$2 expected=$3
  local db=$TMP/$(basename "$script" .sql).db out=$TMP/$(basename "$script" .sql).actual
  rm -f "$db"
  "${host_env[@]}" stdbuf -o0 -e0 sqlite3 -batch "$db" < "$script" > "$out" 2>&1
  if [ ! -f "$expected" ]; then
    echo "FAIL $name: no expected output $expected" | record
  elif cmp -s "$out" "$expected"; then
    echo "PASS $name" | record
  else
    echo "FAIL $name: output differs from $expected" | record
    diff "$expected" "$out" | head -n 20
  fi
}

# section KIND TITLE: starts a group of tests; the summary counts checks per KIND.
section() { KIND=$1; shift; echo "== $*"; }

section unit "C unit tests (pure parts)"
for src in tests/unit/test_*.c; do
  bin=$TMP/$(basename "$src" .c)
  if $CC $CFLAGS $src $PURE_SRC -o "$bin" -lsodium 2> "$bin.log"; then
    run_checks "unit/$(basename "$src" .c)" "$bin"
  else
    echo "FAIL unit/$(basename "$src"): does not compile" | record; head "$bin.log"
  fi
done

section c "C programs loading the library with sqlite3_load_extension"
for src in tests/c/test_*.c; do
  bin=$TMP/$(basename "$src" .c)
  if $CC $CFLAGS $src -o "$bin" -lsqlite3 -lpthread 2> "$bin.log"; then
    run_checks "c/$(basename "$src" .c)" "${host_env[@]}" "$bin" "$ROOT/dist/authtoken"
  else
    echo "FAIL c/$(basename "$src"): does not compile" | record; head "$bin.log"
  fi
done

section sql "SQL scripts with expected output"
for script in tests/sql/*.sql; do
  run_script "sql/$(basename "$script")" "$script" "${script%.sql}.expected"
done

section shell-examples "shell examples"
for script in shell-examples/*.sql; do
  run_script "shell-examples/$(basename "$script")" "$script" \
    "tests/shell-examples/$(basename "$script" .sql).expected"
done

section python "Python sqlite3 ($PY)"
for t in tests/python/test_*.py; do
  run_checks "python/$(basename "$t")" "${host_env[@]}" "$PY" "$t"
done

section node "Node better-sqlite3@12"
for t in tests/node/test_*.js; do
  run_checks "node/$(basename "$t")" "${host_env[@]}" node "$t"
done

if [ -d tests/django ] && [ "${SKIP_DJANGO:-0}" != 1 ]; then
  section django "live Django + DRF"
  for t in tests/django/test_*.py; do
    run_checks "django/$(basename "$t")" "${host_env[@]}" "$PY" "$t"
  done
fi

# Packaging builds its own artefacts (make static, shell, deb, wheel, npm pack) from plain
# sources: under `make asan` the library is instrumented and these are not run.
if [ "${ASAN:-0}" != 1 ]; then
  section packaging "packaging (tests/packaging/*.sh: static build, shell, install, deb, Python, Node)"
  for t in tests/packaging/*.sh; do
    run_checks "packaging/$(basename "$t")" bash "$t"
  done
fi

section suites "suites (tests/suites/*.sh: hardening, fuzzing, sanitizers)"
for t in tests/suites/*.sh; do
  [ -e "$t" ] || continue
  run_checks "suites/$(basename "$t")" bash "$t"
done

echo "== checks per kind (passed/failed)"
awk -F'\t' '{ split($2, w, " "); if (w[1] == "PASS") p[$1]++; else f[$1]++; k[$1] = 1 }
  END { for (x in k) printf "   %-16s %5d / %d\n", x, p[x], f[x] }' "$KINDS" | sort
passed=$(grep -c '^PASS ' "$LOG")
failed=$(grep -c '^FAIL ' "$LOG")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
