//! The customer's experience of one conversation: how their mood moved, whether the matter
//! ended resolved, and how likely they leave dissatisfied — including the silent ones.
//!
//! 96% of dissatisfied customers never complain (seed 003); they say «ладно, понятно, спасибо»
//! and go. So dissatisfaction here is not "the customer complained": it weighs how the
//! customer's own turns sound (the learned sentiment and emotion of each customer turn, passed
//! in as [`Feeling`]s by whoever ran the models), where the mood ended, and the customer-side
//! findings (effort, polite resignation, complaints, threats). `silent_dissatisfaction` is the
//! case the business never hears about: likely dissatisfied, and no explicit complaint or threat.
//!
//! Why a fixed logistic formula and not a trained model: there is no labelled corpus of real
//! ru/hu/en customer-service conversations. The weights are set so each reason moves the
//! probability by an amount a QA specialist can check, and measured on the USS dialogue-level
//! ratings (`hearback eval uss-dialogue`); every reason is listed with its evidence.
//!
//! Nothing here counts against the agent: these are facts about the customer.

pub mod fixture;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Evidence, Finding};

/// What the learned signals say of one turn (hearback-signals' sentiment and emotion).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Feeling {
    pub negative: f32,
    pub positive: f32,
    pub anger: f32,
    pub joy: f32,
}

impl Feeling {
    /// Sentiment on one axis: −1 (all negative) … +1 (all positive).
    pub fn valence(&self) -> f64 {
        f64::from(self.positive) - f64::from(self.negative)
    }
}

/// How the conversation ended for the customer's matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    Resolved,
    Unresolved,
    /// Too little to tell (no customer turns, or a neutral ending without either sign).
    Unclear,
}

/// One reason the customer may leave dissatisfied, with the words behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// `negative_end`, `mood_fell`, `anger`, `effort`, `polite_resignation`, `complaint`,
    /// `churn_threat`, `escalation_threat`, `unresolved`.
    pub kind: &'static str,
    pub note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// The customer's side of one conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Experience {
    /// P(the customer leaves dissatisfied).
    pub dissatisfaction: f64,
    /// Likely dissatisfied (≥ 0.5) and said no explicit complaint or threat.
    pub silent_dissatisfaction: bool,
    /// Mean valence (−1 … +1) of the customer's turns in the first quarter of the conversation.
    pub sentiment_start: Option<f64>,
    /// … and in the last quarter.
    pub sentiment_end: Option<f64>,
    /// Each quarter of the customer's turns (by order); `None` for a quarter without one.
    pub sentiment_quarters: [Option<f64>; 4],
    pub resolution: Resolution,
    pub reasons: Vec<Reason>,
}

/// Words of a ritual ending («Нет, это всё. Спасибо, до свидания», "Nem, ennyi. Szép napot!",
/// "No, that's it. Thanks."): the answer to "anything else?" and the goodbye say nothing about
/// how the customer feels, yet a sentiment model reads "no" as negative and "thanks" as
/// positive. Folded (no accents, ё → е).
const RITUAL: &[&str] = &[
    // ru
    "нет",
    "да",
    "все",
    "это",
    "ничего",
    "больше",
    "спасибо",
    "большое",
    "благодарю",
    "до",
    "свидания",
    "всего",
    "доброго",
    "хорошего",
    "дня",
    "вечера",
    "пока",
    "нужно",
    "надо",
    "пожалуйста",
    "вам",
    "тоже",
    "и",
    "вопросов",
    "нету",
    "понятно",
    "ясно",
    // hu
    "nem",
    "igen",
    "ennyi",
    "volt",
    "mast",
    "semmi",
    "koszonom",
    "koszi",
    "szepen",
    "szep",
    "napot",
    "estet",
    "viszonthallasra",
    "viszlat",
    "minden",
    "kerem",
    "onnek",
    "is",
    "tovabbi",
    "kivanok",
    "jo",
    "mar",
    "egyeb",
    // en
    "no",
    "yes",
    "that's",
    "thats",
    "it",
    "all",
    "nothing",
    "else",
    "thanks",
    "thank",
    "you",
    "bye",
    "goodbye",
    "have",
    "a",
    "nice",
    "good",
    "great",
    "day",
    "evening",
    "cheers",
    "for",
    "your",
    "help",
    "too",
    "i",
    "need",
    "don't",
    "dont",
    "today",
    "that",
    "is",
    "ok",
    "okay",
];

/// True when a customer turn is only a ritual ending: it is left out of the mood.
pub fn is_ritual(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.to_lowercase()
                .replace('’', "'")
                .replace('ё', "е")
                .chars()
                .map(crate::text::phrase_list::fold)
                .collect::<String>()
        })
        .collect();
    !words.is_empty() && words.len() <= 10 && words.iter().all(|w| RITUAL.contains(&w.as_str()))
}

/// The customer-side detectors the experience reads, by id.
const COMPLAINT: &str = "complaint";
const RESIGNATION: &str = "polite-resignation";
const EFFORT: &str = "effort";
const CHURN: &str = "churn-threat";
const ESCALATION: &str = "escalation-threat";
const WOW: &str = "wow";

/// Below this the customer's last quarter sounds unhappy. Clearly below zero: the fast sentiment
/// models lean negative on plain questions and figures (docs/models.md), so a mildly negative
/// reading is no evidence.
const NEGATIVE_END: f64 = -0.5;
/// A fall of this much from the first quarter to the last is a mood that soured.
const FALL: f64 = 0.4;
/// An angry customer turn.
const ANGRY: f32 = 0.5;

/// The weights of the logistic formula: the log-odds each reason adds. The intercept makes a
/// conversation with no sign either way about 20% likely dissatisfied (about the share of
/// ratings ≤ 2 in USS); one clear sign takes it past one half, two to about 0.8.
const INTERCEPT: f64 = -1.4;
const W_NEGATIVE_END: f64 = 1.2;
const W_VALENCE_END: f64 = -0.6;
const W_FELL: f64 = 0.7;
const W_ANGER: f64 = 0.8;
const W_EFFORT: f64 = 1.0;
const W_RESIGNATION: f64 = 2.0;
const W_COMPLAINT: f64 = 2.0;
const W_THREAT: f64 = 2.2;
const W_UNRESOLVED: f64 = 0.9;
const W_RESOLVED: f64 = -0.8;
const W_WOW: f64 = -2.5;

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn first_evidence(findings: &[&Finding]) -> Option<Evidence> {
    findings.first().and_then(|f| f.evidence.first().cloned())
}

/// The customer's experience of `analysis`, from the findings of every detector and the
/// learned [`Feeling`] of each customer turn (`analysis.feelings`; empty when no model ran,
/// and then only the findings speak).
pub fn assess(analysis: &Analysis<'_>, findings: &[Finding]) -> Experience {
    let turns = &analysis.conversation.turns;
    let customer: Vec<usize> = analysis.turn_indices(Speaker::Customer).collect();
    // (turn, valence) of the customer turns a model has read.
    let felt: Vec<(usize, Feeling)> = customer
        .iter()
        .filter_map(|&i| Some((i, (*analysis.feelings.get(i)?)?)))
        .filter(|(i, _)| {
            turns
                .get(*i)
                .is_some_and(|t| !t.text.trim().is_empty() && !is_ritual(&t.text))
        })
        .collect();
    let n = felt.len();
    let mut quarters = [None; 4];
    for (q, slot) in quarters.iter_mut().enumerate() {
        *slot = mean(
            felt.iter()
                .enumerate()
                .filter(|(k, _)| 4 * k / n.max(1) == q)
                .map(|(_, (_, f))| f.valence()),
        );
    }
    let sentiment_start = quarters.iter().flatten().next().copied();
    let sentiment_end = quarters.iter().rev().flatten().next().copied();

    let by = |id: &str| -> Vec<&Finding> { findings.iter().filter(|f| f.detector == id).collect() };
    let (complaints, resignation, effort) = (by(COMPLAINT), by(RESIGNATION), by(EFFORT));
    let (churn, escalation, wow) = (by(CHURN), by(ESCALATION), by(WOW));
    let last_customer = customer.last().copied();
    // "Late": in the last third of the customer's turns.
    let late_from = customer
        .get(customer.len().saturating_sub(customer.len().div_ceil(3)))
        .copied()
        .unwrap_or(0);
    let late = |fs: &[&Finding]| {
        fs.iter()
            .any(|f| f.evidence.iter().any(|e| e.turn >= late_from))
    };

    let mut reasons = Vec::new();
    let mut z = INTERCEPT;
    if let Some(end) = sentiment_end {
        z += W_VALENCE_END * end;
        if end <= NEGATIVE_END {
            z += W_NEGATIVE_END;
            let worst = felt
                .iter()
                .filter(|(i, _)| *i >= late_from)
                .min_by(|a, b| a.1.valence().total_cmp(&b.1.valence()));
            reasons.push(Reason {
                kind: "negative_end",
                note: format!("the customer's last turns sound negative ({end:+.2})"),
                evidence: worst.and_then(|(i, _)| whole_turn(analysis, *i)),
            });
        }
    }
    if let (Some(start), Some(end)) = (sentiment_start, sentiment_end)
        && start - end >= FALL
    {
        z += W_FELL;
        reasons.push(Reason {
            kind: "mood_fell",
            note: format!("the customer's mood fell from {start:+.2} to {end:+.2}"),
            evidence: None,
        });
    }
    if let Some((i, f)) = felt
        .iter()
        .filter(|(_, f)| f.anger >= ANGRY)
        .max_by(|a, b| a.1.anger.total_cmp(&b.1.anger))
    {
        z += W_ANGER;
        reasons.push(Reason {
            kind: "anger",
            note: format!("the customer sounds angry (anger {:.2})", f.anger),
            evidence: whole_turn(analysis, *i),
        });
    }
    for (fs, kind, weight, what) in [
        (
            &effort,
            "effort",
            W_EFFORT,
            "the customer had to make an effort",
        ),
        (
            &resignation,
            "polite_resignation",
            W_RESIGNATION,
            "the customer gave up politely",
        ),
        (
            &complaints,
            "complaint",
            W_COMPLAINT,
            "the customer complained",
        ),
        (
            &churn,
            "churn_threat",
            W_THREAT,
            "the customer threatened to leave",
        ),
        (
            &escalation,
            "escalation_threat",
            W_THREAT,
            "the customer threatened to take it further",
        ),
    ] {
        if !fs.is_empty() {
            z += weight;
            reasons.push(Reason {
                kind,
                note: what.to_string(),
                evidence: first_evidence(fs),
            });
        }
    }

    // A review has no exchange to resolve.
    let resolution = if customer.is_empty()
        || analysis.conversation.channel == crate::conversation::Channel::Review
    {
        Resolution::Unclear
    } else if !resignation.is_empty()
        || late(&complaints)
        || late(&churn)
        || late(&escalation)
        || sentiment_end.is_some_and(|e| e <= NEGATIVE_END)
    {
        Resolution::Unresolved
    } else if !wow.is_empty() || sentiment_end.is_some_and(|e| e >= 0.3) {
        Resolution::Resolved
    } else {
        Resolution::Unclear
    };
    match resolution {
        Resolution::Unresolved => {
            z += W_UNRESOLVED;
            reasons.push(Reason {
                kind: "unresolved",
                note: "the conversation ended without the matter resolved".to_string(),
                evidence: last_customer.and_then(|i| whole_turn(analysis, i)),
            });
        }
        Resolution::Resolved => z += W_RESOLVED,
        Resolution::Unclear => {}
    }
    if !wow.is_empty() {
        z += W_WOW;
    }
    let dissatisfaction = (sigmoid(z) * 1000.0).round() / 1000.0;
    // Insults at the agent are displeasure said out loud too: not the silent kind.
    let explicit = analysis.conversation.channel == crate::conversation::Channel::Review
        || !complaints.is_empty()
        || !churn.is_empty()
        || !escalation.is_empty()
        || findings.iter().any(|f| f.detector == "abusive-customer");
    Experience {
        dissatisfaction,
        silent_dissatisfaction: dissatisfaction >= 0.5 && !explicit,
        sentiment_start: sentiment_start.map(round),
        sentiment_end: sentiment_end.map(round),
        sentiment_quarters: quarters.map(|q| q.map(round)),
        resolution,
        reasons,
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A whole turn as evidence.
fn whole_turn(analysis: &Analysis<'_>, turn: usize) -> Option<Evidence> {
    let t = analysis.conversation.turns.get(turn)?;
    Evidence::span(analysis, turn, 0, t.text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Conversation, Turn};

    fn feel(v: f32) -> Option<Feeling> {
        Some(Feeling {
            negative: (-v).max(0.0),
            positive: v.max(0.0),
            anger: 0.0,
            joy: 0.0,
        })
    }

    fn conversation(customer: &[&str]) -> Conversation {
        let mut turns = Vec::new();
        for c in customer {
            turns.push(Turn::new(Speaker::Agent, "Понимаю, сейчас посмотрю."));
            turns.push(Turn::new(Speaker::Customer, *c));
        }
        Conversation {
            id: "c".into(),
            turns,
            ..Conversation::default()
        }
    }

    fn finding(detector: &'static str, turn: usize, a: &Analysis<'_>) -> Finding {
        let text = &a.conversation.turns[turn].text;
        Finding {
            detector,
            note: String::new(),
            confidence: 0.8,
            evidence: Evidence::span(a, turn, 0, text.len()).into_iter().collect(),
        }
    }

    #[test]
    fn the_mood_is_followed_quarter_by_quarter() {
        let texts: Vec<String> = (1..=8).map(|k| format!("Вопрос номер {k}")).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let c = conversation(&texts);
        let mut a = analyse(&c, &AnalyseOptions::default());
        let values = [0.2, 0.4, 0.0, 0.0, -0.2, -0.4, -0.6, -0.8];
        a.feelings = vec![None; c.turns.len()];
        for (k, v) in values.iter().enumerate() {
            a.feelings[2 * k + 1] = feel(*v);
        }
        let e = assess(&a, &[]);
        assert_eq!(
            e.sentiment_quarters,
            [Some(0.3), Some(0.0), Some(-0.3), Some(-0.7)]
        );
        assert_eq!(
            (e.sentiment_start, e.sentiment_end),
            (Some(0.3), Some(-0.7))
        );
        assert_eq!(e.resolution, Resolution::Unresolved);
        assert!(e.dissatisfaction > 0.8, "{e:#?}");
        // It fell and ended low, but nobody complained: the silent kind.
        assert!(e.silent_dissatisfaction);
        let kinds: Vec<&str> = e.reasons.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, ["negative_end", "mood_fell", "unresolved"]);
    }

    #[test]
    fn polite_resignation_is_dissatisfaction_even_when_it_sounds_polite() {
        let c = conversation(&[
            "Мне третий раз не доставляют заказ.",
            "Ладно, понятно, видимо ничего не поделаешь. Спасибо.",
        ]);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = vec![None, feel(-0.5), None, feel(0.3)];
        let e = assess(&a, &[finding(RESIGNATION, 3, &a)]);
        assert_eq!(e.resolution, Resolution::Unresolved);
        assert!(e.dissatisfaction >= 0.5, "{e:#?}");
        assert!(e.silent_dissatisfaction);
        let r = e
            .reasons
            .iter()
            .find(|r| r.kind == "polite_resignation")
            .unwrap();
        assert!(r.evidence.as_ref().unwrap().quote.starts_with("Ладно"));
    }

    #[test]
    fn a_complaint_is_dissatisfaction_but_not_silent() {
        let c = conversation(&["Я хочу подать жалобу на вашего курьера."]);
        let a = analyse(&c, &AnalyseOptions::default());
        let e = assess(&a, &[finding(COMPLAINT, 1, &a)]);
        assert!(e.dissatisfaction >= 0.5);
        assert!(!e.silent_dissatisfaction);
    }

    #[test]
    fn a_happy_ending_or_delight_is_not_dissatisfaction() {
        let c = conversation(&["Не работает интернет.", "Заработало, огромное спасибо!"]);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = vec![None, feel(-0.4), None, feel(0.8)];
        let e = assess(&a, &[]);
        assert_eq!(e.resolution, Resolution::Resolved);
        assert!(e.dissatisfaction < 0.2, "{e:#?}");
        let e = assess(&a, &[finding(WOW, 3, &a)]);
        assert!(e.dissatisfaction < 0.05, "{e:#?}");
    }

    #[test]
    fn a_ritual_goodbye_is_not_mood() {
        for t in [
            "Нет, это всё. Спасибо, до свидания.",
            "Nem, ennyi. Szép napot!",
            "Nem, mást nem. Köszönöm, viszonthallásra.",
            "No. That's it. Thanks.",
            "No, that’s all I need today. Thank you.",
        ] {
            assert!(is_ritual(t), "{t}");
        }
        for t in [
            "Нет, это безобразие.",
            "No, just forget it. Goodbye",
            "Ladno, ponyatno",
            "Nem, ennyi volt, többet nem hívom önöket.",
            "Огромное спасибо, вы меня спасли!",
        ] {
            assert!(!is_ritual(t), "{t}");
        }
        // The goodbye does not lift a sour ending.
        let c = conversation(&[
            "Мне так и не помогли.",
            "Нет, это всё. Спасибо, до свидания.",
        ]);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = vec![None, feel(-0.6), None, feel(0.6)];
        assert_eq!(assess(&a, &[]).sentiment_end, Some(-0.6));
    }

    #[test]
    fn without_models_or_findings_it_stays_near_the_base_rate() {
        let c = conversation(&["Подскажите часы работы."]);
        let a = analyse(&c, &AnalyseOptions::default());
        let e = assess(&a, &[]);
        assert_eq!(e.sentiment_start, None);
        assert_eq!(e.resolution, Resolution::Unclear);
        assert!((0.15..0.25).contains(&e.dissatisfaction), "{e:#?}");
        assert!(!e.silent_dissatisfaction);
    }
}
