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
# REVIEWED lists the plain comparisons read and found to compare no secret (format names
# and literals); any other one fails until someone reviews it and adds it here.
REVIEWED='memcmp\(f\.p, lit, f\.n\)|memcmp\(out, setting, 7\)|strcmp\(algorithm, "'
for f in ext/pure/password.c ext/pure/pbkdf2.c ext/sqlite/login.c; do
  [ -f "$f" ] || continue
  all=$(grep -nE '\b(memcmp|strcmp|strncmp)\s*\(' "$f")
  unreviewed=$(printf '%s\n' "$all" | grep -vE "$REVIEWED" | grep -v '^$')
  if [ -n "$unreviewed" ]; then
    echo "FAIL secrets/review $f: plain comparisons not reviewed as non-secret (use sodium_memcmp, or review and add to REVIEWED in tests/suites/schema.sh):"
    printf '%s\n' "$unreviewed" | sed 's/^/    /'
  else
    echo "PASS secrets/review $f: $(printf "%s" "$all" | grep -c .) plain comparisons, all reviewed as non-secret"
  fi
  grep -q sodium_memzero "$f" && echo "PASS secrets/review $f: wipes with sodium_memzero" \
    || echo "FAIL secrets/review $f: no sodium_memzero"
done
grep -q sodium_memcmp ext/pure/password.c && echo "PASS secrets/review: digests compared with sodium_memcmp" \
  || echo "FAIL secrets/review: ext/pure/password.c does not use sodium_memcmp"
