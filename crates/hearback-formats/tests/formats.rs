//! Every fixture under `tests/fixtures/<format>/{ok,bad}/` is read and its result snapshotted
//! (conversations as JSON, problems as "file:line: …" strings, in the order `read` delivered
//! them), and the edges of issue #2 are asserted: sniffing, located errors, one bad
//! conversation not losing the others, huge lines, invalid UTF-8, binary garbage, BOM + `;` CSV,
//! `--column-map`.
//!
//! Review snapshot changes with `INSTA_UPDATE=always cargo test -p hearback-formats --test
//! formats` and read the `.snap` files under `tests/snapshots/`.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use hearback_core::{Channel, Conversation, Speaker};
use hearback_formats::{Format, FormatError, Item, ReadOptions, SNIFF_BYTES, read, sniff};
use serde_json::{Value, json};

/// What one `read` delivered.
#[derive(Default)]
struct Outcome {
    conversations: Vec<Conversation>,
    warnings: Vec<FormatError>,
    errors: Vec<FormatError>,
    /// Every item in order: conversations as JSON, problems as strings.
    items: Vec<Value>,
}

fn read_bytes(name: &str, bytes: &[u8], opts: &ReadOptions) -> Outcome {
    let mut out = Outcome::default();
    let mut reader = Cursor::new(bytes);
    read(name, &mut reader, opts, &mut |item| match item {
        Item::Conversation(c) => {
            out.items
                .push(serde_json::to_value(&*c).unwrap_or(Value::Null));
            out.conversations.push(*c);
        }
        Item::Warning(w) => {
            out.items.push(Value::from(format!("warning: {w}")));
            out.warnings.push(w);
        }
        Item::Error(e) => {
            out.items.push(Value::from(format!("error: {e}")));
            out.errors.push(e);
        }
    });
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// (name relative to the fixtures folder, format of its folder, bytes) for `<format>/<kind>/*`.
#[expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be read should fail the test loudly"
)]
fn fixtures(kind: &str) -> Vec<(String, Format, Vec<u8>)> {
    let mut out = Vec::new();
    for format in Format::ALL {
        let dir = root().join(format.name()).join(kind);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            let name = format!(
                "{}/{kind}/{}",
                format.name(),
                f.file_name().unwrap().to_string_lossy()
            );
            out.push((name, *format, std::fs::read(&f).unwrap()));
        }
    }
    out
}

fn snapshot_name(name: &str) -> String {
    name.replace(['/', '.'], "__")
}

fn snapshot(name: &str, out: &Outcome) {
    insta::with_settings!({prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_json_snapshot!(snapshot_name(name), json!({ "items": out.items }));
    });
}

#[test]
fn every_ok_fixture_is_recognised_read_without_errors_and_snapshotted() {
    let all = fixtures("ok");
    assert!(all.len() >= 30, "only {} ok fixtures", all.len());
    for format in Format::ALL {
        assert!(
            all.iter().any(|(_, f, _)| f == format),
            "no ok fixture for {format}"
        );
    }
    for (name, format, bytes) in &all {
        let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
        assert_eq!(sniff(name, head), Some(*format), "sniffing {name}");
        let out = read_bytes(name, bytes, &ReadOptions::default());
        assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
        assert!(!out.conversations.is_empty(), "{name}: no conversation");
        for c in &out.conversations {
            assert!(!c.id.is_empty(), "{name}: empty id");
            let source = c.source.as_ref().expect("every conversation has a source");
            assert_eq!(source.file, *name);
            assert_eq!(source.format, format.name());
            assert!(source.line.is_some());
            assert!(!c.turns.is_empty());
            assert!(
                c.turns.iter().all(|t| t.speaker != Speaker::Unknown),
                "{name}: unplaced speaker"
            );
            let inferred = c.turns.iter().any(|t| {
                t.speaker != Speaker::System
                    && t.label
                        .as_deref()
                        .is_some_and(|l| Speaker::from_label(l).is_none())
            });
            if inferred && format != &Format::Eml && format != &Format::Mbox {
                assert!(c.roles.is_some(), "{name}: roles inferred without a reason");
            }
        }
        snapshot(name, &out);
    }
}

#[test]
fn every_bad_fixture_gives_an_error_naming_a_line_or_field() {
    let all = fixtures("bad");
    assert!(all.len() >= 15, "only {} bad fixtures", all.len());
    for (name, format, bytes) in &all {
        let opts = ReadOptions {
            format: Some(*format),
            ..ReadOptions::default()
        };
        let out = read_bytes(name, bytes, &opts);
        assert!(!out.errors.is_empty(), "{name}: no error");
        for e in &out.errors {
            assert_eq!(e.file, *name);
            assert!(
                e.line.is_some() || e.field.is_some(),
                "{name}: error without a location: {e}"
            );
        }
        snapshot(name, &out);
    }
}

#[test]
fn a_bad_conversation_does_not_lose_the_others_in_the_same_file() {
    let cases: &[(&str, &[&str])] = &[
        ("json/bad/en_one_bad_of_three.json", &["good-1", "good-3"]),
        ("jsonl/bad/broken_line.jsonl", &["ok-1", "ok-3"]),
        ("csv/bad/bad_time.csv", &["d-2"]),
        ("transcript/bad/bad_header.txt", &["hu-good"]),
        (
            "reviews/bad/empty_review.csv",
            &["empty_review-1", "empty_review-3"],
        ),
        ("mbox/bad/one_empty.mbox", &["e2@example.org"]),
    ];
    for (file, ids) in cases {
        let bytes = std::fs::read(root().join(file)).unwrap();
        let out = read_bytes(file, &bytes, &ReadOptions::default());
        let got: Vec<&str> = out.conversations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(&got, ids, "{file}");
        assert!(!out.errors.is_empty(), "{file}");
    }
    let bytes = std::fs::read(root().join("json/bad/en_one_bad_of_three.json")).unwrap();
    let out = read_bytes("three.json", &bytes, &ReadOptions::default());
    let messages: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "three.json:8: field `turns[1].text`: missing: a turn needs its `text` (conversation `bad-2`)",
            "three.json:14: field `[3]`: expected a conversation object, found a string",
        ]
    );
}

#[test]
fn a_10_mb_single_line_is_read_in_every_streaming_and_text_format() {
    let big = "очень долго ".repeat(10 * 1024 * 1024 / "очень долго ".len());
    assert!(big.len() >= 10 * 1024 * 1024 - 64);
    let jsonl = format!(
        "{{\"id\":\"big\",\"turns\":[{{\"speaker\":\"customer\",\"text\":\"{big}\"}},{{\"speaker\":\"agent\",\"text\":\"Понимаю.\"}}]}}\n"
    );
    let transcript = format!("Клиент: {big}\nОператор: Понимаю.\n");
    let csv = format!("id,speaker,text\nbig,customer,\"{big}\"\nbig,agent,Понимаю.\n");
    for (name, text) in [
        ("big.jsonl", jsonl),
        ("big.txt", transcript),
        ("big.csv", csv),
    ] {
        let started = std::time::Instant::now();
        let out = read_bytes(name, text.as_bytes(), &ReadOptions::default());
        assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
        assert_eq!(out.conversations.len(), 1, "{name}");
        assert_eq!(
            out.conversations[0].turns[0].text.trim(),
            big.trim(),
            "{name}"
        );
        // Not a benchmark: a generous bound that only a quadratic reader would exceed.
        assert!(
            started.elapsed().as_secs() < 60,
            "{name} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn invalid_utf8_is_replaced_and_the_line_is_named() {
    let mut bytes = "Оператор: Добрый день!\nКлиент: Здравствуйте, "
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xff\xfe");
    bytes.extend_from_slice("заказ.\nОператор: Сейчас проверю.\n".as_bytes());
    let out = read_bytes("mangled.txt", &bytes, &ReadOptions::default());
    assert!(out.errors.is_empty());
    assert_eq!(out.conversations.len(), 1);
    assert!(out.conversations[0].turns[1].text.contains('\u{fffd}'));
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].line, Some(2));
    assert!(out.warnings[0].reason.contains("invalid UTF-8"));

    let mut jsonl =
        b"{\"id\":\"a\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"ok\"}]}\n".to_vec();
    jsonl.extend_from_slice(
        b"{\"id\":\"b\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"bad \xc3\"}]}\n",
    );
    let out = read_bytes("mangled.jsonl", &jsonl, &ReadOptions::default());
    assert_eq!(out.conversations.len(), 2);
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].line, Some(2));
}

#[test]
fn a_windows_1251_export_is_decoded_with_one_warning() {
    // "Оператор;Здравствуйте" style content in Windows-1251.
    let text = "id;роль;текст\n1;Оператор;Добрый день, чем могу помочь?\n1;Клиент;Здравствуйте, мой заказ не пришёл.\n";
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
            'ё' => 0xB8,
            c => c as u8,
        })
        .collect();
    let out = read_bytes("legacy.csv", &bytes, &ReadOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        out.conversations[0].turns[0].text,
        "Добрый день, чем могу помочь?"
    );
    assert_eq!(out.warnings.len(), 1);
    assert!(out.warnings[0].reason.contains("windows-1251"));
}

#[test]
fn binary_garbage_is_one_error_and_never_a_panic() {
    let mut noise = Vec::with_capacity(100_000);
    let mut x: u32 = 2_463_534_242;
    for _ in 0..100_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise.push((x >> 24) as u8);
    }
    for name in ["noise.bin", "noise.json", "noise.csv", "-"] {
        let out = read_bytes(name, &noise, &ReadOptions::default());
        assert_eq!(out.errors.len(), 1, "{name}");
        assert!(
            out.errors[0]
                .reason
                .starts_with("binary, not a conversation")
        );
        assert!(out.conversations.is_empty());
        assert_eq!(sniff(name, &noise), None);
    }
    for format in Format::ALL {
        let opts = ReadOptions {
            format: Some(*format),
            ..ReadOptions::default()
        };
        let out = read_bytes("noise", &noise, &opts);
        assert_eq!(out.errors.len(), 1, "{format}");
    }
}

#[test]
fn every_format_survives_every_other_formats_fixtures() {
    let mut all = fixtures("ok");
    all.extend(fixtures("bad"));
    for (name, _, bytes) in &all {
        for format in Format::ALL {
            let opts = ReadOptions {
                format: Some(*format),
                ..ReadOptions::default()
            };
            let out = read_bytes(name, bytes, &opts);
            assert!(
                !out.conversations.is_empty() || !out.errors.is_empty(),
                "{name} as {format}: nothing delivered"
            );
        }
    }
}

#[test]
fn a_bom_and_semicolons_in_csv_are_handled() {
    let file = "csv/ok/ru_semicolon_bom.csv";
    let bytes = std::fs::read(root().join(file)).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let out = read_bytes(file, &bytes, &ReadOptions::default());
    assert_eq!(out.conversations.len(), 2);
    let c = &out.conversations[0];
    assert_eq!(c.id, "c-101");
    assert_eq!(
        c.agent.as_ref().and_then(|a| a.name.as_deref()),
        Some("Анна Петрова")
    );
    assert!(c.turns[1].text.contains(";\nего до сих пор"));
    assert_eq!((c.turns[1].start, c.turns[1].end), (Some(6.0), Some(12.0)));
    assert_eq!(c.channel, Channel::Call);
}

#[test]
fn the_column_map_names_columns_the_guess_cannot() {
    let file = "csv/mapped/custom_columns.csv";
    let bytes = std::fs::read(root().join(file)).unwrap();
    let guessed = read_bytes(file, &bytes, &ReadOptions::default());
    assert_eq!(guessed.errors.len(), 1);
    let e = &guessed.errors[0];
    assert!(e.reason.contains("`speaker` and `text`"), "{e}");
    assert!(
        e.reason
            .contains("`Case`, `Party`, `Utterance Text`, `Sec`"),
        "{e}"
    );

    let opts = ReadOptions {
        format: Some(Format::Csv),
        column_map: vec![
            ("text".into(), "Utterance Text".into()),
            ("speaker".into(), "party".into()),
            ("conversation_id".into(), "Case".into()),
            ("start".into(), "Sec".into()),
        ],
        ..ReadOptions::default()
    };
    let out = read_bytes(file, &bytes, &opts);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let c = &out.conversations[0];
    assert_eq!(c.id, "m-1");
    assert_eq!(c.turns[0].speaker, Speaker::Agent);
    assert_eq!(c.turns[1].start, Some(4.0));
    snapshot(file, &out);
}

#[test]
fn swap_roles_is_applied_after_inference() {
    let file = "transcript/ok/hu_chat_names.txt";
    let bytes = std::fs::read(root().join(file)).unwrap();
    let plain = read_bytes(file, &bytes, &ReadOptions::default());
    let swapped = read_bytes(
        file,
        &bytes,
        &ReadOptions {
            swap_roles: true,
            ..ReadOptions::default()
        },
    );
    let (a, b) = (&plain.conversations[0], &swapped.conversations[0]);
    assert_eq!(a.turns[1].speaker, Speaker::Agent);
    assert_eq!(b.turns[1].speaker, Speaker::Customer);
    assert!(b.roles.as_ref().is_some_and(|r| r.swapped));
    assert_eq!(a.agent, b.customer);
}

#[test]
fn agent_domains_decide_e_mail_roles() {
    let file = "eml/ok/hu_customer.eml";
    let bytes = std::fs::read(root().join(file)).unwrap();
    let out = read_bytes(
        file,
        &bytes,
        &ReadOptions {
            agent_domains: vec!["freemail.hu".into()],
            ..ReadOptions::default()
        },
    );
    let c = &out.conversations[0];
    assert_eq!(c.turns[0].speaker, Speaker::Agent);
    assert_eq!(c.roles.as_ref().map(|r| r.confidence), Some(1.0));
}

#[test]
fn duplicate_ids_are_kept_apart_with_a_warning() {
    let file = "jsonl/ok/three_languages.jsonl";
    let bytes = std::fs::read(root().join(file)).unwrap();
    let out = read_bytes(file, &bytes, &ReadOptions::default());
    let ids: Vec<&str> = out.conversations.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["l-ru", "l-hu", "l-en", "l-en#2"]);
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].line, Some(5));
}

#[test]
fn stdin_is_sniffed_by_content_alone() {
    for (name, format, bytes) in fixtures("ok") {
        let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
        let by_content = sniff("-", head);
        // JSONL and Hearback JSON on one line read the same; a .tsv without its extension is
        // still CSV.
        if let Some(found) = by_content {
            assert!(
                found == format || (found == Format::Jsonl && format == Format::Json),
                "{name}: {found:?}"
            );
        }
    }
}

#[test]
fn ids_that_collide_with_earlier_suffixes_get_the_next_free_one() {
    let mut jsonl = String::new();
    for id in ["a", "a#2", "a", "a", "a#3"] {
        jsonl.push_str(&format!(
            "{{\"id\":\"{id}\",\"turns\":[{{\"speaker\":\"agent\",\"text\":\"hi\"}}]}}\n"
        ));
    }
    let out = read_bytes("ids.jsonl", jsonl.as_bytes(), &ReadOptions::default());
    let ids: Vec<&str> = out.conversations.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "a#2", "a#3", "a#4", "a#3#2"]);
}

#[test]
fn every_regression_input_is_read_without_a_panic() {
    let dir = root().join("regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&f).unwrap();
        let formats = Format::ALL.iter().copied().map(Some).chain([None]);
        for format in formats {
            let opts = ReadOptions {
                format,
                ..ReadOptions::default()
            };
            let out = read_bytes(&name, &bytes, &opts);
            assert!(!out.items.is_empty(), "{name} as {format:?}");
        }
    }
}
