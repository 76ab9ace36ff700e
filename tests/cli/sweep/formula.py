#!/usr/bin/env python3
# formula.py -- check an exact sweep of the notes' loss (w-1)^2 + 2 over lr
# x w0 (csv on standard input, columns lr,w0,...) against the closed form:
# w_k - 1 = (1 - 2 lr)^k (w0 - 1), so lr = 1/2 converges at step 1, lr < 1
# stays bounded, lr = 1 is a 2-cycle from step 0, and lr > 1 diverges at
# the first k with (2lr-1)^(2k) (w0-1)^2 + 2 > E max(1, (w0-1)^2 + 2).
# With a class column, each point's class is analyze's, of r = 1 - 2 lr.
# Prints "ok N" for N points that agree, or each point that does not.
import csv, sys
from fractions import Fraction as F

E = F(10) ** 16
max_iter = int(sys.argv[1])


def want(lr, w0):
    d2 = (w0 - 1) ** 2
    if w0 == 1:
        return "converged", 0, 0
    if lr == F(1, 2):
        return "converged", 0, 1
    if lr == 0:
        return "stalled", 1, 0
    if lr == 1:
        return "cycle", 2, 0
    if lr < 1:
        return "bounded", 0, max_iter
    bound = E * max(1, d2 + 2)
    q = (2 * lr - 1) ** 2
    k, m = 1, q
    while m * d2 + 2 <= bound:
        k, m = k + 1, m * q
    return ("diverged", 0, k) if k <= max_iter else ("bounded", 0, max_iter)


def want_class(lr):
    """analyze's class of the multiplier r = 1 - 2 lr, for all steps"""
    r = 1 - 2 * lr
    return ("no movement" if r == 1 else "converges monotonically" if r > 0
            else "converges in one step" if r == 0 else "converges, oscillating" if r > -1
            else "2-cycle" if r == -1 else "diverges, oscillating")


bad = n = 0
for row in csv.DictReader(sys.stdin):
    lr, w0 = F(row["lr"]), F(row["w0"])
    got = (row["outcome"], int(row["period"]), int(row["step"]))
    w = want(lr, w0)
    n += 1
    if got != w:
        bad += 1
        print("lr %s w0 %s: got %s, want %s" % (row["lr"], row["w0"], got, w))
    elif "class" in row and row["class"] != want_class(lr):
        bad += 1
        print("lr %s w0 %s: class %s" % (row["lr"], row["w0"], row["class"]))
    elif got[0] == "diverged":  # the loss printed is the loss at step k
        k = got[2]
        if F(row["loss"]) != (2 * lr - 1) ** (2 * k) * (w0 - 1) ** 2 + 2:
            bad += 1
            print("lr %s w0 %s: loss %s" % (row["lr"], row["w0"], row["loss"]))
if bad == 0:
    print("ok %d" % n)
