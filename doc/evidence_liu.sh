#!/usr/bin/env bash
# evidence_liu.sh -- the README's evidence on Liu's loss (section
# "Certified runs", "Evidence: Liu's loss, proven"): around its boundary
# point lr* (issue 15's, to 50 digits), in windows of width 1e-6
# down to 1e-30, how many of 64 outcomes binary64, mpfr 1024 and mpfr 8192
# get wrong against the certified ones (sweep --against certified), how many
# stay undecided; then the box-counting dimension of the certified
# boundary in two windows (sweep --certify --dimension), one far below
# float64's resolution, and the three windows' outcomes as a picture
# (doc/evidence_liu.png).  Run from the project's root after `make`; GDTRACE
# (default build/gdtrace) is the binary.  About 12 minutes of CPU in all,
# each sweep under 3 (a window's certified runs are done again for each
# mode); DIM_GRID (default 513) sets the dimension windows' points.
set -eu
G=${GDTRACE:-build/gdtrace}
DG=${DIM_GRID:-513}
LIU='x^2 + 0.1*cos(2*pi*x/0.1)'
X=1.0100000000596121481067886983466128492397048975163
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The window of width W centred on X, as --lr A:B, exactly.
window() {
    python3 -c 'import sys; from decimal import Decimal as D, getcontext
getcontext().prec = 200
x, h = D(sys.argv[1]), D(sys.argv[2]) / 2
print(f"{x - h}:{x + h}")' "$X" "$1"
}

# (1) the table: per window, each mode's disagreements (of 64), the
# certified outcomes, and how many distinct learning rates binary64 holds
echo "| window | binary64 wrong | mpfr 1024 wrong | mpfr 8192 wrong | certified: not diverged / diverged / undecided | binary64's distinct lr |"
echo "|---|---|---|---|---|---|"
for w in 1e-6 1e-10 1e-13 1e-16 1e-30; do
    lr=$(window $w)
    row="| $w"
    for m in binary64 'mpfr --prec 1024' 'mpfr --prec 8192'; do
        # shellcheck disable=SC2086
        "$G" sweep --loss "$LIU" --w0 5 --lr "$lr" --grid 64 --max-iter 1000 --mode $m \
            --against certified > "$tmp/out.csv" 2> "$tmp/err"
        d=$(sed -n 's/.*against certified: [0-9]* agree, \([0-9]*\) disagree.*/\1/p' "$tmp/err")
        row="$row | $d of 64"
        if [ "$m" = binary64 ]; then
            distinct=$(tail -n +2 "$tmp/out.csv" | cut -d, -f1 | sort -u | wc -l)
        fi
    done
    cert=$(tail -n +2 "$tmp/out.csv" | awk -F, '{ c[$(NF-1)]++ } END {
        printf "%d / %d / %d", c["bounded"] + c["contracting"], c["diverged"], c["undecided"] }')
    echo "$row | $cert | $distinct |"
done

# (2) the dimension of the certified boundary in two windows around lr*,
# 1e-10 and 1e-30 wide, DG points each; binary64's in the first for
# comparison (in the second it holds one learning rate)
for w in 1e-10 1e-30; do
    echo
    echo "certified, window $w, $DG points:"
    { "$G" sweep --certify --loss "$LIU" --w0 5 --lr "$(window $w)" --grid "$DG" \
        --max-iter 1000 --dimension > "$tmp/certified_$w.csv"; } 2>&1
done
echo
echo "binary64, window 1e-10, $DG points:"
{ "$G" sweep --loss "$LIU" --w0 5 --lr "$(window 1e-10)" --grid "$DG" --max-iter 1000 \
    --mode binary64 --dimension > "$tmp/binary64_1e-10.csv"; } 2>&1

# (3) the three as strips of the map's colours (doc/evidence_liu.png), each
# point at its offset from lr* in units of its window's width
strip() {  # FILE ROW: "x row rgb" per point (the map's colours, in decimal)
    awk -F, -v row="$2" 'BEGIN {
        c["bounded"] = 0; c["diverged"] = 15688990; c["contracting"] = 7057110
        c["undecided"] = 16747718; c["cycle"] = 13107400; c["stalled"] = 38540
        c["converged"] = 2191797 }
    NR > 1 { o[NR - 2] = $2; n = NR - 1 }
    END { for (i = 0; i < n; i++) print i / (n - 1) - 0.5, row, c[o[i]] }' "$1"
}
{
    strip "$tmp/binary64_1e-10.csv" 0
    strip "$tmp/certified_1e-10.csv" 1
    strip "$tmp/certified_1e-30.csv" 2
} > "$tmp/strips.dat"
gnuplot <<GP
set terminal pngcairo size 1200,420 font ",13"
set output "doc/evidence_liu.png"
set title "x^2 + 0.1 cos(2 pi x/0.1), x0 5, 1000 steps: outcomes around lr* = 1.01000000005961214810678869834661...\n(orange: diverged, black: bounded; $DG points a window)"
set xlabel "(lr - lr*) / window width"
set xrange [-0.5:0.5]
set yrange [-0.6:2.6]
set ytics ("binary64, 1e-10" 0, "certified, 1e-10" 1, "certified, 1e-30" 2)
set key off
set style fill solid 1.0 noborder
plot "$tmp/strips.dat" using 1:2:(0.6/($DG - 1)):(0.4):3 with boxxyerror lc rgb variable
GP
