//! Word and phrase lists for detectors, matched against a turn's tokens.
//!
//! A list is plain text, one phrase per line, `#` starting a comment, `[name]` starting a section
//! (detectors read sections as kinds: `[thanks]`, `[offer]`, `[farewell]`). A section whose name
//! starts with `not_` is a word list the detector reads for exclusions (`[not_a_name]`); its
//! lines are kept but never matched, so they cost nothing per token. In a phrase:
//!
//! ```text
//! добр* день      `*` after letters: any word starting with them («добрый», «доброго»)
//! всего ** доброго `**`: up to two words of any kind («всего вам доброго»)
//! my name is {}   `{}`: exactly one word of any kind (a slot the detector reads, e.g. a name)
//! чем-то          hyphens split words as the tokenizer does («чем», «то»)
//! ```
//!
//! Why token sequences and not regexes or substring search: the tokenizer has already split,
//! lower-cased and clause-numbered each turn, so a phrase can never match across a sentence
//! boundary or inside another word, and matching costs one sorted-index lookup per token.
//!
//! Why words are compared with Hungarian accents folded (`á`→`a`, `ő`→`o`…): typed chats and
//! ASR often drop them ("viszonthallasra", "jo napot"), and the phrases are long enough that
//! folding creates no confusions in practice.

use super::Token;

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pat {
    /// The folded word itself, and its [`word_hash`]. A token matches when its own hash (made
    /// once, by the tokenizer) is equal: a 64-bit collision between a list word and a real word
    /// is too unlikely to matter, and comparing characters was a fifth of detector time.
    Word(Box<str>, u64),
    /// A folded prefix (`добр*`).
    Prefix(Box<str>),
    /// Exactly one word of any kind (`{}`).
    Slot,
    /// Up to two words of any kind (`**`).
    Gap,
}

/// A parsed phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Index of the section the phrase is in (`PhraseList::section`).
    pub section: usize,
    /// The phrase as written in the list.
    pub text: Box<str>,
    pats: Box<[Pat]>,
}

/// A phrase found in a turn: tokens `start..end`, and the slot's token when the phrase has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub phrase: usize,
    pub section: usize,
    pub start: usize,
    pub end: usize,
    pub slot: Option<usize>,
}

/// A compiled phrase list. Build once (in a `LazyLock`), match many times.
#[derive(Debug, Clone)]
pub struct PhraseList {
    sections: Vec<Box<str>>,
    phrases: Vec<Phrase>,
    /// Phrases whose first word is a whole word: (hash of the folded word, phrase index),
    /// bucketed by that hash. One array lookup per token with the hash the tokenizer computed,
    /// and most tokens land in an empty bucket.
    words: Index,
    /// Phrases whose first word is a prefix (`добр*`): (key of its first two letters, phrase
    /// index), bucketed by the key.
    prefixes: Index,
}

/// A bucketed index from a key to phrase indices, laid out flat: one bit per bucket to say
/// "nothing here" from a single cache line (the answer for almost every token), then offsets
/// into one array of entries. Why not a `Vec` per bucket: with forty lists asked about every
/// token, the pointer chasing through a thousand small vectors cost more than the matching.
#[derive(Debug, Clone, Default)]
struct Index {
    occupied: [u64; BUCKETS / 64],
    /// `offsets[b]..offsets[b + 1]` are bucket `b`'s entries.
    offsets: Box<[u32]>,
    entries: Box<[(u64, u32)]>,
}

impl Index {
    fn build(buckets: Vec<Vec<(u64, usize)>>) -> Index {
        let mut index = Index::default();
        let mut offsets = Vec::with_capacity(BUCKETS + 1);
        let mut entries = Vec::new();
        for (b, bucket) in buckets.into_iter().enumerate() {
            offsets.push(u32::try_from(entries.len()).unwrap_or(u32::MAX));
            if !bucket.is_empty() {
                index.occupied[b / 64] |= 1 << (b % 64);
            }
            entries.extend(
                bucket
                    .into_iter()
                    .map(|(k, p)| (k, u32::try_from(p).unwrap_or(u32::MAX))),
            );
        }
        offsets.push(u32::try_from(entries.len()).unwrap_or(u32::MAX));
        index.offsets = offsets.into();
        index.entries = entries.into();
        index
    }

    fn has(&self, b: usize) -> bool {
        self.occupied[b / 64] & (1 << (b % 64)) != 0
    }

    /// Phrase indices whose key is `key` (in bucket `b`, which `key` hashes to).
    fn get(&self, b: usize, key: u64) -> impl Iterator<Item = usize> + '_ {
        let (from, to) = if self.has(b) {
            (self.offsets[b] as usize, self.offsets[b + 1] as usize)
        } else {
            (0, 0)
        };
        self.entries[from..to]
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, p)| *p as usize)
    }
}

/// Number of index buckets (a power of two).
const BUCKETS: usize = 512;

fn bucket(key: u64) -> usize {
    let h = (key >> 32).wrapping_mul(0x9E37_79B9) ^ (key & 0xFFFF_FFFF).wrapping_mul(0x85EB_CA6B);
    // Truncation is the point: the low bits pick the bucket.
    (h as usize ^ (h >> 17) as usize) & (BUCKETS - 1)
}

/// FNV-1a over the accent-folded characters of a normalised word: equal for words that
/// [`folded_eq`] says are equal.
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in word.chars().map(fold) {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Folds the letters that typed Hungarian and ASR text drop or vary.
pub fn fold(c: char) -> char {
    match c {
        'á' => 'a',
        'é' => 'e',
        'í' => 'i',
        'ó' | 'ö' | 'ő' | 'ô' | 'õ' => 'o',
        'ú' | 'ü' | 'ű' | 'û' => 'u',
        c => c,
    }
}

/// True when `word` (normalised) equals `folded` after folding.
pub fn folded_eq(word: &str, folded: &str) -> bool {
    let mut a = word.chars().map(fold);
    let mut b = folded.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// True when `word` (normalised) starts with `folded` after folding.
pub fn folded_starts_with(word: &str, folded: &str) -> bool {
    let mut a = word.chars().map(fold);
    folded.chars().all(|y| a.next() == Some(y))
}

/// The index key of a word: its first two folded characters.
pub fn prefix_key(word: &str) -> u64 {
    key(word)
}

fn key(word: &str) -> u64 {
    let mut cs = word.chars().map(fold);
    let a = cs.next().map_or(0, u64::from);
    let b = cs.next().map_or(0, u64::from);
    (a << 32) | b
}

impl PhraseList {
    /// Parses a list. Lines that cannot be a phrase (a lone `*`, a leading gap) are skipped, so a
    /// list can never make matching panic; the detectors' tests check that every list line parsed.
    pub fn parse(text: &str) -> PhraseList {
        let mut list = PhraseList {
            sections: vec!["".into()],
            phrases: Vec::new(),
            words: Index::default(),
            prefixes: Index::default(),
        };
        let (mut words, mut prefixes) = (vec![Vec::new(); BUCKETS], vec![Vec::new(); BUCKETS]);
        let mut current = 0;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                // A section named again (in a list joined from several files) continues it.
                current = match list.section(name.trim()) {
                    Some(i) => i,
                    None => {
                        list.sections.push(name.trim().into());
                        list.sections.len() - 1
                    }
                };
                continue;
            }
            let mut pats = Vec::new();
            for piece in line.split_whitespace() {
                match piece {
                    "**" => pats.push(Pat::Gap),
                    "{}" => pats.push(Pat::Slot),
                    _ => {
                        let norm = super::normalise(piece);
                        let (body, prefix) = match norm.strip_suffix('*') {
                            Some(b) => (b, true),
                            None => (norm.as_str(), false),
                        };
                        let parts: Vec<&str> = body.split('-').filter(|p| !p.is_empty()).collect();
                        for (i, part) in parts.iter().enumerate() {
                            let folded: String = part.chars().map(fold).collect();
                            let last = i + 1 == parts.len();
                            if prefix && last && folded.chars().count() >= 2 {
                                pats.push(Pat::Prefix(folded.into()));
                            } else {
                                let hash = word_hash(&folded);
                                pats.push(Pat::Word(folded.into(), hash));
                            }
                        }
                    }
                }
            }
            let (index, first_key) = match pats.first() {
                Some(Pat::Word(_, hash)) => (&mut words, *hash),
                Some(Pat::Prefix(w)) => (&mut prefixes, key(w)),
                _ => continue,
            };
            if !list.sections[current].starts_with("not_") {
                index[bucket(first_key)].push((first_key, list.phrases.len()));
            }
            list.phrases.push(Phrase {
                section: current,
                text: line.into(),
                pats: pats.into(),
            });
        }
        list.words = Index::build(words);
        list.prefixes = Index::build(prefixes);
        list
    }

    /// Index of a section by name (`""` is the part before any `[section]`).
    pub fn section(&self, name: &str) -> Option<usize> {
        self.sections.iter().position(|s| &**s == name)
    }

    pub fn phrases(&self) -> &[Phrase] {
        &self.phrases
    }

    /// The lines of one section as written (for `not_` word lists).
    pub fn section_texts(&self, name: &str) -> Vec<Box<str>> {
        let Some(s) = self.section(name) else {
            return Vec::new();
        };
        self.phrases
            .iter()
            .filter(|p| p.section == s)
            .map(|p| p.text.clone())
            .collect()
    }

    /// The lines of a list file that produced no phrase here (comments, blank lines and
    /// `[section]` headers aside): a detector's test asserts this is empty, so a typo in a list
    /// cannot silently drop a phrase.
    pub fn missing_lines<'t>(&self, text: &'t str) -> Vec<&'t str> {
        text.lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty() && !l.starts_with('['))
            .filter(|l| !self.phrases.iter().any(|p| &*p.text == *l))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The longest phrase starting at token `i`, all of whose words lie in token `i`'s clause.
    pub fn match_at(&self, tokens: &[Token], i: usize) -> Option<Match> {
        let first = tokens.get(i)?;
        let k = first.prefix_key;
        let (bw, bp) = (bucket(first.folded), bucket(k));
        if !self.words.has(bw) && !self.prefixes.has(bp) {
            return None;
        }
        let candidates = self
            .words
            .get(bw, first.folded)
            .chain(self.prefixes.get(bp, k));
        let mut best: Option<Match> = None;
        for p in candidates {
            let phrase = &self.phrases[p];
            let mut slot = None;
            if let Some(end) = match_pats(&phrase.pats, tokens, i, first.clause, &mut slot)
                && best.is_none_or(|b| end > b.end)
            {
                best = Some(Match {
                    phrase: p,
                    section: phrase.section,
                    start: i,
                    end,
                    slot,
                });
            }
        }
        best
    }

    /// Leftmost-longest, non-overlapping matches in `tokens[from..to]`.
    pub fn find_iter<'a>(
        &'a self,
        tokens: &'a [Token],
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = Match> + 'a {
        let to = to.min(tokens.len());
        let mut i = from;
        std::iter::from_fn(move || {
            while i < to {
                if let Some(m) = self.match_at(tokens, i) {
                    i = m.end.max(i + 1);
                    return Some(m);
                }
                i += 1;
            }
            None
        })
    }
}

/// A set of folded word prefixes («тариф», "csomag", "plan"), asked "does this token start with
/// one of them?" once per token: indexed by the first two letters, so a question costs one bucket
/// rather than a walk over the whole list.
#[derive(Debug, Clone)]
pub struct PrefixSet {
    buckets: Vec<Vec<Box<str>>>,
    /// Prefixes of one letter, which the two-letter index cannot hold.
    short: Vec<Box<str>>,
}

impl PrefixSet {
    /// Builds the set; each prefix is folded here.
    pub fn new<'a>(prefixes: impl IntoIterator<Item = &'a str>) -> PrefixSet {
        let mut set = PrefixSet {
            buckets: vec![Vec::new(); BUCKETS],
            short: Vec::new(),
        };
        for p in prefixes {
            let folded: Box<str> = p.chars().map(fold).collect::<String>().into();
            if folded.chars().count() < 2 {
                set.short.push(folded);
            } else {
                set.buckets[bucket(key(&folded))].push(folded);
            }
        }
        set
    }

    /// True when the normalised `word` starts with one of the prefixes (accents folded).
    pub fn starts(&self, word: &str) -> bool {
        self.buckets[bucket(key(word))]
            .iter()
            .chain(&self.short)
            .any(|p| folded_starts_with(word, p))
    }
}

/// Matches `pats` at token `i`; returns the end (exclusive) of the longest match.
fn match_pats(
    pats: &[Pat],
    tokens: &[Token],
    i: usize,
    clause: u32,
    slot: &mut Option<usize>,
) -> Option<usize> {
    let Some(pat) = pats.first() else {
        return Some(i);
    };
    let rest = &pats[1..];
    let token = tokens.get(i).filter(|t| t.clause == clause);
    match pat {
        Pat::Word(_, hash) => {
            let t = token?;
            (t.folded == *hash).then_some(())?;
            match_pats(rest, tokens, i + 1, clause, slot)
        }
        Pat::Prefix(p) => {
            let t = token?;
            folded_starts_with(&t.norm, p).then_some(())?;
            match_pats(rest, tokens, i + 1, clause, slot)
        }
        Pat::Slot => {
            token?;
            let end = match_pats(rest, tokens, i + 1, clause, slot)?;
            *slot = Some(i);
            Some(end)
        }
        Pat::Gap => (0..=2).find_map(|skip| {
            if skip > 0 && tokens.get(i + skip - 1).is_none_or(|t| t.clause != clause) {
                return None;
            }
            match_pats(rest, tokens, i + skip, clause, slot)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Lang;
    use crate::text::tokenize;

    fn found(list: &str, text: &str, lang: Lang) -> Vec<String> {
        let l = PhraseList::parse(list);
        let t = tokenize(text, lang);
        l.find_iter(&t, 0, t.len())
            .map(|m| l.phrases()[m.phrase].text.to_string())
            .collect()
    }

    #[test]
    fn prefixes_gaps_and_hyphens_match_word_forms() {
        let list = "добр* день\nвсего ** доброго\nчем-то помочь\n";
        assert_eq!(
            found(list, "Доброго дня? Нет: добрый день!", Lang::Ru),
            ["добр* день"]
        );
        assert_eq!(
            found(list, "Всего вам доброго", Lang::Ru),
            ["всего ** доброго"]
        );
        assert_eq!(
            found(list, "Могу чем-то помочь?", Lang::Ru),
            ["чем-то помочь"]
        );
    }

    #[test]
    fn phrases_do_not_cross_clauses_and_prefer_the_longest() {
        let list = "good\ngood morning\n";
        assert_eq!(found(list, "Good, morning", Lang::En), ["good"]);
        assert_eq!(found(list, "good morning", Lang::En), ["good morning"]);
    }

    #[test]
    fn accents_are_folded_and_sections_are_kept() {
        let l = PhraseList::parse("[farewell]\nviszonthallásra\n");
        let t = tokenize("viszonthallasra", Lang::Hu);
        let m = l.match_at(&t, 0).unwrap();
        assert_eq!(Some(m.section), l.section("farewell"));
    }

    #[test]
    fn not_sections_are_read_but_never_matched() {
        let l = PhraseList::parse("[greeting]\nhello\n[not_after]\nsay\n");
        let t = tokenize("say hello", Lang::En);
        let found: Vec<usize> = l.find_iter(&t, 0, t.len()).map(|m| m.start).collect();
        assert_eq!(found, [1]);
        assert_eq!(l.section_texts("not_after"), vec![Box::<str>::from("say")]);
    }

    #[test]
    fn a_prefix_set_finds_words_by_their_start_with_accents_folded() {
        let set = PrefixSet::new(["тариф", "csomag", "plan", "előfiz", "x"]);
        assert!(set.starts("тарифы"));
        assert!(set.starts("csomagot"));
        assert!(set.starts("elofizetes"));
        assert!(set.starts("plans"));
        assert!(set.starts("xbox"));
        assert!(!set.starts("тари"));
        assert!(!set.starts("csom"));
        assert!(!set.starts("ön"));
    }

    #[test]
    fn a_slot_reports_its_token() {
        let l = PhraseList::parse("my name is {}\n");
        let t = tokenize("Hi, my name is Anna.", Lang::En);
        let m = l.match_at(&t, 1).unwrap();
        assert_eq!(t[m.slot.unwrap()].norm, "anna");
    }
}
