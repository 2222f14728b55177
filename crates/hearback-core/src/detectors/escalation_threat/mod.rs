//! `escalation-threat`: the customer says they will take the matter outside: to the media or
//! social networks, to public reviews, to court or a lawyer, or to a regulator («напишу в
//! Роспотребнадзор», «подам в суд», «a Fogyasztóvédelemhez fordulok», «írok egy rossz
//! értékelést», "I'm reporting you to the CFPB", "I'll post it on Twitter").
//!
//! A bare mention of an institution is not a threat: a phrase of most kinds counts only with a
//! verb of doing it nearby (see `detectors/customer_speech.rs`), and only in the customer's own affirmative
//! words: «мне сказали "идите в суд"», "can I complain to the regulator?" and the agent naming
//! the ombudsman are not threats.

use std::sync::LazyLock;

use crate::detectors::customer_speech::{self, Lists, Spec};

const README: &str = include_str!("README.md");

/// The kinds a finding names: where the customer will take the matter.
const KINDS: &[&str] = &["media", "review", "legal", "regulator"];

/// The list files of ru, hu and en, in `Lang::SUPPORTED` order.
const TEXTS: [&str; 3] = [
    include_str!("phrases.ru.txt"),
    include_str!("phrases.hu.txt"),
    include_str!("phrases.en.txt"),
];

static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| TEXTS.map(|t| Lists::new(t, KINDS)));

const SPEC: Spec = Spec {
    id: "escalation-threat",
    verb: "threatened to escalate",
    confidence: 0.85,
    disowning_verbs: false,
};

/// The customer threatening to go to the media, public reviews, court or a regulator.
#[derive(Debug, Clone, Copy)]
pub struct EscalationThreat;

customer_speech::customer_side_detector!(
    EscalationThreat,
    "The customer threatens to take the matter to the media, public reviews, court or a regulator («напишу в Роспотребнадзор», «bíróságra megyek», \"I'll report you to the BBB\"): a complaint about to become public or legal."
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Speaker;
    use crate::language::Lang;

    fn quotes_by(speaker: Speaker, text: &str, lang: Lang) -> Vec<String> {
        customer_speech::quotes_in_one_turn(&EscalationThreat, speaker, text, lang)
    }

    fn quotes(text: &str, lang: Lang) -> Vec<String> {
        quotes_by(Speaker::Customer, text, lang)
    }

    #[test]
    fn every_list_line_parses_into_a_known_section() {
        customer_speech::assert_lists_parse(&LISTS, TEXTS);
    }

    #[test]
    fn an_institution_counts_with_a_verb_of_going_to_it() {
        assert_eq!(
            quotes("Я напишу в Роспотребнадзор.", Lang::Ru),
            ["напишу в Роспотребнадзор"]
        );
        assert_eq!(
            quotes("A Fogyasztóvédelemhez fordulok.", Lang::Hu),
            ["Fogyasztóvédelemhez fordulok"]
        );
        assert!(quotes("The BBB rating on your site is old.", Lang::En).is_empty());
    }

    #[test]
    fn asked_praise_and_agent_words_are_not_threats() {
        assert!(quotes("Can I complain to the regulator about this?", Lang::En).is_empty());
        assert!(quotes("I'll leave you a great review!", Lang::En).is_empty());
        assert!(quotes_by(Speaker::Agent, "Вы можете обратиться в суд.", Lang::Ru).is_empty());
    }
}
