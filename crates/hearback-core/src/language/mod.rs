//! Language identification: ru, hu and en, and "other" for everything Hearback cannot yet score.
//!
//! Why two detectors: lingua restricted to ru/hu/en is right on one-word turns ("Ок", "Szia",
//! "köszi"), but it forces a German or Ukrainian text into one of the three. A second detector with
//! a few likely neighbours as decoys (uk, de, fr, es, pl, it) runs only on text long enough to be
//! judged; when a decoy wins there, the text is "other" and its criteria are answered N/A instead of
//! being scored as if it were Russian.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

mod vote;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language Hearback scores, or `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Ru,
    Hu,
    En,
    Other,
}

impl Lang {
    pub const SUPPORTED: [Lang; 3] = [Lang::Ru, Lang::Hu, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::Hu => "hu",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }

    pub fn is_supported(self) -> bool {
        self != Lang::Other
    }

    /// Reads "ru", "RU", "rus", "russian", "ru-RU", "hu_HU"…; any other well-formed code is `Other`.
    pub fn parse(s: &str) -> Lang {
        let s = s.trim().to_lowercase();
        let head = s.split(['-', '_']).next().unwrap_or("");
        match head {
            "ru" | "rus" | "russian" | "русский" => Lang::Ru,
            "hu" | "hun" | "hungarian" | "magyar" => Lang::Hu,
            "en" | "eng" | "english" => Lang::En,
            _ => Lang::Other,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Lang, Self::Err> {
        Ok(Lang::parse(s))
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Lang::parse(&String::deserialize(d)?))
    }
}

static SCORED: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[
        Language::Russian,
        Language::Hungarian,
        Language::English,
    ])
    .build()
});

static WITH_DECOYS: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[
        Language::Russian,
        Language::Hungarian,
        Language::English,
        Language::Ukrainian,
        Language::German,
        Language::French,
        Language::Spanish,
        Language::Polish,
        Language::Italian,
    ])
    .build()
});

/// Below this many letters the decoy detector is not trusted: "Hello" looks Italian to it.
const DECOY_MIN_LETTERS: usize = 24;

/// A detected language with lingua's confidence in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    pub lang: Lang,
    pub confidence: f64,
}

fn from_lingua(l: Language) -> Lang {
    match l {
        Language::Russian => Lang::Ru,
        Language::Hungarian => Lang::Hu,
        Language::English => Lang::En,
        _ => Lang::Other,
    }
}

/// `char::is_alphabetic`, answered without its table lookup for the scripts of ru/hu/en.
pub fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{0430}'..='\u{044F}').contains(&c)
        || ('\u{0410}'..='\u{042F}').contains(&c)
        || (c > '\u{7F}' && c.is_alphabetic())
}

/// Detects the language of one text. `None` when the text has no letters at all ("123", "…").
pub fn detect(text: &str) -> Option<Detected> {
    detect_in(text, None)
}

/// Detects the language of a text that sits in a conversation in `expected`: a turn that agrees
/// with its conversation and shows no sign of another language is settled on less evidence.
pub fn detect_in(text: &str, expected: Option<Lang>) -> Option<Detected> {
    let letters = text.chars().filter(|c| is_letter(*c)).count();
    if letters == 0 {
        return None;
    }
    if let Some((lang, confidence)) = vote::quick(text, letters, expected) {
        return Some(Detected { lang, confidence });
    }
    if !has_scored_script(text) {
        return Some(Detected {
            lang: Lang::Other,
            confidence: 1.0,
        });
    }
    if letters >= DECOY_MIN_LETTERS {
        let values = WITH_DECOYS.compute_language_confidence_values(text);
        if let Some((l, c)) = values.first() {
            let lang = from_lingua(*l);
            if lang == Lang::Other && *c >= 0.6 {
                return Some(Detected {
                    lang,
                    confidence: *c,
                });
            }
        }
    }
    let values = SCORED.compute_language_confidence_values(text);
    values.first().map(|(l, c)| Detected {
        lang: from_lingua(*l),
        confidence: *c,
    })
}

/// True when most letters are Latin or Cyrillic, the scripts of ru/hu/en.
fn has_scored_script(text: &str) -> bool {
    let (mut ours, mut all) = (0usize, 0usize);
    for c in text.chars().filter(|c| is_letter(*c)) {
        all += 1;
        if c.is_ascii_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{0400}'..='\u{04FF}').contains(&c)
        {
            ours += 1;
        }
    }
    ours * 2 >= all
}

/// How much of a conversation is read to tell its language: a few hundred words settle it, and
/// lingua's cost grows with the text.
const JOINED_BYTES: usize = 1500;

/// Detects the language of a whole conversation from its turns, weighting each by its letters.
/// Long texts are judged once more as a whole, so a German conversation of short turns is still
/// recognised as "other".
pub fn detect_many<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Detected> {
    let mut joined = String::new();
    for t in texts {
        if joined.len() > JOINED_BYTES {
            break;
        }
        joined.push_str(t);
        joined.push('\n');
    }
    detect(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(t: &str) -> Lang {
        detect(t).map(|d| d.lang).unwrap_or(Lang::Other)
    }

    #[test]
    fn short_turns_in_the_three_languages_are_recognised() {
        assert_eq!(lang("Ок"), Lang::Ru);
        assert_eq!(lang("Szia"), Lang::Hu);
        assert_eq!(lang("köszi"), Lang::Hu);
        assert_eq!(lang("Hello"), Lang::En);
        assert_eq!(lang("Да"), Lang::Ru);
    }

    #[test]
    fn longer_texts_in_other_languages_are_other_not_forced_into_ours() {
        assert_eq!(lang("Guten Tag, wie kann ich Ihnen helfen?"), Lang::Other);
        assert_eq!(lang("Добрий день, чим можу допомогти?"), Lang::Other);
        assert_eq!(
            lang("Bonjour, je voudrais annuler mon abonnement"),
            Lang::Other
        );
        assert_eq!(lang("你好，我想取消我的订单"), Lang::Other);
    }

    #[test]
    fn full_sentences_in_our_languages_stay_ours() {
        assert_eq!(lang("Jó napot, miben segíthetek?"), Lang::Hu);
        assert_eq!(lang("Здравствуйте, слушаю вас внимательно"), Lang::Ru);
        assert_eq!(lang("Hi there, how can I help you today?"), Lang::En);
    }

    #[test]
    fn text_without_letters_has_no_language() {
        assert_eq!(detect("12:30 …"), None);
    }

    #[test]
    fn codes_are_read_forgivingly() {
        assert_eq!(Lang::parse("ru-RU"), Lang::Ru);
        assert_eq!(Lang::parse("HU"), Lang::Hu);
        assert_eq!(Lang::parse("de"), Lang::Other);
    }
}
