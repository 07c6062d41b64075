#!/bin/bash
# tests/packaging/python.sh: the Python package from its packed forms. A wheel built with
# Debian's pip (no index, no build isolation) and installed into a fresh venv;
# `pip install ./bindings/python` into a --target directory; the same in a venv made with
# --system-site-packages (Debian's setuptools and wheel build it, no index). Each imported
# from where it was installed (tests/packaging/check_python.py), the repository not on the path.
set -u -o pipefail
source "$(dirname "$0")/lib.bash"
VERSION=$(cat "$ROOT/VERSION")
PIP=(env -u CFLAGS -u LDFLAGS -u MAKEFLAGS -u MAKELEVEL "$PY" -m pip --disable-pip-version-check --no-cache-dir)

"${PIP[@]}" wheel -q --no-index --no-build-isolation --no-deps -w "$SCRATCH/wheel" ./bindings/python \
  > "$SCRATCH/wheel.log" 2>&1
wheel=$(ls "$SCRATCH"/wheel/*.whl 2>/dev/null)
case "$wheel" in */sqlite_authtoken-"$VERSION"-py3-none-linux_*.whl) r=0 ;; *) r=1 ;; esac
check "python: pip wheel builds sqlite_authtoken-$VERSION-py3-none-linux_<arch>.whl" $r \
  "${wheel:-$(tail -n 5 "$SCRATCH/wheel.log")}"
[ $r = 0 ] || exit 1

members=$(unzip -Z1 "$wheel" | grep -v dist-info | sort | tr '\n' ' ')
[ "$members" = "sqlite_authtoken/__init__.py sqlite_authtoken/authtoken.so " ]
check "python: the wheel holds the module and the library" $? "$members"

"$PY" -m venv "$SCRATCH/venv" > "$SCRATCH/venv.log" 2>&1 &&
  "$SCRATCH/venv/bin/python" -m pip install -q --no-index --disable-pip-version-check "$wheel" \
    >> "$SCRATCH/venv.log" 2>&1
check "python: the wheel installs into a fresh venv with no index" $? "$(tail -n 5 "$SCRATCH/venv.log")"
(cd "$SCRATCH" && "$SCRATCH/venv/bin/python" "$ROOT/tests/packaging/check_python.py" "$VERSION" "$ROOT/bindings")

"${PIP[@]}" install -q --no-index --no-build-isolation --target "$SCRATCH/target" ./bindings/python \
  > "$SCRATCH/target.log" 2>&1
check "python: pip install ./bindings/python --target DIR, no index" $? "$(tail -n 5 "$SCRATCH/target.log")"
(cd "$SCRATCH" && PYTHONPATH="$SCRATCH/target" "$PY" "$ROOT/tests/packaging/check_python.py" "$VERSION" "$ROOT/bindings") |
  sed 's/^\(PASS\|FAIL\) python: /\1 python --target: /'

"$PY" -m venv --system-site-packages "$SCRATCH/sysvenv" > "$SCRATCH/sysvenv.log" 2>&1 &&
  env -u CFLAGS -u LDFLAGS -u MAKEFLAGS -u MAKELEVEL "$SCRATCH/sysvenv/bin/python" -m pip install -q \
    --no-index --no-build-isolation --disable-pip-version-check ./bindings/python >> "$SCRATCH/sysvenv.log" 2>&1
check "python: pip install ./bindings/python in a --system-site-packages venv, no index" $? \
  "$(tail -n 5 "$SCRATCH/sysvenv.log")"
(cd "$SCRATCH" && "$SCRATCH/sysvenv/bin/python" "$ROOT/tests/packaging/check_python.py" "$VERSION" "$ROOT/bindings") |
  sed 's/^\(PASS\|FAIL\) python: /\1 python venv: /'
