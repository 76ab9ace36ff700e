#!/usr/bin/env bash
# resume_cut.sh -- a sweep's file cut short and resumed must end as the
# whole sweep's, byte for byte:
#
#   resume_cut.sh bytes FROM SWEEP-OPTIONS...    the file cut at every byte
#                                                from FROM lines before its
#                                                end (all: the whole file)
#   resume_cut.sh signal SIG DELAY... -- SWEEP-OPTIONS...
#                                                the sweep stopped by SIG
#                                                after each DELAY (seconds),
#                                                its resume too
#
# then resumed with the same options.  Prints each cut that does not end as
# the whole file, then "same N" (the number of cuts; under valgrind only
# every 11th byte's cut is resumed).
set -u
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
mode=$1
shift
n=0
check() { # resume $d/part and compare it with $d/full
    if ! gdtrace sweep "$@" --resume "$d/part" 2> "$d/err"; then
        echo "$cut: resume failed: $(cat "$d/err")"
    elif ! cmp -s "$d/full" "$d/part"; then
        echo "$cut: not the whole sweep's bytes"
    else
        n=$((n + 1))
    fi
}
case $mode in
bytes)
    from=$1
    shift
    gdtrace sweep "$@" > "$d/full" || exit 1
    size=$(wc -c < "$d/full")
    if [ "$from" = all ]; then
        start=0
    else
        start=$(head -n -"$from" "$d/full" | wc -c)
    fi
    # under valgrind, where a process costs a second to start, every 11th
    # cut and the last; "same N" still counts the cut positions
    stride=1
    [ "${GDTRACE_TEST_VARIANT:-}" = valgrind ] && stride=11
    for ((c = start; c <= size; c++)); do
        if [ $(((c - start) % stride)) != 0 ] && [ "$c" != "$size" ]; then
            n=$((n + 1))
            continue
        fi
        cut="cut at byte $c"
        head -c "$c" "$d/full" > "$d/part"
        check "$@"
    done ;;
signal)
    sig=$1
    shift
    delays=()
    while [ "$1" != -- ]; do
        delays+=("$1")
        shift
    done
    shift
    gdtrace sweep "$@" > "$d/full" || exit 1
    for t in "${delays[@]}"; do
        cut="$sig after ${t}s"
        gdtrace sweep "$@" > "$d/part" 2> /dev/null &
        pid=$!
        sleep "$t"
        kill -"$sig" "$pid" 2> /dev/null
        wait "$pid" 2> /dev/null
        # the resume stopped the same way too, then resumed to the end
        gdtrace sweep "$@" --resume "$d/part" 2> /dev/null &
        pid=$!
        sleep "$t"
        kill -"$sig" "$pid" 2> /dev/null
        wait "$pid" 2> /dev/null
        check "$@"
    done ;;
esac
echo "same $n"
