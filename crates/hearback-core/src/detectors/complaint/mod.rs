//! `complaint`: an explicit complaint by the customer about the service or its people — asking
//! to complain («я хочу пожаловаться», «panaszt szeretnék tenni», "I want to make a complaint"),
//! saying it is not acceptable («это безобразие», «ez felháborító», "this is unacceptable"), or
//! complaining about an employee («ваш оператор мне нахамил», "he hung up on me").
//!
//! Read from the customer's own words (see `detectors/customer_speech.rs`): a problem described
//! calmly, "I'm not complaining", a complaint the turn says is already dealt with (the lists'
//! `[veto]`: «вы уже всё решили», "already sorted"), reported words and the agent's «вы можете
//! оставить жалобу» are not a complaint. `silent_dissatisfaction` is dissatisfaction without
//! one of these.

use std::sync::LazyLock;

use crate::detectors::customer_speech::{self, Lists, Spec};

const README: &str = include_str!("README.md");

/// The kinds a finding names: asking to complain, saying it outright, and complaining about an
/// employee's behaviour.
const KINDS: &[&str] = &["formal", "expressed", "about-staff"];

/// The list files of ru, hu and en, in `Lang::SUPPORTED` order.
const TEXTS: [&str; 3] = [
    include_str!("phrases.ru.txt"),
    include_str!("phrases.hu.txt"),
    include_str!("phrases.en.txt"),
];

static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| TEXTS.map(|t| Lists::new(t, KINDS)));

const SPEC: Spec = Spec {
    id: "complaint",
    verb: "complained",
    confidence: 0.85,
    disowning_verbs: false,
};

/// The customer complaining explicitly about the service or its people.
#[derive(Debug, Clone, Copy)]
pub struct Complaint;

customer_speech::customer_side_detector!(
    Complaint,
    "The customer complains explicitly («я хочу пожаловаться», «ez felháborító», \"this is unacceptable\"): a case to answer, and the line between spoken and silent dissatisfaction."
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::language::Lang;

    fn quotes_by(speaker: Speaker, text: &str, lang: Lang) -> Vec<String> {
        customer_speech::quotes_in_one_turn(&Complaint, speaker, text, lang)
    }

    fn quotes(text: &str, lang: Lang) -> Vec<String> {
        quotes_by(Speaker::Customer, text, lang)
    }

    #[test]
    fn every_list_line_parses_into_a_known_section() {
        customer_speech::assert_lists_parse(&LISTS, TEXTS);
    }

    #[test]
    fn explicit_complaints_are_found() {
        assert_eq!(
            quotes("Я хочу пожаловаться на вашего курьера.", Lang::Ru),
            ["хочу пожаловаться"]
        );
        assert_eq!(
            quotes("Panaszt szeretnék tenni.", Lang::Hu),
            ["Panaszt szeretnék tenni"]
        );
        assert_eq!(
            quotes("Honestly, this is unacceptable.", Lang::En),
            ["this is unacceptable"]
        );
    }

    #[test]
    fn calm_problems_solved_complaints_and_the_agent_are_not_complaints() {
        assert!(quotes("Интернет медленный со вчерашнего дня.", Lang::Ru).is_empty());
        assert!(quotes("I'm not complaining, just asking.", Lang::En).is_empty());
        assert!(
            quotes(
                "Хотела пожаловаться на курьера, но вы уже всё решили.",
                Lang::Ru
            )
            .is_empty()
        );
        assert!(quotes("Жалуюсь на боль в спине.", Lang::Ru).is_empty());
        assert!(
            quotes_by(
                Speaker::Agent,
                "Вы можете оставить жалобу на сайте.",
                Lang::Ru
            )
            .is_empty()
        );
    }
}
