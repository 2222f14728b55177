#!/bin/sh
# Runs every target for $1 seconds (default 90), two at a time; logs in fuzz-logs/.
set -u
cd "$(dirname "$0")"
secs=${1:-90}
mkdir -p fuzz-logs
run() {
    RUSTC_BOOTSTRAP=1 cargo fuzz run -a -s none "$1" -- -max_total_time="$secs" -max_len=16384 \
        > "fuzz-logs/$1.log" 2>&1
    echo "$1 exit $?" >> fuzz-logs/summary.txt
}
: > fuzz-logs/summary.txt
set -- auto json jsonl csv reviews transcript vtt srt contact_lens ccai speechsense eml mbox
while [ $# -gt 0 ]; do
    a=$1; shift
    if [ $# -gt 0 ]; then b=$1; shift; run "$a" & run "$b"; wait; else run "$a"; fi
done
