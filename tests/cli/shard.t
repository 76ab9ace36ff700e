# gdtrace sweep --shard K/N and gdtrace merge (issue 12, "Beyond one
# machine"): a sweep computed as N parts, the parts merged in any order,
# gives the single process's csv, jsonl, .npy and PNG byte for byte; a
# missing, duplicated, incomplete or foreign part is refused, exit 2,
# nothing written.  shard/same.sh runs the sweep both ways and compares.

# exact, one axis and two (the class column, lines of two axes)
$ tests/cli/shard/same.sh 1 2 3 7 -- --lr 0:1.5 --grid 7 --max-iter 60
> ok 1
> ok 2
> ok 3
> ok 7

$ tests/cli/shard/same.sh 1 2 3 7 -- --lr 0:2 --w0 -3:5 --grid 17x9 --max-iter 40
> ok 1
> ok 2
> ok 3
> ok 7

# binary64 over two parameters' w0, and binary32 on log axes with
# diverged, cycle and bounded points
$ tests/cli/shard/same.sh 2 3 7 -- --mode binary64 --loss '(a-1)^2 + a*b + b^2' --w0 a=-2:2,b=1:3 --lr 0.7 --grid 5x4 --max-iter 200
> ok 2
> ok 3
> ok 7

$ tests/cli/shard/same.sh 3 7 -- --mode binary32 --lr 0.01:3 --scale log --grid 23 --max-iter 300 --loss 'w^4/4 - w^2/2' --grad 'w*w*w - w' --w0 0.5
> ok 3
> ok 7

# --plot: the merged picture is the single process's (gnuplot draws it
# from the same data, with the same axes and title).
$ t=$(mktemp -d); a="--mode binary64 --lr 0.01:2 --scale log,lin --w0 -1:3 --grid 30x20 --max-iter 200"; gdtrace sweep $a --plot $t/one.svg >/dev/null && for k in 1 2 3; do gdtrace sweep $a --shard $k/3 >$t/p$k; done && gdtrace merge $t/p2 $t/p3 $t/p1 --plot $t/m.svg >/dev/null && cmp $t/one.svg $t/m.svg && echo same; s=$?; rm -rf $t; exit $s
~? command -v gnuplot
> same

# A part file: the sweep's jsonl header, the shard's record (its points
# first .. first + count - 1 of the grid's order), its points' jsonl
# records each with its loss as binary64, and the part's summary; the
# same whatever --format says.
$ gdtrace sweep --lr 0:1.5 --grid 7 --max-iter 60 --shard 2/3 --format csv
| sed 's/^{"gdtrace": "[^"]*"/{"gdtrace": VERSION/'
> {"gdtrace": VERSION, "format": "sweep 1", "loss": "(w-1)^2 + 2", "grad": [], "data": null, "mode": "exact", "update": "sub", "lr": "0:1.5", "w0": "2", "max_iter": 60, "escape": "1e16", "axes": [{"name": "lr", "from": "0", "to": "1.5", "points": 7, "scale": "lin"}], "grid": [7]}
> {"shard": 2, "of": 3, "first": 2, "count": 2, "points": 7, "width": 7, "height": 1, "max_iter": 60, "digits": "shortest", "columns": "lr,outcome,period,step,loss,class", "axes": [{"name": "lr", "first": 0, "last": 1.5, "log": 0}], "title": "(w-1)^2 + 2  (exact)"}
> {"loss_f8": "4000000000000000", "record": {"i": 2, "lr": "0.5", "outcome": "converged", "period": 0, "step": 1, "loss": "2", "class": "converges in one step"}}
> {"loss_f8": "4000000000000000", "record": {"i": 3, "lr": "0.75", "outcome": "bounded", "period": 0, "step": 60, "loss": "2.000000000000000000000000000000000000752316384526264005099991383822237233803945956334136013765601092018187046051025390625", "class": "converges, oscillating"}}
> {"summary": {"points": 2, "of": 2, "stop": "done"}}

# More parts than points: the empty parts hold no record, and merge
# takes them too.
$ for k in 1 2 3 4 5; do gdtrace sweep --lr 0:1 --grid 3 --shard $k/5 > /tmp/gdt-shard-$$.$k || exit; done; gdtrace merge /tmp/gdt-shard-$$.*; s=$?; rm -f /tmp/gdt-shard-$$.*; exit $s
> lr,outcome,period,step,loss,class
> 0,stalled,1,0,3,no movement
> 0.5,converged,0,1,2,converges in one step
> 1,cycle,2,0,3,2-cycle

# K/N that is no part
$ gdtrace sweep --lr 0:1 --shard 0/3
? 2
2> gdtrace: --shard: '0/3': K, the part, is from 1 to N

$ gdtrace sweep --lr 0:1 --shard 4/3
? 2
2> gdtrace: --shard: '4/3': K, the part, is from 1 to N

$ gdtrace sweep --lr 0:1 --shard 1/0
? 2
2> gdtrace: --shard: '1/0': N, the number of parts, is from 1 to 2^31

$ gdtrace sweep --lr 0:1 --shard x/y
? 2
2> gdtrace: --shard: 'x/y' is not K/N (part K of N, 1 <= K <= N)

$ gdtrace sweep --lr 0:1 --shard 1/2/3
? 2
2> gdtrace: --shard: '1/2/3' is not K/N (part K of N, 1 <= K <= N)

# The .npy file and the pictures are the merge's.
$ gdtrace sweep --lr 0:1 --shard 1/2 --npy /tmp/gdt-shard-never.npy; s=$?; test ! -e /tmp/gdt-shard-never.npy && exit $s
? 2
2> gdtrace: --shard: a part writes no --npy; give it to gdtrace merge

$ gdtrace sweep --lr 0:1 --shard 1/2 --png x.png
? 2
2> gdtrace: --shard: a part writes no --png; give it to gdtrace merge

$ gdtrace sweep --lr 0:1 --shard 1/2 --plot x.png
? 2
2> gdtrace: --shard: a part writes no --plot; give it to gdtrace merge

# Refusals of merge: each names the part, exits 2, writes nothing (no
# record, no .npy file).
$ tests/cli/shard/refuse.sh
> missing: 2: gdtrace: merge: part 2 of 3 is missing
> duplicate: 2: gdtrace: merge: 'p1' and 'p1' are both part 1 of 3
> twice-numbered: 2: gdtrace: merge: 'p2' and 'q2' are both part 2 of 3
> other grid: 2: gdtrace: merge: 'g2' is a part of another sweep than 'p1' (their headers differ)
> other mode: 2: gdtrace: merge: 'm2' is a part of another sweep than 'p1' (their headers differ)
> other version: 2: gdtrace: merge: 'v2' is a part of another sweep than 'p1' (their headers differ)
> other digits: 2: gdtrace: merge: 'x2' is a part of another sweep than 'p1' (their headers differ)
> other N: 2: gdtrace: merge: 'n2' is part 2 of 2, and 'p1' of 3
> incomplete: 2: gdtrace: merge: 'cut' is incomplete: 3 of its 5 points and no summary
> interrupted: 2: gdtrace: merge: 'int' is incomplete: its summary is not {"summary": {"points": 5, "of": 5, "stop": "done"}}
> damaged: 2: gdtrace: merge: 'bad', line 4: not a point's record of a part of a sweep
> not a part: 2: gdtrace: merge: 'one.jsonl' is not a part of a sweep: no shard record (a part of a sweep has it second, as gdtrace sweep --shard writes it)
> unreadable: 2: gdtrace: merge: cannot read 'nothere': No such file or directory
> none: 2: gdtrace: merge: no part given (gdtrace merge PART...)
> bad format: 2: gdtrace: merge: --format: 'text' is not csv or jsonl
> unknown option: 2: gdtrace: merge: unknown option '--grid' (gdtrace merge --help)

$ gdtrace merge --help | head -n 1
> usage: gdtrace merge PART... [--format csv|jsonl] [--npy FILE] [--png FILE]

# --dimension needs the whole boundary: not a part's.
$ gdtrace sweep --lr 0:2 --grid 33 --shard 1/2 --dimension
? 2
2> gdtrace: --shard: a part has not the whole boundary for --dimension
