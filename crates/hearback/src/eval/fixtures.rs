//! `hearback eval fixtures`: every detector over its labelled fixtures, precision and recall per
//! detector and language, and each failing fixture with what was expected and what was found.
//!
//! The fixtures are the ones the core's tests run (embedded at build time), so the figures are
//! the tests' own; `--data DIR` measures a folder laid out like the detectors' source folders
//! instead, so a fixture author sees the effect of new files without rebuilding.
//!
//! Besides the detectors, a promises block per language ([`promises`]): extraction of the
//! agent's commitments, their vague flag and their due times against the `due=` labels. And an
//! experience block per language ([`experience`]): the customer's dissatisfaction, the silent
//! kind and the resolution against the labels of whole conversations.

pub(super) mod experience;
pub(super) mod promises;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use hearback_core::Lang;
use hearback_core::detectors::{self, Finding, fixture};

use super::{Case, Counts, EvalContext, EvalReport, Row, Span, SpanStatus, judge};

/// Issue 3's quality bar, for every detector in every language.
pub const PRECISION_GOAL: f64 = 0.95;
pub const RECALL_GOAL: f64 = 0.90;

/// Where the built-in fixtures live in the source tree, for paths a developer can open.
const SOURCE_ROOT: &str = "crates/hearback-core/src/detectors";

const PROTOCOL: &str = "each detector over the fixtures in its own folder \
(<detector>/fixtures/<lang>/*.txt). A finding is a true positive when its evidence overlaps a \
caret span naming the detector in the same turn; findings over no caret span are false \
positives; caret spans no finding overlaps are false negatives (known misses included). \
precision = TP/(TP+FP), recall = TP/(TP+FN), counted over spans; TN = negative fixtures \
(no caret span for the detector) where nothing was found.";

/// One fixture file to measure.
struct Source {
    detector: String,
    lang: String,
    file: String,
    path: String,
    /// The detector's `fixtures` folder, for messages about the whole folder.
    folder: String,
    text: Cow<'static, str>,
}

fn builtin() -> Vec<Source> {
    fixture::FIXTURE_FILES
        .iter()
        .map(|f| Source {
            detector: f.detector.to_string(),
            lang: f.lang.to_string(),
            file: f.name.to_string(),
            path: format!(
                "{SOURCE_ROOT}/{}/fixtures/{}/{}",
                f.detector.replace('-', "_"),
                f.lang,
                f.name
            ),
            folder: format!("{SOURCE_ROOT}/{}/fixtures", f.detector.replace('-', "_")),
            text: Cow::Borrowed(f.text),
        })
        .collect()
}

/// Reads `dir/<detector>/fixtures/<lang>/*.txt` (the folder is the detector id with `_` for `-`,
/// as in the source tree). Unreadable files become problems; a folder with no fixtures at all is
/// a usage error.
fn from_dir(dir: &Path, problems: &mut Vec<String>) -> anyhow::Result<Vec<Source>> {
    let sorted = |path: &Path| -> std::io::Result<Vec<std::path::PathBuf>> {
        let mut entries: Vec<_> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        Ok(entries)
    };
    let detector_dirs = sorted(dir).with_context(|| format!("could not read {}", dir.display()))?;
    let mut sources = Vec::new();
    for detector_dir in detector_dirs {
        let fixtures = detector_dir.join("fixtures");
        if !fixtures.is_dir() {
            continue;
        }
        let detector = file_name(&detector_dir).replace('_', "-");
        // Not a detector: the experience block reads it (experience::from_dir).
        if detector == experience::SPLIT {
            continue;
        }
        let langs = match sorted(&fixtures) {
            Ok(l) => l,
            Err(e) => {
                problems.push(format!("{}: {e}", fixtures.display()));
                continue;
            }
        };
        for lang_dir in langs.into_iter().filter(|p| p.is_dir()) {
            let files = match sorted(&lang_dir) {
                Ok(f) => f,
                Err(e) => {
                    problems.push(format!("{}: {e}", lang_dir.display()));
                    continue;
                }
            };
            for path in files
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            {
                match std::fs::read_to_string(&path) {
                    Ok(text) => sources.push(Source {
                        detector: detector.clone(),
                        lang: file_name(&lang_dir),
                        file: file_name(&path),
                        path: path.display().to_string(),
                        folder: fixtures.display().to_string(),
                        text: Cow::Owned(text),
                    }),
                    Err(e) => problems.push(format!("{}: {e}", path.display())),
                }
            }
        }
    }
    if sources.is_empty() && problems.is_empty() && !dir.join(experience::SPLIT).is_dir() {
        bail!(
            "no fixtures under {} (expected <detector>/fixtures/<lang>/*.txt, as in {SOURCE_ROOT})",
            dir.display()
        );
    }
    Ok(sources)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Rows are ordered as the detectors run (`detectors::ALL`) and then ru, hu, en, so the table
/// reads like the scorecard rather than alphabetically.
type Key = (usize, usize, String);

fn key(detector: &str, lang: &str) -> Option<Key> {
    let d = detectors::ALL.iter().position(|d| d.id() == detector)?;
    let l = Lang::SUPPORTED
        .iter()
        .position(|l| l.code() == lang)
        .unwrap_or(Lang::SUPPORTED.len());
    Some((d, l, lang.to_string()))
}

pub fn run(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    let mut problems = Vec::new();
    let sources = match &ctx.data {
        Some(dir) => from_dir(dir, &mut problems)?,
        None => builtin(),
    };
    let wanted_detector = |id: &str| ctx.detector.as_deref().is_none_or(|d| d == id);
    // `--detector experience` measures the experience block alone.
    let wanted_experience = ctx
        .detector
        .as_deref()
        .is_none_or(|d| d == experience::SPLIT);
    let wanted_lang = |code: &str| ctx.lang.is_none_or(|l| l.code() == code);

    let mut counts: BTreeMap<Key, Counts> = BTreeMap::new();
    // The built-in set must cover every detector in every language: a missing one is a row with
    // no figures (and so below the goal), not a silent gap. A folder of one's own covers what it has.
    if ctx.data.is_none() {
        for d in detectors::ALL.iter().filter(|d| wanted_detector(d.id())) {
            for lang in Lang::SUPPORTED.iter().filter(|l| wanted_lang(l.code())) {
                if let Some(k) = key(d.id(), lang.code()) {
                    counts.entry(k).or_default();
                }
            }
        }
    }
    let mut failures = Vec::new();
    // Fixtures of a detector that is not registered: one message per folder, not per file.
    let mut unregistered: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for source in &sources {
        if !wanted_detector(&source.detector) || !wanted_lang(&source.lang) {
            continue;
        }
        let name = format!("{}/{}/{}", source.detector, source.lang, source.file);
        let (Some(detector), Some(k)) = (
            detectors::by_id(&source.detector),
            key(&source.detector, &source.lang),
        ) else {
            *unregistered
                .entry((&source.folder, &source.detector))
                .or_default() += 1;
            continue;
        };
        let parsed = match fixture::parse(&source.text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("{}:{}: {}", source.path, e.line, e.message));
                continue;
            }
        };
        let outcome = fixture::evaluate(detector, &parsed, Lang::parse(&source.lang));
        let c = counts.entry(k).or_default();
        c.examples += 1;
        // A known miss the detector now finds is a found span: it counts for recall (the fixture
        // is still listed, so the stale marker gets removed).
        c.tp += outcome.true_positives + outcome.known_misses_found.len();
        c.fp += outcome.false_positives.len();
        c.fn_ += outcome.false_negatives.len();
        let positive = parsed.expected.iter().any(|e| e.detector == detector.id());
        if !positive && outcome.false_positives.is_empty() {
            c.tn += 1;
        }
        if outcome.false_positives.is_empty()
            && outcome.false_negatives.is_empty()
            && outcome.known_misses_found.is_empty()
        {
            continue;
        }
        failures.push(case(name, source, detector.id(), &parsed, &outcome));
    }
    for ((folder, detector), n) in unregistered {
        problems.push(format!(
            "{folder}: {n} fixture(s) for `{detector}`, which is not a registered detector (detectors::ALL)"
        ));
    }
    if counts.is_empty() && problems.is_empty() && !wanted_experience {
        bail!("no fixtures match the --detector and --lang given");
    }

    let mut rows = Vec::new();
    for ((d, _, lang), c) in &counts {
        let split = format!("{}/{lang}", detectors::ALL[*d].id());
        let precision = ratio(c.tp, c.tp + c.fp);
        let recall = ratio(c.tp, c.tp + c.fn_);
        for (metric, ours, goal) in [
            ("precision", precision, PRECISION_GOAL),
            ("recall", recall, RECALL_GOAL),
        ] {
            rows.push(Row {
                metric: metric.to_string(),
                split: split.clone(),
                ours,
                paper: None,
                paper_source: None,
                goal: Some(goal),
                counts: Some(*c),
            });
        }
    }
    // The promise block reads the two promise detectors' folders; another --detector leaves it out.
    if ctx
        .detector
        .as_deref()
        .is_none_or(|d| fixture::PROMISE_DETECTORS.contains(&d))
    {
        promises::measure(
            &sources,
            &wanted_lang,
            ctx.data.is_none(),
            &mut rows,
            &mut failures,
            &mut problems,
        );
    }
    if wanted_experience {
        experience::measure(
            ctx.data.as_deref(),
            &wanted_lang,
            &mut rows,
            &mut failures,
            &mut problems,
        );
    }
    let protocol = match &ctx.data {
        Some(dir) => format!(
            "{PROTOCOL} {} {} Fixtures read from {}.",
            promises::PROTOCOL,
            experience::PROTOCOL,
            dir.display()
        ),
        None => format!(
            "{PROTOCOL} {} {} The built-in fixtures ({SOURCE_ROOT}).",
            promises::PROTOCOL,
            experience::PROTOCOL
        ),
    };
    let mut report = EvalReport {
        dataset: "fixtures".to_string(),
        protocol,
        rows,
        passed: false,
        below_goal: Vec::new(),
        failures,
        problems,
    };
    judge(&mut report);
    Ok(report)
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn case(
    name: String,
    source: &Source,
    detector: &str,
    parsed: &fixture::Fixture,
    outcome: &fixture::Outcome,
) -> Case {
    let turns = &parsed.conversation.turns;
    let quote = |turn: usize, start: usize, end: usize| -> String {
        turns
            .get(turn)
            .map(|t| {
                t.text
                    .chars()
                    .skip(start)
                    .take(end.saturating_sub(start))
                    .collect()
            })
            .unwrap_or_default()
    };
    let expected = parsed
        .expected
        .iter()
        .filter(|e| e.detector == detector)
        .map(|e| {
            let status = if outcome.false_negatives.contains(e) {
                if e.known_miss {
                    SpanStatus::KnownMiss
                } else {
                    SpanStatus::Missed
                }
            } else if outcome.known_misses_found.contains(e) {
                SpanStatus::KnownMissFound
            } else {
                SpanStatus::Found
            };
            Span {
                line: Some(e.line),
                turn: e.turn + 1,
                quote: quote(e.turn, e.char_start, e.char_end),
                status,
                note: None,
            }
        })
        .collect();
    let unexpected = outcome
        .false_positives
        .iter()
        .flat_map(|f: &Finding| {
            f.evidence.iter().map(move |ev| Span {
                line: turns
                    .get(ev.turn)
                    .and_then(|t| t.line)
                    .and_then(|l| usize::try_from(l).ok()),
                turn: ev.turn + 1,
                quote: ev.quote.clone(),
                status: SpanStatus::Unexpected,
                note: Some(f.note.clone()),
            })
        })
        .collect();
    Case {
        name,
        path: source.path.clone(),
        split: format!("{detector}/{}", source.lang),
        expected,
        unexpected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_detector_order_then_ru_hu_en() {
        let first = detectors::ALL[0].id();
        let second = detectors::ALL[1].id();
        let mut keys = vec![
            key(second, "ru"),
            key(first, "en"),
            key(first, "ru"),
            key(first, "hu"),
        ];
        keys.sort();
        let codes: Vec<(usize, String)> =
            keys.into_iter().flatten().map(|(d, _, l)| (d, l)).collect();
        assert_eq!(
            codes,
            [
                (0, "ru".to_string()),
                (0, "hu".to_string()),
                (0, "en".to_string()),
                (1, "ru".to_string())
            ]
        );
        assert_eq!(key("no-such-detector", "ru"), None);
    }

    #[test]
    fn undefined_ratios_are_none_not_zero() {
        assert_eq!(ratio(0, 0), None);
        assert_eq!(ratio(3, 4), Some(0.75));
    }
}
