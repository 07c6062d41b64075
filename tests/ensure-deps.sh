#!/bin/sh
# ensure-deps.sh KIND PACKAGE...: installs the Debian packages that are missing.
# As root with apt-get: `apt-get update` once, then `apt-get install -y` of what is missing.
# Otherwise: prints the exact command to run and fails. Node's better-sqlite3@12 goes into
# tests/node/node_modules for KIND=test (npm registry).
set -eu
kind=$1; shift

have_package() {
  case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    *) dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' ;;
  esac
}

missing=""
for p in "$@"; do
  have_package "$p" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing$missing (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "authtoken: missing packages for '$kind':$missing" >&2
    echo "install them with:  sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi

if [ "$kind" = test ] && [ ! -f tests/node/node_modules/better-sqlite3/package.json ]; then
  echo "== installing better-sqlite3@12 into tests/node (npm)"
  (cd tests/node && npm install --no-audit --no-fund --loglevel=error better-sqlite3@12 >/dev/null)
fi
