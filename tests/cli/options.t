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
2> gdtrace: --prec: applies to --mode mpfr only

$ gdtrace --round Z
? 2
2> gdtrace: --round: applies to --mode mpfr only

$ gdtrace --mode mpfr --round Q
? 2
2> gdtrace: --round: 'Q' is not one of N, Z, U, D, A

$ gdtrace --mode foo
? 2
2> gdtrace: --mode: 'foo' is not a mode (exact, mpfr)

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
2> gdtrace: --digits: 'hex' needs a float mode; exact values print exactly

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
2> gdtrace: unknown command 'frobnicate' (the command is: run)

$ gdtrace run 3
? 2
2> gdtrace: unexpected argument '3' (options start with --; see --help)

$ gdtrace -x
? 2
2> gdtrace: unexpected argument '-x' (options start with --; see --help)

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
