//! `effort`: what it cost the customer to get here — calling again and again («третий раз
//! звоню», «már harmadszor hívom», "I'm calling for the third time"), being told to call back or
//! never called back, having to repeat information («я уже называл номер», «már megadtam», "like
//! I said"), and being passed between departments («меня футболят», «ide-oda kapcsolgatnak»,
//! "you keep transferring me").
//!
//! Read from the customer's own words (see `detectors/customer_speech.rs`): «я впервые звоню», "can I call
//! back later?", "I'll call back tomorrow", the agent's "as I said" and the technician who
//! "called yesterday" are not the customer's effort.

use std::sync::LazyLock;

use crate::detectors::customer_speech::{self, Lists, Spec};

const README: &str = include_str!("README.md");

/// The kinds a finding names.
const KINDS: &[&str] = &[
    "repeat-contact",
    "call-back",
    "repeat-information",
    "transfer",
];

/// The list files of ru, hu and en, in `Lang::SUPPORTED` order.
const TEXTS: [&str; 3] = [
    include_str!("phrases.ru.txt"),
    include_str!("phrases.hu.txt"),
    include_str!("phrases.en.txt"),
];

static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| TEXTS.map(|t| Lists::new(t, KINDS)));

const SPEC: Spec = Spec {
    id: "effort",
    verb: "described their effort",
    confidence: 0.85,
    disowning_verbs: false,
};

/// The customer describing the effort the contact has cost them.
#[derive(Debug, Clone, Copy)]
pub struct Effort;

customer_speech::customer_side_detector!(
    Effort,
    "The customer had to call again, was told to call back, repeated their details or was passed around («третий раз звоню», «már harmadszor hívom», \"like I said\"): effort predicts disloyalty better than delight predicts loyalty."
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::language::Lang;

    fn quotes_by(speaker: Speaker, text: &str, lang: Lang) -> Vec<String> {
        customer_speech::quotes_in_one_turn(&Effort, speaker, text, lang)
    }

    fn quotes(text: &str, lang: Lang) -> Vec<String> {
        quotes_by(Speaker::Customer, text, lang)
    }

    #[test]
    fn every_list_line_parses_into_a_known_section() {
        customer_speech::assert_lists_parse(&LISTS, TEXTS);
    }

    #[test]
    fn repeated_contact_and_being_told_to_call_back_are_found() {
        assert_eq!(
            quotes("Я вам третий раз звоню!", Lang::Ru),
            ["третий раз звоню"]
        );
        assert_eq!(
            quotes("Már harmadszor hívom önöket.", Lang::Hu),
            ["harmadszor hívom"]
        );
        assert_eq!(
            quotes("They told me to call back today.", Lang::En),
            ["They told me to call back"]
        );
    }

    #[test]
    fn a_first_call_an_offer_to_call_back_and_the_agent_are_not_effort() {
        assert!(quotes("Я впервые звоню вам.", Lang::Ru).is_empty());
        assert!(quotes("I'll call back tomorrow with the number.", Lang::En).is_empty());
        assert!(quotes("The technician called yesterday.", Lang::En).is_empty());
        assert!(quotes_by(Speaker::Agent, "As I said, it takes a day.", Lang::En).is_empty());
    }
}
