//! `offer`: the agent offers a product, service, upgrade or tariff.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::Token;
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::{PhraseList, PrefixSet, folded_starts_with};

const ID: &str = "offer";

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

/// Product words (folded prefixes) from the lists' `[product]` sections.
static PRODUCTS: LazyLock<PrefixSet> = LazyLock::new(|| {
    let list = &*PHRASES;
    let product = list.section("product");
    PrefixSet::new(
        list.phrases()
            .iter()
            .filter(|p| Some(p.section) == product)
            .map(|p| &*p.text),
    )
});

/// Words that make a recommendation one of the business's own products («рекомендую наш…»,
/// "I'd recommend our…"): Russian stems, matched as prefixes («нашу», «новый»)…
const OURS: &[&str] = &["наш", "нов"];
/// …and short words matched whole, since as prefixes they would take "minél", "miért" or
/// "news" for "our".
const OURS_WORDS: &[&str] = &["our", "mi", "uj", "new"];

/// True when the token is one of [`OURS`] or [`OURS_WORDS`].
fn is_ours(t: &Token) -> bool {
    OURS.iter().any(|o| folded_starts_with(&t.norm, o))
        || OURS_WORDS
            .iter()
            .any(|o| folded_starts_with(&t.norm, o) && t.norm.chars().count() == o.chars().count())
}

/// How far from «рекомендую», "javaslom", "I'd recommend" the product word may stand.
const PRODUCT_WINDOW: usize = 8;

/// True when the token names a product or service («тариф», "csomag", "plan").
pub(crate) fn is_product(t: &Token) -> bool {
    PRODUCTS.starts(&t.norm)
}

/// True when a product word stands within `PRODUCT_WINDOW` tokens of `start..end`, before or
/// after («Это расширенная гарантия. Рекомендую её», «рекомендую тариф…»).
fn product_near(tokens: &[Token], start: usize, end: usize) -> bool {
    let from = start.saturating_sub(PRODUCT_WINDOW);
    let to = tokens.len().min(end + PRODUCT_WINDOW);
    tokens
        .get(from..to)
        .is_some_and(|ts| ts.iter().any(is_product))
}

/// Token ranges of the offers the speaker of `tokens` makes in their own voice: not quoted, not
/// negated («не могу вам ничего предложить»).
pub(crate) fn offers(tokens: &[Token]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let list = &*PHRASES;
    let (offer, suggest) = (list.section("offer"), list.section("suggest"));
    list.find_iter(tokens, 0, tokens.len())
        .filter_map(move |m| {
            let section = Some(m.section);
            let ok = section == offer
                || (section == suggest
                    && (product_near(tokens, m.start, m.end)
                        || tokens[m.end..tokens.len().min(m.end + 4)]
                            .iter()
                            .any(is_ours)));
            (ok && !match_negated_or_quoted(list, &m, tokens)).then_some((m.start, m.end))
        })
}

#[derive(Debug, Clone, Copy)]
pub struct Offer;

impl Detector for Offer {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "The agent offers a product, service, upgrade or tariff («могу предложить», \"ajánlani tudom\", \"would you like to upgrade\"): the scorecard then checks that the offer came with its benefit and without pressure."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        for turn in analysis.turn_indices(Speaker::Agent) {
            let Some(ta) = analysis.turns.get(turn) else {
                continue;
            };
            let tokens = &ta.tokens;
            for (start, end) in offers(tokens) {
                let Some(ev) =
                    Evidence::span(analysis, turn, tokens[start].start, tokens[end - 1].end)
                else {
                    continue;
                };
                out.push(Finding {
                    detector: ID,
                    note: format!(
                        "the agent made an offer: «{}» (turn {})",
                        ev.quote,
                        turn + 1
                    ),
                    confidence: 0.85,
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
        for s in ["offer", "suggest", "product", "not"] {
            assert!(PHRASES.section(s).is_some(), "{s}");
        }
    }
}
