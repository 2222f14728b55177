//! `abusive-customer`: insults, threats, harassment and swearing aimed at the agent by the
//! customer («вы там все идиоты», «пошли вы», «megtalállak», "you're useless", "fuck you",
//! "what are you wearing?").
//!
//! This is for the agent's protection: a finding is a fact about the customer, and a scorecard
//! must never count it against the agent (their calm handling of it counts in their favour).
//! Only abuse *at the agent* counts: every phrase names its target («вы», "you", «maga») or is
//! said to someone, and bare insults count only as a clause of their own («Идиот!»), so
//! swearing about a situation ("this damn router", «эта чёртова система») is not abuse. Negated,
//! quoted, reported («ваш сотрудник назвал меня идиотом») and the agent's own words do not count
//! (see `detectors/customer_speech.rs`).

use std::sync::LazyLock;

use crate::detectors::customer_speech::{self, Lists, Spec};

const README: &str = include_str!("README.md");

/// The kinds a finding names.
const KINDS: &[&str] = &["insult", "threat", "harassment", "profanity-at-agent"];

/// The list files of ru, hu and en, in `Lang::SUPPORTED` order.
const TEXTS: [&str; 3] = [
    include_str!("phrases.ru.txt"),
    include_str!("phrases.hu.txt"),
    include_str!("phrases.en.txt"),
];

static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| TEXTS.map(|t| Lists::new(t, KINDS)));

const SPEC: Spec = Spec {
    id: "abusive-customer",
    verb: "abused the agent",
    confidence: 0.85,
    disowning_verbs: true,
};

/// The customer insulting, threatening, harassing or swearing at the agent.
#[derive(Debug, Clone, Copy)]
pub struct AbusiveCustomer;

customer_speech::customer_side_detector!(
    AbusiveCustomer,
    "The customer insults, threatens, harasses or swears at the agent («вы там все идиоты», «megtalállak», \"fuck you\"): for the agent's protection, never counted against them."
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::language::Lang;

    fn quotes_by(speaker: Speaker, text: &str, lang: Lang) -> Vec<String> {
        customer_speech::quotes_in_one_turn(&AbusiveCustomer, speaker, text, lang)
    }

    fn quotes(text: &str, lang: Lang) -> Vec<String> {
        quotes_by(Speaker::Customer, text, lang)
    }

    #[test]
    fn every_list_line_parses_into_a_known_section() {
        customer_speech::assert_lists_parse(&LISTS, TEXTS);
    }

    #[test]
    fn abuse_at_the_agent_is_found() {
        assert_eq!(
            quotes("Вы там все идиоты?", Lang::Ru),
            ["Вы там все идиоты"]
        );
        assert_eq!(quotes("Idiot!", Lang::En), ["Idiot"]);
        assert_eq!(quotes("Megtalállak.", Lang::Hu), ["Megtalállak"]);
    }

    #[test]
    fn swearing_about_things_and_reported_insults_are_not_abuse() {
        assert!(quotes("This damn router died again.", Lang::En).is_empty());
        assert!(quotes("Ваш сотрудник назвал меня идиотом.", Lang::Ru).is_empty());
        assert!(quotes("Вы меня за дурака держите?", Lang::Ru).is_empty());
        assert!(quotes_by(Speaker::Agent, "You're useless.", Lang::En).is_empty());
    }
}
