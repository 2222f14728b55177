//! Scorecards: the business's service standard as a TOML file, resolved into checks.
//!
//! Two layers, as with any configuration a user writes: [`file`] mirrors the TOML (every value
//! with its span), `resolve` checks it all and reports every mistake at once with its line and
//! column, and only then does a [`Scorecard`] exist — so the scoring code never meets an unknown
//! section, a zero weight or a phrase that does not parse. The file's `[[test]]` blocks run
//! through [`run_tests`], the same runner for `hearback scorecard check` and for `cargo test`.
//!
//! The format is documented with a fully commented example in `docs/scorecards.md`.

pub mod check;
mod file;
pub(crate) mod notes;
pub mod phrase;
mod resolve;
mod testing;
pub mod transcript;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::conversation::Channel;
use crate::language::Lang;

pub use check::{Check, NaRule, PassWhen, Scope, SpeakerFilter, Within};
pub use testing::{Expectation, TestCase, TestOutcome, run_tests};

/// A resolved scorecard: every value valid, every reference resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub description: Option<Text>,
    /// Percent (0–100) a conversation must reach to pass.
    pub pass_threshold: f64,
    /// The company's names as customers hear them (`{company}` in phrases).
    pub company: Vec<String>,
    pub sections: Vec<Section>,
    pub criteria: Vec<Criterion>,
    pub tests: Vec<TestCase>,
}

impl Scorecard {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: Text,
}

/// One line of the standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Kebab-case, unique in the card; tools and dashboards refer to it.
    pub id: String,
    /// A section id of the card, or empty when the card declares no sections.
    pub section: String,
    pub title: Text,
    pub description: Option<Text>,
    /// Points earned on a pass; always > 0.
    pub weight: f64,
    /// A failed critical criterion zeroes the score and fails the conversation.
    pub critical: bool,
    /// Channels the criterion applies to; empty means all.
    pub channels: Vec<Channel>,
    pub na_when: Vec<NaRule>,
    pub check: Check,
    /// Rationale templates that replace the generic ones (see `docs/scorecards.md`).
    pub pass_note: Option<Text>,
    pub fail_note: Option<Text>,
    /// Line of the criterion in the file (1-based).
    pub line: usize,
}

/// User-facing text in one or several languages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    by_lang: BTreeMap<Lang, String>,
    fallback: String,
}

impl Text {
    /// The same text for every language.
    pub fn plain(s: impl Into<String>) -> Text {
        Text {
            by_lang: BTreeMap::new(),
            fallback: s.into(),
        }
    }

    /// Text per language; the fallback is English, else the first given.
    pub fn per_lang(texts: impl IntoIterator<Item = (Lang, String)>) -> Text {
        let by_lang: BTreeMap<Lang, String> = texts.into_iter().collect();
        let fallback = by_lang
            .get(&Lang::En)
            .or_else(|| by_lang.values().next())
            .cloned()
            .unwrap_or_default();
        Text { by_lang, fallback }
    }

    /// The text in `lang`, else English, else whatever was given.
    pub fn get(&self, lang: Lang) -> &str {
        self.by_lang.get(&lang).unwrap_or(&self.fallback)
    }

    /// True when one text serves every language.
    pub fn is_plain(&self) -> bool {
        self.by_lang.is_empty()
    }

    /// True when the author wrote this language's text (not a fallback).
    pub fn has(&self, lang: Lang) -> bool {
        self.by_lang.contains_key(&lang)
    }
}

/// A mistake in a scorecard file, with its position (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{line}:{column}: {}{message}", field.as_ref().map(|f| format!("{f}: ")).unwrap_or_default())]
pub struct ScorecardError {
    pub line: usize,
    pub column: usize,
    /// The field the mistake is in, as a path: `criterion[greeting].weight`.
    pub field: Option<String>,
    pub message: String,
}

/// Parses and validates a scorecard. Every error in the file is reported, in file order.
pub fn parse(source: &str) -> Result<Scorecard, Vec<ScorecardError>> {
    resolve::resolve(source)
}

/// The built-in service standard, as shipped: the file users copy to start their own.
pub const BUILTIN_SOURCE: &str = include_str!("../../../../scorecards/default.toml");

static BUILTIN: LazyLock<Scorecard> = LazyLock::new(|| {
    // Invariant: the built-in file parses; `tests/scorecard.rs` fails the build's tests otherwise.
    // The fallback only keeps a broken build from panicking: an empty card scores nothing and
    // its version says why.
    parse(BUILTIN_SOURCE).unwrap_or_else(|_| Scorecard {
        id: "default".into(),
        version: "invalid-builtin".into(),
        title: Text::plain("Built-in standard (failed to load)"),
        description: None,
        pass_threshold: 80.0,
        company: Vec::new(),
        sections: Vec::new(),
        criteria: Vec::new(),
        tests: Vec::new(),
    })
});

/// The default standard from `scorecards/default.toml`.
pub fn builtin() -> Scorecard {
    BUILTIN.clone()
}
