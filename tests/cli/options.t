# Bad options: one line naming the option and the problem, exit 2, nothing
# on standard output.

$ gdtrace --lr abc
? 2
2> gdtrace: --lr: 'abc' is not a number

$ gdtrace --w0 1/0
? 2
2> gdtrace: --w0: '1/0' divides by zero

$ gdtrace --lr 1e2000000
? 2
2> gdtrace: --lr: '1e2000000' has an exponent beyond +-1000000

$ gdtrace --max-iter -1
? 2
2> gdtrace: --max-iter: '-1' is too small (at least 0)

$ gdtrace --max-iter 2.5
? 2
2> gdtrace: --max-iter: '2.5' is not a whole number

$ gdtrace --max-iter 1e30
? 2
2> gdtrace: --max-iter: '1e30' is too large (at most 18446744073709551614)

$ gdtrace --max-iter ''
? 2
2> gdtrace: --max-iter: '' is not a whole number

$ gdtrace --mode mpfr --prec 0
? 2
2> gdtrace: --prec: '0' is too small (at least 1)

$ gdtrace --mode mpfr --prec 1e12
? 2
2> gdtrace: --prec: '1e12' is too large (at most 16777216)

$ gdtrace --prec 53
? 2
2> gdtrace: --prec: applies to mode mpfr only

$ gdtrace --round Z
? 2
2> gdtrace: --round: applies to the float modes only (exact and integers never round)

$ gdtrace --mode mpfr --round Q
? 2
2> gdtrace: --round: 'Q' is not one of N, Z, U, D, A

$ gdtrace --mode foo
? 2
2> gdtrace: --mode: 'foo' is not a mode (exact, mpfr, binary16 (half, float16), bfloat16, binary32 (single, float32), binary64 (double, float64), binary128 (quad), native-float, native-double, int8, int16, int32, int64)

$ gdtrace --format xml
? 2
2> gdtrace: --format: 'xml' is not a format (text, python, csv, jsonl)

$ gdtrace --digits 0
? 2
2> gdtrace: --digits: '0' is too small (at least 1)

$ gdtrace --digits many
? 2
2> gdtrace: --digits: 'many' is not shortest, exact, hex or a number of digits

$ gdtrace --digits hex
? 2
2> gdtrace: --digits: 'hex' is for float modes; exact and integer values have no hex form

$ gdtrace --digits 5 --format jsonl
? 2
2> gdtrace: --digits: '5' would round values, and jsonl values are never rounded

$ gdtrace --digits exact --format python
? 2
2> gdtrace: --digits: 'exact' does not apply to --format python, which prints Python's repr

$ gdtrace --bogus
? 2
2> gdtrace: unknown option '--bogus' (see --help)

$ gdtrace --bogus=3
? 2
2> gdtrace: unknown option '--bogus' (see --help)

$ gdtrace --lr
? 2
2> gdtrace: --lr: missing value (X)

$ gdtrace --help=yes
? 2
2> gdtrace: --help: takes no value, got 'yes'

$ gdtrace frobnicate
? 2
2> gdtrace: unknown command 'frobnicate' (the commands are run, compare, analyze, sweep, boundary, zoom, merge and serve)

$ gdtrace run 3
? 2
2> gdtrace: unexpected argument '3' (options start with --; see --help)

$ gdtrace -x
? 2
2> gdtrace: unexpected argument '-x' (options start with --; see --help)

$ gdtrace --mode binary64 --prec 60
? 2
2> gdtrace: --prec: applies to mode mpfr only

$ gdtrace --mode int64 --round Z
? 2
2> gdtrace: --round: applies to the float modes only (exact and integers never round)

$ gdtrace --mode native-double --round A
? 2
2> gdtrace: --round: 'A': the native modes have no rounding away from zero

$ gdtrace --mode int32 --digits hex
? 2
2> gdtrace: --digits: 'hex' is for float modes; exact and integer values have no hex form

$ gdtrace --update fused
? 2
2> gdtrace: --update: 'fused' is not sub, fma or kahan

# Integer modes take integers only and have no division.
$ gdtrace --mode int64 --lr 0.1
? 2
2> gdtrace: lr 0.1 is not a value of mode int64

$ gdtrace --mode int8 --w0 300
? 2
2> gdtrace: w0 300 is out of the range of mode int8

$ gdtrace --mode int16 --loss '(w-1)^2/2'
? 2
2> gdtrace: mode int16 has no division, and the loss divides

$ gdtrace --mode int16 --loss 'w^2 + 0.5'
? 2
2> gdtrace: the constant 0.5 is not a value of mode int16

$ gdtrace --mode int16 --loss 'w^-1'
? 2
2> gdtrace: mode int16 has no division, and the loss has a negative power

# --help and --version go to standard output and exit 0.
$ gdtrace --help
| head -n 1
> usage: gdtrace [run] [options]

$ gdtrace run -h
| head -n 1
> usage: gdtrace [run] [options]

$ gdtrace --version
| sed 's/ (.*//'
> gdtrace 0.1.0

# Each command's help shows its own defaults and formats; only gdtrace's
# own names analyze's, and analyze's has no modes paragraph (no --mode).
$ gdtrace analyze --help
| grep -E -e '--(max-iter|prec|format) ' -e '^MODES'
>   --max-iter N        stop after N updates (default: 1000)
>   --prec BITS         mpfr precision in bits (default: 256)
>   --format FMT        text or jsonl (default: text)

$ gdtrace sweep --help
| grep -E -e '^  --(max-iter|format) '
>   --max-iter N        stop after N updates (default: 50)
>   --format FMT        csv or jsonl (default: csv)

# sweep's --lr and --w0 are its axes, boundary's --lr its interval and
# zoom's its centre, each help says so.
$ gdtrace sweep --help | grep -A2 -E -e '^  --lr '
>   --lr X|[P=]A:B      an axis A:B of learning rates (exact decimals; --grid,
>                       --scale), or P=A:B parameter P's; else fixed as in run:
>                       X or a=0.1,b=0.01 (default: 10)

$ gdtrace boundary --help | grep -A1 -E -e '^  --lr '
>   --lr A:B            the interval bisected, exact decimals whose outcomes
>                       differ (required)

$ gdtrace zoom --help | grep -A1 -E -e '^  --(lr|w0) '
>   --lr X              the centre of every frame, an exact decimal or p/q
>                       (required)
>   --w0 X|A:B          starting point (default: 2), or A:B a second axis
>                       (--grid NxM)

$ gdtrace compare --help
| grep -E -e '--format ' -e '^MODES'
>   --format FMT        text, csv or jsonl (default: text)
> MODES: exact (GMP integers and rationals, never rounded); mpfr (--prec bits);

$ gdtrace --help
| grep -E -A1 -e '--(max-iter|format) '
>   --max-iter N        stop after N updates (default: 50; analyze: 1000)
>   --mode MODE         the numbers (default: exact; see MODES below)
> --
>   --format FMT        text, python (pprint of the weights; run only), csv or jsonl
>                       (default: text)

# --stop: grad-zero (the notes' rule, default) or max-iter only.
$ gdtrace --lr 0.5 --stop max-iter --max-iter 3 --format csv
> step,w,grad,loss
> 0,2,2,3
> 1,1,0,2
> 2,1,0,2
> 3,1,0,2

$ gdtrace --stop never
? 2
2> gdtrace: --stop: 'never' is not a list of grad-zero, cycle, stall and nonfinite, or none
