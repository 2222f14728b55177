//! The pure domain of Hearback: the conversation model, text analysis, role inference, detectors,
//! scorecards and scoring.
//!
//! Invariant: this crate does no I/O, reads no environment and has no clock; `now` is passed in.
//! Adapters (formats, store, server, the binary) live in other crates and depend on this one.

pub mod conversation;
pub mod language;
pub mod text;

pub use conversation::{Channel, Conversation, Party, RoleInference, Source, Speaker, Turn};
pub use language::Lang;
pub mod analysis;
pub mod detectors;
pub mod result;

pub use analysis::{AnalyseOptions, Analysis, analyse};
pub use calendar::Calendar;
pub use result::{CriterionResult, ScoreResult, Verdict};
pub mod calendar;
pub mod experience;
pub mod identity;
pub mod journey;
pub mod ledger;
pub mod promises;
pub mod roles;
pub mod score;
pub mod scorecard;

pub use score::score;
pub use scorecard::Scorecard;
pub mod timing;
