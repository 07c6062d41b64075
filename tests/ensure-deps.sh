#!/bin/sh
# ensure-deps.sh KIND PACKAGE...: installs the Debian packages that are missing.
# As root with apt-get: `apt-get update` once, then `apt-get install -y` of what is missing.
# Otherwise: prints the exact command to run and fails. For KIND=test, from the npm registry:
# better-sqlite3@12 into tests/node/node_modules, libsql into tests/bindings/node/node_modules.
# A toolchain already on PATH counts as installed (go, javac, cargo: rustup's, say).
set -eu
kind=$1; shift

have_package() {
  case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    golang-go) command -v go >/dev/null 2>&1 ;;
    default-jdk-headless) command -v javac >/dev/null 2>&1 ;;
    cargo) command -v cargo >/dev/null 2>&1 ;;
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
    # Another apt-get (a parallel make, a machine's own set-up) may hold the lock: wait.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    # shellcheck disable=SC2086
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "authtoken: missing packages for '$kind':$missing" >&2
    echo "install them with:  sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi

if [ "$kind" = test ] && [ ! -f tests/node/node_modules/better-sqlite3/package.json ]; then
  echo "== installing better-sqlite3@12 into tests/node (npm)"
  # node-gyp compiles better-sqlite3 with the environment's compiler flags: make asan's
  # (clang-only -shared-libasan, sanitizers) must not reach it.
  (cd tests/node && env -u CC -u CXX -u CFLAGS -u CXXFLAGS -u CPPFLAGS -u LDFLAGS -u LD_PRELOAD \
     npm install --no-audit --no-fund --loglevel=error better-sqlite3@12 >/dev/null)
fi

if [ "$kind" = test ] && [ ! -f tests/bindings/node/node_modules/libsql/package.json ]; then
  echo "== installing libsql into tests/bindings/node (npm)"
  (cd tests/bindings/node && env -u CC -u CXX -u CFLAGS -u CXXFLAGS -u CPPFLAGS -u LDFLAGS \
     -u LD_PRELOAD npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
