//! The phrase-rule language: what a scorecard author writes to say "the agent said something
//! like this".
//!
//! ```text
//! rule   := near ( "NOT" near )*          A NOT B: A in a turn that has no B
//! near   := seq ( "NEAR/" n seq )*        A NEAR/3 B: at most 3 words between them, either order
//! seq    := item+                          consecutive words
//! item   := word                           matches its inflections (same stem)
//!         | word*                          prefix wildcard; a lone * is any one word
//!         | "exact words"                  exactly these word forms
//!         | ( seq | seq … )                alternatives
//!         | {customer_name} | {agent_name} | {company} | {number}
//! ```
//!
//! Why words match by stem: «ожидание» must find «ожидания» and "segítek" must find "segítem"
//! without the author listing every form. Snowball's Hungarian stemmer strips one layer of
//! suffixes and sometimes trims the bare form too ("türelem" → "türel", but "türelmét" →
//! "türelm"), so for Hungarian a token also matches when the stem of its stem, or its stem, equals
//! the word or the word's stem. Where stemming cannot unify forms (Russian «помочь»/«помогу»),
//! authors write alternatives or a wildcard.
//!
//! Why the language is parsed here and not with a generic grammar crate: the words between the
//! operators are split by the very tokenizer that splits the conversation, so a phrase and a
//! turn can never disagree about what a word is ("15:00", "can't", "co-worker").

use std::fmt;

use crate::language::Lang;
use crate::text::names::{Part, PersonName, is_title_after, is_title_before};
use crate::text::{self, Token};

/// A parsed phrase rule, compiled for one language (its words are stemmed in that language).
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// The rule as the author wrote it.
    pub source: String,
    lang: Lang,
    expr: Expr,
}

/// A syntax error in a phrase, with the character offset (0-based) inside the phrase.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct PhraseError {
    pub offset: usize,
    pub message: String,
}

/// Named placeholders that expand per conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// Each part of the customer's name from the conversation's metadata.
    CustomerName,
    /// Each part of the agent's name from the conversation's metadata.
    AgentName,
    /// Each company name the scorecard lists.
    Company,
    /// Any token that starts with a digit ("15", "2026", "3pm", "2nd").
    Number,
}

impl Slot {
    const NAMES: [(&'static str, Slot); 4] = [
        ("customer_name", Slot::CustomerName),
        ("agent_name", Slot::AgentName),
        ("company", Slot::Company),
        ("number", Slot::Number),
    ];

    fn name(self) -> &'static str {
        match self {
            Slot::CustomerName => "customer_name",
            Slot::AgentName => "agent_name",
            Slot::Company => "company",
            Slot::Number => "number",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Seq(Seq),
    Near(Box<Expr>, Seq, usize),
    Not(Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
struct Seq(Vec<Term>);

#[derive(Debug, Clone, PartialEq)]
enum Term {
    Word {
        norm: String,
        stem: String,
    },
    Exact(String),
    /// A prefix, and for Hungarian its form with the final vowel lengthened ("lusta*" must
    /// find "lusták", "hülye*" must find "hülyék").
    Prefix(String, Option<String>),
    Group(Vec<Seq>),
    Slot(Slot),
}

/// How matches are filtered: by default a negated or quoted match does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filters {
    pub allow_negated: bool,
    pub allow_quoted: bool,
}

/// One turn as the matcher sees it.
#[derive(Debug, Clone, Copy)]
pub struct TurnView<'a> {
    /// The turn's text, for the capital letter that tells the name «Вера» from the word «вера».
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub lang: Lang,
    /// For Hungarian turns: the stem of each token's stem (see the module comment).
    pub stems2: Option<&'a [String]>,
}

/// A word of a company name, prepared for one language: inflected forms («Ромашку»,
/// "Beauty Labtól") match by prefix on the stem.
#[derive(Debug, Clone, PartialEq)]
pub struct NameWord {
    norm: String,
    prefix: String,
}

impl NameWord {
    /// Prepares the words of a company name for matching in `lang`.
    pub fn new(word: &str, lang: Lang) -> Vec<NameWord> {
        text::tokenize(word, lang)
            .into_iter()
            .map(|t| NameWord {
                prefix: if t.stem.chars().count() >= 3 {
                    t.stem.clone()
                } else {
                    t.norm.clone()
                },
                norm: t.norm,
            })
            .collect()
    }

    /// Longest ending a name may carry: «Ромашкой» (-ой), "Labtól" (-tól), "Kovácséknak".
    const MAX_ENDING_CHARS: usize = 6;

    fn matches(&self, token: &Token) -> bool {
        if token.norm == self.norm {
            return true;
        }
        token.norm.starts_with(&self.prefix)
            && self.prefix.chars().count() >= 3
            && token.norm.chars().count() <= self.prefix.chars().count() + Self::MAX_ENDING_CHARS
    }
}

/// What the placeholders expand to in one conversation, per language of the turn.
#[derive(Debug, Clone, Default)]
pub struct SlotValues {
    /// People's names per language of the turn, indexed by [`lang_index`] (the language decides
    /// the order of the name's parts and the case endings it takes).
    pub customer_name: [Option<PersonName>; 3],
    pub agent_name: [Option<PersonName>; 3],
    /// Company names: alternatives, each a sequence of words.
    pub company: [Vec<Vec<NameWord>>; 3],
}

/// Index of a supported language in per-language arrays; `None` for `Other`.
pub fn lang_index(lang: Lang) -> Option<usize> {
    match lang {
        Lang::Ru => Some(0),
        Lang::Hu => Some(1),
        Lang::En => Some(2),
        Lang::Other => None,
    }
}

impl SlotValues {
    /// A person's name from metadata, matched through [`crate::text::names`]: the first name
    /// or its diminutive in any case form («Ольгу», «Оля», "Annának"), a surname only beside a
    /// title ("Kovács úr", «господин Петров»).
    pub fn person(name: Option<&str>) -> [Option<PersonName>; 3] {
        Lang::SUPPORTED.map(|lang| {
            name.map(|n| PersonName::parse(n, lang))
                .filter(|p| !p.is_empty())
        })
    }

    /// Each company name is one alternative, matched as a sequence of its words.
    pub fn companies(names: &[String]) -> [Vec<Vec<NameWord>>; 3] {
        let mut out: [Vec<Vec<NameWord>>; 3] = Default::default();
        for (i, lang) in Lang::SUPPORTED.into_iter().enumerate() {
            for name in names {
                let words = NameWord::new(name, lang);
                if !words.is_empty() {
                    out[i].push(words);
                }
            }
        }
        out
    }

    fn companies_in(&self, lang: Lang) -> &[Vec<NameWord>] {
        lang_index(lang).map_or(&[], |i| &self.company[i])
    }

    fn person_in(&self, slot: Slot, lang: Lang) -> Option<&PersonName> {
        let i = lang_index(lang)?;
        match slot {
            Slot::CustomerName => self.customer_name[i].as_ref(),
            Slot::AgentName => self.agent_name[i].as_ref(),
            Slot::Company | Slot::Number => None,
        }
    }

    /// True when the placeholder has something to match in this conversation.
    pub fn has(&self, slot: Slot) -> bool {
        match slot {
            Slot::Number => true,
            Slot::Company => self.company.iter().any(|c| !c.is_empty()),
            s => Lang::SUPPORTED
                .iter()
                .any(|l| self.person_in(s, *l).is_some()),
        }
    }
}

impl Phrase {
    /// Parses a phrase rule; the words are normalised and stemmed in `lang`.
    pub fn parse(source: &str, lang: Lang) -> Result<Phrase, PhraseError> {
        let lexemes = lex(source, lang)?;
        if lexemes.is_empty() {
            return Err(err(0, "empty phrase"));
        }
        let mut p = Parser {
            lexemes: &lexemes,
            at: 0,
            end: source.chars().count(),
        };
        let expr = p.expr()?;
        if let Some(l) = p.peek() {
            return Err(PhraseError {
                offset: l.offset,
                message: match l.kind {
                    LexKind::Close => "`)` without a matching `(`".into(),
                    LexKind::Bar => "`|` separates alternatives inside parentheses: (a|b)".into(),
                    _ => "unexpected text".into(),
                },
            });
        }
        Ok(Phrase {
            source: source.to_string(),
            lang,
            expr,
        })
    }

    /// The placeholders the rule uses.
    pub fn slots(&self) -> Vec<Slot> {
        let mut out = Vec::new();
        self.expr.slots(&mut out);
        out
    }

    /// A readable instance of the rule for rationales: the first alternative of each group,
    /// wildcards shown as "…" ("перезвон…", not "(перезвон*|наберу)").
    pub fn example(&self) -> String {
        let mut s = String::new();
        self.expr.example(&mut s);
        s
    }

    /// Every match in a turn as token ranges `start..end`, before de-duplication.
    pub fn find(
        &self,
        view: &TurnView<'_>,
        slots: &SlotValues,
        filters: Filters,
    ) -> Vec<(usize, usize)> {
        if view.lang != self.lang {
            return Vec::new();
        }
        self.expr.find(view, slots, filters)
    }
}

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Expr {
    fn slots(&self, out: &mut Vec<Slot>) {
        match self {
            Expr::Seq(s) => s.slots(out),
            Expr::Near(a, b, _) => {
                a.slots(out);
                b.slots(out);
            }
            Expr::Not(a, _) => a.slots(out),
        }
    }

    fn example(&self, out: &mut String) {
        match self {
            Expr::Seq(s) => s.example(out),
            Expr::Near(a, b, _) => {
                a.example(out);
                out.push_str(" … ");
                b.example(out);
            }
            Expr::Not(a, _) => a.example(out),
        }
    }

    fn find(
        &self,
        view: &TurnView<'_>,
        slots: &SlotValues,
        filters: Filters,
    ) -> Vec<(usize, usize)> {
        match self {
            Expr::Seq(seq) => seq.find(view, slots, filters),
            Expr::Near(a, b, n) => {
                let left = a.find(view, slots, filters);
                if left.is_empty() {
                    return left;
                }
                let right = b.find(view, slots, filters);
                let mut out = Vec::new();
                for &(ls, le) in &left {
                    for &(rs, re) in &right {
                        let gap = if le <= rs {
                            rs - le
                        } else if re <= ls {
                            ls - re
                        } else {
                            continue;
                        };
                        if gap <= *n {
                            out.push((ls.min(rs), le.max(re)));
                        }
                    }
                }
                out
            }
            Expr::Not(a, b) => {
                let found = a.find(view, slots, filters);
                if found.is_empty() || !b.find(view, slots, filters).is_empty() {
                    Vec::new()
                } else {
                    found
                }
            }
        }
    }
}

impl Seq {
    fn slots(&self, out: &mut Vec<Slot>) {
        for t in &self.0 {
            match t {
                Term::Slot(s) if !out.contains(s) => out.push(*s),
                Term::Group(alts) => alts.iter().for_each(|a| a.slots(out)),
                _ => {}
            }
        }
    }

    fn example(&self, out: &mut String) {
        for t in &self.0 {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            match t {
                Term::Word { norm, .. } | Term::Exact(norm) => out.push_str(norm),
                Term::Prefix(p, _) => {
                    out.push_str(p);
                    out.push('…');
                }
                Term::Group(alts) => {
                    if let Some(a) = alts.first() {
                        a.example(out);
                    }
                }
                Term::Slot(s) => {
                    out.push('{');
                    out.push_str(s.name());
                    out.push('}');
                }
            }
        }
    }

    fn find(
        &self,
        view: &TurnView<'_>,
        slots: &SlotValues,
        filters: Filters,
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut ends = Vec::new();
        // A name in quotation marks («Бьюти Лаб») is typography, not reported speech.
        let names_only = self.0.iter().all(|t| {
            matches!(
                t,
                Term::Slot(Slot::CustomerName | Slot::AgentName | Slot::Company)
            )
        });
        for start in 0..view.tokens.len() {
            ends.clear();
            match_terms(&self.0, view, slots, start, &mut ends);
            let Some(&end) = ends.iter().max() else {
                continue;
            };
            if !filters.allow_negated && text::negated_at(view.tokens, start) {
                continue;
            }
            if !filters.allow_quoted
                && !names_only
                && view.tokens[start..end].iter().any(|t| t.quoted)
            {
                continue;
            }
            out.push((start, end));
        }
        out
    }
}

/// Pushes every end position at which `terms` match consecutive tokens from `pos`.
fn match_terms(
    terms: &[Term],
    view: &TurnView<'_>,
    slots: &SlotValues,
    pos: usize,
    ends: &mut Vec<usize>,
) {
    let Some((first, rest)) = terms.split_first() else {
        if !ends.contains(&pos) {
            ends.push(pos);
        }
        return;
    };
    match first {
        Term::Group(alts) => {
            for alt in alts {
                let mut mid = Vec::new();
                match_terms(&alt.0, view, slots, pos, &mut mid);
                for m in mid {
                    match_terms(rest, view, slots, m, ends);
                }
            }
        }
        Term::Slot(Slot::Number) => {
            if view
                .tokens
                .get(pos)
                .is_some_and(|t| t.norm.starts_with(|c: char| c.is_ascii_digit()))
            {
                match_terms(rest, view, slots, pos + 1, ends);
            }
        }
        Term::Slot(slot @ (Slot::CustomerName | Slot::AgentName)) => {
            if person_at(slots.person_in(*slot, view.lang), view, pos) {
                match_terms(rest, view, slots, pos + 1, ends);
            }
        }
        Term::Slot(_) => {
            for alt in slots.companies_in(view.lang) {
                let fits = alt
                    .iter()
                    .enumerate()
                    .all(|(k, w)| view.tokens.get(pos + k).is_some_and(|t| w.matches(t)));
                if fits && !alt.is_empty() {
                    match_terms(rest, view, slots, pos + alt.len(), ends);
                }
            }
        }
        single => {
            if pos < view.tokens.len() && term_matches(single, view, pos) {
                match_terms(rest, view, slots, pos + 1, ends);
            }
        }
    }
}

/// True when the token at `pos` addresses the person: their first name (or its diminutive) in
/// any case form, or their surname beside a title. A name that is also an everyday word
/// («Вера», "Rose") counts only with a capital letter.
fn person_at(name: Option<&PersonName>, view: &TurnView<'_>, pos: usize) -> bool {
    let (Some(name), Some(t)) = (name, view.tokens.get(pos)) else {
        return false;
    };
    let Some((part, everyday)) = name.part_of(t, view.lang) else {
        return false;
    };
    let capital = view
        .text
        .get(t.start..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_uppercase);
    if everyday && !capital {
        return false;
    }
    match part {
        Part::Given => true,
        Part::Family => {
            pos.checked_sub(1)
                .and_then(|p| view.tokens.get(p))
                .is_some_and(|p| is_title_before(&p.norm))
                || view
                    .tokens
                    .get(pos + 1)
                    .is_some_and(|n| is_title_after(&n.norm))
        }
    }
}

fn term_matches(term: &Term, view: &TurnView<'_>, i: usize) -> bool {
    let t = &view.tokens[i];
    match term {
        Term::Exact(norm) => t.norm == *norm,
        Term::Prefix(p, long) => {
            t.norm.starts_with(p.as_str())
                || long
                    .as_ref()
                    .is_some_and(|l| t.norm.starts_with(l.as_str()))
        }
        Term::Word { norm, stem } => {
            if t.norm == *norm || t.stem == *stem {
                return true;
            }
            // Short stems collide after a second stemming ("barna" → "barn" → "bar" = "barom").
            if view.lang != Lang::Hu || stem.chars().count() < 4 {
                return false;
            }
            let stem2 = view.stems2.and_then(|s| s.get(i));
            t.stem == *norm || stem2.is_some_and(|s2| s2 == stem || s2 == norm)
        }
        Term::Group(_) | Term::Slot(_) => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Lexer and parser.

#[derive(Debug, Clone, PartialEq)]
enum LexKind {
    Open,
    Close,
    Bar,
    Not,
    Near(usize),
    Terms(Vec<Term>),
}

#[derive(Debug, Clone, PartialEq)]
struct Lexeme {
    kind: LexKind,
    /// Character offset in the phrase.
    offset: usize,
}

fn err(offset: usize, message: impl Into<String>) -> PhraseError {
    PhraseError {
        offset,
        message: message.into(),
    }
}

fn lex(source: &str, lang: Lang) -> Result<Vec<Lexeme>, PhraseError> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' | '|' => {
                out.push(Lexeme {
                    kind: match c {
                        '(' => LexKind::Open,
                        ')' => LexKind::Close,
                        _ => LexKind::Bar,
                    },
                    offset: i,
                });
                i += 1;
            }
            '"' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .map(|p| p + i + 1)
                    .ok_or_else(|| {
                        err(i, "unclosed `\"`: exact words go between two double quotes")
                    })?;
                let inner: String = chars[i + 1..close].iter().collect();
                if let Some(p) = inner.find('*') {
                    return Err(err(
                        i + 1 + inner[..p].chars().count(),
                        "wildcards do not work inside \"exact words\"",
                    ));
                }
                let terms: Vec<Term> = text::tokenize(&inner, lang)
                    .into_iter()
                    .map(|t| Term::Exact(t.norm))
                    .collect();
                if terms.is_empty() {
                    return Err(err(i, "empty \"exact words\""));
                }
                out.push(Lexeme {
                    kind: LexKind::Terms(terms),
                    offset: i,
                });
                i = close + 1;
            }
            '{' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '}')
                    .map(|p| p + i + 1)
                    .ok_or_else(|| {
                        err(i, "unclosed `{`: placeholders look like {customer_name}")
                    })?;
                let name: String = chars[i + 1..close].iter().collect();
                let slot = Slot::NAMES
                    .iter()
                    .find(|(n, _)| *n == name.trim())
                    .map(|(_, s)| *s)
                    .ok_or_else(|| {
                        err(
                            i + 1,
                            format!(
                                "unknown placeholder {{{name}}}; known: {}",
                                Slot::NAMES
                                    .iter()
                                    .map(|(n, _)| format!("{{{n}}}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })?;
                out.push(Lexeme {
                    kind: LexKind::Terms(vec![Term::Slot(slot)]),
                    offset: i,
                });
                i = close + 1;
            }
            '}' => return Err(err(i, "`}` without a matching `{`")),
            _ => {
                // A chunk runs to whitespace or a special character.
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() && !"()|\"{}".contains(chars[i])
                {
                    i += 1;
                }
                let chunk: String = chars[start..i].iter().collect();
                out.push(chunk_lexeme(&chunk, start, lang)?);
            }
        }
    }
    Ok(out
        .into_iter()
        .filter(|l| !matches!(&l.kind, LexKind::Terms(t) if t.is_empty()))
        .collect())
}

fn chunk_lexeme(chunk: &str, offset: usize, lang: Lang) -> Result<Lexeme, PhraseError> {
    let lexeme = |kind| Lexeme { kind, offset };
    if chunk == "NOT" {
        return Ok(lexeme(LexKind::Not));
    }
    if chunk == "NEAR" {
        return Err(err(offset, "NEAR needs a distance in words: NEAR/3"));
    }
    if let Some(n) = chunk.strip_prefix("NEAR/") {
        return match n.parse::<usize>() {
            Ok(n) if n <= 50 => Ok(lexeme(LexKind::Near(n))),
            _ => Err(err(
                offset + 5,
                format!("NEAR/ needs a number of words from 0 to 50, not `{n}`"),
            )),
        };
    }
    let (body, star) = match chunk.strip_suffix('*') {
        Some(b) => (b, true),
        None => (chunk, false),
    };
    if let Some(p) = body.find('*') {
        return Err(err(
            offset + body[..p].chars().count(),
            "`*` goes at the end of a word (помо*) or alone for any one word",
        ));
    }
    if star && body.is_empty() {
        return Ok(lexeme(LexKind::Terms(vec![Term::Prefix(
            String::new(),
            None,
        )])));
    }
    let tokens = text::tokenize(body, lang);
    if star && !body.ends_with(|c: char| c.is_alphanumeric()) {
        return Err(err(
            offset + body.chars().count(),
            "`*` must follow the letters of a word",
        ));
    }
    let count = tokens.len();
    let terms = tokens
        .into_iter()
        .enumerate()
        .map(|(k, t)| {
            if star && k + 1 == count {
                let long = (lang == Lang::Hu)
                    .then(|| hungarian_lengthened(&t.norm))
                    .flatten();
                Term::Prefix(t.norm, long)
            } else {
                Term::Word {
                    norm: t.norm,
                    stem: t.stem,
                }
            }
        })
        .collect();
    Ok(lexeme(LexKind::Terms(terms)))
}

/// "lusta" → "lustá": Hungarian lengthens a final a/e before most suffixes.
fn hungarian_lengthened(word: &str) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    let last = chars.last_mut()?;
    *last = match *last {
        'a' => 'á',
        'e' => 'é',
        _ => return None,
    };
    Some(chars.into_iter().collect())
}

struct Parser<'a> {
    lexemes: &'a [Lexeme],
    at: usize,
    /// Length of the phrase in characters, for errors at its end.
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Lexeme> {
        self.lexemes.get(self.at)
    }

    fn offset(&self) -> usize {
        self.peek().map_or(self.end, |l| l.offset)
    }

    fn expr(&mut self) -> Result<Expr, PhraseError> {
        let mut left = self.near()?;
        while let Some(Lexeme {
            kind: LexKind::Not, ..
        }) = self.peek()
        {
            self.at += 1;
            let right = self.near()?;
            left = Expr::Not(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn near(&mut self) -> Result<Expr, PhraseError> {
        let mut left = Expr::Seq(self.seq(0)?);
        while let Some(Lexeme {
            kind: LexKind::Near(n),
            ..
        }) = self.peek()
        {
            let n = *n;
            self.at += 1;
            let right = self.seq(0)?;
            left = Expr::Near(Box::new(left), right, n);
        }
        Ok(left)
    }

    fn seq(&mut self, depth: usize) -> Result<Seq, PhraseError> {
        let mut terms = Vec::new();
        while let Some(l) = self.peek() {
            match &l.kind {
                LexKind::Terms(t) => {
                    terms.extend(t.iter().cloned());
                    self.at += 1;
                }
                LexKind::Open => {
                    let open = l.offset;
                    self.at += 1;
                    let mut alts = vec![self.seq(depth + 1)?];
                    loop {
                        match self.peek().map(|l| &l.kind) {
                            Some(LexKind::Bar) => {
                                self.at += 1;
                                alts.push(self.seq(depth + 1)?);
                            }
                            Some(LexKind::Close) => {
                                self.at += 1;
                                break;
                            }
                            _ => return Err(err(open, "`(` is never closed with `)`")),
                        }
                    }
                    terms.push(Term::Group(alts));
                }
                LexKind::Not | LexKind::Near(_) if depth > 0 => {
                    return Err(err(
                        l.offset,
                        "NEAR/n and NOT join whole phrases; they cannot stand inside parentheses",
                    ));
                }
                _ => break,
            }
        }
        if terms.is_empty() {
            let at = self.offset();
            let message = match self.peek().map(|l| &l.kind) {
                Some(LexKind::Not) => "NOT needs a phrase before it".to_string(),
                Some(LexKind::Near(_)) => "NEAR/n needs a phrase before it".to_string(),
                Some(LexKind::Bar) | Some(LexKind::Close) => "empty alternative".to_string(),
                _ => "a phrase is missing here".to_string(),
            };
            return Err(err(at, message));
        }
        Ok(Seq(terms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn stems2(tokens: &[Token], lang: Lang) -> Option<Vec<String>> {
        (lang == Lang::Hu).then(|| {
            tokens
                .iter()
                .map(|t| text::stem(&t.stem, Lang::Hu))
                .collect()
        })
    }

    /// The quotes of every match of `rule` in `turn`.
    fn find_with(
        rule: &str,
        turn: &str,
        lang: Lang,
        filters: Filters,
        slots: &SlotValues,
    ) -> Vec<String> {
        let p = Phrase::parse(rule, lang).unwrap();
        let tokens = tokenize(turn, lang);
        let s2 = stems2(&tokens, lang);
        let view = TurnView {
            text: turn,
            tokens: &tokens,
            lang,
            stems2: s2.as_deref(),
        };
        p.find(&view, slots, filters)
            .into_iter()
            .map(|(s, e)| turn[tokens[s].start..tokens[e - 1].end].to_string())
            .collect()
    }

    fn find(rule: &str, turn: &str, lang: Lang) -> Vec<String> {
        find_with(rule, turn, lang, Filters::default(), &SlotValues::default())
    }

    fn error(rule: &str) -> (usize, String) {
        let e = Phrase::parse(rule, Lang::En).unwrap_err();
        (e.offset, e.message)
    }

    #[test]
    fn russian_words_match_their_inflections_by_stem() {
        assert_eq!(
            find("ожидание", "Спасибо за ожидания!", Lang::Ru),
            ["ожидания"]
        );
        assert_eq!(
            find("добрый день", "Доброе утро? Нет, добрый день.", Lang::Ru),
            ["добрый день"]
        );
        assert_eq!(
            find("спасибо за ожидание", "Спасибо за ожидание", Lang::Ru).len(),
            1
        );
    }

    #[test]
    fn hungarian_case_endings_match_through_double_stemming() {
        assert_eq!(
            find("türelem", "Köszönöm a türelmét!", Lang::Hu),
            ["türelmét"]
        );
        assert_eq!(
            find("pillanat", "Egy pillanatra kapcsolom", Lang::Hu),
            ["pillanatra"]
        );
        assert_eq!(find("segít", "Szívesen segítek", Lang::Hu), ["segítek"]);
        assert_eq!(find("segít", "Tudok segíteni", Lang::Hu), ["segíteni"]);
        assert_eq!(
            find("várakozás", "Köszönöm a várakozást", Lang::Hu),
            ["várakozást"]
        );
        assert_eq!(find("lusta*", "A futárok lusták", Lang::Hu), ["lusták"]);
        assert_eq!(find("hülye*", "Hülyék vagyunk?", Lang::Hu), ["Hülyék"]);
        assert!(find("jó napot", "Szép napot kívánok", Lang::Hu).is_empty());
    }

    #[test]
    fn english_words_match_by_stem() {
        assert_eq!(
            find(
                "thank you for waiting",
                "Thanks, and thank you for waiting.",
                Lang::En
            )
            .len(),
            1
        );
        assert_eq!(find("wait", "I'm waiting", Lang::En), ["waiting"]);
    }

    #[test]
    fn exact_words_do_not_stem() {
        assert!(find("\"téved\"", "Elnézést, tévedtem", Lang::Hu).is_empty());
        assert_eq!(find("\"téved\"", "Ön téved", Lang::Hu), ["téved"]);
    }

    #[test]
    fn wildcards_match_prefixes_and_a_lone_star_any_word() {
        assert_eq!(
            find("перезвон*", "Я вам перезвоню", Lang::Ru),
            ["перезвоню"]
        );
        assert_eq!(
            find(
                "this is * speaking",
                "Hello, this is Anna speaking",
                Lang::En
            ),
            ["this is Anna speaking"]
        );
        assert!(find("this is * speaking", "this is speaking", Lang::En).is_empty());
    }

    #[test]
    fn alternatives_and_nested_groups() {
        let rule = "(добр* (день|вечер)|здравствуйте)";
        assert_eq!(find(rule, "Добрый вечер!", Lang::Ru), ["Добрый вечер"]);
        assert_eq!(find(rule, "Здравствуйте", Lang::Ru), ["Здравствуйте"]);
        assert!(find(rule, "Добрый человек", Lang::Ru).is_empty());
    }

    #[test]
    fn near_matches_within_n_words_in_either_order() {
        let rule = "перезвон* NEAR/3 завтра";
        assert_eq!(
            find(rule, "Я перезвоню вам завтра утром", Lang::Ru),
            ["перезвоню вам завтра"]
        );
        assert_eq!(
            find(rule, "Завтра я вам перезвоню", Lang::Ru),
            ["Завтра я вам перезвоню"]
        );
        assert!(
            find(
                rule,
                "Я перезвоню, как только смогу, наверное завтра",
                Lang::Ru
            )
            .is_empty()
        );
    }

    #[test]
    fn not_requires_the_second_phrase_absent_from_the_turn() {
        let rule = "(call you back|email you) NOT (tomorrow|today|by {number})";
        assert_eq!(
            find(rule, "I'll call you back.", Lang::En),
            ["call you back"]
        );
        assert!(find(rule, "I'll call you back tomorrow.", Lang::En).is_empty());
        assert!(find(rule, "I'll email you by 3 pm.", Lang::En).is_empty());
    }

    #[test]
    fn negated_matches_do_not_count_unless_allowed() {
        assert!(find("помочь", "Я не могу вам помочь", Lang::Ru).is_empty());
        assert!(find("segít*", "Sajnos nem tudok segíteni", Lang::Hu).is_empty());
        assert!(find("help you", "I can't help you with that", Lang::En).is_empty());
        assert_eq!(find("помочь", "Чем могу помочь?", Lang::Ru), ["помочь"]);
        let allow = Filters {
            allow_negated: true,
            ..Filters::default()
        };
        assert_eq!(
            find_with(
                "help you",
                "I can't help you",
                Lang::En,
                allow,
                &SlotValues::default()
            ),
            ["help you"]
        );
    }

    #[test]
    fn quoted_speech_does_not_count_unless_allowed() {
        assert!(
            find(
                "идиот*",
                "Он сказал мне «вы идиот», представляете?",
                Lang::Ru
            )
            .is_empty()
        );
        assert!(find("idiot*", "She wrote \"you idiot\" in the chat", Lang::En).is_empty());
        assert!(find("hülye", "Azt írta: „maga hülye”", Lang::Hu).is_empty());
        let allow = Filters {
            allow_quoted: true,
            ..Filters::default()
        };
        assert_eq!(
            find_with(
                "идиот*",
                "«вы идиот»",
                Lang::Ru,
                allow,
                &SlotValues::default()
            ),
            ["идиот"]
        );
    }

    #[test]
    fn name_placeholders_match_inflected_names() {
        let slots = SlotValues {
            customer_name: SlotValues::person(Some("Ольга Иванова")),
            ..SlotValues::default()
        };
        let f = Filters::default();
        assert_eq!(
            find_with("{customer_name}", "Ольгу попрошу", Lang::Ru, f, &slots),
            ["Ольгу"]
        );
        let slots = SlotValues {
            customer_name: SlotValues::person(Some("Kovács Anna")),
            company: SlotValues::companies(&["Beauty Lab".to_string()]),
            ..SlotValues::default()
        };
        assert_eq!(
            find_with(
                "{customer_name}",
                "Köszönöm, Annának küldöm",
                Lang::Hu,
                f,
                &slots
            ),
            ["Annának"]
        );
        assert_eq!(
            find_with(
                "{company}",
                "Itt a Beauty Labtól hívom",
                Lang::Hu,
                f,
                &slots
            ),
            ["Beauty Labtól"]
        );
        assert!(find_with("{agent_name}", "Anna", Lang::Hu, f, &slots).is_empty());
        // A surname addresses someone only beside a title; a diminutive is the first name.
        assert!(find_with("{customer_name}", "Kovács, kérem", Lang::Hu, f, &slots).is_empty());
        assert_eq!(
            find_with(
                "{customer_name}",
                "Kovács asszony, kérem",
                Lang::Hu,
                f,
                &slots
            ),
            ["Kovács"]
        );
        let slots = SlotValues {
            customer_name: SlotValues::person(Some("Ольга Иванова")),
            ..SlotValues::default()
        };
        assert_eq!(
            find_with("{customer_name}", "Оля, подождите", Lang::Ru, f, &slots),
            ["Оля"]
        );
        let slots = SlotValues {
            company: SlotValues::companies(&["Бьюти Лаб".to_string()]),
            ..SlotValues::default()
        };
        assert_eq!(
            find_with("{company}", "Салон «Бьюти Лаба»", Lang::Ru, f, &slots),
            ["Бьюти Лаба"]
        );
    }

    #[test]
    fn numbers_match_digits() {
        assert_eq!(find("до {number}", "Пришлю до 15:00", Lang::Ru), ["до 15"]);
        assert_eq!(find("by {number}", "by 3pm", Lang::En), ["by 3pm"]);
        assert!(find("by {number}", "by phone", Lang::En).is_empty());
    }

    #[test]
    fn syntax_errors_point_at_the_character() {
        assert_eq!(
            error("(hello|hi"),
            (0, "`(` is never closed with `)`".into())
        );
        assert_eq!(error("hello)").0, 5);
        assert_eq!(error("a NEAR b").0, 2);
        assert_eq!(
            error("a NEAR/x b"),
            (
                7,
                "NEAR/ needs a number of words from 0 to 50, not `x`".into()
            )
        );
        assert_eq!(error("say \"hello").0, 4);
        assert_eq!(error("(a|)").1, "empty alternative");
        assert_eq!(error("a|b").0, 1);
        assert_eq!(error("NOT b").1, "NOT needs a phrase before it");
        assert_eq!(error("a NOT").0, 5);
        assert_eq!(error("(a NEAR/2 b)").0, 3);
        assert_eq!(error("he*lo").0, 2);
        assert_eq!(error("hi {name}").0, 4);
        assert_eq!(error("").1, "empty phrase");
        assert_eq!(error("\"wild*\"").0, 5);
    }

    #[test]
    fn error_offsets_count_characters_not_bytes() {
        let e = Phrase::parse("привет (мир", Lang::Ru).unwrap_err();
        assert_eq!(e.offset, 7);
    }

    #[test]
    fn examples_show_the_first_alternative() {
        let p = Phrase::parse("(спасибо|благодарю) за (ожидание|терпение)", Lang::Ru).unwrap();
        assert_eq!(p.example(), "спасибо за ожидание");
        let p = Phrase::parse("перезвон* NOT завтра", Lang::Ru).unwrap();
        assert_eq!(p.example(), "перезвон…");
    }
}
