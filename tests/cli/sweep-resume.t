# gdtrace sweep --resume FILE (issue 12): a csv or jsonl sweep cut short
# (SIGINT, a crash, a kill in the middle of a write) goes on after its last
# whole record, and the file ends byte for byte as the uninterrupted
# sweep's.  The header, every record's grid indices and axis values and 8
# points run again (the first, the last, 6 spread between) are checked
# first; a file that is not this sweep's is refused, naming its first bad
# line, and left as it is.  sweep/resume_cut.sh cuts and resumes.

# A file cut at every byte (the header included: an empty file or a piece
# of the header is started over), 1-D csv.
$ tests/cli/sweep/resume_cut.sh bytes all --lr 0:1.5 --grid 2 --max-iter 60 --format csv
> same 123

# Cut at every byte of the last record, 1-D and 2-D, csv and jsonl (the
# summary too), on 1 and 3 threads, in exact, binary32 and mpfr modes.
$ tests/cli/sweep/resume_cut.sh bytes 1 --lr 0:1.5 --grid 5 --max-iter 60 --format csv --threads 3
> same 61

$ tests/cli/sweep/resume_cut.sh bytes 2 --mode binary32 --lr 0.5:1.2 --w0 -1:3 --grid 3x2 --max-iter 100 --format jsonl --threads 1
> same 202

$ tests/cli/sweep/resume_cut.sh bytes 1 --mode mpfr --prec 20 --lr 0.5:1.2 --w0 -1:3 --grid 3x2 --max-iter 100 --format csv --threads 3
> same 59

$ tests/cli/sweep/resume_cut.sh bytes 2 --mode binary64 --lr 1e-3:1 --scale log --grid 4 --max-iter 100 --format jsonl --threads 3
> same 154

# Stopped by SIGINT (records whole and an "interrupted" summary) or SIGKILL
# after various delays, its resume stopped the same way, then resumed.
$ tests/cli/sweep/resume_cut.sh signal INT 0.02 0.06 0.12 -- --mode binary64 --lr 0:2 --w0 -2:2 --grid 120x50 --max-iter 1000 --loss 'w*w*w*w/4-w*w/2' --grad 'w*w*w-w' --format jsonl --threads 3
~ valgrind
> same 3

$ tests/cli/sweep/resume_cut.sh signal INT 0.03 0.1 -- --mode binary32 --lr 0:2 --grid 3000 --max-iter 1000 --loss 'w*w*w*w/4-w*w/2' --grad 'w*w*w-w' --format csv --threads 1
~ valgrind
> same 2

$ tests/cli/sweep/resume_cut.sh signal KILL 0.03 0.1 -- --mode binary64 --lr 0:2 --w0 -2:2 --grid 120x50 --max-iter 1000 --loss 'w*w*w*w/4-w*w/2' --grad 'w*w*w-w' --format csv --threads 3
~ valgrind
> same 2

# A whole file is left as it is (exit 0); a jsonl file with every record
# but no summary gets its summary.
$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --format jsonl > r.jsonl && cp r.jsonl r0 && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --format jsonl --resume r.jsonl && cmp r0 r.jsonl && echo unchanged
> unchanged
2> gdtrace: --resume: r.jsonl is the whole sweep already (12 points); left as it is

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && cp r.csv r0 && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --resume r.csv && cmp r0 r.csv && echo unchanged
> unchanged
2> gdtrace: --resume: r.csv is the whole sweep already (4 points); left as it is

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --format jsonl > r.jsonl && head -n -1 r.jsonl > p.jsonl && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --format jsonl --resume p.jsonl && cmp r.jsonl p.jsonl && echo same
> same

# Damaged files are refused, naming the first bad line, and left as they
# are: a changed digit in an axis value, in a record run again, swapped
# records, another problem, grid or mode, a foreign summary, records after
# the summary or past the grid.
$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 > r.csv && sed -i '7s/^0.5,1,/0.5,2,/' r.csv && cp r.csv r0 && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --resume r.csv; rc=$?; cmp r0 r.csv && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: r.csv, line 7: '0.5,2,converged,0,0,2,converges in one step' where point 5 (i 1, j 1) belongs, which this sweep writes as '0.5,1,': a record missing, repeated or out of order, or another grid, axes or mode

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --format jsonl > r.jsonl && sed -i '5s/"72057594037927938"/"72057594037927939"/' r.jsonl && cp r.jsonl r0 && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --format jsonl --resume r.jsonl; rc=$?; cmp r0 r.jsonl && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: r.jsonl, line 5: point 3 has '"loss": "72057594037927939", "class": "diverges, oscillating' in the file but '"loss": "72057594037927938", "class": "diverges, oscillating' here (run again): the loss, gradient, lr, w0, data, mode, --max-iter or --escape differ, or the file was changed

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --format jsonl > r.jsonl && sed -i '3{h;d};4G' r.jsonl && cp r.jsonl r0 && gdtrace sweep --lr 0:1.5 --w0 -1:3 --grid 4x3 --max-iter 60 --format jsonl --resume r.jsonl; rc=$?; cmp r0 r.jsonl && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: r.jsonl, line 3: '{"i": 2, "j": 0, "lr": "1", "w0": "-1", "outcome": "cycle", ' where point 1 (i 1, j 0) belongs, which this sweep writes as '{"i": 1, "j": 0, "lr": "0.5", "w0": "-1", "outcome": "': a record missing, repeated or out of order, or another grid, axes or mode

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && head -n 3 r.csv > p.csv && cp p.csv r0 && gdtrace sweep --loss '(w-1)^2 + 3' --lr 0:1.5 --grid 4 --max-iter 60 --resume p.csv; rc=$?; cmp r0 p.csv && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: p.csv, line 2: point 0 has '3,no movement' in the file but '4,no movement' here (run again): the loss, gradient, lr, w0, data, mode, --max-iter or --escape differ, or the file was changed

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl > r.jsonl && head -n 3 r.jsonl > p.jsonl && cp p.jsonl r0 && gdtrace sweep --loss '(w-1)^2 + 3' --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl --resume p.jsonl; rc=$?; cmp r0 p.jsonl && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: p.jsonl, line 1: the header is another sweep's: its "loss" differs (the problem, mode, axes, grid, escape or gdtrace's version)

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl > r.jsonl && head -n 3 r.jsonl > p.jsonl && gdtrace sweep --lr 0:1.5 --grid 5 --max-iter 60 --format jsonl --resume p.jsonl; rc=$?; cmp <(head -n 3 r.jsonl) p.jsonl && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: p.jsonl, line 1: the header is another sweep's: its "points" differs (the problem, mode, axes, grid, escape or gdtrace's version)

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && head -n 3 r.csv > p.csv && gdtrace sweep --lr 0:1.5 --grid 5 --max-iter 60 --resume p.csv; rc=$?; cmp <(head -n 3 r.csv) p.csv && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: p.csv, line 3: '0.5,converged,0,1,2,converges in one step' where point 1 (i 1) belongs, which this sweep writes as '0.375,': a record missing, repeated or out of order, or another grid, axes or mode

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl > r.jsonl && head -n 3 r.jsonl > p.jsonl && gdtrace sweep --mode binary64 --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl --resume p.jsonl; rc=$?; cmp <(head -n 3 r.jsonl) p.jsonl && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: p.jsonl, line 1: the header is another sweep's: its "mode" differs (the problem, mode, axes, grid, escape or gdtrace's version)

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && head -n 3 r.csv > p.csv && gdtrace sweep --mode binary64 --lr 0:1.5 --grid 4 --max-iter 60 --resume p.csv; rc=$?; cmp <(head -n 3 r.csv) p.csv && echo unchanged; exit $rc
? 2
> unchanged
2> gdtrace: --resume: p.csv, line 2: '0,stalled,1,0,3,no movement' where point 0 (i 0) belongs, which this sweep writes as '0.0,': a record missing, repeated or out of order, or another grid, axes or mode

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl > r.jsonl && head -n 3 r.jsonl > p.jsonl && echo '{"summary": {"points": 3, "of": 4, "stop": "interrupted"}}' >> p.jsonl && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl --resume p.jsonl
? 2
2> gdtrace: --resume: p.jsonl, line 4: '{"summary": {"points": 3, "of": 4, "stop": "interrupted"}}' after 2 points, where this sweep writes '{"summary": {"points": 2, "of": 4, "stop": "interrupted"}}'

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl > r.jsonl && (head -n 3 r.jsonl; echo '{"summary": {"points": 2, "of": 4, "stop": "interrupted"}}'; sed -n 4p r.jsonl) > p.jsonl && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl --resume p.jsonl
? 2
2> gdtrace: --resume: p.jsonl, line 5: the file goes on after its summary

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && (cat r.csv; tail -n 1 r.csv) > p.csv && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --resume p.csv
? 2
2> gdtrace: --resume: p.csv, line 6: a record past the grid's last point (it has 4)

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --format jsonl --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 1: 'lr,outcome,period,step,loss,class' is no jsonl sweep header (a csv file?)

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && sed -i 's/$/\r/' r.csv && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 1: it ends in CR LF, and gdtrace writes LF line endings (dos2unix converts the file)

# Locked by another process (a sweep writing it, or resuming it).
$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && flock r.csv gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 --resume r.csv
? 2
2> gdtrace: --resume: r.csv is locked by another process (a run writing or resuming it)

$ cd "$(mktemp -d)" && gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 > r.csv && flock r.csv gdtrace sweep --lr 0:1.5 --grid 4 --max-iter 60 >> r.csv
? 2
2> gdtrace: standard output is locked by another process (a run writing or resuming it)

# What a resume does not do.
$ gdtrace sweep --lr 0:1 --grid 3 --npy x.npy --resume r.csv
? 2
2> gdtrace: --resume: 'r.csv': --npy, --png and --plot need every point of one sweep: give them to a sweep run whole

$ gdtrace sweep --lr 0:1 --grid 3 --format text --resume r.csv
? 2
2> gdtrace: --format: 'text' is not for sweep, which writes csv or jsonl

$ gdtrace sweep --lr 0:1 --grid 3 --resume /nonexistent/r.csv
? 2
2> gdtrace: --resume: /nonexistent/r.csv: No such file or directory

# A resumed sweep is one whole sweep in one process: no part, no
# --dimension (which needs every point's outcome in memory).
$ gdtrace sweep --lr 0:2 --grid 9 --shard 1/2 --resume /dev/null
? 2
2> gdtrace: --resume: '/dev/null': a resumed sweep is one whole sweep in one process, without --shard or --dimension

$ gdtrace sweep --lr 0:2 --grid 9 --dimension --resume /dev/null
? 2
2> gdtrace: --resume: '/dev/null': a resumed sweep is one whole sweep in one process, without --shard or --dimension
