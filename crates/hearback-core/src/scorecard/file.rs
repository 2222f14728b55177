//! The serde mirror of a scorecard file: exactly what a user may write, with the span of every
//! value, and nothing checked beyond TOML types.
//!
//! Why every field is optional: a missing field is reported by [`super::resolve`] together with
//! every other mistake in the file, instead of serde stopping at the first one. Why
//! `deny_unknown_fields` everywhere: a misspelt `wieght = 3` must be an error, never a silently
//! ignored line that changes the score.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

pub(crate) type S<T> = Spanned<T>;

/// The top of the file, without its `[[section]]`, `[[criterion]]` and `[[test]]` arrays (they
/// are decoded one block at a time so that each block reports its own errors).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeaderFile {
    pub id: Option<S<String>>,
    pub version: Option<S<String>>,
    pub title: Option<S<TextFile>>,
    pub description: Option<S<TextFile>>,
    pub pass_threshold: Option<S<f64>>,
    pub company: Option<S<Vec<S<String>>>>,
}

/// The names of the block arrays, in the order they are read.
pub(crate) const BLOCKS: [&str; 3] = ["section", "criterion", "test"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SectionFile {
    pub id: Option<S<String>>,
    pub title: Option<S<TextFile>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CriterionFile {
    pub id: Option<S<String>>,
    pub section: Option<S<String>>,
    pub title: Option<S<TextFile>>,
    /// The standard in words, for the UI and the docs.
    pub description: Option<S<TextFile>>,
    pub weight: Option<S<f64>>,
    pub critical: Option<S<bool>>,
    pub channels: Option<S<Vec<S<String>>>>,
    pub na_when: Option<S<Vec<S<NaFile>>>>,
    // The check: exactly one of these four.
    pub detector: Option<S<String>>,
    pub phrases: Option<S<PhrasesFile>>,
    pub timing: Option<S<String>>,
    pub signal: Option<S<String>>,
    // Phrase and detector options.
    pub speaker: Option<S<String>>,
    pub pass_when: Option<S<String>>,
    // Detector options.
    pub kinds: Option<S<Vec<S<String>>>>,
    pub min_kinds: Option<S<i64>>,
    pub also_found: Option<S<Vec<S<String>>>>,
    pub also_absent: Option<S<Vec<S<String>>>>,
    // Phrase options.
    pub also: Option<S<PhrasesFile>>,
    pub within: Option<S<WithinFile>>,
    pub between_seconds: Option<S<Vec<S<f64>>>>,
    pub min_count: Option<S<i64>>,
    pub negation: Option<S<String>>,
    pub quoted: Option<S<String>>,
    // Timing and signal options.
    pub min: Option<S<f64>>,
    pub max: Option<S<f64>>,
    pub min_overlap: Option<S<f64>>,
    pub min_silence: Option<S<f64>>,
    // Rationale templates.
    pub pass_note: Option<S<TextFile>>,
    pub fail_note: Option<S<TextFile>>,
}

/// Phrase lists per language: `phrases.ru = […]`, or `phrases = { any = […] }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhrasesFile {
    pub ru: Option<S<Vec<S<String>>>>,
    pub hu: Option<S<Vec<S<String>>>>,
    pub en: Option<S<Vec<S<String>>>>,
    pub any: Option<S<Vec<S<String>>>>,
}

/// `within = { first_turns = 2 }` and its siblings; exactly one is allowed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WithinFile {
    pub first_turns: Option<S<i64>>,
    pub last_turns: Option<S<i64>>,
    pub first_seconds: Option<S<f64>>,
    pub last_seconds: Option<S<f64>>,
}

/// One `na_when` entry: a named condition (`"no-timestamps"`, `"channel:review"`) or a table whose
/// conditions must all hold.
#[derive(Debug, Clone)]
pub(crate) enum NaFile {
    Name(String),
    Rule(Box<NaRuleFile>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NaRuleFile {
    pub phrase_absent: Option<S<PhrasesFile>>,
    pub phrase_found: Option<S<PhrasesFile>>,
    /// None of these detectors found anything (`["offer"]`: nothing was offered).
    pub detector_absent: Option<S<Vec<S<String>>>>,
    /// Some of these detectors found something.
    pub detector_found: Option<S<Vec<S<String>>>>,
    /// Who must (not) have said the phrases; default: the agent.
    pub speaker: Option<S<String>>,
    /// And no silence of at least this many seconds (a conversation without timestamps has none).
    pub no_silence_over: Option<S<f64>>,
    /// And, in a chat, no agent message that came this many seconds or more after the message
    /// before it (by the messages' `at` times).
    pub no_agent_pause_over: Option<S<f64>>,
    /// Why the criterion does not apply, for the rationale.
    pub note: Option<S<TextFile>>,
}

/// User-facing text: one string for every language, or `{ ru = "…", hu = "…", en = "…" }`.
#[derive(Debug, Clone)]
pub(crate) enum TextFile {
    Plain(String),
    PerLang(LangTextsFile),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LangTextsFile {
    pub ru: Option<String>,
    pub hu: Option<String>,
    pub en: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TestFile {
    pub name: Option<S<String>>,
    pub lang: Option<S<String>>,
    pub channel: Option<S<String>>,
    /// The agent's and customer's names, as a conversation's metadata would give them.
    pub agent: Option<S<String>>,
    pub customer: Option<S<String>>,
    pub transcript: Option<S<String>>,
    pub expect: Option<S<BTreeMap<S<String>, S<String>>>>,
    pub expect_score: Option<S<f64>>,
    pub expect_passed: Option<S<bool>>,
}

/// Deserialises "a string or a table" without serde's untagged enums, whose error ("data did not
/// match any variant") would hide the real mistake, such as a misspelt language key.
macro_rules! string_or_table {
    ($ty:ident, $string:ident, $table:ident, $inner:ty, $expecting:literal) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, s: &str) -> Result<$ty, E> {
                        Ok($ty::$string(s.to_string()))
                    }
                    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<$ty, M::Error> {
                        <$inner>::deserialize(MapAccessDeserializer::new(map))
                            .map(|v| $ty::$table(v.into()))
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

string_or_table!(
    TextFile,
    Plain,
    PerLang,
    LangTextsFile,
    "a string or a table such as { ru = \"…\", hu = \"…\", en = \"…\" }"
);
string_or_table!(
    NaFile,
    Name,
    Rule,
    NaRuleFile,
    "a condition name such as \"no-timestamps\" or a table such as { phrase_absent = { … } }"
);
