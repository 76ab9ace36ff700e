# sweep --against certified: a float sweep whose every point also runs
# certified (as sweep --certify, up to --max-prec); two more columns, the
# certified outcome and the verdict on the flag "diverged within
# max-iter": agree, disagree, or undecided (the certified run undecided
# at the cap); the counts in jsonl's summary, on stderr with csv; the
# disagreeing points marked cyan on the map.

# Liu's loss from x0 = 5 over 300 steps: binary64 diverges at lr 1.031
# and 1.033, where the exact-real run stays bounded (MPFR at 4000 bits
# says so too); it needs 2816 bits to prove it.
$ gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.03:1.034 --grid 5 --max-iter 300 --mode binary64 --against certified
~ valgrind
> lr,outcome,period,step,loss,certified,against
> 1.03,bounded,0,300,6.7537874273394664e+16,bounded,agree
> 1.031,diverged,0,290,2.826114202340145e+17,bounded,disagree
> 1.032,diverged,0,296,2.585782667555702e+17,diverged,agree
> 1.033,diverged,0,297,2.6625361328762067e+17,bounded,disagree
> 1.034,diverged,0,279,2.8233316205429427e+17,diverged,agree
2> gdtrace: sweep: against certified: 3 agree, 2 disagree, 0 undecided

$ gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.03:1.034 --grid 5 --max-iter 300 --mode mpfr --prec 4000 | cut -d, -f1-4
~ valgrind
> lr,outcome,period,step
> 1.03,bounded,0,300
> 1.031,bounded,0,300
> 1.032,diverged,0,275
> 1.033,bounded,0,300
> 1.034,diverged,0,265

# Capped below what it needs: undecided, never a verdict.
$ gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.03:1.034 --grid 5 --max-iter 300 --mode mpfr --prec 53 --against certified --max-prec 1024 --format jsonl
~ valgrind
| tail -n 3
> {"i": 3, "lr": "1.033", "outcome": "diverged", "period": 0, "step": 297, "loss": "2.6625361328762067e+17", "certified": "undecided", "against": "undecided"}
> {"i": 4, "lr": "1.034", "outcome": "diverged", "period": 0, "step": 279, "loss": "2.8233316205429427e+17", "certified": "undecided", "against": "undecided"}
> {"summary": {"points": 5, "of": 5, "stop": "done", "against": {"agree": 0, "disagree": 0, "undecided": 5}}}

# The notes' loss in bfloat16: stalled, converged and a cycle are all
# "not diverged", as the certified bounded; the header names the cap.
$ gdtrace sweep --lr 0:2 --grid 5 --mode bfloat16 --max-iter 100 --against certified --format jsonl
> {"gdtrace": "0.1.0", "format": "sweep 1", "loss": "(w-1)^2 + 2", "grad": [], "data": null, "mode": "bfloat16", "round": "N", "update": "sub", "lr": "0:2", "w0": "2", "max_iter": 100, "escape": "1e16", "against": "certified", "against_prec": 64, "against_max_prec": 1048576, "axes": [{"name": "lr", "from": "0", "to": "2", "points": 5, "scale": "lin"}], "grid": [5]}
> {"i": 0, "lr": "0.0", "outcome": "stalled", "period": 1, "step": 0, "loss": "3.0", "class": "no movement", "certified": "bounded", "against": "agree"}
> {"i": 1, "lr": "0.5", "outcome": "converged", "period": 0, "step": 1, "loss": "2.0", "class": "converges in one step", "certified": "bounded", "against": "agree"}
> {"i": 2, "lr": "1.0", "outcome": "cycle", "period": 2, "step": 0, "loss": "3.0", "class": "2-cycle", "certified": "bounded", "against": "agree"}
> {"i": 3, "lr": "1.5", "outcome": "diverged", "period": 0, "step": 28, "loss": "7.04e+16", "class": "diverges, oscillating", "certified": "diverged", "against": "agree"}
> {"i": 4, "lr": "2.0", "outcome": "diverged", "period": 0, "step": 18, "loss": "1.49e+17", "class": "diverges, oscillating", "certified": "diverged", "against": "agree"}
> {"summary": {"points": 5, "of": 5, "stop": "done", "against": {"agree": 5, "disagree": 0, "undecided": 0}}}

# The map: each point a 103 x 103 square, a disagreeing one's top third
# cyan (its pixels checked in test_map).
$ f=/tmp/gdtrace-ag-$$; gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.03:1.034 --grid 5 --max-iter 300 --mode binary64 --against certified --png $f.png > /dev/null 2>&1 && file $f.png | cut -d: -f2; rm -f $f.png
~ valgrind
>  PNG image data, 515 x 103, 8-bit/color RGB, non-interlaced

# What it refuses.
$ gdtrace sweep --lr 0:1 --against certified
? 2
2> gdtrace: --against: 'certified': mode exact does not round; hold a float mode against it

$ gdtrace sweep --lr 0:1 --mode binary64 --against exact
? 2
2> gdtrace: --against: 'exact' is not certified (the one reference a sweep is held against)

$ gdtrace sweep --certify --lr 0:1 --against certified
? 2
2> gdtrace: --against: 'certified': a certified sweep is the reference itself

$ gdtrace sweep --lr 0.1:1 --mode binary64 --against certified --scale log
? 2
2> gdtrace: --scale: 'log': a log axis's points are irrational, and --against certified sweeps linear axes

$ gdtrace sweep --lr 0:1 --mode binary64 --against certified --shard 1/2
? 2
2> gdtrace: --against: 'certified': not with --shard or --resume yet: a sweep run whole

$ gdtrace --against certified
? 2
2> gdtrace: --against: is not an option of 'gdtrace run' (see gdtrace run --help)
