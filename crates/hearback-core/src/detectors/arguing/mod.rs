//! `arguing`: the agent contradicting the customer («вы не правы», «ez nem igaz», "that's not
//! true", "you're wrong").
//!
//! Agreement that merely contains the words ("you're not wrong", «вы правы», «не то чтобы вы
//! ошибались»), questions («это не так?», «nem igaz?») and answers to the customer's own
//! «это правда?» are not arguing.

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::language::Lang;
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

/// Words by which a customer asks whether something is true; the agent's «это неправда» right
/// after such a question answers it rather than contradicts.
const TRUTH_WORDS: &[&str] = &[
    "правда",
    "верно",
    "правильно",
    "так",
    "igaz",
    "igaz-e",
    "true",
    "right",
    "correct",
];

struct Lists {
    list: PhraseList,
    contradiction: Option<usize>,
    truth: Option<usize>,
}

impl Lists {
    fn new(text: &str) -> Lists {
        let list = PhraseList::parse(text);
        Lists {
            contradiction: list.section("contradiction"),
            truth: list.section("truth"),
            list,
        }
    }
}

fn lists(lang: Lang) -> Option<&'static Lists> {
    let i = Lang::SUPPORTED.iter().position(|l| *l == lang)?;
    LISTS.get(i)
}

/// True when the text right after byte `end` is a question mark: «это не так?» asks, while
/// «с чего вы взяли?» only looks like a question.
fn asks(text: &str, end: usize) -> bool {
    text.get(end..)
        .and_then(|rest| rest.trim_start().chars().next())
        .is_some_and(|c| c == '?')
}

/// True when the customer's turn just before `i` asks whether something is true.
fn answers_truth_question(analysis: &Analysis<'_>, i: usize) -> bool {
    let Some(p) = i.checked_sub(1) else {
        return false;
    };
    let (Some(turn), Some(ta)) = (analysis.conversation.turns.get(p), analysis.turns.get(p)) else {
        return false;
    };
    turn.speaker == Speaker::Customer
        && turn.text.contains('?')
        && ta
            .tokens
            .iter()
            .any(|t| TRUTH_WORDS.contains(&t.norm.as_str()))
}

/// The agent contradicting the customer.
#[derive(Debug, Clone, Copy)]
pub struct Arguing;

impl Detector for Arguing {
    fn id(&self) -> &'static str {
        "arguing"
    }

    fn explain(&self) -> &'static str {
        "The agent contradicts the customer («вы не правы», «ez nem igaz», \"that's not true\"): even when the agent is right, arguing loses the customer."
    }

    fn readme(&self) -> &'static str {
        README
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        for (i, turn) in analysis.conversation.turns.iter().enumerate() {
            if turn.speaker != Speaker::Agent {
                continue;
            }
            let Some(ta) = analysis.turns.get(i) else {
                continue;
            };
            let lang = analysis.reading_lang(ta.lang);
            let Some(l) = lists(lang) else {
                continue;
            };
            let tokens = &ta.tokens;
            let mut evidence = Vec::new();
            for m in l.list.find_iter(tokens, 0, tokens.len()) {
                let is_truth = Some(m.section) == l.truth;
                if !(is_truth || Some(m.section) == l.contradiction) {
                    continue;
                }
                let (s, e) = (tokens[m.start].start, tokens[m.end - 1].end);
                if !own_words(&l.list, &m, tokens)
                    || (is_truth && (asks(&turn.text, e) || answers_truth_question(analysis, i)))
                {
                    continue;
                }
                evidence.extend(Evidence::span(analysis, i, s, e));
            }
            if evidence.is_empty() {
                continue;
            }
            let quotes: Vec<String> = evidence.iter().map(|e| format!("«{}»", e.quote)).collect();
            out.push(Finding {
                detector: "arguing",
                note: format!(
                    "agent contradicted the customer in turn {}: {}",
                    i + 1,
                    quotes.join(", ")
                ),
                confidence: 0.85,
                evidence,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_its_sections() {
        for l in LISTS.iter() {
            assert!(l.contradiction.is_some() && l.truth.is_some());
        }
    }
}
