//! `hearback score` on call recordings: a recording alone, a conversation JSON pointing at its
//! recording, the agent channel setting, and bad audio. The recordings are synthesised here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use hearback_audio::synth;
use serde_json::Value;

fn hearback(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearback"))
        .args(args)
        .current_dir(dir)
        .env("LANG", "C.UTF-8")
        .env_remove("HEARBACK_LANG")
        .output()
        .expect("the binary runs")
}

/// Agent 0–3 s, customer 7–12 s (a 4.0 s silence), agent 10.8–14 s (a 1.2 s overlap),
/// agent 14.5–16 s, then a 25 s hold until the customer at 41 s.
fn write_call(path: &Path, agent_left: bool) {
    let rate = 8_000;
    let agent = synth::channel(
        &[(0.0, 3.0), (10.8, 14.0), (14.5, 16.0), (44.3, 46.0)],
        47.0,
        rate,
        190.0,
        11,
    );
    let customer = synth::channel(&[(7.0, 12.0), (41.0, 44.0)], 47.0, rate, 120.0, 23);
    let channels = if agent_left {
        [agent, customer]
    } else {
        [customer, agent]
    };
    synth::write_wav(path, &channels, rate).unwrap();
}

fn results(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn verdict<'v>(r: &'v Value, id: &str) -> &'v str {
    r["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .and_then(|c| c["verdict"].as_str())
        .unwrap()
}

fn near(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or(f64::NAN);
    assert!((got - want).abs() <= 0.1, "got {got}, want {want} ± 0.1");
}

fn check_timing(timing: &Value) {
    assert_eq!(timing["source"], "audio");
    near(&timing["dead_air"][0]["duration"], 4.0);
    near(&timing["dead_air"][0]["start"], 3.0);
    near(&timing["interruptions"][0]["overlap"], 1.2);
    near(&timing["holds"][0]["duration"], 25.0);
    assert_eq!(timing["interruptions"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_recording_alone_is_scored_on_its_timing() {
    let dir = tempfile::tempdir().unwrap();
    write_call(&dir.path().join("call.wav"), true);
    let out = hearback(dir.path(), &["score", "call.wav", "--format", "jsonl"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &results(&out)[0];
    assert_eq!(r["conversation_id"], "call");
    check_timing(&r["timing"]);
    assert_eq!(verdict(r, "greeting"), "na");
    assert_eq!(verdict(r, "courtesy"), "na");
    assert_eq!(verdict(r, "listening"), "fail");
}

#[test]
fn the_agent_channel_can_be_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    write_call(&dir.path().join("swapped.wav"), false);
    let args = [
        "score",
        "swapped.wav",
        "--agent-channel",
        "right",
        "--format",
        "jsonl",
    ];
    let out = hearback(dir.path(), &args);
    check_timing(&results(&out)[0]["timing"]);
}

#[test]
fn a_conversation_takes_its_timing_from_its_recording() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("calls")).unwrap();
    std::fs::create_dir(dir.path().join("calls/rec")).unwrap();
    write_call(&dir.path().join("calls/rec/0042.wav"), true);
    let conversation = r#"{"id": "c-42", "channel": "call", "language": "hu",
      "turns": [
        {"speaker": "agent", "text": "Jó napot kívánok, Kovács Anna vagyok, miben segíthetek?"},
        {"speaker": "customer", "text": "A csomagom megint késik."},
        {"speaker": "agent", "text": "Egy pillanat türelmét kérem, megnézem."}],
      "audio": "rec/0042.wav"}"#;
    std::fs::write(dir.path().join("calls/c-42.json"), conversation).unwrap();
    // Run from elsewhere: the recording's path is relative to the JSON file.
    let out = hearback(
        dir.path(),
        &["score", "calls/c-42.json", "--format", "jsonl"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &results(&out)[0];
    check_timing(&r["timing"]);
    assert_eq!(verdict(r, "greeting"), "pass", "the words are still read");
    assert_eq!(verdict(r, "listening"), "fail", "timed by the recording");
}

#[test]
fn bad_audio_is_an_error_naming_the_file_and_the_rest_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.wav"), b"").unwrap();
    std::fs::write(dir.path().join("noise.mp3"), b"ID3 but nothing else").unwrap();
    write_call(&dir.path().join("good.wav"), true);
    let out = hearback(
        dir.path(),
        &[
            "score",
            "empty.wav",
            "noise.mp3",
            "good.wav",
            "--format",
            "jsonl",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("empty.wav") && stderr.contains("noise.mp3"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(results(&out).len(), 1);
}
