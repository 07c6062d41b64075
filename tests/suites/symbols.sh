#!/bin/bash
# tests/suites/symbols.sh: the names agree end to end (STYLE.md point 1). dist/authtoken.so
# exports one symbol, sqlite3_authtoken_init, links libsodium and never libsqlite3, and the
# sqlite3 shell loads it with no entry-point argument and exits silently.
set -u
source "$(dirname "$0")/lib/common.bash"
SO=$ROOT/dist/authtoken.so
check() { if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: $3"; fi; }

exported=$(nm -D --defined-only "$SO" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | grep -v '^_' | sort)
[ "$exported" = "sqlite3_authtoken_init" ]
check "symbols: the only exported symbol is sqlite3_authtoken_init" $? "exports: $(echo $exported)"

needed=$(readelf -d "$SO" | awk '/NEEDED/ { print $5 }' | tr -d '[]' | tr '\n' ' ')
case "$needed" in *libsqlite3*) r=1 ;; *libsodium*) r=0 ;; *) r=1 ;; esac
check "symbols: links libsodium, never libsqlite3" $r "NEEDED: $needed"

readelf -d "$SO" | grep -q 'BIND_NOW' && readelf -l "$SO" | grep -q 'GNU_RELRO'
check "symbols: full RELRO (-z relro -z now)" $? "missing BIND_NOW or GNU_RELRO"

out=$(cd "$ROOT" && printf '.load ./dist/authtoken\nSELECT authtoken_version();\n' | "${HOST[@]}" sqlite3 :memory: 2>&1)
[ "$out" = "$(cat "$ROOT/VERSION")" ]
check "symbols: .load ./dist/authtoken needs no entry point; the shell prints nothing else" $? "$out"
