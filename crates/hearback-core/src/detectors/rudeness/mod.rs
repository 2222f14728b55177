//! `rudeness`: the agent's insults, profanity (masked spellings too: «х*р», "f*ck", «k*rva»),
//! condescension, blaming the customer, brushing them off, and hanging up on an open question.
//!
//! Only the agent's own words count: the customer's rudeness is another detector's business,
//! and quoted, negated or reported words («он назвал меня идиотом», "I'm not saying it's your
//! fault") are not the agent being rude.

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Detector, Evidence, Finding};
use crate::language::Lang;
use crate::text::match_negation::own_words;
use crate::text::phrase_list::{Match, PhraseList};
use crate::text::{Token, normalise};

const README: &str = include_str!("README.md");

/// The phrase lists of ru, hu and en, in `Lang::SUPPORTED` order.
static LISTS: LazyLock<[Lists; 3]> = LazyLock::new(|| {
    [
        Lists::new(include_str!("phrases.ru.txt")),
        Lists::new(include_str!("phrases.hu.txt")),
        Lists::new(include_str!("phrases.en.txt")),
    ]
});

/// Profanity roots of all three languages, for masked spellings: a masked word is rare and
/// almost always a swear word, so matching it against every language's roots costs nothing in
/// precision and finds «bl**t» in a Russian chat written in Latin letters.
static MASK_ROOTS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    let mut roots: Vec<Vec<char>> = LISTS.iter().flat_map(|l| l.roots.iter().cloned()).collect();
    roots.sort();
    roots.dedup();
    roots
});

/// The kinds of rudeness a finding names, which are also the list sections flagged on their own.
const KINDS: [&str; 6] = [
    "insult",
    "profanity",
    "condescension",
    "blame",
    "brush-off",
    "hang-up",
];

/// Characters that stand for hidden letters in a masked swear word.
const MASKS: &[char] = &['*', '@', '#', '$', '%', '!'];

/// One language's list with its section indices looked up once.
struct Lists {
    list: PhraseList,
    kinds: [Option<usize>; 6],
    rude_question: Option<usize>,
    lead: Option<usize>,
    refusal: Option<usize>,
    farewell: Option<usize>,
    cut_off: Option<usize>,
    filler: Option<usize>,
    /// Dismissals that are snide only as a clause of their own ("Whatever.").
    alone: Option<usize>,
    /// Clear sarcasm markers ("oh sure", «ну конечно», "na persze").
    sarcasm_lead: Option<usize>,
    /// Ironic claims, sarcasm only after a marker ("because everything's meant to last forever").
    sarcasm: Option<usize>,
    /// Single-word profanity entries, for masked spellings.
    roots: Vec<Vec<char>>,
}

impl Lists {
    fn new(text: &str) -> Lists {
        let list = PhraseList::parse(text);
        let kinds = KINDS.map(|k| list.section(k));
        let profanity = list.section("profanity");
        let roots = list
            .phrases()
            .iter()
            .filter(|p| Some(p.section) == profanity && !p.text.contains(' '))
            .map(|p| normalise(p.text.trim_end_matches('*')).chars().collect())
            .filter(|r: &Vec<char>| r.len() >= 3)
            .collect();
        Lists {
            kinds,
            rude_question: list.section("rude-question"),
            lead: list.section("lead"),
            refusal: list.section("refusal"),
            farewell: list.section("farewell"),
            cut_off: list.section("cut-off"),
            filler: list.section("filler"),
            alone: list.section("alone"),
            sarcasm_lead: list.section("sarcasm-lead"),
            sarcasm: list.section("sarcasm"),
            roots,
            list,
        }
    }

    fn kind(&self, section: usize) -> Option<&'static str> {
        KINDS
            .iter()
            .zip(self.kinds)
            .find(|(_, s)| *s == Some(section))
            .map(|(k, _)| *k)
    }
}

fn lists(lang: Lang) -> Option<&'static Lists> {
    let i = Lang::SUPPORTED.iter().position(|l| *l == lang)?;
    LISTS.get(i)
}

/// An insult aimed at oneself («какая я дура», "I'm an idiot") is not rudeness to the customer.
fn self_aimed(tokens: &[Token], start: usize) -> bool {
    tokens[start.saturating_sub(2)..start]
        .iter()
        .any(|t| matches!(t.norm.as_str(), "я" | "i'm" | "im" | "am" | "én" | "vagyok"))
}

/// The agent's rudeness: insults, profanity, condescension, blame, brush-offs and hang-ups.
#[derive(Debug, Clone, Copy)]
pub struct Rudeness;

impl Detector for Rudeness {
    fn id(&self) -> &'static str {
        "rudeness"
    }

    fn explain(&self) -> &'static str {
        "The agent insults, swears at, talks down to, blames or brushes off the customer, or hangs up on them: the first thing customers complain about."
    }

    fn readme(&self) -> &'static str {
        README
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let turns = &analysis.conversation.turns;
        let last_agent = analysis.turn_indices(Speaker::Agent).last();
        for (i, turn) in turns.iter().enumerate() {
            if turn.speaker != Speaker::Agent {
                continue;
            }
            let Some(ta) = analysis.turns.get(i) else {
                continue;
            };
            let lang = analysis.reading_lang(ta.lang);
            let Some(l) = lists(lang) else {
                continue;
            };
            let tokens = &ta.tokens;
            // (byte start, byte end, kind)
            let mut spans: Vec<(usize, usize, &'static str)> = Vec::new();
            let mut lead_end: Option<usize> = None;
            let mut refusal: Option<Match> = None;
            let mut farewell: Option<Match> = None;
            // Sarcasm markers as (clause, token start, token end), and the ironic claims.
            let mut markers: Vec<(u32, usize, usize)> = Vec::new();
            let mut claims: Vec<Match> = Vec::new();
            for m in l.list.find_iter(tokens, 0, tokens.len()) {
                let byte_span = (tokens[m.start].start, tokens[m.end - 1].end);
                if let Some(kind) = l.kind(m.section) {
                    let aimed_at_self = kind == "insult" && self_aimed(tokens, m.start);
                    if own_words(&l.list, &m, tokens) && !aimed_at_self {
                        spans.push((byte_span.0, byte_span.1, kind));
                    }
                } else if Some(m.section) == l.lead {
                    lead_end = Some(m.end);
                } else if Some(m.section) == l.rude_question {
                    if lead_end.is_some_and(|e| e == m.start) && !tokens[m.start].quoted {
                        let from = tokens[m.start.saturating_sub(2)].start;
                        spans.push((from, byte_span.1, "condescension"));
                    }
                } else if Some(m.section) == l.alone {
                    if whole_clause(tokens, &m) && own_words(&l.list, &m, tokens) {
                        spans.push((byte_span.0, byte_span.1, "brush-off"));
                    }
                } else if Some(m.section) == l.sarcasm_lead {
                    if !tokens[m.start].quoted {
                        markers.push((tokens[m.start].clause, m.start, m.end));
                    }
                } else if Some(m.section) == l.sarcasm {
                    if own_words(&l.list, &m, tokens) {
                        claims.push(m);
                    }
                } else if Some(m.section) == l.refusal {
                    if own_words(&l.list, &m, tokens) {
                        refusal = Some(m);
                    }
                } else if Some(m.section) == l.farewell {
                    // «Ничем не могу помочь, до свидания»: a refusal with nothing after it but
                    // the goodbye is a brush-off, whatever comes before it.
                    if let Some(r) = refusal
                        && m.start >= r.end
                        && m.start - r.end <= 2
                    {
                        spans.push((tokens[r.start].start, byte_span.1, "brush-off"));
                    }
                    farewell = Some(m);
                }
            }
            if !claims.is_empty() {
                sarcasm(l, tokens, &mut markers, &claims, &mut spans);
            }
            masked_profanity(&turn.text, tokens, &mut spans);
            if Some(i) == last_agent
                && let Some(f) = farewell
                && hung_up(analysis, l, i, tokens, &f)
            {
                spans.push((tokens[f.start].start, tokens[f.end - 1].end, "hang-up"));
            }
            if spans.is_empty() {
                continue;
            }
            spans.sort_unstable();
            let mut kinds: Vec<&str> = Vec::new();
            let mut evidence: Vec<Evidence> = Vec::new();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (s, e, k) in spans {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            for (s, e) in merged {
                evidence.extend(Evidence::span(analysis, i, s, e));
            }
            let quotes: Vec<String> = evidence.iter().map(|e| format!("«{}»", e.quote)).collect();
            out.push(Finding {
                detector: "rudeness",
                note: format!(
                    "{}: agent said {} in turn {}",
                    kinds.join(", "),
                    quotes.join(", "),
                    i + 1
                ),
                confidence: if kinds.contains(&"hang-up") && kinds.len() == 1 {
                    0.7
                } else {
                    0.9
                },
                evidence,
            });
        }
    }
}

/// Sarcasm, reported as condescension (the kinds are a scorecard interface): an ironic claim
/// right after a clear marker, within two clauses («Ну конечно, у нас
/// же всё вечное должно быть», "Oh sure, because everything's meant to last forever"). A sincere
/// «ну конечно» followed, sentences later, by something on the list is not sarcasm, nor is the
/// claim without a marker ("it broke by itself" can be the agent's own diagnosis).
fn sarcasm(
    l: &Lists,
    tokens: &[Token],
    markers: &mut Vec<(u32, usize, usize)>,
    claims: &[Match],
    spans: &mut Vec<(usize, usize, &'static str)>,
) {
    // Markers typed with a comma inside ("Oh, sure", «Ну да, конечно», "Na, persze") span a
    // clause break, which phrase matching never crosses: read them across it.
    for i in 0..tokens.len().saturating_sub(1) {
        if tokens[i + 1].clause == tokens[i].clause || tokens[i].quoted {
            continue;
        }
        let mut window: Vec<Token> = tokens[i..(i + 4).min(tokens.len())].to_vec();
        let clause = window[0].clause;
        for t in &mut window {
            t.clause = clause;
        }
        if let Some(m) = l.list.match_at(&window, 0)
            && Some(m.section) == l.sarcasm_lead
            && m.end > 1
        {
            markers.push((clause, i, i + m.end));
        }
    }
    for c in claims {
        let marker = markers
            .iter()
            .filter(|(clause, _, end)| *end <= c.start && tokens[c.start].clause <= clause + 2)
            .max_by_key(|(_, start, _)| *start);
        if let Some(&(_, start, _)) = marker {
            spans.push((tokens[start].start, tokens[c.end - 1].end, "condescension"));
        }
    }
}

/// True when the match is a clause of its own: "Whatever." or "Fine, whatever.", not "whatever
/// you need". Clause breaks are punctuation, so ASR text without it only matches a bare turn.
fn whole_clause(tokens: &[Token], m: &Match) -> bool {
    let clause = tokens[m.start].clause;
    let starts = m.start == 0 || tokens[m.start - 1].clause != clause;
    let ends = tokens.get(m.end).is_none_or(|t| t.clause != clause);
    starts && ends
}

/// The agent's last turn says goodbye while the customer is still talking: either the customer
/// protests into the silence after it («Алло? Подождите!», "Hello? Wait!") and the conversation
/// ends there, or the goodbye (with nothing but fillers like «всё») answers a question.
fn hung_up(analysis: &Analysis<'_>, l: &Lists, i: usize, tokens: &[Token], f: &Match) -> bool {
    let turns = &analysis.conversation.turns;
    let next = turns.get(i + 1);
    if let Some(next) = next {
        let is_last = i + 2 == turns.len();
        let cut_off = next.speaker == Speaker::Customer
            && is_last
            && analysis.turns.get(i + 1).is_some_and(|ta| {
                l.list
                    .match_at(&ta.tokens, 0)
                    .is_some_and(|m| Some(m.section) == l.cut_off)
            });
        return cut_off;
    }
    let only_filler = tokens.iter().enumerate().all(|(j, t)| {
        (f.start..f.end).contains(&j)
            || l.list.match_at(tokens, j).is_some_and(|m| {
                Some(m.section) == l.filler || (Some(m.section) == l.farewell && m.end <= f.end)
            })
            || t.norm.is_empty()
    });
    let asked = i
        .checked_sub(1)
        .and_then(|p| turns.get(p))
        .is_some_and(|p| p.speaker == Speaker::Customer && p.text.trim_end().ends_with('?'));
    only_filler && asked
}

/// Finds masked swear words («х*р», «бл@дь», "f***", «k*rva») in a turn's raw text: the
/// tokenizer splits them at the mask, so they are read from the text itself. Only turns that
/// contain a mask character pay for this.
fn masked_profanity(text: &str, tokens: &[Token], spans: &mut Vec<(usize, usize, &'static str)>) {
    if !text.contains(MASKS) {
        return;
    }
    let mut offset = 0;
    for chunk in text.split_whitespace() {
        let Some(at) = text[offset..].find(chunk) else {
            continue;
        };
        let start = offset + at;
        offset = start + chunk.len();
        let word = chunk.trim_matches(|c: char| !c.is_alphanumeric() && !MASKS.contains(&c));
        let word = word.trim_end_matches(['!']);
        if !word.contains(MASKS) || !word.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let chars: Vec<char> = normalise(word).chars().collect();
        if chars.len() < 3 || chars.len() > 16 {
            continue;
        }
        let lead = chunk.find(word).unwrap_or(0);
        let (s, e) = (start + lead, start + lead + word.len());
        let quoted = tokens
            .iter()
            .any(|t| t.start >= s && t.end <= e && t.quoted);
        if !quoted && MASK_ROOTS.iter().any(|r| masked_match(&chars, r)) {
            spans.push((s, e, "profanity"));
        }
    }
}

/// True when a masked word spells `root` (and possibly an ending after it): letters match
/// letters and a run of n mask characters stands for n or n + 1 hidden letters ("f*ck",
/// «бл@дь», "bl**t" for «blyat»), so a mask cannot swallow a whole different word.
fn masked_match(word: &[char], root: &[char]) -> bool {
    match (word.first(), root.first()) {
        (None, _) => root.is_empty(),
        (Some(_), None) => true,
        (Some(c), Some(_)) if MASKS.contains(c) => {
            let run = word.iter().take_while(|c| MASKS.contains(c)).count();
            let rest = &word[run..];
            (run..=run + 1).any(|k| k >= root.len() || masked_match(rest, &root[k..]))
        }
        (Some(c), Some(r)) => c == r && masked_match(&word[1..], &root[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(word: &str, root: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        let r: Vec<char> = root.chars().collect();
        masked_match(&w, &r)
    }

    #[test]
    fn every_list_line_parses_into_a_known_section() {
        for l in LISTS.iter() {
            assert!(l.kinds.iter().all(Option::is_some));
            assert!(l.refusal.is_some() && l.farewell.is_some() && l.cut_off.is_some());
            assert!(!l.roots.is_empty());
        }
    }

    #[test]
    fn masked_words_spell_their_roots() {
        assert!(masked("f*ck", "fuck"));
        assert!(masked("f***", "fuck"));
        assert!(masked("бл@дь", "блядь"));
        assert!(masked("k*rva", "kurva"));
        assert!(masked("bl**t", "blyat"));
        assert!(masked("п*здец", "пизд"));
        assert!(!masked("b*rma", "kurva"));
        assert!(!masked("с*ла", "сука"));
    }
}
