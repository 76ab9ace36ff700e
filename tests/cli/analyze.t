# gdtrace analyze: why a run converges, cycles or blows up, in exact numbers.

# The notes' run: r = 1 - lr*f'' = -19, and per IEEE format the predicted
# first overflow (binary64: 242) next to the simulated run's.
$ gdtrace analyze
> gdtrace analyze
>   loss         (w-1)^2 + 2
>   grad         2*(w - 1)
>   lr           10
>   w0           2
> quadratic: the gradient is affine
>   f''          2  (the curvature)
>   w*           1  (the minimiser)
>   r            -19  (r = 1 - lr*f'')
>   class        diverges, oscillating
>   lr_critical  1  (2/f'': converges for 0 < lr < this)
>   lr_one_step  0.5  (1/f'': reaches w* in one step)
>   closed_form  w_n = 1 + (-19)^n * (1)
> IEEE formats: predicted from the exact closed form (each w_n rounded once), and simulated
>   format       predicted              simulated
>   binary16     overflow at 4          overflow at 4 (stopped: cycle after 8)
>   bfloat16     overflow at 31         overflow at 31 (stopped: cycle after 64)
>   binary32     overflow at 31         overflow at 31 (stopped: cycle after 64)
>   binary64     overflow at 242        overflow at 242 (stopped: cycle after 256)
>   binary128    overflow at 3857       overflow at 3857 (stopped: cycle after 4096)

$ gdtrace analyze --lr 0.4 --format jsonl
> {"problem": {"loss": "(w-1)^2 + 2", "grad": "2*(w - 1)", "lr": "0.4", "w0": "2"}}
> {"quadratic": {"f''": "2", "w*": "1", "r": "0.2", "class": "converges monotonically", "lr_critical": "1", "lr_one_step": "0.5", "closed_form": "w_n = 1 + (0.2)^n * (1)"}}
> {"format": {"name": "binary16", "predicted": {"event": "fixed point", "step": 5}, "simulated": {"event": "fixed point", "step": 5, "stop": "grad-zero", "steps": 5}}}
> {"format": {"name": "bfloat16", "predicted": {"event": "fixed point", "step": 4}, "simulated": {"event": "fixed point", "step": 4, "stop": "grad-zero", "steps": 4}}}
> {"format": {"name": "binary32", "predicted": {"event": "fixed point", "step": 11}, "simulated": {"event": "fixed point", "step": 11, "stop": "grad-zero", "steps": 11}}}
> {"format": {"name": "binary64", "predicted": {"event": "fixed point", "step": 23}, "simulated": {"event": "fixed point", "step": 23, "stop": "grad-zero", "steps": 23}}}
> {"format": {"name": "binary128", "predicted": {"event": "fixed point", "step": 49}, "simulated": {"event": "fixed point", "step": 49, "stop": "grad-zero", "steps": 49}}}

# The weight at step N without iterating: 1 + 19^1000000, 1,278,754 digits.
$ gdtrace analyze --at 1000000
| sed -n '/^at step/,$p' | awk '{ print $1, length($2), substr($2, 1, 20), substr($2, length($2) - 19) }'
> at 4 step step
> w 1278754 39898156449431979569 70739281983780000002
> grad 1278754 79796312898863959139 41478563967560000002
> loss 2557508 15918628880633506665 24566963967560000003

$ gdtrace run --at 1000000 --format jsonl
| cut -c 1-60
> {"step": 1000000, "w": "398981564494319795699202551327400488
> {"summary": {"steps": 1000000, "stop": "at", "w": "398981564

# run --at prints the one row; a run that reaches w* before N stops there.
$ gdtrace run --at 3
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        10
>   w0        2
>   at        3  (computed in closed form, not iterated)
>   mode      exact (GMP integers and rationals, never rounded)
> step  w  loss(w)
>    3  -6858  47045883
> at        step 3
> w         -6858
> loss      47045883

$ gdtrace run --at 40 --lr 0.5 --format csv
> step,w,grad,loss
> 1,1,0,2

$ gdtrace run --at 7 --lr 1/3 --w0 -5/7 --format jsonl
> {"step": 7, "w": "5099/5103", "grad": "-8/5103", "loss": "52081234/26040609"}
> {"summary": {"steps": 7, "stop": "at", "w": "5099/5103", "loss": "52081234/26040609"}}

# Several parameters: the Hessian, w*, the eigenvalues of I - lr*H.
$ gdtrace analyze --loss '(a-1)^2 + (b+2)^2 + a*b' --w0 a=0,b=0 --lr 0.1 --at 10
> gdtrace analyze
>   loss         (a-1)^2 + (b+2)^2 + a*b
>   grad_a       2*(a - 1) + b
>   grad_b       2*(b + 2) + a
>   lr           0.1
>   a0           0
>   b0           0
> quadratic: the gradient is affine
>   H_a          [2, 1]
>   H_b          [1, 2]
>   a*           8/3  (the stationary point)
>   b*           -10/3
>   eig_1        0.7
>   eig_2        0.9
>   spectral_radius 0.9
>   class        converges (spectral radius < 1)
>   lr_critical  2/3
> at step 10 (exact, by powering the affine map)
>   a            1.630047188
>   b            -2.2778821714
>   grad_a       -1.0177877954
>   grad_b       1.0742828452
>   loss         -3.23887746779721770124

$ gdtrace analyze --data data/linreg.csv --loss 'mean((a*x + b - y)^2)' --w0 a=0,b=0 --lr 0.05 --digits 12
> gdtrace analyze
>   loss         mean((a*x + b - y)^2)
>   grad_a       mean(2*(a*x + b - y)*x)
>   grad_b       mean(2*(a*x + b - y))
>   lr           0.05
>   a0           0
>   b0           0
> quadratic: the gradient is affine
>   H_a          [17.10203, 5.081]
>   H_b          [5.081, 2]
>   a*           16958189/8387499  (the stationary point)
>   b*           812759599/838749900
>   eig_1        0.0673822534758  (to 12 digits)
>   eig_2        0.977516246524  (to 12 digits)
>   spectral_radius 0.977516246524  (to 12 digits)
>   class        converges (spectral radius < 1)
>   lr_critical  0.107225066618  (to 12 digits)

# Any loss of one parameter: its critical points, exactly for a polynomial.
$ gdtrace analyze --loss 'w^4/4 - w^2/2' --lr 1.5 --w0 0.3
> gdtrace analyze
>   loss         w^4/4 - w^2/2
>   grad         4*w^3/4 - 2*w/2
>   lr           1.5
>   w0           0.3
> critical points: the 3 real roots of the gradient, isolated exactly (Descartes' rule of signs)
>   w*           -1
>   f''          2
>   multiplier   -2
>   kind         minimum
>   class        diverges, oscillating
>   lr_critical  1
>
>   w*           0
>   f''          -1
>   multiplier   2.5
>   kind         maximum
>   class        diverges monotonically
>
>   w*           1
>   f''          2
>   multiplier   -2
>   kind         minimum
>   class        diverges, oscillating
>   lr_critical  1
>
> Lyapunov exponent: the mean of ln|1 - lr*f''(w_n)| along the run
>   exponent     0.52339329751742159
>   over         1000 steps (mpfr, 256 bits; stopped: max-iter)
>   no correct digit left (a P-bit float: P ln2 / exponent):
>   binary16     step 15
>   bfloat16     step 11
>   binary32     step 32
>   binary64     step 71
>   binary128    step 150

$ gdtrace analyze --loss '(w^2-2)^2' --lr 0.1 --digits 20 --max-iter 100
> gdtrace analyze
>   loss         (w^2-2)^2
>   grad         2*(w^2 - 2)*(2*w)
>   lr           0.1
>   w0           2
> critical points: the 3 real roots of the gradient, isolated exactly (Descartes' rule of signs)
>   w*           -1.4142135623730950488  (to 20 digits)
>   f''          16  (to 20 digits)
>   multiplier   -0.6  (to 20 digits)
>   kind         minimum
>   class        converges, oscillating
>   lr_critical  0.125  (to 20 digits)
>
>   w*           0
>   f''          -8
>   multiplier   1.8
>   kind         maximum
>   class        diverges monotonically
>
>   w*           1.4142135623730950488  (to 20 digits)
>   f''          16  (to 20 digits)
>   multiplier   -0.6  (to 20 digits)
>   kind         minimum
>   class        converges, oscillating
>   lr_critical  0.125  (to 20 digits)
>
> Lyapunov exponent: the mean of ln|1 - lr*f''(w_n)| along the run
>   exponent     -0.48363052848452769
>   over         100 steps (mpfr, 256 bits; stopped: max-iter)
>   no correct digit left (a P-bit float: P ln2 / exponent):
>   binary16     never (exponent <= 0: errors do not grow)
>   bfloat16     never (exponent <= 0: errors do not grow)
>   binary32     never (exponent <= 0: errors do not grow)
>   binary64     never (exponent <= 0: errors do not grow)
>   binary128    never (exponent <= 0: errors do not grow)

$ gdtrace analyze --loss 'exp(w) - 2*w' --w0 0 --lr 0.5 --max-iter 50 --format jsonl
> {"problem": {"loss": "exp(w) - 2*w", "grad": "exp(w) - 2", "lr": "0.5", "w0": "0"}}
> {"critical_point": {"from": "trajectory", "prec": 256, "stop": "grad-zero", "steps": 8, "w*": {"approx": "0.693147180559945309417232121458"}, "f''": {"approx": "2"}, "multiplier": {"approx": "0"}, "kind": "minimum", "class": "converges in one step", "lr_critical": {"approx": "1"}}}
> {"lyapunov": {"exponent": "-37.121735569855476", "steps": 8, "prec": 256, "stop": "grad-zero", "run_steps": 8, "no_digits": {"binary16": null, "bfloat16": null, "binary32": null, "binary64": null, "binary128": null}}}

# Errors.
$ gdtrace analyze --loss 'w^4' --at 5
? 2
2> gdtrace: --at needs a loss whose gradient is affine (a quadratic loss): this one's is not; run --max-iter 5 instead

$ gdtrace run --at 5 --loss 'w^3'
? 2
2> gdtrace: --at: '5' needs a loss whose gradient is affine (a quadratic loss); run --max-iter instead

$ gdtrace run --at 5 --mode binary64
? 2
2> gdtrace: --at: '5' computes the exact state: it needs --mode exact

$ gdtrace analyze --format csv
? 2
2> gdtrace: --format: 'csv' is not for analyze, which prints text or jsonl

$ gdtrace analyze --modes exact
? 2
2> gdtrace: --modes: is not an option of 'gdtrace analyze' (see gdtrace analyze --help)

# The Lyapunov exponent's prediction of when a P-bit float keeps no correct
# digit, against what compare sees on a chaotic case (w^4/4 - w^2/2, lr 1.5,
# against 2000-bit MPFR): within 25% for binary32, binary64 and binary128.
$ gdtrace analyze --loss 'w^4/4 - w^2/2' --lr 1.5 --w0 0.3 --format jsonl | grep lyapunov | sed 's/.*"no_digits": {//; s/[{}"]//g; s/, /\n/g' > /tmp/gdtrace-lyap.$$ && gdtrace compare --loss 'w^4/4 - w^2/2' --lr 1.5 --w0 0.3 --max-iter 400 --modes mpfr,binary32,binary64,binary128 --prec 2000 --format jsonl | grep '"of": "w"' | sed 's/.*"mode": "\([a-z0-9]*\)".*"no_digits": \([0-9]*\).*/\1: \2/' | awk -v f=/tmp/gdtrace-lyap.$$ 'BEGIN { while ((getline l < f) > 0) { split(l, a, ": "); p[a[1]] = a[2] } } /binary/ { split($0, a, ": "); r = a[2] / p[a[1]]; printf "%s predicted %d seen %d %s\n", a[1], p[a[1]], a[2], (r > 0.75 && r < 1.25) ? "ok" : "FAR" }'; rm -f /tmp/gdtrace-lyap.$$
> binary32 predicted 32 seen 25 ok
> binary64 predicted 71 seen 59 ok
> binary128 predicted 150 seen 136 ok

# |r| = 1: neither an overflow nor the fixed point can come.
$ gdtrace analyze --lr 1
| tail -n 6
>   format       predicted              simulated
>   binary16     never (|r| = 1)        neither (stopped: cycle after 3)
>   bfloat16     never (|r| = 1)        neither (stopped: cycle after 3)
>   binary32     never (|r| = 1)        neither (stopped: cycle after 3)
>   binary64     never (|r| = 1)        neither (stopped: cycle after 3)
>   binary128    never (|r| = 1)        neither (stopped: cycle after 3)
