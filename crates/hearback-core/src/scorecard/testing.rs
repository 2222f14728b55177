//! A scorecard's own `[[test]]` blocks: tiny conversations with the verdicts the author expects.
//!
//! Why tests live in the scorecard: a QA team changing a phrase list sees at once which of their
//! examples it breaks, with `hearback scorecard check`, and the project's suite runs the same
//! blocks through the same function, so the two can never disagree.

use crate::analysis::{AnalyseOptions, analyse};
use crate::conversation::Conversation;
use crate::detectors;
use crate::language::Lang;
use crate::result::Verdict;
use crate::score::score;

use super::Scorecard;

/// One `[[test]]` block, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub name: String,
    /// Line of the block in the file (1-based).
    pub line: usize,
    /// Forces the language (as `--lang` does); detected when absent.
    pub lang: Option<Lang>,
    pub conversation: Conversation,
    pub expect: Vec<Expectation>,
    pub expect_score: Option<f64>,
    pub expect_passed: Option<bool>,
}

/// An expected verdict for one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub criterion: String,
    pub verdict: Verdict,
}

/// The outcome of one test: each failed expectation says what it got and why.
#[derive(Debug, Clone, PartialEq)]
pub struct TestOutcome {
    pub name: String,
    pub line: usize,
    pub passed: bool,
    pub failures: Vec<String>,
}

/// Scores within this many points of `expect_score` pass: scores are rounded to one decimal.
const SCORE_TOLERANCE: f64 = 0.051;

/// Runs every `[[test]]` block of a card, in file order.
pub fn run_tests(card: &Scorecard) -> Vec<TestOutcome> {
    card.tests.iter().map(|t| run_test(card, t)).collect()
}

fn run_test(card: &Scorecard, test: &TestCase) -> TestOutcome {
    // The same options `hearback score` uses, so detectors see the card's company names here too.
    let options = AnalyseOptions {
        language: test.lang,
        company: card.company.clone(),
        ..AnalyseOptions::default()
    };
    let analysis = analyse(&test.conversation, &options);
    let findings = detectors::detect_all(&analysis);
    let result = score(&analysis, &findings, card);
    let mut failures = Vec::new();
    for e in &test.expect {
        match result.criteria.iter().find(|c| c.id == e.criterion) {
            Some(c) if c.verdict == e.verdict => {}
            Some(c) => failures.push(format!(
                "{}: expected {}, got {} — {}",
                e.criterion,
                e.verdict.as_str(),
                c.verdict.as_str(),
                c.rationale
            )),
            None => failures.push(format!("{}: not in the result", e.criterion)),
        }
    }
    if let Some(want) = test.expect_score
        && (result.score - want).abs() > SCORE_TOLERANCE
    {
        failures.push(format!("score: expected {want}, got {}", result.score));
    }
    if let Some(want) = test.expect_passed
        && result.passed != want
    {
        failures.push(format!(
            "passed: expected {want}, got {} (score {}, threshold {})",
            result.passed, result.score, card.pass_threshold
        ));
    }
    TestOutcome {
        name: test.name.clone(),
        line: test.line,
        passed: failures.is_empty(),
        failures,
    }
}
