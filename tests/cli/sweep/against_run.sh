#!/usr/bin/env bash
# against_run.sh -- each point of a one-axis lr sweep (its csv on standard
# input; the arguments are the sweep's problem options, with a loss at w0
# above 1) against gdtrace run of the same lr: a point that did not
# diverge has the stop and step of run --stop grad-zero,cycle; a diverged
# point at step k has run's loss at k, above 1e16 * loss_0, and run's
# losses before k are not.  Prints each point that disagrees, then
# "checked N".
set -u
n=0
while IFS=, read -r lr outcome period step loss rest; do
    [ "$lr" = lr ] && continue
    n=$((n + 1))
    case $outcome in
    converged) want="\"stop\": \"grad-zero\"" ;;
    bounded) want="\"stop\": \"max-iter\"" ;;
    stalled | cycle) want="\"period\": $period, \"cycle_start\": $step" ;;
    diverged)
        got=$(gdtrace run "$@" --lr "$lr" --max-iter "$step" --stop none --format csv |
              awk -F, -v k="$step" 'NR == 2 { b = 1e16 * $4 }
                  NR > 2 && NR < k + 2 && $4 + 0 > b { print "below k: " NR - 2 }
                  NR == k + 2 { print $4 ($4 + 0 > b ? "" : " not above") }')
        [ "$got" = "$loss" ] || echo "lr $lr: diverged at $step, loss $loss; run: $got"
        continue ;;
    *) echo "lr $lr: $outcome"; continue ;;
    esac
    summary=$(gdtrace run "$@" --lr "$lr" --stop grad-zero,cycle --format jsonl | tail -n 1)
    case $summary in
    *"$want"*"\"loss\": \"$loss\""* | *"$want"*) ;;
    *) echo "lr $lr: $outcome $period $step; run: $summary" ;;
    esac
done
echo "checked $n"
