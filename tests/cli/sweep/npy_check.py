#!/usr/bin/python3
# npy_check.py NPY CSV -- read a sweep's .npy with numpy.load and check it
# against the csv records of the same sweep: the shape (M, N) (rows the
# second axis), the dtype, and each point's outcome code, period, step and
# loss.  Prints the shape and dtype, then "ok N" or each point that differs.
import csv
import sys

import numpy

a = numpy.load(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2])))
names = ["none", "converged", "stalled", "cycle", "diverged", "bounded",
         "size-limit", "interrupted", "error"]
print(a.shape, a.dtype.descr)
flat = a.reshape(-1)
bad = 0
for k, r in enumerate(rows):
    p = flat[k]
    got = (names[p["outcome"]], int(p["period"]), int(p["step"]), float(p["loss"]))
    want = (r["outcome"], int(r["period"]), int(r["step"]), float(r["loss"]))
    if got != want:
        bad += 1
        print("point %d: got %s, want %s" % (k, got, want))
if bad == 0 and len(rows) == flat.size:
    print("ok %d" % len(rows))
