//! `hearback import` end to end: the real binary, the bundled samples, a SQLite file (and a
//! PostgreSQL database when `HEARBACK_TEST_POSTGRES_URL` is set, as in the store's suite).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn import(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearback"))
        .arg("import")
        .args(args)
        .env("HEARBACK_LANG", "en")
        .env_remove("HEARBACK_DB")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// Copies the JSON samples (one conversation per file, ru/hu/en) to a folder of the test's own.
fn samples(dir: &Path) -> PathBuf {
    let to = dir.join("conversations");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(root().join("samples/json")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    to
}

/// How many conversations `hearback score` reads from the same folder: what import must store.
fn scored(folder: &Path) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_hearback"))
        .args(["score", "--format", "jsonl"])
        .arg(folder)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).lines().count()
}

fn check_idempotent_import(db: &str, dir: &Path) {
    let folder = samples(dir);
    let n = scored(&folder);
    assert!(n > 5, "the samples should hold several conversations");
    let folder = folder.to_str().unwrap();

    let first = import(&[folder, "--db", db, "--no-progress"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(stdout(&first), format!("{n} new, 0 unchanged, 0 updated"));

    let again = import(&[folder, "--db", db, "--no-progress"]);
    assert!(again.status.success());
    assert_eq!(stdout(&again), format!("0 new, {n} unchanged, 0 updated"));

    // One conversation edited: only it is scored and replaced.
    let edited = Path::new(folder).join("hu-shop-chat.json");
    let text = std::fs::read_to_string(&edited).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["turns"][1]["text"] = "Köszönöm szépen, minden rendben.".into();
    std::fs::write(&edited, serde_json::to_string(&json).unwrap()).unwrap();
    let after_edit = import(&[folder, "--db", db, "--no-progress"]);
    assert_eq!(
        stdout(&after_edit),
        format!("0 new, {} unchanged, 1 updated", n - 1)
    );

    // Another scorecard: the same conversations get a result for it too.
    let salon = root().join("scorecards/examples/salon.toml");
    let salon = salon.to_str().unwrap();
    let other_card = import(&[folder, "--db", db, "--no-progress", "--scorecard", salon]);
    assert_eq!(
        stdout(&other_card),
        format!("0 new, 0 unchanged, 0 updated, {n} scored with this scorecard")
    );
}

#[test]
fn a_second_import_of_the_same_files_changes_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("hearback.db").display());
    check_idempotent_import(&db, dir.path());
}

#[test]
fn a_second_import_into_postgresql_changes_nothing_either() {
    let Ok(server) = std::env::var("HEARBACK_TEST_POSTGRES_URL") else {
        eprintln!("HEARBACK_TEST_POSTGRES_URL is not set: PostgreSQL import test skipped");
        return;
    };
    let name = format!("hb_import_{}", std::process::id());
    let psql = |sql: &str| {
        let ok = Command::new("psql")
            .args([server.as_str(), "-qc", sql])
            .status()
            .unwrap()
            .success();
        assert!(ok, "{sql}");
    };
    psql(&format!("DROP DATABASE IF EXISTS {name}"));
    psql(&format!("CREATE DATABASE {name}"));
    let (base, _) = server.rsplit_once('/').unwrap();
    let dir = tempfile::tempdir().unwrap();
    check_idempotent_import(&format!("{base}/{name}"), dir.path());
    psql(&format!("DROP DATABASE {name}"));
}

#[test]
fn a_database_url_of_another_kind_is_a_usage_error() {
    let out = import(&["--db", "mysql://localhost/hb", "--no-progress"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sqlite://FILE or postgres://"), "{err}");
}

/// Within one file the reader already renames a repeated id (`t-1#2`); across files the first
/// one read is kept, or each import would replace one with the other.
#[test]
fn two_conversations_under_one_id_keep_the_first_and_a_reimport_still_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("hearback.db").display());
    let folder = dir.path().join("batches");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.jsonl"),
        r#"{"id": "t-1", "channel": "chat", "turns": [{"speaker": "agent", "text": "Добрый день! Чем могу помочь?"}]}"#,
    )
    .unwrap();
    std::fs::write(
        folder.join("b.jsonl"),
        r#"{"id": "t-1", "channel": "chat", "turns": [{"speaker": "agent", "text": "Jó napot! Miben segíthetek?"}]}"#,
    )
    .unwrap();
    let folder = folder.to_str().unwrap();
    for expected in [
        "1 new, 0 unchanged, 0 updated, 1 skipped (id read twice)",
        "0 new, 1 unchanged, 0 updated, 1 skipped (id read twice)",
    ] {
        let out = import(&[folder, "--db", &db, "--no-progress"]);
        assert!(out.status.success());
        assert_eq!(stdout(&out), expected);
        assert!(String::from_utf8_lossy(&out.stderr).contains("the first one is kept"));
    }
}
