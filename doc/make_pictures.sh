#!/usr/bin/env bash
# make_pictures.sh -- regenerate the README's pictures: the comparisons of
# the notes' run (section "Comparing modes: gdtrace compare"), analyze's
# sharpness (section "Why: gdtrace analyze") and the
# reproductions (section "Maps of outcomes: gdtrace sweep", Reproductions),
# Liu's boundary and a zoom into it (sections "Boundaries", "Zooms"):
# the pictures in doc/ and the numbers the README quotes.  Run from the project's root after `make`;
# GDTRACE (default build/gdtrace) is the binary.  The sizes are the
# README's; TANH_GRID (default 512, the size) and TANH_ITER (default
# 100) set those of the a*tanh(b*x) maps (512: 46 minutes of CPU for
# binary64, MPFR's tanh over 16 rows a step, 30 for bfloat16; 128 takes a
# few minutes).
set -eu
G=${GDTRACE:-build/gdtrace}
TG=${TANH_GRID:-512}
TI=${TANH_ITER:-100}
LIU='x^2 + 0.1*cos(2*pi*x/0.1)'
TANH='mean((a*tanh(b*x) - y)^2)'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# (0) the notes' run compared: lr 10 (compare's defaults, plus binary16),
# which diverges (the distance |w - 1|); lr 0.1, where binary32 and
# bfloat16 stall (the error against the exact run)
"$G" compare --modes exact,binary64,binary32,bfloat16,binary16 \
    --plot doc/notes_compare.png > /dev/null
"$G" compare --lr 0.1 --max-iter 150 --modes exact,binary32,bfloat16 \
    --plot doc/notes_stall.png > /dev/null

# (0a) lr 0.1 in bfloat16: round to nearest stalls, stochastic rounding of
# the update does not; 32 runs as a band and their mean
"$G" compare --lr 0.1 --max-iter 60 --modes exact,bfloat16,bfloat16+sr --runs 32 \
    --plot-y distance --plot doc/notes_sr.png > /dev/null

# (0a) and the other recipes of mixed-precision training (section "Mixed-precision
# recipes"): bfloat16 against bfloat16 with a float32 master, binary32
# against binary32 with Kahan's compensated update
"$G" compare --lr 0.1 --max-iter 60 --stop none --update fma \
    --modes exact,bfloat16,bfloat16+master32 --plot doc/recipes_master.png > /dev/null
"$G" compare --lr 0.1 --max-iter 300 --stop none \
    --modes exact,binary32,binary32+kahan --plot doc/recipes_kahan.png > /dev/null
# loss scaling: binary16 with a float32 master, its gradient underflowing,
# against the same scaled by 1024
"$G" compare --loss '1e-6*(w-1)^2' --lr 50000 --max-iter 120 --update fma \
    --modes exact,binary16+master32,binary16+master32+scale --loss-scale 1024 \
    --plot-y distance --plot doc/recipes_scale.png > /dev/null

# (0a) the notes' run at lr 10 with torch's optimizers (issue 17, section
# "Optimizers"): plain SGD, SGD with momentum 0.9 and Adam as lanes of
# their own, binary64 (each optimizer's reference) and binary32 against it,
# |w - 1| over all 150 steps; and Adam alone in three formats
"$G" compare --lr 10 --max-iter 150 --stop none \
    --modes binary64,binary64+momentum0.9,binary64+adam,binary32,binary32+momentum0.9,binary32+adam \
    --plot-y distance --plot-steps all --plot doc/optim_lr10.png \
    --plot-title "The notes' loss at lr 10: SGD and momentum 0.9 explode, Adam oscillates" > /dev/null
"$G" compare --optimizer adam --lr 10 --max-iter 200 --stop none \
    --modes binary64,binary32,bfloat16 --plot doc/optim_adam_lr10.png \
    --plot-y distance --plot-steps all --plot-title "Adam at the notes' lr 10: no divergence" > /dev/null

# (0b) analyze: Rosenbrock's sharpness along the run at lr 0.0021, above
# 2/lmax at its minimum (the edge of stability)
"$G" analyze --loss '(1-a)^2 + 100*(b-a^2)^2' --w0 a=-1,b=1 --lr 0.0021 \
    --max-iter 3000 --plot doc/analyze_sharpness.png > /dev/null

# (1) the notes' loss over lr x w0, exact
"$G" sweep --lr 0:1.5 --w0 -3:5 --grid 301x161 --max-iter 60 \
    --plot doc/sweep_notes.png > "$tmp/notes.csv"
python3 tests/cli/sweep/formula.py 60 < "$tmp/notes.csv"

# (1a) the notes' loss over lr x momentum (SGD's heavy ball), binary64:
# the stable region 0 < 2 lr < 2(1+m), -1 < m < 1 (issue 17)
"$G" sweep --lr 0:2.2 --momentum -1:1 --grid 221x201 --max-iter 1000 --mode binary64 \
    --plot doc/sweep_momentum.png > /dev/null

# (2) Liu's loss, 2^16 learning rates, 1000 steps, binary64, and the
# box-counting dimension of its boundary (on standard error)
"$G" sweep --loss "$LIU" --w0 5 --lr 0:1.5 --grid 65536 --max-iter 1000 \
    --mode binary64 --dimension --plot doc/sweep_liu.png > /dev/null
# (2a) its edge magnified: 1024 learning rates in [1.008, 1.0101], where
# the escaping and the bounded ones interleave
"$G" sweep --loss "$LIU" --w0 5 --lr 1.008:1.0101 --grid 1024 --max-iter 1000 \
    --mode binary64 --plot doc/sweep_liu_edge.png > /dev/null

# (3) a*tanh(b*x) on data/tanh.csv, lr_a x lr_b on log axes, binary64 and
# bfloat16
for m in binary64 bfloat16; do
    "$G" sweep --loss "$TANH" --data data/tanh.csv --w0 a=1,b=1 \
        --lr a=1e-3:10,b=1e-3:10 --scale log --grid "${TG}x${TG}" --max-iter "$TI" \
        --mode "$m" --plot "doc/sweep_tanh_$m.png" > /dev/null
done

# (4) Liu's window in five formats against mpfr 256: the README's table
for m in binary16 bfloat16 binary32 binary64 native-double 'mpfr --prec 256'; do
    # shellcheck disable=SC2086
    "$G" sweep --loss "$LIU" --w0 5 --lr 0:1.5 --grid 4097 --max-iter 1000 \
        --mode $m > "$tmp/${m%% *}.csv"
done
python3 tests/cli/sweep/differ.py "$tmp/mpfr.csv" binary16="$tmp/binary16.csv" \
    bfloat16="$tmp/bfloat16.csv" binary32="$tmp/binary32.csv" binary64="$tmp/binary64.csv" \
    native-double="$tmp/native-double.csv"

# (5) Liu's loss from x0 = 5 over 1000 steps: the learning rate where the
# certified outcome changes, to 50 digits (section "Boundaries", about 85 s
# of CPU), and a zoom around it, 64-point certified frames from 1e-3 down
# to 1e-30, each 1000 times narrower (section "Zooms"; about 20 minutes of
# CPU): the frames stacked, and the last frame's map
"$G" boundary --loss "$LIU" --w0 5 --lr 1.01:1.012 --max-iter 1000 --digits 50
"$G" zoom --loss "$LIU" --w0 5 --max-iter 1000 \
    --lr 1.0100000000596121481067886983466128492397048975163 \
    --from 1e-3 --to 1e-30 --factor 1000 --png-dir "$tmp/zoom" --plot doc/zoom_liu.png
cp "$tmp/zoom/frame-009.png" doc/zoom_liu_frame.png
