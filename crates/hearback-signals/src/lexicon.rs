//! Politeness strategies and lexicons per language (`lexicon/{ru,hu,en}.txt`), matched over the
//! tokens of a text.
//!
//! Why language-independent strategy ids: the Stanford politeness corpus is English only. A model
//! that sees the *strategy* ("counterfactual request", "gratitude") rather than the English words
//! can score «Не могли бы вы, пожалуйста…» and «Lenne szíves…» with weights learnt from "Could you
//! please…" (issue 4, item 5). The word lists are data, one file per language, so a speaker of the
//! language can correct them without touching the code.

use std::collections::HashMap;
use std::sync::LazyLock;

use hearback_core::Lang;

/// The strategies and lexicon classes. Their order is part of the model file format (each one is a
/// feature index), so new ones are appended and `FEATURES_VERSION` is bumped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Strategy {
    Gratitude,
    Deference,
    Greeting,
    Apology,
    Please,
    PleaseStart,
    IndirectBtw,
    DirectQuestion,
    DirectStart,
    Counterfactual,
    IndicativeModal,
    FirstPersonStart,
    FirstPersonPl,
    FirstPerson,
    SecondPerson,
    SecondPersonStart,
    FormalAddress,
    InformalAddress,
    Hedge,
    Factuality,
    Negation,
    Imperative,
    Profanity,
    Insult,
    Negative,
    Positive,
    SurpriseCue,
    FearCue,
}

impl Strategy {
    pub const ALL: [Strategy; 28] = [
        Strategy::Gratitude,
        Strategy::Deference,
        Strategy::Greeting,
        Strategy::Apology,
        Strategy::Please,
        Strategy::PleaseStart,
        Strategy::IndirectBtw,
        Strategy::DirectQuestion,
        Strategy::DirectStart,
        Strategy::Counterfactual,
        Strategy::IndicativeModal,
        Strategy::FirstPersonStart,
        Strategy::FirstPersonPl,
        Strategy::FirstPerson,
        Strategy::SecondPerson,
        Strategy::SecondPersonStart,
        Strategy::FormalAddress,
        Strategy::InformalAddress,
        Strategy::Hedge,
        Strategy::Factuality,
        Strategy::Negation,
        Strategy::Imperative,
        Strategy::Profanity,
        Strategy::Insult,
        Strategy::Negative,
        Strategy::Positive,
        Strategy::SurpriseCue,
        Strategy::FearCue,
    ];
    pub const COUNT: usize = Strategy::ALL.len();

    /// The name used in the lexicon files.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Gratitude => "gratitude",
            Strategy::Deference => "deference",
            Strategy::Greeting => "greeting",
            Strategy::Apology => "apology",
            Strategy::Please => "please",
            Strategy::PleaseStart => "please_start",
            Strategy::IndirectBtw => "indirect_btw",
            Strategy::DirectQuestion => "direct_question",
            Strategy::DirectStart => "direct_start",
            Strategy::Counterfactual => "counterfactual",
            Strategy::IndicativeModal => "indicative_modal",
            Strategy::FirstPersonStart => "first_person_start",
            Strategy::FirstPersonPl => "first_person_pl",
            Strategy::FirstPerson => "first_person",
            Strategy::SecondPerson => "second_person",
            Strategy::SecondPersonStart => "second_person_start",
            Strategy::FormalAddress => "formal_address",
            Strategy::InformalAddress => "informal_address",
            Strategy::Hedge => "hedge",
            Strategy::Factuality => "factuality",
            Strategy::Negation => "negation",
            Strategy::Imperative => "imperative",
            Strategy::Profanity => "profanity",
            Strategy::Insult => "insult",
            Strategy::Negative => "negative",
            Strategy::Positive => "positive",
            Strategy::SurpriseCue => "surprise_cue",
            Strategy::FearCue => "fear_cue",
        }
    }

    pub fn from_name(name: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// One word of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum WordPat {
    Exact(Box<str>),
    Prefix(Box<str>),
    Suffix(Box<str>),
}

impl WordPat {
    fn parse(w: &str) -> WordPat {
        if let Some(p) = w.strip_suffix('*') {
            WordPat::Prefix(p.into())
        } else if let Some(s) = w.strip_prefix('*') {
            WordPat::Suffix(s.into())
        } else {
            WordPat::Exact(w.into())
        }
    }

    fn matches(&self, word: &str) -> bool {
        match self {
            WordPat::Exact(e) => word == &**e,
            // A prefix or suffix must leave at least one letter over: "*ите" is not «ите».
            WordPat::Prefix(p) => word.len() >= p.len() && word.starts_with(&**p),
            WordPat::Suffix(s) => word.len() > s.len() && word.ends_with(&**s),
        }
    }
}

#[derive(Debug, Clone)]
struct Pattern {
    strategy: Strategy,
    words: Vec<WordPat>,
    sentence_start: bool,
}

/// A problem in a lexicon file; only reachable when a file is edited badly, and caught by the
/// unit test that loads all three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("lexicon/{lang}.txt line {line}: {reason}")]
pub struct LexiconError {
    pub lang: &'static str,
    pub line: usize,
    pub reason: String,
}

/// The compiled patterns of one language, indexed by how their first word can be found.
#[derive(Debug, Default)]
pub struct Lexicon {
    patterns: Vec<Pattern>,
    exact: HashMap<Box<str>, Vec<u32>>,
    /// Prefix patterns keyed by their first two characters (every prefix here has at least two).
    prefix: HashMap<[char; 2], Vec<u32>>,
    /// Suffix patterns keyed by their last two characters.
    suffix: HashMap<[char; 2], Vec<u32>>,
    /// Prefix or suffix patterns shorter than two characters, tried on every word.
    short: Vec<u32>,
}

fn first2(s: &str) -> Option<[char; 2]> {
    let mut it = s.chars();
    Some([it.next()?, it.next()?])
}

fn last2(s: &str) -> Option<[char; 2]> {
    let mut it = s.chars().rev();
    let b = it.next()?;
    let a = it.next()?;
    Some([a, b])
}

impl Lexicon {
    pub fn parse(lang: &'static str, text: &str) -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |reason: String| LexiconError {
                lang,
                line: n + 1,
                reason,
            };
            let (name, pattern) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| err("expected `feature pattern`".into()))?;
            let strategy = Strategy::from_name(name)
                .ok_or_else(|| err(format!("unknown feature {name:?}")))?;
            let pattern = pattern.trim();
            let (sentence_start, pattern) = match pattern.strip_prefix('^') {
                Some(rest) => (true, rest),
                None => (false, pattern),
            };
            if pattern != pattern.to_lowercase() {
                return Err(err(format!("{pattern:?} must be lower-case")));
            }
            let words: Vec<WordPat> = pattern.split_whitespace().map(WordPat::parse).collect();
            let Some(first) = words.first().cloned() else {
                return Err(err("empty pattern".into()));
            };
            let id = lex.patterns.len() as u32;
            lex.patterns.push(Pattern {
                strategy,
                words,
                sentence_start,
            });
            match first {
                WordPat::Exact(w) => lex.exact.entry(w).or_default().push(id),
                WordPat::Prefix(p) => match first2(&p) {
                    Some(k) => lex.prefix.entry(k).or_default().push(id),
                    None => lex.short.push(id),
                },
                WordPat::Suffix(s) => match last2(&s) {
                    Some(k) => lex.suffix.entry(k).or_default().push(id),
                    None => lex.short.push(id),
                },
            }
        }
        Ok(lex)
    }

    /// Adds one to `counts[strategy]` for every pattern occurrence in `words`. `starts[i]` says
    /// whether word `i` begins a sentence. Each (strategy, position) counts once even when several
    /// patterns of the same strategy match there.
    pub fn count(&self, words: &[&str], starts: &[bool], counts: &mut [u8; Strategy::COUNT]) {
        for i in 0..words.len() {
            let w = words[i];
            let mut seen: u64 = 0;
            let mut try_ids = |ids: &[u32]| {
                for &id in ids {
                    let p = &self.patterns[id as usize];
                    let bit = 1u64 << (p.strategy as u8);
                    if seen & bit != 0 || (p.sentence_start && !starts[i]) {
                        continue;
                    }
                    if i + p.words.len() > words.len() {
                        continue;
                    }
                    if p.words.iter().zip(&words[i..]).all(|(wp, w)| wp.matches(w)) {
                        seen |= bit;
                        let c = &mut counts[p.strategy as usize];
                        *c = c.saturating_add(1);
                    }
                }
            };
            if let Some(ids) = self.exact.get(w) {
                try_ids(ids);
            }
            if let Some(ids) = first2(w).and_then(|k| self.prefix.get(&k)) {
                try_ids(ids);
            }
            if let Some(ids) = last2(w).and_then(|k| self.suffix.get(&k)) {
                try_ids(ids);
            }
            try_ids(&self.short);
            // «Не могли бы вы», "nem tudná", "couldn't you": the negation is part of a polite
            // conditional request, not a negative statement.
            let cf = 1u64 << (Strategy::Counterfactual as u8);
            let neg = 1u64 << (Strategy::Negation as u8);
            if seen & cf != 0 && seen & neg != 0 {
                counts[Strategy::Negation as usize] -= 1;
            }
        }
    }
}

const RU_TXT: &str = include_str!("../lexicon/ru.txt");
const HU_TXT: &str = include_str!("../lexicon/hu.txt");
const EN_TXT: &str = include_str!("../lexicon/en.txt");

/// The three built-in lexicons, parsed once. A broken file yields an empty lexicon here (the
/// signals degrade to n-grams); `check_builtin` reports it, and a unit test runs that.
static LEXICONS: LazyLock<[Lexicon; 3]> = LazyLock::new(|| {
    [
        Lexicon::parse("ru", RU_TXT).unwrap_or_default(),
        Lexicon::parse("hu", HU_TXT).unwrap_or_default(),
        Lexicon::parse("en", EN_TXT).unwrap_or_default(),
    ]
});

/// Parses the built-in lexicons and returns the first error.
pub fn check_builtin() -> Result<(), LexiconError> {
    Lexicon::parse("ru", RU_TXT)?;
    Lexicon::parse("hu", HU_TXT)?;
    Lexicon::parse("en", EN_TXT)?;
    Ok(())
}

/// The lexicon for a language; `Other` texts are matched with the English one, which at least
/// knows "please", "thanks" and the international swear words.
pub fn for_lang(lang: Lang) -> &'static Lexicon {
    match lang {
        Lang::Ru => &LEXICONS[0],
        Lang::Hu => &LEXICONS[1],
        Lang::En | Lang::Other => &LEXICONS[2],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(lang: Lang, words: &[&str]) -> [u8; Strategy::COUNT] {
        let mut starts = vec![false; words.len()];
        if !starts.is_empty() {
            starts[0] = true;
        }
        let mut c = [0u8; Strategy::COUNT];
        for_lang(lang).count(words, &starts, &mut c);
        c
    }

    #[test]
    fn builtin_lexicons_parse() {
        check_builtin().unwrap();
        for lang in Lang::SUPPORTED {
            assert!(for_lang(lang).patterns.len() > 200, "{lang}");
        }
    }

    #[test]
    fn every_strategy_is_written_in_every_language() {
        for (name, text) in [("ru", RU_TXT), ("hu", HU_TXT), ("en", EN_TXT)] {
            let lex = Lexicon::parse("x", text).unwrap();
            for s in Strategy::ALL {
                // English has no formal "you": the cross-lingual politeness head must learn
                // nothing about «Вы»/«Ön» from English sirs and madams.
                if name == "en" && s == Strategy::FormalAddress {
                    assert!(!lex.patterns.iter().any(|p| p.strategy == s));
                    continue;
                }
                assert!(
                    lex.patterns.iter().any(|p| p.strategy == s),
                    "{name} lacks {}",
                    s.name()
                );
            }
        }
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let e = Lexicon::parse("en", "please please\nnonsense_feature foo\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(Lexicon::parse("en", "please Please").is_err());
        assert!(Lexicon::parse("en", "please").is_err());
    }

    #[test]
    fn multiword_prefix_suffix_and_sentence_start() {
        let c = counts(Lang::Ru, &["не", "могли", "бы", "вы", "подсказать"]);
        assert!(c[Strategy::Counterfactual as usize] >= 1);
        assert_eq!(c[Strategy::FormalAddress as usize], 1);
        let c = counts(Lang::Ru, &["спасибочки", "большое"]);
        assert_eq!(c[Strategy::Gratitude as usize], 1);
        // «просто» is not an apology although «простите» is.
        let c = counts(Lang::Ru, &["просто", "скажите"]);
        assert_eq!(c[Strategy::Apology as usize], 0);
        // "^please" only at the start.
        let c = counts(Lang::En, &["could", "you", "please", "help"]);
        assert_eq!(c[Strategy::PleaseStart as usize], 0);
        assert_eq!(c[Strategy::Please as usize], 1);
        let c = counts(Lang::Hu, &["lenne", "szíves", "segíteni"]);
        assert_eq!(c[Strategy::Counterfactual as usize], 1);
        assert_eq!(c[Strategy::Please as usize], 1);
        let c = counts(Lang::Hu, &["nem", "tudná", "megnézni"]);
        assert!(c[Strategy::Counterfactual as usize] >= 1);
        assert_eq!(c[Strategy::Negation as usize], 0, "part of the request");
        let c = counts(Lang::Hu, &["nem", "működik"]);
        assert_eq!(c[Strategy::Negation as usize], 1);
        let c = counts(Lang::Hu, &["megkaphatnám", "a", "számlát"]);
        assert_eq!(c[Strategy::Counterfactual as usize], 0);
        let c = counts(Lang::Hu, &["elküldhetné", "a", "számlát"]);
        assert_eq!(c[Strategy::Counterfactual as usize], 1);
    }
}
