//! `benefit-language`: the agent says what an offer gives the customer, not only what it is.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::offer::{is_product, offers_in};
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::Token;
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::{PhraseList, fold};

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
            .filter(|&i| !offers_in(analysis, i).is_empty())
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
            let listed = list
                .find_iter(tokens, 0, tokens.len())
                .filter(|m| !match_negated_or_quoted(list, m, tokens))
                .map(|m| (m.start, m.end));
            let mut spans: Vec<(usize, usize)> = listed.collect();
            // The «így» and «hogy … -hasson» readings only where no listed phrase already covers
            // those words, so one benefit is one finding.
            for (s, e) in hu_consequences(tokens) {
                if !spans.iter().any(|&(a, b)| a < e && s < b) {
                    spans.push((s, e));
                }
            }
            spans.sort_unstable();
            for (start, end) in spans {
                if !in_context() {
                    continue;
                }
                let Some(ev) =
                    Evidence::span(analysis, turn, tokens[start].start, tokens[end - 1].end)
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

/// Words after «így» that make it "so it is" or "anyway", not "this way the customer…": «Így
/// van», «így is», «így jó?».
const IGY_NOT: &[&str] = &[
    "van", "is", "lesz", "jo", "volt", "tortent", "igaz", "mar", "nem",
];

/// Endings of the Hungarian potential subjunctive («kipihenhesse», «telefonálhasson», «élvezhessék»):
/// after «hogy» they say what the offer lets someone do.
const HU_PURPOSE: &[&str] = &[
    "hasson", "hessen", "hassa", "hesse", "hassak", "hessek", "hassanak", "hessenek", "hassuk",
    "hessuk", "hassunk", "hessunk", "hasd", "hesd", "hassatok", "hessetek", "hass", "hess",
];

/// How far after «hogy» the purpose verb may stand («hogy a család valóban kipihenhesse magát»).
const PURPOSE_WINDOW: usize = 6;

/// Hungarian benefit wording that a phrase list cannot hold: a clause opened by «így» ("this
/// way…": «így a jövőben nem kell telefonálnia», «így semmilyen díjat nem vonnak le») and a
/// purpose clause «hogy … -hasson/-hessen» («hogy nyugodtan utazhasson»). Token ranges.
fn hu_consequences(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let folded: String = t.norm.chars().map(fold).collect();
        if t.quoted {
            continue;
        }
        if folded == "igy" {
            let opens = i == 0
                || tokens[i - 1].clause != t.clause
                || matches!(tokens[i - 1].norm.as_str(), "és" | "es" | "s");
            let rest: Vec<&Token> = tokens[i + 1..]
                .iter()
                .take_while(|n| n.clause == t.clause)
                .collect();
            let next_ok = rest.first().is_some_and(|n| {
                let f: String = n.norm.chars().map(fold).collect();
                !IGY_NOT.contains(&f.as_str())
            });
            if opens && next_ok && rest.len() >= 2 {
                out.push((i, i + 1 + rest.len().min(4)));
            }
        } else if folded == "hogy" {
            let hit = tokens[i + 1..]
                .iter()
                .take(PURPOSE_WINDOW)
                .take_while(|n| n.clause == t.clause)
                .position(|n| {
                    let f: String = n.norm.chars().map(fold).collect();
                    f.chars().count() > 6 && HU_PURPOSE.iter().any(|e| f.ends_with(e))
                });
            if let Some(k) = hit {
                out.push((i, i + k + 2));
            }
        }
    }
    out
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
