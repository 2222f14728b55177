//! Negation: «не могу помочь», "nem tudok segíteni" and "can't help you" are not offers of help.
//!
//! A match is negated when a negator stands shortly before it in the same clause. The window is
//! small on purpose: «не только помогу, но и…» is rare in service talk, while «я не могу вам
//! помочь» puts two words between the negator and the verb.

use super::Token;

/// Words that negate what follows them in the same clause (normalised forms).
const NEGATORS: &[&str] = &[
    // ru
    "не",
    "нет",
    "ни",
    "никак",
    "никогда",
    "нельзя",
    "невозможно",
    "ничем",
    "ничего",
    // hu
    "nem",
    "ne",
    "sem",
    "nincs",
    "nincsen",
    "nincsenek",
    "soha",
    "sosem",
    "semmi",
    "semmit",
    "semmiben",
    "semmilyen",
    "egyáltalán",
    // en
    "not",
    "no",
    "never",
    "nothing",
    "nobody",
    "cannot",
    "can't",
    "cant",
    "won't",
    "wont",
    "don't",
    "dont",
    "doesn't",
    "doesnt",
    "didn't",
    "didnt",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "wasn't",
    "wasnt",
    "weren't",
    "couldn't",
    "couldnt",
    "wouldn't",
    "wouldnt",
    "shouldn't",
    "haven't",
    "hasn't",
    "hadn't",
    "unable",
    "neither",
    "nor",
    "without",
];

/// How many tokens before a match a negator may stand.
pub const NEGATION_WINDOW: usize = 3;

pub fn is_negator(norm: &str) -> bool {
    NEGATORS.contains(&norm)
}

/// True when the token at `index` is negated: a negator is among the `NEGATION_WINDOW` tokens
/// before it, in the same clause. Words fused with a negation ("nothing", "нельзя") count too.
pub fn negated_at(tokens: &[Token], index: usize) -> bool {
    let Some(at) = tokens.get(index) else {
        return false;
    };
    tokens[index.saturating_sub(NEGATION_WINDOW)..index]
        .iter()
        .any(|t| t.clause == at.clause && is_negator(&t.norm))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Lang;
    use crate::text::tokenize;

    fn negated(text: &str, lang: Lang, word: &str) -> bool {
        let t = tokenize(text, lang);
        let i = t.iter().position(|t| t.norm == word).unwrap();
        negated_at(&t, i)
    }

    #[test]
    fn negators_before_the_verb_negate_it_in_three_languages() {
        assert!(negated("Я не могу вам помочь", Lang::Ru, "помочь"));
        assert!(negated("Sajnos nem tudok segíteni", Lang::Hu, "segíteni"));
        assert!(negated("I can't help you with that", Lang::En, "help"));
    }

    #[test]
    fn negation_does_not_cross_a_clause_boundary() {
        assert!(!negated("Не волнуйтесь, я помогу", Lang::Ru, "помогу"));
        assert!(!negated("No problem, I will help you", Lang::En, "help"));
        assert!(!negated("Nem gond, segítek", Lang::Hu, "segítek"));
    }

    #[test]
    fn affirmative_sentences_are_not_negated() {
        assert!(!negated("Чем могу помочь?", Lang::Ru, "помочь"));
    }
}
