# The progress line (--progress, --no-progress): on standard error only,
# never into a pipe or a file unless asked.  Forced into a file it writes
# one line per redraw, the first at once, and a last one at the end: the
# step of the total, the rate (R here: it varies), the size of w (an exact
# run: its digits; a float run: |w|) and the time left (T).
$ gdtrace run --max-iter 100 --every 0 --progress 2>&1 >/dev/null | sed -n '1p;$p' | sed 's/  [0-9.]*[kMG]\{0,1\} steps\/s/  R steps\/s/; s/left .*$/left T/'
> step 0/100 (0%)  R steps/s  w: 1 digit  left T
> step 100/100 (100%)  R steps/s  w: 128 digits  left T

$ gdtrace run --mode binary32 --lr 0.1 --max-iter 1000 --every 0 --progress 2>&1 >/dev/null | sed -n '1p;$p' | sed 's/  [0-9.]*[kMG]\{0,1\} steps\/s/  R steps\/s/; s/left .*$/left T/'
> step 0/1000 (0%)  R steps/s  |w|: 2.00e+0  left T
> step 1000/1000 (100%)  R steps/s  |w|: 1.00e+0  left T

# A run that stops early ends its line at the step it stopped at.
$ gdtrace run --lr 0.5 --max-iter 100 --every 0 --progress 2>&1 >/dev/null | sed -n '$p' | sed 's/  [0-9.]*[kMG]\{0,1\} steps\/s/  R steps\/s/; s/left .*$/left T/'
> step 1/100 (1%)  R steps/s  w: 1 digit  left T

# compare shows the reference's size; sweep the points done.
$ gdtrace compare --modes exact,binary32 --max-iter 20 --progress 2>&1 >/dev/null | sed -n '1p;$p' | sed 's/  [0-9.]*[kMG]\{0,1\} steps\/s/  R steps\/s/; s/left .*$/left T/'
> step 0/20 (0%)  R steps/s  w: 1 digit  left T
> step 20/20 (100%)  R steps/s  w: 26 digits  left T

$ gdtrace sweep --lr 0:1.5 --grid 64 --max-iter 50 --threads 1 --progress 2>&1 >/dev/null | sed -n '$p' | sed 's/  [0-9.]*[kMG]\{0,1\} points\/s/  R points\/s/; s/left .*$/left T/'
> point 64/64 (100%)  R points/s  left T

# Not asked for, or turned off (the later option wins): nothing on
# standard error when it is no terminal.
$ gdtrace run --max-iter 100 --every 0 > /dev/null

$ gdtrace run --max-iter 100 --every 0 --progress --no-progress > /dev/null

$ gdtrace run --max-iter 100 --every 0 --no-progress --progress 2>&1 >/dev/null | head -n 1 | cut -c 1-15
> step 0/100 (0%)

$ gdtrace compare --max-iter 10 > /dev/null

$ gdtrace sweep --lr 0:1.5 --grid 16 --max-iter 20 > /dev/null

# analyze has no progress line.
$ gdtrace analyze --progress
? 2
2> gdtrace: --progress: is not an option of 'gdtrace analyze' (see gdtrace analyze --help)
