//! Scorecards end to end: the built-in standard and every file under `scorecards/` parse, and
//! their own `[[test]]` blocks pass — the same runner `hearback scorecard check` uses.

use std::path::{Path, PathBuf};

use hearback_core::scorecard::{self, TestOutcome};

fn report(file: &str, outcomes: &[TestOutcome]) -> String {
    outcomes
        .iter()
        .filter(|o| !o.passed)
        .map(|o| {
            format!(
                "{file}:{} {}\n    {}",
                o.line,
                o.name,
                o.failures.join("\n    ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_builtin_standard_parses_and_passes_its_own_tests() {
    let card = scorecard::parse(scorecard::BUILTIN_SOURCE).unwrap_or_else(|errors| {
        panic!(
            "default.toml does not parse:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(scorecard::builtin(), card);
    let outcomes = scorecard::run_tests(&card);
    assert!(
        outcomes.len() >= 36,
        "the default card should carry its tests"
    );
    let failed = report("scorecards/default.toml", &outcomes);
    assert!(failed.is_empty(), "failed scorecard tests:\n{failed}");
}

#[test]
fn the_builtin_standard_has_the_twelve_interface_ids() {
    let card = scorecard::builtin();
    let ids: Vec<&str> = card.criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
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
        ]
    );
    let critical: Vec<&str> = card
        .criteria
        .iter()
        .filter(|c| c.critical)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(critical, ["courtesy"]);
    // At least three tests per criterion, across the languages.
    for id in ids {
        let n = card
            .tests
            .iter()
            .filter(|t| t.expect.iter().any(|e| e.criterion == id))
            .count();
        assert!(n >= 3, "criterion {id} has only {n} tests");
    }
}

fn scorecard_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            scorecard_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
#[expect(
    clippy::disallowed_methods,
    reason = "the test reads the repository's scorecard files; the library stays pure"
)]
fn every_scorecard_file_parses_and_passes_its_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scorecards");
    let mut files = Vec::new();
    scorecard_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() >= 2,
        "expected default.toml and the examples under {}",
        root.display()
    );
    let mut problems = Vec::new();
    for file in &files {
        let name = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        let text = std::fs::read_to_string(file).unwrap();
        match scorecard::parse(&text) {
            Err(errors) => problems.push(format!(
                "{name} does not parse:\n{}",
                errors
                    .iter()
                    .map(|e| format!("  {e}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            Ok(card) => {
                let outcomes = scorecard::run_tests(&card);
                if outcomes.is_empty() {
                    problems.push(format!("{name} has no [[test]] blocks"));
                }
                let failed = report(&name, &outcomes);
                if !failed.is_empty() {
                    problems.push(failed);
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
