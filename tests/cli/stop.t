# --stop stall and --stop nonfinite, alone and with grad-zero and cycle,
# in run and compare; a resume replays them.

# lr 0.1 in binary32: w_68 = w_69 = 1.0000002 while the gradient is
# 4.8e-7 (lr*g rounds away): the run stops at step 69, the state of 68.
$ gdtrace --lr 0.1 --mode binary32 --max-iter 100 --stop stall
| tail -n 6
>   67  1.0000004  2.0
>   68  1.0000002  2.0
>   69  1.0000002  2.0
> stop      stall after 69 steps (the same state from step 68)
> w         1.0000002
> loss      2.0

$ gdtrace --lr 0.1 --mode binary32 --max-iter 100 --stop stall --format jsonl
| tail -n 1
> {"summary": {"steps": 69, "stop": "stall", "stall_start": 68, "w": "1.0000002", "loss": "2.0"}}

# The same with nothing printed between (--every 0, the generic step).
$ gdtrace --lr 0.1 --mode binary32 --max-iter 100 --stop stall --every 0 --format jsonl
> {"summary": {"steps": 69, "stop": "stall", "stall_start": 68, "w": "1.0000002", "loss": "2.0"}}

# The steps nothing prints run in the burst's tight loop, which keeps the
# state before each update too and hands a repeated one to the generic
# step: the same summary as printing every step, in every float format,
# with one parameter and two, with grad-zero and without.
$ ms="binary32 native-float bfloat16 binary64 native-double 'mpfr --prec 24' binary128"; [ "${GDTRACE_TEST_VARIANT:-}" = valgrind ] && ms="bfloat16 native-double 'mpfr --prec 24'"; eval "set -- $ms"; for m in "$@"; do for p in "(w-1)^2 + 2;2" "(a-1)^2 + (b-3)^2;a=2,b=2"; do L=${p%;*} W=${p#*;}; for r in stall grad-zero,stall; do a=$(gdtrace --loss "$L" --w0 $W --lr 0.1 --mode $m --max-iter 1000 --stop $r --every 0 --format jsonl) && b=$(gdtrace --loss "$L" --w0 $W --lr 0.1 --mode $m --max-iter 1000 --stop $r --format jsonl | tail -n 1) && [ "$a" = "$b" ] && case $a in *'"stall"'*) ;; *) echo "no stall: $m $L $r";; esac || echo "differs: $m $L $r"; done; done; done; echo done
> done

$ gdtrace --loss '(a-1)^2 + (b-3)^2' --w0 a=2,b=2 --lr 0.1 --mode binary32 --max-iter 1000 --stop stall --every 0 --format jsonl
> {"summary": {"steps": 69, "stop": "stall", "stall_start": 68, "a": "1.0000002", "b": "2.9999995", "loss": "2.842171e-13"}}

# lr 0.4 in binary64 reaches w = 1 exactly at step 23: a zero gradient,
# grad-zero, never a stall (without grad-zero it runs on to max-iter).
$ gdtrace --lr 0.4 --mode binary64 --max-iter 100 --stop grad-zero,stall --format jsonl
| tail -n 1
> {"summary": {"steps": 23, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}

$ gdtrace --lr 0.4 --mode binary64 --max-iter 100 --stop stall --format jsonl
| tail -n 1
> {"summary": {"steps": 100, "stop": "max-iter", "w": "1.0", "loss": "2.0"}}

# lr 0 never moves, exact too.
$ gdtrace --lr 0 --stop stall --format jsonl
> {"step": 0, "w": "2", "grad": "2", "loss": "3"}
> {"step": 1, "w": "2", "grad": "2", "loss": "3"}
> {"summary": {"steps": 1, "stop": "stall", "stall_start": 0, "w": "2", "loss": "3"}}

# A nan repeats itself but is no stall: binary64's notes' run is nan from
# step 243 on.
$ gdtrace --mode binary64 --max-iter 300 --stop stall --format jsonl
| tail -n 1
> {"summary": {"steps": 300, "stop": "max-iter", "w": "nan", "loss": "nan"}}

# nonfinite: binary16's notes' run overflows its loss at step 2 (w = 362,
# loss 131045 > 65504), its w at step 4.
$ gdtrace --mode binary16 --stop nonfinite
| tail -n 7
> step  w  loss(w)
>    0  2.0  3.0
>    1  -18.0  363.0
>    2  362.0  inf
> stop      nonfinite after 2 steps
> w         362.0
> loss      inf

# The loss is read at every step, printed or not.
$ gdtrace --mode binary16 --stop nonfinite --fields step,w --format csv
> step,w
> 0,2.0
> 1,-18.0
> 2,362.0

$ gdtrace --mode binary16 --stop nonfinite --every 0 --format jsonl
> {"summary": {"steps": 2, "stop": "nonfinite", "w": "362.0", "loss": "inf"}}

# At step 0: 300^2 is past binary16's largest value; a nan: sqrt(w) at
# w_1 = -1; a run with none: max-iter.
$ gdtrace --loss 'w^2' --w0 300 --lr 0.1 --mode binary16 --stop nonfinite --format jsonl
> {"step": 0, "w": "300.0", "grad": "600.0", "loss": "inf"}
> {"summary": {"steps": 0, "stop": "nonfinite", "w": "300.0", "loss": "inf"}}

$ gdtrace --loss 'sqrt(w)' --w0 1 --lr 4 --mode binary64 --stop nonfinite --format jsonl
> {"step": 0, "w": "1.0", "grad": "0.5", "loss": "1.0"}
> {"step": 1, "w": "-1.0", "grad": "nan", "loss": "nan"}
> {"summary": {"steps": 1, "stop": "nonfinite", "w": "-1.0", "loss": "nan"}}

$ gdtrace --lr 0.1 --mode binary64 --max-iter 3 --stop nonfinite --format jsonl
| tail -n 1
> {"summary": {"steps": 3, "stop": "max-iter", "w": "1.512", "loss": "2.262144"}}

# All four together: the first rule that holds, in the order grad-zero,
# nonfinite, stall, cycle, max-iter.
$ gdtrace --mode binary16 --stop grad-zero,cycle,stall,nonfinite --format jsonl
| tail -n 1
> {"summary": {"steps": 2, "stop": "nonfinite", "w": "362.0", "loss": "inf"}}

$ gdtrace --lr 0.1 --mode binary32 --max-iter 1000 --stop grad-zero,cycle,stall,nonfinite --format jsonl
| tail -n 1
> {"summary": {"steps": 69, "stop": "stall", "stall_start": 68, "w": "1.0000002", "loss": "2.0"}}

$ gdtrace --lr 0.4 --mode binary32 --max-iter 1000 --stop grad-zero,cycle,stall,nonfinite --format jsonl
| tail -n 1
> {"summary": {"steps": 11, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}

$ gdtrace --lr 1 --mode binary64 --stop cycle,stall,nonfinite --format jsonl
| tail -n 1
> {"summary": {"steps": 3, "stop": "cycle", "period": 2, "cycle_start": 0, "w": "0.0", "loss": "3.0"}}

# compare: each mode stops on its own rule; the others go on.
$ gdtrace compare --lr 0.1 --max-iter 100 --modes exact,binary32,bfloat16 --stop grad-zero,stall
| sed -n '/^events/,$p'
> events against exact (the first step of each, and the value then)
> mode      of    event      step  value
> exact           stop        100  max-iter
> binary32  w     differs       1  1.8
>                 stall        68  1.0000002
>           loss  differs       1  2.6399999
>                 stall        68  2.0
>                 stop         69  stall
> bfloat16  w     differs       1  1.8
>                 stall        18  1.016
>           loss  differs       1  2.64
>                 stall        18  2.0
>                 stop         19  stall

$ gdtrace compare --max-iter 40 --modes exact,binary64,binary32,binary16 --stop nonfinite --format jsonl
| grep '"of": "w"'
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 40}}
> {"events": {"mode": "binary64", "of": "w", "differs": 13, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 40}}
> {"events": {"mode": "binary32", "of": "w", "differs": 6, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "nonfinite", "steps": 16}}
> {"events": {"mode": "binary16", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "nonfinite", "steps": 2}}

# A resume replays the rules: the file cut anywhere ends as the whole run.
$ d=$(mktemp -d) && gdtrace --lr 0.1 --mode binary32 --max-iter 100 --stop stall --format jsonl > "$d/full" && for n in 1 40 69 70; do head -n $n "$d/full" > "$d/t"; gdtrace --lr 0.1 --mode binary32 --max-iter 100 --stop stall --format jsonl --resume "$d/t" 2>&1; cmp "$d/full" "$d/t" && echo "$n: same"; done; rm -r "$d"
> 1: same
> 40: same
> 69: same
> 70: same

$ d=$(mktemp -d) && gdtrace --mode binary16 --stop nonfinite --format csv > "$d/full" && for n in 2 3; do head -n $n "$d/full" > "$d/t"; gdtrace --mode binary16 --stop nonfinite --format csv --resume "$d/t" 2>&1; cmp "$d/full" "$d/t" && echo "$n: same"; done; rm -r "$d"
> 2: same
> 3: same

# Bad rules.
$ gdtrace --stop stall,
? 2
2> gdtrace: --stop: 'stall,' is not a list of grad-zero, cycle, stall and nonfinite, or none

$ gdtrace --stop non-finite
? 2
2> gdtrace: --stop: 'non-finite' is not a list of grad-zero, cycle, stall and nonfinite, or none
