//! `hearback eval` as people and scripts see it: the registry, the fixtures evaluation's figures
//! and failing fixtures, the JSON shape of INTERFACES.md, and the exit codes (0 every goal met,
//! 1 some missed, 2 usage errors).
//!
//! Exact figures come from small fixture folders under `tests/eval_fixtures/` (passed as
//! `--data`), whose outcome is known by construction; the built-in fixtures' figures are
//! measurements that change as detectors do, so for them only the shape and the agreement
//! between figures, counts and exit code are checked.
#![expect(
    clippy::expect_used,
    reason = "the helpers of a test should stop at the first failure, like the tests themselves"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const FIXTURES: &str = "crates/hearback/tests/eval_fixtures";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hearback(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearback"))
        .args(args)
        .current_dir(root())
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("HEARBACK_LANG")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).expect("the output is one JSON document")
}

fn data(set: &str) -> String {
    format!("{FIXTURES}/{set}")
}

/// The rows of a report as (split, metric) → (ours, counts).
fn row<'a>(report: &'a Value, split: &str, metric: &str) -> &'a Value {
    let found = report["rows"]
        .as_array()
        .expect("rows is an array")
        .iter()
        .find(|r| r["split"] == split && r["metric"] == metric);
    assert!(found.is_some(), "no {metric} row for {split}");
    found.expect("checked above")
}

#[test]
fn list_names_the_fixtures_evaluation() {
    let out = hearback(&["eval", "--list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first = stdout(&out);
    assert!(first.starts_with("fixtures "), "{first}");
    assert!(first.contains("../shared/data"), "{first}");

    let out = hearback(&["eval", "--list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = json(&out);
    let names: Vec<&str> = listed
        .as_array()
        .expect("an array")
        .iter()
        .map(|e| e["name"].as_str().expect("a name"))
        .collect();
    assert!(names.contains(&"fixtures"), "{names:?}");
    assert_eq!(listed[0]["dataset"], Value::Null);
}

#[test]
fn usage_errors_exit_with_two_and_name_what_is_known() {
    let out = hearback(&["eval", "no-such-eval"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown evaluation `no-such-eval`"), "{err}");
    assert!(err.contains("fixtures"), "{err}");
    assert!(stdout(&out).is_empty());

    let out = hearback(&["eval"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fixtures"), "{}", stderr(&out));

    let out = hearback(&["eval", "fixtures", "--detector", "no-such-detector"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown detector `no-such-detector`"), "{err}");
    assert!(err.contains("greeting"), "{err}");

    let out = hearback(&["eval", "fixtures", "--lang", "de"]);
    assert_eq!(out.status.code(), Some(2));

    let out = hearback(&["eval", "fixtures", "--data", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/folder"), "{}", stderr(&out));

    // Folders with fixtures of other detectors or languages only: nothing to measure.
    let out = hearback(&[
        "eval",
        "fixtures",
        "--data",
        &data("met"),
        "--detector",
        "closing",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fixtures_that_hold_give_exact_figures_and_exit_zero() {
    let out = hearback(&[
        "eval",
        "fixtures",
        "--data",
        &data("met"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["dataset"], "fixtures");
    assert_eq!(report["passed"], true);
    assert_eq!(report["below_goal"], serde_json::json!([]));
    assert!(report.get("failures").is_none());
    // Two splits, precision and recall each, in ru-hu-en order.
    let splits: Vec<(&str, &str)> = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["split"].as_str().expect("split"),
                r["metric"].as_str().expect("metric"),
            )
        })
        .collect();
    assert_eq!(
        splits,
        [
            ("greeting/ru", "precision"),
            ("greeting/ru", "recall"),
            ("greeting/en", "precision"),
            ("greeting/en", "recall"),
        ]
    );
    let r = row(&report, "greeting/en", "recall");
    assert_eq!(r["ours"], 1.0);
    assert_eq!(r["paper"], Value::Null);
    assert_eq!(r["paper_source"], Value::Null);
    assert_eq!(r["goal"], 0.9);
    assert_eq!(
        r["counts"],
        serde_json::json!({"tp": 1, "fp": 0, "fn": 0, "tn": 1, "examples": 2})
    );
    assert_eq!(row(&report, "greeting/ru", "precision")["goal"], 0.95);
}

#[test]
fn a_miss_and_a_false_alarm_are_counted_named_and_exit_one() {
    let out = hearback(&[
        "eval",
        "fixtures",
        "--data",
        &data("missed"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // The stale known miss counts as found: 2 of 3 findings right, 2 of 3 spans found.
    assert!(err.contains("greeting/en precision 0.667 < 0.95"), "{err}");
    assert!(err.contains("greeting/en recall 0.667 < 0.90"), "{err}");
    let report = json(&out);
    assert_eq!(report["passed"], false);
    let r = row(&report, "greeting/en", "precision");
    assert_eq!(r["ours"], 0.6667);
    assert_eq!(
        r["counts"],
        serde_json::json!({"tp": 2, "fp": 1, "fn": 1, "tn": 0, "examples": 4})
    );
    let failures = report["failures"].as_array().expect("failures");
    let names: Vec<&str> = failures
        .iter()
        .map(|f| f["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "greeting/en/greets-but-labelled-negative.txt",
            "greeting/en/labelled-wrong-turn.txt",
            "greeting/en/stale-known-miss.txt",
        ]
    );
    let false_alarm = &failures[0];
    assert_eq!(false_alarm["expected"], serde_json::json!([]));
    assert_eq!(false_alarm["unexpected"][0]["status"], "unexpected");
    assert_eq!(false_alarm["unexpected"][0]["turn"], 1);
    assert!(
        false_alarm["unexpected"][0]["quote"]
            .as_str()
            .expect("quote")
            .contains("Good afternoon"),
        "{false_alarm}"
    );
    let miss = &failures[1];
    assert_eq!(
        miss["expected"],
        serde_json::json!([{"line": 3, "turn": 1, "quote": "Order number?", "status": "missed"}])
    );
    assert_eq!(failures[2]["expected"][0]["status"], "known-miss-found");
    assert!(
        miss["path"]
            .as_str()
            .expect("path")
            .ends_with("missed/greeting/fixtures/en/labelled-wrong-turn.txt")
    );
}

#[test]
fn a_fixture_that_cannot_be_parsed_is_named_with_its_line_and_fails_the_run() {
    let out = hearback(&["eval", "fixtures", "--data", &data("unparsable")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("greeting/fixtures/hu/carets-first.txt:1:"),
        "{err}"
    );
}

#[test]
fn the_table_in_english_with_a_passing_set() {
    let out = hearback(&[
        "eval",
        "fixtures",
        "--data",
        &data("met"),
        "--ui-lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn the_table_in_russian_names_the_failing_fixtures() {
    let out = hearback(&[
        "eval",
        "fixtures",
        "--data",
        &data("missed"),
        "--ui-lang",
        "ru",
    ]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

/// The built-in fixtures: every registered detector in every language has a precision and a
/// recall row whose figures agree with their counts, and the exit code agrees with the goals.
#[test]
fn the_built_in_fixtures_cover_every_detector_and_language_and_the_exit_code_follows_the_goals() {
    let out = hearback(&["eval", "fixtures", "--format", "json"]);
    let report = json(&out);
    let rows = report["rows"].as_array().expect("rows");
    let hu = json(&hearback(&[
        "eval", "fixtures", "--format", "json", "--lang", "hu",
    ]));
    assert!(
        hu["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["split"].as_str().expect("split").ends_with("/hu"))
    );
    let mut splits = std::collections::BTreeSet::new();
    for r in rows {
        let split = r["split"].as_str().expect("split");
        splits.insert(split.to_string());
        let c = &r["counts"];
        let n = |k: &str| c[k].as_u64().expect("a count") as f64;
        let expected = match r["metric"].as_str().expect("metric") {
            "precision" | "dissatisfied-precision" | "silent-precision" => {
                n("tp") / (n("tp") + n("fp"))
            }
            // The promises block's shares count agreeing spans as tp, the others as fn; so does
            // the experience block's resolution accuracy.
            "recall"
            | "vague-agree"
            | "due-exact"
            | "dissatisfied-recall"
            | "silent-recall"
            | "resolution-accuracy" => n("tp") / (n("tp") + n("fn")),
            other => panic!("unexpected metric {other}"),
        };
        // 0/0 (nothing labelled yet, e.g. no due= in a language) is an undefined figure: null.
        if expected.is_nan() {
            assert!(r["ours"].is_null(), "{r}");
            continue;
        }
        let ours = r["ours"].as_f64().expect("every detector has findings");
        assert!((ours - expected).abs() < 1e-4, "{r}");
        assert!(n("examples") >= 30.0, "{r}");
    }
    // 3 languages per detector; the detectors come from the registry, so count the ids.
    let detectors: std::collections::BTreeSet<&str> = splits
        .iter()
        .map(|s| s.split_once('/').expect("detector/lang").0)
        .collect();
    assert_eq!(splits.len(), detectors.len() * 3, "{splits:?}");
    // promises/<lang> rows add vague-agree and due-exact to precision and recall.
    let promise_splits = splits.iter().filter(|s| s.starts_with("promises/")).count();
    assert_eq!(promise_splits, 3, "{splits:?}");
    // experience/<lang> rows: precision and recall of the dissatisfied and of the silent, and
    // resolution accuracy.
    let experience_splits = splits
        .iter()
        .filter(|s| s.starts_with("experience/"))
        .count();
    assert_eq!(experience_splits, 3, "{splits:?}");
    assert_eq!(
        rows.len(),
        splits.len() * 2 + promise_splits * 2 + experience_splits * 3
    );
    // Passing means every goal met and every fixture measured; the exit code says the same.
    let below = report["below_goal"].as_array().expect("below_goal");
    let unmeasured = report.get("problems").is_some();
    let passed = below.is_empty() && !unmeasured;
    assert_eq!(report["passed"], passed);
    assert_eq!(
        out.status.code(),
        Some(if passed { 0 } else { 1 }),
        "{}",
        stderr(&out)
    );
}

/// `--detector experience` measures the experience block alone: per language, the dissatisfied
/// and the silent against the labels of the experience fixtures, and resolution accuracy; a
/// failing file names its path and what was expected.
#[test]
fn the_experience_block_alone_has_its_rows_and_names_its_failing_files() {
    let out = hearback(&[
        "eval",
        "fixtures",
        "--detector",
        "experience",
        "--format",
        "json",
    ]);
    let report = json(&out);
    let rows = report["rows"].as_array().expect("rows");
    let splits: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["split"].as_str().expect("split"))
        .collect();
    assert_eq!(
        splits.into_iter().collect::<Vec<_>>(),
        ["experience/en", "experience/hu", "experience/ru"]
    );
    assert_eq!(rows.len(), 15);
    for r in rows {
        let c = &r["counts"];
        // Every language has its 15 dissatisfied and 15 satisfied customers at least.
        assert!(c["examples"].as_u64().expect("examples") >= 30, "{r}");
        let goal = r.get("goal").and_then(|g| g.as_f64());
        match r["metric"].as_str().expect("metric") {
            "dissatisfied-precision" | "silent-precision" => assert_eq!(goal, Some(0.9)),
            "dissatisfied-recall" | "silent-recall" => assert_eq!(goal, Some(0.8)),
            "resolution-accuracy" => assert_eq!(goal, None),
            other => panic!("unexpected metric {other}"),
        }
    }
    if let Some(failures) = report.get("failures").and_then(|f| f.as_array()) {
        for f in failures {
            let path = f["path"].as_str().expect("path");
            assert!(
                path.starts_with("crates/hearback-core/src/experience/fixtures/"),
                "{path}"
            );
            assert!(
                f["expected"]
                    .as_array()
                    .into_iter()
                    .chain(f["unexpected"].as_array())
                    .flatten()
                    .all(|s| s["note"].as_str().is_some_and(|n| n.contains("expected"))),
                "{f}"
            );
        }
    }
    let passed = report["below_goal"].as_array().expect("below").is_empty();
    assert_eq!(out.status.code(), Some(if passed { 0 } else { 1 }));
}
