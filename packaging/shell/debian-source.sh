#!/bin/sh
# packaging/shell/debian-source.sh DIR: writes DIR/shell.c, the source of the `sqlite3` shell
# of the SQLite that Debian installed here (libsqlite3-0), for make shell.
#
# Debian ships no shell.c in a binary package, so this takes Debian's source package of that
# version (`apt-get source --download-only`, verified by apt against the signed
# Sources index) through a private sources list, DIR/apt: the deb-src twins of this machine's
# own Debian entries. Nothing in /etc/apt changes. From the upstream tarball it runs
# tool/mkshellc.tcl (tclsh), which is how SQLite makes shell.c. Debian's patches are checked
# not to touch the shell's sources (none does in 3.40.1-2+deb12u2); one that does stops here.
set -eu
mkdir -p "$1"
out=$(cd "$1" && pwd) # apt reads relative Dir:: paths from /etc/apt
apt=$out/apt
mkdir -p "$apt/lists/partial" "$apt/parts" "$out/download"
pkg=libsqlite3-0
src=$(dpkg-query -W -f='${source:Package}' "$pkg")
ver=$(dpkg-query -W -f='${source:Version}' "$pkg")
upstream=${ver%-*}
. /etc/os-release
codename=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}

# deb-src twins of the Debian entries (suite = codename, codename-updates, -security, ...).
{
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk -v c="$codename" '$1 == "deb" && $0 ~ (" " c "(-[a-z]+)? ") { $1 = "deb-src"; print }'
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] && awk -v c="$codename" -v RS= '
      { keep = 0; n = split($0, line, "\n"); stanza = ""
        for (i = 1; i <= n; i++) {
          if (line[i] ~ /^Suites:/ && line[i] ~ (" " c "(-[a-z]+)?( |$)")) keep = 1
          if (line[i] ~ /^Types:/) line[i] = "Types: deb-src"
          if (line[i] !~ /^#/) stanza = stanza line[i] "\n"
        }
        if (keep) printf "%s\n", stanza }' "$f"
  done
} > "$apt/sources.list.tmp"
# A one-line file and a deb822 file cannot share a name: split them.
grep -v '^deb-src ' "$apt/sources.list.tmp" > "$apt/parts/debian.sources" || true
grep '^deb-src ' "$apt/sources.list.tmp" > "$apt/sources.list" || true
[ -s "$apt/parts/debian.sources" ] || rm -f "$apt/parts/debian.sources"
if [ ! -s "$apt/sources.list" ] && [ ! -e "$apt/parts/debian.sources" ]; then
  echo "debian-source.sh: no Debian entry for $codename in /etc/apt" >&2
  exit 1
fi

aptget() {
  apt-get -q -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/parts" \
    -o Dir::State::Lists="$apt/lists" -o APT::Sandbox::User=root "$@"
}
aptget update > "$apt/update.log" 2>&1 || { cat "$apt/update.log" >&2; exit 1; }
# The installed revision, or (once the archive has dropped it) the one it now carries of the
# same upstream version: shell.c comes from the upstream tarball, which they share.
rm -f "$out"/download/*
(cd "$out/download" && { aptget source --download-only "$src=$ver" || aptget source --download-only "$src"; }) \
  > "$apt/source.log" 2>&1 || { cat "$apt/source.log" >&2; exit 1; }
orig=$(ls "$out/download/${src}_${upstream#*:}".orig.tar.* 2>/dev/null | head -n 1)
debian=$(ls "$out"/download/"${src}"_*.debian.tar.* 2>/dev/null | head -n 1)
if [ -z "$orig" ] || [ -z "$debian" ]; then
  echo "debian-source.sh: the archive has no source of $src $upstream (installed: $ver)" >&2
  ls "$out/download" >&2
  exit 1
fi
touched=$(tar xOf "$debian" --wildcards 'debian/patches/*' |
  awk '/^\+\+\+ / && $2 ~ /(shell\.c\.in|ext\/misc\/|ext\/expert\/|ext\/recover\/|test_windirent)/ { print $2 }')
if [ -n "$touched" ]; then
  echo "debian-source.sh: Debian patches the shell's sources ($touched): apply them first" >&2
  exit 1
fi

rm -rf "$out/tree" && mkdir -p "$out/tree"
tar xf "$orig" -C "$out/tree" --strip-components=1 --wildcards \
  '*/src/shell.c.in' '*/src/test_windirent.*' '*/ext/misc/*' '*/ext/expert/*' \
  '*/ext/recover/*' '*/tool/mkshellc.tcl'
tclsh "$out/tree/tool/mkshellc.tcl" > "$out/shell.c.tmp"
mv "$out/shell.c.tmp" "$out/shell.c"
echo "$src $upstream" > "$out/shell.c.version"
