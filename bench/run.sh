#!/bin/bash
# run.sh: `make bench`. Builds the harness, builds (or reuses) the databases, runs every
# comparison, then bench/report.py prints the table and writes bench/results.md and the chart.
# Never part of `make test`. Tunable through the environment (defaults in brackets):
#   BENCH_SIZES ["10000 100000 1000000"]  BENCH_10M [0: 1 adds 10000000 tokens]
#   BENCH_ROUNDS [9]  BENCH_CALLS_TXN [20000]  BENCH_CALLS_AUTO [4000]  BENCH_FREE [20000]
#   BENCH_MEM_CALLS [10000000]  BENCH_USERS [100000]  BENCH_CONNS [200]
#   BENCH_DRF_ROUNDS [7]  BENCH_DRF_CALLS [300]  BENCH_CALLGRIND [1]  BENCH_CG_CALLS [20000]
#   BENCH_PBKDF2_ROUNDS [5: rounds of the password part, bench/pbkdf2_bench.*]
#   BENCH_STALL_USERS [200000: users the writer inserts, bench/wal_stall.py]
#   BENCH_CLUSTER [1]  BENCH_CLUSTER_CALLS [2000]
#   BENCH_EXT [dist/authtoken: the library measured]
#   BENCH_ONLY [empty; "callgrind": only the instruction counts, printed, results.md untouched;
#               "passwords": only the password part (bench/pbkdf2_bench.*), printed;
#               "knox": only the knox scheme's part (section 9), printed and written to
#               bench/knox-results.md, results.md untouched]
# The knox part (issue 10) runs when the library measured has the knox scheme
# (`dist/bench knoxprobe`: token_install('auth_user', 'knox') works) and says why not otherwise;
# it uses BENCH_SIZES, BENCH_ROUNDS, the BENCH_CALLS_* and, for its Python side,
# BENCH_DRF_ROUNDS and BENCH_DRF_CALLS.
set -eu
cd "$(dirname "$0")/.."
CC=${CC:-cc}
PY=/usr/bin/python3
OUT=bench/out
EXT=${BENCH_EXT:-dist/authtoken}
SIZES=${BENCH_SIZES:-10000 100000 1000000}
[ "${BENCH_10M:-0}" = 1 ] && SIZES="$SIZES 10000000"
ROUNDS=${BENCH_ROUNDS:-9}
FREE=${BENCH_FREE:-20000}
OPTS=(-e "$EXT" -r "$ROUNDS" -n "${BENCH_CALLS_TXN:-20000}" -a "${BENCH_CALLS_AUTO:-4000}"
      -m "${BENCH_MEM_CALLS:-10000000}" -u "${BENCH_USERS:-100000}" -c "${BENCH_CONNS:-200}")
mkdir -p "$OUT"
TSV=$OUT/results.tsv
[ -n "${BENCH_ONLY:-}" ] && TSV=$OUT/only.tsv
: > "$TSV"

# passwords: PBKDF2 against OpenSSL, the cost of each password hash at Django's defaults and
# at our limits, each login outcome, the interrupt latency (bench/pbkdf2_bench.*): P lines.
passwords() {
  echo "== PBKDF2 vs hashlib, password costs, logins, interrupt (bench/pbkdf2_bench.*)" >&2
  if $CC -std=c11 -O2 -Iext/pure bench/pbkdf2_bench.c ext/pure/pbkdf2.c ext/pure/sha256_shani.c ext/pure/password.c \
       -lsodium -ldl -o dist/pbkdf2_bench &&
     $PY bench/pbkdf2_bench.py dist/pbkdf2_bench "${BENCH_PBKDF2_ROUNDS:-5}" "$EXT" > "$OUT/pbkdf2.txt"; then
    sed 's/^/P\t/' "$OUT/pbkdf2.txt"
  else
    echo -e "P\t(pbkdf2 bench failed to build or run)"
  fi
}

if [ "${BENCH_ONLY:-}" = passwords ]; then
  passwords > /dev/null
  cat "$OUT/pbkdf2.txt"
  exit 0
fi

echo "== building dist/bench"
$CC -std=c11 -O2 -g -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes bench/bench.c \
  -lsqlite3 -lsodium -o dist/bench

{
  echo -e "I\tdate\t$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo -e "I\tcommit\t$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo -e "I\tcpu\t$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
  echo -e "I\tmemory\t$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo -e "I\tos\t$(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -sr)"
  echo -e "I\tcc\t$($CC --version | head -n1)"
  echo -e "I\tsettings\trounds=$ROUNDS calls_txn=${BENCH_CALLS_TXN:-20000} calls_autocommit=${BENCH_CALLS_AUTO:-4000}"
} >> "$TSV"
dist/bench "${OPTS[@]}" info >> "$TSV"

db_for() { echo "$OUT/tokens-$1-free$FREE.v1.db"; }

# knox: the knox scheme (issue 10) at each size, on its own databases (knox_authtoken, one
# knox token per user): token_user vs the bare statement, token_create vs INSERT, knox's
# Python authentication vs token_user. Records on stdout; skipped with a reason (an I record)
# when the library has no knox scheme.
knox() {
  local probe rc=0 n db
  probe=$(dist/bench "${OPTS[@]}" knoxprobe) || rc=$?
  if [ $rc = 3 ]; then
    echo "== knox scheme: skipped ($probe)" >&2
    echo -e "I\tknox_skipped\t$probe"
    return 0
  fi
  [ $rc = 0 ] || { echo "bench: knoxprobe failed (exit $rc)" >&2; exit 1; }
  for n in $SIZES; do
    db=$OUT/knox-$n-free$FREE.v1.db
    if [ ! -f "$db" ]; then
      echo "== generating $db ($n users with a knox token + $FREE without)" >&2
      dist/bench "${OPTS[@]}" knoxgen "$db" "$n" "$FREE"
    fi
    echo "== $n knox tokens: token_user vs bare statement, token_create vs INSERT, knox (Python)" >&2
    dist/bench "${OPTS[@]}" knoxlookup "$db"
    dist/bench "${OPTS[@]}" knoxcreate "$db"
    $PY bench/knox_bench.py "$db" "$EXT" "${BENCH_DRF_ROUNDS:-7}" "${BENCH_DRF_CALLS:-300}"
  done
}

if [ "${BENCH_ONLY:-}" = knox ]; then
  knox >> "$TSV"
  $PY bench/report.py --knox "$TSV" bench/knox-results.md
  exit 0
fi

for n in $SIZES; do
  db=$(db_for "$n")
  if [ ! -f "$db" ]; then
    echo "== generating $db ($n users with tokens + $FREE without)"
    dist/bench "${OPTS[@]}" gen "$db" "$n" "$FREE"
  fi
done

callgrind() {
  local mid
  mid=$(echo $SIZES | awk '{ print ($2 != "" ? $2 : $1) }')
  echo "== callgrind: instructions per call ($mid tokens; a minute or two)" >&2
  bash bench/callgrind.sh dist/bench "$EXT" "$(db_for "$mid")" "${BENCH_CG_CALLS:-20000}" |
    sed "s/^C\t/C\t$mid\t/"
}

if [ "${BENCH_ONLY:-}" = callgrind ]; then
  callgrind | awk -F'\t' '{ printf "%-28s %10s instructions per call (%s tokens)\n", $3, $4, $2 }'
  exit 0
fi

for n in $SIZES; do
  db=$(db_for "$n")
  echo "== $n tokens: token_user vs bare join (item 1), token_create vs INSERT (item 2)"
  dist/bench "${OPTS[@]}" lookup "$db" >> "$TSV"
  dist/bench "${OPTS[@]}" create "$db" >> "$TSV"
  echo "== $n tokens: DRF TokenAuthentication vs token_user (item 4)"
  $PY bench/drf_bench.py "$db" "$EXT" "${BENCH_DRF_ROUNDS:-7}" "${BENCH_DRF_CALLS:-300}" >> "$TSV"
done

knox >> "$TSV"

echo "== inserting ${BENCH_USERS:-100000} users, trigger on vs off (item 3)"
dist/bench "${OPTS[@]}" insert "$OUT" >> "$TSV"

first=$(echo $SIZES | cut -d' ' -f1)
echo "== memory (item 6)"
dist/bench "${OPTS[@]}" memory "$(db_for "$first")" >> "$TSV"

passwords >> "$TSV"

echo "== a reader behind a writer: rollback journal vs WAL (bench/wal_stall.py)"
$PY bench/wal_stall.py "$EXT" "$OUT" "${BENCH_STALL_USERS:-200000}" | sed 's/^/W\t/' >> "$TSV"

if [ "${BENCH_CLUSTER:-1}" = 1 ]; then
  echo "== a 3-node dqlite cluster against a local file (item 7, tests/cluster)"
  bash tests/cluster/run.sh --bench "${BENCH_CLUSTER_CALLS:-2000}" | grep '^K' >> "$TSV" || true
fi

if [ "${BENCH_CALLGRIND:-1}" = 1 ]; then
  callgrind >> "$TSV"
fi

$PY bench/report.py "$TSV" bench/results.md bench/lookup-cost.png
