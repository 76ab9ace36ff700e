# The steps that nothing prints run in a tight loop (src/run/burst.c) in
# the native modes, the IEEE formats and mpfr: what --every K and
# --every 0 print is still byte for byte the full run's, in every rounding
# direction, with powers, several parameters, the fused update, and runs
# that stop on a zero gradient, overflow to inf or reach NaN; and the
# printed steps, which the burst's code evaluates as well.

# W3's problem, every 1000th step of 20000 and the summary, in each mode.
$ P="--loss w^4/4-w^2/2 --grad w^3-w --lr 1.1 --w0 0.5 --max-iter 20000 --format csv"; for m in native-double native-float binary16 bfloat16 binary32 binary64 binary128 'mpfr --prec 53' 'mpfr --prec 7'; do gdtrace $P --mode $m | awk -F, 'NR == 1 || $1 % 1000 == 0' > /tmp/gdtrace-full.$$; gdtrace $P --mode $m --every 1000 | cmp - /tmp/gdtrace-full.$$ && echo "$m same"; done; rm -f /tmp/gdtrace-full.$$
> native-double same
> native-float same
> binary16 same
> bfloat16 same
> binary32 same
> binary64 same
> binary128 same
> mpfr --prec 53 same
> mpfr --prec 7 same

# --every 0: the summary is the full run's, in every rounding direction
# (under valgrind, whose machine ignores MXCSR's rounding control and which
# runs one of the two processes natively, to nearest only).
$ P="--loss w^4/4-w^2/2 --grad w*w*w-w --lr 1.1 --w0 0.5 --max-iter 5000 --format jsonl"; rs='N Z U D'; [ "${GDTRACE_TEST_VARIANT:-}" = valgrind ] && rs=N; for m in native-double native-float binary16 bfloat16 binary32 binary64 'mpfr --prec 30'; do for r in $rs; do a=$(gdtrace $P --mode $m --round $r | tail -1); b=$(gdtrace $P --mode $m --round $r --every 0); [ "$a" = "$b" ] || echo "$m $r differs"; done; done; echo done
> done

# Several parameters, powers, a division, the fused update, rounding away
# from zero; every 7th step of a run that ends between two.
$ P="--loss w^4*v/12+v^2*w/3-w/(v+3) --lr 0.01 --w0 w=0.75,v=-1.5 --max-iter 200 --format csv"; for m in native-double binary32 bfloat16 'binary64 --round A' 'mpfr --prec 24 --round A'; do for u in sub fma; do gdtrace $P --mode $m --update $u | awk -F, 'NR == 1 || $1 % 7 == 0 || $1 == 200' > /tmp/gdtrace-full.$$; gdtrace $P --mode $m --update $u --every 7 | cmp - /tmp/gdtrace-full.$$ || echo "$m $u differs"; done; done; rm -f /tmp/gdtrace-full.$$; echo done
> done

# A zero gradient ends the run between two printed steps: that step is
# printed, as in the full run.
$ for m in native-double native-float binary16 binary32 'mpfr --prec 12'; do gdtrace --loss '(w-1)^2+2' --lr 0.3 --mode $m --max-iter 1000 --every 1000 --format jsonl | tail -2; done
> {"step": 40, "w": "1.0", "grad": "0.0", "loss": "2.0"}
> {"summary": {"steps": 40, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}
> {"step": 19, "w": "1.0", "grad": "0.0", "loss": "2.0"}
> {"summary": {"steps": 19, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}
> {"step": 9, "w": "1.0", "grad": "0.0", "loss": "2.0"}
> {"summary": {"steps": 9, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}
> {"step": 19, "w": "1.0", "grad": "0.0", "loss": "2.0"}
> {"summary": {"steps": 19, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}
> {"step": 9, "w": "1.0", "grad": "0.0", "loss": "2.0"}
> {"summary": {"steps": 9, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}

# A run that diverges: through inf to nan, and on to max-iter.
$ P="--loss w^4 --lr 1 --w0 3 --max-iter 300 --format csv"; for m in native-double native-float bfloat16 binary32 'mpfr --prec 53'; do gdtrace $P --mode $m | awk -F, 'NR == 1 || $1 % 50 == 0' > /tmp/gdtrace-full.$$; gdtrace $P --mode $m --every 50 | cmp - /tmp/gdtrace-full.$$ || echo "$m differs"; done; gdtrace $P --mode binary32 --every 100 | cut -d, -f1,2; rm -f /tmp/gdtrace-full.$$
> step,w
> 0,3.0
> 100,nan
> 200,nan
> 300,nan

# --stop cycle: the burst saves the state as the generic step does, and
# the run stops at the same step with the same cycle, in each mode.
$ P="--loss w^4/4-w^2/2 --grad w^3-w --lr 1.1 --w0 0.5 --max-iter 100000 --stop grad-zero,cycle --format jsonl"; for m in native-double native-float binary16 bfloat16 binary32 binary64 'mpfr --prec 20'; do a=$(gdtrace $P --mode $m | tail -2); b=$(gdtrace $P --mode $m --every 1000 | tail -2); [ "$a" = "$b" ] || echo "$m differs"; gdtrace $P --mode $m --every 0; done
> {"summary": {"steps": 65, "stop": "cycle", "period": 2, "cycle_start": 46, "w": "0.8145516268745407", "loss": "-0.22169098735802387"}}
> {"summary": {"steps": 33, "stop": "cycle", "period": 2, "cycle_start": 22, "w": "0.8145516", "loss": "-0.22169098"}}
> {"summary": {"steps": 17, "stop": "cycle", "period": 2, "cycle_start": 10, "w": "0.8145", "loss": "-0.2218"}}
> {"summary": {"steps": 17, "stop": "cycle", "period": 2, "cycle_start": 8, "w": "0.816", "loss": "-0.223"}}
> {"summary": {"steps": 33, "stop": "cycle", "period": 2, "cycle_start": 22, "w": "0.8145516", "loss": "-0.22169098"}}
> {"summary": {"steps": 65, "stop": "cycle", "period": 2, "cycle_start": 46, "w": "0.8145516268745407", "loss": "-0.22169098735802387"}}
> {"summary": {"steps": 33, "stop": "cycle", "period": 2, "cycle_start": 16, "w": "0.814552", "loss": "-0.2216911"}}

# The printed steps run in the burst's code too (the update and the next
# printed step's evaluation in one bracket): native-double and binary64
# (on doubles) print mpfr --prec 53's bytes (on MPFR), native-float and
# binary32 mpfr --prec 24's, every step, in every rounding direction
# (not under valgrind, whose machine ignores MXCSR's rounding control).
$ P="--loss w^4/4-w^2/2 --grad w*w*w-w --lr 1.1 --w0 0.5 --max-iter 20000 --format csv"; for r in N Z U D; do gdtrace $P --mode mpfr --prec 53 --round $r > /tmp/gdtrace-full.$$; for m in native-double binary64; do gdtrace $P --mode $m --round $r | cmp - /tmp/gdtrace-full.$$ || echo "$m $r differs"; done; gdtrace $P --mode mpfr --prec 24 --round $r > /tmp/gdtrace-full.$$; for m in native-float binary32; do gdtrace $P --mode $m --round $r | cmp - /tmp/gdtrace-full.$$ || echo "$m $r differs"; done; done; rm -f /tmp/gdtrace-full.$$; echo done
~ valgrind
> done

# Printed steps with the loss left out (--fields), or computed only at
# the last step (--every K, the lazy loss), several parameters, the fused
# update: the same bytes as mpfr's.
$ P="--loss w^4*v/12+v^2*w/3-w/(v+3) --lr 0.01 --w0 w=0.75,v=-1.5 --max-iter 200 --format jsonl"; us='sub fma'; [ "${GDTRACE_TEST_VARIANT:-}" = valgrind ] && us=fma; for u in $us; do for o in "--fields step,w,v" "--fields w,grad_v,loss" "--every 7" "--every 7 --fields step,v,grad_w" "--every 1"; do gdtrace $P --update $u $o --mode mpfr --prec 53 > /tmp/gdtrace-full.$$; gdtrace $P --update $u $o --mode native-double | cmp - /tmp/gdtrace-full.$$ || echo "$u $o differs"; gdtrace $P --update $u $o --mode mpfr --prec 24 > /tmp/gdtrace-full.$$; gdtrace $P --update $u $o --mode binary32 | cmp - /tmp/gdtrace-full.$$ || echo "binary32 $u $o differs"; done; done; rm -f /tmp/gdtrace-full.$$; echo done
> done

# A printed run that stops at a printed step: a zero gradient, a cycle,
# and one that overflows to inf and NaN.
$ gdtrace --loss '(w-1)^2+2' --lr 0.5 --mode native-float --format csv
> step,w,grad,loss
> 0,2.0,2.0,3.0
> 1,1.0,0.0,2.0

$ gdtrace --loss 'w^4/4-w^2/2' --grad 'w*w*w-w' --lr 1.1 --w0 0.5 --max-iter 100000 --stop grad-zero,cycle --format csv --mode native-double --fields step,w | tail -3
> 63,0.8145516268745407
> 64,1.1160629714523047
> 65,0.8145516268745407

$ gdtrace --loss 'w^4' --lr 1 --w0 3 --max-iter 6 --mode native-double --format csv; gdtrace --loss 'w^4' --lr 1 --w0 3 --max-iter 6 --mode binary32 --round U --format csv --fields step,w
> step,w,grad,loss
> 0,3.0,108.0,81.0
> 1,-105.0,-4630500.0,121550625.0
> 2,4630395.0,3.971130075749955e+20,4.5969752117755535e+26
> 3,-3.9711300757499085e+20,-2.5049688497608554e+62,2.4868892845254965e+82
> 4,2.5049688497608554e+62,6.287340490681556e+187,3.937398019249357e+249
> 5,-6.287340490681556e+187,-inf,inf
> 6,inf,inf,inf
> step,w
> 0,3.0
> 1,-105.0
> 2,4630395.0
> 3,-3.97113e+20
> 4,3.4028235e+38
> 5,-inf
> 6,nan
