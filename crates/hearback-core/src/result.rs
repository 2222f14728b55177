//! The score result of INTERFACES.md: one per conversation, the shape every writer prints.

use serde::{Deserialize, Serialize};

use crate::conversation::Channel;
use crate::detectors::Evidence;
use crate::language::Lang;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    pub conversation_id: String,
    pub language: Lang,
    pub channel: Channel,
    pub scorecard: ScorecardRef,
    pub score: f64,
    pub max_score: f64,
    pub passed: bool,
    pub criteria: Vec<CriterionResult>,
    /// Customer-side signals; filled by the signal and customer issues, empty object until then.
    pub signals: serde_json::Map<String, serde_json::Value>,
    /// Timing events; filled by the timing issue, empty object until then.
    pub timing: serde_json::Map<String, serde_json::Value>,
    /// The agent's commitments with their due times ([`crate::promises`]).
    pub promises: Vec<crate::promises::Promise>,
    /// How the roles were decided when the source did not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<crate::conversation::RoleInference>,
    /// Things worth knowing about this result (unsupported language, no timestamps…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorecardRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    Na,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Na => "na",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerSource {
    Auto,
    Human,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub title: String,
    pub section: String,
    pub verdict: Verdict,
    pub points: f64,
    pub max_points: f64,
    pub critical: bool,
    pub source: AnswerSource,
    pub rationale: String,
    pub evidence: Vec<Evidence>,
}
