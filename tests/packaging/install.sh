#!/bin/bash
# tests/packaging/install.sh: make install into scratch roots (DESTDIR), with PREFIX given and
# by default (/usr/local): the loadable library, the static archive and its header, the shell,
# each at its place and mode and each working from there.
set -u
source "$(dirname "$0")/lib.bash"
VERSION=$(cat "$ROOT/VERSION")

build install DESTDIR="$SCRATCH/root" PREFIX=/opt/authtoken
P=$SCRATCH/root/opt/authtoken
files=$(cd "$SCRATCH/root" && find . -type f -printf '%m %p\n' | sort | tr '\n' ';')
want='644 ./opt/authtoken/include/authtoken.h;644 ./opt/authtoken/lib/authtoken.so;644 ./opt/authtoken/lib/libauthtoken.a;755 ./opt/authtoken/bin/sqlite3-authtoken;'
[ "$files" = "$(echo "$want" | tr ';' '\n' | sort | grep . | tr '\n' ';')" ]
check "install: PREFIX=/opt/authtoken installs lib, archive, header, shell with their modes" $? "$files"

out=$(cd / && sqlite3 :memory: ".load $P/lib/authtoken" 'SELECT authtoken_version()' 2>&1)
[ "$out" = "$VERSION" ]
check "install: sqlite3 loads the installed library by its path, no entry point" $? "$out"

out=$("$P/bin/sqlite3-authtoken" :memory: "SELECT authtoken_version(), token_auth_error('Token x y')" 2>&1)
[ "$out" = "$VERSION|Invalid token header. Token string should not contain spaces." ]
check "install: the installed shell has the extension built in" $? "$out"

cat > "$SCRATCH/app.c" <<'C'
#include <authtoken.h>
#include <stdio.h>
static int print(void *arg, int n, char **v, char **names) { (void)arg; (void)n; (void)names; printf("%s\n", v[0]); return 0; }
int main(void) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  if (authtoken_register(db) != SQLITE_OK) return 1;
  sqlite3_exec(db, "SELECT authtoken_version()", print, NULL, NULL);
  return sqlite3_close(db) == SQLITE_OK ? 0 : 1;
}
C
if cc -std=c11 -Wall -Werror -I"$P/include" "$SCRATCH/app.c" "$P/lib/libauthtoken.a" -o "$SCRATCH/app" \
     -lsqlite3 -lsodium 2> "$SCRATCH/app.log"; then
  out=$("$SCRATCH/app" 2>&1)
  [ "$out" = "$VERSION" ]
  check "install: a program built with the installed header and archive registers it" $? "$out"
else
  check "install: a program built with the installed header and archive registers it" 1 "$(head -3 "$SCRATCH/app.log")"
fi

build install DESTDIR="$SCRATCH/default"
files=$(cd "$SCRATCH/default" && find . -type f | sort | tr '\n' ' ')
[ "$files" = "./usr/local/bin/sqlite3-authtoken ./usr/local/include/authtoken.h ./usr/local/lib/authtoken.so ./usr/local/lib/libauthtoken.a " ]
check "install: PREFIX defaults to /usr/local" $? "$files"
