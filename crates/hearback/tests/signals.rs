//! `hearback signals` as INTERFACES.md specifies it: one JSON object per input line, in order,
//! with exactly the documented fields and every probability in [0, 1].
#![expect(
    clippy::expect_used,
    reason = "the helpers of a test should stop at the first failure, like the tests themselves"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn signals(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearback"))
        .arg("signals")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("stdin is written");
    child.wait_with_output().expect("the binary finishes")
}

fn lines(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn probability(v: &Value) -> f64 {
    let p = v.as_f64().expect("a number");
    assert!((0.0..=1.0).contains(&p), "{p} is not a probability");
    p
}

#[test]
fn plain_lines_and_jsonl_give_the_documented_shape_in_order() {
    let input = "Не могли бы вы, пожалуйста, проверить мой заказ?\n\
                 {\"text\": \"Köszönöm szépen a segítséget!\", \"lang\": \"hu\"}\n\
                 {\"text\": \"This is ridiculous, you idiots.\"}\n\
                 Jó napot, lenne szíves segíteni?\n";
    let out = signals(&[], input);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = lines(&out);
    assert_eq!(rows.len(), 4);
    let expected_text = [
        "Не могли бы вы, пожалуйста, проверить мой заказ?",
        "Köszönöm szépen a segítséget!",
        "This is ridiculous, you idiots.",
        "Jó napot, lenne szíves segíteni?",
    ];
    let expected_lang = ["ru", "hu", "en", "hu"];
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(
            keys(r),
            [
                "text",
                "language",
                "politeness",
                "toxicity",
                "sentiment",
                "emotion"
            ]
        );
        assert_eq!(r["text"], expected_text[i]);
        assert_eq!(r["language"], expected_lang[i], "line {}", i + 1);
        probability(&r["politeness"]);
        probability(&r["toxicity"]);
        assert_eq!(keys(&r["sentiment"]), ["negative", "neutral", "positive"]);
        let sum: f64 = ["negative", "neutral", "positive"]
            .iter()
            .map(|k| probability(&r["sentiment"][k]))
            .sum();
        assert!((sum - 1.0).abs() < 1e-3, "sentiment sums to {sum}");
        assert_eq!(
            keys(&r["emotion"]),
            ["anger", "joy", "sadness", "fear", "surprise"]
        );
        for k in ["anger", "joy", "sadness", "fear", "surprise"] {
            probability(&r["emotion"][k]);
        }
    }
    // The insult is more toxic than the thanks.
    assert!(probability(&rows[2]["toxicity"]) > probability(&rows[1]["toxicity"]));
}

#[test]
fn a_bad_jsonl_line_is_named_on_stderr_and_the_rest_still_scored() {
    let out = signals(&[], "{\"txt\": \"no text field\"}\nThank you!\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:1"), "{err}");
    let rows = lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["text"], "Thank you!");
}

#[test]
fn lang_flag_overrides_detection() {
    let out = signals(&["--lang", "ru"], "ok\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(lines(&out)[0]["language"], "ru");
}
