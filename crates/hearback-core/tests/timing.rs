//! Timing checks end to end: a scorecard's timing criteria answered from transcripts, from a
//! recording's voice activity (no words at all), and from chat message times.
#![allow(clippy::unwrap_used)]

use hearback_core::detectors;
use hearback_core::score::score_with_timeline;
use hearback_core::scorecard;
use hearback_core::timing::{Timeline, TimingOptions, TimingSource};
use hearback_core::{AnalyseOptions, Channel, Conversation, ScoreResult, Speaker, Turn, Verdict};

const CARD: &str = r#"
id = "timing"
version = "1"

[[criterion]]
id = "greeting"
phrases.ru = ["здравствуйте"]
phrases.hu = ["jó napot"]
phrases.en = ["hello"]
within = { first_turns = 1 }
speaker = "agent"
pass_when = "found"

[[criterion]]
id = "listening"
timing = "interruptions"
max = 0

[[criterion]]
id = "dead-air"
timing = "dead_air"
min_silence = 3
max = 0

[[criterion]]
id = "overtalk"
timing = "overtalk_share"
max = 0.05

[[criterion]]
id = "holds"
timing = "holds"
max = 0

[[criterion]]
id = "unannounced"
timing = "unannounced_holds"
max = 0

[[criterion]]
id = "first-response"
timing = "first_response"
max = 60

[[criterion]]
id = "queue"
timing = "queue_wait"
max = 600
"#;

fn run(c: &Conversation, timeline: Option<Timeline>) -> ScoreResult {
    let card = scorecard::parse(CARD).unwrap();
    let a = hearback_core::analyse(c, &AnalyseOptions::default());
    let findings = detectors::detect_all(&a);
    score_with_timeline(&a, &findings, &card, timeline)
}

fn verdict(r: &ScoreResult, id: &str) -> Verdict {
    r.criteria.iter().find(|c| c.id == id).unwrap().verdict
}

/// Agent and customer speech with a 4.0 s silence, a 1.2 s overlap and a 25 s hold.
fn recording() -> Timeline {
    Timeline::from_segments(
        TimingSource::Audio,
        [
            (Speaker::Agent, 0.0, 3.0),
            (Speaker::Customer, 7.0, 12.0),
            (Speaker::Agent, 10.8, 14.0),
            (Speaker::Agent, 39.0, 42.0),
            (Speaker::Customer, 42.5, 45.0),
        ],
        &TimingOptions::default(),
    )
}

#[test]
fn a_recording_without_words_is_judged_on_timing_alone() {
    let c = Conversation {
        id: "call.wav".into(),
        ..Conversation::default()
    };
    let r = run(&c, Some(recording()));
    assert_eq!(verdict(&r, "greeting"), Verdict::Na, "no words to read");
    assert_eq!(verdict(&r, "listening"), Verdict::Fail);
    assert_eq!(verdict(&r, "dead-air"), Verdict::Fail);
    assert_eq!(verdict(&r, "overtalk"), Verdict::Fail);
    assert_eq!(verdict(&r, "holds"), Verdict::Fail);
    assert_eq!(
        verdict(&r, "unannounced"),
        Verdict::Na,
        "whether it was announced needs words"
    );
    assert_eq!(verdict(&r, "first-response"), Verdict::Na);
    assert_eq!(verdict(&r, "queue"), Verdict::Na);
    let cut = &r.timing["interruptions"][0];
    assert_eq!(cut["start"], serde_json::json!(10.8));
    assert_eq!(cut["overlap"], serde_json::json!(1.2));
    assert_eq!(r.timing["dead_air"][0]["duration"], serde_json::json!(4.0));
    assert_eq!(r.timing["holds"][0]["duration"], serde_json::json!(25.0));
    assert_eq!(r.timing["holds"][0]["announced"], serde_json::Value::Null);
    assert_eq!(r.timing["source"], serde_json::json!("audio"));
}

#[test]
fn a_transcript_with_a_recording_takes_its_timing_from_the_recording() {
    let c = Conversation {
        id: "c".into(),
        turns: vec![
            Turn::new(Speaker::Agent, "Здравствуйте, меня зовут Анна, чем помочь?"),
            Turn::new(Speaker::Customer, "Где мой заказ? Жду уже неделю."),
        ],
        audio: Some("call.wav".into()),
        ..Conversation::default()
    };
    let r = run(&c, Some(recording()));
    assert_eq!(verdict(&r, "greeting"), Verdict::Pass);
    assert_eq!(verdict(&r, "listening"), Verdict::Fail);
    assert_eq!(r.timing["holds"].as_array().map(Vec::len), Some(1));
    let without = run(&c, None);
    assert_eq!(verdict(&without, "listening"), Verdict::Na);
    assert!(without.timing.is_empty());
}

#[test]
fn chats_are_judged_on_response_times_and_never_on_interruptions() {
    let mut c = Conversation {
        id: "chat".into(),
        channel: Channel::Chat,
        turns: vec![
            Turn::new(Speaker::Customer, "Jó napot, hol a csomagom?"),
            Turn::new(Speaker::Agent, "Jó napot! Máris megnézem."),
        ],
        ..Conversation::default()
    };
    c.turns[0].at = chrono::DateTime::parse_from_rfc3339("2026-11-24T10:00:00+01:00").ok();
    c.turns[1].at = chrono::DateTime::parse_from_rfc3339("2026-11-24T10:03:00+01:00").ok();
    c.meta
        .insert("queue_wait_seconds".into(), serde_json::json!(340));
    let r = run(&c, None);
    assert_eq!(verdict(&r, "listening"), Verdict::Na);
    assert_eq!(verdict(&r, "first-response"), Verdict::Fail);
    assert_eq!(verdict(&r, "queue"), Verdict::Pass);
    assert_eq!(
        r.timing["responses"]["first_response_seconds"],
        serde_json::json!(180.0)
    );
    assert_eq!(r.timing["queue_wait_seconds"], serde_json::json!(340.0));
}

#[test]
fn shares_are_checked_as_shares() {
    let card = "id = \"x\"\nversion = \"1\"\n[[criterion]]\nid = \"o\"\ntiming = \"overtalk_share\"\nmax = 5\n";
    let errors = scorecard::parse(card).unwrap_err();
    assert!(
        errors.iter().any(|e| e.to_string().contains("share")),
        "{errors:?}"
    );
}

#[test]
fn a_recording_with_one_side_silent_cannot_judge_listening() {
    let c = Conversation {
        id: "voicemail.wav".into(),
        ..Conversation::default()
    };
    let only_customer = Timeline::from_segments(
        TimingSource::Audio,
        [(Speaker::Customer, 1.0, 9.0)],
        &TimingOptions::default(),
    );
    let r = run(&c, Some(only_customer));
    assert_eq!(verdict(&r, "listening"), Verdict::Na);
    assert_eq!(verdict(&r, "overtalk"), Verdict::Na);
    assert_eq!(
        verdict(&r, "dead-air"),
        Verdict::Pass,
        "silences are still measured"
    );
}
