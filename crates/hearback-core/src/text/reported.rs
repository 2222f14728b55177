//! Words a speaker reports or disowns rather than says: «он назвал меня идиотом», "I'm not saying
//! it's your fault", «nem mondom, hogy az Ön hibája».
//!
//! Why a separate check from negation: the negator stands before a verb of saying, and the words
//! that follow it often sit in a new clause after a comma («я не говорю, что вы виноваты»), where
//! the negation window does not reach. Detectors of rude or contradicting speech must not flag
//! these, because the speaker says the opposite of what the words alone say.

use super::Token;
use super::negation::is_negator;
use super::phrase_list::folded_starts_with;

/// Verbs of saying and thinking (folded prefixes) that a negator before them turns into a
/// disclaimer of what follows.
const SAYING: &[&str] = &[
    "говор",
    "сказ",
    "утвержд",
    "счита",
    "дума",
    "имею",
    "say",
    "said",
    "claim",
    "mean",
    "suggest",
    "think",
    "blam",
    "mond",
    "allit",
    "gondol",
];

/// Verbs of calling someone something (folded prefixes): what follows is a quoted name, not the
/// speaker's own insult.
const NAMING: &[&str] = &[
    "назва",
    "назыв",
    "обозва",
    "обзыва",
    "called",
    "calling",
    "nevez",
    "lehuly",
];

/// Past forms of telling (exact words) that, said by anyone but the speaker, make what follows
/// someone else's words passed on: «то есть вам сказали, что это не их проблемы», "so you were
/// told it's not my problem?", «azt mondták, hogy nem az ő dolga». The agent repeating back what
/// the customer heard is not the agent's own rudeness.
const TOLD: &[&str] = &[
    "сказали",
    "сказал",
    "сказала",
    "ответили",
    "ответил",
    "ответила",
    "заявили",
    "написали",
    "объяснили",
    "told",
    "said",
    "mondtak",
    "mondta",
    "irtak",
    "irta",
    "kozoltek",
    "valaszoltak",
];

/// Speakers whose own past words these would be («я же вам сказал…», "as I told you…"): that is
/// the speaker repeating themselves, which may well be rude.
const FIRST_PERSON: &[&str] = &["я", "мы", "i", "we", "i've", "we've", "i'd", "en", "mi"];

/// How far back (in tokens) a disclaimer or naming verb may stand before the words it governs.
const WINDOW: usize = 6;

/// True when the words starting at token `start` are disowned («я не говорю, что…», "I'm not
/// saying…", «nem azt mondom, hogy…») or reported as someone's name-calling («он назвал меня…»).
pub fn is_reported(tokens: &[Token], start: usize) -> bool {
    let from = start.saturating_sub(WINDOW);
    let before = &tokens[from..start.min(tokens.len())];
    before.iter().enumerate().any(|(j, t)| {
        if NAMING.iter().any(|p| folded_starts_with(&t.norm, p)) {
            return true;
        }
        if TOLD
            .iter()
            .any(|w| super::phrase_list::folded_eq(&t.norm, w))
        {
            let at = from + j;
            let own = tokens[at.saturating_sub(3)..at].iter().any(|p| {
                FIRST_PERSON
                    .iter()
                    .any(|f| super::phrase_list::folded_eq(&p.norm, f))
            });
            if !own {
                return true;
            }
        }
        is_negator(&t.norm)
            && before[j + 1..]
                .iter()
                .take(3)
                .any(|v| SAYING.iter().any(|p| folded_starts_with(&v.norm, p)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Lang;
    use crate::text::tokenize;

    fn reported(text: &str, lang: Lang, word: &str) -> bool {
        let t = tokenize(text, lang);
        let i = t.iter().position(|t| t.norm == word).unwrap();
        is_reported(&t, i)
    }

    #[test]
    fn disclaimers_across_a_comma_disown_what_follows() {
        assert!(reported("Я не говорю, что вы виноваты", Lang::Ru, "вы"));
        assert!(reported("I'm not saying it's your fault", Lang::En, "your"));
        assert!(reported(
            "Nem azt mondom, hogy az Ön hibája",
            Lang::Hu,
            "az"
        ));
    }

    #[test]
    fn name_calling_is_reported_speech() {
        assert!(reported("Он назвал меня идиотом", Lang::Ru, "идиотом"));
        assert!(reported("he called me an idiot", Lang::En, "idiot"));
    }

    #[test]
    fn words_passed_on_to_the_customer_are_reported() {
        assert!(reported(
            "то есть вам сказали это не мои проблемы",
            Lang::Ru,
            "проблемы"
        ));
        assert!(reported(
            "So you were told it's not my problem?",
            Lang::En,
            "problem"
        ));
        assert!(reported(
            "Azt mondták Önnek, hogy nem az ő dolga?",
            Lang::Hu,
            "dolga"
        ));
        assert!(!reported(
            "As I told you, it's not my problem",
            Lang::En,
            "problem"
        ));
        assert!(!reported(
            "Я же вам сказал, это не мои проблемы",
            Lang::Ru,
            "проблемы"
        ));
    }

    #[test]
    fn plain_statements_are_the_speakers_own() {
        assert!(!reported("Вы сами виноваты", Lang::Ru, "виноваты"));
        assert!(!reported("That's your fault", Lang::En, "fault"));
        assert!(!reported("Ez nem igaz", Lang::Hu, "igaz"));
    }
}
