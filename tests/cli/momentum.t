# Momentum on a quadratic loss, exactly (issue 17's analysis): analyze's
# 2x2 map of torch.optim.SGD's heavy ball and Nesterov per parameter, its
# eigenvalues, spectral radius, class and critical lr; --at N by powering
# the affine map on (w, buf, 1), checked against the simulated exact runs;
# sweep's --momentum axis, its outcomes checked against the closed form of
# the stable region.

# The notes' loss at lr 0.2, momentum 0.5: a complex pair of modulus
# sqrt(m), and the critical lr 2(1+m)/f'' = 1.5 (plain SGD's: 1).
$ gdtrace analyze --lr 0.2 --momentum 0.5
> gdtrace analyze
>   loss         (w-1)^2 + 2
>   grad         2*(w - 1)
>   lr           0.2
>   w0           2
> momentum: heavy ball, on a quadratic loss, exactly (torch.optim.SGD's update)
>   momentum     0.5
>   dampening    0
>   nesterov     no
>   weight_decay 0
>   w*           1  (the minimiser)
>   f''          2  (the curvature)
>   map          [[0.6, -0.1], [2, 0.5]]  (on (w_k - w*, buf_(k-1)) for k >= 1; buf_0 = g_0)
>   charpoly     x^2 - 1.1*x + 0.5
>   eig_1        0.55 + i*sqrt(0.1975)
>   eig_2        0.55 - i*sqrt(0.1975)
>   |eig|        sqrt(0.5) = 0.707106781186547524400844362105  (to 30 digits)
>   spectral_radius sqrt(0.5) = 0.707106781186547524400844362105  (to 30 digits)
>   class        converges, spiralling (complex eigenvalues)
>   lr_critical  1.5  (2(1+m)/((1-d) f''): converges for 0 < lr < this)

# Nesterov's: det = m(1 - lr f''), the critical lr 2(1+m)/((1+2m) f'') = 0.75
# (checked against sweeps below); jsonl gives the irrational radius exactly
# and in decimal.
$ gdtrace analyze --lr 0.2 --momentum 0.5 --nesterov --format jsonl --digits 20
> {"problem": {"loss": "(w-1)^2 + 2", "grad": "2*(w - 1)", "lr": "0.2", "w0": "2"}}
> {"momentum": {"momentum": "0.5", "dampening": "0", "nesterov": "yes", "weight_decay": "0", "w*": "1", "f''": "2", "map": "[[0.4, -0.05], [2, 0.5]]", "charpoly": "x^2 - 0.9*x + 0.3", "eig_1": "0.45 + i*sqrt(0.0975)", "eig_2": "0.45 - i*sqrt(0.0975)", "|eig|": {"exact": "sqrt(0.3)", "approx": "0.54772255750516611346"}, "spectral_radius": {"exact": "sqrt(0.3)", "approx": "0.54772255750516611346"}, "class": "converges, spiralling (complex eigenvalues)", "lr_critical": "0.75"}}

# Dampening and weight decay (f'' + wd) in the map and in the critical lr
# 2(1+m)/((1-d)(f''+wd)) = 1.6: on it, the eigenvalue -1, a 2-cycle.
$ gdtrace analyze --lr 1.6 --momentum 0.5 --dampening 0.25 --weight-decay 0.5 --digits 12
> gdtrace analyze
>   loss         (w-1)^2 + 2
>   grad         2*(w - 1)
>   lr           1.6
>   w0           2
> momentum: heavy ball, on a quadratic loss, exactly (torch.optim.SGD's update)
>   momentum     0.5
>   dampening    0.25
>   nesterov     no
>   weight_decay 0.5
>   w*           0.8  (the minimiser)
>   f''          2.5  (the curvature, weight decay included)
>   map          [[-2, -0.8], [1.875, 0.5]]  (on (w_k - w*, buf_(k-1)) for k >= 1; buf_0 = g_0)
>   charpoly     x^2 + 1.5*x + 0.5
>   eig_1        -0.5
>   eig_2        -1
>   spectral_radius 1
>   class        2-cycle
>   lr_critical  1.6  (2(1+m)/((1-d) f''): converges for 0 < lr < this)

# Eigenvalues complex, rational, quadratic surds; the classes inside, on
# and outside the boundary lr = 1.5.
$ for lr in 0.05 1.5 1.45 1.55; do gdtrace analyze --lr $lr --momentum 0.5 | grep -E 'eig_|class'; done
>   eig_1        0.7 + i*sqrt(0.01)
>   eig_2        0.7 - i*sqrt(0.01)
>   class        converges, spiralling (complex eigenvalues)
>   eig_1        -0.5
>   eig_2        -1
>   class        2-cycle
>   eig_1        -0.7 + i*sqrt(0.01)
>   eig_2        -0.7 - i*sqrt(0.01)
>   class        converges, spiralling (complex eigenvalues)
>   eig_1        -0.8 + sqrt(0.14)
>   eig_2        -0.8 - sqrt(0.14)
>   class        diverges, oscillating

# momentum 1: det = 1, a rotation by pi/3 at lr 0.5 (cos = 1/2), no
# critical lr; an irrational rotation at lr 0.25.
$ for lr in 0.5 0.25; do gdtrace analyze --lr $lr --momentum 1 | grep -E 'class|lr_critical'; done
>   class        cycles (period 6)
>   lr_critical  none: no lr converges with momentum >= 1
>   class        bounded, quasi-periodic (an irrational rotation)
>   lr_critical  none: no lr converges with momentum >= 1

# dampening 1: the buffer keeps g_0 and never takes another gradient in,
# so the map has the eigenvalue 1 at every lr: that is the reason given.
$ gdtrace analyze --lr 0.5 --momentum 0.5 --dampening 1 | grep -E 'class|lr_critical'
>   class        does not converge (an eigenvalue 1)
>   lr_critical  none: no lr converges with dampening 1 (the buffer never takes the gradient in: an eigenvalue 1)

# Several parameters, each its own map when H is diagonal; the radius is
# the largest, the critical lr the smallest.
$ gdtrace analyze --loss '(a-1)^2 + 3*(b+2)^2' --w0 a=2,b=1 --momentum 0.5 --lr 0.1 --digits 10
> gdtrace analyze
>   loss         (a-1)^2 + 3*(b+2)^2
>   grad_a       2*(a - 1)
>   grad_b       3*(2*(b + 2))
>   lr           0.1
>   a0           2
>   b0           1
> momentum: heavy ball, on a quadratic loss, exactly (torch.optim.SGD's update)
>   momentum     0.5
>   dampening    0
>   nesterov     no
>   weight_decay 0
>   a*           1  (the stationary point)
>   b*           -2
>   f''_a        2  (the curvature)
>   map_a        [[0.8, -0.05], [2, 0.5]]  (on (w_k - w*, buf_(k-1)) for k >= 1; buf_0 = g_0)
>   charpoly_a   x^2 - 1.3*x + 0.5
>   eig_1_a      0.65 + i*sqrt(0.0775)
>   eig_2_a      0.65 - i*sqrt(0.0775)
>   |eig|_a      sqrt(0.5) = 0.7071067812  (to 10 digits)
>   class_a      converges, spiralling (complex eigenvalues)
>   f''_b        6  (the curvature)
>   map_b        [[0.4, -0.05], [6, 0.5]]  (on (w_k - w*, buf_(k-1)) for k >= 1; buf_0 = g_0)
>   charpoly_b   x^2 - 0.9*x + 0.5
>   eig_1_b      0.45 + i*sqrt(0.2975)
>   eig_2_b      0.45 - i*sqrt(0.2975)
>   |eig|_b      sqrt(0.5) = 0.7071067812  (to 10 digits)
>   class_b      converges, spiralling (complex eigenvalues)
>   spectral_radius sqrt(0.5) = 0.7071067812  (to 10 digits)
>   class        converges, spiralling (complex eigenvalues)
>   lr_critical  0.5  (2(1+m)/((1-d) f''): converges for 0 < lr < this)

# A linear loss drifts (no w*).
$ gdtrace analyze --loss '3*w' --momentum 0.5 --lr 0.5 | grep -E 'class|lr_critical'
>   class        drifts
>   lr_critical  none: no lr converges (a curvature <= 0)

# --at N against the simulated exact run: analyze's record at step 50 is the
# run's, byte for byte: heavy ball, Nesterov with weight decay, dampening
# with weight decay, two parameters with a learning rate each.
$ for o in '--momentum 0.5 --lr 0.2' '--momentum 0.9 --nesterov --weight-decay 0.1 --lr 0.1' '--momentum 0.5 --dampening 0.25 --weight-decay 0.5 --lr 0.2' "--loss '(a-1)^2 + 3*(b+2)^2' --w0 a=2,b=1 --momentum 0.5 --lr 0.1,b=0.05"; do eval "gdtrace analyze $o --at 50 --format jsonl" | tail -n 1 | sed 's/^{"at": //; s/}$//' > /tmp/gdt_mom_at.$$; eval "gdtrace $o --max-iter 50 --format jsonl" | grep '^{"step": 50,' | cmp - /tmp/gdt_mom_at.$$ && echo same; done; rm -f /tmp/gdt_mom_at.$$
> same
> same
> same
> same

# The same at step 0 (no buffer yet: 0) and 1 (buf_0 = g_0).
$ gdtrace analyze --momentum 0.5 --lr 0.2 --at 0 --format jsonl | tail -n 1; gdtrace analyze --momentum 0.5 --lr 0.2 --at 1 --format jsonl | tail -n 1
> {"at": {"step": 0, "w": "2", "grad": "2", "loss": "3", "momentum_buffer": "0"}}
> {"at": {"step": 1, "w": "1.6", "grad": "1.2", "loss": "2.36", "momentum_buffer": "2"}}

# --max-bits bounds the powering as plain --at's.
$ gdtrace analyze --momentum 0.5 --lr 0.25 --at 1000000 --max-bits 100000 > /dev/null
? 1
2> gdtrace: a value would need more than 100000 bits (--max-bits)

# Refusals: Adam, a loss that is not quadratic, coupled parameters.
$ gdtrace analyze --optimizer adam
? 2
2> gdtrace: --optimizer: 'adam': analyze takes sgd (with --momentum, --dampening, --nesterov, --weight-decay) on a quadratic loss; run this one

$ gdtrace analyze --momentum 0.5 --loss 'w^4'
? 2
2> gdtrace: --momentum: analyze takes momentum and weight decay on a quadratic loss (an exact 2x2 map per parameter): this loss's gradient is not affine; run it instead

$ gdtrace analyze --momentum 0.5 --loss '(a-b)^2 + a^2' --w0 a=1,b=2
? 2
2> gdtrace: --momentum: analyze takes several parameters with momentum when they do not couple (a diagonal Hessian, a 2x2 map each): this loss's Hessian is not diagonal

# A large N where the size stays small: momentum 1 at lr 0.5 is a rotation
# of period 6, so step 10^6 is step 4's; the simulated exact run of 10^6
# steps agrees.
$ gdtrace analyze --momentum 1 --lr 0.5 --at 1000000 --format jsonl | tail -n 1
> {"at": {"step": 1000000, "w": "1", "grad": "0", "loss": "2", "momentum_buffer": "-2"}}

$ gdtrace --momentum 1 --lr 0.5 --max-iter 1000000 --every 0 --stop none --format jsonl
~ valgrind
> {"summary": {"steps": 1000000, "stop": "max-iter", "w": "1", "loss": "2", "momentum_buffer": "-2"}}

$ gdtrace analyze --momentum 1 --lr 0.5 --at 4 --format jsonl | tail -n 1
> {"at": {"step": 4, "w": "1", "grad": "0", "loss": "2", "momentum_buffer": "-2"}}

# sweep --momentum A:B, an axis: lr x momentum on the notes' loss in
# binary64.  The stable region is exactly 0 < lr f'' < 2(1+m), -1 < m < 1
# (a negative momentum, which torch refuses, runs the same recurrence); the
# closed form against every point's outcome (converged, stalled or cycle
# inside, diverged outside) and its class column, on a grid that misses the
# boundary.
$ gdtrace sweep --lr 0.05:2.05 --momentum -0.9:0.9 --grid 21x19 --max-iter 2000 --mode binary64
| awk -F, 'NR > 1 { s = $1 > 0 && 2 * $1 < 2 * (1 + $2); n++; a += s == ($3 ~ /converged|stalled|cycle/); c += s == ($7 ~ /^.?converges/) } END { print n " points: the closed form agrees with " a " outcomes, " c " classes" }'
> 399 points: the closed form agrees with 399 outcomes, 399 classes

# Nesterov's critical lr 2(1+m)/((1+2m) f'') against its sweep (0 < m < 0.9).
$ gdtrace sweep --lr 0.02:1.52 --momentum 0.05:0.85 --nesterov --grid 31x17 --max-iter 3000 --mode binary64
| awk -F, 'NR > 1 { s = $1 > 0 && 2 * $1 < 2 * (1 + $2) / (1 + 2 * $2); n++; a += s == ($3 ~ /converged|stalled|cycle/); c += s == ($7 ~ /^.?converges/) } END { print n " points: the closed form agrees with " a " outcomes, " c " classes" }'
> 527 points: the closed form agrees with 527 outcomes, 527 classes

# Dampening 0.5: 2(1+m)/((1-d) f'').
$ gdtrace sweep --lr 0.15:3.95 --momentum 0.05:0.95 --dampening 0.5 --grid 20x19 --max-iter 3000 --mode binary64
| awk -F, 'NR > 1 { s = $1 > 0 && 0.5 * 2 * $1 < 2 * (1 + $2); n++; a += s == ($3 ~ /converged|stalled|cycle/); c += s == ($7 ~ /^.?converges/) } END { print n " points: the closed form agrees with " a " outcomes, " c " classes" }'
> 380 points: the closed form agrees with 380 outcomes, 380 classes

# An exact sweep: the records, the axis's column and the class; momentum 0
# is SGD without one.
$ gdtrace sweep --lr 0:1.5 --momentum 0:0.75 --grid 4x4 --max-iter 40 --format jsonl
| cut -c1-150
> {"gdtrace": "0.1.0", "format": "sweep 1", "loss": "(w-1)^2 + 2", "grad": [], "data": null, "mode": "exact", "update": "fma", "optimizer": "sgd (moment
> {"i": 0, "j": 0, "lr": "0", "momentum": "0", "outcome": "stalled", "period": 1, "step": 0, "loss": "3", "class": "does not converge (an eigenvalue 1)"
> {"i": 1, "j": 0, "lr": "0.5", "momentum": "0", "outcome": "converged", "period": 0, "step": 1, "loss": "2", "class": "converges in finitely many steps
> {"i": 2, "j": 0, "lr": "1", "momentum": "0", "outcome": "cycle", "period": 2, "step": 0, "loss": "3", "class": "2-cycle"}
> {"i": 3, "j": 0, "lr": "1.5", "momentum": "0", "outcome": "diverged", "period": 0, "step": 28, "loss": "72057594037927938", "class": "diverges, oscill
> {"i": 0, "j": 1, "lr": "0", "momentum": "0.25", "outcome": "bounded", "period": 0, "step": 40, "loss": "3", "class": "does not converge (an eigenvalue
> {"i": 1, "j": 1, "lr": "0.5", "momentum": "0.25", "outcome": "converged", "period": 0, "step": 1, "loss": "2", "class": "converges, spiralling (comple
> {"i": 2, "j": 1, "lr": "1", "momentum": "0.25", "outcome": "bounded", "period": 0, "step": 40, "loss": "2.00000000000000000000000306874207327950992124
> {"i": 3, "j": 1, "lr": "1.5", "momentum": "0.25", "outcome": "bounded", "period": 0, "step": 40, "loss": "24859123635850859.25982341281522173605392872
> {"i": 0, "j": 2, "lr": "0", "momentum": "0.5", "outcome": "bounded", "period": 0, "step": 40, "loss": "3", "class": "does not converge (an eigenvalue 
> {"i": 1, "j": 2, "lr": "0.5", "momentum": "0.5", "outcome": "converged", "period": 0, "step": 1, "loss": "2", "class": "converges, spiralling (complex
> {"i": 2, "j": 2, "lr": "1", "momentum": "0.5", "outcome": "converged", "period": 0, "step": 2, "loss": "2", "class": "converges, spiralling (complex e
> {"i": 3, "j": 2, "lr": "1.5", "momentum": "0.5", "outcome": "bounded", "period": 0, "step": 40, "loss": "10.999999999989086063578728169867469743360699
> {"i": 0, "j": 3, "lr": "0", "momentum": "0.75", "outcome": "bounded", "period": 0, "step": 40, "loss": "3", "class": "does not converge (an eigenvalue
> {"i": 1, "j": 3, "lr": "0.5", "momentum": "0.75", "outcome": "converged", "period": 0, "step": 1, "loss": "2", "class": "converges, spiralling (comple
> {"i": 2, "j": 3, "lr": "1", "momentum": "0.75", "outcome": "bounded", "period": 0, "step": 40, "loss": "2.00001867264047878460167239608675859323360916
> {"i": 3, "j": 3, "lr": "1.5", "momentum": "0.75", "outcome": "bounded", "period": 0, "step": 40, "loss": "2.000010583261387349781628816118998412590510
> {"summary": {"points": 16, "of": 16, "stop": "done"}}

# The momentum is the second axis here, in the order given.
$ gdtrace sweep --momentum 0:0.5 --lr 1:2 --grid 2x2 --max-iter 10
| cut -c1-60
> momentum,lr,outcome,period,step,loss,class
> 0,1,cycle,2,0,3,2-cycle
> 0.5,1,converged,0,2,2,"converges, spiralling (complex eigenv
> 0,2,bounded,0,10,3486784403,"diverges, oscillating"
> 0.5,2,bounded,0,10,26399607.97174072265625,"diverges, oscill

# At most two axes.
$ gdtrace sweep --momentum 0:0.5 --lr 1:2 --w0 0:1
? 2
2> gdtrace: --momentum: '0:0.5': a sweep has at most two axes

# run --at N with momentum (exact mode, --stop without grad-zero): the one
# row, the buffer set in the stepper; its record is the simulated run's.
$ for o in '--momentum 0.5 --lr 0.2' '--momentum 0.9 --nesterov --weight-decay 0.1 --lr 0.1' "--loss '(a-1)^2 + 3*(b+2)^2' --w0 a=2,b=1 --momentum 0.5 --dampening 0.5 --lr 0.1,b=0.05"; do eval "gdtrace $o --at 50 --stop none --format jsonl" | head -n 1 > /tmp/gdt_mom_run.$$; eval "gdtrace $o --max-iter 50 --stop none --format jsonl" | grep '^{"step": 50,' | cmp - /tmp/gdt_mom_run.$$ && echo same; done; rm -f /tmp/gdt_mom_run.$$
> same
> same
> same

$ gdtrace --momentum 1 --lr 0.5 --at 1000000 --stop none
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.5
>   w0        2
>   at        1000000  (computed in closed form, not iterated)
>   mode      exact (GMP integers and rationals, never rounded)
>   optimizer sgd (momentum 1, dampening 0, weight decay 0), update fma
>    step  w  loss(w)  momentum_buffer
> 1000000  1  2  -2
> at        step 1000000
> w         1
> loss      2

# A zero gradient with momentum need not stay zero (lr 0.5 lands on w* at
# step 1 and leaves it): under --stop grad-zero the run stops at its first,
# decided per parameter from the 2x2 map's recurrence, never by bisection.
$ gdtrace --momentum 1 --lr 0.5 --at 1000000 | tail -n 4
>    1  1  2  2
> stop      grad-zero after 1 step
> w         1
> loss      2

# m != 0: lr 1/4, m 1/2 lands on w* at step 2 (e_2 = (1-c)^2 - c m, c = lr
# f''), a rotation by pi/2; lr 1/1800, m (31/30)^2 at step 30, a repeated
# eigenvalue 31/30, (A + B k) (31/30)^k = 0 at k = 30, past the steps
# computed one by one; a spiral (lr 0.1, m 0.5) never, decided by the
# valuations at 2 and 5 of its integer recurrence; two parameters, the
# second at w* from step 2 on: their first common zero.
$ for o in '--lr 0.25 --momentum 0.5' '--lr 1/1800 --momentum 961/900' '--lr 0.1 --momentum 0.5'; do eval "gdtrace $o --at 100000 --format csv --fields step,w" | tail -n 1 | cut -c1-30; done; gdtrace --loss '(a-1)^2 + 3*(b+2)^2' --w0 a=2,b=1 --momentum 0.5 --lr 0.25,b=1/12 --at 1000 --format jsonl | tail -n 1
> 2,1
> 30,1
> 100000,1.000000000000000000000
> {"summary": {"steps": 2, "stop": "grad-zero", "a": "1", "b": "-2", "loss": "0", "momentum_buffer_a": "2", "momentum_buffer_b": "18"}}

# Against the simulated runs (--max-iter 40, grad-zero): the same stop,
# step and state, on a grid of lr and momentum (heavy ball, Nesterov,
# dampening).  84 processes: not under valgrind, whose check the cases
# above make.
$ n=0; for lr in 0.1 0.25 0.5 1/6 1/8 1.25; do for m in 0 0.5 1/3 3/4 2.25 '0.5 --nesterov' '0.5 --dampening 0.5'; do a=$(gdtrace --lr $lr --momentum $m --at 40 --format jsonl | tail -n 1 | sed 's/"stop": "at"/"stop": "max-iter"/'); b=$(gdtrace --lr $lr --momentum $m --max-iter 40 --format jsonl | tail -n 1); [ "$a" = "$b" ] && n=$((n+1)); done; done; echo "$n of 42 the same"
~ valgrind
> 42 of 42 the same

# Weight decay moves the run's fixed point off w*: no closed form there.
$ gdtrace --momentum 0.5 --weight-decay 0.1 --lr 0.1 --at 50
? 2
2> gdtrace: --at: '50' with momentum and weight decay needs --stop without grad-zero: the run's fixed point is not the loss's minimiser, and the first step with a zero gradient has no closed form here (add --stop none, or run --max-iter N)

$ gdtrace --optimizer adam --at 5
? 2
2> gdtrace: --at: is the closed form of SGD (with momentum and weight decay): not with --optimizer adam

$ gdtrace --loss '(a-b)^2 + a^2' --w0 a=1,b=2 --momentum 0.5 --at 5 --stop none
? 2
2> gdtrace: --at: '5' with momentum needs parameters that do not couple (a diagonal Hessian); run --max-iter instead

