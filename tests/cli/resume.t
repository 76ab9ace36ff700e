# --resume FILE: continue a jsonl or csv trajectory from its last complete
# record; the file ends up byte for byte what the uninterrupted run writes,
# in every mode (every record of the file is replayed from w0 and compared).

$ for m in exact binary64 bfloat16 'mpfr --prec 30 --round D' native-float int64; do gdtrace --mode $m --max-iter 60 --format jsonl > /tmp/gdtrace-full.$$; head -c 2500 /tmp/gdtrace-full.$$ > /tmp/gdtrace-part.$$; gdtrace --mode $m --max-iter 60 --format jsonl --resume /tmp/gdtrace-part.$$ && cmp -s /tmp/gdtrace-full.$$ /tmp/gdtrace-part.$$ && echo "$m: same"; done; rm -f /tmp/gdtrace-full.$$ /tmp/gdtrace-part.$$
> exact: same
> binary64: same
> bfloat16: same
> mpfr --prec 30 --round D: same
> native-float: same
> int64: same

$ gdtrace --data data/linreg.csv --loss 'mean((a*x + b - y)^2)' --w0 a=0,b=0 --lr 0.05 --max-iter 40 --format csv > /tmp/gdtrace-full.$$; head -n 17 /tmp/gdtrace-full.$$ > /tmp/gdtrace-part.$$; printf '16,2.1' >> /tmp/gdtrace-part.$$; gdtrace --data data/linreg.csv --loss 'mean((a*x + b - y)^2)' --w0 a=0,b=0 --lr 0.05 --max-iter 40 --format csv --resume /tmp/gdtrace-part.$$ && cmp /tmp/gdtrace-full.$$ /tmp/gdtrace-part.$$ && echo same; rm -f /tmp/gdtrace-full.$$ /tmp/gdtrace-part.$$
> same

# An interrupted run resumed: its "interrupted" summary is dropped.
$ gdtrace --mode binary32 --lr 0.1 --max-iter 3000 --format jsonl > /tmp/gdtrace-full.$$; head -n 1000 /tmp/gdtrace-full.$$ > /tmp/gdtrace-part.$$; echo '{"summary": {"steps": 999, "stop": "interrupted"}}' >> /tmp/gdtrace-part.$$; gdtrace --mode binary32 --lr 0.1 --max-iter 3000 --format jsonl --resume /tmp/gdtrace-part.$$ && cmp /tmp/gdtrace-full.$$ /tmp/gdtrace-part.$$ && echo same; rm -f /tmp/gdtrace-full.$$ /tmp/gdtrace-part.$$
> same

# A file from another problem is refused, naming the first line that is
# not this run's and the field that differs.
$ cd "$(mktemp -d)" && gdtrace --lr 0.1 --max-iter 30 --format csv > r.csv && gdtrace --lr 0.2 --max-iter 30 --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 3: step 1 has w 1.8 in the file but 1.6 here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ

$ cd "$(mktemp -d)" && gdtrace --lr 0.1 --max-iter 30 --format csv > r.csv && gdtrace --lr 0.1 --w0 3 --max-iter 30 --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 2: step 0 has w 2 in the file but 3 here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ

$ cd "$(mktemp -d)" && gdtrace --max-iter 30 --format jsonl > r.jsonl && gdtrace --mode binary64 --max-iter 30 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 1: step 0 has w 2 in the file but 2.0 here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ

$ cd "$(mktemp -d)" && gdtrace --max-iter 30 --format jsonl > r.jsonl && gdtrace --loss '(w-1)^2 + 3' --max-iter 30 --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 1: step 0 has loss 3 in the file but 4 here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ

$ cd "$(mktemp -d)" && gdtrace --max-iter 30 --format csv > r.csv && gdtrace --max-iter 30 --format jsonl --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 1: a csv line, and --format is jsonl

$ cd "$(mktemp -d)" && gdtrace --max-iter 30 --format jsonl > r.jsonl && gdtrace --loss 'a^2+b^2' --w0 a=1,b=1 --format csv --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 1: a jsonl line, and --format csv wants the header step,a,b,grad_a,grad_b,loss

$ gdtrace --format text --resume nofile.jsonl
? 2
2> gdtrace: --resume: 'nofile.jsonl': resumes jsonl or csv trajectories (give --format jsonl or csv)

$ gdtrace --format jsonl --resume /nonexistent/r.jsonl
? 2
2> gdtrace: --resume: /nonexistent/r.jsonl: No such file or directory

$ gdtrace --format jsonl --stop cycle --resume r.jsonl
? 2
2> gdtrace: --resume: 'r.jsonl': --stop cycle keeps a state that a file does not hold
