//! Import + score throughput on one core: the bundled samples (every format, ru/hu/en) converted
//! to JSONL and replicated with fresh ids to at least 100 MB, then read → analyse → detect →
//! score, as `hearback score` does. Reported as MB/s (criterion's throughput) and conversations/s
//! (printed once). Peak memory is measured on the binary by `scripts/bench`.
//!
//! `HEARBACK_BENCH_MB` sets the size (default 100).

use std::hint::black_box;
use std::io::BufReader;
use std::time::Instant;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hearback_core::{AnalyseOptions, Conversation, analyse, detectors, score, scorecard};
use hearback_formats::{Item, ReadOptions, read};

fn replicated_jsonl(conversations: &[Conversation], target_bytes: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(target_bytes + (1 << 20));
    let mut count = 0;
    'fill: loop {
        for c in conversations {
            let mut c = c.clone();
            c.id = format!("{}-{count}", c.id);
            c.source = None;
            c.roles = None;
            if serde_json::to_writer(&mut out, &c).is_err() {
                continue;
            }
            out.push(b'\n');
            count += 1;
            if out.len() >= target_bytes {
                break 'fill;
            }
        }
    }
    (out, count)
}

fn pipeline(input: &[u8], card: &scorecard::Scorecard) -> usize {
    let options = AnalyseOptions::default();
    let mut scored = 0;
    read(
        "bench.jsonl",
        &mut BufReader::new(input),
        &ReadOptions::default(),
        &mut |item| {
            if let Item::Conversation(c) = item {
                let analysis = analyse(&c, &options);
                let findings = detectors::detect_all(&analysis);
                black_box(score(&analysis, &findings, card));
                scored += 1;
            }
        },
    );
    scored
}

fn bench(c: &mut Criterion) {
    let mb: usize = std::env::var("HEARBACK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let conversations = common::sample_conversations();
    assert!(!conversations.is_empty(), "no samples found under samples/");
    let (input, count) = replicated_jsonl(&conversations, mb << 20);
    let card = scorecard::builtin();

    let t = Instant::now();
    let scored = pipeline(&input, &card);
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(scored, count);
    eprintln!(
        "one pass: {} conversations, {:.1} MB in {secs:.1} s = {:.2} MB/s, {:.0} conversations/s",
        count,
        input.len() as f64 / 1e6,
        input.len() as f64 / 1e6 / secs,
        count as f64 / secs
    );

    let mut group = c.benchmark_group("import+score");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function(format!("jsonl {mb} MB, {count} conversations"), |b| {
        b.iter(|| pipeline(black_box(&input), &card))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
