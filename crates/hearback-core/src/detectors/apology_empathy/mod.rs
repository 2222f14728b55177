//! `apology-empathy`: the agent apologises or shows that they understand how the customer feels.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::Token;
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::{PhraseList, folded_eq, folded_starts_with};

const ID: &str = "apology-empathy";

/// The three languages' lists in one: the lists share no words, and a turn detected as the wrong
/// language («Sorry, одну минуту») is still read.
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

/// Words right after a bare «извините», "sorry", "elnézést" that make it an apology for something
/// («извините за…», "sorry for…", "elnézést, hogy…") rather than "excuse me, what is…".
const BARE_FOLLOWERS: &[&str] = &[
    "за", "что", "нас", "меня", "for", "about", "that", "to", "a", "az", "hogy", "amiert",
];

/// Reasons (folded prefixes) that make a bare apology word a real apology when they follow it
/// closely: «Извините, я ошиблась», "Sorry, the delay is on our side".
const REASONS: &[&str] = &[
    "ошиб",
    "ожидан",
    "задерж",
    "неудобств",
    "недоразумен",
    "путаниц",
    "долго",
    "накладк",
    "расслыш",
    "hib",
    "varakoz",
    "keses",
    "kellemetlen",
    "felreertes",
    "tevedt",
    "hallottam",
    "mistake",
    "wait",
    "delay",
    "inconvenience",
    "confusion",
    "trouble",
    "mix",
    "catch",
    "hear",
    "error",
    "прав",
    "right",
    "igaza",
];

/// How far after a bare apology word a reason may stand.
const REASON_WINDOW: usize = 8;

#[derive(Debug, Clone, Copy)]
pub struct ApologyEmpathy;

/// True when a bare apology word at token `i` apologises for something: a reason word follows,
/// or it stands alone at the end of a sentence or turn («Ой, извините!»).
fn bare_is_apology(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(next) = tokens.get(i + 1) else {
        return true;
    };
    let between = text.get(tokens[i].end..next.start).unwrap_or("");
    if between.contains(['.', '!']) {
        return true;
    }
    if BARE_FOLLOWERS.iter().any(|w| folded_eq(&next.norm, w)) {
        return true;
    }
    tokens[i + 1..tokens.len().min(i + 1 + REASON_WINDOW)]
        .iter()
        .any(|t| REASONS.iter().any(|r| folded_starts_with(&t.norm, r)))
}

impl Detector for ApologyEmpathy {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "The agent apologises or shows empathy («приношу извинения», \"elnézést kérek\", \"I understand how frustrating\"): acknowledging the customer's trouble is what turns a complaint back into trust."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let list = &*PHRASES;
        let (apology, bare, empathy) = (
            list.section("apology"),
            list.section("bare"),
            list.section("empathy"),
        );
        for turn in analysis.turn_indices(Speaker::Agent) {
            let (Some(t), Some(ta)) = (
                analysis.conversation.turns.get(turn),
                analysis.turns.get(turn),
            ) else {
                continue;
            };
            let tokens = &ta.tokens;
            for m in list.find_iter(tokens, 0, tokens.len()) {
                let section = Some(m.section);
                let kind = if section == apology {
                    "apologised"
                } else if section == empathy {
                    "showed empathy"
                } else if section == bare && bare_is_apology(&t.text, tokens, m.start) {
                    "apologised"
                } else {
                    continue;
                };
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
                    note: format!("the agent {kind}: «{}» (turn {})", ev.quote, turn + 1),
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
        for s in ["apology", "bare", "empathy", "not"] {
            assert!(PHRASES.section(s).is_some(), "{s}");
        }
    }
}
