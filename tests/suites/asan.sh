#!/bin/bash
# tests/suites/asan.sh: the test suite again, against an AddressSanitizer + UBSan build.
#
# Builds dist/asan/root/dist/authtoken.so with clang -fsanitize=address,undefined (the
# normal dist/authtoken.so is left alone), makes dist/asan/root a mirror of the repository
# (symlinks to ext/, tests/*, shell-examples/, its own tests/tmp) and runs tests/run.sh
# there with ASAN=1: unit tests and C programs are compiled with the sanitizers, the sqlite3
# shell, python3 and node get the runtime preloaded. Every check is reported again as
# "asan/<check>". Suites are not re-run (no recursion) and neither are the Django tests
# (SKIP_DJANGO=1, for time; `make asan` runs those too).
set -u
source "$(dirname "$0")/lib/common.bash"
skip_under_asan asan
ROOT=$PWD
M=$ROOT/dist/asan/root
SAN="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
rm -rf "$M" && mkdir -p "$M/dist" "$M/tests/suites" "$M/tests/tmp"
for entry in ext sql shell-examples examples VERSION README.md; do ln -s "$ROOT/$entry" "$M/$entry"; done
for entry in "$ROOT"/tests/*; do
  case "$(basename "$entry")" in tmp|suites) continue ;; esac
  ln -s "$entry" "$M/tests/$(basename "$entry")"
done
make -s dist/gen/sql_embed.h > /dev/null
if ! clang -std=c11 $SAN -Wall -Wextra -fPIC -fvisibility=hidden -Iext -Iext/pure -Iext/sqlite -Idist/gen \
     -DAUTHTOKEN_VERSION="\"$(cat VERSION)\"" -shared ext/*.c ext/pure/*.c ext/sqlite/*.c -o "$M/dist/authtoken.so" \
     -fsanitize=address,undefined -lsodium -ldl 2> "$M/build.log"; then
  echo "FAIL asan/build: clang could not build the sanitized library"; head "$M/build.log"; exit 1
fi
echo "PASS asan/build"

# Test programs use the shared ASan runtime (run.sh preloads it into every host), found at
# run time through an rpath; a static one would clash with the preloaded one.
RT_DIR=$(dirname "$(clang -print-file-name=libclang_rt.asan-x86_64.so)")
PURE=$(ls ext/pure/*.c | tr '\n' ' ') # the pure layer, as the Makefile's PURE_SRC
ASAN=1 SKIP_DJANGO=1 CC=clang CFLAGS="-std=c11 $SAN -shared-libasan -Wl,-rpath,$RT_DIR -Iext -Iext/pure -Iext/sqlite" PURE_SRC="$PURE" \
  AUTHTOKEN_ORACLE="$M/tests/oracle" \
  bash "$M/tests/run.sh" > "$M/run.out" 2>&1
rc=$?
sed -n 's/^\(PASS\|FAIL\) /\1 asan\//p' "$M/tests/tmp/results.log"
tail -n 1 "$M/run.out"
if [ $rc -ne 0 ]; then
  echo "FAIL asan/run: tests/run.sh exited with $rc (see $M/run.out)"
  grep -a -m 10 -E 'ERROR: AddressSanitizer|runtime error|SUMMARY' "$M"/tests/tmp/*.out "$M/run.out"
fi
