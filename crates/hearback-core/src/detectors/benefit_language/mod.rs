//! `benefit-language`: the agent says what an offer gives the customer, not only what it is.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::offer::{is_product, offers};
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::PhraseList;

const ID: &str = "benefit-language";

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

/// How many turns before a benefit an offer may stand («Могу предложить тариф…» — «А сколько
/// стоит?» — «…и вы сэкономите»), and how many after (the benefit said first).
const TURNS_BEFORE: usize = 4;
const TURNS_AFTER: usize = 2;

#[derive(Debug, Clone, Copy)]
pub struct BenefitLanguage;

impl Detector for BenefitLanguage {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "When offering something, the agent says what it gives the customer («это позволит вам…», \"így Ön…\", \"so you can…\"), not only its features: customers buy what a thing does for them."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    /// A benefit phrase counts only in the context of an offer: an offer in the same agent turn
    /// or a nearby one, or a product word in the same turn. «Вы сможете забрать заказ завтра» is
    /// information, not a benefit.
    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let list = &*PHRASES;
        let agent_turns: Vec<usize> = analysis.turn_indices(Speaker::Agent).collect();
        let offer_turns: Vec<usize> = agent_turns
            .iter()
            .copied()
            .filter(|&i| {
                analysis
                    .turns
                    .get(i)
                    .is_some_and(|ta| offers(&ta.tokens).next().is_some())
            })
            .collect();
        for &turn in &agent_turns {
            let Some(ta) = analysis.turns.get(turn) else {
                continue;
            };
            let tokens = &ta.tokens;
            // Asked only once a benefit phrase is found: most turns have none.
            let in_context = std::cell::OnceCell::new();
            let in_context = || {
                *in_context.get_or_init(|| {
                    offer_turns
                        .iter()
                        .any(|&o| o + TURNS_BEFORE >= turn && o <= turn + TURNS_AFTER)
                        || tokens.iter().any(is_product)
                })
            };
            for m in list.find_iter(tokens, 0, tokens.len()) {
                if !in_context() || match_negated_or_quoted(list, &m, tokens) {
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
                        "the agent named a benefit for the customer: «{}» (turn {})",
                        ev.quote,
                        turn + 1
                    ),
                    confidence: 0.8,
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
