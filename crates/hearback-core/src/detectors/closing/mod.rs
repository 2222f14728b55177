//! `closing`: in the closing turns the agent thanks the customer, offers further help and says
//! goodbye.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::phrase_list::{Match, PhraseList, folded_eq};
use crate::text::surface::sentence_break_between;
use crate::text::{Token, is_negator};

/// The three languages' lists in one: the lists share no words, and a closing turn detected as
/// the wrong language («Спасибо, bye!») still finds its phrases.
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

struct Sections {
    thanks: usize,
    offer: usize,
    help: usize,
    more: usize,
    farewell: usize,
    farewell_final: usize,
    not_before_final: Vec<Box<str>>,
    not_in_offer: Vec<Box<str>>,
}

static SECTIONS: LazyLock<Option<Sections>> = LazyLock::new(|| {
    let l = &*PHRASES;
    let nbf = l.section("not_before_final")?;
    Some(Sections {
        thanks: l.section("thanks")?,
        offer: l.section("offer")?,
        help: l.section("help")?,
        more: l.section("more")?,
        farewell: l.section("farewell")?,
        farewell_final: l.section("farewell_final")?,
        not_before_final: l
            .phrases()
            .iter()
            .filter(|p| p.section == nbf)
            .map(|p| p.text.clone())
            .collect(),
        not_in_offer: l.section_texts("not_in_offer"),
    })
});

/// How many of the agent's last turns are closing turns.
const CLOSING_TURNS: usize = 2;
/// How far apart (in words) a help word and a "more" word may stand to make an offer.
const OFFER_WINDOW: usize = 6;

#[derive(Debug, Clone, Copy)]
pub struct Closing;

impl Detector for Closing {
    fn id(&self) -> &'static str {
        "closing"
    }

    fn explain(&self) -> &'static str {
        "In the closing turns the agent thanks the customer, offers further help and says goodbye («Спасибо за обращение», \"Segíthetek még valamiben?\", \"Have a nice day\"): the end is what the customer remembers."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let Some(s) = SECTIONS.as_ref() else {
            return;
        };
        let n = analysis.conversation.turns.len();
        let agent: Vec<usize> = analysis.turn_indices(Speaker::Agent).collect();
        let Some(&last) = agent.last() else {
            return;
        };
        // The agent's last turns, but not the opening one ("Thank you for calling Acme" is not a
        // closing) nor one in the first third; the very last agent turn always.
        let first = agent[0];
        let closing = agent
            .iter()
            .rev()
            .take(CLOSING_TURNS)
            .filter(|&&i| i == last || (i != first && i * 3 >= n))
            .rev();
        for &turn in closing {
            let (Some(t), Some(ta)) = (
                analysis.conversation.turns.get(turn),
                analysis.turns.get(turn),
            ) else {
                continue;
            };
            let tokens = &ta.tokens;
            let mut help = Vec::new();
            let mut more = Vec::new();
            for m in PHRASES.find_iter(tokens, 0, tokens.len()) {
                if tokens[m.start..m.end].iter().any(|t| t.quoted)
                    || negated_before(tokens, m.start)
                {
                    continue;
                }
                let kind = if m.section == s.thanks {
                    "thanks"
                } else if m.section == s.offer {
                    "offer"
                } else if m.section == s.farewell
                    || (m.section == s.farewell_final && final_farewell(s, tokens, &m))
                {
                    "farewell"
                } else {
                    if m.section == s.help {
                        help.push(m);
                    } else if m.section == s.more {
                        more.push(m);
                    }
                    continue;
                };
                push(analysis, out, turn, tokens, m.start, m.end, kind);
            }
            // Informal offers typed with a dash or comma inside («Если что — пиши», "Pishite,
            // esli chto"): phrase matching stops at the break, so read across it, but not
            // across the end of a sentence.
            for i in 0..tokens.len().saturating_sub(1) {
                if tokens[i + 1].clause == tokens[i].clause
                    || sentence_break_between(&t.text, tokens, i, i + 1)
                {
                    continue;
                }
                let from = tokens[..=i]
                    .iter()
                    .rposition(|x| x.clause != tokens[i].clause)
                    .map_or(0, |p| p + 1)
                    .max(i.saturating_sub(2));
                let mut window: Vec<Token> = tokens[from..(i + 4).min(tokens.len())].to_vec();
                let clause = window[0].clause;
                for w in &mut window {
                    w.clause = clause;
                }
                let crossing = (0..=i - from).find_map(|k| {
                    PHRASES.match_at(&window, k).filter(|m| {
                        m.section == s.offer
                            && from + m.end > i + 1
                            && !window[k..m.end].iter().any(|w| w.quoted)
                    })
                });
                if let Some(m) = crossing
                    && !negated_before(tokens, from + m.start)
                {
                    push(
                        analysis,
                        out,
                        turn,
                        tokens,
                        from + m.start,
                        from + m.end,
                        "offer",
                    );
                }
            }
            // A help word and a "more" word in one sentence: «Чем ещё могу помочь?».
            let mut used_more = Vec::new();
            for h in &help {
                let near = more
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| !used_more.contains(j))
                    .filter(|&(_, m)| {
                        let (a, b) = if m.start < h.start { (m, h) } else { (h, m) };
                        b.start.saturating_sub(a.end) <= OFFER_WINDOW
                            && !sentence_break_between(&t.text, tokens, a.end - 1, b.start)
                    })
                    .min_by_key(|(_, m)| m.start.abs_diff(h.start));
                if let Some((j, m)) = near {
                    used_more.push(j);
                    let (from, to) = (h.start.min(m.start), h.end.max(m.end));
                    // "One more question: …" asks the customer something.
                    let asking = tokens[from.saturating_sub(1)..to]
                        .iter()
                        .any(|t| s.not_in_offer.iter().any(|w| folded_eq(&t.norm, w)));
                    if asking {
                        continue;
                    }
                    push(analysis, out, turn, tokens, from, to, "offer");
                }
            }
        }
    }
}

/// How far back in its clause a negator still cancels a closing phrase: "I can't help you with
/// anything else" puts four words between them.
const NEGATION_REACH: usize = 6;

/// True when a negator stands before token `i` in its clause, within [`NEGATION_REACH`] words.
fn negated_before(tokens: &[Token], i: usize) -> bool {
    let Some(at) = tokens.get(i) else {
        return false;
    };
    tokens[i.saturating_sub(NEGATION_REACH)..i]
        .iter()
        .any(|t| t.clause == at.clause && is_negator(&t.norm))
}

/// «Пока» is goodbye as the last word of its clause, and not after «подождите».
fn final_farewell(s: &Sections, tokens: &[Token], m: &Match) -> bool {
    let clause = tokens[m.start].clause;
    let ends_clause = tokens.get(m.end).is_none_or(|t| t.clause != clause);
    let after_wait = m.start.checked_sub(1).is_some_and(|p| {
        tokens[p].clause == clause
            && s.not_before_final
                .iter()
                .any(|w| folded_eq(&tokens[p].norm, w))
    });
    ends_clause && !after_wait
}

fn push(
    analysis: &Analysis<'_>,
    out: &mut Vec<Finding>,
    turn: usize,
    tokens: &[Token],
    start: usize,
    end: usize,
    kind: &str,
) {
    let (Some(first), Some(last)) = (tokens.get(start), tokens.get(end.saturating_sub(1))) else {
        return;
    };
    if let Some(ev) = Evidence::span(analysis, turn, first.start, last.end) {
        out.push(Finding {
            detector: "closing",
            note: format!("{kind}: «{}» (turn {})", ev.quote, turn + 1),
            confidence: 0.9,
            evidence: vec![ev],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Conversation, Turn};
    use crate::language::Lang;

    fn notes(turns: &[(Speaker, &str)], lang: Lang) -> Vec<String> {
        let c = Conversation {
            turns: turns.iter().map(|(s, t)| Turn::new(*s, *t)).collect(),
            ..Conversation::default()
        };
        let a = analyse(
            &c,
            &AnalyseOptions {
                language: Some(lang),
                ..AnalyseOptions::default()
            },
        );
        let mut out = Vec::new();
        Closing.detect(&a, &mut out);
        out.into_iter().map(|f| f.note).collect()
    }

    #[test]
    fn thanks_offer_and_farewell_are_found_with_their_kind() {
        let n = notes(
            &[
                (Speaker::Agent, "Добрый день!"),
                (Speaker::Customer, "Всё понятно."),
                (
                    Speaker::Agent,
                    "Спасибо за обращение! Могу ли я ещё чем-то помочь?",
                ),
                (Speaker::Customer, "Нет."),
                (Speaker::Agent, "Всего доброго, до свидания!"),
            ],
            Lang::Ru,
        );
        let kinds: Vec<&str> = n
            .iter()
            .map(|n| n.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(kinds, ["thanks", "offer", "farewell", "farewell"]);
    }

    #[test]
    fn a_negated_offer_is_not_an_offer() {
        let n = notes(
            &[
                (Speaker::Customer, "И что мне делать?"),
                (Speaker::Agent, "Больше ничем не могу помочь."),
            ],
            Lang::Ru,
        );
        assert!(n.is_empty(), "{n:?}");
    }

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
