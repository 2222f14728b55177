//! Voice activity and timing on one core, in multiples of real time: a 60 s synthetic stereo
//! call (speech-like voice over line noise on both channels) at 8 kHz (telephony) and 16 kHz,
//! already decoded, through resampling, earshot per channel, segment smoothing and every
//! timing fact, on a quiet line (frames under −50 dBFS skip the network) and on a noisy one
//! (about −40 dBFS: the network judges the noise until the adaptive gate has its floor). Target: ≥ 1,000× real time per core (issue 6). Decoding is measured apart, on
//! a WAV file, because it depends on the codec more than on Hearback.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use hearback_audio::{AudioOptions, Recording, synth};
use hearback_core::Conversation;
use hearback_core::timing::{Timing, TimingOptions};

const SECONDS: f64 = 60.0;

fn call(rate: u32) -> (Vec<f32>, Vec<f32>) {
    let agent: Vec<(f64, f64)> = (0..10)
        .map(|k| (k as f64 * 6.0, k as f64 * 6.0 + 2.5))
        .collect();
    let customer: Vec<(f64, f64)> = (0..10)
        .map(|k| (k as f64 * 6.0 + 2.2, k as f64 * 6.0 + 4.8))
        .collect();
    (
        synth::channel(&agent, SECONDS, rate, 190.0, 1),
        synth::channel(&customer, SECONDS, rate, 120.0, 2),
    )
}

fn vad_and_timing(agent: &[f32], customer: &[f32], rate: u32) -> Timing {
    let recording = Recording::from_channels(&[agent, customer], rate, &AudioOptions::default());
    let conversation = Conversation::default();
    let analysis = hearback_core::analyse(&conversation, &Default::default());
    let options = TimingOptions::default();
    Timing::measure(&analysis, Some(recording.timeline(&options)), &options)
}

/// Prints × real time from a few plain runs, so the figure is there without reading
/// criterion's per-iteration times.
fn report(name: &str, mut run: impl FnMut()) {
    run();
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < Duration::from_secs(2) {
        run();
        n += 1;
    }
    let per_run = start.elapsed().as_secs_f64() / f64::from(n);
    eprintln!(
        "{name}: {:.0}× real time per core ({:.1} ms per {SECONDS} s stereo call)",
        SECONDS / per_run,
        per_run * 1000.0
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("vad+timing, 60 s stereo call");
    group.sample_size(20);
    for rate in [8_000, 16_000] {
        let (agent, customer) = call(rate);
        report(&format!("vad+timing {rate} Hz"), || {
            black_box(vad_and_timing(&agent, &customer, rate));
        });
        group.bench_function(format!("{rate} Hz"), |b| {
            b.iter(|| black_box(vad_and_timing(&agent, &customer, rate)))
        });
    }
    // A noisy line (about −40 dBFS between words): every frame goes through the network.
    let (mut agent, mut customer) = call(8_000);
    let mut noise = synth::Noise::new(5);
    for x in agent.iter_mut().chain(customer.iter_mut()) {
        *x += 0.017 * noise.sample();
    }
    report("vad+timing 8000 Hz, noisy line", || {
        black_box(vad_and_timing(&agent, &customer, 8_000));
    });
    group.bench_function("8000 Hz, noisy line", |b| {
        b.iter(|| black_box(vad_and_timing(&agent, &customer, 8_000)))
    });
    group.finish();

    let dir = std::env::temp_dir().join(format!("hearback-bench-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_ok() {
        let (agent, customer) = call(8_000);
        let path = dir.join("call.wav");
        if hearback_audio::synth::write_wav(&path, &[agent, customer], 8_000).is_ok() {
            report("decode+vad+timing, 8 kHz WAV file", || {
                black_box(hearback_audio::read(&path, &AudioOptions::default()).ok());
            });
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
