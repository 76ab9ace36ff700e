#!/usr/bin/env python3
# differ.py -- the fraction of a sweep's points whose outcome differs from
# a reference sweep of the same grid: differ.py REF.csv NAME=FILE.csv ...
# prints "NAME: D of N points differ (F%)" for each, then the outcomes
# that changed most often (REF -> NAME).
import collections, csv, sys


def outcomes(path):
    with open(path) as f:
        return [row["outcome"] for row in csv.DictReader(f)]


ref = outcomes(sys.argv[1])
for arg in sys.argv[2:]:
    name, path = arg.split("=", 1)
    got = outcomes(path)
    if len(got) != len(ref):
        sys.exit("%s: %d points, the reference %d" % (name, len(got), len(ref)))
    pairs = collections.Counter((r, g) for r, g in zip(ref, got) if r != g)
    d = sum(pairs.values())
    top = ", ".join("%s -> %s %d" % (r, g, c)
                    for (r, g), c in sorted(pairs.items(), key=lambda x: (-x[1], x[0]))[:3])
    print("%s: %d of %d points differ (%.2f%%)%s" % (name, d, len(ref), 100.0 * d / len(ref),
                                                   "; " + top if top else ""))
