#!/bin/bash
# tests/suites/fuzz.sh: builds the libFuzzer targets (make fuzz-build) and runs each one on
# its seed corpus (generated from tests/oracle/drf into dist/fuzz/corpus).
#   bash tests/suites/fuzz.sh                 short run for make test (FUZZ_SECONDS, default 15)
#   bash tests/suites/fuzz.sh --seconds 600   what `make fuzz` calls
# Prints PASS/FAIL per target with the executions done; a crash, leak, sanitizer report,
# timeout or reference-model mismatch fails and leaves its input in dist/fuzz/crash-<target>-*.
set -u
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-15}
[ "${1:-}" = --seconds ] && seconds=$2

if ! make -s fuzz-build > dist/fuzz-build.log 2>&1; then
  echo "FAIL fuzz/build: make fuzz-build failed"; tail -n 20 dist/fuzz-build.log; exit 1
fi
echo "PASS fuzz/build"

for target in fuzz_header fuzz_password fuzz_sql fuzz_body fuzz_knox; do
  found=dist/fuzz/found/$target
  mkdir -p "$found"
  log=dist/fuzz/$target.log
  corpus=dist/fuzz/corpus/${target#fuzz_}
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    dist/fuzz/$target -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="dist/fuzz/crash-$target-" \
    "$found" "$corpus" > "$log" 2>&1
  rc=$?
  runs=$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$')
  if [ $rc -eq 0 ]; then
    echo "PASS fuzz/$target: ${runs:-?} executions in ${seconds}s"
  else
    echo "FAIL fuzz/$target: exit $rc after ${runs:-?} executions (see $log)"
    grep -a -m 5 -E 'ERROR|SUMMARY|deadly|Test unit written' "$log"
  fi
done
