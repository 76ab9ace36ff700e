# analyze for losses of several parameters that are not quadratic: the
# critical point the run approaches, refined by Newton's method, the
# Hessian there and its eigenvalues, the critical lr 2/lmax, and the
# sharpness (the Hessian's top eigenvalue) along the run against 2/lr.

# A loss of several parameters that is not quadratic: the run in 256-bit
# MPFR ends near a critical point, which Newton's method on the gradient
# refines at twice the precision with the exact second derivatives; the
# Hessian there, its eigenvalues, the kind of point, the spectral radius of
# I - lr*H and the critical lr 2/lmax; then the sharpness (the top
# eigenvalue of H) along the run against 2/lr.  (a-1)^4 is degenerate at
# a = 1: Newton converges linearly (850 steps), H has an eigenvalue 0.
$ gdtrace analyze --loss '(a-1)^4 + (b-2)^2' --w0 a=0,b=0 --lr 0.1 --digits 12
> gdtrace analyze
>   loss         (a-1)^4 + (b-2)^2
>   grad_a       4*(a - 1)^3
>   grad_b       2*(b - 2)
>   lr           0.1
>   a0           0
>   b0           0
> the trajectory (mpfr) approaches a critical point, refined by Newton's method
>   run          max-iter after 1000 steps, 256 bits
>   a            0.964764825819  (to 12 digits)
>   b            2  (to 12 digits)
>   |grad|       0.00017498
>   newton       850 steps from the run's last state, 512 bits
>   a*           1  (to 12 digits)
>   b*           2  (to 12 digits)
>   |grad*|      1.62493e-453
>   distance     0.0352352
>   H_a          [6.58209555932e-302, 0]  (to 12 digits)
>   H_b          [0, 2]  (to 12 digits)
>   eigenvalues of H:
>   eig_1        6.58209555932e-302  (to 12 digits)
>   eig_2        2  (to 12 digits)
>   kind         degenerate (an eigenvalue of H is 0)
>   spectral_radius 1  (to 12 digits)
>   class        undecided by H (an eigenvalue 0)
>   lr_critical  1  (to 12 digits)
> sharpness: lmax, the top eigenvalue of H at each step's w (mpfr, 256 bits), against 2/lr
>   2/lr         20
>   states       1001 (w_0 to w_1000; the run: max-iter after 1000)
>   first        12
>   max          12  (step 0)
>   last         2
>   above 2/lr   never

# H = [[3, -1], [-1, 1]] at (1, 1): eigenvalues 2 -+ sqrt(2), lr_critical
# 2/(2 + sqrt 2) = 2 - sqrt 2, and |1 - 0.5 (2 + sqrt 2)| = 1/sqrt 2.  At
# 256 bits the run ends in a 2-cycle from step 514, closed by step 1000.
$ gdtrace analyze --loss 'log(exp(a-b)+exp(b-a)) + (a-1)^2' --w0 a=3,b=-1 --lr 0.5 --digits 12 --format jsonl
> {"problem": {"loss": "log(exp(a-b)+exp(b-a)) + (a-1)^2", "grad_a": "(exp(a - b) + -exp(b - a))/(exp(a - b) + exp(b - a)) + 2*(a - 1)", "grad_b": "(-exp(a - b) + exp(b - a))/(exp(a - b) + exp(b - a))", "lr": "0.5", "a0": "3", "b0": "-1"}}
> {"critical_point": {"from": "newton", "prec": 256, "stop": "cycle", "steps": 1000, "period": 2, "cycle_start": 514, "a": {"approx": "1"}, "b": {"approx": "1"}, "|grad|": "1.83201e-77", "newton_steps": 1, "newton_prec": 512, "a*": {"approx": "1"}, "b*": {"approx": "1"}, "|grad*|": "0", "distance": "8.63617e-78", "H_a": {"approx": "[3, -1]"}, "H_b": {"approx": "[-1, 1]"}, "eig_of": "H", "eig_1": {"approx": "0.585786437627"}, "eig_2": {"approx": "3.41421356237"}, "kind": "minimum", "spectral_radius": {"approx": "0.707106781187"}, "class": "converges (spectral radius < 1)", "lr_critical": {"approx": "0.585786437627"}}}
> {"sharpness": {"of": "H", "prec": 256, "threshold": "4", "states": 1001, "stop": "cycle", "run_steps": 1000, "first": "2.00134184976", "max": "3.41421356237", "max_step": 54, "last": "3.41421356237", "above_steps": 0, "above_from": null}}

# Rosenbrock from (-1, 1): at lr 0.001 (under 2/lmax = 0.0019968 at the
# minimum) the run creeps along the valley towards (1, 1); H there is
# [[802, -400], [-400, 200]], lmax = 501 + sqrt(250601).
$ gdtrace analyze --loss '(1-a)^2 + 100*(b-a^2)^2' --w0 a=-1,b=1 --lr 0.001 --max-iter 20000 --digits 12
| sed -n '8,$p'
~ valgrind
> the trajectory (mpfr) approaches a critical point, refined by Newton's method
>   run          max-iter after 20000 steps, 256 bits
>   a            0.999863145844  (to 12 digits)
>   b            0.999725762736  (to 12 digits)
>   |grad|       0.00012242
>   newton       6 steps from the run's last state, 512 bits
>   a*           1  (to 12 digits)
>   b*           1  (to 12 digits)
>   |grad*|      0
>   distance     0.000306488
>   H_a          [802, -400]  (to 12 digits)
>   H_b          [-400, 200]  (to 12 digits)
>   eigenvalues of H:
>   eig_1        0.399360767488  (to 12 digits)
>   eig_2        1001.60063923  (to 12 digits)
>   kind         minimum
>   spectral_radius 0.999600639233  (to 12 digits)
>   class        converges (spectral radius < 1)
>   lr_critical  0.00199680383744  (to 12 digits)
> sharpness: lmax, the top eigenvalue of H at each step's w (mpfr, 256 bits), against 2/lr
>   2/lr         2000
>   states       20001 (w_0 to w_20000; the run: max-iter after 20000)
>   first        1001.60063923
>   max          1001.60063923  (step 0)
>   last         1001.3817756
>   above 2/lr   never

# At lr 0.0021, above 2/lmax at the minimum: the sharpness starts above
# 2/lr, falls, and climbs back to just under it (the edge of stability);
# the run still nears (1, 1), which is no attractor at this lr.
$ gdtrace analyze --loss '(1-a)^2 + 100*(b-a^2)^2' --w0 a=-1,b=1 --lr 0.0021 --max-iter 3000 --digits 12
| sed -n '/^the/,/distance/p; /spectral/,/class/p; /^sharpness/,$p'
> the trajectory (mpfr) approaches a critical point, refined by Newton's method
>   run          max-iter after 3000 steps, 256 bits
>   a            0.965649565571  (to 12 digits)
>   b            0.932338760898  (to 12 digits)
>   |grad|       0.031589
>   newton       8 steps from the run's last state, 512 bits
>   a*           1  (to 12 digits)
>   b*           1  (to 12 digits)
>   |grad*|      0
>   distance     0.0758815
>   spectral_radius 1.10336134239  (to 12 digits)
>   class        does not converge (spectral radius >= 1)
> sharpness: lmax, the top eigenvalue of H at each step's w (mpfr, 256 bits), against 2/lr
>   2/lr         952.380952381
>   states       3001 (w_0 to w_3000; the run: max-iter after 3000)
>   first        1001.60063923
>   max          1001.60063923  (step 0)
>   last         947.605432708
>   above 2/lr   from step 0, 16 states in all

# At lr 0.01 the run blows up: no critical point; the sharpness column
# ends where H overflows the doubles; the run stops on a repeated state
# of infinities.
$ gdtrace analyze --loss '(1-a)^2 + 100*(b-a^2)^2' --w0 a=-1,b=1 --lr 0.01 --digits 12
| sed -n '8,$p'
> the trajectory (mpfr) ends in a cycle, at no critical point
>   run          cycle after 32 steps (period 1 from step 23), 256 bits
> sharpness: lmax, the top eigenvalue of H at each step's w (mpfr, 256 bits), against 2/lr
>   2/lr         200
>   states       9 (w_0 to w_8; the run: cycle after 32)
>   first        1001.60063923
>   max          5.69859943629e+229  (step 8)
>   last         5.69859943629e+229
>   above 2/lr   from step 0, 9 states in all
>   note         H has no finite value from step 9 on

# A quadratic loss keeps its exact analysis.
$ gdtrace analyze --loss '(a-1)^2 + 10*(b+2)^2 + a*b' --w0 a=0,b=0 --lr 0.05
> gdtrace analyze
>   loss         (a-1)^2 + 10*(b+2)^2 + a*b
>   grad_a       2*(a - 1) + b
>   grad_b       10*(2*(b + 2)) + a
>   lr           0.05
>   a0           0
>   b0           0
> quadratic: the gradient is affine
>   H_a          [2, 1]
>   H_b          [1, 20]
>   a*           80/39  (the stationary point)
>   b*           -82/39
>   eig_1        -0.0027692569068708313286904083492  (to 30 digits)
>   eig_2        0.902769256906870831328690408349  (to 30 digits)
>   spectral_radius 0.902769256906870831328690408349  (to 30 digits)
>   class        converges (spectral radius < 1)
>   lr_critical  0.0997238390698760704321124016931  (to 30 digits)

# A saddle: the run starts on its stable line (b = 0) and approaches it.
$ gdtrace analyze --loss 'a^2 - b^2 + b^4' --w0 a=1,b=0 --lr 0.1 --digits 12
| sed -n '8,26p'
> the trajectory (mpfr) approaches a critical point, refined by Newton's method
>   run          max-iter after 1000 steps, 256 bits
>   a            1.23023192216e-97  (to 12 digits)
>   b            0  (to 12 digits)
>   |grad|       2.46046e-97
>   newton       1 step from the run's last state, 512 bits
>   a*           0  (to 12 digits)
>   b*           0  (to 12 digits)
>   |grad*|      0
>   distance     1.23023e-97
>   H_a          [2, 0]  (to 12 digits)
>   H_b          [0, -2]  (to 12 digits)
>   eigenvalues of H:
>   eig_1        -2  (to 12 digits)
>   eig_2        2  (to 12 digits)
>   kind         saddle
>   spectral_radius 1.2  (to 12 digits)
>   class        does not converge (spectral radius >= 1)
>   lr_critical  1  (to 12 digits)

# Learning rates per parameter: the eigenvalues of diag(lr)*H, and the
# factor the learning rates may be scaled by.
$ gdtrace analyze --loss 'log(exp(a-b)+exp(b-a)) + (a-1)^2' --w0 a=3,b=-1 --lr a=0.5,b=0.25 --digits 12
| sed -n '/^  eigen/,$p'
>   eigenvalues of diag(lr)*H:
>   eig_1        0.156929669183  (to 12 digits)
>   eig_2        1.59307033082  (to 12 digits)
>   kind         minimum
>   spectral_radius 0.843070330817  (to 12 digits)
>   class        converges (spectral radius < 1)
>   lr_scale     1.25543735346  (to 12 digits)
> sharpness: lmax, the top eigenvalue of diag(lr)*H at each step's w (mpfr, 256 bits), against 2
>   threshold    2
>   states       1001 (w_0 to w_1000; the run: max-iter after 1000)
>   first        1.00067070003
>   max          1.59307033082  (step 109)
>   last         1.59307033082
>   above 2      never

# --sharpness: the column, step by step.
$ gdtrace analyze --loss '(a-1)^4 + (b-2)^2' --w0 a=0,b=0 --lr 0.1 --max-iter 5 --sharpness --digits 6
| sed -n '/^sharpness/,$p'
> sharpness: lmax, the top eigenvalue of H at each step's w (mpfr, 256 bits), against 2/lr
>   2/lr         20
>   states       6 (w_0 to w_5; the run: max-iter after 5)
>   first        12
>   max          12  (step 0)
>   last         2
>   above 2/lr   never
>   step         lmax
>   0            12
>   1            4.32
>   2            3.16542
>   3            2.53267
>   4            2.12309
>   5            2

$ gdtrace analyze --loss '(a-1)^4 + (b-2)^2' --w0 a=0,b=0 --lr 0.1 --max-iter 5 --sharpness --digits 6 --format jsonl
| grep sharpness
> {"sharpness": {"of": "H", "prec": 256, "threshold": "20", "states": 6, "stop": "max-iter", "run_steps": 5, "first": "12", "max": "12", "max_step": 0, "last": "2", "above_steps": 0, "above_from": null}}
> {"sharpness_step": {"step": 0, "lmax": "12"}}
> {"sharpness_step": {"step": 1, "lmax": "4.32"}}
> {"sharpness_step": {"step": 2, "lmax": "3.16542"}}
> {"sharpness_step": {"step": 3, "lmax": "2.53267"}}
> {"sharpness_step": {"step": 4, "lmax": "2.12309"}}
> {"sharpness_step": {"step": 5, "lmax": "2"}}

# One parameter: the run that stops in a 2-cycle a few ulps around w* = 1
# says so (as before); one cut short by max-iter, or run at 1000 bits where
# no cycle comes within 1000 steps, approaches it and says that, never
# "reaches no critical point".
$ gdtrace analyze --loss 'log(exp(w-1)+exp(1-w))' --lr 1.5 --w0 3
| sed -n '6,7p'
> a critical point found from the trajectory (mpfr)
>   run          cycle after 257 steps (period 2 from step 255), 256 bits

$ gdtrace analyze --loss 'log(exp(w-1)+exp(1-w))' --lr 1.5 --w0 3 --max-iter 50
| sed -n '6,18p'
> the trajectory (mpfr) approaches a critical point, refined by Newton's method
>   run          max-iter after 50 steps, 256 bits
>   w            0.999999999999999321928537439271  (to 30 digits)
>   grad         -6.78071e-16
>   newton       3 steps from the run's last state, 512 bits
>   w*           1  (to 30 digits)
>   |grad*|      0
>   distance     6.78071e-16
>   f''          1  (to 30 digits)
>   multiplier   -0.5  (to 30 digits)
>   kind         minimum
>   class        converges, oscillating
>   lr_critical  2  (to 30 digits)

$ gdtrace analyze --loss 'log(exp(w-1)+exp(1-w))' --lr 1.5 --w0 3 --prec 1000 --format jsonl
| grep critical_point
> {"critical_point": {"from": "newton", "prec": 1000, "stop": "max-iter", "steps": 1000, "w": {"approx": "1"}, "grad": "-1.3999e-301", "newton_steps": 1, "newton_prec": 2000, "w*": {"approx": "1"}, "|grad*|": "0", "distance": "9.33264e-302", "f''": {"approx": "1"}, "multiplier": {"approx": "-0.5"}, "kind": "minimum", "class": "converges, oscillating", "lr_critical": {"approx": "2"}}}

# Past lr_critical = 2 the run cycles away from w*: no critical point.
$ gdtrace analyze --loss 'log(exp(w-1)+exp(1-w))' --lr 2.5 --w0 1.2
| sed -n '6,9p'
> the trajectory (mpfr) ends in a cycle, at no critical point
>   run          cycle after 257 steps (period 2 from step 129), 256 bits
>   w            0.111985270640162035651259179845  (to 30 digits)
>   grad         -0.710412

# --sharpness for one parameter: f'' along the run.
$ gdtrace analyze --loss 'log(exp(w-1)+exp(1-w))' --lr 0.5 --w0 3 --max-iter 3 --sharpness --digits 8
| sed -n '/^sharpness/,$p'
> sharpness: lmax, the top eigenvalue of H at each step's w (mpfr, 256 bits), against 2/lr
>   2/lr         4
>   states       4 (w_0 to w_3; the run: max-iter after 3)
>   first        0.070650825
>   max          0.65760328  (step 3)
>   last         0.65760328
>   above 2/lr   never
>   step         lmax
>   0            0.070650825
>   1            0.17490741
>   2            0.38044381
>   3            0.65760328

# A gradient without a derivative everywhere: no Hessian.
$ gdtrace analyze --loss 'abs(a) + b^4' --w0 a=1,b=1 --lr 0.1
| tail -n 2
>
>   note         the gradient is not affine and has no derivative everywhere (abs, relu, min, max) or one too large: no Hessian, nothing more to analyze

# Refusals, before anything is written.
$ gdtrace analyze --sharpness
? 2
2> gdtrace: the sharpness: the loss is quadratic, its Hessian the same at every step (analyze gives its eigenvalues and the critical lr)

$ gdtrace analyze --loss 'abs(a) + b^4' --w0 a=1,b=1 --plot s.png
? 2
2> gdtrace: the sharpness: the gradient has no derivative everywhere (abs, relu, min, max) or one too large: no Hessian

$ gdtrace analyze --loss '(a-1)^4 + b^2' --w0 a=0,b=0 --plot-title T
? 2
2> gdtrace: --plot-title: there is no picture without --plot FILE

$ gdtrace analyze --loss '(a-1)^4 + b^2' --w0 a=0,b=0 --plot s.gif
? 2
2> gdtrace: --plot: 's.gif' does not end in .png, .svg or .pdf

# --plot: the sharpness per step against 2/lr, drawn by gnuplot (a PNG's
# signature; an SVG).
$ d=$(mktemp -d) && gdtrace analyze --loss '(1-a)^2 + 100*(b-a^2)^2' --w0 a=-1,b=1 --lr 0.0021 --max-iter 3000 --plot "$d/s.png" >/dev/null && head -c 8 "$d/s.png" | od -An -tx1 && rm -r "$d"
~? command -v gnuplot
>  89 50 4e 47 0d 0a 1a 0a

$ d=$(mktemp -d) && gdtrace analyze --loss 'log(exp(w-1)+exp(1-w))' --lr 0.5 --w0 3 --max-iter 40 --plot "$d/s.svg" --plot-size 800x600 --plot-title 'sech(w-1)^2 along the run' >/dev/null && grep -c '<svg' "$d/s.svg" && grep -c "along the run" "$d/s.svg" && rm -r "$d"
~? command -v gnuplot
> 1
> 1
