# gdtrace zoom: certified maps along the learning rate around one value,
# each frame narrower than the one before by a factor; a line per frame,
# each frame's map as a PNG image (--png-dir), the frames stacked (--plot).

# The notes' loss (w-1)^2 + 2 from w0 = 2 within max-iter 50: the boundary
# is the root of (2lr-1)^100 = 3e16 - 2, 1.23070354930403974538023911864672
# 374461...; the centre below lies 2.4e-32 under it, so each frame down to
# 1e-25 has its 32 lower points bounded and its 32 upper ones diverged.
$ gdtrace zoom --lr 1.2307035493040397453802391186467 --from 1e-6 --to 1e-25 --frames 20
> frame 0: lr 1.2307035493040397453802391186467 +- 5e-7, prec 87, diverged 32, bounded 32, undecided 0
> frame 1: lr 1.2307035493040397453802391186467 +- 5e-8, prec 91, diverged 32, bounded 32, undecided 0
> frame 2: lr 1.2307035493040397453802391186467 +- 5e-9, prec 94, diverged 32, bounded 32, undecided 0
> frame 3: lr 1.2307035493040397453802391186467 +- 5e-10, prec 97, diverged 32, bounded 32, undecided 0
> frame 4: lr 1.2307035493040397453802391186467 +- 5e-11, prec 101, diverged 32, bounded 32, undecided 0
> frame 5: lr 1.2307035493040397453802391186467 +- 5e-12, prec 104, diverged 32, bounded 32, undecided 0
> frame 6: lr 1.2307035493040397453802391186467 +- 5e-13, prec 107, diverged 32, bounded 32, undecided 0
> frame 7: lr 1.2307035493040397453802391186467 +- 5e-14, prec 111, diverged 32, bounded 32, undecided 0
> frame 8: lr 1.2307035493040397453802391186467 +- 5e-15, prec 114, diverged 32, bounded 32, undecided 0
> frame 9: lr 1.2307035493040397453802391186467 +- 5e-16, prec 117, diverged 32, bounded 32, undecided 0
> frame 10: lr 1.2307035493040397453802391186467 +- 5e-17, prec 121, diverged 32, bounded 32, undecided 0
> frame 11: lr 1.2307035493040397453802391186467 +- 5e-18, prec 124, diverged 32, bounded 32, undecided 0
> frame 12: lr 1.2307035493040397453802391186467 +- 5e-19, prec 127, diverged 32, bounded 32, undecided 0
> frame 13: lr 1.2307035493040397453802391186467 +- 5e-20, prec 131, diverged 32, bounded 32, undecided 0
> frame 14: lr 1.2307035493040397453802391186467 +- 5e-21, prec 134, diverged 32, bounded 32, undecided 0
> frame 15: lr 1.2307035493040397453802391186467 +- 5e-22, prec 137, diverged 32, bounded 32, undecided 0
> frame 16: lr 1.2307035493040397453802391186467 +- 5e-23, prec 141, diverged 32, bounded 32, undecided 0
> frame 17: lr 1.2307035493040397453802391186467 +- 5e-24, prec 144, diverged 32, bounded 32, undecided 0
> frame 18: lr 1.2307035493040397453802391186467 +- 5e-25, prec 147, diverged 32, bounded 32, undecided 0
> frame 19: lr 1.2307035493040397453802391186467 +- 5e-26, prec 151, diverged 32, bounded 32, undecided 0

# Every point of every frame against the closed form, in jsonl (each
# frame's window, its points' outcome codes and counts): the same frames
# by --factor, and --to with --factor (frames down to the first at or
# below 1e-25) gives them too.
$ gdtrace zoom --lr 1.2307035493040397453802391186467 --from 1e-6 --factor 10 --frames 20 --format jsonl | python3 tests/cli/zoom/closed.py 50 1e-6 10 20
~ valgrind
> ok 20 frames, 1280 points
$ gdtrace zoom --lr 1.2307035493040397453802391186467 --from 1e-6 --to 1e-25 --factor 10 --grid 7 --format jsonl | python3 tests/cli/zoom/closed.py 50 1e-6 10 20
> ok 20 frames, 140 points
$ gdtrace zoom --lr 1.2307035493040397453802391186467 --from 1e-6 --to 2e-26 --factor 10 --grid 5 --format jsonl | python3 tests/cli/zoom/closed.py 50 1e-6 10 21
> ok 21 frames, 105 points

# --to with --frames: the same factor each frame, exactly when it is
# rational, else each width to 6 digits (the first and the last exact).
$ gdtrace zoom --lr 1.2307035493040397453802391186467 --from 1e-6 --to 1e-30 --frames 5 --grid 2
> frame 0: lr 1.2307035493040397453802391186467 +- 5e-7, prec 81, diverged 1, bounded 1, undecided 0
> frame 1: lr 1.2307035493040397453802391186467 +- 5e-13, prec 101, diverged 1, bounded 1, undecided 0
> frame 2: lr 1.2307035493040397453802391186467 +- 5e-19, prec 121, diverged 1, bounded 1, undecided 0
> frame 3: lr 1.2307035493040397453802391186467 +- 5e-25, prec 141, diverged 1, bounded 1, undecided 0
> frame 4: lr 1.2307035493040397453802391186467 +- 5e-31, prec 161, diverged 1, bounded 1, undecided 0
$ gdtrace zoom --lr 1.2307035493040397453802391186467 --from 1e-6 --to 1e-9 --frames 3 --grid 2 --format jsonl | cut -d, -f3
>  "width": "1e-6"
>  "width": "3.16228e-8"
>  "width": "1e-9"

# Each frame's map as a PNG image (a strip 512 x 64 for 64 points, as a
# sweep's of one axis; 512 x 256 for 8 x 4 with --w0 A:B), and the
# frames stacked by gnuplot.
$ d=$(mktemp -d); gdtrace zoom --lr 1.2307035493040397453802391186467 --from 1e-6 --factor 1e5 --frames 3 --png-dir "$d/frames" > /dev/null && ls "$d/frames" && for f in "$d"/frames/*; do od -An -tu1 -j16 -N8 "$f" | tr -s ' '; done; rm -r "$d"
> frame-000.png
> frame-001.png
> frame-002.png
>  0 0 2 0 0 0 0 64
>  0 0 2 0 0 0 0 64
>  0 0 2 0 0 0 0 64
$ d=$(mktemp -d); gdtrace zoom --lr 1.23 --w0 1.5:2.5 --from 1e-3 --factor 10 --frames 2 --grid 8x4 --png-dir "$d" && od -An -tu1 -j16 -N8 "$d/frame-001.png" | tr -s ' '; rm -r "$d"
> frame 0: lr 1.23 +- 0.0005, prec 74, diverged 16, bounded 16, undecided 0
> frame 1: lr 1.23 +- 5e-5, prec 77, diverged 16, bounded 16, undecided 0
>  0 0 2 0 0 0 1 0
~? command -v gnuplot
$ d=$(mktemp -d); gdtrace zoom --lr 1.2307035493040397453802391186467 --from 1e-6 --factor 1e5 --frames 3 --grid 8 --plot "$d/stack.png" > /dev/null && od -An -c -j1 -N3 "$d/stack.png" | tr -s ' '; ls -A "$d"; rm -r "$d"
>  P N G
> stack.png

# Ctrl-C stops within a frame: no half-written PNG, no temporary file,
# exit 130.  Not under valgrind, whose start may take longer than the
# second before the signal.
$ d=$(mktemp -d); (ulimit -t 30; exec gdtrace zoom --lr 1 --from 1e-300 --factor 2 --frames 3 --grid 4 --max-iter 1000000 --threads 1 --png-dir "$d") > /dev/null & sleep 1; kill -INT $!; wait $!; echo "exit $?"; ls -A "$d"; rm -r "$d"
~ valgrind
> exit 130
2> gdtrace: zoom interrupted after 0 of 3 frames

# Bad input: one line naming the option, exit 2.
$ gdtrace zoom --lr 1.23 --from 0 --factor 10 --frames 3
? 2
2> gdtrace: --from: '0' is no width (it must be positive)
$ gdtrace zoom --lr 1.23 --from 1e-6 --to -1e-9 --frames 3
? 2
2> gdtrace: --to: '-1e-9' is no width (it must be positive)
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-3 --frames 3
? 2
2> gdtrace: --to: '1e-3' is not narrower than --from 1e-6 (a zoom narrows: W1 < W0)
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --frames 0
? 2
2> gdtrace: --frames: '0' is too small (at least 1)
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --frames 1001
? 2
2> gdtrace: --frames: '1001' is too large (at most 1000)
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-300 --factor 1.01
? 2
2> gdtrace: --factor: '1.01' takes more than 1000 frames from --from 1e-6 to --to 1e-300
$ gdtrace zoom --lr 1.23 --from 1e-6 --factor 1 --frames 3
? 2
2> gdtrace: --factor: '1' narrows nothing (F > 1: each frame F times narrower)
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --frames 1
? 2
2> gdtrace: --frames: '1': one frame cannot narrow from --from to --to
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --factor 10 --frames 4
? 2
2> gdtrace: --frames: '4' with --to and --factor: give two of the three (the third follows)
$ gdtrace zoom --lr 1.23 --from 1e-6 --frames 4
? 2
2> gdtrace: zoom: give two of --to W1, --factor F and --frames N (the third follows)
$ gdtrace zoom --lr 1.23 --to 1e-9 --frames 4
? 2
2> gdtrace: --from: missing: zoom needs the first frame's width (--from W0)
$ gdtrace zoom --from 1e-6 --to 1e-9 --frames 4
? 2
2> gdtrace: --lr: missing: zoom needs the centre of its frames (--lr X)
$ gdtrace zoom --lr 1:2 --from 1e-6 --to 1e-9 --frames 4
? 2
2> gdtrace: --lr: '1:2': zoom takes the centre X, one learning rate for every parameter (each frame's window is its width around it)
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --frames 4 --scale log
? 2
2> gdtrace: --scale: 'log': a log axis's points are irrational, and gdtrace zoom sweeps linear axes
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --frames 4 --png-dir /proc
? 2
2> gdtrace: --png-dir: cannot write beside '/proc/frame-000.png': No such file or directory
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --frames 4 --png-dir tests/cli/zoom.t
? 2
2> gdtrace: --png-dir: 'tests/cli/zoom.t' is not a directory
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --frames 4 --mode binary64
? 2
2> gdtrace: --mode: is not an option of 'gdtrace zoom' (see gdtrace zoom --help)
$ gdtrace zoom --lr 1.23 --from 1e-6 --to 1e-9 --frames 4 --format csv
? 2
2> gdtrace: --format: 'csv' is not for zoom, which prints text or jsonl
$ gdtrace zoom --lr 1.23 --w0 1:3 --from 1e-6 --to 1e-9 --frames 4 --plot x.png
? 2
2> gdtrace: --plot: 'x.png' stacks frames of one axis, and --w0 gives a second (write each frame's map with --png-dir)
$ gdtrace sweep --lr 1:2 --from 1e-6
? 2
2> gdtrace: --from: is not an option of 'gdtrace sweep' (see gdtrace sweep --help)

# Its own --help: its usage and the options it takes.
$ gdtrace zoom --help
| grep -E -e '^usage|^  --' | awk '{print $1, $2, $3}'
> usage: gdtrace zoom
> --loss EXPR the
> --grad [P=]EXPR a
> --kinks error|torch the
> --data FILE.csv a
> --lr X the
> --w0 X|A:B starting
> --max-iter N stop
> --max-prec BITS the
> --format FMT text
> --plot FILE compare:
> --progress a progress
> --no-progress no progress
> --grid N|NxM N
> --scale S|S1,S2 lin
> --escape E diverged
> --threads N worker
> --from W0 gdtrace
> --to W1 gdtrace
> --factor F gdtrace
> --frames N gdtrace
> --png-dir DIR gdtrace
> --help print this
> --version print the
