//! `pressure`: pressure selling by the agent. Three kinds, named at the start of each note:
//! `after-refusal` (the customer said «нет, спасибо» / «nem kérem» / "no thanks" and the agent
//! pushes again in the next turns), `false-urgency` («только сегодня», «csak ma», "last chance")
//! and `insisting` («вы не можете отказаться», «meg fogja bánni», "you really should take it").
//!
//! Calm phrases («не хочу вас торопить», «gondolja át nyugodtan», "take your time") are the
//! opposite of pressure: they win over the shorter phrases inside them and veto the weakest
//! signal, a contrast followed by an offer word («понимаю, но скидка…»).

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::language::Lang;
use crate::text::Token;
use crate::text::match_negation::own_words;
use crate::text::phrase_list::PhraseList;

const README: &str = include_str!("README.md");

/// The phrase lists of ru, hu and en, in `Lang::SUPPORTED` order.
static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| {
    [
        Lists::new(include_str!("phrases.ru.txt")),
        Lists::new(include_str!("phrases.hu.txt")),
        Lists::new(include_str!("phrases.en.txt")),
    ]
});

/// «нет, спасибо» and «köszönöm, nem» span a comma, which phrases do not cross: a no-word next
/// to a thanks-word, in either order, is a refusal.
const NO_WORDS: &[&str] = &["нет", "no", "nope", "nem"];
const THANKS_WORDS: &[&str] = &[
    "спасибо",
    "благодарю",
    "thanks",
    "thank",
    "köszönöm",
    "köszi",
    "kösz",
    "köszönjük",
];

/// How many of the agent's turns after a refusal can push again.
const PUSH_TURNS: usize = 2;
/// How far (in tokens) an offer word may follow a contrast word («но … скидка»).
const CONTRAST_REACH: usize = 8;

struct Lists {
    list: PhraseList,
    urgency: Option<usize>,
    insisting: Option<usize>,
    push: Option<usize>,
    contrast: Option<usize>,
    offer: Option<usize>,
    refusal: Option<usize>,
    refusal_end: Option<usize>,
    calm: Option<usize>,
}

impl Lists {
    fn new(text: &str) -> Lists {
        let list = PhraseList::parse(text);
        Lists {
            urgency: list.section("false-urgency"),
            insisting: list.section("insisting"),
            push: list.section("push"),
            contrast: list.section("contrast"),
            offer: list.section("offer"),
            refusal: list.section("refusal"),
            refusal_end: list.section("refusal-end"),
            calm: list.section("calm"),
            list,
        }
    }
}

fn lists(lang: Lang) -> Option<&'static Lists> {
    let i = Lang::SUPPORTED.iter().position(|l| *l == lang)?;
    LISTS.get(i)
}

/// The byte span of the customer's refusal in a turn, if the turn refuses. A turn that opens
/// with a bare «Нет» / «Nem» / "No" refuses too when the agent's turn before it made an offer.
fn refusal(l: &Lists, tokens: &[Token], after_offer: bool) -> Option<(usize, usize)> {
    if after_offer
        && let Some(first) = tokens.first()
        && NO_WORDS.contains(&first.norm.as_str())
        && !first.quoted
    {
        return Some((first.start, first.end));
    }
    for m in l.list.find_iter(tokens, 0, tokens.len()) {
        if tokens[m.start..m.end].iter().any(|t| t.quoted) {
            continue;
        }
        let ends_clause = tokens.get(m.end).is_none_or(|next| {
            next.clause != tokens[m.end - 1].clause || THANKS_WORDS.contains(&next.norm.as_str())
        });
        if Some(m.section) == l.refusal || (Some(m.section) == l.refusal_end && ends_clause) {
            return Some((tokens[m.start].start, tokens[m.end - 1].end));
        }
    }
    tokens.windows(2).find_map(|w| {
        let (a, b) = (w[0].norm.as_str(), w[1].norm.as_str());
        let pair = (NO_WORDS.contains(&a) && THANKS_WORDS.contains(&b))
            || (THANKS_WORDS.contains(&a) && NO_WORDS.contains(&b));
        (pair && !w[0].quoted).then_some((w[0].start, w[1].end))
    })
}

/// What one agent turn says: spans of each kind.
#[derive(Default)]
struct Said {
    urgency: Vec<(usize, usize)>,
    insisting: Vec<(usize, usize)>,
    /// Pushing phrases, or a contrast followed by an offer word; counted only after a refusal.
    push: Vec<(usize, usize)>,
    /// The turn names an offer («скидка», «csomag», "deal"), so a bare «нет» after it refuses it.
    offers: bool,
}

fn read_agent_turn(l: &Lists, tokens: &[Token]) -> Said {
    let mut said = Said::default();
    let mut calm = false;
    let mut contrast_at: Option<usize> = None;
    let mut contrast_offer: Option<(usize, usize)> = None;
    for m in l.list.find_iter(tokens, 0, tokens.len()) {
        let span = (tokens[m.start].start, tokens[m.end - 1].end);
        let s = Some(m.section);
        if s == l.calm {
            calm = true;
        } else if s == l.contrast {
            contrast_at = Some(m.start);
        } else if s == l.offer {
            said.offers = true;
            if let Some(c) = contrast_at
                && m.start - c <= CONTRAST_REACH
                && contrast_offer.is_none()
                && own_words(&l.list, &m, tokens)
            {
                contrast_offer = Some((tokens[c].start, span.1));
            }
        } else if s == l.urgency || s == l.insisting || s == l.push {
            if !own_words(&l.list, &m, tokens) {
                continue;
            }
            if s == l.urgency {
                said.urgency.push(span);
            } else if s == l.insisting {
                said.insisting.push(span);
            } else {
                said.push.push(span);
            }
        }
    }
    if !calm {
        said.push.extend(contrast_offer);
    }
    said
}

/// Pressure selling: pushing after a refusal, false urgency, refusing to take no.
#[derive(Debug, Clone, Copy)]
pub struct Pressure;

impl Detector for Pressure {
    fn id(&self) -> &'static str {
        "pressure"
    }

    fn explain(&self) -> &'static str {
        "The agent pushes a sale: again after the customer said no, with a false deadline, or by refusing to take no; a customer who pays to end the pressure does not come back."
    }

    fn readme(&self) -> &'static str {
        README
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        // (customer turn, byte span of the refusal, agent turns left that may push)
        let mut pending: Option<(usize, (usize, usize), usize)> = None;
        let mut offered = false;
        for (i, turn) in analysis.conversation.turns.iter().enumerate() {
            let Some(ta) = analysis.turns.get(i) else {
                continue;
            };
            let lang = analysis.reading_lang(ta.lang);
            let Some(l) = lists(lang) else {
                continue;
            };
            let tokens = &ta.tokens;
            match turn.speaker {
                Speaker::Customer => {
                    pending = refusal(l, tokens, offered).map(|span| (i, span, PUSH_TURNS));
                }
                Speaker::Agent => {
                    let said = read_agent_turn(l, tokens);
                    offered = said.offers;
                    let mut emit =
                        |kind: &str, spans: &[(usize, usize)], before: Option<Evidence>| {
                            if spans.is_empty() {
                                return;
                            }
                            let mut evidence: Vec<Evidence> = before.into_iter().collect();
                            evidence.extend(
                                spans
                                    .iter()
                                    .filter_map(|&(s, e)| Evidence::span(analysis, i, s, e)),
                            );
                            let quotes: Vec<String> = evidence
                                .iter()
                                .filter(|e| e.turn == i)
                                .map(|e| format!("«{}»", e.quote))
                                .collect();
                            let why = match &evidence.first() {
                                Some(r) if r.turn != i => {
                                    format!(
                                        " after the customer said «{}» in turn {}",
                                        r.quote,
                                        r.turn + 1
                                    )
                                }
                                _ => String::new(),
                            };
                            out.push(Finding {
                                detector: "pressure",
                                note: format!(
                                    "{kind}: agent said {} in turn {}{why}",
                                    quotes.join(", "),
                                    i + 1
                                ),
                                confidence: 0.8,
                                evidence,
                            });
                        };
                    if let Some((c, (s, e), left)) = pending {
                        let refused = Evidence::span(analysis, c, s, e);
                        emit("after-refusal", &said.push, refused);
                        pending = (left > 1).then_some((c, (s, e), left - 1));
                    }
                    emit("false-urgency", &said.urgency, None);
                    emit("insisting", &said.insisting, None);
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_its_sections() {
        for l in LISTS.iter() {
            let sections = [
                l.urgency,
                l.insisting,
                l.push,
                l.contrast,
                l.offer,
                l.refusal,
                l.refusal_end,
                l.calm,
            ];
            assert!(sections.iter().all(Option::is_some));
        }
    }
}
