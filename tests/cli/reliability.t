# Resources, signals and output: gdtrace behaves like a trusted Unix tool.

# An exact run that would outgrow --max-bits stops after its last complete
# step with reason size-limit, never by the kernel killing it.  (Its last
# values have millions of digits: 13 s natively, far longer under valgrind,
# which the next test's small limit covers.)
$ gdtrace --loss 'w^8' --lr 1 --w0 3 --format jsonl
~ valgrind
| tail -n 2 | cut -c 1-40
? 1
> {"step": 8, "w": "4105642774007789563491
> {"summary": {"steps": 9, "stop": "size-l
2> gdtrace: step 9: a value would need more than 134217728 bits (--max-bits)

$ gdtrace --loss 'w^8' --lr 1 --w0 3 --max-bits 1000 --format csv
| cut -c 1-30
? 1
> step,w,grad,loss
> 0,3,17496,6561
> 1,-17493,-40099601799828193235
> 2,4009960179982819323520139414
2> gdtrace: step 3: a value would need more than 1000 bits (--max-bits)

$ gdtrace --loss 'w^99999999999' --w0 3 --max-iter 1 --format csv
? 1
> step,w,grad,loss
2> gdtrace: step 0: a value would need more than 134217728 bits (--max-bits)

$ gdtrace analyze --at 100000000 --max-bits 1000000
| tail -n 0
? 1
2> gdtrace: a value would need more than 1000000 bits (--max-bits)

# GMP and MPFR running out of memory (here under a 400 MB limit, with no
# --max-bits): reported with the step, exit 1, every record written whole.
$ ulimit -v 400000 && gdtrace --loss 'w^8' --lr 1 --w0 3 --max-bits 0 --format csv > /tmp/gdtrace-oom.$$ 2> /tmp/gdtrace-oom-err.$$; echo "exit $?"; sed 's/ (.*//' /tmp/gdtrace-oom-err.$$; wc -l < /tmp/gdtrace-oom.$$; tail -n 1 /tmp/gdtrace-oom.$$ | awk -F, '{ print $1, length($2), length($4) }'; rm -f /tmp/gdtrace-oom.$$ /tmp/gdtrace-oom-err.$$
~ asan
~ valgrind
> exit 1
> gdtrace: out of memory at step 9
> 10
> 8 3618137 28945093

# SIGINT and SIGTERM: the current record is finished, the summary says
# "interrupted", exit 130 / 143.
$ gdtrace --max-iter 10000000 --format jsonl > /tmp/gdtrace-int.$$ & sleep 0.5; kill -INT $!; wait $!; echo "exit $?"; tail -n 1 /tmp/gdtrace-int.$$ | grep -o '"stop": "interrupted"'; rm -f /tmp/gdtrace-int.$$
~ valgrind
> exit 130
> "stop": "interrupted"

$ gdtrace --max-iter 10000000 --mode binary64 --format jsonl > /tmp/gdtrace-term.$$ & sleep 0.5; kill -TERM $!; wait $!; echo "exit $?"; tail -n 1 /tmp/gdtrace-term.$$ | grep -o '"stop": "interrupted"'; rm -f /tmp/gdtrace-term.$$
~ valgrind
> exit 143
> "stop": "interrupted"

# ... also in the burst of steps nothing prints: the step it stops at is
# the last, printed (--every K) with its loss, and so is the summary.
$ gdtrace --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --mode native-double --max-iter 100000000000 --every 1000000 --format jsonl > /tmp/gdtrace-burst.$$ & sleep 0.5; kill -INT $!; wait $!; echo "exit $?"; tail -n 2 /tmp/gdtrace-burst.$$ | sed 's/[0-9.-]\{4,\}/N/g'; rm -f /tmp/gdtrace-burst.$$
~ valgrind
> exit 130
> {"step": N, "w": "N", "grad": "N", "loss": "N"}
> {"summary": {"steps": N, "stop": "interrupted", "w": "N", "loss": "N"}}

$ gdtrace compare --max-iter 10000000 --modes binary64,binary32 --format csv > /dev/null & sleep 0.5; kill -INT $!; wait $!; echo "exit $?"
~ valgrind
> exit 130

# A closed pipe ends quietly; a write error is reported, exit 1.
$ gdtrace --max-iter 100000 | head -n 2; echo "exit ${PIPESTATUS[0]}"
> gdtrace run
>   loss      (w-1)^2 + 2
> exit 141

$ gdtrace --max-iter 100000 > /dev/full
? 1
2> gdtrace: write error: No space left on device

$ gdtrace compare > /dev/full
? 1
2> gdtrace: write error: No space left on device

$ gdtrace analyze > /dev/full
? 1
2> gdtrace: write error: No space left on device

# Deep nesting and long expressions get a clear error, not a stack overflow.
$ gdtrace --loss "$(printf '(%.0s' $(seq 60000))w$(printf ')%.0s' $(seq 60000))" 2>&1 | head -n 1
> gdtrace: --loss, column 2001: expression nested too deeply (more than 2000 levels)

$ gdtrace --loss "$(printf -- '-%.0s' $(seq 100000))w" 2>&1 | head -n 1
> gdtrace: --loss, column 2001: expression nested too deeply (more than 2000 levels)

$ gdtrace --loss "w$(printf '^1%.0s' $(seq 50000))" 2>&1 | head -n 1
> gdtrace: --loss, column 4002: expression nested too deeply (more than 2000 levels)

# The same command prints byte-identical output on every run.
$ for m in exact binary64 bfloat16 native-float mpfr; do gdtrace --mode $m --lr 0.1 --max-iter 200 --format jsonl | cksum > /tmp/gdtrace-a.$$; gdtrace --mode $m --lr 0.1 --max-iter 200 --format jsonl | cksum > /tmp/gdtrace-b.$$; cmp -s /tmp/gdtrace-a.$$ /tmp/gdtrace-b.$$ && echo "$m same"; done; rm -f /tmp/gdtrace-a.$$ /tmp/gdtrace-b.$$
> exact same
> binary64 same
> bfloat16 same
> native-float same
> mpfr same

$ gdtrace compare --max-iter 300 --modes exact,binary64,binary16 --format jsonl | cksum > /tmp/gdtrace-a.$$; gdtrace compare --max-iter 300 --modes exact,binary64,binary16 --format jsonl | cksum | cmp -s - /tmp/gdtrace-a.$$ && echo same; rm -f /tmp/gdtrace-a.$$
> same

# All the numbers of one expression have a budget (found by fuzzing: a
# thousand 1e999999 literals would take gigabytes).
$ gdtrace --loss "$(printf '1e999999+%.0s' $(seq 1000))w" 2>&1 | head -n 1
> gdtrace: --loss, column 361: the numbers of the expression are too large in total (more than 134217728 bits)

# Expressions too long for a command line come from a file, --loss @FILE:
# 100,000 nested parentheses get a clear error; a 1 MB sum runs (a flat
# chain is one level of nesting, issue 9 item 22).
$ d=$(mktemp -d) && { printf '(%.0s' $(seq 100000); printf w; printf ')%.0s' $(seq 100000); } > "$d/deep" && gdtrace --loss "@$d/deep" 2>&1 | head -n 1; rm -r "$d"
> gdtrace: --loss, column 2001: expression nested too deeply (more than 2000 levels)

$ d=$(mktemp -d) && { printf 'w+%.0s' $(seq 500000); echo w; } > "$d/long" && wc -c < "$d/long" && gdtrace --loss "@$d/long" --max-iter 1 --format csv; rm -r "$d"
> 1000002
> step,w,grad,loss
> 0,2,500001,1000002
> 1,-5000008,500001,-2500009000008

$ d=$(mktemp -d) && echo '(w-1)^2 + 2' > "$d/loss" && echo 'w - 1' > "$d/grad" && gdtrace --loss "@$d/loss" --grad "@$d/grad" --lr 1 --max-iter 3 --format csv; rm -r "$d"
> step,w,grad,loss
> 0,2,1,3
> 1,1,0,2
2> gdtrace: warning: --grad for w disagrees with the exact derivative of the loss at w = 2: 1 given, 2 derived

$ gdtrace --loss @/nonexistent/loss
? 2
2> gdtrace: --loss: /nonexistent/loss: No such file or directory
