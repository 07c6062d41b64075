# tests/suites/lib/common.bash: sourced by the suites. Sets ROOT, PY, EXT (the library to load, no
# suffix), and HOST (a command prefix that preloads the ASan runtime when the library was
# built by `make asan`, as tests/run.sh does for its own hosts).
# shellcheck shell=bash
cd "$(dirname "${BASH_SOURCE[0]}")/../../.." || exit 1
ROOT=$PWD
PY=/usr/bin/python3
EXT=$ROOT/dist/authtoken
HOST=()
if [ "${ASAN:-0}" = 1 ]; then
  HOST=(env "LD_PRELOAD=$(clang -print-file-name=libclang_rt.asan-x86_64.so)"
        "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1" "UBSAN_OPTIONS=halt_on_error=1")
fi
export AUTHTOKEN_EXT=$EXT
# skip_under_asan NAME: for suites that build or check their own instrumented binaries.
skip_under_asan() {
  if [ "${ASAN:-0}" = 1 ]; then echo "SKIP $1: the library was built by make asan"; exit 0; fi
}
