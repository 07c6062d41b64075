#!/bin/bash
# tests/packaging/node.sh: the npm package from its packed form. `npm pack` in bindings/node
# (its prepack builds the library with make), the tarball installed into a scratch app with
# no registry, then tests/packaging/check_node.js requires it by name there and loads it into
# better-sqlite3@12 (tests/node) and libsql (tests/bindings/node), both installed by make test.
set -u
source "$(dirname "$0")/lib.bash"
VERSION=$(cat "$ROOT/VERSION")
BETTER=$ROOT/tests/node/node_modules/better-sqlite3
LIBSQL=$ROOT/tests/bindings/node/node_modules/libsql

tgz=$(cd "$ROOT/bindings/node" && env -u CFLAGS -u LDFLAGS -u MAKEFLAGS -u MAKELEVEL npm pack --silent --pack-destination "$SCRATCH" 2> "$SCRATCH/pack.log")
[ "$tgz" = "sqlite-authtoken-$VERSION.tgz" ] && [ -f "$SCRATCH/$tgz" ]
check "node: npm pack makes sqlite-authtoken-VERSION.tgz (package.json's version is VERSION)" $? \
  "$tgz $(tail -n 5 "$SCRATCH/pack.log")"
[ -f "$SCRATCH/$tgz" ] || exit 1

members=$(tar tzf "$SCRATCH/$tgz" | sort | tr '\n' ' ')
[ "$members" = "package/README.md package/authtoken.so package/index.d.ts package/index.js package/package.json " ]
check "node: the tarball holds the loader, its types, the README and the library" $? "$members"
tar xzOf "$SCRATCH/$tgz" package/authtoken.so | cmp -s - "$ROOT/dist/authtoken.so"
check "node: the bundled library is dist/authtoken.so" $? "differs"

mkdir -p "$SCRATCH/app" && echo '{ "name": "app", "private": true }' > "$SCRATCH/app/package.json"
(cd "$SCRATCH/app" && npm install --offline --no-audit --no-fund --loglevel=error "../$tgz") > "$SCRATCH/install.log" 2>&1
check "node: the tarball installs offline into a scratch app" $? "$(tail -n 5 "$SCRATCH/install.log")"
cp "$ROOT/tests/packaging/check_node.js" "$SCRATCH/app/"
(cd "$SCRATCH" && node app/check_node.js "$VERSION" "$BETTER" "$LIBSQL")
