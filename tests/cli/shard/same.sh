#!/usr/bin/env bash
# same.sh N... -- SWEEP-ARGS: run the sweep in one process (csv, jsonl,
# --npy, --png), then as N parts (for each N given), the parts computed and
# handed to gdtrace merge in shuffled orders, and compare every output
# byte for byte; print "ok N" per N, or what differs.
set -u
ns=()
while [ "$1" != "--" ]; do ns+=("$1"); shift; done
shift
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
gdtrace sweep "$@" >"$t/one.csv" || exit 1
gdtrace sweep "$@" --format jsonl >"$t/one.jsonl" || exit 1
gdtrace sweep "$@" --npy "$t/one.npy" --png "$t/one.png" >/dev/null || exit 1
for n in "${ns[@]}"; do
    rm -f "$t"/part.*
    for k in $(seq 1 "$n" | shuf); do
        gdtrace sweep "$@" --shard "$k/$n" --format csv >"$t/part.$k" || exit 1
    done
    parts=$(ls "$t"/part.* | shuf)
    gdtrace merge $parts >"$t/m.csv" || exit 1
    gdtrace merge $(ls "$t"/part.* | shuf) --format jsonl >"$t/m.jsonl" || exit 1
    gdtrace merge $(ls "$t"/part.* | shuf) --npy "$t/m.npy" --png "$t/m.png" >/dev/null || exit 1
    for f in csv jsonl npy png; do
        cmp -s "$t/one.$f" "$t/m.$f" || { echo "N=$n: the merged $f differs"; exit 1; }
    done
    echo "ok $n"
done
