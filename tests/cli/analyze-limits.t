# gdtrace analyze on small inputs that used to hang or answer wrongly
# (issue 9, items 8, 9, 13, 16, 19).  Each runs under a CPU-time limit
# (ulimit -t): a hang fails the test by the kernel's kill, not by a clock.

# Item 8: the step at which w_n rounds to w* (or to inf) is a ratio of
# logarithms, bracketed with both directed roundings and confirmed in
# interval arithmetic; never an iteration of exact products (these three
# took over 120 s, 48 s and over 30 s).  The steps agree with a 1200-digit
# evaluation of ceil(ln(minsub/2 / 2.5) / ln r); the simulated binary16 and
# bfloat16 runs stall at once: lr*2w is under half an ulp of 2.5.
$ ulimit -t 20; gdtrace analyze --loss 'w^2' --w0 2.5 --lr 0.00012345678901234
| tail -n 7
> IEEE formats: predicted from the exact closed form (each w_n rounded once), and simulated
>   format       predicted              simulated
>   binary16     fixed point at 73884   stall at 0 (stopped: cycle after 1)
>   bfloat16     fixed point at 379836  stall at 0 (stopped: cycle after 1)
>   binary32     fixed point at 424746  neither (stopped: max-iter after 100000)
>   binary64     fixed point at 3021128 neither (stopped: max-iter after 100000)
>   binary128    fixed point at 46303519 neither (stopped: max-iter after 100000)

$ ulimit -t 20; gdtrace analyze --loss 'w^2' --w0 2.5 --lr 1e-5 --format jsonl
| grep format | sed 's/, "simulated.*//'
> {"format": {"name": "binary16", "predicted": {"event": "fixed point", "step": 912240}
> {"format": {"name": "bfloat16", "predicted": {"event": "fixed point", "step": 4689854}
> {"format": {"name": "binary32", "predicted": {"event": "fixed point", "step": 5244366}
> {"format": {"name": "binary64", "predicted": {"event": "fixed point", "step": 37302103}
> {"format": {"name": "binary128", "predicted": {"event": "fixed point", "step": 571713235}

# r = 1 - 2e-299: the steps have 300 digits, within --max-bits 10000.
$ ulimit -t 20; gdtrace analyze --loss '1e-300*w^2' --lr 10 --max-bits 10000
| tail -n 5 | awk '{ print $1, $2, $3, $4, length($5), substr($5, 1, 12) }'
> binary16 fixed point at 300 901091334727
> bfloat16 fixed point at 301 467874346877
> binary32 fixed point at 301 523326121322
> binary64 fixed point at 302 372913183141
> binary128 fixed point at 303 571707794525

# The notes' run from just off w*: the exact w_n = 1 + (-19)^n 10^-6
# overflows binary16 at 9 (19^9 10^-6 > 65520 > 19^8 10^-6), though the
# float runs of binary16 and bfloat16 start at fl(w0) = 1 = w* and stay.
$ ulimit -t 20; gdtrace analyze --lr 10 --w0 1.000001
| tail -n 5
>   binary16     overflow at 9          neither (stopped: grad-zero after 0)
>   bfloat16     overflow at 35         neither (stopped: grad-zero after 0)
>   binary32     overflow at 35         overflow at 35 (stopped: cycle after 64)
>   binary64     overflow at 246        overflow at 246 (stopped: cycle after 256)
>   binary128    overflow at 3862       overflow at 3862 (stopped: cycle after 4096)

# Item 16: a linear loss drifts at constant speed, forever; per format the
# predicted overflow or stall is the simulated one: the step fl(lr*f')
# rounds to one multiple of each binade's ulp, taken binade by binade in
# closed form (binary32's 16847123 is also what a C float loop gives).
$ ulimit -t 20; gdtrace analyze --loss '3*w'
> gdtrace analyze
>   loss         3*w
>   grad         3
>   lr           10
>   w0           2
> quadratic: the gradient is affine
>   f''          0  (the curvature)
>   r            1  (r = 1 - lr*f'')
>   class        drifts
>   drift        -30  (w_(n+1) - w_n: at constant speed, forever)
>   closed_form  w_n = 2 - n * 30
> IEEE formats: predicted from the rounded step (w - fl(lr*f') rounded, binade by binade), and simulated
>   format       predicted              simulated
>   binary16     overflow at 2057       overflow at 2057 (stopped: cycle after 4096)
>   bfloat16     stall at 258           stall at 258 (stopped: cycle after 512)
>   binary32     stall at 16847122      neither (stopped: max-iter after 100000)
>   binary64     stall at 9044729251635747 neither (stopped: max-iter after 100000)
>   binary128    stall at 10427862857557445487298746794517027 neither (stopped: max-iter after 100000)

$ ulimit -t 20; gdtrace analyze --loss '-w/4' --lr 1 --w0 -1 --format jsonl
| grep -o '"class": "[a-z]*", "drift": "[0-9./]*"\|binary16.*'
> "class": "drifts", "drift": "0.25"
> binary16", "predicted": {"event": "stall", "step": 2052}, "simulated": {"event": "stall", "step": 2052, "stop": "cycle", "steps": 4096}}}

# A constant loss does not move.
$ gdtrace analyze --loss '7' --lr 1
| grep 'class\|binary16'
>   class        no movement
>   binary16     never (no movement)    neither (stopped: grad-zero after 0)

# Item 19: the summary agrees with the trajectory.  The run in 256-bit MPFR
# ends in a 2-cycle a few ulps around w* = 1 (the gradient changes sign
# across it): that is the critical point, reached as closely as the
# precision allows; the Lyapunov exponent is taken along the same run and
# says the same 257 steps and the same stop.
$ ulimit -t 20; gdtrace analyze --loss 'log(exp(w-1)+exp(1-w))' --lr 1.5 --w0 3
> gdtrace analyze
>   loss         log(exp(w-1)+exp(1-w))
>   grad         (exp(w - 1) + -exp(1 - w))/(exp(w - 1) + exp(1 - w))
>   lr           1.5
>   w0           3
> a critical point found from the trajectory (mpfr)
>   run          cycle after 257 steps (period 2 from step 255), 256 bits
>   w*           1  (to 30 digits)
>   note         the run cycles around it, a few ulps wide: the precision's limit
>   f''          1  (to 30 digits)
>   multiplier   -0.5  (to 30 digits)
>   kind         minimum
>   class        converges, oscillating
>   lr_critical  2  (to 30 digits)
> Lyapunov exponent: the mean of ln|1 - lr*f''(w_n)| along the run
>   exponent     -0.69708222201242025
>   over         257 steps (mpfr, 256 bits; stopped: cycle)
>   no correct digit left (a P-bit float: P ln2 / exponent):
>   binary16     never (exponent <= 0: errors do not grow)
>   bfloat16     never (exponent <= 0: errors do not grow)
>   binary32     never (exponent <= 0: errors do not grow)
>   binary64     never (exponent <= 0: errors do not grow)
>   binary128    never (exponent <= 0: errors do not grow)

$ gdtrace analyze --loss 'log(exp(w-1)+exp(1-w))' --lr 1.5 --w0 3 --format jsonl
| grep -o '"stop": "[a-z-]*", "steps": [0-9]*\|"stop": "[a-z-]*", "run_steps": [0-9]*'
> "stop": "cycle", "steps": 257
> "stop": "cycle", "run_steps": 257

# A 1-cycle is no critical point unless the gradient changes sign across
# it: exp(-w) has none, w stalls where the step is under half an ulp, and
# the summary says so.
$ ulimit -t 20; gdtrace analyze --loss 'exp(-w)' --lr 1 --w0 3 --prec 12 --max-iter 100000
| sed -n '6,9p'
> the trajectory (mpfr) ends in a cycle, at no critical point
>   run          cycle after 1024 steps (period 1 from step 874), 12 bits
>   w            6.931640625  (to 30 digits)
>   grad         -0.000976324

# Item 9: root isolation refuses, at once, polynomials past its budgets
# (--max-degree, default 200; --max-coeff-bits, default 1048576 bits of
# integer coefficients in all), naming the bound; these took over 100 s and
# 61 s.  Nothing is written before the refusal.
$ ulimit -t 20; gdtrace analyze --loss '(w-1e-999999)^2*(w-1e999999)^2'
~ valgrind
? 2
2> gdtrace: critical points: the gradient's polynomial: the coefficients need at least 13287698 bits as integers, over the bound 1048576 (--max-coeff-bits)

$ ulimit -t 20; gdtrace analyze --loss '(w^2-w-1)^5000'
? 2
2> gdtrace: critical points: the gradient's polynomial: degree 9999 (as written) is over the bound 200 (--max-degree)

$ gdtrace analyze --loss '(w^2-w-1)^150'
? 2
2> gdtrace: critical points: the gradient's polynomial: degree 299 (as written) is over the bound 200 (--max-degree)

# Raised, the same polynomial isolates (its two irrational roots of
# multiplicity 149 are degenerate: f'' = 0 there, exactly).
$ ulimit -t 20; gdtrace analyze --loss '(w^2-w-1)^150' --max-degree 300 --digits 10 --max-iter 10
| sed -n '6,12p'
> critical points: the 3 real roots of the gradient, isolated exactly (Descartes' rule of signs)
>   w*           -0.6180339887  (to 10 digits)
>   f''          0
>   multiplier   1
>   kind         degenerate (f'' = 0)
>   class        no movement
>

$ gdtrace analyze --loss '(a-1)^2 + (b-2)^2 + (c-3)^2' --w0 a=0,b=0,c=0 --lr 0.1 --max-degree 2
? 2
2> gdtrace: eigenvalues: the characteristic polynomial: degree 3 is over the bound 2 (--max-degree)

$ gdtrace analyze --max-degree x
? 2
2> gdtrace: --max-degree: 'x' is not a whole number

$ gdtrace --max-coeff-bits 10
? 2
2> gdtrace: --max-coeff-bits: is not an option of 'gdtrace run' (see gdtrace run --help)

# Products of many linear factors with large coefficients: every rational
# root is found p-adically (Hensel lifting and rational reconstruction), so
# that the others are known irrational without refining them to 1/lc^2
# (this one took over 60 s).
$ ulimit -t 20; gdtrace analyze --loss "$(seq 1 101 | sed 's/.*/(w-&\/1e30)/' | paste -sd'*')" --max-iter 1 --format jsonl
~ valgrind
| grep -c critical_point
> 100

# Item 13 for analyze: SIGINT and SIGTERM end a long root isolation at
# once with 130 and 143 (the budgets lifted; the CPU limit is the guard;
# not under valgrind, whose start on a loaded machine can outlast the
# second before the signal).
$ ulimit -t 30; gdtrace analyze --loss '(w^2-w-1)^5000' --max-degree 0 > /dev/null & sleep 1; kill -INT $!; wait $!; echo "exit $?"
~ valgrind
> exit 130
2> gdtrace: interrupted

$ ulimit -t 30; gdtrace analyze --loss '(w^2-w-1)^5000' --max-degree 0 > /dev/null & sleep 1; kill -TERM $!; wait $!; echo "exit $?"
~ valgrind
> exit 143
2> gdtrace: interrupted

# A polynomial loss whose f'' expression is past the derivative's size
# limit has no Lyapunov exponent for that reason, not for abs, min or max
# (not under valgrind, which takes longer than the 20 s CPU limit).
$ ulimit -t 20; gdtrace analyze --loss "$(seq 1 200 | sed 's/.*/(w-&)/' | paste -sd'*')" --max-iter 1 --digits 3
~ valgrind
| tail -n 1
>   note         f'' is too large to derive (more than the derivative's node limit): no exponent
