"""gdtrace from Python: gradient descent traced exactly and in every float format.

    import gdtrace
    r = gdtrace.run(loss="(w-1)^2 + 2", lr="10", w0="2", max_iter=50, mode="exact")
    r.w[:4]          # [Fraction(2, 1), Fraction(-18, 1), Fraction(362, 1), ...]
    r.stop           # 'max-iter'

run(), compare(), analyze() and sweep() take the options of the gdtrace
command as keyword arguments (max_iter for --max-iter, and so on) and call
the shared library libgdtrace (see _native.py for where it is found); no
process is started.  Values come back exactly:

- exact mode: fractions.Fraction;
- binary16, binary32, binary64 (and native-float, native-double): NumPy
  arrays of float16, float32, float64 when NumPy is importable, else Python
  floats (every one of these formats is a subset of Python's float);
- int8 .. int64: NumPy arrays of those types, else Python ints;
- bfloat16, binary128 and mpfr, which NumPy has no type for: exact
  Fractions, or mpmath.mpf (of as many bits as the value has) when mpmath is
  importable (bigfloat="fraction" or "mpmath" chooses); there inf, nan
  and -0, which a Fraction cannot be, come as Python floats;
- certify=True (the exact-real run as balls): decimal.Decimal, exactly the
  digits each ball proves (or digits=N of them), with a certified_digits
  column (an int per step, or math.inf where the ball is exact).

run(runs=K) with a stochastic recipe (sr="update") returns an Ensemble:
per step the exact run and the mean, spread, least and greatest value of
the K runs.

Learning rates and starting points (lr, w0) may be str, int, Fraction,
Decimal or float (a float is taken exactly, 0.1 as
3602879701896397/36028797018963968, not as "0.1"), or a dict of them per
parameter ({"a": "0.1", "b": 1}); in a sweep an axis is a tuple (A, B) or
the text "A:B".  A bad option raises ValueError with the library's one-line
message, which names the option.
"""
import decimal
import fractions
import math
import re

from . import _native

try:
    import numpy as _np
except ImportError:  # the lists of Python numbers instead
    _np = None
try:
    import mpmath as _mpmath
    from mpmath.libmp import from_man_exp as _from_man_exp
except ImportError:
    _mpmath = None

__all__ = ["run", "compare", "analyze", "sweep", "Run", "Ensemble", "Trace", "Compare", "Sweep",
           "GdtraceError", "library_path"]

Fraction = fractions.Fraction
library_path = _native.library_path


class GdtraceError(RuntimeError):
    """A run that failed (out of memory, a value that cannot be printed)."""


# How the values of each mode come back: a NumPy dtype's name, "fraction"
# (exact), "big" (a float format NumPy lacks) or "int".
_KINDS = {
    "exact": "fraction",
    "binary16": "float16", "half": "float16", "float16": "float16",
    "binary32": "float32", "single": "float32", "float32": "float32",
    "native-float": "float32",
    "binary64": "float64", "double": "float64", "float64": "float64",
    "native-double": "float64",
    "bfloat16": "big", "binary128": "big", "quad": "big", "mpfr": "big",
    "int8": "int8", "int16": "int16", "int32": "int32", "int64": "int64",
    "certified": "decimal",
}

# Options that take no value: True gives them, False or None leaves them out.
_FLAGS = ("certify", "sharpness", "nesterov")



# The summary's keys that are counts or words, never values of the mode.
_COUNTS = ("steps", "stop", "stall_start")
# ... and with certify=True: the working precision in bits, what stopped it
_CERTIFY_COUNTS = ("prec", "error")

def _kind(mode):
    # a comparison's mode with recipes (bfloat16+master32) holds the mode's
    # numbers
    return _KINDS.get(mode.split("+")[0], "big")


def _recipe_column(key):
    """1 for a recipe's column of a run's records: w_master, w_comp (and
    their _NAME forms), the loss scale's scale and skipped, which are no
    parameters."""
    return key.startswith("w_master") or key.startswith("w_comp") or key in ("scale", "skipped")


_OPTIM_COLUMNS = ("momentum_buffer", "exp_avg", "exp_avg_sq")


def _optim_column(key):
    """1 for an optimizer's column of a run's records: its state per
    parameter (momentum_buffer, exp_avg, exp_avg_sq, each NAME_P with
    several parameters) and the lr in force under a schedule, which are no
    parameters."""
    return key == "lr" or any(key == c or key.startswith(c + "_") for c in _OPTIM_COLUMNS)


def _option_text(name, value):
    """VALUE of option NAME as the library reads it: exact numbers kept
    exact."""
    if isinstance(value, bool):
        raise TypeError("gdtrace: %s: %r is not a number or text" % (name, value))
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("--%s: %r is not a finite number" % (name, value))
        if value == 0 and str(value).startswith("-"):
            return "-0"
        value = Fraction(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError("--%s: %r is not a finite number" % (name, value))
        if value.is_zero() and value.is_signed():
            return "-0"
        value = Fraction(value)
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(value)
    if _np is not None and isinstance(value, _np.floating):
        return _option_text(name, float(value))
    if _np is not None and isinstance(value, _np.integer):
        return str(int(value))
    raise TypeError("gdtrace: %s: %r is not a number or text" % (name, value))


def _param_text(name, value):
    """lr or w0: one value, an axis (A, B), or a dict per parameter."""
    if isinstance(value, dict):
        return ",".join("%s=%s" % (k, _param_text(name, v)) for k, v in value.items())
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return "%s:%s" % (_option_text(name, value[0]), _option_text(name, value[1]))
    return _option_text(name, value)


def _items(kwargs):
    """The (key, value) strings of KWARGS, in their order (a sweep's axes
    come in the order lr and w0 are given)."""
    items = []
    for name, value in kwargs.items():
        if value is None:
            continue
        key = name.replace("_", "-")
        if key in _FLAGS and isinstance(value, bool):
            if value:
                items.append((key, ""))
        elif key == "grad":
            for g in [value] if isinstance(value, str) else value:
                items.append(("grad", g))
        elif key in ("lr", "w0"):
            items.append((key, _param_text(key, value)))
        elif key in ("modes", "stop", "scale") and not isinstance(value, str):
            items.append((key, ",".join(value)))
        elif key == "grid" and isinstance(value, (tuple, list)):
            items.append((key, "x".join(str(int(v)) for v in value)))
        elif key == "data" and hasattr(value, "__fspath__"):
            items.append((key, value.__fspath__()))
        else:
            items.append((key, _option_text(key, value)))
    return items


def _call(command, kwargs):
    status, text, msg = _native.call(command, _items(kwargs))
    if status == _native.BAD_OPTION:
        raise ValueError(msg)
    if status == _native.INTERRUPTED:
        raise KeyboardInterrupt(msg)
    if status != _native.OK:
        raise GdtraceError(msg)
    return text


def _records(text):
    import json
    return [json.loads(line) for line in text.splitlines() if line]


# ---------------------------------------------------------------- values

_SPECIAL = {"inf": float("inf"), "+inf": float("inf"), "-inf": float("-inf"),
            "nan": float("nan"), "-nan": float("nan")}


_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\Z")
_CHUNK = 4000  # digits int() reads at once (Python 3.11 refuses > 4300)


def _int(digits):
    """The integer DIGITS (decimal, no sign), of any length: halves read
    apart past int()'s limit on digits."""
    n = len(digits)
    if n <= _CHUNK:
        return int(digits or "0")
    low = n // 2
    return _int(digits[:n - low]) * 10 ** low + _int(digits[n - low:])


def _exact(text):
    """TEXT, a value as --digits exact prints it (a decimal, perhaps with
    an exponent, or p/q), exactly: a Fraction, or a float for inf, nan and
    -0."""
    if text is None:
        return None
    special = _SPECIAL.get(text)
    if special is not None:
        return special
    if "/" in text:
        p, q = text.split("/")
        sign = -1 if p.startswith("-") else 1
        return Fraction(sign * _int(p.lstrip("+-")), _int(q))
    m = _DECIMAL.match(text)
    if m is None:
        raise ValueError("gdtrace: %r is not an exact number" % (text,))
    sign, whole, frac, exp = m.groups()
    frac = frac or ""
    num = _int(whole + frac)
    if num == 0:
        return -0.0 if sign == "-" else Fraction(0)
    scale = (int(exp) if exp else 0) - len(frac)
    q = Fraction(num * 10 ** scale) if scale >= 0 else Fraction(num, 10 ** -scale)
    return -q if sign == "-" else q


def _proven(text):
    """TEXT, the digits a ball proves (or an exact p/q), as decimal.Decimal
    (a Fraction for p/q; a float for inf, nan); None stays None."""
    if text is None:
        return None
    special = _SPECIAL.get(text)
    if special is not None:
        return special
    if "/" in text:
        return _exact(text)
    return decimal.Decimal(text)


def _big(q, bigfloat):
    """Q (a dyadic Fraction) as mpmath.mpf, exactly, when asked."""
    if bigfloat != "mpmath" or not isinstance(q, Fraction):
        return q
    d = q.denominator
    if d & (d - 1):  # not dyadic: never a float format's value
        return q
    return _mpmath.mp.make_mpf(_from_man_exp(q.numerator, -(d.bit_length() - 1)))


def _bigfloat(bigfloat):
    if bigfloat is None:
        return "mpmath" if _mpmath is not None else "fraction"
    if bigfloat not in ("fraction", "mpmath"):
        raise ValueError("bigfloat: %r is not 'fraction' or 'mpmath'" % (bigfloat,))
    if bigfloat == "mpmath" and _mpmath is None:
        raise ImportError("bigfloat='mpmath': mpmath is not installed (Debian: python3-mpmath)")
    return bigfloat


def _column(texts, kind, bigfloat):
    """Values printed exactly, as the mode's kind: a NumPy array of its
    dtype, or a list."""
    if kind.startswith("float"):
        # TEXT is the exact decimal of a binary16, binary32 or binary64
        # value, which binary64 holds: float() reads it correctly rounded,
        # so exactly ("-0", "inf" and "nan" included), and fast
        floats = [float(t) if t is not None else float("nan") for t in texts]
        return _np.array(floats, dtype=kind) if _np is not None else floats
    if kind == "decimal":
        return [_proven(t) for t in texts]
    values = [_exact(t) for t in texts]
    if kind == "fraction":
        return values
    if kind == "big":
        return [_big(v, bigfloat) for v in values]
    if kind.startswith("int"):
        if None in values:  # a point with no loss (error, size-limit)
            return values
        ints = [int(v) for v in values]
        return _np.array(ints, dtype=kind) if _np is not None else ints
    raise AssertionError(kind)


def _steps(steps):
    return _np.array(steps, dtype="int64") if _np is not None else list(steps)


def _one(text, kind, bigfloat):
    """One value as _column's elements."""
    col = _column([text], kind, bigfloat)
    return col[0]


# ------------------------------------------------------------------- run

class Run:
    """A run's steps: steps, w (one parameter: its values; several: a dict
    by name), grad (likewise), loss; stop, the reason it stopped; final,
    the summary (steps, stop, each parameter, loss); params, the names;
    columns, every per-step column by its jsonl name (w or a parameter's
    name, grad or grad_NAME, loss; with master=FORMAT w_master, with
    update="kahan" w_comp, in the master's numbers when there is one; with
    loss_scale=S scale, in the master's numbers, and skipped, 0 or 1; with
    an optimizer its state, momentum_buffer or exp_avg and exp_avg_sq (each
    _NAME with several parameters), and with a schedule lr, the lr in force).
    With certify=True the values are Decimals of the digits each ball
    proves, certified_digits the least number of them per step (math.inf
    where every value is exact), and final has prec, the working
    precision in bits (and error, with stop "precision-limit")."""

    def __init__(self, mode, records, bigfloat, master=None):
        self.mode = mode
        kind = _kind(mode)
        counts = _COUNTS + (_CERTIFY_COUNTS if mode == "certified" else ())
        rows = [r for r in records if "step" in r]
        summary = next((r["summary"] for r in records if "summary" in r), {})
        names = [k for k in (rows[0] if rows else summary)
                 if k not in counts + ("step", "loss", "grad", "certified_digits")
                 and not k.startswith("grad_") and not _recipe_column(k)
                 and not _optim_column(k)]
        self.params = names
        self.steps = _steps([r["step"] for r in rows])
        self.columns = {}
        self.certified_digits = None
        # every=0: the summary alone, and empty columns
        keys = rows[0].keys() if rows else [k for k in summary if k not in counts]
        for key in keys:
            if key == "certified_digits":
                self.certified_digits = [math.inf if r[key] == "exact" else r[key] for r in rows]
            elif key != "step":
                # the master's values (and kahan's terms with a master) in
                # the master's format
                k = _kind(master) if master is not None and _recipe_column(key) else kind
                if key == "skipped":  # loss scaling: 1 when the step's update is skipped
                    self.columns[key] = _column([r.get(key) for r in rows], "int8", bigfloat)
                    continue
                self.columns[key] = _column([r.get(key) for r in rows], k, bigfloat)
        if names == ["w"]:
            self.w = self.columns.get("w")
            self.grad = self.columns.get("grad")
        else:
            self.w = {n: self.columns.get(n) for n in names}
            self.grad = {n: self.columns.get("grad_" + n) for n in names}
        self.loss = self.columns.get("loss")
        self.stop = summary.get("stop")
        self.final = {k: (v if k in counts
                          else int(v) if k == "skipped"
                          else _one(v, _kind(master), bigfloat)
                          if master is not None and _recipe_column(k)
                          else _one(v, kind, bigfloat))
                      for k, v in summary.items()}

    def __len__(self):
        return len(self.steps)

    def __repr__(self):
        return "<gdtrace.Run mode=%s steps=%s stop=%s>" % (self.mode, self.final.get("steps"),
                                                         self.stop)


class Ensemble:
    """run(runs=K) of a stochastic recipe: K runs with seeds seed ..
    seed+K-1, in lockstep.  steps; stats, by quantity (w, or each
    parameter's name, and loss), a dict of columns: exact (the exact run's
    values, Fractions), mean and std (of the K runs, NumPy's ddof 0,
    rounded to 17 digits: float64), min and max (the mode's values); w and
    loss, those dicts (w a dict by name with several parameters); runs,
    seed, stops (how many runs stopped for each reason), final (the
    summary)."""

    def __init__(self, mode, records, bigfloat):
        kind = _kind(mode)
        rows = [r for r in records if "step" in r]
        summary = next((r["summary"] for r in records if "summary" in r), {})
        self.mode = mode
        self.final = summary
        self.runs = summary.get("runs")
        self.seed = summary.get("seed")
        self.stops = summary.get("stops")
        self.steps = _steps([r["step"] for r in rows])
        names = [k for k in rows[0] if k != "step"] if rows else []
        self.stats = {}
        for name in names:
            cells = [r[name] for r in rows]
            col = {}
            for stat in cells[0]:
                texts = [c.get(stat) for c in cells]
                if stat == "exact":
                    col[stat] = _column(texts, "fraction", bigfloat)
                elif stat in ("min", "max"):
                    col[stat] = _column(texts, kind, bigfloat)
                else:
                    col[stat] = _column(texts, "float64", bigfloat)
            self.stats[name] = col
        self.params = [n for n in names if n != "loss"]
        self.w = self.stats.get("w") if self.params == ["w"] else {
            n: self.stats[n] for n in self.params}
        self.loss = self.stats.get("loss")

    def __len__(self):
        return len(self.steps)

    def __repr__(self):
        return "<gdtrace.Ensemble mode=%s runs=%s steps=%s>" % (self.mode, self.runs,
                                                              self.final.get("steps"))


def run(loss=None, *, bigfloat=None, **options):
    """gdtrace run: every step of one mode (options: lr, w0, max_iter, mode,
    grad, data, prec, round, update, stop, max_bits, every, master, sr,
    seed; at=N, the exact state at step N of a quadratic loss in closed
    form; certify=True, the exact-real run as balls, with digits=N
    (default: every digit each ball proves) and max_prec).  A Run; with
    runs=K (and sr), an Ensemble."""
    bigfloat = _bigfloat(bigfloat)
    options = dict(options, loss=loss) if loss is not None else options
    text = _call("run", options)
    mode = "certified" if options.get("certify") else options.get("mode", "exact")
    if int(options.get("runs", 1) or 1) > 1:
        return Ensemble(mode, _records(text), bigfloat)
    return Run(mode, _records(text), bigfloat, options.get("master"))


# --------------------------------------------------------------- compare

class Trace:
    """One mode of a comparison: steps, w (or a dict by parameter), loss,
    and per value rel_err (float64, against the reference) and digits
    (correct significant digits; None where all are), events (per value:
    the first step that differs, has no correct digit, is subnormal, zero,
    inf, nan) and stop."""

    def __init__(self, mode, rows, events, bigfloat):
        kind = _kind(mode)
        self.mode = mode
        self.steps = _steps([k for k, _ in rows])
        keys = list(rows[0][1].keys()) if rows else []
        self.values, self.rel_err, self.digits = {}, {}, {}
        for key in keys:
            cells = [m[key] for _, m in rows]
            self.values[key] = _column([c["value"] for c in cells], kind, bigfloat)
            err = [float(c["rel_err"]) for c in cells]
            self.rel_err[key] = _np.array(err) if _np is not None else err
            self.digits[key] = [None if c["digits"] == "all" else int(c["digits"])
                                for c in cells]
        self.params = [k for k in keys if k != "loss"]
        self.w = self.values["w"] if self.params == ["w"] else {
            n: self.values[n] for n in self.params}
        self.loss = self.values.get("loss")
        self.events = {e["of"]: {k: v for k, v in e.items() if k not in ("mode", "of")}
                       for e in events}
        self.stop = next((e["stop"] for e in events), None)

    def __repr__(self):
        return "<gdtrace.Trace mode=%s steps=%d stop=%s>" % (self.mode, len(self.steps) - 1,
                                                           self.stop)


class Compare(dict):
    """A comparison: a dict of Trace by mode name, in the order of the
    modes; reference, the reference mode; steps, the steps run."""

    def __repr__(self):
        return "<gdtrace.Compare modes=%s reference=%s>" % (list(self), self.reference)


def compare(loss=None, *, bigfloat=None, **options):
    """gdtrace compare: several modes side by side (options: modes, ref, and
    run's).  A Compare."""
    bigfloat = _bigfloat(bigfloat)
    options = dict(options, loss=loss) if loss is not None else options
    records = _records(_call("compare", options))
    rows, events, order = {}, {}, []
    summary = {}
    for r in records:
        if "modes" in r:
            for mode, cells in r["modes"].items():
                if mode not in rows:
                    rows[mode] = []
                    order.append(mode)
                rows[mode].append((r["step"], cells))
        elif "events" in r:
            events.setdefault(r["events"]["mode"], []).append(r["events"])
        elif "summary" in r:
            summary = r["summary"]
    result = Compare()
    for mode in order:
        result[mode] = Trace(mode, rows[mode], events.get(mode, []), bigfloat)
    result.reference = summary.get("reference")
    result.steps = summary.get("steps")
    return result


# --------------------------------------------------------------- analyze

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?\Z")


def _facts(value):
    """An analysis record's value: numbers (printed exactly) as Fractions,
    the rest as they are."""
    if isinstance(value, dict):
        return {k: _facts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_facts(v) for v in value]
    if isinstance(value, str) and _NUMBER.match(value):
        return _exact(value)
    return value


def analyze(loss=None, **options):
    """gdtrace analyze: the facts of the run as a dict by section (problem,
    quadratic, format (a list, one per IEEE format), critical, trajectory,
    lyapunov, at, note ...), numbers as exact Fractions (options: lr, w0,
    max_iter, prec, at, max_bits, max_degree, max_coeff_bits, grad,
    data)."""
    options = dict(options, loss=loss) if loss is not None else options
    facts = {}
    for r in _records(_call("analyze", options)):
        for section, value in r.items():
            value = _facts(value)
            if section == "format":
                facts.setdefault(section, []).append(value)
            elif section in facts:
                if not isinstance(facts[section], list):
                    facts[section] = [facts[section]]
                facts[section].append(value)
            else:
                facts[section] = value
    return facts


# ----------------------------------------------------------------- sweep

class Sweep:
    """A sweep's grid: outcome (str), period, step and loss per point, of
    shape (M, N) with two axes (row j, column i), (N,) with one; axes, one
    dict per axis (name, from, to, points, scale, and values: the points as
    the mode holds them); cls, the class of each point (a one-parameter
    quadratic loss), else None; header, the sweep's jsonl header; done, the
    points run."""

    def __init__(self, records, bigfloat):
        header = records[0]
        mode = header["mode"]
        kind = _kind(mode)
        self.header = header
        self.mode = mode
        self.axes = [dict(a) for a in header["axes"]]
        points = [r for r in records if "outcome" in r]
        summary = next((r["summary"] for r in records if "summary" in r), {})
        self.done = summary.get("points")
        self.shape = tuple(header["grid"])  # (M, N): rows along the second axis
        n1 = self.axes[0]["points"]
        for k, axis in enumerate(self.axes):
            if k == 0:
                texts = [p[axis["name"]] for p in points[:n1]]
            else:
                texts = [p[axis["name"]] for p in points[::n1]]
            axis["values"] = _column(texts, kind, bigfloat)

        def shaped(values, dtype=None):
            if _np is None:
                if len(self.shape) == 1:
                    return values
                return [values[j * n1:(j + 1) * n1] for j in range(self.shape[0])]
            a = _np.array(values, dtype=dtype) if dtype else _np.array(values, dtype=object)
            return a.reshape(self.shape)

        self.outcome = shaped([p["outcome"] for p in points],
                              "U%d" % max([len(p["outcome"]) for p in points] + [1]))
        self.period = shaped([p["period"] for p in points], "int64")
        self.step = shaped([p["step"] for p in points], "int64")
        loss = _column([p["loss"] for p in points], kind, bigfloat)
        if _np is not None and isinstance(loss, _np.ndarray):
            self.loss = loss.reshape(self.shape)
        else:
            self.loss = shaped(list(loss))
        self.cls = shaped([p["class"] for p in points]) if points and "class" in points[0] \
            else None

    def __repr__(self):
        return "<gdtrace.Sweep mode=%s shape=%s>" % (self.mode, self.shape)


def sweep(loss=None, *, bigfloat=None, **options):
    """gdtrace sweep: every point of a grid of learning rates and starting
    points run to its outcome (options: lr and/or w0 with an axis (A, B) or
    "A:B", grid (N or (N, M)), scale, escape, threads, mode, and run's).
    A Sweep."""
    bigfloat = _bigfloat(bigfloat)
    options = dict(options, loss=loss) if loss is not None else options
    return Sweep(_records(_call("sweep", options)), bigfloat)
