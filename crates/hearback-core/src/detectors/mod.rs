//! Detectors report facts with evidence; only the scorecard turns facts into verdicts.
//!
//! Each detector lives in its own folder with its README, word lists and fixtures, and is listed
//! once in [`ALL`].

pub mod abusive_customer;
pub mod apology_empathy;
pub mod arguing;
pub mod benefit_language;
pub mod churn_threat;
pub mod closing;
pub mod complaint;
pub mod customer_name;
pub(crate) mod customer_speech;
pub mod disparaging;
pub mod effort;
pub mod escalation_threat;
pub mod fixture;
pub mod greeting;
pub mod hold_announced;
pub mod interruption;
pub mod introduction;
pub mod offer;
pub mod polite_resignation;
pub mod pressure;
pub mod rudeness;
pub mod specific_promise;
pub mod thanks_for_waiting;
pub mod unannounced_hold;
pub mod vague_promise;
pub mod wow;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::text::char_index;

/// A behaviour finder. `detect` appends what it found; it never fails.
pub trait Detector: Sync {
    /// Kebab-case id naming the behaviour found (`rudeness`, `interruption`).
    fn id(&self) -> &'static str;
    /// One sentence: what it finds and why it matters.
    fn explain(&self) -> &'static str;
    /// The detector's README (What it finds / Why it matters / Examples / Known limits): the
    /// rustdoc and the UI's "why was this flagged". Implement with `include_str!("README.md")`.
    fn readme(&self) -> &'static str {
        ""
    }
    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>);
}

/// Something a detector found, with the words or seconds behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub detector: &'static str,
    /// A short, human sentence ("agent said «меня зовут Анна» in turn 1").
    pub note: String,
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
}

/// A span of a turn: the quote behind an answer. `char_start..char_end` index characters of the
/// turn's text, and `quote` is exactly that slice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub turn: usize,
    pub speaker: Speaker,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    pub char_start: usize,
    pub char_end: usize,
    pub quote: String,
}

impl Evidence {
    /// Evidence for the bytes `start..end` of turn `turn`. Offsets outside the text or off a
    /// character boundary are clamped to the nearest valid ones, so the quote always equals the
    /// slice.
    pub fn span(
        analysis: &Analysis<'_>,
        turn: usize,
        start: usize,
        end: usize,
    ) -> Option<Evidence> {
        let t = analysis.conversation.turns.get(turn)?;
        let text = t.text.as_str();
        let mut s = start.min(text.len());
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = end.clamp(s, text.len());
        while !text.is_char_boundary(e) {
            e += 1;
        }
        Some(Evidence {
            turn,
            speaker: t.speaker,
            start: t.start,
            end: t.end,
            char_start: char_index(text, s),
            char_end: char_index(text, e),
            quote: text[s..e].to_string(),
        })
    }

    /// Evidence for a whole turn.
    pub fn turn(analysis: &Analysis<'_>, turn: usize) -> Option<Evidence> {
        let len = analysis.conversation.turns.get(turn)?.text.len();
        Evidence::span(analysis, turn, 0, len)
    }
}

/// Every built-in detector, in the order they run.
pub const ALL: &[&dyn Detector] = &[
    &greeting::Greeting,
    &introduction::Introduction,
    &customer_name::CustomerName,
    &closing::Closing,
    &rudeness::Rudeness,
    &arguing::Arguing,
    &disparaging::Disparaging,
    &pressure::Pressure,
    &apology_empathy::ApologyEmpathy,
    &hold_announced::HoldAnnounced,
    &thanks_for_waiting::ThanksForWaiting,
    &unannounced_hold::UnannouncedHold,
    &interruption::Interruption,
    &offer::Offer,
    &benefit_language::BenefitLanguage,
    &vague_promise::VaguePromise,
    &specific_promise::SpecificPromise,
    &churn_threat::ChurnThreat,
    &escalation_threat::EscalationThreat,
    &abusive_customer::AbusiveCustomer,
    &effort::Effort,
    &wow::Wow,
    &polite_resignation::PoliteResignation,
    &complaint::Complaint,
];

/// Runs every detector over an analysed conversation.
pub fn detect_all(analysis: &Analysis<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in ALL {
        d.detect(analysis, &mut out);
    }
    out
}

/// Looks a detector up by id.
pub fn by_id(id: &str) -> Option<&'static dyn Detector> {
    ALL.iter().copied().find(|d| d.id() == id)
}
