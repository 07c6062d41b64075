#!/bin/bash
# tests/packaging/shell.sh: make shell. dist/sqlite3-authtoken is SQLite's own shell (the
# shell.c of the SQLite Debian installed) with the extension built in from the static build:
# no `.load`, even in -safe mode where loading is forbidden; SQLite and libsodium linked in;
# every shell example, its `.load` line dropped, prints its expected output.
set -u
source "$(dirname "$0")/lib.bash"
build shell
SH=$ROOT/dist/sqlite3-authtoken

needed=$(readelf -d "$SH" | awk '/NEEDED/ { print $5 }' | tr -d '[]' | tr '\n' ' ')
case "$needed" in *libsqlite3*|*libsodium*) r=1 ;; *) r=0 ;; esac
check "shell: SQLite and libsodium are linked in (no libsqlite3.so, no libsodium.so)" $r "NEEDED: $needed"

want="$(dpkg-query -W -f='${source:Package} ${source:Version}' libsqlite3-0 | sed 's/-[^-]*$//')"
[ "$(cat "$ROOT/dist/shell/shell.c.version")" = "$want" ]
check "shell: shell.c comes from Debian's source package of the installed SQLite ($want)" $? \
  "$(cat "$ROOT/dist/shell/shell.c.version")"

out=$("$SH" :memory: 'SELECT authtoken_version(), sqlite_source_id()' 2>&1)
[ "$out" = "$(cat "$ROOT/VERSION")|$(sqlite3 :memory: 'SELECT sqlite_source_id()')" ]
check "shell: functions present without .load; same SQLite as Debian's sqlite3" $? "$out"

out=$(stdbuf -o0 -e0 "$SH" -safe :memory: 'CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT)' \
  "SELECT token_install('users')" "INSERT INTO users(username) VALUES ('ada')" \
  "SELECT token_user('Token ' || key) FROM authtoken_token" '.load ./dist/authtoken' 2>&1)
[ "$out" = $'users\n1\nline 0: cannot run .load in safe mode' ]
check "shell: -safe forbids .load; the built-in functions and trigger still work" $? "$out"

for script in "$ROOT"/shell-examples/*.sql; do
  name=$(basename "$script" .sql)
  db=$SCRATCH/$name.db
  grep -v '^\.load ' "$script" | (cd "$SCRATCH" && stdbuf -o0 -e0 "$SH" -batch "$db") > "$SCRATCH/$name.out" 2>&1
  grep -q '^\.load ' "$script" && cmp -s "$SCRATCH/$name.out" "$ROOT/tests/shell-examples/$name.expected"
  check "shell: shell-examples/$name.sql without its .load line prints its expected output" $? \
    "$(diff "$ROOT/tests/shell-examples/$name.expected" "$SCRATCH/$name.out" | head -n 5)"
done

# A file whose token table names no users table: loading fails there, so the shell opens it
# without the functions and says why, as a failed .load would.
sqlite3 "$SCRATCH/bad.db" 'CREATE TABLE authtoken_token(key TEXT PRIMARY KEY, created TEXT,
  user_id INTEGER UNIQUE REFERENCES nothere(id))'
out=$("$SH" "$SCRATCH/bad.db" 'SELECT count(*) FROM authtoken_token' 2> "$SCRATCH/bad.err")
rc=$?
[ $rc = 0 ] && [ "$out" = 0 ] && [ "$(cat "$SCRATCH/bad.err")" = 'sqlite3-authtoken: the extension is not registered: authtoken: no users table "nothere" (named by authtoken_token'"'"'s foreign key)' ]
check "shell: a file where registration fails still opens, with the reason on stderr" $? \
  "rc $rc: $out / $(cat "$SCRATCH/bad.err")"
