# The records of a run made from copies of its values (src/report/writer.c,
# where they are the same bytes: csv, jsonl and text in the modes on
# doubles), on the run's own thread (the default) and on a second thread
# (GDTRACE_THREAD=1): the bytes, the write errors, a closed pipe, the
# signals and --resume as with each record made from the stepper, which
# GDTRACE_THREAD=0 asks for.

# W3's problem in every mode on doubles, every format, --every and
# --fields, and a problem of two parameters: the same bytes all three ways.
$ P="--loss w^4/4-w^2/2 --grad w*w*w-w --lr 1.1 --w0 0.5 --max-iter 20000"; Q="--loss (x-1)^2+3*(y+2)^2+x*y/7 --lr 0.05 --w0 3,-1 --max-iter 3000"; n=0; for m in binary64 native-double native-float binary32 binary16 bfloat16; do for f in csv jsonl text; do for e in "" "--every 3" "--every 1000" "--every 0" "--fields w,loss" "--fields step,grad"; do for p in "$P" "$Q"; do GDTRACE_THREAD=0 gdtrace $p --mode $m --format $f $e > /tmp/gdtrace-w0.$$ 2>&1; a=$?; GDTRACE_THREAD=1 gdtrace $p --mode $m --format $f $e > /tmp/gdtrace-w1.$$ 2>&1; b=$?; gdtrace $p --mode $m --format $f $e > /tmp/gdtrace-wd.$$ 2>&1; c=$?; cmp -s /tmp/gdtrace-w0.$$ /tmp/gdtrace-w1.$$ && cmp -s /tmp/gdtrace-w0.$$ /tmp/gdtrace-wd.$$ && [ $a = $b ] && [ $a = $c ] && n=$((n + 1)) || echo "differ: $m $f $e $p"; done; done; done; done; rm -f /tmp/gdtrace-w0.$$ /tmp/gdtrace-w1.$$ /tmp/gdtrace-wd.$$; echo "$n the same"
~ valgrind
> 216 the same

# mpfr of 53 bits and less: its records from copies while every
# value fits a double, then from the stepper (a run growing past
# 2^1024, one shrinking below 2^-1074): the same bytes all three ways.
$ P="--loss w^4/4-w^2/2 --grad w*w*w-w --lr 1.1 --w0 0.5 --max-iter 3000"; G="--loss w^2 --lr 1.5 --w0 0.7 --max-iter 1100"; S="--loss w^2 --lr 0.25 --w0 -0.7 --max-iter 1200"; n=0; for p in 53 24 2; do for f in csv jsonl text; do for e in "" "--every 7" "--fields w,loss"; do for q in "$P" "$G" "$S"; do GDTRACE_THREAD=0 gdtrace $q --mode mpfr --prec $p --format $f $e > /tmp/gdtrace-w0.$$ 2>&1; a=$?; GDTRACE_THREAD=1 gdtrace $q --mode mpfr --prec $p --format $f $e > /tmp/gdtrace-w1.$$ 2>&1; b=$?; gdtrace $q --mode mpfr --prec $p --format $f $e > /tmp/gdtrace-wd.$$ 2>&1; c=$?; cmp -s /tmp/gdtrace-w0.$$ /tmp/gdtrace-w1.$$ && cmp -s /tmp/gdtrace-w0.$$ /tmp/gdtrace-wd.$$ && [ $a = $b ] && [ $a = $c ] && n=$((n + 1)) || echo "differ: $p $f $e $q"; done; done; done; done; rm -f /tmp/gdtrace-w0.$$ /tmp/gdtrace-w1.$$ /tmp/gdtrace-wd.$$; echo "$n the same"
~ valgrind
> 81 the same

# A full device: the message and status of the records from the stepper.
$ GDTRACE_THREAD=1 gdtrace --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --mode native-double --max-iter 100000 --format jsonl > /dev/full
? 1
2> gdtrace: write error: No space left on device

$ GDTRACE_THREAD=1 gdtrace --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --mode binary64 --max-iter 100000 --format csv > /dev/full
? 1
2> gdtrace: write error: No space left on device

$ gdtrace --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --mode binary64 --max-iter 100000 --format csv > /dev/full
? 1
2> gdtrace: write error: No space left on device

# A file too large: cut back to the same last whole record both ways.
$ d=$(mktemp -d) && for t in 0 1 d; do (trap '' XFSZ; ulimit -f 8; GDTRACE_THREAD=$t gdtrace --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --mode native-double --max-iter 100000 --format csv > "$d/f$t"); echo "exit $?"; done; cmp "$d/f0" "$d/f1" && cmp "$d/f0" "$d/fd" && wc -c < "$d/f1" && tail -n 1 "$d/f1"; rm -r "$d"
> exit 1
> exit 1
> exit 1
> 8186
> 130,1.1160629714523047,0.2741012223434218,-0.23492058288990997
2> gdtrace: write error: File too large
2> gdtrace: write error: File too large
2> gdtrace: write error: File too large

# A closed pipe ends the run as it does on one thread (SIGPIPE).
$ GDTRACE_THREAD=1 gdtrace --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --mode native-double --max-iter 100000000 --format csv | head -n 2; echo "exit ${PIPESTATUS[0]}"
> step,w,grad,loss
> 0,0.5,-0.375,-0.109375
> exit 141

# SIGINT and SIGTERM: every record written whole and in order, then the
# interrupted summary at the last, exit 130 / 143 (with --every too: steps
# 0, K, 2K, ... and, where the stop fell between two, that last step).
$ GDTRACE_THREAD=1 gdtrace --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --mode native-double --max-iter 100000000000 --format jsonl > /tmp/gdtrace-wint.$$ & sleep 0.5; kill -INT $!; wait $!; echo "exit $?"; awk '/summary/ { s = $0; next } { split($0, a, /[:,]/); if (a[2] + 0 != NR - 1 || $0 !~ /"}$/) bad++; last = a[2] + 0 } END { print (NR > 1000), bad + 0, (index(s, "\"steps\": " last ",") > 0), (s ~ /"stop": "interrupted"/) }' /tmp/gdtrace-wint.$$; rm -f /tmp/gdtrace-wint.$$
~ valgrind
> exit 130
> 1 0 1 1

$ GDTRACE_THREAD=1 gdtrace --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --mode binary64 --max-iter 100000000000 --every 7 --format jsonl > /tmp/gdtrace-wint.$$ & sleep 0.5; kill -TERM $!; wait $!; echo "exit $?"; awk '/summary/ { s = $0; next } { split($0, a, /[:,]/); k = a[2] + 0; if ($0 !~ /"}$/ || off) bad++; if (NR > 1 && k != last + 7) { if (k > last && k < last + 7) off = 1; else bad++ } last = k } END { print (NR > 100), bad + 0, (index(s, "\"steps\": " last ",") > 0), (s ~ /"stop": "interrupted"/) }' /tmp/gdtrace-wint.$$; rm -f /tmp/gdtrace-wint.$$
~ valgrind
> exit 143
> 1 0 1 1

# --resume of a file the second thread wrote, going on on it: the file of
# the whole run.
$ d=$(mktemp -d) && P="--loss w^4/4-w^2/2 --lr 1.1 --w0 0.5 --mode binary64 --format jsonl"; GDTRACE_THREAD=1 gdtrace $P --max-iter 5000 > "$d/a" && GDTRACE_THREAD=1 gdtrace $P --max-iter 30000 --resume "$d/a" && GDTRACE_THREAD=0 gdtrace $P --max-iter 30000 > "$d/b" && cmp "$d/a" "$d/b" && echo same; rm -r "$d"
> same
