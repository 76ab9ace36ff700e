"""python/gdtrace against the gdtrace command: the same runs, value for
value (exact values as Fractions, binary32 and binary64 bit for bit).

GDTRACE_LIB names the library under test (build/libgdtrace.so) and
GDTRACE_BIN the command (default: build/gdtrace)."""
import json
import os
import struct
import subprocess
import unittest
from decimal import Decimal
from fractions import Fraction

import gdtrace

try:
    import numpy as np
except ImportError:
    np = None
try:
    import mpmath
except ImportError:
    mpmath = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("GDTRACE_BIN", os.path.join(ROOT, "build", "gdtrace"))
NOTES = "(w-1)^2 + 2"


def cli(*args):
    """The command's jsonl records for ARGS."""
    out = subprocess.run([BIN] + list(args) + ["--format", "jsonl"], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def cli_error(*args):
    """The command's first line on stderr for ARGS, which exit 2."""
    p = subprocess.run([BIN] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    assert p.returncode == 2, p
    return p.stderr.splitlines()[0]


def exact(v):
    """V, a value gdtrace returned, as a Fraction."""
    if isinstance(v, Fraction):
        return v
    if mpmath is not None and isinstance(v, mpmath.mpf):
        sign, man, exp, _ = v._mpf_  # man_exp drops the sign
        return (-1) ** sign * Fraction(int(man)) * Fraction(2) ** exp
    return Fraction(float(v))


def bits32(x):
    return struct.unpack("<I", struct.pack("<f", float(x)))[0]


def bits64(x):
    return struct.unpack("<Q", struct.pack("<d", float(x)))[0]


class TestRun(unittest.TestCase):
    def test_exact_notes(self):
        """The notes' run: w_n = 1 + (-19)^n, and the CLI's values."""
        r = gdtrace.run(loss=NOTES, lr="10", w0="2", max_iter=50, mode="exact")
        self.assertEqual(list(r.steps), list(range(51)))
        self.assertEqual(r.w, [Fraction(1 + (-19) ** n) for n in range(51)])
        self.assertTrue(all(isinstance(v, Fraction) for v in r.w))
        self.assertEqual(r.loss, [(w - 1) ** 2 + 2 for w in r.w])
        self.assertEqual(r.grad, [2 * (w - 1) for w in r.w])
        self.assertEqual(r.stop, "max-iter")
        self.assertEqual(r.final["w"], 1 + Fraction(-19) ** 50)
        recs = cli("run", "--loss", NOTES, "--lr", "10", "--w0", "2", "--max-iter", "50",
                   "--digits", "exact")
        self.assertEqual([Fraction(x["w"]) for x in recs[:-1]], r.w)
        self.assertEqual(recs[-1]["summary"]["stop"], r.stop)

    def test_at(self):
        """run --at: w_10000 = 1 + (-19)^10000, 12789 digits (past the 4300
        that Python's int() reads at once)."""
        r = gdtrace.run(loss=NOTES, lr="10", w0="2", at=10000)
        self.assertEqual(list(r.steps), [10000])
        self.assertEqual(r.w[0], 1 + (-19) ** 10000)
        self.assertEqual(r.stop, "at")
        want = cli_error("run", "--at", "5", "--mode", "binary32")
        with self.assertRaises(ValueError) as cm:
            gdtrace.run(at=5, mode="binary32")
        self.assertEqual("gdtrace: " + str(cm.exception), want)

    def test_exact_rational(self):
        """Values that are not decimals (1/3) come back exact."""
        r = gdtrace.run(loss="(w-1/3)^2", lr=Fraction(1, 3), w0=0, max_iter=3)
        w, want = Fraction(0), []
        for _ in range(4):
            want.append(w)
            w = w - Fraction(1, 3) * 2 * (w - Fraction(1, 3))
        self.assertEqual(r.w, want)

    def check_bits(self, mode, lr, w0, max_iter, bits, dtype):
        r = gdtrace.run(loss=NOTES, lr=lr, w0=w0, max_iter=max_iter, mode=mode)
        recs = cli("run", "--loss", NOTES, "--lr", lr, "--w0", w0, "--max-iter",
                   str(max_iter), "--mode", mode, "--digits", "hex")
        rows = [x for x in recs if "step" in x]
        self.assertEqual(len(r.steps), len(rows))
        for key in ("w", "grad", "loss"):
            col = r.columns[key]
            if np is not None:
                self.assertEqual(col.dtype, np.dtype(dtype))
            got = [bits(v) for v in col]
            want = [bits(float.fromhex(x[key])) for x in rows]
            self.assertEqual(got, want, key)
        self.assertEqual(r.stop, recs[-1]["summary"]["stop"])
        return r

    def test_binary32_bits(self):
        """binary32 at lr 0.1 stalls at 1.0000002: bit for bit as the CLI."""
        r = self.check_bits("binary32", "0.1", "2", 100, bits32, "float32")
        self.assertEqual(float(r.w[-1]), float.fromhex("0x1.000004p+0"))

    def test_binary64_bits(self):
        self.check_bits("binary64", "0.4", "2", 40, bits64, "float64")

    def test_binary64_overflow(self):
        """inf and nan come back as such, bit for bit."""
        r = self.check_bits("binary64", "10", "2", 260, bits64, "float64")
        self.assertTrue(any(v != v for v in r.w))

    def test_binary16_dtype(self):
        r = gdtrace.run(loss=NOTES, lr="0.1", w0="2", max_iter=5, mode="binary16")
        recs = cli("run", "--loss", NOTES, "--lr", "0.1", "--w0", "2", "--max-iter", "5",
                   "--mode", "binary16", "--digits", "exact")
        if np is not None:
            self.assertEqual(r.w.dtype, np.float16)
        self.assertEqual([Fraction(float(v)) for v in r.w],
                         [Fraction(x["w"]) for x in recs[:-1]])

    @unittest.skipIf(np is None, "NumPy not installed")
    def test_loss_scale(self):
        # the scale in the master's numbers, skipped as 0 and 1, neither a
        # parameter
        r = gdtrace.run(loss="(w-1)^2", lr="0.1", mode="binary16", master="binary32",
                        loss_scale="dynamic:65536:3", max_iter=10)
        self.assertEqual(r.params, ["w"])
        self.assertEqual(r.columns["scale"].dtype, np.float32)
        self.assertEqual([int(x) for x in r.columns["skipped"]], [1, 1] + [0] * 6 + [1, 0, 0])
        self.assertEqual(float(r.columns["scale"][2]), 16384.0)
        self.assertEqual(r.final["skipped"], 0)

    def test_master_weights(self):
        # binary16 with a float32 master: the model's weights float16, the
        # master's float32, both the command's values
        r = gdtrace.run(lr="0.1", mode="binary16", master="binary32", update="fma")
        self.assertEqual(r.params, ["w"])
        self.assertEqual(r.w.dtype, np.float16)
        self.assertEqual(r.columns["w_master"].dtype, np.float32)
        recs = [x for x in cli("run", "--lr", "0.1", "--mode", "binary16", "--master",
                               "binary32", "--update", "fma", "--digits", "exact")
                if "step" in x]
        self.assertEqual([Fraction(x["w_master"]) for x in recs],
                         [Fraction(float(v)) for v in r.columns["w_master"]])
        self.assertEqual(r.final["w_master"], np.float32(r.columns["w_master"][-1]))

    def test_bfloat16_fractions(self):
        r = gdtrace.run(loss=NOTES, lr="10", w0="2", max_iter=40, mode="bfloat16",
                        bigfloat="fraction")
        recs = cli("run", "--loss", NOTES, "--lr", "10", "--w0", "2", "--max-iter", "40",
                   "--mode", "bfloat16", "--digits", "exact")
        want = [x["w"] for x in recs[:-1]]
        for got, text in zip(r.w, want):
            if text in ("inf", "-inf", "nan"):
                self.assertEqual(repr(got), repr(float(text)))
            else:
                self.assertIsInstance(got, Fraction)
                self.assertEqual(got, Fraction(text))
        self.assertEqual(r.w[1], -18)
        self.assertEqual(len(r.w), len(want))

    @unittest.skipIf(mpmath is None, "mpmath is not installed")
    def test_mpmath(self):
        """bigfloat='mpmath': the same values, exact (binary128's 113 bits)."""
        kw = dict(loss=NOTES, lr="0.1", w0="-3", max_iter=5, mode="binary128")
        q = gdtrace.run(bigfloat="fraction", **kw)
        m = gdtrace.run(bigfloat="mpmath", **kw)
        for a, b in zip(q.w, m.w):
            self.assertIsInstance(b, mpmath.mpf)
            self.assertEqual(exact(b), a)

    def test_float_inputs_exact(self):
        """A float lr is its exact binary64 value, not its decimal."""
        a = gdtrace.run(loss=NOTES, lr=0.1, w0=2.0, max_iter=5)
        b = gdtrace.run(loss=NOTES, lr="3602879701896397/36028797018963968", w0="2",
                        max_iter=5)
        self.assertEqual(a.w, b.w)
        self.assertNotEqual(a.w, gdtrace.run(loss=NOTES, lr="0.1", w0=2, max_iter=5).w)

    def test_negative_zero(self):
        r = gdtrace.run(loss="w^2", lr="0.5", w0=-0.0, max_iter=1, mode="binary64",
                        stop="none")
        self.assertEqual(str(float(r.w[0])), "-0.0")

    def test_special_values_of_big_formats(self):
        """bfloat16's -0 and nan, which no Fraction is, come as floats."""
        r = gdtrace.run(loss="w^2", lr="0.5", w0="-0", max_iter=1, mode="bfloat16",
                        stop="none", bigfloat="fraction")
        self.assertEqual(str(r.w[0]), "-0.0")
        r = gdtrace.run(loss=NOTES, lr="10", w0="2", max_iter=40, mode="bfloat16",
                        bigfloat="fraction")
        self.assertTrue(r.w[-1] != r.w[-1])

    def test_summary_only(self):
        r = gdtrace.run(loss=NOTES, lr="10", w0="2", max_iter=5, every=0)
        self.assertEqual(len(r.steps), 0)
        self.assertEqual(r.final["w"], 1 + (-19) ** 5)
        self.assertEqual(r.final["steps"], 5)

    def test_several_parameters(self):
        loss = "(a-1)^2 + 3*(b+2)^2"
        r = gdtrace.run(loss=loss, lr={"a": "0.1", "b": Fraction(1, 100)},
                        w0={"a": 1.5, "b": 0}, max_iter=4, mode="binary32")
        recs = cli("run", "--loss", loss, "--lr", "a=0.1,b=1/100", "--w0", "a=1.5,b=0",
                   "--max-iter", "4", "--mode", "binary32", "--digits", "hex")
        self.assertEqual(r.params, ["a", "b"])
        for name in ("a", "b"):
            self.assertEqual([bits32(v) for v in r.w[name]],
                             [bits32(float.fromhex(x[name])) for x in recs[:-1]])
            self.assertEqual([bits32(v) for v in r.grad[name]],
                             [bits32(float.fromhex(x["grad_" + name])) for x in recs[:-1]])

    def test_certify(self):
        # the exact-real run as balls: Decimals of the digits each proves,
        # the command's, and the least number of them per step
        r = gdtrace.run(loss="sin(w)", lr="0.1", max_iter=4, certify=True, digits=30)
        recs = cli("run", "--loss", "sin(w)", "--lr", "0.1", "--max-iter", "4", "--certify",
                   "--digits", "30")
        self.assertEqual(r.mode, "certified")
        self.assertEqual(r.w, [Decimal(x["w"]) for x in recs[:-1]])
        self.assertEqual(r.loss, [Decimal(x["loss"]) for x in recs[:-1]])
        self.assertEqual(r.certified_digits, [x["certified_digits"] for x in recs[:-1]])
        self.assertTrue(all(d >= 30 for d in r.certified_digits))
        self.assertEqual(r.final["prec"], recs[-1]["summary"]["prec"])
        self.assertEqual(r.final["w"], Decimal(recs[-1]["summary"]["w"]))
        # by default every digit the balls prove; an exact ball: math.inf
        r = gdtrace.run(lr="0.1", max_iter=2, certify=True)
        recs = cli("run", "--lr", "0.1", "--max-iter", "2", "--certify", "--digits", "certified")
        self.assertEqual([str(v) for v in r.w], ["2", "1.8", "1.64"])
        self.assertEqual(r.certified_digits[0], float("inf"))
        self.assertEqual(r.certified_digits[1:], [x["certified_digits"] for x in recs[1:-1]])
        # certify=False is no certify
        self.assertEqual(gdtrace.run(lr="0.5", max_iter=1, certify=False).mode, "exact")

    def test_certify_limits(self):
        with self.assertRaisesRegex(gdtrace.GdtraceError,
                                    r"^precision-limit: step 1: 128 bits \(--max-prec\) prove "
                                    r"fewer digits than asked \(--digits exact: only a value "
                                    "that is a binary fraction has a ball of radius 0"):
            gdtrace.run(lr="0.1", max_iter=3, certify=True, digits="exact", max_prec=128)
        with self.assertRaisesRegex(ValueError, "^--digits: '30': values come back exactly"):
            gdtrace.run(lr="0.1", digits=30)
        with self.assertRaisesRegex(ValueError, "^--certify: --mode does not apply"):
            gdtrace.run(lr="0.1", mode="binary32", certify=True)

    def test_ensemble(self):
        # runs=K: per step the exact run and the statistics of the K runs,
        # the command's
        e = gdtrace.run(lr="0.1", mode="bfloat16", sr="update", runs=8, seed=5, max_iter=6)
        recs = cli("run", "--lr", "0.1", "--mode", "bfloat16", "--sr", "update", "--runs", "8",
                   "--seed", "5", "--max-iter", "6", "--digits", "exact")
        self.assertIsInstance(e, gdtrace.Ensemble)
        self.assertEqual((e.runs, e.seed, e.stops), (8, 5, {"max-iter": 8}))
        self.assertEqual(list(e.steps), list(range(7)))
        self.assertEqual(sorted(e.stats), ["loss", "w"])
        for q in ("w", "loss"):
            col = e.stats[q]
            self.assertEqual(col["exact"], [Fraction(x[q]["exact"]) for x in recs[:-1]])
            self.assertEqual([float(v) for v in col["mean"]],
                             [float(x[q]["mean"]) for x in recs[:-1]])
            self.assertEqual([float(v) for v in col["std"]],
                             [float(x[q]["std"]) for x in recs[:-1]])
            self.assertEqual([exact(v) for v in col["min"]],
                             [Fraction(x[q]["min"]) for x in recs[:-1]])
            self.assertEqual([exact(v) for v in col["max"]],
                             [Fraction(x[q]["max"]) for x in recs[:-1]])
        self.assertIs(e.w, e.stats["w"])
        # every value of the runs lies between the least and the greatest
        for k in range(7):
            self.assertLessEqual(exact(e.w["min"][k]), Fraction(e.w["mean"][k]) * (1 + 1e-15))
            self.assertGreaterEqual(exact(e.w["max"][k]), Fraction(e.w["mean"][k]) * (1 - 1e-15))
        with self.assertRaisesRegex(ValueError, "^--runs: '4' repeats a stochastic run"):
            gdtrace.run(lr="0.1", mode="bfloat16", runs=4)

    def test_every_and_stop(self):
        r = gdtrace.run(loss="(w-1)^2", lr="0.5", w0=3, max_iter=50)
        self.assertEqual(r.stop, "grad-zero")
        self.assertEqual(list(r.steps), [0, 1])
        r = gdtrace.run(loss=NOTES, lr="10", w0=2, max_iter=9, every=4)
        self.assertEqual(list(r.steps), [0, 4, 8, 9])

    def test_data_and_grad(self):
        """A data set and a hand-written gradient, as the command runs them."""
        linreg = os.path.join(ROOT, "data", "linreg.csv")
        loss = "mean((a*x + b - y)^2)"
        r = gdtrace.run(loss=loss, data=linreg, w0={"a": 0, "b": 0}, lr="0.05", max_iter=5,
                        mode="binary32")
        recs = cli("run", "--loss", loss, "--data", linreg, "--w0", "a=0,b=0", "--lr",
                   "0.05", "--max-iter", "5", "--mode", "binary32", "--digits", "hex")
        self.assertEqual([bits32(v) for v in r.w["b"]],
                         [bits32(float.fromhex(x["b"])) for x in recs[:-1]])
        g = gdtrace.run(loss=NOTES, grad="2*w - 2", lr="0.1", w0=2, max_iter=5)
        self.assertEqual(g.w, gdtrace.run(loss=NOTES, lr="0.1", w0=2, max_iter=5).w)
        with self.assertRaisesRegex(ValueError, "^--data: "):
            gdtrace.run(loss=loss, data=os.path.join(ROOT, "no-such.csv"), w0="a=0,b=0")

    def test_ctrl_c(self):
        """Ctrl-C during a long run stops it at once: KeyboardInterrupt."""
        import _thread
        import threading
        import time
        timer = threading.Timer(0.3, _thread.interrupt_main)
        start = time.time()
        timer.start()
        try:
            with self.assertRaises(KeyboardInterrupt):
                # only the summary is kept: the output in memory stays small
                # however late the interrupt comes on a loaded machine
                gdtrace.run(loss=NOTES, lr="0.1", w0=2, max_iter=10 ** 12, stop="none",
                            mode="binary64", every=0)
        finally:
            timer.cancel()
        self.assertLess(time.time() - start, 20)

    def test_without_numpy(self):
        """Without NumPy the floats are Python floats in lists."""
        saved = gdtrace._np
        gdtrace._np = None
        try:
            r = gdtrace.run(loss=NOTES, lr="0.1", w0="2", max_iter=3, mode="binary32")
        finally:
            gdtrace._np = saved
        self.assertIsInstance(r.w, list)
        self.assertIsInstance(r.w[1], float)
        self.assertEqual(r.w[1], float.fromhex("0x1.ccccccp+0"))


class TestErrors(unittest.TestCase):
    def check(self, cli_args, **kwargs):
        want = cli_error(*cli_args)
        with self.assertRaises(ValueError) as cm:
            gdtrace.run(**kwargs)
        self.assertEqual("gdtrace: " + str(cm.exception), want)

    def test_messages_are_the_commands(self):
        self.check(["run", "--lr", "x"], lr="x")
        self.check(["run", "--mode", "binary99"], mode="binary99")
        self.check(["run", "--loss", "(w-"], loss="(w-")
        self.check(["run", "--max-iter", "-1"], max_iter=-1)
        self.check(["run", "--round", "Q", "--mode", "binary32"], round="Q", mode="binary32")

    # Bad inputs of every command: the library reads the options apart
    # from the command (src/api/api.c, src/cli/options.c), and says the
    # same line.
    BAD = [
        ("run", {"lr": "1/0"}), ("run", {"lr": "1e9999999"}), ("run", {"w0": "y"}),
        ("run", {"max_iter": "1.5"}), ("run", {"prec": "10"}),
        ("run", {"prec": "0", "mode": "mpfr"}), ("run", {"round": "Z"}),
        ("run", {"round": "A", "mode": "native-double"}), ("run", {"update": "mul"}),
        ("run", {"stop": "never"}), ("run", {"every": "x"}), ("run", {"loss": "foo(w)"}),
        ("run", {"loss": "(a-1)^2+b^2", "w0": "1"}),
        ("run", {"loss": "(a-1)^2+b^2", "w0": "a=1"}),
        ("run", {"loss": "(a-1)^2+b^2", "w0": "a=1,c=2"}),
        ("run", {"loss": "(a-1)^2+b^2", "w0": "a=1,b=2", "lr": "a=1"}),
        ("run", {"loss": "(a-1)^2+b^2", "w0": "a=1,a=2"}),
        ("run", {"loss": "w^2", "grad": "w=2*"}), ("run", {"mode": "int8", "w0": "1000"}),
        ("run", {"data": "/nonexistent.csv"}),
        ("run", {"data": os.path.join(ROOT, "data", "linreg.csv"),
                 "loss": "mean((a*x + b - y)^2)", "w0": "a=0"}),
        ("run", {"data": os.path.join(ROOT, "data", "linreg.csv"),
                 "loss": "mean((a*x + b - z)^2)", "w0": "0"}),
        ("compare", {"modes": "exact,foo"}), ("compare", {"modes": "binary64,double"}),
        ("compare", {"modes": "exact,binary32", "ref": "binary16"}),
        ("analyze", {"max_degree": "x"}), ("analyze", {"at": "-1"}),
        ("sweep", {"lr": "1:1"}), ("sweep", {"lr": "0:1", "scale": "log", "mode": "binary64"}),
        ("sweep", {"lr": "0.1:1", "scale": "log"}), ("sweep", {"lr": "0.1:1", "grid": "3x3"}),
        ("sweep", {"lr": "0.1:1", "grid": "0"}), ("sweep", {"lr": "0.1:1", "escape": "-1"}),
        ("sweep", {"lr": "0.1:1", "threads": "0"}),
        ("sweep", {"lr": "0.1:1", "scale": "lin,log"}), ("sweep", {"lr": "0.1:1", "scale": "cube"}),
        ("sweep", {"lr": "0.1", "w0": "1"}),
        ("sweep", {"lr": "0.1:1", "w0": "0:1", "loss": "(a-1)^2+b^2+w^2"}),
    ]

    def test_every_command_says_the_same(self):
        for command, kwargs in self.BAD:
            args = [command]
            for k, v in kwargs.items():
                args += ["--" + k.replace("_", "-"), v]
            want = cli_error(*args)
            with self.subTest(args=args):
                with self.assertRaises(ValueError) as cm:
                    getattr(gdtrace, command)(**kwargs)
                self.assertEqual("gdtrace: " + str(cm.exception), want)

    def test_unknown_option(self):
        with self.assertRaisesRegex(ValueError, "'colour' is not an option"):
            gdtrace.run(colour="red")
        with self.assertRaisesRegex(ValueError, "--grid: is not an option of this command"):
            gdtrace.run(grid=3)

    def test_bad_values(self):
        with self.assertRaises(ValueError):
            gdtrace.run(lr=float("nan"))
        with self.assertRaises(TypeError):
            gdtrace.run(lr=[1, 2, 3])


class TestSameBytes(unittest.TestCase):
    """The library's jsonl is the command's --format jsonl --digits exact,
    byte for byte, whatever the options."""
    GOOD = [
        ("run", {"lr": "0.1", "mode": "binary32", "round": "Z", "max-iter": "20"}),
        ("run", {"lr": "0.1", "mode": "binary32", "update": "fma", "max-iter": "20"}),
        ("run", {"lr": "0.5", "w0": "-0", "mode": "binary16", "stop": "none",
                 "max-iter": "3", "loss": "w^2"}),
        ("run", {"lr": "1.5", "stop": "cycle", "mode": "bfloat16", "max-iter": "100"}),
        ("run", {"mode": "mpfr", "prec": "20", "lr": "1/3", "max-iter": "10"}),
        ("run", {"mode": "int16", "lr": "1", "w0": "7", "loss": "w^2 - 4*w",
                 "max-iter": "5"}),
        ("run", {"lr": "10", "every": "7", "max-iter": "30", "mode": "binary128"}),
        ("run", {"loss": "(a-1)^2 + 3*(b+2)^2", "lr": "0.1,b=0.01", "w0": "a=1.5,b=0",
                 "max-iter": "5", "mode": "native-double"}),
        ("run", {"loss": "mean((a*x + b - y)^2)", "data": os.path.join(ROOT, "data", "linreg.csv"),
                 "w0": "a=0,b=0", "lr": "0.05", "max-iter": "3"}),
        ("run", {"loss": "(w-1)^2 + 2", "grad": "2*w - 2", "max-iter": "3"}),
        ("run", {"at": "7"}),
        ("run", {"lr": "0.1", "mode": "binary32", "stop": "grad-zero,stall",
                 "max-iter": "200"}),
        ("run", {"lr": "10", "mode": "binary16", "stop": "nonfinite", "max-iter": "50"}),
        ("run", {"loss": "abs(w) + relu(w - 1)", "lr": "0.5", "w0": "1", "kinks": "torch",
                 "mode": "binary64", "max-iter": "4"}),
        ("compare", {"max-iter": "40"}),
        ("compare", {"lr": "0.1", "modes": "exact,binary32,bfloat16", "stop": "stall",
                     "max-iter": "100"}),
        ("compare", {"modes": "binary16,exact,mpfr", "ref": "exact", "prec": "30",
                     "lr": "0.1", "max-iter": "12"}),
        ("compare", {"modes": "exact,binary32,exact+momentum0.9,binary32+momentum0.9",
                     "lr": "0.1", "max-iter": "12"}),
        ("analyze", {"lr": "10"}),
        ("analyze", {"lr": "0.3", "loss": "w^4 - w^2", "w0": "0.5", "max-iter": "200"}),
        ("analyze", {"lr": "0.1", "at": "20"}),
        ("sweep", {"lr": "0.01:2", "scale": "log", "grid": "9", "mode": "binary64"}),
        ("sweep", {"w0": "-1:3", "lr": "0.1:1.1", "grid": "4x3", "mode": "bfloat16",
                   "escape": "1e6", "threads": "2"}),
        ("sweep", {"loss": "(a-1)^2 + 3*(b+2)^2", "lr": "0.1,b=0.01:0.4", "w0": "a=1,b=0",
                   "grid": "5", "mode": "binary32"}),
    ]

    def test_bytes(self):
        from gdtrace import _native
        for command, options in self.GOOD:
            args = [command]
            for k, v in options.items():
                args += ["--" + k, v]
            want = subprocess.run([BIN] + args + ["--format", "jsonl", "--digits", "exact"],
                                  stdout=subprocess.PIPE, universal_newlines=True).stdout
            with self.subTest(args=args):
                status, got, msg = _native.call(command, list(options.items()))
                self.assertEqual((status, msg), (0, ""))
                self.assertGreater(want.count("\n"), 1)
                self.assertEqual(got, want)


class TestCompare(unittest.TestCase):
    def test_notes(self):
        c = gdtrace.compare(loss=NOTES, lr="10", w0="2", max_iter=40)
        self.assertEqual(list(c), ["exact", "binary64", "binary32", "bfloat16"])
        self.assertEqual(c.reference, "exact")
        recs = cli("compare", "--loss", NOTES, "--lr", "10", "--w0", "2", "--max-iter", "40",
                   "--digits", "exact")
        for mode, trace in c.items():
            rows = [x for x in recs if "modes" in x and mode in x["modes"]]
            self.assertEqual(list(trace.steps), [x["step"] for x in rows])
            for got, x in zip(trace.values["w"], rows):
                text = x["modes"][mode]["w"]["value"]
                if text in ("inf", "-inf", "nan"):
                    self.assertEqual(repr(float(got)), repr(float(text)))
                else:
                    self.assertEqual(exact(got), Fraction(text))
            ev = [x["events"] for x in recs if "events" in x and x["events"]["mode"] == mode]
            for e in ev:
                self.assertEqual(trace.events[e["of"]]["differs"], e["differs"])
                self.assertEqual(trace.events[e["of"]]["inf"], e["inf"])
        self.assertEqual(c["exact"].w[2], 362)
        if np is not None:
            self.assertEqual(c["binary32"].w.dtype, np.float32)
            self.assertEqual(c["binary64"].w.dtype, np.float64)
        self.assertEqual(c["binary32"].events["w"]["inf"], 31)
        self.assertIsNone(c["exact"].digits["w"][5])

    def test_modes_and_ref(self):
        c = gdtrace.compare(loss=NOTES, lr="0.1", w0="2", max_iter=5,
                            modes=["binary32", "binary64"], ref="binary64")
        self.assertEqual(c.reference, "binary64")
        self.assertEqual(list(c), ["binary32", "binary64"])
        self.assertEqual(c["binary64"].rel_err["w"][5], 0)


    def test_optimizer_columns(self):
        # an optimizer's state and the lr in force are columns, not parameters
        r = gdtrace.run(loss=NOTES, lr="0.1", w0="2", max_iter=2, momentum="0.9",
                        schedule="step:1:0.5")
        self.assertEqual(r.params, ["w"])
        self.assertEqual(r.w, [2, Fraction(18, 10), Fraction(163, 100)])
        self.assertEqual(r.columns["momentum_buffer"], [0, 2, Fraction(34, 10)])
        self.assertEqual(r.columns["lr"], [Fraction(1, 10), Fraction(1, 20), Fraction(1, 40)])
        r = gdtrace.run(loss="(a*b-1)^2", w0="a=2,b=1", lr="0.1", max_iter=1,
                        optimizer="adam", mode="binary64")
        self.assertEqual(r.params, ["a", "b"])
        self.assertEqual(sorted(r.w), ["a", "b"])
        self.assertEqual(float(r.columns["exp_avg_b"][1]), 0.3999999999999999)

    def test_lane_optimizers(self):
        # a lane's own optimizer (MODE+momentumM) is the run with it, and its
        # events are against its optimizer's exact run
        c = gdtrace.compare(loss=NOTES, lr="0.1", w0="2", max_iter=3,
                            modes="exact,binary32,exact+momentum0.9,binary32+momentum0.9")
        r = gdtrace.run(loss=NOTES, lr="0.1", w0="2", max_iter=3, mode="binary32",
                        momentum="0.9")
        self.assertEqual([exact(x) for x in c["binary32+momentum0.9"].w],
                         [exact(x) for x in r.w])
        self.assertEqual(c["exact+momentum0.9"].w[2], Fraction(146, 100))
        ev = c["binary32+momentum0.9"].events["w"]
        self.assertEqual(ev["reference"], "exact+momentum0.9")
        self.assertEqual(ev["differs"], 1)


class TestAnalyze(unittest.TestCase):
    def test_quadratic(self):
        a = gdtrace.analyze(loss=NOTES, lr="10", w0="2")
        q = a["quadratic"]
        self.assertEqual(q["r"], -19)
        self.assertEqual(q["w*"], 1)
        self.assertEqual(q["lr_critical"], 1)
        self.assertEqual(q["lr_one_step"], Fraction(1, 2))
        self.assertEqual(q["closed_form"], "w_n = 1 + (-19)^n * (1)")
        self.assertEqual(a["problem"]["lr"], 10)
        formats = {f["name"]: f for f in a["format"]}
        self.assertEqual(formats["binary32"]["predicted"]["step"], 31)
        self.assertEqual(formats["binary16"]["predicted"]["event"], "overflow")
        recs = cli("analyze", "--loss", NOTES, "--lr", "10", "--w0", "2", "--digits", "exact")
        self.assertEqual(len(a["format"]), sum(1 for x in recs if "format" in x))

    def test_at(self):
        a = gdtrace.analyze(loss=NOTES, lr="10", w0="2", at=100)
        self.assertIn("at", a)


class TestSweep(unittest.TestCase):
    def test_grid(self):
        s = gdtrace.sweep(loss=NOTES, lr=("0.1", "1.1"), w0=("-1", "2"), grid=(5, 3),
                          mode="binary32", threads=2)
        recs = cli("sweep", "--loss", NOTES, "--lr", "0.1:1.1", "--w0", "-1:2", "--grid",
                   "5x3", "--mode", "binary32", "--digits", "hex", "--threads", "2")
        points = [x for x in recs if "outcome" in x]
        self.assertEqual(s.shape, (3, 5))
        self.assertEqual([a["name"] for a in s.axes], ["lr", "w0"])
        for p in points:
            i, j = p["i"], p["j"]
            self.assertEqual(s.outcome[j][i], p["outcome"])
            self.assertEqual(s.step[j][i], p["step"])
            self.assertEqual(s.period[j][i], p["period"])
            self.assertEqual(bits32(s.loss[j][i]), bits32(float.fromhex(p["loss"])))
            self.assertEqual(bits32(s.axes[0]["values"][i]), bits32(float.fromhex(p["lr"])))
            self.assertEqual(bits32(s.axes[1]["values"][j]), bits32(float.fromhex(p["w0"])))
            self.assertEqual(s.cls[j][i], p["class"])
        if np is not None:
            self.assertEqual(s.loss.dtype, np.float32)
            self.assertEqual(s.outcome.shape, (3, 5))
        self.assertEqual(s.done, 15)

    def test_axis_order_and_exact(self):
        s = gdtrace.sweep(loss=NOTES, w0="0:2", lr="1/2:1", grid=(3, 2))
        self.assertEqual([a["name"] for a in s.axes], ["w0", "lr"])
        self.assertEqual(s.axes[1]["values"], [Fraction(1, 2), Fraction(1)])
        self.assertEqual(s.axes[0]["values"], [0, 1, 2])
        self.assertEqual(s.outcome[0][0], "converged")  # lr 1/2: w* in one step

    def test_no_axis(self):
        with self.assertRaisesRegex(ValueError, "no axis"):
            gdtrace.sweep(loss=NOTES, lr="0.1", w0="2")


    def test_certify(self):
        sw = gdtrace.sweep(lr=("0.1", "1.2"), grid=4, max_iter=30, certify=True)
        recs = cli("sweep", "--lr", "0.1:1.2", "--grid", "4", "--max-iter", "30", "--certify")
        points = [x for x in recs if "outcome" in x]
        self.assertEqual(sw.mode, "certified")
        self.assertEqual(list(sw.outcome), [p["outcome"] for p in points])
        self.assertEqual(list(sw.step), [p["step"] for p in points])
        self.assertEqual(list(sw.loss), [Decimal(p["loss"]) for p in points])
        self.assertEqual(str(sw.axes[0]["values"][0]), "0.1")


class TestReadme(unittest.TestCase):
    @unittest.skipIf(np is None, "the README's session shows NumPy arrays")
    def test_notebook_example(self):
        """The README's Python session, run as a doctest."""
        import doctest
        with open(os.path.join(ROOT, "README.md")) as f:
            text = f.read()
        start = text.index("```python\n", text.index("## Python"))
        block = text[start + len("```python\n"):text.index("```\n", start + 3)]
        test = doctest.DocTestParser().get_doctest(block, {}, "README.md", "README.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        self.assertEqual(runner.summarize(verbose=False).failed, 0)
        self.assertGreater(len(test.examples), 10)


if __name__ == "__main__":
    unittest.main()
