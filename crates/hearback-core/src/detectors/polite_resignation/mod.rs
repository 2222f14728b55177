//! `polite-resignation`: the customer gives up politely — «ладно, понятно, видимо ничего не
//! поделаешь, спасибо», «jó, értem, akkor mindegy», "fine, I'll figure it out myself, thanks",
//! "never mind, forget it". This is dissatisfaction, not satisfaction: the words are polite, the
//! problem stays unsolved, and the customer will not say so again.
//!
//! Read from the customer's own words (see `detectors/customer_speech.rs`). Satisfied acceptance
//! («ладно, спасибо, всё понятно, помогли», "fine, thanks, that solves it", "never mind, found
//! it") is not resignation: the lists' `[veto]` names a solved problem and undoes the turn. A
//! question ("is there nothing you can do?"), a condition, negation («я не сдаюсь»), quotes and
//! the agent's words do not count.

use std::sync::LazyLock;

use crate::detectors::customer_speech::{self, Lists, Spec};

const README: &str = include_str!("README.md");

/// The kinds a finding names: accepting that nothing will change, dropping the request, and
/// leaving to solve it alone.
const KINDS: &[&str] = &["nothing-to-be-done", "never-mind", "on-my-own"];

/// The list files of ru, hu and en, in `Lang::SUPPORTED` order.
const TEXTS: [&str; 3] = [
    include_str!("phrases.ru.txt"),
    include_str!("phrases.hu.txt"),
    include_str!("phrases.en.txt"),
];

static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| TEXTS.map(|t| Lists::new(t, KINDS)));

const SPEC: Spec = Spec {
    id: "polite-resignation",
    verb: "gave up politely",
    confidence: 0.8,
    disowning_verbs: false,
};

/// The customer giving up on the problem without complaining.
#[derive(Debug, Clone, Copy)]
pub struct PoliteResignation;

customer_speech::customer_side_detector!(
    PoliteResignation,
    "The customer gives up politely («видимо, ничего не поделаешь», «akkor mindegy», \"fine, I'll figure it out myself\"): dissatisfaction that sounds like thanks, and a customer at risk."
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::language::Lang;

    fn quotes_by(speaker: Speaker, text: &str, lang: Lang) -> Vec<String> {
        customer_speech::quotes_in_one_turn(&PoliteResignation, speaker, text, lang)
    }

    fn quotes(text: &str, lang: Lang) -> Vec<String> {
        quotes_by(Speaker::Customer, text, lang)
    }

    #[test]
    fn every_list_line_parses_into_a_known_section() {
        customer_speech::assert_lists_parse(&LISTS, TEXTS);
    }

    #[test]
    fn giving_up_politely_is_found() {
        assert_eq!(
            quotes(
                "Ладно, понятно, видимо ничего не поделаешь, спасибо.",
                Lang::Ru
            ),
            ["видимо ничего не поделаешь"]
        );
        assert_eq!(
            quotes("Jó, értem, akkor mindegy.", Lang::Hu),
            ["akkor mindegy"]
        );
        assert_eq!(
            quotes("Fine, I'll figure it out myself, thanks.", Lang::En),
            ["figure it out myself"]
        );
    }

    #[test]
    fn satisfied_acceptance_questions_and_the_agent_are_not_resignation() {
        assert!(quotes("Ладно, спасибо, всё понятно, помогли.", Lang::Ru).is_empty());
        assert!(quotes("Fine, thanks, that solves it.", Lang::En).is_empty());
        assert!(quotes("Oh never mind, I found it!", Lang::En).is_empty());
        assert!(quotes("Is there really nothing you can do?", Lang::En).is_empty());
        assert!(quotes("Holnap feladom a csomagot.", Lang::Hu).is_empty());
        assert!(
            quotes_by(
                Speaker::Agent,
                "Sajnos nincs mit tenni, akkor mindegy.",
                Lang::Hu
            )
            .is_empty()
        );
    }
}
