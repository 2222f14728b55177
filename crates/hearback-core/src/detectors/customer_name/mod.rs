//! `customer-name`: the agent addresses the customer by name.
#![doc = include_str!("README.md")]

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::introduction::{
    INTRO_TURNS, asks_name, party_name, self_introductions, turn_lang,
};
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::Token;
use crate::text::names::{
    Caution, Part, PersonName, is_first_name, is_title_after, is_title_before,
};
use crate::text::phrase_list::folded_eq;
use crate::text::surface::{comma_after, is_capitalized, is_cased, starts_sentence};

/// How many words of a customer's answer to «Как к вам обращаться?» can be their name.
const ANSWER_WORDS: usize = 3;
/// Replies and fillers, folded: they open an answer («ну, Марина», "igen, Zoltán") or are the whole
/// answer ("Right.", «Хорошо.») without being a name.
const ANSWER_FILLERS: &[&str] = &[
    "yeah",
    "yep",
    "well",
    "sure",
    "yes",
    "no",
    "okay",
    "ok",
    "right",
    "fine",
    "thanks",
    "igen",
    "nem",
    "jo",
    "rendben",
    "oke",
    "koszonom",
    "hat",
    "tehat",
    "szoval",
    "persze",
    "да",
    "нет",
    "ну",
    "конечно",
    "ладно",
    "хорошо",
    "спасибо",
    "записывайте",
    "пишите",
];

#[derive(Debug, Clone, Copy)]
pub struct CustomerName;

impl Detector for CustomerName {
    fn id(&self) -> &'static str {
        "customer-name"
    }

    fn explain(&self) -> &'static str {
        "The agent addresses the customer by name («Ольга Петровна», \"Kovács úr\", \"Mr Smith\"), known from the metadata or from the customer's own introduction: being named is being heard."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let name = customer_name(analysis);
        if name.is_empty() {
            return;
        }
        let mut agent_name: Option<Option<PersonName>> = None;
        for (n, turn) in analysis.turn_indices(Speaker::Agent).enumerate() {
            let (Some(t), Some(ta)) = (
                analysis.conversation.turns.get(turn),
                analysis.turns.get(turn),
            ) else {
                continue;
            };
            let lang = turn_lang(analysis, turn);
            let tokens = &ta.tokens;
            // Most turns hold no form of the name: check that before anything else.
            if !tokens.iter().any(|t| name.part_of(t, lang).is_some()) {
                continue;
            }
            // The agent's own introduction is not an address, even when both are called Anna
            // (introductions are read where the introduction detector reads them).
            let own: Vec<std::ops::Range<usize>> = if n < INTRO_TURNS {
                let agent_name =
                    agent_name.get_or_insert_with(|| party_name(analysis, Speaker::Agent));
                self_introductions(analysis, turn, agent_name.as_ref())
                    .into_iter()
                    .map(|i| i.name)
                    .collect()
            } else {
                Vec::new()
            };
            let cased = is_cased(&t.text);
            let usable = |k: usize| !tokens[k].quoted && !own.iter().any(|r| r.contains(&k));
            let mut i = 0;
            while i < tokens.len() {
                if !usable(i) {
                    i += 1;
                    continue;
                }
                let clause = tokens[i].clause;
                let mut k = i;
                let (mut given, mut family, mut titled) = (false, false, false);
                let mut words = 0;
                while k < tokens.len() && tokens[k].clause == clause && usable(k) {
                    let tok = &tokens[k];
                    let next_is_name = tokens
                        .get(k + 1)
                        .is_some_and(|n| n.clause == clause && name.part_of(n, lang).is_some());
                    if is_title_before(&tok.norm) && next_is_name {
                        titled = true;
                    } else if let Some((part, caution)) = name.part_with_caution(tok, lang) {
                        words += 1;
                        match part {
                            Part::Given => {
                                // «Вера» the name, not «вера» the word; "Will, …" but not
                                // "Will that be all?"; "Grant" but not "we can grant".
                                let capital = is_capitalized(&t.text, tok);
                                let initial = starts_sentence(&t.text, tokens, k);
                                let vocative = comma_after(&t.text, tok);
                                given |= match (caution, cased) {
                                    (Caution::None, _) | (Caution::Unknown, false) => true,
                                    // "hi priya, …" typed in lower case is still an address.
                                    (Caution::Unknown, true) => (capital && !initial) || vocative,
                                    (Caution::Everyday, true) => capital && (!initial || vocative),
                                    (Caution::Everyday, false) => false,
                                };
                            }
                            Part::Family => {
                                family = true;
                                titled |= wife_form(tok);
                            }
                        }
                    } else if words > 0 && is_title_after(&tok.norm) {
                        titled = true;
                    } else {
                        break;
                    }
                    k += 1;
                }
                if k == i {
                    i += 1;
                    continue;
                }
                // An everyday word as a first name counts next to another part of the name.
                let address = given || (family && titled) || (words >= 2 && (family || titled));
                if address
                    && let (Some(first), Some(last)) = (tokens.get(i), tokens.get(k - 1))
                    && let Some(ev) = Evidence::span(analysis, turn, first.start, last.end)
                {
                    out.push(Finding {
                        detector: "customer-name",
                        note: format!("the agent addressed the customer by name: «{}»", ev.quote),
                        confidence: 0.9,
                        evidence: vec![ev],
                    });
                }
                i = k;
            }
        }
    }
}

/// "Kovácsné", "Kovácsnét": a Hungarian married name, which is itself a polite address.
fn wife_form(tok: &Token) -> bool {
    let n = tok.norm.as_str();
    [
        "né", "nét", "nének", "névál", "nével", "néhez", "nétől", "néért",
    ]
    .iter()
    .any(|e| n.ends_with(e))
}

/// True when the customer's name is known, from the metadata or the conversation: what the
/// scorecard's `customer-name-unknown` N/A rule asks, so that a name the customer gave counts as
/// known exactly where this detector would look for it.
pub(crate) fn known(analysis: &Analysis<'_>) -> bool {
    !customer_name(analysis).is_empty()
}

/// The customer's name: from the metadata, from the customer's own introductions («меня зовут
/// Ольга», "Kovács Péter vagyok", "this is John Smith"), and from the answer to the agent's
/// «Как к вам обращаться?».
fn customer_name(analysis: &Analysis<'_>) -> PersonName {
    let mut name = party_name(analysis, Speaker::Customer).unwrap_or_default();
    let turns = &analysis.conversation.turns;
    let mut learn = |tokens: &[Token], range: std::ops::Range<usize>, head: usize| {
        for k in range {
            if let Some(tok) = tokens.get(k) {
                name.add(
                    &tok.norm,
                    if k == head { Part::Given } else { Part::Family },
                );
            }
        }
    };
    // Names are given at the start: the first few turns of each side are read.
    let (mut agent_seen, mut customer_seen) = (0, 0);
    for (turn, t) in turns.iter().enumerate() {
        let Some(ta) = analysis.turns.get(turn) else {
            continue;
        };
        let seen = match t.speaker {
            Speaker::Agent => &mut agent_seen,
            Speaker::Customer => &mut customer_seen,
            _ => continue,
        };
        *seen += 1;
        if *seen > INTRO_TURNS {
            if agent_seen > INTRO_TURNS && customer_seen > INTRO_TURNS {
                break;
            }
            continue;
        }
        if t.speaker == Speaker::Customer {
            for intro in self_introductions(analysis, turn, None) {
                learn(&ta.tokens, intro.name.clone(), intro.head);
            }
        } else if t.speaker == Speaker::Agent
            && asks_name(analysis, turn)
            && let Some(answer) = turns
                .iter()
                .enumerate()
                .skip(turn + 1)
                .find(|(_, t)| t.speaker != Speaker::System)
                .filter(|(_, t)| t.speaker == Speaker::Customer)
                .map(|(i, _)| i)
            && let (Some(at), Some(aa)) = (turns.get(answer), analysis.turns.get(answer))
        {
            let tokens = &aa.tokens;
            let cased = is_cased(&at.text);
            // A known first name among the first words, or a short answer that is only a name.
            if let Some(k) = tokens
                .iter()
                .take(ANSWER_WORDS)
                .position(|tok| is_first_name(&tok.norm))
            {
                let end = (k + 1..tokens.len().min(k + 3))
                    .find(|&j| {
                        tokens[j].clause != tokens[k].clause
                            || (cased && !is_capitalized(&at.text, &tokens[j]))
                            || (!cased && !is_first_name(&tokens[j].norm))
                    })
                    .unwrap_or(tokens.len().min(k + 3));
                // "Kiss Zoltán.", «Соколова Марина»: the family name first, as Hungarian always
                // and Russian often says it. Lower-case text shows no capital, so there only a
                // lone word before the first name counts, and not a filler («ну», "hát").
                let family_first = k.checked_sub(1).filter(|&p| {
                    let tok = &tokens[p];
                    tok.clause == tokens[k].clause
                        && !is_first_name(&tok.norm)
                        && if cased {
                            is_capitalized(&at.text, tok)
                        } else {
                            p == 0
                                && tok.norm.chars().count() >= 4
                                && !ANSWER_FILLERS.iter().any(|f| folded_eq(&tok.norm, f))
                        }
                });
                learn(tokens, family_first.unwrap_or(k)..end, k);
            } else if !tokens.is_empty()
                && tokens.len() <= ANSWER_WORDS
                && !tokens
                    .iter()
                    .any(|tok| ANSWER_FILLERS.iter().any(|f| folded_eq(&tok.norm, f)))
                && tokens
                    .iter()
                    .all(|tok| !cased || is_capitalized(&at.text, tok))
            {
                learn(tokens, 0..tokens.len(), 0);
            }
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Conversation, Turn};
    use crate::language::Lang;

    fn quotes(turns: &[(Speaker, &str)], lang: Lang) -> Vec<String> {
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
        CustomerName.detect(&a, &mut out);
        out.into_iter()
            .map(|f| f.evidence[0].quote.clone())
            .collect()
    }

    #[test]
    fn a_name_learned_from_the_customer_is_found_in_other_cases() {
        let q = quotes(
            &[
                (
                    Speaker::Customer,
                    "Здравствуйте, меня зовут Ольга Петровна.",
                ),
                (
                    Speaker::Agent,
                    "Ольга Петровна, сейчас проверю. Ольге пришло письмо?",
                ),
            ],
            Lang::Ru,
        );
        assert_eq!(q, ["Ольга Петровна", "Ольге"]);
    }

    #[test]
    fn hungarian_family_names_need_a_title() {
        let q = quotes(
            &[
                (Speaker::Customer, "Jó napot, Nagy Péter vagyok."),
                (
                    Speaker::Agent,
                    "Nagyon szívesen, Nagy úr. Péternek küldjük.",
                ),
            ],
            Lang::Hu,
        );
        assert_eq!(q, ["Nagy úr", "Péternek"]);
    }

    #[test]
    fn the_answer_to_the_name_question_is_learned() {
        let q = quotes(
            &[
                (
                    Speaker::Agent,
                    "How may I help? May I have your name, please?",
                ),
                (Speaker::Customer, "Siobhan."),
                (Speaker::Agent, "Thanks, Siobhan. Let me check."),
            ],
            Lang::En,
        );
        assert_eq!(q, ["Siobhan"]);
    }
}
