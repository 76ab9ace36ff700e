#!/usr/bin/env python3
"""optim_import.py -- turn the optimizer golden cases (PyTorch, JSON) into .case files.

Run by hand when the cases change; the tests read only the .case files:

    tests/golden/optim_import.py tests/golden/optim/*.json

writes tests/golden/optim_NAME.case for each file (the format: import.py's,
with a "keys" line: the parameters, then their gradients; torch's cases
have no loss).  The JSON files, and make_optim_golden.py that writes them
with Debian's python3-torch (torch 1.13, CPU, float32, autograd,
torch.optim and StepLR), are kept in tests/golden/optim/.

The command is the case's own `cli` (--optimizer and its options) after
the loss, w0, max-iter and --mode binary32, with a --grad per parameter
written in the order of torch's backward operations where gdtrace's
derived gradient would round otherwise (GRADS below); a variant runs it
on the machine's float (native-float), which must give the same values.
"""
import json
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# autograd's order: d/dw (w^4/4 - w^2/2) is (1/4)*(4*w^3) - (1/2)*(2*w), and
# torch's CPU pow(w, 3) in float32 is w*w*w, rounded twice (found on the data);
# d/db 3*(b+1)^2 is 3*(2*(b+1)) (each product rounded once, as torch).
GRADS = {
    "w^4/4 - w^2/2": ["w=0.25*(4*(w*w*w)) - 0.5*(2*w)"],
    "(a-1)^2 + 3*(b+1)^2": ["a=2*(a-1)", "b=3*(2*(b+1))"],
    "(w-1)^2 + 2": ["w=2*(w-1)"],
}


def main(paths):
    for path in paths:
        with open(path) as f:
            c = json.load(f)
        names = list(c["w0"])
        one = len(names) == 1
        args = ["run", "--loss", c["loss"]]
        for g in GRADS[c["loss"]]:
            args += ["--grad", g]
        args += ["--w0", c["w0"][names[0]] if one else ",".join(
                     "%s=%s" % (n, c["w0"][n]) for n in names),
                 "--max-iter", str(c["max_iter"]), "--mode", c["mode"]]
        args += shlex.split(c["cli"]) + ["--format", "jsonl", "--digits", "exact"]
        name = "optim_" + c["name"]
        lines = ["# %s -- imported from the golden set's optim/%s" % (name, os.path.basename(path)),
                 "# peer: %s" % c["peer"],
                 "# torch: %s(%s)%s" % (c["optimizer"], ", ".join(
                     "%s=%s" % kv for kv in c["options"].items()),
                     ", StepLR(%s)" % c["schedule"] if c["schedule"] else "")]
        lines += ["arg %s" % a for a in args]
        lines.append("variant mode native-float")
        keys = ["w", "grad"] if one else names + ["grad_" + n for n in names]
        lines.append("keys " + " ".join(keys))
        lines += ["steps %d" % c["steps"], "stop %s" % c["stop"]]
        for r in c["rows"]:
            vals = [r[n] for n in names] + [r["grad_" + n] for n in names]
            lines.append("v %d %s" % (r["step"], " ".join(vals)))
        with open(os.path.join(HERE, name + ".case"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print(name)


if __name__ == "__main__":
    main(sys.argv[1:])
