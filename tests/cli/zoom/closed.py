#!/usr/bin/env python3
# closed.py -- check gdtrace zoom's jsonl frames of the notes' loss
# (w-1)^2 + 2 from w0 = 2 (standard input) against the closed form:
# w_k - 1 = (1 - 2 lr)^k, so the loss at step k is (2lr-1)^(2k) + 2, and a
# point diverges within MAX_ITER steps exactly when (2lr-1)^(2 MAX_ITER) + 2
# exceeds the escape bound 1e16 * 3 (else it is bounded).  Every frame's
# width must be FROM * FACTOR^-i, its window centre -+ width/2, its points
# lo + (hi - lo) j/(n-1), and its counts those of its outcomes.
# Usage: closed.py MAX_ITER FROM FACTOR FRAMES.  Prints "ok F frames, P
# points", or each thing that is not so.
import json, sys
from fractions import Fraction as F

DIVERGED, BOUNDED = 4, 5
max_iter, w_from, factor, frames = (int(sys.argv[1]), F(sys.argv[2]), F(sys.argv[3]),
                                    int(sys.argv[4]))
bound = F(10) ** 16 * 3
bad, points, seen = 0, 0, 0


def say(*what):
    global bad
    bad += 1
    print(*what)


for i, line in enumerate(sys.stdin):
    r = json.loads(line)
    seen += 1
    c, lo, hi = F(r["centre"]), F(r["lo"]), F(r["hi"])
    width = w_from / factor ** i
    if r["frame"] != i or F(r["width"]) != width or lo != c - width / 2 or hi != c + width / 2:
        say("frame", i, "window", r["frame"], r["width"], r["lo"], r["hi"])
    n = len(r["outcomes"])
    if n != r["points"]:
        say("frame", i, "points", n, r["points"])
    counts = {}
    for j, got in enumerate(r["outcomes"]):
        lr = lo + (hi - lo) * j / (n - 1)
        want = DIVERGED if (2 * lr - 1) ** (2 * max_iter) + 2 > bound else BOUNDED
        if got != want:
            say("frame", i, "point", j, "lr", lr, "got", got, "want", want)
        name = "diverged" if got == DIVERGED else "bounded" if got == BOUNDED else str(got)
        counts[name] = counts.get(name, 0) + 1
        points += 1
    counts.setdefault("undecided", 0)
    if counts != r["counts"]:
        say("frame", i, "counts", r["counts"], "want", counts)
if seen != frames:
    say("frames", seen, "want", frames)
if bad == 0:
    print("ok", seen, "frames,", points, "points")
