#!/usr/bin/env bash
# refuse.sh: gdtrace merge on sets of parts it must refuse; print, per
# case, its exit status and message, and fail when it wrote anything
# (standard output, the .npy file).
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
a="--lr 0:2 --w0 -3:5 --grid 5x3 --max-iter 40"
for k in 1 2 3; do gdtrace sweep $a --shard $k/3 >p$k || exit 1; done
cp p2 q2
gdtrace sweep $a --grid 5x4 --shard 2/3 >g2
gdtrace sweep $a --mode binary64 --shard 2/3 >m2
sed '1s/"gdtrace": "[^"]*"/"gdtrace": "0.0.0"/' p2 >v2
gdtrace sweep $a --shard 2/2 >n2
sed '2s/"digits": "shortest"/"digits": "hex"/' p2 >x2   # --digits hex's part
head -n 5 p1 >cut                    # 3 of its 5 points
sed '$s/"points": 5, "of": 5, "stop": "done"/"points": 5, "of": 5, "stop": "interrupted"/' p1 >int
sed '4s/"outcome"/"outcome!"/' p1 >bad
gdtrace sweep $a --format jsonl >one.jsonl
check() {
    local what=$1
    shift
    gdtrace merge "$@" --npy out.npy >out 2>err
    echo "$what: $?: $(cat err)"
    if [ -s out ] || [ -e out.npy ]; then echo "$what: wrote something"; fi
    rm -f out out.npy
}
check missing p1 p3
check duplicate p1 p2 p3 p1
check twice-numbered p1 p2 q2 p3
check "other grid" p1 g2 p3
check "other mode" p1 m2 p3
check "other version" p1 v2 p3
check "other digits" p1 x2 p3
check "other N" p1 n2 p3
check incomplete cut p2 p3
check interrupted int p2 p3
check damaged bad p2 p3
check "not a part" one.jsonl p1
check unreadable p1 nothere
check none
check "bad format" p1 --format text
check "unknown option" p1 --grid 3
