//! The default scorecard on whole conversations, one core: analyse → detect → score, without
//! reading or printing. The conversations are the bundled calls, chats and e-mails in ru/hu/en
//! (11–24 turns, about 16 on average; single-turn reviews left out). Criterion reports
//! conversations per second; the bytes of turn text per second are printed once, for the
//! comparison with VADER's ~2.5 MB/s (Python, English sentiment only).

use std::hint::black_box;
use std::time::Instant;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hearback_core::{AnalyseOptions, Conversation, analyse, detectors, score, scorecard};

/// The sample calls, chats and e-mails: single-turn reviews left out.
fn conversations() -> Vec<Conversation> {
    common::sample_conversations()
        .into_iter()
        .filter(|c| c.turns.len() >= 10)
        .collect()
}

fn score_all(conversations: &[Conversation], card: &scorecard::Scorecard) -> usize {
    let options = AnalyseOptions {
        company: card.company.clone(),
        ..AnalyseOptions::default()
    };
    let mut criteria = 0;
    for c in conversations {
        let analysis = analyse(c, &options);
        let findings = detectors::detect_all(&analysis);
        criteria += black_box(score(&analysis, &findings, card)).criteria.len();
    }
    criteria
}

fn bench(c: &mut Criterion) {
    let conversations = conversations();
    assert!(
        conversations.len() >= 20,
        "samples/ has too few conversations"
    );
    let card = scorecard::builtin();
    let turns: usize = conversations.iter().map(|c| c.turns.len()).sum();
    let bytes: usize = conversations
        .iter()
        .flat_map(|c| &c.turns)
        .map(|t| t.text.len())
        .sum();

    // One timed pass, warmed, for the figures criterion does not print.
    score_all(&conversations, &card);
    let rounds = 50;
    let t = Instant::now();
    for _ in 0..rounds {
        score_all(&conversations, &card);
    }
    let secs = t.elapsed().as_secs_f64() / rounds as f64;
    eprintln!(
        "{} conversations, {:.1} turns each, {:.1} KB of text: {:.0} conversations/s, {:.2} MB/s of text",
        conversations.len(),
        turns as f64 / conversations.len() as f64,
        bytes as f64 / 1e3,
        conversations.len() as f64 / secs,
        bytes as f64 / 1e6 / secs,
    );

    let mut group = c.benchmark_group("default scorecard");
    group.throughput(Throughput::Elements(conversations.len() as u64));
    group.bench_function("analyse+detect+score", |b| {
        b.iter(|| score_all(black_box(&conversations), &card))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
