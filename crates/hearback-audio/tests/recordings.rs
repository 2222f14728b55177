//! Recordings built here (speech-like voice over line noise, written with hound) with known
//! silences, overlaps and holds: the timing facts must come out within 0.1 s.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use hearback_audio::{AgentChannel, AudioOptions, Recording, read, synth};
use hearback_core::Speaker;
use hearback_core::timing::{Timing, TimingOptions};

const TOLERANCE: f64 = 0.1;

/// Agent on one channel, customer on the other:
/// - agent 0.0–3.0, customer 7.0–12.0: a 4.0 s silence at 3.0;
/// - agent 10.8–14.0 starts 1.2 s before the customer stops: a 1.2 s overlap (an interruption);
/// - agent 14.5–16.0 "one moment", then nothing until 41.0: a 25.0 s hold;
/// - customer 41.0–44.0, agent 44.3–46.0.
const AGENT: &[(f64, f64)] = &[(0.0, 3.0), (10.8, 14.0), (14.5, 16.0), (44.3, 46.0)];
const CUSTOMER: &[(f64, f64)] = &[(7.0, 12.0), (41.0, 44.0)];
const LENGTH: f64 = 47.0;

fn stereo(dir: &Path, name: &str, rate: u32, agent_left: bool) -> PathBuf {
    let agent = synth::channel(AGENT, LENGTH, rate, 190.0, 11);
    let customer = synth::channel(CUSTOMER, LENGTH, rate, 120.0, 23);
    let path = dir.join(name);
    let channels = if agent_left {
        vec![agent, customer]
    } else {
        vec![customer, agent]
    };
    synth::write_wav(&path, &channels, rate).unwrap();
    path
}

fn timing_of(recording: &Recording) -> Timing {
    let conversation = recording.conversation("call", "call.wav");
    let analysis = hearback_core::analyse(&conversation, &Default::default());
    let options = TimingOptions::default();
    Timing::measure(&analysis, Some(recording.timeline(&options)), &options)
}

fn near(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= TOLERANCE,
        "{what}: got {got}, want {want} ± {TOLERANCE}"
    );
}

fn check_call(recording: &Recording) {
    let t = timing_of(recording);
    assert_eq!(t.dead_air.len(), 1, "{:?}", t.dead_air);
    near(t.dead_air[0].start, 3.0, "silence start");
    near(t.dead_air[0].duration, 4.0, "silence length");
    assert_eq!(t.interruptions.len(), 1, "{:?}", t.interruptions);
    near(t.interruptions[0].start, 10.8, "interruption start");
    near(t.interruptions[0].overlap, 1.2, "overlap");
    near(t.overtalk_seconds.unwrap(), 1.2, "overtalk");
    assert_eq!(t.holds.len(), 1, "{:?}", t.holds);
    near(t.holds[0].gap.start, 16.0, "hold start");
    near(t.holds[0].gap.duration, 25.0, "hold length");
    assert_eq!(t.holds[0].announced, None, "no words, so unknown");
    near(
        t.agent_talk_seconds.unwrap(),
        3.0 + 3.2 + 1.5 + 1.7,
        "agent talk",
    );
    near(t.customer_talk_seconds.unwrap(), 8.0, "customer talk");
}

#[test]
fn a_stereo_call_gives_its_silence_overlap_and_hold() {
    let dir = tempfile::tempdir().unwrap();
    for rate in [8_000, 16_000, 44_100] {
        let path = stereo(dir.path(), &format!("call-{rate}.wav"), rate, true);
        let r = read(&path, &AudioOptions::default()).unwrap();
        assert_eq!((r.channels, r.sample_rate), (2, rate));
        near(r.seconds, LENGTH, "length");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        check_call(&r);
    }
}

#[test]
fn a_noisy_line_is_not_speech() {
    // Line noise at about −40 dBFS: loud enough that every frame goes to the detector.
    let rate = 8_000;
    let mut noise = synth::Noise::new(99);
    let mut agent = synth::channel(AGENT, LENGTH, rate, 190.0, 11);
    let mut customer = synth::channel(CUSTOMER, LENGTH, rate, 120.0, 23);
    for x in agent.iter_mut().chain(customer.iter_mut()) {
        *x += 0.017 * noise.sample();
    }
    let r = Recording::from_channels(&[&agent, &customer], rate, &AudioOptions::default());
    check_call(&r);
}

#[test]
fn the_agent_channel_is_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    let path = stereo(dir.path(), "right.wav", 16_000, false);
    let right = AudioOptions {
        agent_channel: AgentChannel::Right,
        ..AudioOptions::default()
    };
    check_call(&read(&path, &right).unwrap());
    // Read the wrong way round, the customer is the one who cut in.
    let wrong = timing_of(&read(&path, &AudioOptions::default()).unwrap());
    assert!(wrong.interruptions.is_empty(), "{:?}", wrong.interruptions);
}

#[test]
fn a_mono_recording_gives_speech_and_silence_only() {
    let dir = tempfile::tempdir().unwrap();
    let agent = synth::channel(AGENT, LENGTH, 16_000, 190.0, 11);
    let customer = synth::channel(CUSTOMER, LENGTH, 16_000, 120.0, 23);
    let mix: Vec<f32> = agent.iter().zip(&customer).map(|(a, c)| a + c).collect();
    let path = dir.path().join("mono.wav");
    synth::write_wav(&path, &[mix], 16_000).unwrap();
    let r = read(&path, &AudioOptions::default()).unwrap();
    assert_eq!(r.channels, 1);
    assert!(r.segments.iter().all(|s| s.0 == Speaker::Unknown));
    let t = timing_of(&r);
    assert!(t.interruptions.is_empty());
    assert_eq!(t.talk_ratio_agent, None);
    assert_eq!(t.dead_air.len(), 1);
    near(t.dead_air[0].duration, 4.0, "silence length");
    assert_eq!(t.holds.len(), 1);
    near(t.holds[0].gap.duration, 25.0, "hold length");
}

#[test]
fn a_short_mhm_over_the_customer_is_not_an_interruption() {
    let rate = 16_000;
    let agent = synth::channel(&[(2.0, 2.5), (6.0, 8.0)], 9.0, rate, 190.0, 3);
    let customer = synth::channel(&[(0.0, 5.5)], 9.0, rate, 120.0, 5);
    let r = Recording::from_channels(&[&agent, &customer], rate, &AudioOptions::default());
    let t = timing_of(&r);
    assert!(t.interruptions.is_empty(), "{:?}", t.interruptions);
    near(
        t.overtalk_seconds.unwrap(),
        0.5,
        "overtalk of the back-channel",
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A WAV header for `channels` × `rate`, 16-bit, declaring `data_len` bytes of samples.
fn wav_header(channels: u16, rate: u32, data_len: u32) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend(b"RIFF");
    h.extend((36 + data_len).to_le_bytes());
    h.extend(b"WAVEfmt ");
    h.extend(16u32.to_le_bytes());
    h.extend(1u16.to_le_bytes());
    h.extend(channels.to_le_bytes());
    h.extend(rate.to_le_bytes());
    h.extend((rate * u32::from(channels) * 2).to_le_bytes());
    h.extend((channels * 2).to_le_bytes());
    h.extend(16u16.to_le_bytes());
    h.extend(b"data");
    h.extend(data_len.to_le_bytes());
    h
}

#[test]
fn bad_recordings_are_errors_that_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: Vec<(PathBuf, &str)> = vec![
        (write(d, "empty.wav", b""), "empty"),
        (
            write(d, "text.wav", b"this is not audio at all"),
            "not a readable",
        ),
        (
            write(
                d,
                "zero-hz.wav",
                &[wav_header(1, 0, 4), vec![0; 4]].concat(),
            ),
            "0 Hz",
        ),
        (
            write(
                d,
                "six.wav",
                &[wav_header(6, 16_000, 24), vec![0; 24]].concat(),
            ),
            "6 channels",
        ),
        (
            write(d, "header-only.wav", &wav_header(2, 16_000, 0)),
            "no samples",
        ),
    ];
    for (path, words) in cases {
        let e = read(&path, &AudioOptions::default()).expect_err(&path.display().to_string());
        let message = e.to_string();
        assert!(
            message.contains(&path.display().to_string()) && message.contains(words),
            "{message}"
        );
    }
    let missing = read(&d.join("missing.wav"), &AudioOptions::default()).unwrap_err();
    assert!(missing.to_string().contains("missing.wav"));
}

#[test]
fn a_truncated_recording_is_read_as_far_as_it_goes_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = stereo(dir.path(), "full.wav", 8_000, true);
    let bytes = std::fs::read(&path).unwrap();
    // Cut it at 20 s: the header still promises 47 s.
    let cut = 44 + 20 * 8_000 * 4;
    let short = write(dir.path(), "cut.wav", &bytes[..cut]);
    let r = read(&short, &AudioOptions::default()).unwrap();
    near(r.seconds, 20.0, "decoded length");
    assert!(
        r.warnings.iter().any(|w| w.contains("ends early")),
        "{:?}",
        r.warnings
    );
    let t = timing_of(&r);
    near(t.dead_air[0].duration, 4.0, "silence before the cut");
}
