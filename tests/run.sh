#!/bin/bash
# tests/run.sh: runs the tests and ends with one line "N passed, N failed" (skips and known
# failures, counted apart, are reported on the line before it).
#
#   tests/run.sh                     every kind (what `make test` runs)
#   tests/run.sh PATTERN...          only the tests of a kind named by a PATTERN (unit, c,
#                                    sql, shell-examples, docs, python, node, bindings, django,
#                                    http, packaging, suites) or
#                                    whose file path contains a PATTERN: `tests/run.sh sql node`,
#                                    `tests/run.sh api.sql`, `tests/run.sh suites/hostile`
#   tests/run.sh --fast [PATTERN...] the fast tier (`make check`): no bindings, django,
#                                    http, packaging or suites
#   tests/run.sh --update-expected [PATTERN...]
#                                    rewrites the .expected file of each SQL script and shell
#                                    example from its current output (`make expected`);
#                                    review the change with git diff before committing it
#
# Each test program prints "PASS <name>", "FAIL <name>: <detail>", "SKIP <name>: <why>" (a
# check that cannot run here) or "XFAIL <name>: <why>" (a known gap, pinned) per check;
# scripts with expected output (tests/sql/*.sql, shell-examples/*.sql) count as one check
# each. A pattern that selects nothing is a failure (a typo must not look green).
# Called by `make test`, `make check`, `make expected` (which build dist/authtoken.so and
# install what is missing).
# Environment: CC, CFLAGS and PURE_SRC from the Makefile (defaults when run by hand); ASAN=1
# when the library is built with sanitizers (hosts that are not, like python3 and node, then
# get the runtime preloaded).
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
TMP=$ROOT/tests/tmp
rm -rf "$TMP" && mkdir -p "$TMP"
LOG=$TMP/results.log
: > "$LOG"
PY=/usr/bin/python3
# Run by hand, without the Makefile: its defaults (the library must be built: make).
CC=${CC:-cc}
CFLAGS=${CFLAGS:--std=c11 -O2 -g -Wall -Wextra -Iext -Iext/pure -Iext/sqlite}
PURE_SRC=${PURE_SRC:-$(ls ext/pure/*.c | tr "\n" " ")}
export AUTHTOKEN_ORACLE=${AUTHTOKEN_ORACLE:-$ROOT/tests/oracle}

FAST=0 UPDATE=0 PATTERNS=()
for arg in "$@"; do
  case "$arg" in
    --fast) FAST=1 ;;
    --update-expected) UPDATE=1 ;;
    -*) echo "tests/run.sh: unknown option $arg" >&2; exit 2 ;;
    *) PATTERNS+=("$arg") ;;
  esac
done

# Hosts not built with ASan need its runtime preloaded to load an ASan-built extension.
host_env=()
if [ "${ASAN:-0}" = 1 ]; then
  host_env=(env "LD_PRELOAD=$(${CC:-clang} -print-file-name=libclang_rt.asan-x86_64.so)"
            "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1" "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
fi

KINDS=$TMP/kinds.log
: > "$KINDS"
KIND="" TITLE="" SELECTED=0
# record: appends the PASS/FAIL/SKIP/XFAIL lines read to the log and the per-kind tally;
# shows all but the PASSes.
record() {
  local line
  while IFS= read -r line; do
    echo "$line" >> "$LOG"
    printf '%s\t%s\n' "$KIND" "$line" >> "$KINDS"
    case "$line" in FAIL*|SKIP*|XFAIL*) echo "$line" ;; esac
  done
}

# section KIND TITLE: starts a group of tests; the summary counts checks per KIND. The title
# is printed by the group's first selected test.
section() { KIND=$1; shift; TITLE="$*"; }

ALL_KINDS="unit c sql shell-examples docs python node bindings django http packaging cluster suites"
# selected NAME PATH: is this test to run? With --fast, bindings, django, http, packaging,
# cluster and suites are left out; with --update-expected, only the scripts with expected
# output run; with patterns, the test's kind must equal one or its name or path contain one.
selected() {
  local p hit=0
  if [ $FAST = 1 ]; then case "$KIND" in bindings|django|http|packaging|cluster|suites) return 1 ;; esac; fi
  if [ $UPDATE = 1 ]; then case "$KIND" in sql|shell-examples) ;; *) return 1 ;; esac; fi
  if [ ${#PATTERNS[@]} -eq 0 ]; then
    hit=1
  else
    for p in "${PATTERNS[@]}"; do
      case " $ALL_KINDS " in
        *" $p "*) [ "$p" = "$KIND" ] && hit=1 ;; # a kind's name selects that kind only
        *) case "$1 $2" in *"$p"*) hit=1 ;; esac ;;
      esac
    done
  fi
  [ $hit = 1 ] || return 1
  SELECTED=$((SELECTED + 1))
  [ -n "$TITLE" ] && echo "== $TITLE"
  TITLE=""
  return 0
}

# run_checks NAME CMD...: runs a program that prints PASS/FAIL lines; a crash or a non-zero
# exit without a FAIL line counts as a failure of its own.
run_checks() {
  local name=$1; shift
  local out=$TMP/$(echo "$name" | tr '/ ' '__').out
  "$@" > "$out" 2>&1
  local rc=$?
  grep -E '^(PASS|FAIL|SKIP|XFAIL) ' "$out" | record
  if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out"; then
    echo "FAIL $name: exited with $rc" | record
    tail -n 20 "$out"
  fi
  if ! grep -qE '^(PASS|FAIL|SKIP|XFAIL) ' "$out"; then
    echo "FAIL $name: ran no check" | record
    tail -n 20 "$out"
  fi
}

# run_script NAME SCRIPT EXPECTED: feeds SCRIPT to the sqlite3 shell on a fresh database
# file, compares stdout+stderr with EXPECTED byte for byte (with --update-expected, writes
# the output to EXPECTED instead when they differ, and says so).
run_script() {
  local name=$1 script=$2 expected=$3
  local db=$TMP/$(basename "$script" .sql).db out=$TMP/$(basename "$script" .sql).actual
  rm -f "$db"
  "${host_env[@]}" stdbuf -o0 -e0 sqlite3 -batch "$db" < "$script" > "$out" 2>&1
  if [ $UPDATE = 1 ] && ! cmp -s "$out" "$expected" 2> /dev/null; then
    cp "$out" "$expected"
    echo "   updated $expected"
  fi
  if [ ! -f "$expected" ]; then
    echo "FAIL $name: no expected output $expected" | record
  elif cmp -s "$out" "$expected"; then
    echo "PASS $name" | record
  else
    echo "FAIL $name: output differs from $expected" | record
    diff "$expected" "$out" | head -n 20
  fi
}

section unit "C unit tests (pure parts)"
for src in tests/unit/test_*.c; do
  selected "unit/$(basename "$src" .c)" "$src" || continue
  bin=$TMP/$(basename "$src" .c)
  if $CC $CFLAGS $src $PURE_SRC -o "$bin" -lsodium 2> "$bin.log"; then
    run_checks "unit/$(basename "$src" .c)" "$bin"
  else
    echo "FAIL unit/$(basename "$src"): does not compile" | record; head "$bin.log"
  fi
done

section c "C programs loading the library with sqlite3_load_extension"
for src in tests/c/test_*.c; do
  selected "c/$(basename "$src" .c)" "$src" || continue
  bin=$TMP/$(basename "$src" .c)
  if $CC $CFLAGS $src -o "$bin" -lsqlite3 -lpthread 2> "$bin.log"; then
    run_checks "c/$(basename "$src" .c)" "${host_env[@]}" "$bin" "$ROOT/dist/authtoken"
  else
    echo "FAIL c/$(basename "$src"): does not compile" | record; head "$bin.log"
  fi
done

section sql "SQL scripts with expected output"
for script in tests/sql/*.sql; do
  selected "sql/$(basename "$script")" "$script" || continue
  run_script "sql/$(basename "$script")" "$script" "${script%.sql}.expected"
done

section shell-examples "shell examples"
for script in shell-examples/*.sql; do
  selected "shell-examples/$(basename "$script")" "$script" || continue
  run_script "shell-examples/$(basename "$script")" "$script" \
    "tests/shell-examples/$(basename "$script" .sql).expected"
done

section docs "README.md executed (tests/docs/test_readme.py)"
for t in tests/docs/test_*.py; do
  selected "docs/$(basename "$t")" "$t" || continue
  run_checks "docs/$(basename "$t")" "${host_env[@]}" "$PY" "$t"
done

section python "Python sqlite3 ($PY)"
for t in tests/python/test_*.py; do
  selected "python/$(basename "$t")" "$t" || continue
  run_checks "python/$(basename "$t")" "${host_env[@]}" "$PY" "$t"
done

section node "Node better-sqlite3@12"
for t in tests/node/test_*.js; do
  selected "node/$(basename "$t")" "$t" || continue
  run_checks "node/$(basename "$t")" "${host_env[@]}" node "$t"
done

section bindings "bindings: Go, Ruby, Perl, PHP, Tcl, Java, Rust, Node (tests/bindings/)"
for t in tests/bindings/*/test.sh; do
  lang=$(basename "$(dirname "$t")")
  selected "bindings/$lang" "$t" || continue
  if [ "${ASAN:-0}" = 1 ] && [ "$lang" = php ]; then
    # PHP dlopens its own modules with RTLD_DEEPBIND, which the preloaded ASan runtime refuses.
    echo "SKIP bindings/php: PHP loads its modules with RTLD_DEEPBIND, which ASan refuses" | record
    continue
  fi
  run_checks "bindings/$lang" bash "$t"
done

if [ -d tests/django ] && [ "${SKIP_DJANGO:-0}" != 1 ]; then
  section django "live Django + DRF"
  for t in tests/django/test_*.py; do
    selected "django/$(basename "$t")" "$t" || continue
    run_checks "django/$(basename "$t")" "${host_env[@]}" "$PY" "$t"
  done
fi

if [ -d tests/http ] && [ "${SKIP_DJANGO:-0}" != 1 ]; then
  section http "HTTP examples (examples/http: Python, Go) against live Django + DRF (gunicorn)"
  for t in tests/http/test_*.py; do
    selected "http/$(basename "$t")" "$t" || continue
    run_checks "http/$(basename "$t")" "${host_env[@]}" "$PY" "$t"
  done
fi

# Packaging builds its own artefacts (make static, shell, deb, wheel, npm pack) from plain
# sources: under `make asan` the library is instrumented and these are not run.
if [ "${ASAN:-0}" != 1 ]; then
  section packaging "packaging (tests/packaging/*.sh: static build, shell, install, deb, Python, Node)"
  for t in tests/packaging/*.sh; do
    selected "packaging/$(basename "$t")" "$t" || continue
    run_checks "packaging/$(basename "$t")" bash "$t"
  done
fi

# A 3-node dqlite cluster on loopback (tests/cluster/run.sh, under 3 minutes). Its node
# processes load the plain library; the sanitized rerun of `make asan` leaves it out.
if [ "${ASAN:-0}" != 1 ]; then
  section cluster "3-node dqlite cluster (tests/cluster: go-dqlite, offline)"
  if selected "cluster/run.sh" tests/cluster/run.sh; then
    run_checks "cluster/run.sh" bash tests/cluster/run.sh
  fi
fi

section suites "suites (tests/suites/*.sh: hardening, fuzzing, sanitizers)"
for t in tests/suites/*.sh; do
  [ -e "$t" ] || continue
  selected "suites/$(basename "$t")" "$t" || continue
  run_checks "suites/$(basename "$t")" bash "$t"
done

if [ $SELECTED = 0 ]; then
  KIND=run
  echo "FAIL run.sh: no test matches: ${PATTERNS[*]}" | record
fi
echo "== checks per kind (passed/failed/skipped/known failures)"
awk -F'\t' '{ split($2, w, " "); if (w[1] == "PASS") p[$1]++; else if (w[1] == "SKIP") s[$1]++;
               else if (w[1] == "XFAIL") x[$1]++; else f[$1]++; k[$1] = 1 }
  END { for (n in k) printf "   %-16s %5d / %d / %d / %d\n", n, p[n], f[n], s[n], x[n] }' "$KINDS" | sort
passed=$(grep -c '^PASS ' "$LOG")
failed=$(grep -c '^FAIL ' "$LOG")
skipped=$(grep -c '^SKIP ' "$LOG")
known=$(grep -c '^XFAIL ' "$LOG")
echo "$skipped skipped, $known known failures (XFAIL: pinned gaps, see README)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
