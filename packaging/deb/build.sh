#!/bin/sh
# packaging/deb/build.sh STAGE VERSION OUT: wraps the files `make install` put under STAGE
# into the Debian package OUT with dpkg-deb. Depends comes from dpkg-shlibdeps (the shared
# libraries the ELF files need, with the versions Debian's symbols files require); md5sums
# as dpkg expects; owner root. Called by `make deb`.
set -eu
stage=$1 version=$2 out=$3
arch=$(dpkg --print-architecture)
work=$(dirname "$out")/deb-work
rm -rf "$work" "$stage/DEBIAN" && mkdir -p "$work/debian" "$stage/DEBIAN"

elves=$(cd "$stage" && find . -type f \( -name '*.so' -o -path './usr/bin/*' \) | sed 's|^\./||')
printf 'Source: authtoken\n\nPackage: sqlite3-authtoken\nArchitecture: any\n' > "$work/debian/control"
deps=$(cd "$work" && for f in $elves; do printf -- '-e%s ' "$stage/$f"; done |
  xargs dpkg-shlibdeps -O 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$deps" ] || { echo "build.sh: dpkg-shlibdeps found no dependency" >&2; exit 1; }

size=$(du -sk "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: sqlite3-authtoken
Version: $version
Architecture: $arch
Maintainer: authtoken developers <authtoken@invalid>
Installed-Size: $size
Depends: $deps
Suggests: sqlite3
Section: database
Priority: optional
Description: Django REST Framework's token authentication inside SQLite
 authtoken.so, a loadable SQLite extension: DRF's token table, its post_save
 trigger, TokenAuthentication's answers (token_user, token_auth_error) and
 obtain_auth_token (token_obtain) in SQL. Installed in the loader's search
 path, so the sqlite3 shell loads it by name: .load authtoken
 .
 sqlite3-authtoken: the sqlite3 shell with the extension built in (SQLite and
 libsodium linked statically), for systems that forbid loading extensions.
CONTROL
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | sort |
  xargs md5sum > DEBIAN/md5sums)
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" > /dev/null
rm -rf "$work"
