#!/bin/bash
# tests/suites/targets.sh: `make asan`, `make valgrind`, `make fuzz` and `make bench` each work
# as the first command on a fresh clone. Each runs in a scratch copy of the sources (no dist/,
# no tests/tmp, nothing beside it; the node_modules of tests/ are linked in to spare npm) from a
# clean environment (no MAKEFLAGS, CFLAGS, LDFLAGS or CC from the calling make), narrowed so
# that it stays cheap: `make asan ONLY="c/test_load suites/symbols"` (the sanitized build, one
# C program under ASan, and the symbols suite's RELRO check on the sanitized library),
# `make valgrind ONLY=quickstart`, `make fuzz FUZZ_SECONDS=1`, `make bench` with tiny sizes
# and no callgrind. No timing is asserted; a target that fails to build or run fails here.
set -u
source "$(dirname "$0")/lib/common.bash"
skip_under_asan targets # make asan inside make asan would recurse
SCRATCH=$ROOT/tests/tmp/targets
rm -rf "$SCRATCH" && mkdir -p "$SCRATCH"

# fresh_copy DIR: the repository's files (tracked and untracked-not-ignored, as in the work
# tree) copied into DIR, as a clone would have them.
fresh_copy() {
  mkdir -p "$1"
  if git -C "$ROOT" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
      tar -C "$ROOT" --null -T - --ignore-failed-read -cf - 2> /dev/null | tar -C "$1" -xf -
  else
    tar -C "$ROOT" --exclude=./dist --exclude=./tests/tmp --exclude=node_modules \
      --exclude=./bench/out -cf - . | tar -C "$1" -xf -
  fi
  local m
  for m in tests/node/node_modules tests/bindings/node/node_modules; do
    if [ -d "$ROOT/$m" ] && [ -d "$1/$(dirname "$m")" ]; then ln -s "$ROOT/$m" "$1/$m"; fi
  done
}

# target NAME MAKE-ARGS...: make MAKE-ARGS in a fresh copy; PASS if it exits 0 and its output
# has no FAIL line and ends "0 failed" where it runs tests.
target() {
  local name=$1; shift
  local dir=$SCRATCH/$name log=$SCRATCH/$name.log
  fresh_copy "$dir"
  local start=$SECONDS
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CC -u CFLAGS -u LDFLAGS -u PURE_SRC -u ASAN \
    -u AUTHTOKEN_ORACLE make -C "$dir" "$@" > "$log" 2>&1
  local rc=$?
  if [ $rc -ne 0 ] || grep -q '^FAIL ' "$log"; then
    echo "FAIL targets/$name: make $* in a fresh copy exited $rc (see $log)"
    grep -m 5 '^FAIL \|rror' "$log"; tail -n 5 "$log"
    return 1
  fi
  echo "PASS targets/$name: make $* works as the first command in a fresh copy ($((SECONDS - start)) s)"
  return 0
}

if target asan asan ONLY="c/test_load suites/symbols"; then
  results=$SCRATCH/asan/tests/tmp/results.log # the checks run.sh counted there
  if grep -q '^PASS symbols: full RELRO' "$results" && grep -q '^PASS reload: ' "$results" &&
     grep -q 'ASAN=1' "$SCRATCH/asan.log"; then
    echo "PASS targets/asan: the sanitized library has full RELRO and loads in a C program"
  else
    echo "FAIL targets/asan: the narrowed run lacks its checks (see $SCRATCH/asan.log)"
  fi
fi
if target valgrind valgrind ONLY=quickstart; then
  if grep -q '^PASS valgrind/shell-examples/quickstart.sql' "$SCRATCH/valgrind.log"; then
    echo "PASS targets/valgrind: quickstart.sql ran clean under memcheck"
  else
    echo "FAIL targets/valgrind: no memcheck check ran (see $SCRATCH/valgrind.log)"
  fi
fi
if target fuzz fuzz FUZZ_SECONDS=1; then
  n=$(grep -c '^PASS fuzz/fuzz_' "$SCRATCH/fuzz.log")
  if [ "$n" = 5 ]; then
    echo "PASS targets/fuzz: the five fuzzers built and ran"
  else
    echo "FAIL targets/fuzz: $n of 5 fuzzers ran (see $SCRATCH/fuzz.log)"
  fi
fi
if target bench bench BENCH_SIZES=300 BENCH_FREE=100 BENCH_ROUNDS=1 BENCH_CALLS_TXN=50 \
     BENCH_CALLS_AUTO=20 BENCH_MEM_CALLS=1000 BENCH_USERS=300 BENCH_CONNS=4 BENCH_DRF_ROUNDS=1 \
     BENCH_DRF_CALLS=5 BENCH_CALLGRIND=0 BENCH_PBKDF2_ROUNDS=1 BENCH_CLUSTER_CALLS=20 \
     BENCH_STALL_USERS=300 BENCH_HTTP_SECONDS=1 BENCH_HTTP_USERS=100; then
  if [ -s "$SCRATCH/bench/bench/out/results.tsv" ] &&
     ! cmp -s "$SCRATCH/bench/bench/results.md" "$ROOT/bench/results.md"; then
    echo "PASS targets/bench: results.md written from a tiny run"
  else
    echo "FAIL targets/bench: no results.md (see $SCRATCH/bench.log)"
  fi
  # Section 9 (the knox scheme, issue 10): figures at the tiny size for token_user vs the bare
  # statement, token_create vs INSERT and knox's Python authentication. (A library without
  # the scheme would get "Not run: ..." there, which is a failure for this tree.)
  knox=$(sed -n '/^## 9\. The knox scheme/,/^## Chart/p' "$SCRATCH/bench/bench/results.md" 2> /dev/null)
  if grep -q '^| 300 | autocommit | valid | [0-9]' <<< "$knox" &&
     grep -q '^| 300 | read transaction | invalid | [0-9]' <<< "$knox" &&
     grep -q '^| 300 | [0-9.]* | [0-9.]* | [0-9.]* |' <<< "$knox" && grep -q '^| 300 | valid | [0-9]' <<< "$knox"; then
    echo "PASS targets/bench: the knox section has token_user, token_create and knox (Python) figures"
  else
    echo "FAIL targets/bench: no knox figures in results.md: $(grep -m1 '^Not run' <<< "$knox") (see $SCRATCH/bench.log)"
  fi
  if grep -q '^| /me | on | [0-9]' "$SCRATCH/bench/bench/http-results.md" 2> /dev/null; then
    echo "PASS targets/bench: http-results.md written from a tiny HTTP run (ab on four servers)"
  else
    echo "FAIL targets/bench: no HTTP figures (see $SCRATCH/bench.log)"
  fi
fi
