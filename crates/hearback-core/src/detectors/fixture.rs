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
//!
//! ## Promise due times
//!
//! The agent's commitments (`specific-promise` and `vague-promise` spans) may also say when they
//! are due, so `hearback eval fixtures` can measure the due times of
//! [`crate::promises::promises`] and not only whether a commitment was found:
//!
//! ```text
//! # started_at: 2026-11-20T10:15:00+03:00     RFC 3339: the conversation's start and offset
//! agent: Перезвоню вам завтра до обеда.
//!        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ specific-promise due=2026-11-21T13:00
//! agent: Отправлю договор, как только смогу.
//!        ^^^^^^^^^^^^^^^^ vague-promise due=none
//! ```
//! `due=` follows the detector id, before or after `known-miss`, and is one of
//! - a local date-time in `started_at`'s offset, seconds optional: `due=2026-11-21T13:00`,
//!   `due=2026-11-21T13:00:30`;
//! - a full RFC 3339 time: `due=2026-11-21T13:00:00+03:00` (compared as an instant);
//! - `due=none`: a commitment with no calendar value (a vague one, "on your next bill").
//!
//! Due times are worked out by hand from the rules in docs/promises.md, never copied from
//! Hearback's output: the point is to catch where the resolution is wrong. `due=` needs a
//! `# started_at:` header (without one there is nothing to resolve against) and belongs only to
//! the two promise detectors; anything else is a [`FixtureError`] naming the line.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use crate::analysis::{AnalyseOptions, analyse};
use crate::conversation::{Channel, Conversation, Party, Speaker, Turn};
use crate::detectors::{Detector, Finding};
use crate::language::Lang;
use crate::promises::{Promise, promises};

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
    /// The due time a promise span asks for (`due=…`); `None` when the caret line has none.
    pub due: Option<DueExpected>,
}

/// The due time a fixture asks of a promise (`due=…` on its caret line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueExpected {
    /// Due at this instant (a local `due=` is read in `started_at`'s offset).
    At(DateTime<FixedOffset>),
    /// `due=none`: a commitment with no calendar value; the promise's `due` must be null.
    Undated,
}

impl DueExpected {
    /// True when a promise's computed due time is the one asked for. Instants compare as
    /// instants, so `+03:00` and `Z` spellings of one moment agree.
    pub fn matches(&self, due: Option<DateTime<FixedOffset>>) -> bool {
        match (self, due) {
            (Self::Undated, None) => true,
            (Self::At(want), Some(got)) => *want == got,
            _ => false,
        }
    }
}

impl std::fmt::Display for DueExpected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::At(d) => f.write_str(&d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
            Self::Undated => f.write_str("none"),
        }
    }
}

/// The detectors whose spans are the agent's commitments, and may carry `due=`.
pub const PROMISE_DETECTORS: [&str; 2] = ["specific-promise", "vague-promise"];

/// A `due=` value as written, before `started_at` is known (it may come later in the file).
enum DueText {
    Local(NaiveDateTime),
    Fixed(DateTime<FixedOffset>),
    Undated,
}

fn parse_due(value: &str) -> Option<DueText> {
    if value == "none" {
        return Some(DueText::Undated);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(value) {
        return Some(DueText::Fixed(d));
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .map(DueText::Local)
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
    // (index into `expected`, the `due=` as written): resolved once `started_at` is known.
    let mut dues: Vec<(usize, DueText)> = Vec::new();
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
                    "started_at" => {
                        conversation.started_at =
                            Some(DateTime::parse_from_rfc3339(value).map_err(|e| {
                                err(
                                    line_no,
                                    format!(
                                        "`{value}` is not an RFC 3339 time for started_at: {e}"
                                    ),
                                )
                            })?)
                    }
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
            let mut known_miss = false;
            let mut due = None;
            for word in &rest[1..] {
                if *word == "known-miss" && !known_miss {
                    known_miss = true;
                } else if let Some(value) = word.strip_prefix("due=").filter(|_| due.is_none()) {
                    if !PROMISE_DETECTORS.contains(detector) {
                        return Err(err(
                            line_no,
                            format!(
                                "`due=` belongs to {} spans, not `{detector}`",
                                PROMISE_DETECTORS.join(" and ")
                            ),
                        ));
                    }
                    due = Some(parse_due(value).ok_or_else(|| {
                        err(
                            line_no,
                            format!(
                                "`due={value}`: expected `none`, a local `YYYY-MM-DDTHH:MM[:SS]` or an RFC 3339 time"
                            ),
                        )
                    })?);
                } else {
                    return Err(err(
                        line_no,
                        format!(
                            "unexpected `{word}` after the detector id (only `known-miss` and one `due=`)"
                        ),
                    ));
                }
            }
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
            if let Some(d) = due {
                dues.push((expected.len(), d));
            }
            expected.push(Expected {
                detector: detector.to_string(),
                turn,
                char_start: start,
                char_end: end,
                known_miss,
                line: line_no,
                due: None,
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
    for (i, due) in dues {
        let e = &mut expected[i];
        e.due = Some(match due {
            DueText::Undated => DueExpected::Undated,
            DueText::Fixed(d) => DueExpected::At(d),
            DueText::Local(local) => {
                let offset = conversation
                    .started_at
                    .map(|s| *s.offset())
                    .ok_or_else(|| {
                        err(
                            e.line,
                            "a local `due=` needs a `# started_at:` header for its UTC offset",
                        )
                    })?;
                DueExpected::At(
                    local
                        .and_local_timezone(offset)
                        .single()
                        .ok_or_else(|| err(e.line, "the `due=` time does not exist"))?,
                )
            }
        });
        if conversation.started_at.is_none() {
            return Err(err(
                e.line,
                "`due=` needs a `# started_at:` header: a due time is relative to the start",
            ));
        }
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
        ..AnalyseOptions::default()
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

/// What became of one commitment of a fixture under [`crate::promises::promises`].
#[derive(Debug, Clone, PartialEq)]
pub struct PromiseSpan {
    /// The commitment's caret spans: usually one; more when its time stands in a later turn
    /// («Когда?» — «Завтра до обеда»), joined because one detector finding covers them all.
    pub expected: Vec<Expected>,
    /// Where each of `expected` is in [`Fixture::expected`].
    pub indices: Vec<usize>,
    /// The promise over the spans (of several, the one that agrees best with the labels).
    pub found: Option<Promise>,
}

impl PromiseSpan {
    /// The first span names the kind of commitment the labels ask for.
    pub fn vague_expected(&self) -> bool {
        self.expected
            .first()
            .is_some_and(|e| e.detector == "vague-promise")
    }

    /// The labelled due time: the first `due=` among the spans.
    pub fn due(&self) -> Option<DueExpected> {
        self.expected.iter().find_map(|e| e.due)
    }

    /// Known to be missed when every span of it is.
    pub fn known_miss(&self) -> bool {
        self.expected.iter().all(|e| e.known_miss)
    }

    /// Whether the promise's vague flag is the one its spans' detector implies.
    pub fn vague_agrees(&self) -> Option<bool> {
        let p = self.found.as_ref()?;
        Some(p.vague == self.vague_expected())
    }

    /// Whether the computed due time is the labelled one; `None` without a match or a `due=`.
    pub fn due_exact(&self) -> Option<bool> {
        let want = self.due()?;
        Some(want.matches(self.found.as_ref()?.due))
    }
}

/// The promises of one fixture against its commitments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PromiseOutcome {
    /// One entry per commitment (spans of a promise detector, joined as above), in the order of
    /// their first span.
    pub spans: Vec<PromiseSpan>,
    /// Promises over no commitment span.
    pub unexpected: Vec<Promise>,
}

/// Runs [`crate::promises::promises`] over a fixture and matches each promise with the spans of
/// both promise detectors ([`PROMISE_DETECTORS`]): a match is an overlap in the same turn, as
/// for detectors. Spans of one detector that one of its findings covers together are one commitment (a promise lists
/// it once, at its verb). Where several promises overlap one commitment, the one whose vague flag
/// and due time agree with the labels is taken, so a second reading of the same words costs
/// nothing.
pub fn evaluate_promises(fixture: &Fixture, lang: Lang) -> PromiseOutcome {
    let options = AnalyseOptions {
        language: fixture.conversation.language.or(Some(lang)),
        company: fixture.company.clone(),
        ..AnalyseOptions::default()
    };
    let analysis = analyse(&fixture.conversation, &options);
    let found = promises(&analysis);
    let expected: Vec<usize> = (0..fixture.expected.len())
        .filter(|&i| PROMISE_DETECTORS.contains(&fixture.expected[i].detector.as_str()))
        .collect();
    // Join the spans each finding of the promise detectors covers (union-find over `expected`).
    let mut findings = Vec::new();
    for id in PROMISE_DETECTORS {
        if let Some(d) = super::by_id(id) {
            d.detect(&analysis, &mut findings);
        }
    }
    let mut parent: Vec<usize> = (0..expected.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for f in findings
        .iter()
        .filter(|f| PROMISE_DETECTORS.contains(&f.detector))
    {
        let covered: Vec<usize> = (0..expected.len())
            .filter(|&k| {
                let e = &fixture.expected[expected[k]];
                // Only a detector's own spans: a finding of one kind does not join a
                // commitment of the other that happens to share its sentence.
                e.detector == f.detector
                    && f.evidence.iter().any(|ev| {
                        ev.turn == e.turn
                            && ev.char_start < e.char_end
                            && e.char_start < ev.char_end
                    })
            })
            .collect();
        for pair in covered.windows(2) {
            let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (k, &i) in expected.iter().enumerate() {
        let r = root(&mut parent, k);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }

    let overlaps = |p: &Promise, e: &Expected| {
        p.evidence.turn == e.turn
            && p.evidence.char_start < e.char_end
            && e.char_start < p.evidence.char_end
    };
    let unexpected = found
        .iter()
        .filter(|p| !expected.iter().any(|&i| overlaps(p, &fixture.expected[i])))
        .cloned()
        .collect();
    let spans = groups
        .into_iter()
        .map(|indices| {
            let mut span = PromiseSpan {
                expected: indices
                    .iter()
                    .map(|&i| fixture.expected[i].clone())
                    .collect(),
                indices,
                found: None,
            };
            let score = |p: &Promise| {
                let vague = p.vague == span.vague_expected();
                let due = span.due().is_none_or(|d| d.matches(p.due));
                usize::from(vague) + 2 * usize::from(due)
            };
            let best = found
                .iter()
                .filter(|p| span.expected.iter().any(|e| overlaps(p, e)))
                // The first of equally good ones.
                .fold(None::<&Promise>, |best, p| match best {
                    Some(b) if score(b) >= score(p) => Some(b),
                    _ => Some(p),
                });
            span.found = best.cloned();
            span
        })
        .collect();
    PromiseOutcome { spans, unexpected }
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
    fn due_times_are_read_in_the_offset_of_started_at() {
        let f = parse(concat!(
            "# started_at: 2026-11-20T10:15:00+05:00\n",
            "agent: Перезвоню завтра до обеда, а договор пришлю когда-нибудь.\n",
            "       ^^^^^^^^^^^^^^^^^^^^^^^^^ specific-promise due=2026-11-21T13:00\n",
            "agent: Перезвоню завтра.\n",
            "       ^^^^^^^^^^^^^^^^ specific-promise known-miss due=2026-11-21T08:00:00Z\n",
            "agent: Пришлю, как смогу.\n",
            "       ^^^^^^ vague-promise due=none known-miss\n",
        ))
        .unwrap();
        let started = f.conversation.started_at.unwrap();
        assert_eq!(started.offset().local_minus_utc(), 5 * 3600);
        let want = DateTime::parse_from_rfc3339("2026-11-21T13:00:00+05:00").unwrap();
        assert_eq!(f.expected[0].due, Some(DueExpected::At(want)));
        assert!(!f.expected[0].known_miss);
        // 08:00 UTC is 13:00 at +05:00: one instant, however it is written.
        assert!(f.expected[1].due.unwrap().matches(Some(want)));
        assert!(f.expected[1].known_miss);
        assert_eq!(f.expected[2].due, Some(DueExpected::Undated));
        assert!(f.expected[2].known_miss);
        assert!(DueExpected::Undated.matches(None));
        assert!(!DueExpected::Undated.matches(Some(want)));
        assert!(!DueExpected::At(want).matches(None));
        assert_eq!(
            DueExpected::At(want).to_string(),
            "2026-11-21T13:00:00+05:00"
        );
    }

    #[test]
    fn due_mistakes_name_their_line() {
        // No started_at to resolve against.
        let no_start =
            "agent: Перезвоню завтра.\n       ^^^^^^^^^ specific-promise due=2026-11-21T18:00\n";
        assert_eq!(parse(no_start).unwrap_err().line, 2);
        let no_start = "agent: Перезвоню.\n       ^^^^^^^^^ vague-promise due=none\n";
        assert_eq!(parse(no_start).unwrap_err().line, 2);
        // `due=` on a detector that makes no promises.
        let other =
            "# started_at: 2026-11-20T10:15:00+03:00\nagent: hi\n       ^^ greeting due=none\n";
        assert_eq!(parse(other).unwrap_err().line, 3);
        // A value that is no time, and two of them.
        let bad = "# started_at: 2026-11-20T10:15:00+03:00\nagent: hi\n       ^^ vague-promise due=tomorrow\n";
        assert_eq!(parse(bad).unwrap_err().line, 3);
        let twice = "# started_at: 2026-11-20T10:15:00+03:00\nagent: hi\n       ^^ vague-promise due=none due=none\n";
        assert_eq!(parse(twice).unwrap_err().line, 3);
        // A started_at that is not RFC 3339.
        assert_eq!(
            parse("# started_at: 20.11.2026 10:15\nagent: hi\n")
                .unwrap_err()
                .line,
            1
        );
    }

    #[test]
    fn mistakes_name_their_line() {
        assert_eq!(parse("agent: hi\n  ^^^^ x\n").unwrap_err().line, 2);
        assert_eq!(parse("Анна: привет\n").unwrap_err().line, 1);
        assert_eq!(parse("agent: hi\n       ^^^^^^^ x\n").unwrap_err().line, 2);
        assert_eq!(parse("^ x\n").unwrap_err().line, 1);
    }
}
