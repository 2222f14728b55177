//! The cheap first opinion on a text's language: script and a stop-word vote.
//!
//! Why: lingua's n-gram models are accurate but cost tens of microseconds per turn, which made
//! language identification most of the time it took to score a conversation. Most texts are easy
//! — a Russian turn is Cyrillic with ы or э, a Hungarian one says "hogy", "nem", "köszönöm" and
//! writes ő and ű, an English one says "the", "you", "please" — and those are settled here. Whatever
//! is short, mixed or could be a neighbouring language (Ukrainian, German, Polish…) is left to lingua.

use super::Lang;

/// Words frequent in one language and rare as words in the others (ru/hu/en and the decoys).
/// Deliberately left out: words shared across them ("a", "is", "de", "no", "to", "in", "be", "e").
fn vote_of(word: &str) -> Option<Voter> {
    use Voter::*;
    Some(match word {
        "the" | "and" | "you" | "your" | "are" | "of" | "it" | "that" | "for" | "this" | "with"
        | "have" | "was" | "can" | "will" | "not" | "my" | "we" | "please" | "thank" | "thanks"
        | "hello" | "hi" | "yes" | "what" | "how" | "don't" | "i'm" | "it's" | "would"
        | "could" | "just" | "there" | "they" | "about" | "help" | "sorry" | "okay" | "been"
        | "our" | "if" | "when" | "get" | "call" | "i'll" | "we'll" | "you're" | "from"
        | "morning" | "afternoon" | "anything" | "else" | "today" | "order" | "has" | "sure"
        | "right" | "let" | "need" | "at" | "or" | "but" | "she" | "here" | "good" | "bye"
        | "great" | "know" | "want" | "see" | "one" => En,
        "az" | "és" | "hogy" | "nem" | "van" | "egy" | "meg" | "ez" | "már" | "csak" | "igen"
        | "köszönöm" | "kérem" | "szeretnék" | "szeretném" | "önnek" | "ön" | "vagy" | "mert"
        | "nagyon" | "jó" | "napot" | "még" | "akkor" | "kell" | "lesz" | "volt" | "nincs"
        | "miért" | "hol" | "itt" | "ott" | "azt" | "ezt" | "tudom" | "segíthetek" | "rendben"
        | "köszi" | "szia" | "vagyok" | "kívánok" | "kérek" | "hát" | "mikor" | "tudok"
        | "tudja" | "tudna" | "lenne" | "sajnos" | "persze" | "nekem" | "önöknek" | "pedig"
        | "sem" | "minden" | "szépen" | "viszlát" | "viszonthallásra" | "kérdés" | "kérdésem"
        | "szerint" | "után" | "alatt" | "holnap" | "hívom" | "hívjuk" | "várjon" | "pillanat" => {
            Hu
        }
        "der" | "die" | "das" | "und" | "ich" | "nicht" | "sie" | "ist" | "ein" | "eine" | "zu"
        | "wie" | "haben" | "können" | "ihnen" | "bitte" | "danke" | "auf" | "für" | "guten"
        | "wir" | "sind" | "auch" | "mein" | "meine" => Neighbour,
        "la" | "les" | "et" | "je" | "vous" | "est" | "pas" | "une" | "un" | "pour" | "avec"
        | "que" | "qui" | "bonjour" | "merci" | "mon" | "votre" | "nous" | "du" | "des" => {
            Neighbour
        }
        "los" | "las" | "y" | "por" | "para" | "una" | "con" | "gracias" | "hola" | "usted"
        | "está" | "pero" | "muy" | "il" | "di" | "che" | "è" | "per" | "non" | "sono"
        | "grazie" | "buongiorno" | "lei" | "della" | "w" | "nie" | "się" | "jest" | "że"
        | "pan" | "pani" | "dzień" | "dobry" | "dziękuję" | "jak" | "ale" | "mam" | "tak" => {
            Neighbour
        }
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Voter {
    En,
    Hu,
    Neighbour,
}

/// Letters only Hungarian writes (among the languages in play), and letters that mark a neighbour.
fn letter_vote(c: char) -> Option<Voter> {
    match c {
        'ő' | 'ű' | 'Ő' | 'Ű' => Some(Voter::Hu),
        'ą' | 'ę' | 'ł' | 'ś' | 'ź' | 'ż' | 'ć' | 'ń' | 'ß' | 'ñ' | 'ç' | 'à' | 'è' | 'ù' | 'ê'
        | 'â' | 'î' | 'ô' | 'û' | 'ä' => Some(Voter::Neighbour),
        _ => None,
    }
}

/// Cyrillic letters of Ukrainian, Belarusian, Serbian and Macedonian that Russian does not use.
fn non_russian_cyrillic(c: char) -> bool {
    matches!(
        c,
        'і' | 'ї'
            | 'є'
            | 'ґ'
            | 'ў'
            | 'ђ'
            | 'ј'
            | 'љ'
            | 'њ'
            | 'ћ'
            | 'џ'
            | 'ѓ'
            | 'ќ'
            | 'ѕ'
            | 'І'
            | 'Ї'
            | 'Є'
            | 'Ґ'
            | 'Ў'
            | 'Ђ'
            | 'Ј'
            | 'Љ'
            | 'Њ'
            | 'Ћ'
            | 'Џ'
    )
}

/// How many words the vote reads: enough to settle a conversation, cheap on a long e-mail.
const MAX_WORDS: usize = 300;

/// The settled language and a confidence, or `None` when lingua must judge.
///
/// `expected` is the language of the surrounding conversation, when known: a turn that agrees
/// with it and shows no sign of anything else needs less evidence than a text read on its own.
pub(super) fn quick(text: &str, letters: usize, expected: Option<Lang>) -> Option<(Lang, f64)> {
    let (mut cyrillic, mut latin) = (0usize, 0usize);
    let (mut ru_marks, mut foreign_cyrillic) = (0usize, false);
    let (mut en, mut hu, mut neighbour) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyrillic += 1;
            if matches!(c, 'ы' | 'э' | 'ё' | 'Ы' | 'Э' | 'Ё') {
                ru_marks += 1;
            }
            foreign_cyrillic |= non_russian_cyrillic(c);
        } else if super::is_letter(c) {
            latin += 1;
            match letter_vote(c) {
                Some(Voter::Hu) => hu += 1,
                Some(Voter::Neighbour) => neighbour += 1,
                _ => {}
            }
        }
    }
    if cyrillic * 10 >= letters * 9 {
        if foreign_cyrillic {
            return None;
        }
        // Among ru/hu/en a short Cyrillic text can only be Russian; a long one must also show a
        // letter Bulgarian lacks before the decoys are skipped.
        if letters < super::DECOY_MIN_LETTERS || ru_marks > 0 || expected == Some(Lang::Ru) {
            return Some((Lang::Ru, 1.0));
        }
        return None;
    }
    if latin * 10 < letters * 9 {
        return None;
    }
    let mut buf = String::new();
    for word in text
        .split(|c: char| !(super::is_letter(c) || c == '\''))
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
    {
        buf.clear();
        for c in word.chars() {
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        }
        match vote_of(&buf) {
            Some(Voter::En) => en += 1,
            Some(Voter::Hu) => hu += 1,
            Some(Voter::Neighbour) => neighbour += 1,
            None => {}
        }
    }
    let (lang, best, second) = if en >= hu {
        (Lang::En, en, hu.max(neighbour))
    } else {
        (Lang::Hu, hu, en.max(neighbour))
    };
    if best >= 3 && best >= 3 * second {
        return Some((lang, best as f64 / (best + second) as f64));
    }
    // A turn inside a conversation keeps the conversation's language unless something in it
    // speaks for another: a stop word or a letter of another language. Names, numbers and
    // product words ("Kovács Anna, Telekom") say nothing either way.
    let expected = expected.filter(|e| *e == Lang::En || *e == Lang::Hu)?;
    let (for_it, against) = if expected == Lang::En {
        (en, hu + neighbour)
    } else {
        (hu, en + neighbour)
    };
    (against == 0).then_some((expected, if for_it > 0 { 0.9 } else { 0.6 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(t: &str) -> Option<Lang> {
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        quick(t, letters, None).map(|(l, _)| l)
    }

    #[test]
    fn plain_texts_are_settled_without_lingua() {
        assert_eq!(
            q("Здравствуйте, вы позвонили в службу поддержки"),
            Some(Lang::Ru)
        );
        assert_eq!(q("Да"), Some(Lang::Ru));
        assert_eq!(
            q("Jó napot kívánok, Kovács Anna vagyok, miben segíthetek?"),
            Some(Lang::Hu)
        );
        assert_eq!(
            q("Thank you for calling, how can I help you today?"),
            Some(Lang::En)
        );
    }

    #[test]
    fn neighbours_and_ambiguous_texts_are_left_to_lingua() {
        assert_eq!(q("Добрий день, чим можу допомогти? Дякую за дзвінок"), None);
        assert_eq!(q("Guten Tag, wie kann ich Ihnen helfen? Danke"), None);
        assert_eq!(q("Dzień dobry, w czym mogę pomóc? Dziękuję"), None);
        assert_eq!(q("Okay"), None);
    }

    #[test]
    fn a_turn_agreeing_with_its_conversation_needs_less() {
        let t = "Rendben, értem";
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        assert_eq!(
            quick(t, letters, Some(Lang::Hu)).map(|r| r.0),
            Some(Lang::Hu)
        );
        assert_eq!(quick(t, letters, Some(Lang::En)), None);
        let name = "Kovács Anna, Telekom";
        let letters = name.chars().filter(|c| c.is_alphabetic()).count();
        assert_eq!(
            quick(name, letters, Some(Lang::Hu)).map(|r| r.0),
            Some(Lang::Hu)
        );
        let english = "Okay, thanks, I see";
        let letters = english.chars().filter(|c| c.is_alphabetic()).count();
        assert_eq!(
            quick(english, letters, Some(Lang::Hu)).map(|r| r.0),
            Some(Lang::En)
        );
    }
}
