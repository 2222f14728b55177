//! `thanks-for-waiting`: the agent thanks the customer for waiting («спасибо за ожидание»,
//! "köszönöm a türelmét", "thanks for holding").
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::PhraseList;

const ID: &str = "thanks-for-waiting";

/// The three languages' lists in one: they share no words.
static PHRASES: LazyLock<PhraseList> = LazyLock::new(|| {
    PhraseList::parse(
        &[
            include_str!("phrases.ru.txt"),
            include_str!("phrases.hu.txt"),
            include_str!("phrases.en.txt"),
        ]
        .join("\n"),
    )
});

#[derive(Debug, Clone, Copy)]
pub struct ThanksForWaiting;

impl Detector for ThanksForWaiting {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "The agent thanks the customer for waiting («спасибо за ожидание», \"köszönöm a türelmét\", \"thank you for holding\"): the wait was the customer's time, and saying so closes the hold politely."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let list = &*PHRASES;
        for turn in analysis.turn_indices(Speaker::Agent) {
            let Some(ta) = analysis.turns.get(turn) else {
                continue;
            };
            let tokens = &ta.tokens;
            for m in list.find_iter(tokens, 0, tokens.len()) {
                if match_negated_or_quoted(list, &m, tokens) {
                    continue;
                }
                let Some(ev) =
                    Evidence::span(analysis, turn, tokens[m.start].start, tokens[m.end - 1].end)
                else {
                    continue;
                };
                out.push(Finding {
                    detector: ID,
                    note: format!(
                        "the agent thanked the customer for waiting: «{}» (turn {})",
                        ev.quote,
                        turn + 1
                    ),
                    confidence: 0.9,
                    evidence: vec![ev],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_line_parses_into_a_phrase() {
        for text in [
            include_str!("phrases.ru.txt"),
            include_str!("phrases.hu.txt"),
            include_str!("phrases.en.txt"),
        ] {
            assert_eq!(PHRASES.missing_lines(text), Vec::<&str>::new());
        }
    }
}
