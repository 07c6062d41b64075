#!/bin/bash
# callgrind.sh BENCH EXT DB CALLS: instructions per call (valgrind --tool=callgrind, stable on
# noisy machines) of token_user vs the bare DRF join vs the floor SELECT bench_floor(?), in a
# read transaction with the whole database cached. One valgrind run per loop, each collecting
# only that loop (--toggle-collect); prints records "C <loop> <Ir per call>" and, for the
# token_user loop with a valid key, "C valid:<function> <inclusive Ir per call>".
set -eu
bench=$1 ext=$2 db=$3 calls=$4
out=$(dirname "$db")
for loop in cg_token_user_valid cg_bare_valid cg_floor_valid cg_token_user_invalid cg_bare_invalid; do
  file=$out/callgrind.$loop.out
  valgrind --tool=callgrind --callgrind-out-file="$file" --collect-atstart=no \
    --toggle-collect="$loop*" "$bench" -e "$ext" -n "$calls" callgrind "$db" >/dev/null 2>"$file.log"
  callgrind_annotate --inclusive=yes --show-percs=no --threshold=100 "$file" 2>/dev/null |
    awk -v loop="$loop" -v calls="$calls" '
      function per(x) { gsub(",", "", x); return x / calls }
      $0 ~ ("bench.c:" loop "[ .]") { printf "C\t%s\t%.0f\n", loop, per($1) }
      loop == "cg_token_user_valid" && /^ *[0-9,]+ +[^ ]*:(run_call|fn_token_user|header_verdict|header_parse|store_lookup|release|sqlite3_step|sqlite3_step.2|sqlite3_reset|sqlite3_bind_text|sqlite3_clear_bindings|sqlite3_mutex_enter|sqlite3_mutex_leave|sqlite3Malloc|sqlite3_free)( |$)/ {
        n = split($2, f, ":"); name = f[n]
        if (!(name in seen)) { seen[name] = 1; printf "C\tvalid:%s\t%.0f\n", name, per($1) } }'
done
