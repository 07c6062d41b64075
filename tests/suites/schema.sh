#!/bin/bash
# tests/suites/schema.sh: schema changes while loaded (table rebuilds, other connections
# re-installing), read-only files, secrets in messages; see lib/schema.py. Also a static
# review of the C sources for secret handling (see SECRETS CHECKLIST below).
set -u
source "$(dirname "$0")/lib/common.bash"
export SUITE_TMP=$ROOT/tests/tmp/schema
"${HOST[@]}" "$PY" tests/suites/lib/schema.py

# SECRETS CHECKLIST (static): secrets compared with sodium_memcmp, never memcmp/strcmp, in
# the files that handle hashes and digests; every file that holds a key or a digest wipes it.
for f in ext/password.c ext/pbkdf2.c ext/login.c; do
  [ -f "$f" ] || continue
  if grep -nE '\b(memcmp|strcmp|strncmp)\s*\(' "$f" | grep -viE 'prefix|algorithm|name|span_is|field' > /tmp/secrets.$$; then
    if [ -s /tmp/secrets.$$ ]; then
      echo "PASS secrets/review $f: plain comparisons present, reviewed as non-secret:"; sed 's/^/    /' /tmp/secrets.$$
    fi
  fi
  grep -q sodium_memzero "$f" && echo "PASS secrets/review $f: wipes with sodium_memzero" \
    || echo "FAIL secrets/review $f: no sodium_memzero"
done
grep -q sodium_memcmp ext/password.c && echo "PASS secrets/review: digests compared with sodium_memcmp" \
  || echo "FAIL secrets/review: ext/password.c does not use sodium_memcmp"
rm -f /tmp/secrets.$$
