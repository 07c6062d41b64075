#!/bin/bash
# tests/packaging/deb.sh: make deb, then the package unpacked into a scratch root with
# dpkg-deb -x. Its fields (Depends from dpkg-shlibdeps), its files and md5sums; the library
# sits in the multiarch directory, which is on the dynamic loader's own search path, so
# `.load authtoken` finds it by name (SQLite passes "authtoken", then "authtoken.so", to
# dlopen, which searches the loader's paths, never the current directory); the shell works.
set -u
source "$(dirname "$0")/lib.bash"
VERSION=$(cat "$ROOT/VERSION")
ARCH=$(dpkg --print-architecture)
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
DEB=$ROOT/dist/sqlite3-authtoken_${VERSION}-1_${ARCH}.deb
build deb

f() { dpkg-deb -f "$DEB" "$1"; }
[ "$(f Package) $(f Version) $(f Architecture)" = "sqlite3-authtoken $VERSION-1 $ARCH" ]
check "deb: Package, Version (VERSION-1), Architecture" $? "$(f Package) $(f Version) $(f Architecture)"

deps=$(f Depends)
case "$deps" in *libsodium23*libsqlite3*|*libsqlite3*) r=1 ;; *libc6*libsodium23*) r=0 ;; *) r=1 ;; esac
check "deb: Depends names libc6 and libsodium23, not libsqlite3 (the shell links SQLite in)" $r "$deps"

files=$(dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { print $1, $6 }' | sort | tr '\n' ';')
want="-rw-r--r-- ./usr/lib/$MA/authtoken.so;-rw-r--r-- ./usr/share/doc/sqlite3-authtoken/README.md.gz;-rwxr-xr-x ./usr/bin/sqlite3-authtoken;"
[ "$files" = "$want" ]
check "deb: holds the library (multiarch dir), the shell and the README" $? "$files"

R=$SCRATCH/root
dpkg-deb -x "$DEB" "$R" && dpkg-deb -e "$DEB" "$SCRATCH/DEBIAN"
(cd "$R" && md5sum --quiet -c "$SCRATCH/DEBIAN/md5sums") > "$SCRATCH/md5.log" 2>&1
check "deb: md5sums match the unpacked files" $? "$(head -3 "$SCRATCH/md5.log")"

exported=$(nm -D --defined-only "$R/usr/lib/$MA/authtoken.so" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | grep -v '^_')
[ "$exported" = sqlite3_authtoken_init ]
check "deb: the packaged library still exports only sqlite3_authtoken_init" $? "$exported"

LD_DEBUG=libs sqlite3 :memory: '.load authtoken_no_such_name' 2>&1 |
  grep 'system search path' | grep -q "[=:]/usr/lib/$MA[:	]"
check "deb: /usr/lib/$MA is on the loader's system search path" $? \
  "$(LD_DEBUG=libs sqlite3 :memory: '.load authtoken_no_such_name' 2>&1 | grep -m1 'search path')"

# Installed, the loader would search /usr/lib/$MA; unpacked here, LD_LIBRARY_PATH points it at
# the same directory inside the scratch root. From another directory, by name only.
out=$(cd "$SCRATCH" && LD_DEBUG=libs LD_LIBRARY_PATH="$R/usr/lib/$MA" sqlite3 :memory: '.load authtoken' \
  'SELECT authtoken_version()' 2> "$SCRATCH/ld.log")
[ "$out" = "$VERSION" ] && grep -q "file=$R/usr/lib/$MA/authtoken.so" "$SCRATCH/ld.log"
check "deb: .load authtoken finds the library by name in that directory" $? "$out $(grep -m2 authtoken "$SCRATCH/ld.log")"

rm -f "$SCRATCH/q.db"
grep -v '^\.load ' "$ROOT/shell-examples/quickstart.sql" | stdbuf -o0 -e0 "$R/usr/bin/sqlite3-authtoken" -batch "$SCRATCH/q.db" > "$SCRATCH/q.out" 2>&1
cmp -s "$SCRATCH/q.out" "$ROOT/tests/shell-examples/quickstart.expected"
check "deb: the packaged sqlite3-authtoken runs the quickstart without .load" $? "$(head -3 "$SCRATCH/q.out")"
