# The steps that nothing prints run in a tight loop (src/run/burst.c) in
# the native modes, the IEEE formats and mpfr: what --every K and
# --every 0 print is still byte for byte the full run's, in every rounding
# direction, with powers, several parameters, the fused update, and runs
# that stop on a zero gradient, overflow to inf or reach NaN.

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

# --every 0: the summary is the full run's, in every rounding direction.
$ P="--loss w^4/4-w^2/2 --grad w*w*w-w --lr 1.1 --w0 0.5 --max-iter 5000 --format jsonl"; for m in native-double native-float binary16 bfloat16 binary32 binary64 'mpfr --prec 30'; do for r in N Z U D; do a=$(gdtrace $P --mode $m --round $r | tail -1); b=$(gdtrace $P --mode $m --round $r --every 0); [ "$a" = "$b" ] || echo "$m $r differs"; done; done; echo done
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
