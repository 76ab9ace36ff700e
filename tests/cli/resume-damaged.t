# --resume on files that are not simply a run cut short: complete, past the
# new --max-iter, damaged, locked, not regular files (issue 9, items 1-4
# and 21).  Every record of the file is replayed from w0; the file is
# refused naming its first bad line, or resumed to exactly the bytes of
# the uninterrupted run, never anything in between.

# Item 1: a file past the new max-iter is refused, naming its last step,
# and left as it is (it once appended records forever: here at most 10 s of
# CPU and 10 MB of file).
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 60 --format jsonl > r.jsonl && cp r.jsonl before && (ulimit -t 10 -f 10000; gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl); echo "exit $?"; cmp before r.jsonl && echo untouched
> exit 2
> untouched
2> gdtrace: --resume: r.jsonl: its last step is 60, past --max-iter 30

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --max-iter 60 --format csv > r.csv && head -n 45 r.csv > cut.csv && cp cut.csv before && (ulimit -t 10 -f 10000; gdtrace --max-iter 30 --format csv --resume cut.csv); echo "exit $?"; cmp before cut.csv && echo untouched
> exit 2
> untouched
2> gdtrace: --resume: cut.csv: its last step is 43, past --max-iter 30

# A file that is the whole run already: left as it is, a note, exit 0.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl > r.jsonl && cp r.jsonl before && (ulimit -t 10 -f 10000; gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl) && cmp before r.jsonl && echo untouched
> untouched
2> gdtrace: --resume: r.jsonl is the whole run already (it stops at step 30: max-iter); left as it is

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --max-iter 30 --format csv > r.csv && cp r.csv before && (ulimit -t 10 -f 10000; gdtrace --max-iter 30 --format csv --resume r.csv) && cmp before r.csv && echo untouched
> untouched
2> gdtrace: --resume: r.csv is the whole run already (it stops at step 30: max-iter); left as it is

# ... also when the run stopped earlier, on a zero gradient.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --loss '(w-1)^2' --lr 0.5 --format jsonl > r.jsonl && cp r.jsonl before && gdtrace --loss '(w-1)^2' --lr 0.5 --max-iter 1000 --format jsonl --resume r.jsonl && cmp before r.jsonl && echo untouched
> untouched
2> gdtrace: --resume: r.jsonl is the whole run already (it stops at step 1: grad-zero); left as it is

# Whole but for its summary (the process was killed after its last record):
# the summary is appended, so that the file is the uninterrupted run's.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl > full && head -n 31 full > r.jsonl && gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl && cmp full r.jsonl && echo same
> same

# A complete run resumed with a larger max-iter goes on (its summary is
# replaced), to the bytes of the longer run.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary32 --lr 0.1 --max-iter 30 --format jsonl > r.jsonl && gdtrace --mode binary32 --lr 0.1 --max-iter 80 --format jsonl > full && gdtrace --mode binary32 --lr 0.1 --max-iter 80 --format jsonl --resume r.jsonl && cmp full r.jsonl && echo same
> same

# Edited huge step numbers.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl | sed 's/"step": 30,/"step": 99999999999999999999999,/' > r.jsonl && (ulimit -t 10 -f 10000; gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl)
? 2
2> gdtrace: --resume: r.jsonl, line 31: step 99999999999999999999999 where step 30 belongs

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --max-iter 30 --format csv | sed 's/^0,/18446744073709551615,/' > r.csv && (ulimit -t 10 -f 10000; gdtrace --max-iter 30 --format csv --resume r.csv)
? 2
2> gdtrace: --resume: r.csv, line 2: step 18446744073709551615 where step 0 belongs

# --resume /dev/stdin: a pipe cannot be cut and appended to: refused; a
# file on standard input is that file.
$ (ulimit -t 10 -f 10000; gdtrace --mode binary64 --max-iter 60 --format jsonl | gdtrace --mode binary64 --max-iter 30 --format jsonl --resume /dev/stdin)
? 2
2> gdtrace: --resume: /dev/stdin is not a regular file: a resume cuts and appends to the file in place

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 60 --format jsonl > full && head -n 20 full > r.jsonl && (ulimit -t 10 -f 10000; gdtrace --mode binary64 --max-iter 60 --format jsonl --resume /dev/stdin < r.jsonl) && cmp full r.jsonl && echo same
> same

# Item 2: a NUL byte (it once read before the line's start).
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && printf '\0\n' > r.jsonl; gdtrace --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 1: it holds a NUL byte, and a step record is text

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && printf '\0' > r.jsonl; gdtrace --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl: no complete step record to resume from

# Item 3: every record is checked, the first bad line named.  A step
# dropped, a second step 0, two lines swapped, a digit changed:
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl | head -n 20 | sed '7d' > r.jsonl; gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 7: step 7 where step 6 belongs

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl | head -n 20 > r.jsonl; head -n 1 r.jsonl >> r.jsonl; gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 21: step 0 where step 20 belongs

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --max-iter 30 --format csv | head -n 20 | sed '5{h;d};6G' > r.csv; gdtrace --max-iter 30 --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 5: step 4 where step 3 belongs

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl | head -n 20 | sed '12s/"loss": "\([0-9]\)/"loss": "9/' > r.jsonl; gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 12: step 11 has loss 9.356998041817409e+28 in the file but 1.356998041817409e+28 here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ

# A line that is no record in the middle, a summary before the end.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl | head -n 20 | sed '9s/}$//' > r.jsonl; gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 9: not a step record

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl > r.jsonl && gdtrace --mode binary64 --max-iter 31 --format jsonl | tail -n 2 >> r.jsonl; gdtrace --mode binary64 --max-iter 40 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 32: a summary, and the file goes on after it

# Hundreds of damaged files (tests/cli/resume-damage): each refused and left
# as it is, or resumed to the uninterrupted bytes (800 runs: the sanitizer
# build runs them, valgrind would take minutes).
$ ulimit -t 300; tests/cli/resume-damage
~ valgrind
> binary64 jsonl: 3 resumed to the uninterrupted bytes, 97 refused
> exact csv: 3 resumed to the uninterrupted bytes, 97 refused
> binary32 two parameters jsonl: 4 resumed to the uninterrupted bytes, 96 refused
> binary16 grad-zero csv: 9 resumed to the uninterrupted bytes, 91 refused
> 400 damaged files: 19 resumed, 381 refused, 0 wrong

# Item 4: the file is locked for the whole run; a run that finds it locked
# (here by flock(1), as another gdtrace would) refuses and writes nothing.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 60 --format jsonl | head -n 20 > r.jsonl && cp r.jsonl before && flock r.jsonl gdtrace --mode binary64 --max-iter 60 --format jsonl --resume r.jsonl; echo "exit $?"; cmp before r.jsonl && echo untouched
> exit 2
> untouched
2> gdtrace: --resume: r.jsonl is locked by another process (a run writing or resuming it)

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 60 --format jsonl | head -n 20 > r.jsonl && cp r.jsonl before && flock r.jsonl gdtrace --mode binary64 --max-iter 60 --format jsonl >> r.jsonl; echo "exit $?"; cmp before r.jsonl && echo untouched
> exit 2
> untouched
2> gdtrace: standard output is locked by another process (a run writing or resuming it)

# ... and a resume holds the lock while it runs: a second one is refused
# (the first, long enough to be caught running, is stopped with SIGSTOP
# once it appends, then goes on to the uninterrupted bytes).
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && seq 50000 | awk 'BEGIN { print "x" } { print $1 % 7 }' > d.csv && run() { gdtrace --mode binary64 --data d.csv --loss 'mean((w-x)^2)' --lr 0.001 --max-iter 300 --stop none --format jsonl "$@"; } && run > full && head -n 2 full > r.jsonl && { run --resume r.jsonl & p=$!; } && until [ "$(wc -l < r.jsonl)" -gt 5 ] || ! kill -0 $p 2>/dev/null; do sleep 0.01; done; kill -STOP $p; run --resume r.jsonl; echo "exit $?"; kill -CONT $p; wait $p; echo "first: exit $?"; cmp full r.jsonl && echo same
~ valgrind
> exit 2
> first: exit 0
> same
2> gdtrace: --resume: r.jsonl is locked by another process (a run writing or resuming it)

# Item 21: the real cause of a refusal.  Another --digits:
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format jsonl | head -n 20 > r.jsonl; gdtrace --mode binary64 --max-iter 30 --format jsonl --digits hex --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 1: step 0 has w 2.0 in the file but 0x1p+1 here: the file has this run's values printed with --digits shortest

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --max-iter 30 --format csv --digits 3 | head -n 20 > r.csv; gdtrace --mode binary64 --max-iter 30 --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 2: step 0 has w 2 in the file but 2.0 here: the file has this run's values printed with --digits 3

# (the same first values in another mode are not taken for other digits)
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --mode binary64 --lr 0.1 --max-iter 30 --format jsonl --digits exact | head -n 20 > r.jsonl; gdtrace --mode binary32 --lr 0.1 --max-iter 30 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 1: step 0 has w 2 in the file but 2.0 here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ

# A directory:
$ gdtrace --format jsonl --resume .
? 2
2> gdtrace: --resume: . is a directory, not a trajectory file

# CR LF line endings, csv and jsonl:
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --max-iter 30 --format csv | head -n 20 | sed 's/$/\r/' > r.csv; gdtrace --max-iter 30 --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 1: it ends in CR LF, and gdtrace writes LF line endings (dos2unix converts the file)

$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --max-iter 30 --format jsonl | head -n 20 | sed 's/$/\r/' > r.jsonl; gdtrace --max-iter 30 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 1: it ends in CR LF, and gdtrace writes LF line endings (dos2unix converts the file)

# The header of another problem.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --max-iter 30 --format csv > r.csv && gdtrace --loss 'a^2+b^2' --w0 a=1,b=1 --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv: its header is not this problem's, step,a,b,grad_a,grad_b,loss

# A step this run cannot compute (here: more bits than --max-bits).
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --lr 0.1 --max-iter 30 --format jsonl > r.jsonl && gdtrace --lr 0.1 --max-iter 30 --max-bits 40 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 6: this run ends before step 5: a value would need more than 40 bits (--max-bits)

# --at computes one step: it continues no file.
$ gdtrace --at 3 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --at: '3' computes one step and continues no file (--resume)

# A long exact value with one digit changed is refused at once (the search
# for other --digits tries a few N, not every N up to the value's length),
# and the message shows the values where they differ.
$ d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d" && gdtrace --loss 'w^4' --lr 1/10 --w0 1/3 --max-iter 8 --format csv > x.csv && awk 'NR==10 { c = substr($0, 20000, 1); $0 = substr($0, 1, 19999) (c == "1" ? "2" : "1") substr($0, 20001) } 1' x.csv > y.csv && cp y.csv z.csv && (ulimit -t 10; gdtrace --loss 'w^4' --lr 1/10 --w0 1/3 --max-iter 20 --format csv --resume y.csv); echo "exit $?"; cmp -s y.csv z.csv && echo untouched
> exit 2
> untouched
2> gdtrace: --resume: y.csv, line 10: step 8 has grad ...313638282656284033379705326427292896946166398299295518620543... in the file but ...313638282656284033379705326427192896946166398299295518620543... here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ
