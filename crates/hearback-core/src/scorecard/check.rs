//! What a criterion checks, after `resolve`: only valid values exist here.
//!
//! One enum variant per check kind. Adding a kind means a variant here, its fields in `file.rs`,
//! its validation in `resolve.rs`, its verdict in `score.rs` and a `[[test]]` in a scorecard.

use crate::analysis::Analysis;
use crate::conversation::{Channel, Speaker};
use crate::language::Lang;

use super::Text;
use super::phrase::{Filters, Phrase, SlotValues, TurnView, lang_index};

/// How a criterion is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// A built-in detector's findings (`detector = "rudeness"`).
    Detector(DetectorCheck),
    /// Phrase rules per language (`phrases.ru = […]`).
    Phrase(PhraseCheck),
    /// A timing metric with limits (`timing = "interruptions"`, `max = 0`).
    Timing(TimingCheck),
    /// A learned signal with limits (`signal = "politeness"`, `min = 0.5`).
    Signal(SignalCheck),
}

impl Check {
    /// The kind as the TOML spells it, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Detector(_) => "detector",
            Check::Phrase(_) => "phrase",
            Check::Timing(_) => "timing",
            Check::Signal(_) => "signal",
        }
    }
}

/// Whether the criterion passes when its evidence is found or when it is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassWhen {
    Found,
    Absent,
}

/// Whose turns a check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerFilter {
    Agent,
    Customer,
    /// Agent and customer (system messages and unplaced speakers are never read).
    Any,
}

impl SpeakerFilter {
    pub fn admits(self, s: Speaker) -> bool {
        match self {
            SpeakerFilter::Agent => s == Speaker::Agent,
            SpeakerFilter::Customer => s == Speaker::Customer,
            SpeakerFilter::Any => matches!(s, Speaker::Agent | Speaker::Customer),
        }
    }
}

/// A built-in detector's findings, and optionally other detectors' (`also_found`,
/// `also_absent`), for the criteria a single detector cannot answer alone: hold etiquette is an
/// announced hold *and* thanks for waiting *and* no silent hold.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectorCheck {
    pub detector: String,
    pub pass_when: PassWhen,
    pub speaker: SpeakerFilter,
    /// Only findings of these kinds count (see [`finding_kinds`]); empty: every finding.
    pub kinds: Vec<String>,
    /// With `pass_when = found`: how many different kinds of `kinds` must be found. Kinds the
    /// detector cannot report in a conversation (see [`kind_available`]) are not required.
    pub min_kinds: usize,
    /// Detectors that must have found something too, whatever `pass_when` says.
    pub also_found: Vec<String>,
    /// Detectors that must have found nothing; any finding of theirs fails the criterion.
    pub also_absent: Vec<String>,
}

/// The kinds each built-in detector names at the start of its notes (`name: …`,
/// `insult, profanity: …`), for `kinds = […]` in a scorecard. A detector not listed here
/// reports no kinds.
pub const DETECTOR_KINDS: &[(&str, &[&str])] = &[
    ("introduction", &["name", "company"]),
    ("closing", &["thanks", "offer", "farewell"]),
    ("pressure", &["after-refusal", "false-urgency", "insisting"]),
    (
        "rudeness",
        &[
            "insult",
            "profanity",
            "condescension",
            "blame",
            "brush-off",
            "hang-up",
        ],
    ),
];

/// The kinds a detector reports, as [`DETECTOR_KINDS`] lists them (empty when none).
pub fn detector_kinds(detector: &str) -> &'static [&'static str] {
    DETECTOR_KINDS
        .iter()
        .find(|(d, _)| *d == detector)
        .map_or(&[], |(_, k)| k)
}

/// The kinds a finding's note starts with: the comma-separated kebab-case words before its
/// first colon (`insult, profanity: agent said …`). A note that does not start that way (`the
/// agent greeted: …`) names no kind.
pub fn finding_kinds(note: &str) -> Vec<&str> {
    let Some((head, _)) = note.split_once(':') else {
        return Vec::new();
    };
    let kinds: Vec<&str> = head.split(',').map(str::trim).collect();
    let kebab = |k: &str| {
        !k.is_empty()
            && k.split('-').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    if kinds.iter().all(|k| kebab(k)) {
        kinds
    } else {
        Vec::new()
    }
}

/// False for a kind the detector cannot report in this conversation, so that a card asking for
/// it does not fail for want of it: the introduction's `company` needs the card's company names
/// (as `also.any = ["{company}"]` is skipped in a phrase check).
pub fn kind_available(detector: &str, kind: &str, analysis: &Analysis<'_>) -> bool {
    !(detector == "introduction" && kind == "company" && analysis.company.is_empty())
}

#[derive(Debug, Clone, PartialEq)]
pub struct PhraseCheck {
    pub phrases: PhraseSet,
    /// A second list that must be found too, in the same turns (hold announced *and* thanked).
    /// Skipped when none of its phrases can match in a conversation because each uses a
    /// placeholder without a value (the introduction's `{company}` in a card without companies).
    pub also: Option<PhraseSet>,
    pub speaker: SpeakerFilter,
    pub scope: Scope,
    pub pass_when: PassWhen,
    pub min_count: usize,
    pub filters: Filters,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimingCheck {
    pub metric: Metric,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Interruptions: the least overlap in seconds that counts.
    pub min_overlap: f64,
    /// Dead air: the least silence in seconds that counts.
    pub min_silence: f64,
}

/// A timing metric from [`crate::timing`]. There is deliberately no handle-time metric: a long
/// call is usually a hard problem, not a slow agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// How many times the agent started talking over the customer (back-channels excluded).
    Interruptions,
    /// How many silences of at least `min_silence` seconds.
    DeadAir,
    /// The longest silence, in seconds.
    LongestSilence,
    /// The agent's share of talk time, 0–1.
    TalkRatioAgent,
    /// Agent talk time ÷ customer talk time.
    TalkToListen,
    /// The share of speech time in which both sides talked at once, 0–1.
    OvertalkShare,
    /// How many holds (silences of 20 s or more).
    Holds,
    /// How many holds the agent did not announce.
    UnannouncedHolds,
    /// The longest hold, in seconds.
    LongestHold,
    /// The agent's words per minute of talk.
    WordsPerMinuteAgent,
    /// Chats and e-mails: seconds from the customer's first message to the first answer.
    FirstResponse,
    /// Chats and e-mails: the longest a customer waited for an answer, in seconds.
    LongestWait,
    /// Chats and e-mails: the median wait for an answer, in seconds.
    MedianResponse,
    /// `meta.queue_wait_seconds`: the wait before an agent took the conversation.
    QueueWait,
}

impl Metric {
    pub const ALL: [(&'static str, Metric); 14] = [
        ("interruptions", Metric::Interruptions),
        ("dead_air", Metric::DeadAir),
        ("longest_silence", Metric::LongestSilence),
        ("talk_ratio_agent", Metric::TalkRatioAgent),
        ("talk_to_listen", Metric::TalkToListen),
        ("overtalk_share", Metric::OvertalkShare),
        ("holds", Metric::Holds),
        ("unannounced_holds", Metric::UnannouncedHolds),
        ("longest_hold", Metric::LongestHold),
        ("words_per_minute_agent", Metric::WordsPerMinuteAgent),
        ("first_response", Metric::FirstResponse),
        ("longest_wait", Metric::LongestWait),
        ("median_response", Metric::MedianResponse),
        ("queue_wait", Metric::QueueWait),
    ];

    /// True for metrics that are shares from 0 to 1.
    pub fn is_share(self) -> bool {
        matches!(self, Metric::TalkRatioAgent | Metric::OvertalkShare)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignalCheck {
    pub name: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Which turns a phrase check reads.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scope {
    pub within: Option<Within>,
    /// Only turns starting between these seconds from the start.
    pub between_seconds: Option<(f64, f64)>,
}

impl Scope {
    /// True when the scope can only be placed with timestamps.
    pub fn needs_timestamps(&self) -> bool {
        self.between_seconds.is_some()
            || matches!(
                self.within,
                Some(Within::FirstSeconds(_) | Within::LastSeconds(_))
            )
    }
}

/// A position in the conversation. `*_turns` count only the check's speaker's turns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Within {
    FirstTurns(usize),
    LastTurns(usize),
    FirstSeconds(f64),
    LastSeconds(f64),
}

/// Why a criterion may not apply to a conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum NaRule {
    NoTimestamps,
    NoCustomerName,
    NoAgentName,
    /// The customer's name is neither in the metadata nor learned from the conversation (the
    /// customer introducing themselves, or answering «Как к вам обращаться?»).
    CustomerNameUnknown,
    Channel(Channel),
    /// Every condition present must hold.
    When(Box<NaCondition>),
}

impl NaRule {
    pub const NAMES: [&'static str; 5] = [
        "no-timestamps",
        "no-customer-name",
        "customer-name-unknown",
        "no-agent-name",
        "channel:<call|chat|email|review|other>",
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub struct NaCondition {
    pub phrase_absent: Option<PhraseSet>,
    pub phrase_found: Option<PhraseSet>,
    /// Holds when none of these detectors found anything (for `speaker`).
    pub detector_absent: Vec<String>,
    /// Holds when some of these detectors found something (for `speaker`).
    pub detector_found: Vec<String>,
    pub speaker: SpeakerFilter,
    pub no_silence_over: Option<f64>,
    /// Chats only: no agent pause of this many seconds (see [`crate::timing::agent_pauses`]).
    pub no_agent_pause_over: Option<f64>,
    pub note: Option<Text>,
}

/// Phrase rules per language; `any` rules are compiled into each language's list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PhraseSet {
    pub(crate) by_lang: [Vec<Phrase>; 3],
}

impl PhraseSet {
    /// The rules that apply to turns in `lang` (none for unsupported languages).
    pub fn for_lang(&self, lang: Lang) -> &[Phrase] {
        lang_index(lang).map_or(&[], |i| &self.by_lang[i])
    }

    pub fn is_empty(&self) -> bool {
        self.by_lang.iter().all(Vec::is_empty)
    }

    /// A readable instance for rationales, in `lang` when the set has rules in it.
    pub fn example(&self, lang: Lang) -> String {
        let rules = if self.for_lang(lang).is_empty() {
            self.by_lang
                .iter()
                .find(|v| !v.is_empty())
                .map_or(&[][..], |v| v)
        } else {
            self.for_lang(lang)
        };
        rules.first().map(Phrase::example).unwrap_or_default()
    }

    /// True when some rule could match in this conversation: it uses no placeholder, or only
    /// placeholders that have values.
    pub fn can_match(&self, slots: &SlotValues) -> bool {
        self.by_lang
            .iter()
            .flatten()
            .any(|p| p.slots().iter().all(|s| slots.has(*s)))
    }

    /// Every match in the given turns, de-duplicated: overlapping matches in a turn count once
    /// (the earliest, then the longest, wins).
    pub fn find(&self, ctx: &Ctx<'_, '_>, turns: &[usize], filters: Filters) -> Vec<Match> {
        let mut out = Vec::new();
        for &turn in turns {
            let Some(ta) = ctx.analysis.turns.get(turn) else {
                continue;
            };
            let rules = self.for_lang(ta.lang);
            if rules.is_empty() {
                continue;
            }
            let view = TurnView {
                text: ctx
                    .analysis
                    .conversation
                    .turns
                    .get(turn)
                    .map_or("", |t| t.text.as_str()),
                tokens: &ta.tokens,
                lang: ta.lang,
                stems2: ctx.stems2.get(turn).and_then(|s| s.as_deref()),
            };
            let mut spans: Vec<(usize, usize)> = rules
                .iter()
                .flat_map(|p| p.find(&view, &ctx.slots, filters))
                .collect();
            spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            let mut last_end = 0;
            for (s, e) in spans {
                if s < last_end {
                    continue;
                }
                last_end = e;
                if let (Some(first), Some(last)) = (ta.tokens.get(s), ta.tokens.get(e - 1)) {
                    out.push(Match {
                        turn,
                        start: first.start,
                        end: last.end,
                    });
                }
            }
        }
        out
    }
}

/// A phrase match: bytes `start..end` of a turn's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub turn: usize,
    pub start: usize,
    pub end: usize,
}

/// What checks read besides the analysis itself, prepared once per conversation.
#[derive(Debug)]
pub struct Ctx<'a, 'c> {
    pub analysis: &'a Analysis<'c>,
    pub slots: SlotValues,
    /// Per turn, for Hungarian turns only: the stem of each token's stem.
    stems2: Vec<Option<Vec<String>>>,
    /// Where windows count from: 0, as timestamps are seconds from the start (INTERFACES.md),
    /// or the earliest start if a source wrote negative ones.
    origin: f64,
    /// End of the last timed turn.
    finish: f64,
    /// Conversation-level values worked out while scoring (`dissatisfaction`), for `signal`
    /// checks beside the learned ones in `analysis.signals`.
    pub derived: std::collections::BTreeMap<&'static str, f64>,
}

impl<'a, 'c> Ctx<'a, 'c> {
    pub fn new(analysis: &'a Analysis<'c>, company: &[String]) -> Ctx<'a, 'c> {
        let conv = analysis.conversation;
        let name = |p: &Option<crate::conversation::Party>| {
            p.as_ref()
                .and_then(|p| p.name.as_deref())
                .filter(|n| !n.trim().is_empty())
                .map(str::to_string)
        };
        let slots = SlotValues {
            customer_name: SlotValues::person(name(&conv.customer).as_deref()),
            agent_name: SlotValues::person(name(&conv.agent).as_deref()),
            company: SlotValues::companies(company),
        };
        let stems2 = analysis
            .turns
            .iter()
            .map(|t| {
                (t.lang == Lang::Hu).then(|| {
                    t.tokens
                        .iter()
                        .map(|tok| crate::text::stem(&tok.stem, Lang::Hu))
                        .collect()
                })
            })
            .collect();
        let starts = conv.turns.iter().filter_map(|t| t.start);
        let origin = starts.fold(f64::INFINITY, f64::min);
        let finish = conv
            .turns
            .iter()
            .filter_map(|t| t.end.or(t.start))
            .fold(f64::NEG_INFINITY, f64::max);
        Ctx {
            derived: std::collections::BTreeMap::new(),
            analysis,
            slots,
            stems2,
            origin: origin.min(0.0),
            finish: if finish.is_finite() { finish } else { 0.0 },
        }
    }

    pub fn has_timestamps(&self) -> bool {
        self.analysis.conversation.has_timestamps()
    }

    /// The turns a check reads, in order; `None` when the scope needs timestamps and the
    /// conversation has none.
    pub fn scoped_turns(&self, speaker: SpeakerFilter, scope: &Scope) -> Option<Vec<usize>> {
        if scope.needs_timestamps() && !self.has_timestamps() {
            return None;
        }
        let turns = &self.analysis.conversation.turns;
        let mut idx: Vec<usize> = (0..turns.len())
            .filter(|&i| speaker.admits(turns[i].speaker))
            .collect();
        let rel = |i: usize| turns[i].start.map(|s| s - self.origin);
        match scope.within {
            None => {}
            Some(Within::FirstTurns(n)) => idx.truncate(n),
            Some(Within::LastTurns(n)) => {
                let skip = idx.len().saturating_sub(n);
                idx.drain(..skip);
            }
            Some(Within::FirstSeconds(s)) => idx.retain(|&i| rel(i).is_some_and(|r| r < s)),
            Some(Within::LastSeconds(s)) => idx.retain(|&i| {
                turns[i]
                    .end
                    .or(turns[i].start)
                    .is_some_and(|e| e > self.finish - s)
            }),
        }
        if let Some((a, b)) = scope.between_seconds {
            idx.retain(|&i| rel(i).is_some_and(|r| r >= a && r <= b));
        }
        Some(idx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::detectors::{self, fixture};

    #[test]
    fn kinds_are_read_from_the_start_of_a_note() {
        assert_eq!(finding_kinds("name: the agent gave their name"), ["name"]);
        assert_eq!(
            finding_kinds("insult, brush-off: agent said «…» in turn 2"),
            ["insult", "brush-off"]
        );
        assert!(finding_kinds("the agent greeted: «Hello» (turn 1)").is_empty());
        assert!(finding_kinds("no colon here").is_empty());
    }

    /// `DETECTOR_KINDS` is what a card may ask for, so it must be exactly what the detectors
    /// say: every finding of a listed detector starts with listed kinds, and every listed kind is
    /// reported somewhere on the project's fixtures. (Detectors not listed offer no kinds to
    /// cards, whatever their notes look like.)
    #[test]
    fn the_kinds_table_matches_what_the_detectors_report() {
        let mut seen: std::collections::BTreeSet<(String, String)> = Default::default();
        let mut problems = Vec::new();
        for f in fixture::FIXTURE_FILES {
            let Ok(parsed) = fixture::parse(f.text) else {
                continue;
            };
            let options = AnalyseOptions {
                language: Some(Lang::parse(f.lang)),
                company: parsed.company.clone(),
                ..AnalyseOptions::default()
            };
            let analysis = analyse(&parsed.conversation, &options);
            for finding in detectors::detect_all(&analysis) {
                let listed = detector_kinds(finding.detector);
                if listed.is_empty() {
                    continue;
                }
                let kinds = finding_kinds(&finding.note);
                if kinds.is_empty() {
                    problems.push(format!(
                        "{}: a note without kinds: {}",
                        finding.detector, finding.note
                    ));
                }
                for k in kinds {
                    if listed.contains(&k) {
                        seen.insert((finding.detector.to_string(), k.to_string()));
                    } else {
                        problems.push(format!(
                            "{}: kind `{k}` is not in DETECTOR_KINDS",
                            finding.detector
                        ));
                    }
                }
            }
        }
        for (d, kinds) in DETECTOR_KINDS {
            assert!(detectors::by_id(d).is_some(), "`{d}` is not a detector");
            for k in *kinds {
                if !seen.contains(&(d.to_string(), k.to_string())) {
                    problems.push(format!("{d}: kind `{k}` is never reported on the fixtures"));
                }
            }
        }
        problems.sort();
        problems.dedup();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
