# The bad-input catalogue: malformed invocations, each with its one-line
# message (and, for expressions, the caret) and exit status.  Nothing is
# written on standard output.

$ gdtrace --lr
? 2
2> gdtrace: --lr: missing value (X)

$ gdtrace --lr abc
? 2
2> gdtrace: --lr: 'abc' is not a number

$ gdtrace --lr 1..2
? 2
2> gdtrace: --lr: '1..2' is not a number

$ gdtrace --lr 0x10
? 2
2> gdtrace: --lr: '0x10' is not a number

$ gdtrace --lr 1/0
? 2
2> gdtrace: --lr: '1/0' divides by zero

$ gdtrace --lr 1e99999999
? 2
2> gdtrace: --lr: '1e99999999' has an exponent beyond +-1000000

$ gdtrace --lr ' 0.1'
? 2
2> gdtrace: --lr: ' 0.1' is not a number

$ gdtrace --lr ''
? 2
2> gdtrace: --lr: '' is not a number

$ gdtrace --w0 2,3
? 2
2> gdtrace: --w0: '2,3' is not a number

$ gdtrace --w0 w=
? 2
2> gdtrace: --w0: '' is not a number

$ gdtrace --w0 =2
? 2
2> gdtrace: --w0: '' is not a parameter of the loss (w)

$ gdtrace --max-iter -1
? 2
2> gdtrace: --max-iter: '-1' is too small (at least 0)

$ gdtrace --max-iter 1e30
? 2
2> gdtrace: --max-iter: '1e30' is too large (at most 18446744073709551614)

$ gdtrace --max-iter 2.5
? 2
2> gdtrace: --max-iter: '2.5' is not a whole number

$ gdtrace --max-iter abc
? 2
2> gdtrace: --max-iter: 'abc' is not a whole number

$ gdtrace --max-iter 1/2
? 2
2> gdtrace: --max-iter: '1/2' is not a whole number

$ gdtrace --mode foo
? 2
2> gdtrace: --mode: 'foo' is not a mode (exact, mpfr, binary16 (half, float16), bfloat16, binary32 (single, float32), binary64 (double, float64), binary128 (quad), native-float, native-double, int8, int16, int32, int64)

$ gdtrace --mode EXACT
? 2
2> gdtrace: --mode: 'EXACT' is not a mode (exact, mpfr, binary16 (half, float16), bfloat16, binary32 (single, float32), binary64 (double, float64), binary128 (quad), native-float, native-double, int8, int16, int32, int64)

$ gdtrace --mode mpfr --prec 0
? 2
2> gdtrace: --prec: '0' is too small (at least 1)

$ gdtrace --mode mpfr --prec 1e12
? 2
2> gdtrace: --prec: '1e12' is too large (at most 16777216)

$ gdtrace --mode mpfr --prec -53
? 2
2> gdtrace: --prec: '-53' is too small (at least 1)

$ gdtrace --prec 53
? 2
2> gdtrace: --prec: applies to mode mpfr only

$ gdtrace --mode mpfr --round X
? 2
2> gdtrace: --round: 'X' is not one of N, Z, U, D, A

$ gdtrace --round N
? 2
2> gdtrace: --round: applies to the float modes only (exact and integers never round)

$ gdtrace --mode native-float --round A
? 2
2> gdtrace: --round: 'A': the native modes have no rounding away from zero

$ gdtrace --mode int8 --lr 0.5
? 2
2> gdtrace: lr 0.5 is not a value of mode int8

$ gdtrace --mode int8 --w0 1000
? 2
2> gdtrace: w0 1000 is out of the range of mode int8

$ gdtrace --mode int32 --loss 'w/2'
? 2
2> gdtrace: the constant 0.5 is not a value of mode int32

$ gdtrace --mode int64 --loss 'sqrt(w)'
? 2
2> gdtrace: mode int64 has no sqrt, and the loss calls it

$ gdtrace --update both
? 2
2> gdtrace: --update: 'both' is not sub, fma or kahan

$ gdtrace --stop maybe
? 2
2> gdtrace: --stop: 'maybe' is not a list of grad-zero, cycle, stall and nonfinite, or none

$ gdtrace --stop grad-zero,
? 2
2> gdtrace: --stop: 'grad-zero,' is not a list of grad-zero, cycle, stall and nonfinite, or none

$ gdtrace --format yaml
? 2
2> gdtrace: --format: 'yaml' is not a format (text, python, csv, jsonl)

$ gdtrace --format python --digits 5
? 2
2> gdtrace: --digits: '5' does not apply to --format python, which prints Python's repr

$ gdtrace --format jsonl --digits 3
? 2
2> gdtrace: --digits: '3' would round values, and jsonl values are never rounded

$ gdtrace --digits 0
? 2
2> gdtrace: --digits: '0' is too small (at least 1)

$ gdtrace --digits 100001
? 2
2> gdtrace: --digits: '100001' is too large (at most 10000)

$ gdtrace --digits hex
? 2
2> gdtrace: --digits: 'hex' is for float modes; exact and integer values have no hex form

$ gdtrace --max-bits -5
? 2
2> gdtrace: --max-bits: '-5' is too small (at least 0)

$ gdtrace --max-bits 1e20
? 2
2> gdtrace: --max-bits: '1e20' is too large (at most 1099511627776)

$ gdtrace --at -1
? 2
2> gdtrace: --at: '-1' is too small (at least 0)

$ gdtrace --at 5 --loss 'w^4'
? 2
2> gdtrace: --at: '5' needs a loss whose gradient is affine (a quadratic loss); run --max-iter instead

$ gdtrace --at 5 --mode mpfr
? 2
2> gdtrace: --at: '5' computes the exact state: it needs --mode exact

$ gdtrace --at 5 --format python
? 2
2> gdtrace: --at: '5' prints one step, not the notes' list: use text, csv or jsonl

$ gdtrace --loss ''
? 2
2> gdtrace: --loss, column 1: empty expression
2>   
2>   ^

$ gdtrace --loss '   '
? 2
2> gdtrace: --loss, column 1: empty expression
2>      
2>   ^

$ gdtrace --loss '(w'
? 2
2> gdtrace: --loss, column 1: missing ')'
2>   (w
2>   ^

$ gdtrace --loss 'w)'
? 2
2> gdtrace: --loss, column 2: unexpected ')'
2>   w)
2>    ^

$ gdtrace --loss 'w +'
? 2
2> gdtrace: --loss, column 4: expected an expression at the end
2>   w +
2>      ^

$ gdtrace --loss '* w'
? 2
2> gdtrace: --loss, column 1: expected an expression
2>   * w
2>   ^

$ gdtrace --loss 'w ** 2'
? 2
2> gdtrace: --loss, column 4: expected an expression
2>   w ** 2
2>      ^

# w^w and w^0.5 are pow(w, w) and pow(w, 1/2) (functions.t); pow takes
# two arguments.
$ gdtrace --loss 'pow(w)'
? 2
2> gdtrace: --loss, column 1: pow takes 2 arguments, got 1
2>   pow(w)
2>   ^

$ gdtrace --loss 'w^(1/0)'
? 2
2> gdtrace: --loss, column 5: division by zero in the exponent
2>   w^(1/0)
2>       ^

$ gdtrace --loss 'w^99999999999999999999'
? 2
2> gdtrace: --loss, column 3: exponent too large
2>   w^99999999999999999999
2>     ^

$ gdtrace --loss '2 3'
? 2
2> gdtrace: --loss, column 3: unexpected '3' after the expression
2>   2 3
2>     ^

$ gdtrace --loss 'w # comment'
? 2
2> gdtrace: --loss, column 3: unexpected character '#'
2>   w # comment
2>     ^

$ gdtrace --loss 'w, 2'
? 2
2> gdtrace: --loss, column 2: unexpected ',' after the expression
2>   w, 2
2>    ^

$ gdtrace --loss 'exp(w'
? 2
2> gdtrace: --loss, column 4: missing ')'
2>   exp(w
2>      ^

$ gdtrace --loss 'exp()'
? 2
2> gdtrace: --loss, column 1: exp takes 1 argument, got 0
2>   exp()
2>   ^

$ gdtrace --loss 'max(w)'
? 2
2> gdtrace: --loss, column 1: max takes 2 arguments, got 1
2>   max(w)
2>   ^

$ gdtrace --loss 'sin(w, w)'
? 2
2> gdtrace: --loss, column 1: sin takes 1 argument, got 2
2>   sin(w, w)
2>   ^

$ gdtrace --loss 'frobnicate(w)'
? 2
2> gdtrace: --loss, column 1: unknown function 'frobnicate'
2>   frobnicate(w)
2>   ^

$ gdtrace --loss 'log'
? 2
2> gdtrace: --loss, column 1: 'log' is a function: call it as log(...)
2>   log
2>   ^

$ gdtrace --loss 'mean(w)'
? 2
2> gdtrace: --loss, column 1: mean() needs a data set (--data FILE)
2>   mean(w)
2>   ^

$ gdtrace --loss '1.2.3'
? 2
2> gdtrace: --loss, column 4: unexpected '.3' after the expression
2>   1.2.3
2>      ^

$ gdtrace --loss '1e'
? 2
2> gdtrace: --loss, column 1: malformed number '1e'
2>   1e
2>   ^

$ gdtrace --grad 'v'
? 2
2> gdtrace: --grad, column 1: the gradient names 'v', which is not a parameter of the loss
2>   v
2>   ^

$ gdtrace --grad '2*(w-1'
? 2
2> gdtrace: --grad, column 3: missing ')'
2>   2*(w-1
2>     ^

$ gdtrace --loss 'a*b' --w0 a=1,b=2 --grad '2*a'
? 2
2> gdtrace: --grad: the loss has 2 parameters: give each gradient as NAME=EXPR

$ gdtrace --loss 'a*b' --w0 a=1,b=2 --grad 'c=1'
? 2
2> gdtrace: --grad, column 1: 'c' is not a parameter of the loss
2>   c=1
2>   ^

$ gdtrace --loss 'a*b' --w0 a=1
? 2
2> gdtrace: --w0: no starting value for 'b'

$ gdtrace --loss 'a*b' --w0 a=1,b=2,c=3
? 2
2> gdtrace: --w0: 'c' is not a parameter of the loss (a, b)

$ gdtrace --loss 'a*b' --w0 a=1,b=two
? 2
2> gdtrace: --w0: 'two' is not a number

$ gdtrace --data
? 2
2> gdtrace: --data: missing value (FILE.csv)

$ gdtrace --data /nonexistent.csv
? 2
2> gdtrace: --data: /nonexistent.csv: cannot open: No such file or directory

$ gdtrace --data tests/cli/data/empty.csv
? 2
2> gdtrace: --data: tests/cli/data/empty.csv: empty data file: no header row

$ gdtrace --data tests/cli/data/ragged.csv
? 2
2> gdtrace: --data: tests/cli/data/ragged.csv:3: 1 cell, but the header has 2 columns

$ gdtrace --data tests/cli/data/notnum.csv
? 2
2> gdtrace: --data: tests/cli/data/notnum.csv:3:3: cell 'abc' is not a number

$ gdtrace --data tests/cli/data/tiny.csv --loss 'x'
? 2
2> gdtrace: --loss, column 1: column 'x' outside mean() or sum() (a parameter cannot have a column's name)
2>   x
2>   ^

$ gdtrace --data tests/cli/data/tiny.csv --loss 'mean(x*w) + y'
? 2
2> gdtrace: --loss, column 13: column 'y' outside mean() or sum() (a parameter cannot have a column's name)
2>   mean(x*w) + y
2>               ^

$ gdtrace --data tests/cli/data/tiny.csv --loss 'mean(z*w)' --w0 w=1
? 2
2> gdtrace: --w0: no starting value for 'z' (the columns of tests/cli/data/tiny.csv are x, y)

$ gdtrace --bogus
? 2
2> gdtrace: unknown option '--bogus' (see --help)

$ gdtrace -v
? 2
2> gdtrace: unexpected argument '-v' (options start with --; see --help)

$ gdtrace run run
? 2
2> gdtrace: unexpected argument 'run' (options start with --; see --help)

$ gdtrace fly
? 2
2> gdtrace: unknown command 'fly' (the commands are run, compare, analyze, sweep, boundary, zoom, merge and serve)

$ gdtrace --help=1
? 2
2> gdtrace: --help: takes no value, got '1'

$ gdtrace compare --modes ''
? 2
2> gdtrace: --modes: '' names no mode

$ gdtrace compare --modes exact,exact
? 2
2> gdtrace: --modes: 'exact' is named twice

$ gdtrace compare --modes exact,bogus
? 2
2> gdtrace: --modes: 'bogus' is not a mode (exact, mpfr, binary16 (half, float16), bfloat16, binary32 (single, float32), binary64 (double, float64), binary128 (quad), native-float, native-double, int8, int16, int32, int64, certified)

$ gdtrace compare --ref binary16
? 2
2> gdtrace: --ref: 'binary16' is not one of --modes

$ gdtrace compare --plot out.jpeg
? 2
2> gdtrace: --plot: 'out.jpeg' does not end in .png, .svg or .pdf

$ gdtrace compare --plot /no/such/dir/p.png
? 2
2> gdtrace: --plot: cannot write beside '/no/such/dir/p.png': No such file or directory

$ gdtrace compare --format python
? 2
2> gdtrace: --format: 'python' is for runs; compare prints text, csv or jsonl

$ gdtrace compare --mode exact
? 2
2> gdtrace: --mode: is not an option of 'gdtrace compare' (see gdtrace compare --help)

$ gdtrace compare --at 4
? 2
2> gdtrace: --at: is not an option of 'gdtrace compare' (see gdtrace compare --help)

$ gdtrace analyze --format csv
? 2
2> gdtrace: --format: 'csv' is not for analyze, which prints text or jsonl

$ gdtrace analyze --modes exact
? 2
2> gdtrace: --modes: is not an option of 'gdtrace analyze' (see gdtrace analyze --help)

$ gdtrace analyze --loss 'w^4' --at 3
? 2
2> gdtrace: --at needs a loss whose gradient is affine (a quadratic loss): this one's is not; run --max-iter 3 instead

