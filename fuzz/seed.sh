#!/bin/sh
# Seeds each target's corpus with the fixtures of its format (ok and bad), and the `auto`
# target with every fixture behind a first byte that picks a matching file name.
set -e
cd "$(dirname "$0")"
fixtures=../crates/hearback-formats/tests/fixtures
for format in json jsonl csv reviews transcript vtt srt contact-lens ccai speechsense eml mbox; do
    target=$(echo "$format" | tr - _)
    mkdir -p "corpus/$target" corpus/auto
    for f in "$fixtures/$format"/*/*; do
        [ -f "$f" ] || continue
        cp "$f" "corpus/$target/$(basename "$(dirname "$f")")-$(basename "$f")"
        # 0 is "-" (stdin, content only); see NAMES in fuzz_targets/auto.rs.
        { printf '\000'; cat "$f"; } > "corpus/auto/$format-$(basename "$f")"
    done
done
for f in "$fixtures"/regressions/*; do
    [ -f "$f" ] && cp "$f" corpus/auto/ || true
done
