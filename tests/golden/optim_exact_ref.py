#!/usr/bin/env python3
"""optim_exact_ref.py -- exact-mode optimizer cases from a reference of our own.

Run by hand when the cases change (Python's standard library only); the
tests read only the .case files it writes:

    tests/golden/optim_exact_ref.py

writes tests/golden/optim_exact_*.case (the format: import.py's, with a
"keys" line).  Each case is torch.optim.SGD's algorithm (momentum,
dampening, Nesterov, weight decay) with a step and warm-up schedule,
written out again here in Fractions, independently of gdtrace: the
gradient by hand, every operation exact, the schedule's factor
G^floor(k/S) * min(1, (k+1)/K) at update k.  gdtrace run --mode exact
must give the same rationals at every step: the parameters, the
gradients, the momentum buffers and the lr in force.
"""
import os
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))


def sgd(grad, w0, lr, steps, m=F(0), d=F(0), wd=F(0), nesterov=False, step=None, warmup=None):
    """Rows of (w, g, buf, lr in force) per step, as torch.optim.SGD."""
    w = dict(w0)
    buf = {n: F(0) for n in w}
    rows = []
    for k in range(steps + 1):
        g = grad(w)
        factor = F(1)
        if step:
            factor *= step[1] ** (k // step[0])
        if warmup and k + 1 < warmup:
            factor *= F(k + 1, warmup)
        lrk = {n: lr[n] * factor for n in w}
        rows.append((dict(w), dict(g), dict(buf), lrk))
        if k == steps or all(v == 0 for v in g.values()):
            break
        for n in w:
            dp = g[n] + wd * w[n]
            if m:
                buf[n] = dp if k == 0 else buf[n] * m + (1 - d) * dp
                dp = dp + m * buf[n] if nesterov else buf[n]
            w[n] = w[n] - lrk[n] * dp
    return rows


def q(x):
    return str(x.numerator) if x.denominator == 1 else "%d/%d" % (x.numerator, x.denominator)


def write(name, note, args, names, rows, sched, max_iter):
    one = len(names) == 1
    keys = ["w", "grad", "momentum_buffer"] if one else (
        names + ["grad_" + n for n in names] + ["momentum_buffer_" + n for n in names])
    if sched:
        keys += ["lr"] if one else ["lr_" + n for n in names]
    lines = ["# %s -- made by tests/golden/optim_exact_ref.py" % name,
             "# peer: torch.optim.SGD's algorithm in Python's Fractions", "# note: " + note]
    lines += ["arg %s" % a for a in ["run"] + args + ["--mode", "exact", "--format", "jsonl",
                                                     "--digits", "exact"]]
    lines.append("keys " + " ".join(keys))
    last = len(rows) - 1
    stop = "max-iter" if last == max_iter and any(rows[-1][1].values()) else "grad-zero"
    lines += ["steps %d" % last, "stop %s" % stop]
    for k, (w, g, b, lr) in enumerate(rows):
        vals = [w[n] for n in names] + [g[n] for n in names] + [b[n] for n in names]
        if sched:
            vals += [lr[n] for n in names]
        lines.append("v %d %s" % (k, " ".join(q(v) for v in vals)))
    with open(os.path.join(HERE, name + ".case"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(name, last, stop)


def main():
    notes = lambda w: {"w": 2 * (w["w"] - 1)}
    write("optim_exact_momentum", "heavy ball, m = 0.9, on the notes' loss at lr 0.1",
          ["--momentum", "0.9", "--lr", "0.1", "--max-iter", "30"], ["w"],
          sgd(notes, {"w": F(2)}, {"w": F(1, 10)}, 30, m=F(9, 10)), False, 30)
    write("optim_exact_damped_sched", "m = 3/4, dampening 1/4, weight decay 1/20, "
          "warmup:3,step:4:1/2 at lr 1/2",
          ["--momentum", "3/4", "--dampening", "0.25", "--weight-decay", "0.05", "--lr", "1/2",
           "--schedule", "warmup:3,step:4:1/2", "--max-iter", "20"], ["w"],
          sgd(notes, {"w": F(2)}, {"w": F(1, 2)}, 20, m=F(3, 4), d=F(1, 4), wd=F(1, 20),
              step=(4, F(1, 2)), warmup=3), True, 20)
    two = lambda w: {"a": 2 * (w["a"] - 1), "b": 6 * (w["b"] + 1)}
    write("optim_exact_nesterov_two", "Nesterov, m = 1/2, weight decay 1/10, an lr per "
          "parameter, (a-1)^2 + 3*(b+1)^2 from a 2, b 0",
          ["--loss", "(a-1)^2 + 3*(b+1)^2", "--w0", "a=2,b=0", "--lr", "a=0.1,b=0.05",
           "--optimizer", "sgd", "--momentum", "0.5", "--nesterov", "--weight-decay", "0.1",
           "--max-iter", "15"], ["a", "b"],
          sgd(two, {"a": F(2), "b": F(0)}, {"a": F(1, 10), "b": F(1, 20)}, 15, m=F(1, 2),
              wd=F(1, 10), nesterov=True), False, 15)


if __name__ == "__main__":
    main()
