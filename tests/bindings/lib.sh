# lib.sh: sourced by tests/bindings/<lang>/test.sh. Sets ROOT, EXT (dist/authtoken, without
# .so, as users pass it), BUILD (dist/bindings/<lang>: compiled test programs and build caches,
# reused while their sources are unchanged; `make clean` removes them) and WORK (a fresh
# scratch directory, tests/tmp/bindings/<lang>).
# Under tests/suites/asan.sh, ROOT is its mirror (a sanitized dist/authtoken.so) while BUILD
# stays in the repository's own dist/ (found through the mirror's symlinks), so the mirror,
# made anew each run, does not rebuild the Go, Java and Rust programs.
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LANG_DIR=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd -P)
EXT=$ROOT/dist/authtoken
BUILD=$(cd "$LANG_DIR/../../.." && pwd)/dist/bindings/$(basename "$LANG_DIR")
WORK=$ROOT/tests/tmp/bindings/$(basename "$LANG_DIR")
rm -rf "$WORK" && mkdir -p "$WORK" "$BUILD"

# stale OUT SRC...: true when OUT is missing or older than one of SRC.
stale() {
  local out=$1 src; shift
  [ -e "$out" ] || return 0
  for src; do [ "$src" -nt "$out" ] && return 0; done
  return 1
}

# host CMD...: runs the test program; under `make asan` with the sanitizer runtime preloaded
# (the library is sanitized, the host is not), as tests/run.sh does for python3 and node.
host() {
  if [ "${ASAN:-0}" = 1 ]; then
    env "LD_PRELOAD=$(${CC:-clang} -print-file-name=libclang_rt.asan-x86_64.so)" \
        "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1" "$@"
  else
    "$@"
  fi
}
