#!/usr/bin/env python3
# diagonal.py -- check an exact sweep of a diagonal quadratic loss,
# sum_i h_i/2 w_i^2 (csv on standard input), against the closed form: each
# parameter moves on its own, w_i,k = r_i^k w0_i with the multiplier
# r_i = 1 - lr_i h_i of its own learning rate.  Arguments: max-iter, then
# NAME=H,LR,W0 for each parameter; a column lr_NAME or w0_NAME of the csv
# gives that value at each point instead.  The outcome, period, step and
# loss of every point must follow:
#   converged  every w_i,k zero (w0_i = 0: from step 0; r_i = 0: step 1);
#   stalled/cycle  every w_i eventually periodic (r_i in {0, 1, -1}),
#              from step 1 if some r_i = 0 moves a nonzero w0_i, period 2
#              if some r_i = -1 moves one, else 1 (stalled);
#   diverged   the first k >= 1 with loss_k > 1e16 max(1, loss_0);
#   bounded    none of these by max-iter.
# Prints "ok N" for N points that agree, or each point that does not.
import csv, sys
from fractions import Fraction as F

E = F(10) ** 16
max_iter = int(sys.argv[1])
params = []
for arg in sys.argv[2:]:
    name, vals = arg.split("=")
    h, lr, w0 = (F(v) for v in vals.split(","))
    params.append((name, h, lr, w0))


def loss(h, w, k, r):
    return sum(hi / 2 * (ri ** k * wi) ** 2 for hi, wi, ri in zip(h, w, r))


def want(h, lr, w0):
    r = [1 - l * hh for l, hh in zip(lr, h)]
    moving = [(ri, wi) for ri, wi in zip(r, w0) if wi != 0]
    if all(ri == 0 for ri, _ in moving):
        k = 1 if moving else 0
        return "converged", 0, k, loss(h, w0, k, r)
    if all(ri in (0, 1, -1) for ri, _ in moving):
        start = 1 if any(ri == 0 for ri, _ in moving) else 0
        period = 2 if any(ri == -1 for ri, _ in moving) else 1
        return ("stalled" if period == 1 else "cycle"), period, start, loss(h, w0, start, r)
    bound = E * max(1, loss(h, w0, 0, r))
    if any(abs(ri) > 1 for ri, _ in moving):
        for k in range(1, max_iter + 1):
            if loss(h, w0, k, r) > bound:
                return "diverged", 0, k, loss(h, w0, k, r)
    return "bounded", 0, max_iter, loss(h, w0, max_iter, r)


bad = n = 0
for row in csv.DictReader(sys.stdin):
    h = [p[1] for p in params]
    lr = [F(row["lr_" + p[0]]) if "lr_" + p[0] in row else p[2] for p in params]
    w0 = [F(row["w0_" + p[0]]) if "w0_" + p[0] in row else p[3] for p in params]
    got = (row["outcome"], int(row["period"]), int(row["step"]), F(row["loss"]))
    w = want(h, lr, w0)
    n += 1
    if got != w:
        bad += 1
        print("lr %s w0 %s: got %s, want %s" % (lr, w0, got[:3], w[:3]))
if bad == 0:
    print("ok %d" % n)
