//! `hold-announced`: the agent tells the customer they are about to wait («одну минуту»,
//! "egy pillanat türelmét kérem", "please hold").
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::Token;
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::{Match, PhraseList, folded_starts_with};

const ID: &str = "hold-announced";

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

/// Words (folded prefixes) after which a bare «подождите», "várjon", "wait" asks the customer to
/// hold: «Подождите, пожалуйста», "Várjon egy kicsit", "wait a moment".
const BARE_NEXT: &[&str] = &[
    "пожалуйста",
    "немного",
    "минут",
    "секунд",
    "чуть",
    "на линии",
    "kerem",
    "egy",
    "kicsit",
    "vonal",
    "a moment",
    "one",
    "a sec",
    "a minute",
    "please",
    "moment",
];

/// True when the bare hold word at `i` is followed by a word that makes it a request to hold.
fn bare_is_hold(tokens: &[Token], i: usize) -> bool {
    tokens.get(i + 1).is_some_and(|n| {
        BARE_NEXT
            .iter()
            .any(|w| !w.contains(' ') && folded_starts_with(&n.norm, w))
    })
}

/// Hold phrases in a turn's tokens that the speaker says in their own voice: not quoted, not
/// negated («я не буду вас задерживать на линии»). `soft` adds «сейчас проверю», "let me check".
fn holds(tokens: &[Token], soft: bool) -> impl Iterator<Item = Match> + '_ {
    let list = &*PHRASES;
    let (hold, bare) = (list.section("hold"), list.section("bare"));
    let soft_section = if soft { list.section("soft") } else { None };
    list.find_iter(tokens, 0, tokens.len()).filter(move |m| {
        let section = Some(m.section);
        (section == hold
            || (section == bare && bare_is_hold(tokens, m.start))
            || (soft_section.is_some() && section == soft_section))
            && !match_negated_or_quoted(list, m, tokens)
    })
}

/// True when a turn announces a pause: a hold phrase or a "let me check" that explains the
/// silence that follows (read by `unannounced-hold`).
pub(crate) fn announces_pause(tokens: &[Token]) -> bool {
    holds(tokens, true).next().is_some()
}

#[derive(Debug, Clone, Copy)]
pub struct HoldAnnounced;

impl Detector for HoldAnnounced {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "The agent announces a hold («одну минуту, оставайтесь на линии», \"egy pillanat türelmét kérem\", \"please hold\"): a customer told to wait waits calmly; one left in silence thinks the line dropped."
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
            for m in holds(tokens, false) {
                let Some(ev) =
                    Evidence::span(analysis, turn, tokens[m.start].start, tokens[m.end - 1].end)
                else {
                    continue;
                };
                out.push(Finding {
                    detector: ID,
                    note: format!(
                        "the agent announced a hold: «{}» (turn {})",
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
        for s in ["hold", "bare", "soft", "not"] {
            assert!(PHRASES.section(s).is_some(), "{s}");
        }
    }
}
