//! The `hearback` binary as users and scripts see it: INTERFACES.md's faces, exit codes, errors
//! on stderr, and snapshots of the reports.
#![expect(
    clippy::expect_used,
    reason = "the helpers of a test should stop at the first failure, like the tests themselves"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const DEFAULT_CRITERIA: [&str; 12] = [
    "greeting",
    "introduction",
    "customer-name",
    "listening",
    "courtesy",
    "no-arguing",
    "respect-for-others",
    "benefits",
    "no-pressure",
    "hold-etiquette",
    "promise-specific",
    "closing",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hearback(args: &[&str]) -> Output {
    hearback_with_stdin(args, None)
}

fn hearback_with_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearback"))
        .args(args)
        .current_dir(root())
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("HEARBACK_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(input.as_bytes())
            .expect("stdin is written");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("the binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

/// A scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

#[test]
fn scoring_the_samples_reads_every_file_and_answers_every_default_criterion() {
    let out = hearback(&["score", "samples", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let results = jsonl(&out);
    assert!(results.len() >= 40, "only {} results", results.len());
    let mut languages = std::collections::BTreeSet::new();
    for r in &results {
        let ids: Vec<&str> = r["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .map(|c| c["id"].as_str().expect("id"))
            .collect();
        assert_eq!(ids, DEFAULT_CRITERIA, "in {}", r["conversation_id"]);
        languages.insert(r["language"].as_str().expect("language").to_string());
        for c in r["criteria"].as_array().expect("criteria") {
            let verdict = c["verdict"].as_str().expect("verdict");
            assert!(["pass", "fail", "na"].contains(&verdict));
            assert!(!c["rationale"].as_str().expect("rationale").is_empty());
        }
    }
    assert!(languages.contains("ru") && languages.contains("hu") && languages.contains("en"));
}

#[test]
fn every_quote_is_exactly_the_characters_its_offsets_name() {
    let conversations = hearback(&["convert", "samples"]);
    assert_eq!(
        conversations.status.code(),
        Some(0),
        "{}",
        stderr(&conversations)
    );
    let mut texts = std::collections::HashMap::new();
    for c in jsonl(&conversations) {
        let turns: Vec<String> = c["turns"]
            .as_array()
            .expect("turns")
            .iter()
            .map(|t| t["text"].as_str().expect("text").to_string())
            .collect();
        texts.insert(c["id"].as_str().expect("id").to_string(), turns);
    }
    let scored = hearback(&["score", "samples", "--format", "jsonl"]);
    let mut checked = 0;
    for r in jsonl(&scored) {
        let turns = &texts[r["conversation_id"].as_str().expect("id")];
        for c in r["criteria"].as_array().expect("criteria") {
            for e in c["evidence"].as_array().expect("evidence") {
                let turn = &turns[e["turn"].as_u64().expect("turn") as usize];
                let (s, end) = (
                    e["char_start"].as_u64().expect("start") as usize,
                    e["char_end"].as_u64().expect("end") as usize,
                );
                let slice: String = turn.chars().skip(s).take(end - s).collect();
                assert_eq!(slice, e["quote"].as_str().expect("quote"));
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} pieces of evidence");
}

#[test]
fn an_unreadable_file_is_named_with_its_line_and_the_others_are_still_scored() {
    let dir = scratch("unreadable");
    std::fs::write(
        dir.join("good.txt"),
        "Agent: Good morning, this is Anna from Brightline, how can I help?\nCustomer: Hi, my internet is down.\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("broken.json"),
        "{\n  \"id\": \"x\",\n  \"turns\": [\n",
    )
    .expect("write");
    std::fs::write(dir.join("garbage.json"), [0u8, 159, 146, 150, 0, 1, 2, 3]).expect("write");
    let d = dir.display().to_string();
    let out = hearback(&["score", &d, "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    let results = jsonl(&out);
    assert_eq!(results.len(), 1, "the good file is still scored");
    let err = stderr(&out);
    assert!(err.contains("broken.json:"), "{err}");
    assert!(err.contains("garbage.json"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn usage_errors_exit_with_two() {
    assert_eq!(
        hearback(&["score", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        hearback(&["score", "samples", "--scorecard", "no-such-card.toml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        hearback(&["score", "samples", "--input-format", "docx"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        hearback(&["score", "samples", "--column-map", "text"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_missing_path_is_an_unreadable_input_not_a_usage_error() {
    let out = hearback(&[
        "score",
        "samples/json/en-bank-rude.json",
        "no/such/file.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(jsonl(&out).len(), 1);
    assert!(stderr(&out).contains("no/such/file.json"));
}

#[test]
fn stdin_is_read_and_its_format_detected() {
    let transcript = "Оператор: Добрый день! Меня зовут Анна, чем могу помочь?\nКлиент: Здравствуйте, у меня не работает интернет.\nОператор: Спасибо за обращение, всего доброго!\n";
    let out = hearback_with_stdin(&["score", "-"], Some(transcript));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let results = jsonl(&out);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["language"], "ru");
    assert_eq!(results[0]["criteria"][0]["verdict"], "pass");
}

#[test]
fn an_unsupported_language_is_reported_and_answered_na_not_scored_as_russian() {
    let transcript = "Agent: Guten Tag, hier ist Anna von der Firma Müller, wie kann ich Ihnen helfen?\nCustomer: Ich möchte meinen Vertrag kündigen, weil der Service schlecht war.\nAgent: Das tut mir leid. Ich kümmere mich sofort darum.\n";
    let out = hearback_with_stdin(&["score", "-"], Some(transcript));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = &jsonl(&out)[0];
    assert_eq!(r["language"], "other");
    assert!(
        r["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .all(|c| c["verdict"] == "na")
    );
    assert!(!r["warnings"].as_array().expect("warnings").is_empty());
}

#[test]
fn the_json_report_of_a_good_russian_call() {
    let out = hearback(&["score", "samples/json/ru-bank-wow.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("a JSON array");
    insta::assert_json_snapshot!(v);
}

#[test]
fn the_table_report_of_a_rude_hungarian_call_in_hungarian() {
    let out = hearback(&[
        "score",
        "samples/json/hu-telecom-rude.json",
        "--format",
        "table",
        "--ui-lang",
        "hu",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn the_csv_report_has_one_column_per_criterion() {
    let out = hearback(&["score", "samples/csv/calls.csv", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn the_built_in_scorecard_checks_clean_and_a_broken_one_names_its_lines() {
    let dir = scratch("scorecards");
    let default = hearback(&["scorecard", "default"]);
    let path = dir.join("mine.toml");
    std::fs::write(&path, &default.stdout).expect("write");
    let p = path.display().to_string();
    let ok = hearback(&["scorecard", "check", &p]);
    assert_eq!(ok.status.code(), Some(0), "{}{}", stdout(&ok), stderr(&ok));
    assert!(stdout(&ok).contains("0 failed"));

    let broken = String::from_utf8_lossy(&default.stdout)
        .replacen("critical = true", "critical = \"yes\"", 1)
        .replacen("weight = ", "wieght = ", 1);
    std::fs::write(&path, broken).expect("write");
    let bad = hearback(&["scorecard", "check", &p]);
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    assert!(err.matches("mine.toml:").count() >= 2, "{err}");
    assert!(err.contains('^'), "{err}");
}

const LEDGER_NOW: &str = "2026-11-30T12:00:00+03:00";

/// status of each promise in the sample customer histories, by conversation.
fn ledger_statuses(extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec![
        "promises",
        "samples/promises",
        "--now",
        LEDGER_NOW,
        "--format",
        "jsonl",
    ];
    args.extend_from_slice(extra);
    let out = hearback(&args);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    jsonl(&out)
        .iter()
        .map(|e| {
            (
                e["conversation_id"].as_str().expect("id").to_string(),
                e["status"].as_str().expect("status").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_promise_ledger_follows_each_customer_across_conversations() {
    let statuses = ledger_statuses(&[]);
    let status_of = |id: &str| {
        statuses
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, s)| s.as_str())
            .unwrap_or_else(|| panic!("no promise from {id} in {statuses:?}"))
    };
    // Called back the next morning (the customer picked up): kept.
    assert_eq!(status_of("ru-bank-refund-promise"), "kept");
    assert_eq!(status_of("hu-bank-loan-promise"), "kept");
    // The customer had to call in themselves: overdue.
    assert_eq!(status_of("ru-telecom-engineer-promise"), "overdue");
    assert_eq!(status_of("en-delivery-tracking-promise"), "overdue");
    // The invoice came in the afternoon, not by noon.
    assert_eq!(status_of("hu-shop-invoice-promise"), "kept_late");
    // "By Tuesday" and a vague promise three working days out are still ahead.
    assert_eq!(status_of("en-telecom-technician-promise"), "pending");
    assert_eq!(status_of("ru-shop-chat-vague"), "pending");
    // "Mellékelten küldöm" sends it with the message: no promise there.
    assert!(statuses.iter().all(|(c, _)| c != "hu-shop-invoice-sent"));

    let overdue = ledger_statuses(&["--overdue"]);
    assert_eq!(overdue.len(), 2, "{overdue:?}");
    assert!(overdue.iter().all(|(_, s)| s == "overdue"));
    let anna = ledger_statuses(&["--agent", "анна петрова"]);
    assert_eq!(
        anna,
        vec![("ru-bank-refund-promise".to_string(), "kept".to_string())]
    );
    // Judged a day after the promise, before the call back: pending.
    let early = hearback(&[
        "promises",
        "samples/promises",
        "--now",
        "2026-11-16T12:00:00+03:00",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&stdout(&early)).expect("json");
    let first = doc["promises"]
        .as_array()
        .expect("promises")
        .iter()
        .find(|e| e["conversation_id"] == "ru-bank-refund-promise")
        .expect("the refund promise");
    assert_eq!(first["status"], "pending");
    assert_eq!(first["due"], "2026-11-17T13:00:00+03:00");
    assert!(doc["summary"]["promises"].as_u64().expect("count") >= 1);
}

#[test]
fn the_promise_ledger_table_in_russian() {
    let out = hearback(&[
        "promises",
        "samples/promises",
        "--now",
        LEDGER_NOW,
        "--format",
        "table",
        "--ui-lang",
        "ru",
    ]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_bad_calendar_or_time_stops_the_ledger_with_the_place_of_the_mistake() {
    let dir = scratch("bad-calendar");
    let calendar = dir.join("calendar.toml");
    std::fs::write(
        &calendar,
        "weekend = [\"sat\", \"sun\"]\nholidays = [\"01-01\", \"13-40\"]\n",
    )
    .expect("calendar written");
    let out = hearback(&[
        "promises",
        "samples/promises",
        "--calendar",
        calendar.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("calendar.toml:2:22"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("13-40"), "{}", stderr(&out));

    let out = hearback(&["promises", "samples/promises", "--now", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--now"), "{}", stderr(&out));

    // A shipped calendar reads, and scoring takes it too.
    let out = hearback(&[
        "score",
        "samples/promises",
        "--calendar",
        "calendars/ru.toml",
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn customers_who_came_back_or_are_at_risk_are_listed_across_conversations() {
    let out = hearback(&["customers", "samples", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let all = jsonl(&out);
    let of = |id: &str| {
        all.iter()
            .find(|j| {
                j["conversations"]
                    .as_array()
                    .expect("conversations")
                    .iter()
                    .any(|c| c == id)
            })
            .unwrap_or_else(|| panic!("no customer with {id}"))
    };
    // Jane Cooper chased her tracking number three days later: a repeat contact.
    let jane = of("en-delivery-chasing");
    assert_eq!(jane["customer"], "Jane Cooper");
    assert_eq!(
        jane["repeat_contacts"][0]["first"],
        "en-delivery-tracking-promise"
    );
    // The bank called Szabó Éva back itself: no repeat, and it went well.
    let eva = of("hu-bank-loan-callback");
    assert_eq!(eva["repeat_contacts"].as_array().map(Vec::len), Some(0));
    assert_eq!(eva["at_risk"], false);
    // Threatened to leave and was never called back: at risk, with the quote.
    let igor = of("ru-telecom-rude");
    assert_eq!(igor["at_risk"], true);
    assert!(
        igor["risks"]
            .as_array()
            .expect("risks")
            .iter()
            .any(|r| r["kind"] == "churn_threat" && r["evidence"]["quote"].is_string())
    );

    let risky = jsonl(&hearback(&[
        "customers",
        "samples",
        "--at-risk",
        "--format",
        "jsonl",
    ]));
    assert!(!risky.is_empty() && risky.len() < all.len());
    assert!(risky.iter().all(|j| j["at_risk"] == true));
}
