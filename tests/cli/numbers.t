# Numbers at the edges (issue 9): printing at a huge precision, printed
# values bounded by --max-bits, norms without overflow, negative zero.

# Item 10: the shortest digits of a short value come at once, whatever the
# precision (the search used to start from millions of digits: over 100 s
# at 2^24 bits, 15 s at 4000000).
$ ulimit -t 60 && gdtrace --mode mpfr --prec 16777216 --max-iter 1 | grep '^ *1 '
>    1  -18.0  363.0

$ ulimit -t 10 && gdtrace --mode mpfr --prec 4000000 --max-iter 1 | tail -n 3
> stop      max-iter after 1 step
> w         -18.0
> loss      363.0

# ... and a long one still prints its shortest digits (1/3 at 20000 bits:
# 6021 of them).
$ gdtrace --mode mpfr --prec 20000 --w0 1/3 --max-iter 0 --format csv | tail -n 1 | cut -d, -f2 | awk '{ print length($0), substr($0, 1, 8) }'
> 6023 0.333333

# Item 11: --max-bits bounds printed digits too, in every mode: the exact
# value of w^300 at w0 = 1e-1000000 has a billion digits (it used 3 GB in
# 34 s); the run ends with size-limit before printing it.
$ ulimit -t 20 && gdtrace --mode mpfr --prec 2 --w0 1e-1000000 --loss 'w^300' --max-iter 0 --digits exact | tail -n 2; echo "exit ${PIPESTATUS[0]}"
> stop      size-limit after 0 steps
> error     step 0: a value would need more than 134217728 bits of digits to be printed (--max-bits)
> exit 1
2> gdtrace: step 0: a value would need more than 134217728 bits of digits to be printed (--max-bits)

$ ulimit -t 20 && gdtrace --mode mpfr --prec 2 --w0 1e-1000000 --loss 'w^30' --max-iter 0 --digits exact --format jsonl
? 1
> {"summary": {"steps": 0, "stop": "size-limit", "error": "step 0: a value would need more than 134217728 bits of digits to be printed (--max-bits)"}}
2> gdtrace: step 0: a value would need more than 134217728 bits of digits to be printed (--max-bits)

# Its shortest digits are short: printed.
$ gdtrace --mode mpfr --prec 2 --w0 1e-1000000 --loss 'w^30' --max-iter 0 --format csv
> step,w,grad,loss
> 0,1e-1000000,2e-28999998,7e-30000000

# The exact mode: 1/2^k has k decimals.  With --max-bits 1000 (303 digits)
# the loss 1/2^434 of step 217 cannot be printed, though the run's values
# (as fractions) fit.
$ gdtrace --loss 'w^2' --lr 1/4 --w0 1 --max-bits 1000 --max-iter 2000 --format csv | tail -n 1 | cut -c 1-12; echo "exit ${PIPESTATUS[0]}"
> 216,0.000000
> exit 1
2> gdtrace: step 217: a value would need more than 1000 bits of digits to be printed (--max-bits)

# As Python fractions the same values are short: the run goes on until the
# values themselves outgrow --max-bits.
$ gdtrace --loss 'w^2' --lr 1/4 --w0 1 --max-bits 1000 --max-iter 2000 --format python | tail -n 1 | sed 's/, \([0-9]\)[0-9]*)/, \1...)/'; echo "exit ${PIPESTATUS[0]}"
>  Fraction(1, 8...)]
> exit 1
2> gdtrace: step 499: a value would need more than 1000 bits (--max-bits)

# binary64 and native-double: the exact value of 0.1 has 55 digits.
$ for m in binary64 native-double; do gdtrace --mode $m --w0 0.1 --loss 'w^2' --max-iter 1 --digits exact --max-bits 170 --format jsonl; done
? 1
> {"summary": {"steps": 0, "stop": "size-limit", "error": "step 0: a value would need more than 170 bits of digits to be printed (--max-bits)"}}
> {"summary": {"steps": 0, "stop": "size-limit", "error": "step 0: a value would need more than 170 bits of digits to be printed (--max-bits)"}}
2> gdtrace: step 0: a value would need more than 170 bits of digits to be printed (--max-bits)
2> gdtrace: step 0: a value would need more than 170 bits of digits to be printed (--max-bits)

# int64: --max-bits 10 allows 5 digits; the loss of step 4 has 6.
$ gdtrace --mode int64 --w0 10 --lr 2 --max-iter 10 --max-bits 10 --format csv
? 1
> step,w,grad,loss
> 0,10,18,83
> 1,-26,-54,731
> 2,82,162,6563
> 3,-242,-486,59051
2> gdtrace: step 4: a value would need more than 10 bits of digits to be printed (--max-bits)

# compare: the lane that cannot print stops alone.
$ gdtrace compare --layout long --modes exact,binary64 --loss 'w^2' --lr 1/4 --w0 1 --max-bits 1000 --max-iter 300 | tail -n 5
> exact     w           -          -          -       -       -       -       -  size-limit after 217
>           loss        -          -          -       -       -       -       -
>           error: step 217: a value would need more than 1000 bits of digits to be printed (--max-bits)
> binary64  w           -          -          -       -       -       -       -  max-iter after 300
>           loss        -          -          -       -       -       -       -

# Item 13: a record of huge values (w^30 at w0 = 1e1000000: 30 million
# digits, 8 s to write) is converted by pieces and a signal stops it: the
# record is dropped, the summary says interrupted, exit 130.
$ (ulimit -t 30; exec gdtrace --w0 1e1000000 --loss 'w^30' --max-iter 0 --format jsonl > /tmp/gdtrace-huge.$$) & sleep 1; kill -INT $!; wait $!; echo "exit $?"; cat /tmp/gdtrace-huge.$$; rm -f /tmp/gdtrace-huge.$$
~ valgrind
> exit 130
> {"summary": {"steps": 0, "stop": "interrupted"}}

# Item 17: the norm of finite partials is finite (it was inf at step 6,
# where grad_a = 2^726508277 and grad_b = 3 2^1820); checked with Python's
# decimal module: 2.98645825898531...E+218700783.
$ gdtrace --mode mpfr --prec 2 --loss 'a^4+b^4' --w0 a=1e100000,b=1 --lr 1 --max-iter 7 | sed -n '/^ *[567] /p'
>    5  -6e+24300086  -5e+60  1.4e+97200347  9.07191e+72900260
>    6  9e+72900260  4e+182  7e+291601043  2.98646e+218700783
>    7  -3e+218700783  -2e+548  inf  inf

# The norm rounds correctly to 6 digits: sqrt(3^2 + 4^2) = 5; a tie, the
# partial 1.234375 = 79/64, goes to even as in Python's '%.6g' (1.23438);
# sqrt(0.1^2 + 0.2^2) is 0.223607 as math.hypot(0.1, 0.2).
$ gdtrace --loss '3*a + 4*b' --lr 0 --max-iter 0 --w0 a=1,b=1 --mode binary64 | grep '^ *0 '
>    0  1.0  1.0  7.0  5

$ gdtrace --loss '1.234375*a + 0*b' --lr 0 --max-iter 0 --w0 a=1,b=1 --mode binary64 | grep '^ *0 '
>    0  1.0  1.0  1.234375  1.23438

$ gdtrace --loss 'a^2/2 + b^2/2' --lr 0 --max-iter 0 --w0 a=0.1,b=0.2 --mode binary64 | grep '^ *0 '
>    0  0.1  0.2  0.025000000000000005  0.223607

# Item 18: in the float modes a zero written with a minus is negative
# zero, as Python's float('-0') (it was read as +0): w = -0.0, and
# grad = 2*w = -0.0 is zero.
$ gdtrace --mode binary64 --w0 -0.0 --loss 'w^2'
> gdtrace run
>   loss      w^2
>   grad      2*w  (derived exactly from the loss)
>   lr        10
>   w0        -0.0
>   max-iter  50
>   mode      binary64, 53 bits, rounding N (to nearest, ties to even)
> step  w  loss(w)
>    0  -0.0  0.0
> stop      grad-zero after 0 steps
> w         -0.0
> loss      0.0

# Every float mode; the exact and integer modes have one zero.
$ for m in binary16 bfloat16 binary32 binary128 'mpfr --prec 7' native-float native-double exact int8; do gdtrace --mode $m --w0 -0 --loss 'w^2' --format jsonl | head -n 1; done
> {"step": 0, "w": "-0.0", "grad": "-0.0", "loss": "0.0"}
> {"step": 0, "w": "-0.0", "grad": "-0.0", "loss": "0.0"}
> {"step": 0, "w": "-0.0", "grad": "-0.0", "loss": "0.0"}
> {"step": 0, "w": "-0.0", "grad": "-0.0", "loss": "0.0"}
> {"step": 0, "w": "-0.0", "grad": "-0.0", "loss": "0.0"}
> {"step": 0, "w": "-0.0", "grad": "-0.0", "loss": "0.0"}
> {"step": 0, "w": "-0.0", "grad": "-0.0", "loss": "0.0"}
> {"step": 0, "w": "0", "grad": "0", "loss": "0"}
> {"step": 0, "w": "0", "grad": "0", "loss": "0"}

# Python: w = float('-0'); w = w - 0.1*(2*(w - 1)), three times.
$ gdtrace --mode binary64 --w0 -0 --loss '(w-1)^2' --lr 0.1 --max-iter 3 --format python
> [-0.0, 0.2, 0.36000000000000004, 0.488]

# Every parameter, with names, and in every digits format.
$ gdtrace --mode binary64 --w0 a=-0,b=-0e7 --loss 'a^2 + b^2' --format csv --digits hex
> step,a,b,grad_a,grad_b,loss
> 0,-0x0p+0,-0x0p+0,-0x0p+0,-0x0p+0,0x0p+0

# lr: -0.0 - (-0.0)*1.0 is 0.0, -0.0 - 0.0*1.0 is -0.0 (Python agrees).
$ gdtrace --mode binary64 --w0 -0 --lr -0 --loss 'w^2 + w' --max-iter 1 --format csv
> step,w,grad,loss
> 0,-0.0,1.0,0.0
> 1,0.0,1.0,0.0

$ gdtrace --mode binary64 --w0 -0 --lr 0 --loss 'w^2 + w' --max-iter 1 --format csv
> step,w,grad,loss
> 0,-0.0,1.0,0.0
> 1,-0.0,1.0,0.0

# A data cell -0 is -0 (x*w = -0.0 * 2.0).
$ gdtrace --mode binary64 --data tests/cli/data/negzero.csv --loss 'sum(x*w)' --format csv
> step,w,grad,loss
> 0,2.0,-0.0,-0.0

# compare: every lane starts from -0.
$ gdtrace compare --modes binary64,binary16 --w0 -0 --loss 'w^2' --format csv
> step,mode,of,value,rel_err,digits
> 0,binary64,w,-0.0,0,all
> 0,binary64,loss,0.0,0,all
> 0,binary16,w,-0.0,0,all
> 0,binary16,loss,0.0,0,all

# The cycle search replays the run from -0: w = -0.0, 2.0, 0.0, 2.0, so
# the cycle starts at step 1 (from +0 it starts at step 0).
$ gdtrace --mode binary64 --loss '(w-1)^2' --lr 1 --w0 -0 --stop cycle | grep '^stop'
> stop      cycle after 3 steps (period 2 from step 1)

# A resumed file's -0 (shortest "-0.0" or exact "-0") reads back as -0:
# from +0, step 1 would be 0.0, not the file's -0.0.
$ cd "$(mktemp -d)" && for d in shortest exact; do gdtrace --mode binary64 --lr 0 --w0 -0 --loss 'w^2 + w' --max-iter 1 --format csv --digits $d > r.csv && gdtrace --mode binary64 --lr 0 --w0 -0 --loss 'w^2 + w' --max-iter 3 --format csv --digits $d --resume r.csv && gdtrace --mode binary64 --lr 0 --w0 -0 --loss 'w^2 + w' --max-iter 3 --format csv --digits $d | cmp - r.csv && tail -n 1 r.csv; done
> 3,-0.0,1.0,0.0
> 3,-0,1,0

# A resumed file is replayed with the same bound on printed values: the
# run that cannot print step 4 ends there in the replay too.
$ cd "$(mktemp -d)" && gdtrace --mode int64 --w0 10 --lr 2 --max-iter 10 --format csv | head -n 6 > r.csv && gdtrace --mode int64 --w0 10 --lr 2 --max-iter 10 --max-bits 10 --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 6: this run ends before step 4: a value would need more than 10 bits of digits to be printed (--max-bits)

# A w0 whose exact rounded value has more digits than --max-bits allows:
# the header says it is rounded, without its digits, and the run goes on.
$ gdtrace --mode binary128 --w0 1e-4900 --max-bits 10000 --max-iter 0 | sed -n 5p
>   w0        1e-4900  (rounded; its exact digits exceed --max-bits)

$ gdtrace --mode binary64 --w0 1e-300 --max-bits 1000 --max-iter 1 | tail -n 3
> stop      max-iter after 1 step
> w         20.0
> loss      363.0

