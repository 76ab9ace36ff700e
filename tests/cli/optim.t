# Optimizers and schedules (issue 17): --optimizer sgd|adam|adamw with
# --momentum, --dampening, --nesterov, --weight-decay, --betas, --eps, and
# --schedule; their columns, stall and cycle, resume, compare and sweep, and
# their refusals.  Against PyTorch: tests/golden/optim_*.case (binary32);
# exact-mode runs against a Fraction reference: tests/golden/optim_exact_*.case.

# Text: the optimizer and the schedule in the header, the state and the lr
# in force as columns (torch's names).
$ gdtrace --optimizer adam --lr 0.5 --mode binary32 --schedule warmup:2 --max-iter 3
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.5
>   w0        2
>   max-iter  3
>   mode      binary32, 24 bits, rounding N (to nearest, ties to even)
>   optimizer adam (betas 0.9,0.999, eps 0.00000001, weight decay 0), update fma
>   schedule  warmup:2
> step  w  loss(w)  exp_avg  exp_avg_sq  lr
>    0  2.0  3.0  0.0  0.0  0.25
>    1  1.75  2.5625  0.2  0.004  0.5
>    2  1.2587125  2.0669322  0.32999998  0.006246  0.5
>    3  0.82205343  2.031665  0.34874249  0.006507483  0.5
> stop      max-iter after 3 steps
> w         0.82205343
> loss      2.031665

# Heavy ball in exact mode: w_2 = w_1 - lr*(m*buf_1 + g_1) by hand:
# buf_1 = 2, g_1 = 1.6, buf_2 = 0.9*2 + 1.6 = 3.4, w_2 = 1.8 - 0.34 = 1.46.
$ gdtrace --momentum 0.9 --lr 0.1 --max-iter 2 --format csv
> step,w,grad,loss,momentum_buffer
> 0,2,2,3,0
> 1,1.8,1.6,2.64,2
> 2,1.46,0.92,2.2116,3.4

# --optimizer sgd alone is plain SGD with torch's fused update (fma): on
# w^2 at lr 0.45 in binary32 it differs from the default (w - round(lr*g))
# at step 2.
$ gdtrace --loss 'w^2' --lr 0.45 --mode binary32 --max-iter 2 --format csv --digits exact --fields step,w
> step,w
> 0,2
> 1,0.2000000476837158203125
> 2,0.0200000107288360595703125
$ gdtrace --optimizer sgd --loss 'w^2' --lr 0.45 --mode binary32 --max-iter 2 --format csv --digits exact --fields step,w
> step,w
> 0,2
> 1,0.2000000476837158203125
> 2,0.02000000886619091033935546875

# Nesterov with several parameters and an lr each: a column per parameter.
$ gdtrace --loss '(a-1)^2 + 3*(b+1)^2' --w0 a=2,b=0 --lr a=0.1,b=0.05 --momentum 0.5 --nesterov --schedule step:2:1/2 --max-iter 2 --format jsonl
> {"step": 0, "a": "2", "b": "0", "grad_a": "2", "grad_b": "6", "loss": "4", "momentum_buffer_a": "0", "momentum_buffer_b": "0", "lr_a": "0.1", "lr_b": "0.05"}
> {"step": 1, "a": "1.7", "b": "-0.45", "grad_a": "1.4", "grad_b": "3.3", "loss": "1.3975", "momentum_buffer_a": "2", "momentum_buffer_b": "6", "lr_a": "0.1", "lr_b": "0.05"}
> {"step": 2, "a": "1.44", "b": "-0.7725", "grad_a": "0.88", "grad_b": "1.365", "loss": "0.34886875", "momentum_buffer_a": "2.4", "momentum_buffer_b": "6.3", "lr_a": "0.05", "lr_b": "0.025"}
> {"summary": {"steps": 2, "stop": "max-iter", "a": "1.44", "b": "-0.7725", "loss": "0.34886875", "momentum_buffer_a": "2.4", "momentum_buffer_b": "6.3", "lr_a": "0.05", "lr_b": "0.025"}}

# AdamW's decoupled decay (default 0.01) against Adam's L2 term: different runs.
$ gdtrace --optimizer adamw --lr 0.1 --mode binary64 --max-iter 2 --format csv
> step,w,grad,loss,exp_avg,exp_avg_sq
> 0,2.0,2.0,3.0,0.0,0.0
> 1,1.8980000005,1.796000001,2.806404000898,0.19999999999999996,0.0040000000000000036
> 2,1.7965258618929743,1.5930517237859485,2.6344534486643454,0.35960000009999993,0.007221616003592006
$ gdtrace --optimizer adam --weight-decay 0.01 --lr 0.1 --mode binary64 --max-iter 2 --format csv
> step,w,grad,loss,exp_avg,exp_avg_sq
> 0,2.0,2.0,3.0,0.0,0.0
> 1,1.9000000004950495,1.800000000990099,2.810000000891089,0.20199999999999996,0.004080400000000004
> 2,1.8004093715331566,1.6008187430663132,2.6406551620381027,0.36370000009950487,0.0073850806036199965

# A cosine schedule with a floor, in mpfr: the lr is MIN at step T = 5 and
# back at lr at step 10 (the closed form, periodic as torch's).
$ gdtrace --lr 1/10 --schedule cosine:5:0.01 --mode mpfr --max-iter 10 --every 5 --format csv
> step,w,grad,loss,lr
> 0,2.0,2.0,3.0,0.1
> 5,1.4980916025,0.9961832049999999,2.248095244481018,0.01
> 10,1.303916674489247,0.607833348978494,2.092365345032603,0.1

# Adam at the notes' lr = 10 does not explode (plain SGD diverges there).
$ gdtrace --optimizer adam --lr 10 --mode binary32 --max-iter 200 --every 0
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        10
>   w0        2
>   max-iter  200
>   mode      binary32, 24 bits, rounding N (to nearest, ties to even)
>   optimizer adam (betas 0.9,0.999, eps 0.00000001, weight decay 0), update fma
> stop      max-iter after 200 steps
> w         1.000132
> loss      2.0

# Cycle and stall are judged once the bias corrections no longer change the
# map: bfloat16's sqrt(1 - 0.999^t) rounds to 1 at t = 5542.
$ gdtrace --optimizer adam --lr 0.1 --mode bfloat16 --stop cycle --max-iter 100000 --every 0 --format jsonl
> {"summary": {"steps": 5544, "stop": "cycle", "period": 1, "cycle_start": 5543, "w": "1.0", "loss": "2.0", "exp_avg": "-4e-40", "exp_avg_sq": "0.0182"}}
# lr 0 never moves w, but the momentum buffer fills up towards g/(1-m) = 4;
# in binary32 it stops changing at step 25: a stall of the whole state.
$ gdtrace --momentum 0.5 --lr 0 --mode binary32 --stop stall --max-iter 100 --every 0 --format jsonl
> {"summary": {"steps": 26, "stop": "stall", "stall_start": 25, "w": "2.0", "loss": "3.0", "momentum_buffer": "4.0"}}

# --resume replays the optimizer's state and checks its columns.
$ gdtrace --optimizer adam --lr 0.1 --mode binary32 --max-iter 6 --format csv > /tmp/gdtrace-adam.$$ && head -n 4 /tmp/gdtrace-adam.$$ > /tmp/gdtrace-part.$$ && gdtrace --optimizer adam --lr 0.1 --mode binary32 --max-iter 6 --format csv --resume /tmp/gdtrace-part.$$ && cmp /tmp/gdtrace-adam.$$ /tmp/gdtrace-part.$$ && echo same; rm -f /tmp/gdtrace-adam.$$ /tmp/gdtrace-part.$$
> same
$ gdtrace --optimizer adam --lr 0.1 --mode binary32 --max-iter 6 --format csv > /tmp/gdtrace-adam.$$ && head -n 4 /tmp/gdtrace-adam.$$ > /tmp/gdtrace-part.$$ && gdtrace --optimizer adam --betas 0.8,0.999 --lr 0.1 --mode binary32 --max-iter 6 --format csv --resume /tmp/gdtrace-part.$$ 2>&1 | sed 's|/tmp/gdtrace-part.[0-9]*|PART|'; rm -f /tmp/gdtrace-adam.$$ /tmp/gdtrace-part.$$
> gdtrace: --resume: PART, line 3: step 1 has exp_avg 0.2 in the file but 0.4 here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ

# --certify runs Adam exactly (the exact-real scalars, the square root
# enclosed), every printed digit proven; mpfr at 200 bits agrees.
$ gdtrace --optimizer adam --lr 0.1 --certify --max-iter 3 --format csv
> step,w,grad,loss,exp_avg,exp_avg_sq,certified_digits
> 0,2,2,3,0,0,exact
> 1,1.9000000005,1.800000001,2.8100000009,0.2,0.004,26
> 2,1.8004122286917921,1.6008244573835843,2.6406597358393618,0.3600000001,0.0072360000036,25
> 3,1.7015862729460295,1.4031725458920591,2.4922232983863007,0.48408244582835843,0.0097914029469538471,25
$ gdtrace --optimizer adam --lr 0.1 --mode mpfr --prec 200 --max-iter 3 --format csv --digits 17
> step,w,grad,loss,exp_avg,exp_avg_sq
> 0,2,2,3,0,0
> 1,1.9000000005,1.800000001,2.8100000009,0.2,0.004
> 2,1.8004122286917921,1.6008244573835843,2.6406597358393618,0.3600000001,0.0072360000036
> 3,1.7015862729460295,1.4031725458920591,2.4922232983863007,0.48408244582835843,0.0097914029469538471

# compare and sweep take the options: Adam at lr 10 in three formats; heavy
# ball's critical lr is 2(1+m)/f'' = 1.5 for m = 0.5 (a 2-cycle in binary32
# there, bounded in exact).
$ gdtrace compare --optimizer adam --lr 10 --modes binary64,binary32,bfloat16 --max-iter 3
> gdtrace compare
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        10
>   w0        2
>   max-iter  3
>   modes     binary64 (reference), binary32, bfloat16
>   optimizer adam (betas 0.9,0.999, eps 0.00000001, weight decay 0), update fma
>       binary64                 binary32              bfloat16
> step  w                        w                dig  w           dig
>    0  2.0                      2.0              all  2.0         all
>    1  -7.999999950000001       -7.999999          6  -8.06         2
>    2  -1.3436900045419842      -1.3436894         6  -1.41         1
>    3  5.238744532115218        5.2387443          7  5.22          2
> events against binary64 (the first step of each, and the value then)
> mode      of    event      step  value
> binary64        stop          3  max-iter
> binary32  w     differs       1  -7.999999
>           loss  differs       1  82.999985
>                 stop          3  max-iter
> bfloat16  w     differs       1  -8.06
>           loss  differs       1  84.0
>                 stop          3  max-iter
$ gdtrace sweep --momentum 0.5 --lr 0:3 --grid 7 --mode binary32 --max-iter 200
> lr,outcome,period,step,loss,class
> 0.0,stalled,1,25,3.0,does not converge (an eigenvalue 1)
> 0.5,converged,0,1,2.0,"converges, spiralling (complex eigenvalues)"
> 1.0,converged,0,2,2.0,"converges, spiralling (complex eigenvalues)"
> 1.5,cycle,2,25,11.0,2-cycle
> 2.0,diverged,0,23,5.3919724e+16,"diverges, oscillating"
> 2.5,diverged,0,16,9.2267185e+16,"diverges, oscillating"
> 3.0,diverged,0,13,6.462955e+16,"diverges, oscillating"

# sweep --momentum A:B is an axis (SGD's): lr x momentum, the classic map
# of heavy ball, stable for 0 < lr f'' < 2(1+m).
$ gdtrace sweep --lr 0:3 --momentum 0:0.5 --grid 7x3 --mode binary32 --max-iter 200
> lr,momentum,outcome,period,step,loss,class
> 0.0,0.0,stalled,1,0,3.0,does not converge (an eigenvalue 1)
> 0.5,0.0,converged,0,1,2.0,converges in finitely many steps
> 1.0,0.0,cycle,2,0,3.0,2-cycle
> 1.5,0.0,diverged,0,28,7.2057577e+16,"diverges, oscillating"
> 2.0,0.0,diverged,0,18,1.5009462e+17,"diverges, oscillating"
> 2.5,0.0,diverged,0,14,7.2057585e+16,"diverges, oscillating"
> 3.0,0.0,diverged,0,12,5.9604646e+16,"diverges, oscillating"
> 0.0,0.25,stalled,1,12,3.0,does not converge (an eigenvalue 1)
> 0.5,0.25,converged,0,1,2.0,"converges, spiralling (complex eigenvalues)"
> 1.0,0.25,converged,0,25,2.0,"converges, spiralling (complex eigenvalues)"
> 1.5,0.25,diverged,0,41,6.3089286e+16,"diverges, oscillating"
> 2.0,0.25,diverged,0,20,1.19604506e+17,"diverges, oscillating"
> 2.5,0.25,diverged,0,15,1.1379029e+17,"diverges, oscillating"
> 3.0,0.25,diverged,0,13,3.3245352e+17,"diverges, oscillating"
> 0.0,0.5,stalled,1,25,3.0,does not converge (an eigenvalue 1)
> 0.5,0.5,converged,0,1,2.0,"converges, spiralling (complex eigenvalues)"
> 1.0,0.5,converged,0,2,2.0,"converges, spiralling (complex eigenvalues)"
> 1.5,0.5,cycle,2,25,11.0,2-cycle
> 2.0,0.5,diverged,0,23,5.3919724e+16,"diverges, oscillating"
> 2.5,0.5,diverged,0,16,9.2267185e+16,"diverges, oscillating"
> 3.0,0.5,diverged,0,13,6.462955e+16,"diverges, oscillating"
$ gdtrace sweep --lr 0:3 --momentum 0:0.5 --grid 2x2 --mode binary32 --max-iter 200 --format jsonl | head -n 2
> {"gdtrace": "0.1.0", "format": "sweep 1", "loss": "(w-1)^2 + 2", "grad": [], "data": null, "mode": "binary32", "round": "N", "update": "fma", "optimizer": "sgd (momentum 0, dampening 0, weight decay 0)", "lr": "0:3", "w0": "2", "max_iter": 200, "escape": "1e16", "axes": [{"name": "lr", "from": "0", "to": "3", "points": 2, "scale": "lin"}, {"name": "momentum", "from": "0", "to": "0.5", "points": 2, "scale": "lin"}], "grid": [2, 2]}
> {"i": 0, "j": 0, "lr": "0.0", "momentum": "0.0", "outcome": "stalled", "period": 1, "step": 0, "loss": "3.0", "class": "does not converge (an eigenvalue 1)"}
$ gdtrace sweep --optimizer adam --momentum 0:0.5 --lr 0.1 --mode binary32
? 2
2> gdtrace: --momentum: applies to --optimizer sgd, not adam
$ gdtrace sweep --momentum 0:0.5 --lr 0:1 --w0 0:1
? 2
2> gdtrace: --momentum: '0:0.5': a sweep has at most two axes
$ gdtrace sweep --momentum -0.5:0.5 --lr 0.1 --mode binary32 --grid 3 --max-iter 20
> momentum,outcome,period,step,loss,class
> -0.5,bounded,0,20,2.0039132,converges monotonically
> 0.0,bounded,0,20,2.000133,converges monotonically
> 0.5,bounded,0,20,2.0,"converges, spiralling (complex eigenvalues)"

# --optimizer sgd alone is plain SGD with torch's kernel, w - lr*g in one
# fma: the header says so, since the numbers differ from the default sub.
$ gdtrace --optimizer sgd --lr 0.37 --mode binary32 --max-iter 9 | grep -E '^  update|^w '
>   update    fma (w - lr*g rounded once)
> w         1.0000054
$ gdtrace --lr 0.37 --mode binary32 --max-iter 9 | grep -E '^  update|^w '
> w         1.0000055

# Refusals.
$ gdtrace --optimizer adam
? 2
2> gdtrace: --optimizer: 'adam': Adam's step divides by a square root, which the exact mode cannot hold: take --mode mpfr, or --certify for the exact-real run
$ gdtrace --schedule cosine:5
? 2
2> gdtrace: --schedule: 'cosine:5': a cosine schedule's factors are irrational, which the exact mode cannot hold: take --mode mpfr

# The schedule is named, not the momentum beside it; --certify takes no
# cosine schedule either, so only mpfr is offered.
$ gdtrace --momentum 0.5 --schedule cosine:10
? 2
2> gdtrace: --schedule: 'cosine:10': a cosine schedule's factors are irrational, which the exact mode cannot hold: take --mode mpfr
$ gdtrace --momentum 0.5 --schedule cosine:10 --certify
? 2
2> gdtrace: --schedule: 'cosine:10': --certify takes no cosine schedule (its factors are computed, not enclosed)

# --at with a schedule names the schedule, whatever else is given.
$ gdtrace --at 10 --lr 0.3 --momentum 0.5 --dampening 0.2 --schedule warmup:2
? 2
2> gdtrace: --at: is the closed form of SGD (with momentum and weight decay): not with --schedule warmup:2
$ gdtrace compare --optimizer adam
? 2
2> gdtrace: --optimizer: 'adam': Adam's step divides by a square root, which the exact mode cannot hold: take --mode mpfr, or --certify for the exact-real run; compare: --modes without exact
$ gdtrace --optimizer rmsprop
? 2
2> gdtrace: --optimizer: 'rmsprop' is not sgd, adam or adamw
$ gdtrace --optimizer adam --momentum 0.9 --mode binary32
? 2
2> gdtrace: --momentum: applies to --optimizer sgd, not adam
$ gdtrace --betas 0.9,0.99
? 2
2> gdtrace: --betas: applies to --optimizer adam and adamw, not sgd
$ gdtrace --eps 1e-6
? 2
2> gdtrace: --eps: applies to --optimizer adam and adamw, not sgd
$ gdtrace --nesterov --momentum 0.9 --dampening 0.1
? 2
2> gdtrace: --nesterov: needs a --momentum above 0 and no --dampening (as torch.optim.SGD)
$ gdtrace --momentum -0.5
? 2
2> gdtrace: --momentum: '-0.5' is negative
$ gdtrace --dampening 2 --momentum 0.5
? 2
2> gdtrace: --dampening: '2' is above 1
$ gdtrace --optimizer adam --betas 1,0.5 --mode binary32
? 2
2> gdtrace: --betas: '1' is not in [0, 1)
$ gdtrace --optimizer adam --betas 0.9 --mode binary32
? 2
2> gdtrace: --betas: '0.9' is not B1,B2 (two numbers, 0 <= B < 1)
$ gdtrace --schedule step:3
? 2
2> gdtrace: --schedule: 'step:3': step:S:G (lr times G every S updates)
$ gdtrace --schedule step:0:0.5
? 2
2> gdtrace: --schedule: 'step:0:0.5': step:S:G (lr times G every S updates), with a whole number 1 .. 2^31
$ gdtrace --schedule step:2:-1
? 2
2> gdtrace: --schedule: 'step:2:-1': step's G must be positive
$ gdtrace --schedule warmup:2,warmup:3
? 2
2> gdtrace: --schedule: warmup is given twice
$ gdtrace --schedule linear:3
? 2
2> gdtrace: --schedule: 'linear' is not a schedule (step:S:G, cosine:T[:MIN], warmup:K)
$ gdtrace --schedule ''
? 2
2> gdtrace: --schedule: is empty (step:S:G, cosine:T[:MIN], warmup:K)
$ gdtrace --momentum 0.5 --mode binary32 --master binary64
? 2
2> gdtrace: --momentum: '0.5' and --master do not combine yet (take one of them)
$ gdtrace --momentum 0.5 --mode binary32 --update kahan
? 2
2> gdtrace: --momentum: '0.5' and --update kahan do not combine (take sub or fma)
$ gdtrace --momentum 0.5 --mode binary32 --sr update
? 2
2> gdtrace: --momentum: '0.5' and stochastic rounding do not combine yet
$ gdtrace --schedule cosine:5 --certify
? 2
2> gdtrace: --schedule: 'cosine:5': --certify takes no cosine schedule (its factors are computed, not enclosed)
$ gdtrace --momentum 0.5 --weight-decay 0.01 --at 10
? 2
2> gdtrace: --at: '10' with momentum and weight decay needs --stop without grad-zero: the run's fixed point is not the loss's minimiser, and the first step with a zero gradient has no closed form here (add --stop none, or run --max-iter N)
$ gdtrace --optimizer adam --at 10
? 2
2> gdtrace: --at: is the closed form of SGD (with momentum and weight decay): not with --optimizer adam
$ gdtrace --momentum 0.5 --mode int64
? 2
2> gdtrace: --momentum: not a value in mode int64
$ gdtrace compare --schedule cosine:5 --modes certified,binary32
? 2
2> gdtrace: --schedule: 'cosine:5': mode certified takes no cosine schedule (its factors are computed, not enclosed)
$ gdtrace analyze --optimizer adam
? 2
2> gdtrace: --optimizer: 'adam': analyze takes sgd (with --momentum, --dampening, --nesterov, --weight-decay) on a quadratic loss; run this one


