#!/bin/bash
# tests/packaging/static.sh: make static. dist/authtoken.o defines two global symbols
# (authtoken_register, sqlite3_authtoken_init) and references SQLite's API directly
# (SQLITE_CORE: no sqlite3_api table); tests/packaging/test_static.c, linked with -lsqlite3,
# registers it without load_extension.
set -u
source "$(dirname "$0")/lib.bash"
build static

defined=$(nm --defined-only -g "$ROOT/dist/authtoken.o" | awk '{ print $3 }' | sort | tr '\n' ' ')
[ "$defined" = "authtoken_register sqlite3_authtoken_init " ]
check "static: dist/authtoken.o defines only authtoken_register and sqlite3_authtoken_init" $? "$defined"

nm -u "$ROOT/dist/authtoken.o" | grep -q ' sqlite3_prepare_v3$' && ! nm "$ROOT/dist/authtoken.o" | grep -q 'sqlite3_api'
check "static: calls SQLite's API directly, no sqlite3_api table" $? "$(nm "$ROOT/dist/authtoken.o" | grep sqlite3_api)"

ar t "$ROOT/dist/libauthtoken.a" | grep -qx 'authtoken.o'
check "static: dist/libauthtoken.a holds dist/authtoken.o" $? "$(ar t "$ROOT/dist/libauthtoken.a")"

bin=$SCRATCH/test_static
if cc -std=c11 -Wall -Wextra -Werror -I"$ROOT/ext" "$ROOT/tests/packaging/test_static.c" \
     "$ROOT/dist/libauthtoken.a" -o "$bin" -lsqlite3 -lsodium 2> "$SCRATCH/cc.log"; then
  check "static: a program links dist/libauthtoken.a with -lsqlite3 -lsodium, no warning" 0
  "$bin" "$(cat "$ROOT/VERSION")" "$SCRATCH"
else
  check "static: a program links dist/libauthtoken.a with -lsqlite3 -lsodium, no warning" 1 "$(head -5 "$SCRATCH/cc.log")"
fi
