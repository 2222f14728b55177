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

/// One file with a mistake of every kind: all are reported at once, in file order, each with
/// its line, column and field.
const BROKEN: &str = r#"id = "Broken Card"
version = "1"
pass_threshold = 140
colour = "red"

[[section]]
id = "opening"

[[criterion]]
id = "greeting"
section = "opening"
wieght = 5
phrases.en = ["(hello|hi"]

[[criterion]]
id = "greeting"
section = "nowhere"
weight = 0
detector = "no-such-detector"

[[criterion]]
id = "listening"
section = "opening"
timing = "interruptions"
max = "none"

[[criterion]]
id = "rude"
section = "opening"
phrases.ru = ["идиот NEAR/x дурак"]
pass_when = "sometimes"
speaker = "boss"
na_when = ["no-clock"]
within = { first_turn = 2 }

[[test]]
name = "a test"
transcript = """
agent: hello
Anna: hi
"""
expect = { greting = "pass", listening = "maybe" }
"#;

#[test]
fn a_broken_card_reports_every_mistake_with_its_line_and_column() {
    let errors = scorecard::parse(BROKEN).unwrap_err();
    let got: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.field.as_deref().unwrap_or("")))
        .collect();
    let want = [
        (1, 6, "id"),
        (3, 18, "pass_threshold"),
        (4, 1, "colour"),
        (12, 1, "criterion[greeting].wieght"),
        (13, 16, "criterion[greeting].phrases.en"),
        (16, 6, "criterion[greeting].id"),
        (17, 11, "criterion[greeting].section"),
        (18, 10, "criterion[greeting].weight"),
        (19, 12, "criterion[greeting].detector"),
        (25, 7, "criterion[listening].max"),
        (30, 27, "criterion[rude].phrases.ru"),
        (31, 13, "criterion[rude].pass_when"),
        (32, 11, "criterion[rude].speaker"),
        (33, 12, "criterion[rude].na_when"),
        (34, 12, "criterion[rude].within"),
        (40, 1, "test[a test].transcript"),
        (42, 12, "test[a test].expect"),
        (42, 42, "test[a test].expect.listening"),
    ];
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(got, want, "errors:\n{}", shown.join("\n"));
    // The messages say what is wrong and what would be right.
    let text = shown.join("\n");
    for needle in [
        "not a kebab-case id",
        "percentage from 0 to 100, not 140",
        "unknown field `colour`",
        "did you mean `weight`?",
        "`(` is never closed",
        "duplicate criterion id `greeting`",
        "unknown section `nowhere`; declared sections: opening",
        "greater than 0, not 0",
        "unknown detector `no-such-detector`",
        "invalid type: string \"none\", expected f64",
        "NEAR/ needs a number of words from 0 to 50, not `x`",
        "unknown value `sometimes`; expected one of: found, absent",
        "unknown value `boss`; expected one of: agent, customer, any",
        "unknown N/A condition `no-clock`",
        "unknown field `first_turn`",
        "unknown speaker `Anna`",
        "unknown criterion `greting`",
        "unknown value `maybe`; expected one of: pass, fail, na",
    ] {
        assert!(text.contains(needle), "no error says {needle:?}:\n{text}");
    }
}

#[test]
fn toml_syntax_errors_are_all_reported_with_lines() {
    let errors =
        scorecard::parse("id = \"x\"\nversion = = \"1\"\n[[criterion]\nid = \"y\"\n").unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert!(lines.contains(&2) && lines.contains(&3), "{errors:?}");
}

#[test]
fn a_phrase_error_column_points_inside_the_phrase() {
    // The `(` that is never closed is the 9th character of the phrase, which starts at column
    // 16 (after the opening quote at column 15).
    let src =
        "id = \"x\"\nversion = \"1\"\n[[criterion]]\nid = \"a\"\nphrases.en = [\"say it (loud\"]\n";
    let e = &scorecard::parse(src).unwrap_err()[0];
    assert_eq!((e.line, e.column), (5, 23), "{e}");
    let line = src.lines().nth(4).unwrap_or_default();
    assert_eq!(line.chars().nth(e.column - 1), Some('('));
}

#[test]
#[expect(
    clippy::disallowed_methods,
    reason = "the test reads the documentation; the library stays pure"
)]
fn the_commented_example_in_the_docs_parses_and_passes_its_tests() {
    let docs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scorecards.md"),
    )
    .unwrap();
    let start = docs.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &docs[start..start + docs[start..].find("```").unwrap()];
    let card = scorecard::parse(example).unwrap_or_else(|errors| {
        panic!(
            "the example in docs/scorecards.md does not parse:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(card.company, ["Акме", "Acme"]);
    let outcomes = scorecard::run_tests(&card);
    assert!(!outcomes.is_empty());
    let failed = report("docs/scorecards.md", &outcomes);
    assert!(failed.is_empty(), "{failed}");
}

/// Invariants of every result, checked on every conversation of the built-in tests: evidence
/// quotes are the exact character slice of their turn, points never exceed the maximum, N/A
/// earns and weighs nothing, and every rationale says something.
#[test]
fn every_result_keeps_its_invariants() {
    use hearback_core::{AnalyseOptions, Verdict, analyse, detectors, score};
    let card = scorecard::builtin();
    for t in &card.tests {
        let options = AnalyseOptions {
            language: t.lang,
            company: card.company.clone(),
            ..AnalyseOptions::default()
        };
        let a = analyse(&t.conversation, &options);
        let r = score(&a, &detectors::detect_all(&a), &card);
        assert!(
            (0.0..=100.0).contains(&r.score),
            "{}: score {}",
            t.name,
            r.score
        );
        for c in &r.criteria {
            assert!(
                !c.rationale.trim().is_empty(),
                "{}: {} has no rationale",
                t.name,
                c.id
            );
            assert!(c.points <= c.max_points, "{}: {}", t.name, c.id);
            if c.verdict == Verdict::Na {
                assert_eq!((c.points, c.max_points), (0.0, 0.0), "{}: {}", t.name, c.id);
            }
            for e in &c.evidence {
                let text = &t.conversation.turns[e.turn].text;
                let slice: String = text
                    .chars()
                    .skip(e.char_start)
                    .take(e.char_end - e.char_start)
                    .collect();
                assert_eq!(slice, e.quote, "{}: {}", t.name, c.id);
                assert_eq!(e.speaker, t.conversation.turns[e.turn].speaker);
            }
        }
    }
}

/// `parse` never panics: truncations every thousand characters and a few hundred single-character
/// corruptions of the built-in file give a card or errors with positions inside the text.
#[test]
fn parse_never_panics_on_mangled_files() {
    let src = scorecard::BUILTIN_SOURCE;
    let lines = src.lines().count() + 1;
    let check = |text: &str| {
        if let Err(errors) = scorecard::parse(text) {
            assert!(!errors.is_empty());
            for e in errors {
                assert!(e.line >= 1 && e.line <= lines + 1 && e.column >= 1, "{e}");
            }
        }
    };
    let boundaries: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
    for &cut in boundaries.iter().step_by(997) {
        check(&src[..cut]);
    }
    // A small linear congruential generator: deterministic, no dependency.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) as usize % n
    };
    let specials = [
        '"', '\'', '(', ')', '|', '*', '{', '}', '[', ']', '=', '\n', '#', 'N', ' ',
    ];
    for _ in 0..200 {
        let at = boundaries[next(boundaries.len())];
        let ch = specials[next(specials.len())];
        let mut mangled = String::with_capacity(src.len() + 4);
        mangled.push_str(&src[..at]);
        mangled.push(ch);
        mangled.push_str(&src[at..]);
        check(&mangled);
    }
}
