"""pycompare.py: the timing loop shared by bench/drf_bench.py and bench/knox_bench.py.

ext_batch times `SELECT token_user(?)` over headers on one Python sqlite3 connection;
compare() alternates two batches (A: the Python implementation, B: token_user) for `rounds`
rounds after a warm-up and prints the medians and the median per-round ratio A/B, as an
`R` line for bench/report.py (tab-separated) and a readable line on stderr.
"""
import statistics
import sys
import time


def ext_batch(conn, headers, valid, who):
    t0 = time.perf_counter_ns()
    for h in headers:
        uid = conn.execute("SELECT token_user(?)", (h,)).fetchone()[0]
        if (uid is not None) != valid:
            sys.exit("%s: token_user gave the wrong answer" % who)
    return (time.perf_counter_ns() - t0) / len(headers)


def compare(kind, label, rounds, name, tokens, batch_a, batch_b, width=14):
    """kind: the R line's second field (drf, knoxpy); label: what A is called (DRF, knox)."""
    a, b, r = [], [], []
    batch_a(), batch_b()  # warm-up
    for i in range(rounds):
        if i % 2 == 0:
            ta, tb = batch_a(), batch_b()
        else:
            tb = batch_b()
            ta = batch_a()
        a.append(ta), b.append(tb), r.append(ta / tb)
    ma, mb, mr = statistics.median(a), statistics.median(b), statistics.median(r)
    print("R\t%s\t%d\tautocommit\t%s\t%.1f\t%.1f\t%.4f" % (kind, tokens, name, ma, mb, mr),
          flush=True)
    print("  %s %8d %-*s %s %10.1f ns  token_user %8.1f ns  speed-up %.1f"
          % (kind, tokens, width, name, label, ma, mb, mr), file=sys.stderr)
