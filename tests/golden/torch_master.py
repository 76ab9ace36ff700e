#!/usr/bin/python3
"""torch_master.py -- golden cases of the master-weights recipe from PyTorch.

Run by hand with Debian's python3 and python3-torch when the cases change;
the tests read only the .case files it writes:

    /usr/bin/python3 tests/golden/torch_master.py

writes tests/golden/master_*.case (the format: tests/golden/import.py, and
its "keys" line: the fields of a "v" line, after the step).

Each case is PyTorch's mixed-precision recipe, step by step:

    master = torch.tensor(w0, dtype=torch.float32)      # the master weights
    opt = torch.optim.SGD([master], lr=LR)              # LR a Python float
    loop: w = master.detach().to(MODEL).requires_grad_()  # rounded once
          loss = LOSS(w); loss.backward()               # in MODEL (bfloat16,
                                                        # float16): autograd
          master.grad = w.grad.float()                  # exact
          opt.step()                                    # in float32

and gdtrace's `run --mode MODEL --master binary32 --update fma`, the
gradient written by hand in the order of torch's backward ops, must give
the same w, gradient, loss and master at every step.

Which update SGD computes (fused or not) is found from the data: at each
step the generator computes both candidates of the float32 update from
the exact values, m - lr*g rounded once (fused) and m - round(lr*g)
(rounded twice), and notes in the case at how many steps they differ and
which one torch's master equals; a step where torch's equals neither
stops the generator.
"""
import os
import sys
from fractions import Fraction

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def exact(x):
    """The exact value of the float X, as p/q or an integer."""
    x = float(x)
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    if x == 0 and str(x).startswith("-"):
        return "-0"
    f = Fraction(x)
    return str(f.numerator) if f.denominator == 1 else "%d/%d" % (f.numerator, f.denominator)


def f32(q):
    """The exact rational Q rounded to float32 (to nearest, ties to even)."""
    # float32 has 24 bits: round the exact value through numpy's float32
    # from a double only when the double is exact; else by hand
    d = float(q)
    if Fraction(d) == q:
        return Fraction(float(np.float32(d)))
    # the nearest float32 to Q: the candidates on each side of the double
    lo = np.float32(d)
    cands = [lo, np.nextafter(lo, np.float32(np.inf)), np.nextafter(lo, np.float32(-np.inf))]
    best = min(cands, key=lambda c: (abs(Fraction(float(c)) - q),
                                     int(np.frombuffer(np.float32(c).tobytes(), np.uint32)[0]) & 1))
    return Fraction(float(best))


# Each case: its name, the model's dtype and gdtrace's mode, the loss and
# its partials for gdtrace (in the order of torch's backward ops), the
# same loss as torch ops, lr, w0, max_iter.
CASES = [
    {
        "name": "master_notes_lr0p1_bfloat16",
        "note": "the notes' loss at lr 0.1 from w0 2: the bfloat16 weight reaches exactly 1 "
                "(gradient zero) at step 25 while the master holds 4207413/4194304",
        "model": torch.bfloat16, "mode": "bfloat16",
        "loss": "(w-1)^2 + 2", "grads": ["2*(w-1)"],
        "torch": lambda p: (p[0] - 1) ** 2 + 2,
        "lr": "0.1", "w0": {"w": 2}, "max_iter": 50,
    },
    {
        "name": "master_quartic_bfloat16",
        "note": "a quartic, (w^2 - 2)^2 at lr 0.01 from w0 1, toward sqrt(2)",
        "model": torch.bfloat16, "mode": "bfloat16",
        "loss": "(w^2 - 2)^2", "grads": ["2*(w^2 - 2)*(2*w)"],
        "torch": lambda p: (p[0] ** 2 - 2) ** 2,
        "lr": "0.01", "w0": {"w": 1}, "max_iter": 60,
    },
    {
        "name": "master_square_lr0p45_bfloat16",
        "note": "w^2 at lr 0.45 from w0 1, toward 0: lr*g comparable to w, so that the "
                "fused update and the one rounded twice differ (which one SGD is)",
        "model": torch.bfloat16, "mode": "bfloat16",
        "loss": "w^2", "grads": ["2*w"],
        "torch": lambda p: p[0] ** 2,
        "lr": "0.45", "w0": {"w": 1}, "max_iter": 60,
    },
    {
        "name": "master_two_binary16",
        "note": "two parameters in binary16, (a*b - 1)^2 + (a - b)^2 at lr 0.05 from a 3, "
                "b 0.5",
        "model": torch.float16, "mode": "binary16",
        "loss": "(a*b - 1)^2 + (a - b)^2",
        "grads": ["a=2*(a*b - 1)*b + 2*(a - b)", "b=2*(a*b - 1)*a - 2*(a - b)"],
        "torch": lambda p: (p[0] * p[1] - 1) ** 2 + (p[0] - p[1]) ** 2,
        "lr": "0.05", "w0": {"a": 3, "b": 0.5}, "max_iter": 60,
    },
    {
        "name": "master_notes_lr0p1_binary16",
        "note": "the notes' loss at lr 0.1 from w0 2 in binary16 with a float32 master",
        "model": torch.float16, "mode": "binary16",
        "loss": "(w-1)^2 + 2", "grads": ["2*(w-1)"],
        "torch": lambda p: (p[0] - 1) ** 2 + 2,
        "lr": "0.1", "w0": {"w": 2}, "max_iter": 60,
    },
]


def masters_of(c):
    """The parameters' names of case C and their float32 master tensors."""
    names = list(c["w0"])
    masters = [torch.tensor(float(c["w0"][k]), dtype=torch.float32) for k in names]
    for m in masters:
        m.requires_grad_(True)
    return names, masters


def write_case(c, names, notes, extra_args, keys_after, steps, stop, rows):
    """Write case C's .case file: the command (EXTRA_ARGS after --update
    fma), the keys (KEYS_AFTER after the masters'), the rows; NOTES are
    its header's lines after the name's."""
    n = len(names)
    if n == 1:
        keys = ["w", "grad", "loss", "w_master"]
    else:
        keys = (names + ["grad_" + k for k in names] + ["loss"]
                + ["w_master_" + k for k in names])
    keys += keys_after
    args = ["run", "--loss", c["loss"]]
    for g in c["grads"] or []:
        args += ["--grad", g]
    args += ["--lr", c["lr"],
             "--w0", str(c["w0"]["w"]) if n == 1
             else ",".join("%s=%s" % (k, c["w0"][k]) for k in names),
             "--max-iter", str(c["max_iter"]), "--mode", c["mode"], "--master", "binary32",
             "--update", "fma"] + extra_args + ["--format", "jsonl", "--digits", "exact"]
    lines = ["# %s -- made by tests/golden/%s" % (c["name"], os.path.basename(sys.argv[0]))]
    lines += notes
    lines += ["arg %s" % a for a in args]
    if c["grads"] and c.get("derived"):
        lines.append("variant derived")
    lines.append("keys %s" % " ".join(keys))
    lines += ["steps %d" % steps, "stop %s" % stop]
    for k, row in enumerate(rows):
        lines.append("v %d %s" % (k, " ".join(row)))
    with open(os.path.join(HERE, c["name"] + ".case"), "w") as f:
        f.write("\n".join(lines) + "\n")


def run_case(c):
    names, masters = masters_of(c)
    lr = float(c["lr"])
    opt = torch.optim.SGD(masters, lr=lr)
    lr32 = Fraction(float(np.float32(lr)))
    rows = []
    stop = "max-iter"
    steps = c["max_iter"]
    differ = {"fused": 0, "twice": 0, "both": 0}
    for k in range(c["max_iter"] + 1):
        ws = [m.detach().to(c["model"]).requires_grad_(True) for m in masters]
        loss = c["torch"](ws)
        loss.backward()
        grads = [w.grad for w in ws]
        for m, g in zip(masters, grads):
            m.grad = g.detach().float()
        rows.append([exact(w) for w in ws] + [exact(g) for g in grads] + [exact(loss)]
                    + [exact(m.detach()) for m in masters])
        if all(float(g) == 0 for g in grads):
            stop, steps = "grad-zero", k
            break
        if k == c["max_iter"]:
            break
        before = [Fraction(float(m.detach())) for m in masters]
        gq = [Fraction(float(g)) for g in grads]
        opt.step()
        for m, b, g in zip(masters, before, gq):
            got = Fraction(float(m.detach()))
            fused = f32(b - lr32 * g)
            twice = f32(b - f32(lr32 * g))
            if fused == twice:
                continue
            if got == fused:
                differ["fused"] += 1
            elif got == twice:
                differ["twice"] += 1
            else:
                sys.exit("%s step %d: torch's master %s is neither update" % (c["name"], k, got))
    notes = ["# peer: torch %s, %s autograd, float32 master, torch.optim.SGD(lr=float('%s'))"
             % (torch.__version__, c["mode"], c["lr"]),
             "# note: %s" % c["note"],
             "# note: the steps where the float32 update fused and rounded twice differ: "
             "%d, torch's master equals the fused one at %d, the one rounded twice at %d"
             % (differ["fused"] + differ["twice"], differ["fused"], differ["twice"])]
    write_case(c, names, notes, [], [], steps, stop, rows)
    print("%s: %d steps, %s; fused/twice differ at %d steps, torch fused at %d"
          % (c["name"], steps, stop, differ["fused"] + differ["twice"], differ["fused"]))


def main(cases=None, run=None):
    """Write the .case file of each of CASES (these) by RUN (run_case)."""
    torch.set_num_threads(1)
    for c in cases or CASES:
        (run or run_case)(c)


if __name__ == "__main__":
    main()
