//! Text analysis shared by every detector and phrase rule: normalisation, tokens with their byte
//! offsets, Snowball stems, clauses, negation and quoted speech.
//!
//! Why offsets are kept on every token: each finding must quote the customer's exact words, and the
//! quote must equal the slice of the turn (INTERFACES.md). Normalisation therefore never rewrites
//! the text; it only produces a comparison form per token.

pub mod match_negation;
pub mod names;
mod negation;
pub mod phrase_list;
pub mod reported;
pub mod surface;
pub mod time_expr;

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use crate::language::Lang;

pub use negation::{is_negator, negated_at};

/// One word of a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets into the turn's text.
    pub start: usize,
    pub end: usize,
    /// Lower-cased, `ё`→`е`, typographic apostrophes made ASCII.
    pub norm: String,
    /// Snowball stem of `norm` in the turn's language (the `norm` itself for "other").
    pub stem: String,
    /// Index of the clause the token belongs to; punctuation and conjunctions such as "but"
    /// start a new one, so negation does not leak across them.
    pub clause: u32,
    /// True inside quotation marks («…», "…", „…”): reported speech, not the speaker's own words.
    pub quoted: bool,
    /// Hash of `norm` with accents folded ([`phrase_list::word_hash`]): computed once here so
    /// that every detector's phrase list finds its candidates for this word in one lookup.
    pub folded: u64,
    /// The first two accent-folded letters ([`phrase_list::prefix_key`]), for lists of prefixes.
    pub prefix_key: u64,
}

/// Lower-cases and folds the letters that spelling varies on (`ё`/`е`, `’`/`'`). Length in
/// characters may change only for characters whose lower case is longer, which is why tokens keep
/// offsets into the original text rather than into this form.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            // The common letters first, without the Unicode case tables.
            'a'..='z' | 'а'..='я' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            'ё' | 'Ё' => out.push('е'),
            '’' | '‘' | 'ʼ' | '`' | '´' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn stemmer(lang: Lang) -> Option<&'static Stemmer> {
    static RU: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
    static HU: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Hungarian));
    static EN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
    match lang {
        Lang::Ru => Some(&RU),
        Lang::Hu => Some(&HU),
        Lang::En => Some(&EN),
        Lang::Other => None,
    }
}

/// The Snowball stem of an already normalised word. Cyrillic words are stemmed as Russian and
/// the rest in `lang`, so a Russian word in a Hungarian turn is still stemmed sensibly.
pub fn stem(norm: &str, lang: Lang) -> String {
    let lang = if norm.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        Lang::Ru
    } else if lang == Lang::Ru {
        Lang::En
    } else {
        lang
    };
    let Some(stemmer) = stemmer(lang) else {
        return norm.to_string();
    };
    stem_cache::get_or_insert(norm, lang, || stemmer.stem(norm).into_owned())
}

/// A per-thread memo of stems. Why: Snowball costs a few hundred nanoseconds a word, and the
/// words of customer service repeat endlessly («здравствуйте», "köszönöm", "thank"); a lookup
/// costs a fraction of that. Bounded: it starts over when full, so memory stays flat on any
/// input.
mod stem_cache {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::hash::{BuildHasherDefault, Hasher};

    use crate::language::Lang;

    const CAPACITY: usize = 1 << 16;

    /// The key is already a good hash; hashing it again would only cost time.
    #[derive(Default)]
    struct Prehashed(u64);

    impl Hasher for Prehashed {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 << 8) ^ u64::from(*b);
            }
        }
        fn write_u64(&mut self, n: u64) {
            self.0 = n;
        }
    }

    type Map = HashMap<u64, (Lang, Box<str>, Box<str>), BuildHasherDefault<Prehashed>>;

    thread_local! {
        static CACHE: RefCell<Map> = RefCell::new(Map::default());
    }

    fn key(norm: &str, lang: Lang) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ lang as u64;
        for b in norm.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    }

    pub(super) fn get_or_insert(norm: &str, lang: Lang, stem: impl FnOnce() -> String) -> String {
        let k = key(norm, lang);
        CACHE.with(|c| {
            let mut map = c.borrow_mut();
            if let Some((l, n, s)) = map.get(&k)
                && *l == lang
                && &**n == norm
            {
                return s.to_string();
            }
            let stemmed = stem();
            if map.len() >= CAPACITY {
                map.clear();
            }
            map.insert(k, (lang, norm.into(), stemmed.as_str().into()));
            stemmed
        })
    }
}

const CLAUSE_BREAKS: &[char] = &['.', '!', '?', ';', ':', ',', '—', '–', '(', ')', '\n', '…'];
const CLAUSE_WORDS: &[&str] = &[
    "but",
    "however",
    "although",
    "though",
    "но",
    "однако",
    "зато",
    "хотя",
    "а",
    "de",
    "viszont",
    "azonban",
    "hanem",
    "pedig",
];
/// Quotation marks that may open a quote.
const OPEN_QUOTES: &[char] = &['«', '“', '„', '"', '»', '”'];

/// Whether `close` ends a quotation opened with `open`. Typed text mixes typographic and ASCII
/// marks (Hungarian „…", Russian «…", English “…"), so a plain `"` closes any opening mark, and the
/// curly closing marks close a plain `"`.
fn closes_quote(open: char, close: char) -> bool {
    match open {
        '«' => close == '»' || close == '"',
        '„' => matches!(close, '“' | '”' | '"'),
        '“' => matches!(close, '”' | '"' | '“'),
        '"' => matches!(close, '"' | '”' | '“'),
        '»' => close == '«' || close == '»',
        '”' => close == '”' || close == '"',
        _ => false,
    }
}

/// Byte ranges of the quotations in `text` (between the marks, marks excluded).
///
/// Why a separate pass: marks are paired left to right, and an opening mark with no partner later
/// in the turn is skipped as a stray (an inch sign, a typo) instead of quoting the rest of the turn
/// or swallowing a real pair after it. A plain `"` can only open before a non-space and close after
/// one, which tells `5" screen` (no quote) from `"word"`. Apostrophes are never quotation marks.
fn quoted_spans(text: &str) -> Vec<(usize, usize)> {
    if !text.contains(OPEN_QUOTES) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let flank = |k: usize| {
        let before = k.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(k + 1).map(|&(_, c)| c);
        let solid = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
        (solid(before), solid(after))
    };
    let can_open = |k: usize| {
        let c = chars[k].1;
        OPEN_QUOTES.contains(&c) && (c != '"' || flank(k).1)
    };
    let can_close = |k: usize| chars[k].1 != '"' || flank(k).0;
    // Every closing mark is also in OPEN_QUOTES.
    let marks: Vec<usize> = (0..chars.len())
        .filter(|&k| OPEN_QUOTES.contains(&chars[k].1))
        .collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        let k = marks[i];
        if can_open(k) {
            let open = chars[k].1;
            let partner = marks[i + 1..]
                .iter()
                .position(|&j| closes_quote(open, chars[j].1) && can_close(j));
            if let Some(p) = partner {
                let j = marks[i + 1 + p];
                spans.push((chars[k].0 + open.len_utf8(), chars[j].0));
                i += p + 2;
                continue;
            }
        }
        i += 1;
    }
    spans
}

/// Splits a text into word tokens with offsets, normalised forms, stems, clauses and quotation.
pub fn tokenize(text: &str, lang: Lang) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut clause = 0u32;
    let spans = quoted_spans(text);
    for (start, word) in text.split_word_bound_indices() {
        let is_word = word
            .chars()
            .any(|c| c.is_ascii_alphanumeric() || (c > '\u{7F}' && c.is_alphanumeric()));
        if !is_word {
            for c in word.chars() {
                if CLAUSE_BREAKS.contains(&c) {
                    clause += 1;
                }
            }
            continue;
        }
        let norm = normalise(word);
        if CLAUSE_WORDS.contains(&norm.as_str()) && !tokens.is_empty() {
            clause += 1;
        }
        let stem = stem(&norm, lang);
        tokens.push(Token {
            start,
            end: start + word.len(),
            folded: phrase_list::word_hash(&norm),
            prefix_key: phrase_list::prefix_key(&norm),
            norm,
            stem,
            clause,
            quoted: spans.iter().any(|&(a, b)| start >= a && start < b),
        });
    }
    tokens
}

/// Character index of a byte offset in `text` (evidence spans are reported in characters).
pub fn char_index(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.char_indices().take_while(|(i, _)| *i < byte).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_of_normalise_agrees_with_unicode_lower_casing() {
        let letters: String = ('\u{20}'..='\u{24F}')
            .chain('\u{400}'..='\u{4FF}')
            .chain(['’', 'ʼ', 'ẞ', 'İ'])
            .collect();
        let reference: String = letters
            .chars()
            .flat_map(|c| match c {
                'ё' | 'Ё' => vec!['е'],
                '’' | '‘' | 'ʼ' | '`' | '´' => vec!['\''],
                c => c.to_lowercase().collect(),
            })
            .collect();
        assert_eq!(normalise(&letters), reference);
    }

    fn norms(t: &str, lang: Lang) -> Vec<String> {
        tokenize(t, lang).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn tokens_keep_offsets_that_slice_the_original_text() {
        let text = "Добрый день! Меня зовут Алёна.";
        for t in tokenize(text, Lang::Ru) {
            assert_eq!(normalise(&text[t.start..t.end]), t.norm);
        }
        assert_eq!(
            norms(text, Lang::Ru),
            ["добрый", "день", "меня", "зовут", "алена"]
        );
    }

    #[test]
    fn apostrophes_keep_english_contractions_whole() {
        assert_eq!(
            norms("I can’t help you", Lang::En),
            ["i", "can't", "help", "you"]
        );
    }

    #[test]
    fn stems_unify_word_forms() {
        assert_eq!(stem("ольгу", Lang::Ru), stem("ольга", Lang::Ru));
        assert_eq!(stem("helping", Lang::En), stem("help", Lang::En));
        assert_eq!(stem("segítek", Lang::Hu), stem("segítem", Lang::Hu));
    }

    #[test]
    fn punctuation_and_but_start_new_clauses() {
        let t = tokenize("Не знаю, но помогу", Lang::Ru);
        assert_eq!(t[0].clause, t[1].clause);
        assert_ne!(t[1].clause, t[3].clause);
    }

    #[test]
    fn words_inside_quotation_marks_are_marked_quoted() {
        let t = tokenize("Он сказал «вы идиот» и ушёл", Lang::Ru);
        let quoted: Vec<_> = t
            .iter()
            .filter(|t| t.quoted)
            .map(|t| t.norm.as_str())
            .collect();
        assert_eq!(quoted, ["вы", "идиот"]);
        let t = tokenize("She said \"you are useless\" to me", Lang::En);
        assert!(t.iter().any(|t| t.norm == "useless" && t.quoted));
        assert!(t.iter().any(|t| t.norm == "me" && !t.quoted));
    }

    fn quoted_words(text: &str, lang: Lang) -> Vec<String> {
        tokenize(text, lang)
            .into_iter()
            .filter(|t| t.quoted)
            .map(|t| t.norm)
            .collect()
    }

    #[test]
    fn mixed_typographic_and_ascii_marks_pair() {
        assert_eq!(
            quoted_words("Azt mondta: „ön buta, vagy mi?\" Ezt sajnálom.", Lang::Hu),
            ["ön", "buta", "vagy", "mi"]
        );
        assert_eq!(
            quoted_words("He said “you are useless\" and hung up", Lang::En),
            ["you", "are", "useless"]
        );
        assert_eq!(
            quoted_words("Он написал «вы бестолочь\" и всё", Lang::Ru),
            ["вы", "бестолочь"]
        );
        assert_eq!(
            quoted_words("Она сказала \"вы тупой” и ушла", Lang::Ru),
            ["вы", "тупой"]
        );
    }

    #[test]
    fn apostrophes_and_stray_marks_quote_nothing_after_them() {
        assert!(quoted_words("It's the customer's order, don't worry", Lang::En).is_empty());
        // A lone opening mark does not quote the rest of the turn...
        assert!(quoted_words("„Ezt nem értem, kérem ismételje meg", Lang::Hu).is_empty());
        // ...nor does it swallow a real quotation after it.
        assert_eq!(
            quoted_words("The 5\" screen one, you said “too small” earlier", Lang::En),
            ["too", "small"]
        );
        assert_eq!(
            quoted_words("Размер 32\" подойдёт, вы писали «слишком дорого»", Lang::Ru),
            ["слишком", "дорого"]
        );
    }

    #[test]
    fn char_index_counts_characters_not_bytes() {
        assert_eq!(char_index("Добрый день", "Добрый".len()), 6);
    }
}
