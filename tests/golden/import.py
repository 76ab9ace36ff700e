#!/usr/bin/env python3
"""import.py -- turn the peers' golden trajectories (JSON) into .case files.

Run by hand when the golden set changes; the tests read only the .case files:

    tests/golden/import.py ../shared/golden/NAME.json ... > /dev/null

writes tests/golden/NAME.case for each file.  A .case file is line-based:
  # comment            (where the case came from, which peer made it)
  arg TEXT             one command-line argument for gdtrace, verbatim
  variant derived      also run it without --grad and its value: gdtrace
                       derives the gradient, and must get the same values
  variant mode MODE    also run it with MODE as --mode's value (binary32
                       and binary64 cases: native-float, native-double),
                       which must give the same values
  steps N              the summary's step count
  stop REASON          grad-zero | max-iter
  v K W GRAD LOSS      the exact values at step K: integers, p/q, decimals,
                       inf, -inf, nan; -0 is negative zero
  keys K1 K2 ...       the record's keys of a "v" line's values after K, in
                       its order (default: w grad loss); torch_master.py's
                       cases name w_master, and each parameter's by name
  r K TEXT             the peer's printed form of w at step K (Python repr,
                       NumPy str), which gdtrace's shortest printing must
                       equal byte for byte
The command is `gdtrace run ARGS --format jsonl --digits exact`, as
../shared/golden/check_golden.py runs it.  tests/tools/golden.c checks the
case and each of its variants, as a test each.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(paths):
    for path in paths:
        with open(path) as f:
            c = json.load(f)
        name = c["name"]
        args = ["run", "--loss", c["loss"], "--grad", c["grad"], "--lr", c["lr"],
                "--w0", c["w0"], "--max-iter", str(c["max_iter"]), "--mode", c["mode"]]
        if c["mode"] == "mpfr":
            args += ["--prec", str(c["prec"]), "--round", c["round"]]
        args += list(c.get("args", [])) + ["--format", "jsonl", "--digits", "exact"]
        lines = ["# %s -- imported from the golden set's %s" % (name, os.path.basename(path)),
                 "# peer: %s" % c.get("peer", "?")]
        for note in c.get("notes", []) or []:
            lines.append("# note: %s" % note)
        lines += ["arg %s" % a for a in args]
        # The same run with the gradient derived by gdtrace instead of given:
        # the derivative of (w-1)^2 + 2 is 2*(w - 1), the peers' formula, so
        # the values must be the same in every domain.
        lines.append("variant derived")
        # binary32 and binary64 runs again on the machine's own float and
        # double, which must give the same bits.
        native = {"binary32": "native-float", "binary64": "native-double"}.get(c["mode"])
        if native:
            lines.append("variant mode " + native)
        lines += ["steps %d" % c["steps"], "stop %s" % c["stop"]]
        for k, (w, g, l) in enumerate(zip(c["w"], c["grad_values"], c["loss_values"])):
            lines.append("v %d %s %s %s" % (k, w, g, l))
        # The peer's own printed form of each weight, where gdtrace's default
        # (shortest) printing is meant to be byte-identical to it: Python's
        # repr of floats and ints, NumPy's str of float16, float32, int64.
        if c.get("repr_kind") in ("repr()", "numpy str()") and \
                not any(r.startswith("Fraction") for r in c["repr"]):
            lines += ["r %d %s" % (k, r) for k, r in enumerate(c["repr"])]
        with open(os.path.join(HERE, name + ".case"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print(name)


if __name__ == "__main__":
    main(sys.argv[1:])
