//! `Analysis`: everything computed once per conversation and read by every detector and check.

use std::collections::BTreeMap;

use crate::conversation::{Conversation, Speaker};
use crate::language::{self, Lang};
use crate::text::{self, Token};

/// Settings that change how a conversation is read, set by the user (`--lang`).
#[derive(Debug, Clone, Default)]
pub struct AnalyseOptions {
    /// Overrides detection for the whole conversation (`--lang ru`).
    pub language: Option<Lang>,
    /// The business's own names as the scorecard gives them ("Ромашка", "Romashka"), so that
    /// detectors can tell an agent naming the company from any other proper noun.
    pub company: Vec<String>,
    /// The business's working days, for "within three working days" (Monday to Friday when
    /// `None`). Shared, because every conversation of a run reads the same calendar.
    pub calendar: Option<std::sync::Arc<crate::calendar::Calendar>>,
}

/// A conversation with its text analysed.
#[derive(Debug, Clone)]
pub struct Analysis<'c> {
    pub conversation: &'c Conversation,
    /// The conversation's language: declared, forced, or detected from all turns.
    pub language: Lang,
    /// Lingua's confidence in `language` (1.0 when declared or forced).
    pub language_confidence: f64,
    pub turns: Vec<TurnAnalysis>,
    pub warnings: Vec<String>,
    /// Company names from [`AnalyseOptions::company`].
    pub company: Vec<String>,
    /// The working-day calendar from [`AnalyseOptions::calendar`].
    pub calendar: Option<std::sync::Arc<crate::calendar::Calendar>>,
    /// Learned conversation-level signals by name (`politeness`, `dissatisfaction`…), for
    /// scorecard `signal` checks; empty until a signal model fills it.
    pub signals: BTreeMap<String, f64>,
    /// What the learned signals say of each turn (by turn index; empty when no model ran): the
    /// binary fills it, the core reads it in [`crate::experience`].
    pub feelings: Vec<Option<crate::experience::Feeling>>,
    /// The agent's commitments, found once on first use: the vague- and specific-promise
    /// detectors and the score result's `promises` all read them.
    pub(crate) commitments: std::cell::OnceCell<Vec<crate::detectors::vague_promise::Commitment>>,
    /// The offers in each turn (token ranges), found once on first use: the offer,
    /// benefit-language and promise detectors all ask.
    pub(crate) offers: Vec<std::cell::OnceCell<Vec<(usize, usize)>>>,
}

/// One turn's language and tokens.
#[derive(Debug, Clone)]
pub struct TurnAnalysis {
    pub lang: Lang,
    pub tokens: Vec<Token>,
}

impl Analysis<'_> {
    /// The language a turn's words are read in: the turn's own when Hearback scores it, else
    /// the conversation's (a German "Danke" inside a Hungarian call is read with the Hungarian
    /// lists).
    pub fn reading_lang(&self, turn_lang: Lang) -> Lang {
        if turn_lang.is_supported() {
            turn_lang
        } else {
            self.language
        }
    }

    /// Turn indices spoken by `speaker`.
    pub fn turn_indices(&self, speaker: Speaker) -> impl Iterator<Item = usize> + '_ {
        self.conversation
            .turns
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.speaker == speaker)
            .map(|(i, _)| i)
    }
}

/// Analyses a conversation. Never fails: problems become warnings.
///
/// Each turn gets its own language, so a Hungarian customer in a Russian call is stemmed as
/// Hungarian; turns too short to judge ("Ок", "123") take the conversation's language.
pub fn analyse<'c>(conversation: &'c Conversation, options: &AnalyseOptions) -> Analysis<'c> {
    let mut warnings = Vec::new();
    let (language, language_confidence) = match options.language.or(conversation.language) {
        Some(l) => (l, 1.0),
        None => match language::detect_many(conversation.turns.iter().map(|t| t.text.as_str())) {
            Some(d) => (d.lang, d.confidence),
            None => {
                warnings.push("no text to detect the language from".to_string());
                (Lang::Other, 0.0)
            }
        },
    };
    let forced = options.language.is_some();
    let turns = conversation
        .turns
        .iter()
        .map(|t| {
            let letters = t.text.chars().filter(|c| language::is_letter(*c)).count();
            // In a conversation Hearback cannot score, a turn's own language changes nothing.
            let lang = if forced || letters < 12 || language == Lang::Other {
                language
            } else {
                language::detect_in(&t.text, Some(language)).map_or(language, |d| d.lang)
            };
            TurnAnalysis {
                lang,
                tokens: text::tokenize(&t.text, if lang == Lang::Other { language } else { lang }),
            }
        })
        .collect();
    if language == Lang::Other {
        warnings.push(
            "the conversation is not in Russian, Hungarian or English; its criteria are answered N/A"
                .to_string(),
        );
    }
    Analysis {
        conversation,
        language,
        language_confidence,
        turns,
        warnings,
        company: options.company.clone(),
        calendar: options.calendar.clone(),
        signals: BTreeMap::new(),
        feelings: Vec::new(),
        commitments: std::cell::OnceCell::new(),
        offers: vec![std::cell::OnceCell::new(); conversation.turns.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Turn;

    fn conv(turns: &[(&str, Speaker)]) -> Conversation {
        Conversation {
            id: "t".into(),
            turns: turns.iter().map(|(t, s)| Turn::new(*s, *t)).collect(),
            ..Conversation::default()
        }
    }

    #[test]
    fn a_mixed_conversation_keeps_each_turns_language() {
        let c = conv(&[
            (
                "Добрый день, компания Ромашка, меня зовут Анна, чем могу помочь?",
                Speaker::Agent,
            ),
            (
                "Jó napot, magyarul beszél valaki az ügyfélszolgálaton?",
                Speaker::Customer,
            ),
            ("Ок", Speaker::Agent),
        ]);
        let a = analyse(&c, &AnalyseOptions::default());
        assert_eq!(a.turns[0].lang, Lang::Ru);
        assert_eq!(a.turns[1].lang, Lang::Hu);
        assert_eq!(a.turns[2].lang, a.language);
    }

    #[test]
    fn an_unsupported_conversation_is_other_with_a_warning() {
        let c = conv(&[
            (
                "Guten Tag, hier ist Anna von der Firma Müller, wie kann ich Ihnen helfen?",
                Speaker::Agent,
            ),
            (
                "Ich möchte meinen Vertrag kündigen, bitte.",
                Speaker::Customer,
            ),
        ]);
        let a = analyse(&c, &AnalyseOptions::default());
        assert_eq!(a.language, Lang::Other);
        assert!(!a.warnings.is_empty());
    }
}
