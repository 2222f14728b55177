//! `churn-threat`: the customer says they will cancel or leave for a competitor («расторгну
//! договор», «уйду к конкурентам», «felmondom a szerződést», «átmegyek a Telekomhoz», "cancel my
//! account", "I'm switching to Verizon").
//!
//! Only the customer's own affirmative words count (see `detectors/customer_speech.rs`): «я не собираюсь
//! уходить», "how do I cancel my old card?", «мне сказали "расторгайте договор"» and the agent
//! saying any of it are not a threat.

use std::sync::LazyLock;

use crate::detectors::customer_speech::{self, Lists, Spec};

const README: &str = include_str!("README.md");

/// The kinds a finding names: ending the relationship, or naming where the customer will go.
const KINDS: &[&str] = &["cancel", "competitor"];

/// The list files of ru, hu and en, in `Lang::SUPPORTED` order.
const TEXTS: [&str; 3] = [
    include_str!("phrases.ru.txt"),
    include_str!("phrases.hu.txt"),
    include_str!("phrases.en.txt"),
];

static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| TEXTS.map(|t| Lists::new(t, KINDS)));

const SPEC: Spec = Spec {
    id: "churn-threat",
    verb: "threatened to leave",
    confidence: 0.85,
    disowning_verbs: false,
};

/// The customer threatening to cancel or to go to a competitor.
#[derive(Debug, Clone, Copy)]
pub struct ChurnThreat;

customer_speech::customer_side_detector!(
    ChurnThreat,
    "The customer threatens to cancel or to leave for a competitor («уйду к конкурентам», «felmondom a szerződést», \"I'm switching to…\"): a customer at risk, worth a call back."
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::language::Lang;

    fn quotes_by(speaker: Speaker, text: &str, lang: Lang) -> Vec<String> {
        customer_speech::quotes_in_one_turn(&ChurnThreat, speaker, text, lang)
    }

    fn quotes(text: &str, lang: Lang) -> Vec<String> {
        quotes_by(Speaker::Customer, text, lang)
    }

    #[test]
    fn every_list_line_parses_into_a_known_section() {
        customer_speech::assert_lists_parse(&LISTS, TEXTS);
    }

    #[test]
    fn threats_to_cancel_or_switch_are_found() {
        assert_eq!(
            quotes("Всё, я расторгаю договор.", Lang::Ru),
            ["расторгаю договор"]
        );
        assert_eq!(
            quotes("I'm switching to Verizon next week.", Lang::En),
            ["switching to Verizon"]
        );
        assert_eq!(
            quotes("Akkor átmegyek a Telekomhoz.", Lang::Hu),
            ["átmegyek a Telekomhoz"]
        );
    }

    #[test]
    fn negated_asked_reported_and_agent_words_are_not_threats() {
        assert!(quotes("Я не собираюсь уходить к конкурентам.", Lang::Ru).is_empty());
        assert!(quotes("How do I cancel my account online?", Lang::En).is_empty());
        assert!(quotes("switching to paperless billing please", Lang::En).is_empty());
        assert!(quotes_by(Speaker::Agent, "Ön felmondhatja a szerződést.", Lang::Hu).is_empty());
    }
}
