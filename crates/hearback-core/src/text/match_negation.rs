//! Is a phrase match negated? Negation before it, ignoring reassurances («не волнуйтесь, я
//! перезвоню», "no worries, I'll send it", "ne aggódjon, visszahívom"), and negation inside its
//! gaps («это **не** позволит вам» matched by «это позволит ** вам»).
//!
//! Why reassurances are skipped: in ASR text without punctuation there is no clause break after a
//! reassurance, so the plain negation window reads «не волнуйтесь я перезвоню» as a negated
//! promise. A negator directly followed by a reassurance word negates that word, not what comes
//! after it.

use super::Token;
use super::negation::{NEGATION_WINDOW, is_negator};
use super::phrase_list::{Match, PhraseList, fold, folded_starts_with};

/// Words (folded prefixes) that a negator turns into a reassurance.
const REASSURANCE: &[&str] = &[
    "волну",
    "пережива",
    "беспоко",
    "нерв",
    "проблем",
    "worr",
    "problem",
    "hesitate",
    "aggod",
    "izgul",
    "gond",
    "baj",
];

/// True when the token at `index` is negated: a negator stands within the negation window before
/// it in the same clause, and that negator is not the start of a reassurance.
pub fn negated_except_reassurance(tokens: &[Token], index: usize) -> bool {
    let Some(at) = tokens.get(index) else {
        return false;
    };
    let from = index.saturating_sub(NEGATION_WINDOW);
    (from..index).any(|j| {
        let t = &tokens[j];
        t.clause == at.clause
            && is_negator(&t.norm)
            && !tokens
                .get(j + 1)
                .filter(|_| j + 1 < index)
                .is_some_and(|n| REASSURANCE.iter().any(|r| folded_starts_with(&n.norm, r)))
    })
}

/// True when a negator stands inside the match but is not a word of the phrase itself: a gap
/// (`**`) swallowed it («это не позволит вам»). Phrases that spell their negator out («вам не
/// придётся», "so you won't") are not negated by it.
pub fn negator_in_gap(list: &PhraseList, m: &Match, tokens: &[Token]) -> bool {
    let Some(phrase) = list.phrases().get(m.phrase) else {
        return false;
    };
    tokens.get(m.start..m.end).is_some_and(|ts| {
        ts.iter().any(|t| {
            is_negator(&t.norm)
                && !phrase
                    .text
                    .split_whitespace()
                    .any(|w| w.chars().map(fold).eq(t.norm.chars().map(fold)))
        })
    })
}

/// True when a match is not the speaker's own affirmative words: quoted, negated before it, or
/// negated inside a gap.
pub fn match_negated_or_quoted(list: &PhraseList, m: &Match, tokens: &[Token]) -> bool {
    tokens
        .get(m.start..m.end)
        .is_none_or(|ts| ts.iter().any(|t| t.quoted))
        || negated_except_reassurance(tokens, m.start)
        || negator_in_gap(list, m, tokens)
}

/// True when a match is the speaker's own affirmative words: not quoted, not negated before it
/// (no reassurance exception: «не волнуйтесь» does not excuse an insult) or inside a gap, and
/// not disowned or reported («я не говорю, что…», «он назвал меня…»). The stricter reading that
/// rudeness, arguing and pressure need, where a false alarm costs an agent.
pub fn own_words(list: &PhraseList, m: &Match, tokens: &[Token]) -> bool {
    tokens
        .get(m.start..m.end)
        .is_some_and(|ts| !ts.iter().any(|t| t.quoted))
        && !crate::text::negated_at(tokens, m.start)
        && !negator_in_gap(list, m, tokens)
        && !crate::text::reported::is_reported(tokens, m.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Lang;
    use crate::text::tokenize;

    fn negated(text: &str, lang: Lang, word: &str) -> bool {
        let t = tokenize(text, lang);
        let i = t.iter().position(|t| t.norm == word).unwrap();
        negated_except_reassurance(&t, i)
    }

    #[test]
    fn a_reassurance_does_not_negate_what_follows() {
        assert!(!negated("не волнуйтесь я перезвоню", Lang::Ru, "перезвоню"));
        assert!(!negated("no worries i'll send it", Lang::En, "send"));
        assert!(!negated("ne aggódjon visszahívom", Lang::Hu, "visszahívom"));
    }

    #[test]
    fn a_negator_in_a_gap_negates_the_match() {
        let list = PhraseList::parse("это ** позволит вам\nвам не придется\n");
        let t = tokenize("это не позволит вам", Lang::Ru);
        let m = list.match_at(&t, 0).unwrap();
        assert!(negator_in_gap(&list, &m, &t));
        let t = tokenize("вам не придется ждать", Lang::Ru);
        let m = list.match_at(&t, 0).unwrap();
        assert!(!negator_in_gap(&list, &m, &t));
    }

    #[test]
    fn a_plain_negator_still_negates() {
        assert!(negated("я вам не перезвоню", Lang::Ru, "перезвоню"));
        assert!(negated("we won't send it", Lang::En, "send"));
        assert!(negated("nem hívom vissza", Lang::Hu, "hívom"));
    }
}
