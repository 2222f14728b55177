//! `greeting`: the agent greets the customer at the start of the conversation.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::negated_at;
use crate::text::phrase_list::{PhraseList, folded_eq};
use crate::text::surface::{clause_is_question, starts_line};

/// The three languages' lists in one: a greeting is a greeting whichever language the turn was
/// detected as («Hello, Анна слушает»), and the lists share no words.
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

/// Words that turn a following greeting phrase into something else ("have a good morning").
static NOT_AFTER: LazyLock<Vec<Box<str>>> = LazyLock::new(|| section_words("not_after"));

fn section_words(name: &str) -> Vec<Box<str>> {
    let list = &*PHRASES;
    let Some(s) = list.section(name) else {
        return Vec::new();
    };
    list.phrases()
        .iter()
        .filter(|p| p.section == s)
        .map(|p| p.text.clone())
        .collect()
}

/// A greeting this far into a turn is no longer an opening (a long first e-mail is still
/// scanned to its salutation and first sentence).
const FIRST_TOKENS: usize = 20;

#[derive(Debug, Clone, Copy)]
pub struct Greeting;

impl Detector for Greeting {
    fn id(&self) -> &'static str {
        "greeting"
    }

    fn explain(&self) -> &'static str {
        "The agent greets the customer at the start («Добрый день», \"Jó napot kívánok\", \"Good morning\"): the first words set the tone of the whole contact."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let list = &*PHRASES;
        let (Some(greeting), Some(opening), Some(first_turn)) = (
            list.section("greeting"),
            list.section("opening"),
            list.section("first_turn"),
        ) else {
            return;
        };
        let turns = &analysis.conversation.turns;
        // The agent's first turn wherever it is, and a second one when it still opens the
        // conversation (the agent said «Алло?» and greets after the customer answers).
        let opening_turns = analysis
            .turn_indices(Speaker::Agent)
            .enumerate()
            .take_while(|&(n, turn)| n == 0 || turn <= 2)
            .take(2);
        for (n, turn) in opening_turns {
            let (Some(t), Some(ta)) = (turns.get(turn), analysis.turns.get(turn)) else {
                continue;
            };
            let tokens = &ta.tokens;
            for m in list.find_iter(tokens, 0, FIRST_TOKENS) {
                let ok_section = m.section == greeting
                    || (m.section == opening && starts_line(&t.text, tokens, m.start))
                    || (m.section == first_turn && n == 0);
                // «Алло?», "Hello?" alone in its clause checks the line; it is not a greeting.
                let line_check = clause_is_question(&t.text, tokens, m.end - 1)
                    && (m.start == 0 || tokens[m.start - 1].clause != tokens[m.start].clause)
                    && tokens
                        .get(m.end)
                        .is_none_or(|n| n.clause != tokens[m.start].clause);
                if !ok_section
                    || line_check
                    || tokens[m.start..m.end].iter().any(|t| t.quoted)
                    || negated_at(tokens, m.start)
                    || tokens[m.start.saturating_sub(2)..m.start].iter().any(|p| {
                        p.clause == tokens[m.start].clause
                            && NOT_AFTER.iter().any(|w| folded_eq(&p.norm, w))
                    })
                {
                    continue;
                }
                let Some(ev) =
                    Evidence::span(analysis, turn, tokens[m.start].start, tokens[m.end - 1].end)
                else {
                    continue;
                };
                out.push(Finding {
                    detector: "greeting",
                    note: format!("the agent greeted: «{}» (turn {})", ev.quote, turn + 1),
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
