//! Feature extraction: one sparse vector per text, shared by every model.
//!
//! The space has two regions. The first `SHARED` indices are language-independent: a bias, one
//! feature per politeness strategy / lexicon class (`lexicon.rs`) and a few surface cues (question
//! mark, capitals, length). The rest is a hashed space for word unigrams and bigrams, Snowball
//! stems, character 2–4-grams inside words, and the strategies conjoined with the language.
//! A model that may only look at the shared region (the cross-lingual politeness head) is trained
//! with `FeatureMask::SharedOnly`, so its weights are exactly zero elsewhere and a Russian
//! n-gram can never borrow an English weight through a hash collision.
//!
//! Why hashing instead of a vocabulary: no vocabulary file to ship, constant memory, and the
//! whole model is one table indexed by the hash, so scoring is a few hundred table reads.

use hearback_core::Lang;

use crate::lexicon::{self, Strategy};

/// Bump when anything here changes what a text maps to: model files record it and are refused
/// when it differs, instead of silently scoring garbage.
pub const FEATURES_VERSION: u32 = 1;
/// log2 of the feature space size.
pub const HASH_BITS: u8 = 18;
pub const DIM: usize = 1 << HASH_BITS;
/// Indices below this are the language-independent features.
pub const SHARED: u32 = 64;

const BIAS: u32 = 0;
const STRATEGY_BASE: u32 = 1;
const SURFACE_BASE: u32 = STRATEGY_BASE + Strategy::COUNT as u32;

/// Surface cues, in the shared region after the strategies.
#[derive(Debug, Clone, Copy)]
#[repr(u32)]
enum Surface {
    Question,
    Exclamation,
    MultiExclamation,
    ShoutedWord,
    MostlyCapitals,
    Len1to3,
    Len4to10,
    Len11to25,
    Len26Plus,
    Ellipsis,
    Smile,
    Frown,
    Url,
    Mention,
    /// «Вы», «Ön» written with a capital inside a sentence: the respectful form in letters.
    CapitalisedFormal,
}
const SURFACE_COUNT: u32 = 15;
const _: () = assert!(SURFACE_BASE + SURFACE_COUNT <= SHARED);

// Namespaces of the hashed features.
const NS_WORD: u64 = 0x01;
const NS_BIGRAM: u64 = 0x02;
const NS_STEM: u64 = 0x03;
const NS_CHAR: u64 = 0x04;
const NS_STRATEGY_LANG: u64 = 0x05;
const NS_LANG: u64 = 0x06;

/// Which features a model may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureMask {
    All,
    SharedOnly,
}

impl FeatureMask {
    #[inline]
    pub fn allows(self, index: u32) -> bool {
        match self {
            FeatureMask::All => true,
            FeatureMask::SharedOnly => index < SHARED,
        }
    }
}

/// A sparse feature vector. Indices may repeat (a repeated word counts twice); models sum.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub index: Vec<u32>,
    pub value: Vec<f32>,
}

impl Features {
    pub fn clear(&mut self) {
        self.index.clear();
        self.value.clear();
    }

    #[inline]
    fn push(&mut self, index: u32, value: f32) {
        self.index.push(index);
        self.value.push(value);
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The count of a strategy in the shared region (0 when absent), for tests and debugging.
    pub fn strategy(&self, s: Strategy) -> f32 {
        let i = STRATEGY_BASE + s as u32;
        self.index
            .iter()
            .zip(&self.value)
            .filter(|(k, _)| **k == i)
            .map(|(_, v)| *v)
            .sum()
    }
}

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
}

#[inline]
fn finish(h: u64) -> u32 {
    let mut h = h;
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    let span = DIM as u64 - SHARED as u64;
    SHARED + (h % span) as u32
}

fn hash_str(ns: u64, s: &str) -> u64 {
    let mut h = mix(0xCBF2_9CE4_8422_2325, ns);
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
    }
    h
}

/// Reusable buffers, so that scoring a text allocates nothing once warmed up.
#[derive(Debug, Default)]
pub struct Scratch {
    norm: String,
    spans: Vec<(usize, usize)>,
    starts: Vec<bool>,
    capital: Vec<bool>,
    chars: Vec<char>,
    pub features: Features,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn lang_code(lang: Lang) -> u64 {
    match lang {
        Lang::Ru => 1,
        Lang::Hu => 2,
        Lang::En => 3,
        Lang::Other => 4,
    }
}

/// Extracts the features of `text` in `lang` into `scratch.features`.
pub fn extract(text: &str, lang: Lang, scratch: &mut Scratch) {
    let Scratch {
        norm,
        spans,
        starts,
        capital,
        chars,
        features,
    } = scratch;
    norm.clear();
    spans.clear();
    starts.clear();
    capital.clear();
    features.clear();

    // Tokenise and normalise in one pass. A word is a run of letters, digits and `_`, with an
    // apostrophe or hyphen allowed between letters ("don't", «по-моему»). URLs and @mentions
    // become one token each so that their pieces do not look like words.
    let mut surface = [false; SURFACE_COUNT as usize];
    let mut caps_letters = 0usize;
    let mut letters = 0usize;
    let mut sentence_start = true;
    let mut exclamations = 0usize;
    let mut it = text.char_indices().peekable();
    let mut prev: char = ' ';
    while let Some((i, c)) = it.next() {
        if is_word_char(c) {
            let rest = &text[i..];
            if (prev.is_whitespace() || i == 0)
                && (rest.starts_with("http") || rest.starts_with("www."))
            {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                surface[Surface::Url as usize] = true;
                while it.peek().is_some_and(|(j, _)| *j < i + end) {
                    it.next();
                }
                prev = ' ';
                continue;
            }
            let start = norm.len();
            let first_upper = c.is_uppercase();
            let mut cur = c;
            let (mut word_letters, mut word_lower) = (0usize, false);
            loop {
                if cur.is_alphabetic() {
                    letters += 1;
                    word_letters += 1;
                    if cur.is_uppercase() {
                        caps_letters += 1;
                    } else {
                        word_lower = true;
                    }
                }
                match cur {
                    'ё' | 'Ё' => norm.push('е'),
                    c if c.is_ascii() => norm.push(c.to_ascii_lowercase()),
                    c => norm.extend(c.to_lowercase()),
                }
                match it.peek() {
                    Some(&(_, n)) if is_word_char(n) => {
                        cur = n;
                        it.next();
                    }
                    Some(&(j, n)) if matches!(n, '\'' | '’' | '-') => {
                        let after = text[j + n.len_utf8()..].chars().next();
                        if after.is_some_and(char::is_alphabetic) {
                            it.next();
                            norm.push(if n == '-' { '-' } else { '\'' });
                            let (_, a) = it.next().unwrap_or((0, ' '));
                            cur = a;
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            if word_letters >= 3 && !word_lower {
                surface[Surface::ShoutedWord as usize] = true;
            }
            spans.push((start, norm.len()));
            starts.push(sentence_start);
            capital.push(first_upper);
            sentence_start = false;
            prev = 'a';
        } else {
            match c {
                '.' | '!' | '?' | '\n' | '…' => sentence_start = true,
                _ => {}
            }
            match c {
                '?' => surface[Surface::Question as usize] = true,
                '!' => exclamations += 1,
                '…' => surface[Surface::Ellipsis as usize] = true,
                '.' if text[i..].starts_with("...") => surface[Surface::Ellipsis as usize] = true,
                '@' if it.peek().is_some_and(|(_, n)| is_word_char(*n)) => {
                    surface[Surface::Mention as usize] = true;
                    while it.peek().is_some_and(|(_, n)| is_word_char(*n)) {
                        it.next();
                    }
                    prev = 'a';
                    continue;
                }
                ')' | ']' if matches!(prev, ':' | ';' | '=' | ')') || text[..i].ends_with(":-") => {
                    surface[Surface::Smile as usize] = true;
                }
                '(' if matches!(prev, ':' | '(') || text[..i].ends_with(":-") => {
                    surface[Surface::Frown as usize] = true
                }
                '😊' | '😀' | '😃' | '😁' | '🙂' | '😍' | '👍' | '❤' | '😂' | '🤣' => {
                    surface[Surface::Smile as usize] = true
                }
                '😡' | '😠' | '🤬' | '😢' | '😭' | '☹' | '🙁' | '👎' => {
                    surface[Surface::Frown as usize] = true
                }
                _ => {}
            }
            prev = c;
        }
    }
    if exclamations > 0 {
        surface[Surface::Exclamation as usize] = true;
    }
    if exclamations > 1 {
        surface[Surface::MultiExclamation as usize] = true;
    }
    if letters >= 6 && caps_letters * 2 > letters {
        surface[Surface::MostlyCapitals as usize] = true;
    }
    let n = spans.len();
    let len_bucket = match n {
        0..=3 => Surface::Len1to3,
        4..=10 => Surface::Len4to10,
        11..=25 => Surface::Len11to25,
        _ => Surface::Len26Plus,
    };
    surface[len_bucket as usize] = true;

    let words: Vec<&str> = spans.iter().map(|&(a, b)| &norm[a..b]).collect();
    for (k, w) in words.iter().enumerate() {
        if capital[k]
            && !starts[k]
            && matches!(
                *w,
                "вы" | "вас"
                    | "вам"
                    | "вами"
                    | "ваш"
                    | "ваша"
                    | "ваше"
                    | "ваши"
                    | "вашего"
                    | "вашей"
                    | "ön"
                    | "önnek"
                    | "önt"
                    | "önök"
                    | "önnel"
                    | "öntől"
                    | "önhöz"
            )
        {
            surface[Surface::CapitalisedFormal as usize] = true;
        }
    }

    // Shared region.
    features.push(BIAS, 1.0);
    let mut counts = [0u8; Strategy::COUNT];
    lexicon::for_lang(lang).count(&words, starts, &mut counts);
    for (s, &c) in counts.iter().enumerate() {
        if c > 0 {
            features.push(STRATEGY_BASE + s as u32, 1.0);
        }
    }
    for (s, &on) in surface.iter().enumerate() {
        if on {
            features.push(SURFACE_BASE + s as u32, 1.0);
        }
    }

    // Hashed region: the language, the strategies in this language, then the text itself.
    let lc = lang_code(lang);
    features.push(finish(mix(NS_LANG, lc)), 1.0);
    for (s, &c) in counts.iter().enumerate() {
        if c > 0 {
            features.push(finish(mix(mix(NS_STRATEGY_LANG, lc), s as u64)), 1.0);
        }
    }
    let text_start = features.len();
    let mut prev_hash: u64 = hash_str(NS_WORD, "<s>");
    for w in &words {
        let h = hash_str(NS_WORD, w);
        features.push(finish(h), 1.0);
        features.push(finish(mix(mix(NS_BIGRAM, prev_hash), h)), 1.0);
        prev_hash = h;
        if w.chars().count() > 3 && w.chars().any(char::is_alphabetic) {
            let st = hearback_core::text::stem(w, lang);
            if st.as_str() != *w {
                features.push(finish(hash_str(NS_STEM, &st)), 1.0);
            }
        }
        // Character n-grams inside the word, with its boundaries marked.
        chars.clear();
        chars.push('\u{2}');
        chars.extend(w.chars());
        chars.push('\u{3}');
        for a in 0..chars.len() {
            let mut h = NS_CHAR;
            for (len, &c) in chars[a..].iter().take(4).enumerate() {
                h = mix(h, c as u64);
                if len >= 1 {
                    features.push(finish(h), 1.0);
                }
            }
        }
    }
    features.push(
        finish(mix(mix(NS_BIGRAM, prev_hash), hash_str(NS_WORD, "</s>"))),
        1.0,
    );
    // Text features are scaled to unit length so that long and short texts weigh alike.
    let k = features.len() - text_start;
    if k > 0 {
        let scale = 1.0 / (k as f32).sqrt();
        for v in &mut features.value[text_start..] {
            *v = scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(text: &str, lang: Lang) -> Features {
        let mut s = Scratch::default();
        extract(text, lang, &mut s);
        s.features
    }

    #[test]
    fn indices_stay_in_the_space_and_text_features_in_the_hashed_region() {
        for (t, l) in [
            ("Could you please send me the invoice? Thanks!", Lang::En),
            ("Не могли бы вы, пожалуйста, прислать счёт?", Lang::Ru),
            ("Lenne szíves elküldeni a számlát? Köszönöm!", Lang::Hu),
            ("", Lang::En),
            ("🙂🙂 ... !!!", Lang::Other),
        ] {
            let f = feats(t, l);
            assert_eq!(f.index.len(), f.value.len());
            assert!(f.index.iter().all(|&i| (i as usize) < DIM));
            assert_eq!(f.index[0], BIAS);
            assert!(f.value.iter().all(|v| v.is_finite() && *v > 0.0));
        }
    }

    #[test]
    fn english_strategies() {
        let f = feats("Could you please send me the invoice? Thanks!", Lang::En);
        for s in [
            Strategy::Counterfactual,
            Strategy::Please,
            Strategy::Gratitude,
            Strategy::SecondPerson,
            Strategy::FirstPerson,
        ] {
            assert_eq!(f.strategy(s), 1.0, "{}", s.name());
        }
        assert_eq!(f.strategy(Strategy::PleaseStart), 0.0);
        let f = feats(
            "What the hell is wrong with you, idiot? Fix it now.",
            Lang::En,
        );
        for s in [
            Strategy::DirectQuestion,
            Strategy::Profanity,
            Strategy::Insult,
            Strategy::Imperative,
        ] {
            assert_eq!(f.strategy(s), 1.0, "{}", s.name());
        }
    }

    #[test]
    fn russian_strategies() {
        let f = feats(
            "Не могли бы Вы, пожалуйста, прислать счёт? Спасибо!",
            Lang::Ru,
        );
        for s in [
            Strategy::Counterfactual,
            Strategy::Please,
            Strategy::Gratitude,
            Strategy::FormalAddress,
        ] {
            assert_eq!(f.strategy(s), 1.0, "{}", s.name());
        }
        assert!(
            f.index
                .contains(&(SURFACE_BASE + Surface::CapitalisedFormal as u32))
        );
        let f = feats("Ты что, тупой? Быстро верни деньги, блять!", Lang::Ru);
        for s in [
            Strategy::InformalAddress,
            Strategy::Insult,
            Strategy::Profanity,
        ] {
            assert_eq!(f.strategy(s), 1.0, "{}", s.name());
        }
        assert_eq!(f.strategy(Strategy::FormalAddress), 0.0);
    }

    #[test]
    fn hungarian_strategies() {
        let f = feats(
            "Jó napot! Lenne szíves elküldeni a számlát? Köszönöm.",
            Lang::Hu,
        );
        for s in [
            Strategy::Greeting,
            Strategy::Counterfactual,
            Strategy::Please,
            Strategy::Gratitude,
        ] {
            assert_eq!(f.strategy(s), 1.0, "{}", s.name());
        }
        let f = feats("Ön tudna segíteni?", Lang::Hu);
        assert_eq!(f.strategy(Strategy::FormalAddress), 1.0);
        assert_eq!(f.strategy(Strategy::SecondPersonStart), 1.0);
        let f = feats("Te hülye vagy, a kurva életbe!", Lang::Hu);
        assert_eq!(f.strategy(Strategy::Insult), 1.0);
        assert_eq!(f.strategy(Strategy::Profanity), 1.0);
        assert_eq!(f.strategy(Strategy::InformalAddress), 1.0);
    }

    #[test]
    fn tokens_normalise_case_yo_urls_and_mentions() {
        // Same words in another case and spelling map to the same features.
        let a = feats("еще раз спасибо", Lang::Ru);
        let b = feats("Ещё раз спасибо", Lang::Ru);
        assert_eq!(a, b);
        let u = feats("see https://example.com/a-b?c=d now", Lang::En);
        let v = feats("see www.other.org now", Lang::En);
        let url = SURFACE_BASE + Surface::Url as u32;
        assert!(u.index.contains(&url) && v.index.contains(&url));
        assert_eq!(u, v, "the URL itself is not a feature");
        let m = feats("@USER you are right", Lang::En);
        assert!(m.index.contains(&(SURFACE_BASE + Surface::Mention as u32)));
    }

    #[test]
    fn extraction_is_deterministic_and_reuses_the_scratch() {
        let mut s = Scratch::default();
        extract("Köszönöm szépen a segítséget!", Lang::Hu, &mut s);
        let first = s.features.clone();
        extract("Something else entirely", Lang::En, &mut s);
        extract("Köszönöm szépen a segítséget!", Lang::Hu, &mut s);
        assert_eq!(first, s.features);
    }
}
