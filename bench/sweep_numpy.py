"""sweep_numpy -- the sweep workload's NumPy peer: N learning rates in
[0, 2] x MAX_ITER steps of w*w*w*w/4 - w*w/2 (grad w*w*w - w, w0 0.5) in
float64, a vectorised loop over all the learning rates still running
(masks and compaction for the finished ones), each outcome decided as
gdtrace sweep --mode binary64 decides it (bench/sweep_c.c says how).
Prints "outcome,period,step" a point.

    python3 sweep_numpy.py [N [MAX_ITER]]      (default 1000000 1000)
"""
import sys

import numpy as np

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
MAX_ITER = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
W0, THR = 0.5, 1e16          # the bound: 1e16 max(1, loss_0), loss_0 < 1
R = 64                       # the states kept before MAX_ITER (gdtrace's
                             # GDT_CYCLE_WINDOW)


def step(w, lr):
    return w - lr * (w * w * w - w)


def cycle_start(lr, period):
    """The least s with w_s = w_{s+period}, for each lane (a replay)."""
    t = np.full(lr.shape, W0)
    h = t.copy()
    for j in range(int(period.max())):
        m = j < period
        h[m] = step(h[m], lr[m])
    start = np.zeros(lr.shape, dtype=np.int64)
    live = np.nonzero(t != h)[0]
    while live.size:
        t[live] = step(t[live], lr[live])
        h[live] = step(h[live], lr[live])
        start[live] += 1
        live = live[t[live] != h[live]]
    return start


def main():
    lr = 2 * np.arange(N, dtype=np.float64) / max(N - 1, 1)
    outcome = np.full(N, "bounded", dtype=object)
    period = np.zeros(N, dtype=np.int64)
    at = np.zeros(N, dtype=np.int64)
    idx = np.arange(N)                      # the lanes still running
    w = np.full(N, W0)
    lrs = lr.copy()
    saved = np.zeros(N)
    saved_k = np.zeros(N, dtype=np.int64)
    power = np.ones(N, dtype=np.int64)
    has = np.zeros(N, dtype=bool)
    ring = None                             # w of the last R steps
    with np.errstate(all="ignore"):
        for k in range(MAX_ITER + 1):
            loss = w * w * w * w / 4 - w * w / 2
            g = w * w * w - w
            done = np.zeros(idx.size, dtype=bool)
            div = ~(np.isfinite(w) & np.isfinite(g) & np.isfinite(loss))
            if k > 0:
                div |= loss > THR
            conv = ~div & (g == 0)
            cyc = ~div & ~conv & has & (w == saved) & (np.signbit(w) == np.signbit(saved))
            p = np.where(cyc, k - saved_k, 0)
            if k == MAX_ITER and ring is not None:  # the last R states
                for q in range(1, min(R, k) + 1):
                    r = ring[(k - q) % R]
                    m = ~div & ~conv & (p == 0) & (r == w) & (np.signbit(r) == np.signbit(w))
                    p[m] = q
                cyc = p > 0
            outcome[idx[div]] = "diverged"
            outcome[idx[conv]] = "converged"
            at[idx[div | conv]] = k
            if cyc.any():
                p = p[cyc]
                period[idx[cyc]] = p
                outcome[idx[cyc]] = np.where(p == 1, "stalled", "cycle")
                at[idx[cyc]] = cycle_start(lrs[cyc], p)
            done = div | conv | cyc
            save = ~done & (~has | (k - saved_k >= power))
            power[save] = np.where(has[save], 2 * power[save], 1)
            has[save] = True
            saved[save] = w[save]
            saved_k[save] = k
            if k == MAX_ITER:
                at[idx[~done]] = k
                break
            keep = ~done
            idx, w, lrs, g = idx[keep], w[keep], lrs[keep], g[keep]
            saved, saved_k, power, has = saved[keep], saved_k[keep], power[keep], has[keep]
            if idx.size == 0:
                break
            if k + R >= MAX_ITER:
                ring = np.zeros((R, idx.size)) if ring is None else ring[:, keep]
                ring[k % R] = w
            w = w - lrs * g
    sys.stdout.write("".join("%s,%d,%d\n" % r for r in zip(outcome, period, at)))


main()
