"""gen.py -- NumPy's own .npy bytes for tests/unit/test_npy.c.

Run by hand with Debian's python3-numpy (never by the tests):

    /usr/bin/python3 tests/unit/npy/gen.py tests/unit/npy

headers.txt: one line per case, "FIELDS<TAB>SHAPE<TAB>HEX": FIELDS the
field list (name:type,...), SHAPE the dimensions (comma-separated, "-" for
none), HEX numpy's header bytes for that dtype and shape (format 1.0, or
2.0 when it does not fit, as numpy.save chooses).  records.npy: a (2, 3)
array of gdtrace sweep records written by numpy.save.
"""
import io
import sys
import warnings

import numpy as np
from numpy.lib import format as npf

SWEEP = [("outcome", "|u1"), ("period", "<i8"), ("step", "<i8"), ("loss", "<f8")]
FIELD_SETS = [
    SWEEP,
    [("x", "<f8")],
    [("a", "|u1"), ("b", "|u1")],
]
# field_0000 ... field_N-1, the header's length on either side of 65535
# bytes (format 1.0 just below, 2.0 just above): with the shape (3, 4)
BIG = [2845, 2846]
SHAPES = [(), (0,), (1,), (7,), (10,), (99,), (2, 3), (1, 5), (0, 0),
          (512, 512), (1, 1048576), (123456789, 3), (2**31, 2**31),
          (2**63 - 1,), (2**64 - 1,), (10**19, 2), (1, 2, 3), (4, 0, 5, 6)]


def header(fields, shape):
    d = {"descr": fields, "fortran_order": False, "shape": shape}
    b = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        npf._write_array_header(b, d, None)
    return b.getvalue()


def main():
    out = sys.argv[1]
    with open(out + "/headers.txt", "w") as f:
        for fields in FIELD_SETS:
            names = ",".join("%s:%s" % (n, t) for n, t in fields)
            for shape in SHAPES:
                f.write("%s\t%s\t%s\n" % (names, ",".join(map(str, shape)) or "-",
                                          header(fields, shape).hex()))
        for n in BIG:
            fields = [("field_%04d" % i, "<i8") for i in range(n)]
            f.write("field_0000..%d:<i8\t3,4\t%s\n" % (n - 1, header(fields, (3, 4)).hex()))
    a = np.zeros((2, 3), dtype=np.dtype(SWEEP))
    a["outcome"] = [[0, 1, 2], [3, 4, 255]]
    a["period"] = [[0, 0, 2], [0, 0, 0]]
    a["step"] = [[1, 2, 3], [-1, 1000, 2**63 - 1]]
    a["loss"] = [[2.0, float("inf"), -0.0], [1e300, float("nan"), 0.1]]
    np.save(out + "/records.npy", a)


main()
