//! Detector fixtures: readable conversations with caret lines under the spans a detector must find.
//!
//! One file is one conversation. The same files drive the fixture tests and
//! `hearback eval fixtures` (precision and recall per detector and language), so a fixture is
//! both a test and a measurement.
//!
//! ```text
//! # customer: Ольга            header lines: agent, customer, channel, company, lang
//! # any other comment
//! agent: Да отстаньте вы уже, я же сказала.
//!        ^^^^^^^^^^^^^^^^^^^ rudeness
//! [12.0-15.5] customer: а что мне делать?      optional [start-end] seconds (or [mm:ss])
//! agent: как я уже говорила, ничего.
//!        ^^^^^^^^^^^^^^^^^^ rudeness known-miss   (a documented miss: asserted as a miss)
//! ```
//! The carets' columns are counted in characters of the line above, so the expected span is
//! exactly the characters above the carets. A file without carets for its detector is a negative:
//! the detector must find nothing in it.

use std::collections::BTreeMap;

use crate::analysis::{AnalyseOptions, analyse};
use crate::conversation::{Channel, Conversation, Party, Speaker, Turn};
use crate::detectors::{Detector, Finding};
use crate::language::Lang;

/// A fixture file as embedded at build time.
#[derive(Debug, Clone, Copy)]
pub struct FixtureFile {
    /// The detector folder's name with `_` as `-`, i.e. the detector id.
    pub detector: &'static str,
    pub lang: &'static str,
    pub name: &'static str,
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

/// A parsed fixture.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    pub conversation: Conversation,
    /// Company names the scorecard would name (`# company: Ромашка, Romashka`).
    pub company: Vec<String>,
    pub expected: Vec<Expected>,
}

/// A span the detector named `detector` must find (or, when `known_miss`, is known to miss).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub detector: String,
    pub turn: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub known_miss: bool,
    /// 1-based line of the caret line.
    pub line: usize,
}

/// A mistake in a fixture file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FixtureError {
    pub line: usize,
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> FixtureError {
    FixtureError {
        line,
        message: message.into(),
    }
}

/// `[12.5-14]`, `[00:12-00:14.5]` or `[00:12]` → (start, end?).
fn parse_times(s: &str) -> Option<(f64, Option<f64>)> {
    fn seconds(s: &str) -> Option<f64> {
        let mut total = 0.0;
        for part in s.trim().split(':') {
            total = total * 60.0 + part.trim().parse::<f64>().ok()?;
        }
        Some(total)
    }
    match s.split_once('-') {
        Some((a, b)) => Some((seconds(a)?, Some(seconds(b)?))),
        None => Some((seconds(s)?, None)),
    }
}

/// Parses a fixture. Labels are role words (`agent`, `customer`, `оператор`, `ügyfél`…); names are
/// not allowed here because a fixture must say who is who.
pub fn parse(text: &str) -> Result<Fixture, FixtureError> {
    let mut conversation = Conversation {
        id: "fixture".to_string(),
        ..Conversation::default()
    };
    let mut company = Vec::new();
    let mut expected = Vec::new();
    // (turn index, char column where the turn's text starts) of the last turn line.
    let mut last_turn: Option<(usize, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            if let Some((key, value)) = comment.split_once(':') {
                let value = value.trim();
                match key.trim() {
                    "agent" => {
                        conversation.agent = Some(Party {
                            name: Some(value.to_string()),
                            ..Party::default()
                        })
                    }
                    "customer" => {
                        conversation.customer = Some(Party {
                            name: Some(value.to_string()),
                            ..Party::default()
                        })
                    }
                    "channel" => {
                        conversation.channel = Channel::parse(value)
                            .ok_or_else(|| err(line_no, format!("unknown channel `{value}`")))?
                    }
                    "company" => company.extend(
                        value
                            .split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(String::from),
                    ),
                    "lang" => conversation.language = Some(Lang::parse(value)),
                    _ => {}
                }
            }
            continue;
        }
        if trimmed.starts_with('^') {
            let (turn, text_col) =
                last_turn.ok_or_else(|| err(line_no, "a caret line must follow a turn line"))?;
            let chars: Vec<char> = raw.chars().collect();
            let first = chars.iter().position(|&c| c == '^').unwrap_or(0);
            let count = chars[first..].iter().take_while(|&&c| c == '^').count();
            let tail: String = chars[first + count..].iter().collect();
            let rest: Vec<&str> = tail.split_whitespace().collect();
            let Some(detector) = rest.first() else {
                return Err(err(line_no, "carets must be followed by a detector id"));
            };
            let known_miss = match rest.get(1) {
                None => false,
                Some(&"known-miss") => true,
                Some(other) => {
                    return Err(err(
                        line_no,
                        format!("unexpected `{other}` after the detector id (only `known-miss`)"),
                    ));
                }
            };
            if first < text_col {
                return Err(err(line_no, "the carets start before the turn's text"));
            }
            let turn_len = conversation.turns[turn].text.chars().count();
            let (start, end) = (first - text_col, first - text_col + count);
            if end > turn_len {
                return Err(err(
                    line_no,
                    "the carets run past the end of the turn's text",
                ));
            }
            expected.push(Expected {
                detector: detector.to_string(),
                turn,
                char_start: start,
                char_end: end,
                known_miss,
                line: line_no,
            });
            continue;
        }
        // A turn line: optional [times], label, ':', text.
        let mut rest = raw.trim_start();
        let mut times = None;
        if let Some(after) = rest.strip_prefix('[') {
            let Some((inside, tail)) = after.split_once(']') else {
                return Err(err(line_no, "unclosed `[` in the timestamp"));
            };
            times = Some(
                parse_times(inside)
                    .ok_or_else(|| err(line_no, format!("bad timestamp `[{inside}]`")))?,
            );
            rest = tail.trim_start();
        }
        let Some((label, body)) = rest.split_once(':') else {
            return Err(err(line_no, "expected `speaker: text`"));
        };
        let speaker = match label.trim().to_lowercase().as_str() {
            "agent" => Speaker::Agent,
            "customer" => Speaker::Customer,
            "system" => Speaker::System,
            other => Speaker::from_label(other)
                .ok_or_else(|| err(line_no, format!("`{label}` is not a role word")))?,
        };
        let body_trimmed = body.trim_start();
        let text_start_byte = raw.len() - body_trimmed.len();
        let text_col = raw[..text_start_byte].chars().count();
        let text = body_trimmed.trim_end().to_string();
        let mut turn = Turn::new(speaker, text);
        turn.line = u32::try_from(line_no).ok();
        if let Some((start, end)) = times {
            turn.start = Some(start);
            turn.end = end;
        }
        conversation.turns.push(turn);
        last_turn = Some((conversation.turns.len() - 1, text_col));
    }
    if conversation.turns.is_empty() {
        return Err(err(1, "the fixture has no turns"));
    }
    // A turn with only a start ends where the next one starts.
    for i in 0..conversation.turns.len() {
        if conversation.turns[i].start.is_some() && conversation.turns[i].end.is_none() {
            let next = conversation.turns.get(i + 1).and_then(|t| t.start);
            conversation.turns[i].end = next.or(conversation.turns[i].start);
        }
    }
    Ok(Fixture {
        conversation,
        company,
        expected,
    })
}

/// What a detector did on one fixture.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Expected spans found.
    pub true_positives: usize,
    /// Findings with no expected span under them.
    pub false_positives: Vec<Finding>,
    /// Expected spans not found (known misses included: they count against recall).
    pub false_negatives: Vec<Expected>,
    /// Known misses the detector now finds: the marker should go.
    pub known_misses_found: Vec<Expected>,
}

impl Outcome {
    /// True when the fixture holds: nothing unexpected, nothing missed but the known misses.
    pub fn holds(&self) -> bool {
        self.false_positives.is_empty()
            && self.false_negatives.iter().all(|e| e.known_miss)
            && self.known_misses_found.is_empty()
    }

    /// Sentences for a failing test.
    pub fn explain(&self, fixture: &Fixture) -> Vec<String> {
        let turns = &fixture.conversation.turns;
        let quote = |turn: usize, s: usize, e: usize| -> String {
            turns
                .get(turn)
                .map(|t| t.text.chars().skip(s).take(e.saturating_sub(s)).collect())
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        for f in &self.false_positives {
            let spans: Vec<String> = f
                .evidence
                .iter()
                .map(|e| format!("turn {} «{}»", e.turn + 1, e.quote))
                .collect();
            out.push(format!(
                "unexpected finding: {} ({})",
                f.note,
                spans.join(", ")
            ));
        }
        for e in self.false_negatives.iter().filter(|e| !e.known_miss) {
            out.push(format!(
                "line {}: missed «{}»",
                e.line,
                quote(e.turn, e.char_start, e.char_end)
            ));
        }
        for e in &self.known_misses_found {
            out.push(format!(
                "line {}: the known miss «{}» is now found: remove `known-miss`",
                e.line,
                quote(e.turn, e.char_start, e.char_end)
            ));
        }
        out
    }
}

/// Runs `detector` over a fixture and compares its findings with the carets naming it.
pub fn evaluate(detector: &dyn Detector, fixture: &Fixture, lang: Lang) -> Outcome {
    let options = AnalyseOptions {
        language: fixture.conversation.language.or(Some(lang)),
        company: fixture.company.clone(),
    };
    let analysis = analyse(&fixture.conversation, &options);
    let mut findings = Vec::new();
    detector.detect(&analysis, &mut findings);
    findings.retain(|f| f.detector == detector.id());
    let expected: Vec<&Expected> = fixture
        .expected
        .iter()
        .filter(|e| e.detector == detector.id())
        .collect();
    let overlaps = |f: &Finding, e: &Expected| {
        f.evidence
            .iter()
            .any(|ev| ev.turn == e.turn && ev.char_start < e.char_end && e.char_start < ev.char_end)
    };
    let mut outcome = Outcome::default();
    for f in &findings {
        if !expected.iter().any(|e| overlaps(f, e)) {
            outcome.false_positives.push(f.clone());
        }
    }
    for e in expected {
        let found = findings.iter().any(|f| overlaps(f, e));
        match (found, e.known_miss) {
            (true, false) => outcome.true_positives += 1,
            (true, true) => outcome.known_misses_found.push(e.clone()),
            (false, _) => outcome.false_negatives.push(e.clone()),
        }
    }
    outcome
}

/// Precision and recall of one detector in one language over its fixtures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub files: usize,
    pub positive_files: usize,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Tally {
    pub fn precision(&self) -> Option<f64> {
        let d = self.true_positives + self.false_positives;
        (d > 0).then(|| self.true_positives as f64 / d as f64)
    }

    pub fn recall(&self) -> Option<f64> {
        let d = self.true_positives + self.false_negatives;
        (d > 0).then(|| self.true_positives as f64 / d as f64)
    }
}

/// Evaluates every embedded fixture: (detector id, language) → tally, plus the files that could
/// not be parsed or whose detector does not exist.
pub fn evaluate_all() -> (BTreeMap<(String, String), Tally>, Vec<String>) {
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in FIXTURE_FILES {
        let Some(detector) = super::by_id(file.detector) else {
            problems.push(format!(
                "{}/{}/{}: no detector `{}`",
                file.detector, file.lang, file.name, file.detector
            ));
            continue;
        };
        let fixture = match parse(file.text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!(
                    "{}/{}/{}: {e}",
                    file.detector, file.lang, file.name
                ));
                continue;
            }
        };
        let outcome = evaluate(detector, &fixture, Lang::parse(file.lang));
        let t = tallies
            .entry((file.detector.to_string(), file.lang.to_string()))
            .or_default();
        t.files += 1;
        if fixture.expected.iter().any(|e| e.detector == file.detector) {
            t.positive_files += 1;
        }
        t.true_positives += outcome.true_positives;
        t.false_positives += outcome.false_positives.len();
        t.false_negatives += outcome.false_negatives.len();
    }
    (tallies, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_mark_the_characters_above_them() {
        let f = parse(
            "# customer: Ольга\nagent: Да отстаньте вы уже, я же сказала.\n       ^^^^^^^^^^^^^^^^^^^ rudeness\n",
        )
        .unwrap();
        assert_eq!(f.conversation.customer.unwrap().name.unwrap(), "Ольга");
        let e = &f.expected[0];
        let quote: String = f.conversation.turns[0]
            .text
            .chars()
            .skip(e.char_start)
            .take(e.char_end - e.char_start)
            .collect();
        assert_eq!(quote, "Да отстаньте вы уже");
        assert!(!e.known_miss);
    }

    #[test]
    fn timestamps_and_known_misses_are_read() {
        let f = parse(
            "[1.5-3] customer: Я жду уже час\n[00:02] agent: угу, как я уже говорила\n                    ^^^^^^^^^^^^^^^^^^ rudeness known-miss\n[4] customer: ладно\n",
        )
        .unwrap();
        assert_eq!(f.conversation.turns[0].start, Some(1.5));
        assert_eq!(f.conversation.turns[0].end, Some(3.0));
        assert_eq!(f.conversation.turns[1].end, Some(4.0));
        assert!(f.expected[0].known_miss);
        assert_eq!(f.expected[0].char_start, 5);
    }

    #[test]
    fn mistakes_name_their_line() {
        assert_eq!(parse("agent: hi\n  ^^^^ x\n").unwrap_err().line, 2);
        assert_eq!(parse("Анна: привет\n").unwrap_err().line, 1);
        assert_eq!(parse("agent: hi\n       ^^^^^^^ x\n").unwrap_err().line, 2);
        assert_eq!(parse("^ x\n").unwrap_err().line, 1);
    }
}
