#!/bin/bash
# tests/cluster/run.sh: the 3-node dqlite cluster test (run by tests/run.sh, kind "cluster").
# Builds the node and driver programs offline against Debian's go-dqlite (GOPATH mode, as
# Debian packages it), then runs the driver, which starts three node processes on 127.0.0.1
# with dist/authtoken.so registered in each, and prints PASS/FAIL lines. Every process
# started is killed by pid on any exit (the driver does it; this trap backs it up).
# Environment: CLUSTER_PORT (first of three ports; default: three free ports found here, so
# that two checkouts can run it at once).
# `run.sh --bench N` times N calls instead (make bench: K lines, bench/report.py).
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/tests/tmp/cluster
rm -rf "$OUT" && mkdir -p "$OUT/work"
export GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS=-mod=mod CGO_LDFLAGS_ALLOW='-Wl,-z,now'
export GOCACHE=${GOCACHE:-$ROOT/dist/go-cache}
unset GOFLAGS

cleanup() {
  [ -f "$OUT/work/pids" ] && xargs -r kill -9 < "$OUT/work/pids" 2> /dev/null
  return 0
}
trap cleanup EXIT INT TERM

for prog in node driver; do
  if ! (cd "tests/cluster/$prog" && go build -tags libsqlite3 -o "$OUT/$prog" .) > "$OUT/$prog.build.log" 2>&1; then
    echo "FAIL cluster: the $prog program does not build"; head -n 20 "$OUT/$prog.build.log"; exit 1
  fi
done
echo "PASS cluster: node and driver build offline against Debian's go-dqlite"
# free_ports: the first of three consecutive ports on 127.0.0.1 that nothing listens on,
# below the kernel's ephemeral range: a node killed and restarted must bind its port again,
# and an outgoing connection (the driver's, a peer's, another program's) may take any port
# of that range as its local port meanwhile ("failed to set bind address" on restart).
free_ports() {
  /usr/bin/python3 - <<'PY'
import random, socket
try:
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except (OSError, ValueError, IndexError):
    low = 32768
top = low - 3 if low > 12000 else 60000
for _ in range(200):
    base = random.randrange(10000, top)
    socks = []
    try:
        for port in range(base, base + 3):
            s = socket.socket()
            s.bind(("127.0.0.1", port))
            socks.append(s)
    except OSError:
        continue
    finally:
        for s in socks:
            s.close()
    print(base)
    break
PY
}
PORT=${CLUSTER_PORT:-$(free_ports)}
bench=()
[ "${1:-}" = --bench ] && bench=(-bench "${2:-2000}")
timeout 170 "$OUT/driver" -node "$OUT/node" -ext "$ROOT/dist/authtoken.so" -work "$OUT/work" \
  -port "$PORT" "${bench[@]}"
