//! The shared reading of the customer's own words for the customer-side detectors
//! (`churn-threat`, `escalation-threat`, `abusive-customer`, `effort`, `wow`,
//! `polite-resignation`, `complaint`): phrase lists whose sections are the kinds a finding names,
//! counted only in customer turns and only as the customer's own, affirmative, non-question
//! words.
//!
//! Why one reader for three detectors: what makes a phrase *not* the customer's threat is the
//! same for all of them — negated («я не собираюсь уходить»), quoted («мне сказали "идите в
//! суд"»), reported («they told me to take it to the BBB»), asked about as a process ("how do I
//! cancel my account?", «можно ли пожаловаться в ЦБ?»), or said by the agent — and a fix to one
//! of those readings should reach every detector.
//!
//! A list's sections, besides the kinds themselves:
//! - `[<kind>/act]`: a phrase of that kind that counts only with an `[act]` phrase (a verb of
//!   doing it: «напишу», «обращусь», "I'll", "fordulok") within [`ACT_REACH`] tokens in the same
//!   sentence («напишу в Роспотребнадзор», "a Fogyasztóvédelemhez fordulok"), since a bare
//!   «Роспотребнадзор» or "review" is a mention, not a threat;
//! - `[<kind>/alone]`: a phrase that counts only as a clause of its own («Идиот!», "Moron."),
//!   because inside a longer clause it is usually about someone or something else;
//! - `[<kind>/brand]`: a phrase ending in a `{}` slot that counts only when the slot is a
//!   `[not_brand]` word or a capitalised word in cased text ("switching to Verizon", «перейду в
//!   Сбер», "átmegyek a Telekomhoz"), so "switching to paperless billing" does not;
//! - `[act]`: verbs of doing the threatened thing (see above);
//! - `[question]`: leads of a process question («как», «можно ли», "how do I", "can I",
//!   "hogyan", "lehet"): a kind phrase after one in the same clause is asked about, not
//!   threatened;
//! - `[reported]`: leads of someone else's words («мне сказали», "they told me", «azt
//!   mondták»): a kind phrase after one in the same sentence is reported, not the customer's;
//! - `[denial]`: leads that disown what follows in the clause («и не думаю», "no intention of",
//!   «eszem ágában sincs»), beyond the plain negators the tokenizer knows;
//! - `[neutral]`: phrases that look like a kind but are not («отказаться от рассылки», "cancel
//!   my order"); listed so that the longest match wins over a shorter kind phrase;
//! - `[condition]`: leads of a condition («если», "if", «ha»): a kind phrase after one in the
//!   same sentence is not yet true ("if you fix it today, you're a lifesaver"); for detectors of
//!   a state, not of threats, where "if you don't fix it, I'm leaving" is the threat itself;
//! - `[veto]`: words that, said by the customer in their own voice anywhere in the turn, undo
//!   every kind phrase of it: the sarcasm after praise («вы лучшие, третий час жду», "great job,
//!   two weeks and nothing"), the relief after giving up ("never mind, found it").

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Evidence, Finding};
use crate::language::Lang;
use crate::text::match_negation::{negator_in_gap, own_words};
use crate::text::phrase_list::{Match, PhraseList, fold, folded_starts_with};
use crate::text::surface::{is_capitalized, is_cased, sentence_break_between, starts_sentence};
use crate::text::{Token, negated_at, normalise};

/// How far (in tokens) an `[act]` may stand from a `/act` phrase, on either side.
pub(crate) const ACT_REACH: usize = 5;
/// How far back (in tokens) a `[question]` lead governs a kind phrase in its clause.
const QUESTION_REACH: usize = 6;
/// How far back (in tokens) a `[reported]` lead governs a kind phrase in its sentence.
const REPORTED_REACH: usize = 8;
/// How far back (in tokens) a `[condition]` lead governs a kind phrase in its sentence: an
/// if-clause runs on longer than a reporting verb's lead-in.
const CONDITION_REACH: usize = 16;

/// How a kind's phrase must stand to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Nothing,
    Act,
    Alone,
    Brand,
}

/// One language's list with its section indices looked up once.
pub(crate) struct Lists {
    list: PhraseList,
    /// (section, kind, what the phrase needs)
    kinds: Vec<(usize, &'static str, Need)>,
    act: Option<usize>,
    question: Option<usize>,
    reported: Option<usize>,
    denial: Option<usize>,
    condition: Option<usize>,
    veto: Option<usize>,
    /// Folded competitor and brand names (prefixes: inflected «Сбера», "Telekomhoz").
    brands: Vec<String>,
}

impl Lists {
    /// Reads a list whose kind sections are named in `kinds`.
    pub(crate) fn new(text: &str, kinds: &[&'static str]) -> Lists {
        let list = PhraseList::parse(text);
        let mut found = Vec::new();
        for &k in kinds {
            for (suffix, need) in [
                ("", Need::Nothing),
                ("/act", Need::Act),
                ("/alone", Need::Alone),
                ("/brand", Need::Brand),
            ] {
                if let Some(s) = list.section(&format!("{k}{suffix}")) {
                    found.push((s, k, need));
                }
            }
        }
        let brands = list
            .section_texts("not_brand")
            .iter()
            .map(|w| normalise(w).chars().map(fold).collect())
            .collect();
        Lists {
            kinds: found,
            act: list.section("act"),
            question: list.section("question"),
            reported: list.section("reported"),
            denial: list.section("denial"),
            condition: list.section("condition"),
            veto: list.section("veto"),
            brands,
            list,
        }
    }

    /// The phrase list itself (for the detectors' list tests).
    #[cfg(test)]
    pub(crate) fn list(&self) -> &PhraseList {
        &self.list
    }

    /// True when every section the reader relies on is present.
    #[cfg(test)]
    pub(crate) fn has_helpers(&self) -> bool {
        self.question.is_some() && self.reported.is_some() && self.denial.is_some()
    }

    fn kind(&self, section: usize) -> Option<(&'static str, Need)> {
        self.kinds
            .iter()
            .find(|(s, _, _)| *s == section)
            .map(|&(_, k, n)| (k, n))
    }
}

/// What one detector says about its findings.
pub(crate) struct Spec {
    pub id: &'static str,
    /// How the note names the customer's act ("threatened to leave").
    pub verb: &'static str,
    pub confidence: f64,
    /// Also read verbs of naming and disowning before a phrase as reporting it («он назвал меня
    /// идиотом», "I'm not saying you're stupid"): right for insults, wrong for threats, where
    /// "I'm calling the attorney general" is the threat itself.
    pub disowning_verbs: bool,
}

/// The lists of ru, hu and en in `Lang::SUPPORTED` order, and the turn's language.
fn lists_for<'l>(lists: &'l [Lists; 3], analysis: &Analysis<'_>, lang: Lang) -> Option<&'l Lists> {
    let lang = analysis.reading_lang(lang);
    let i = Lang::SUPPORTED.iter().position(|l| *l == lang)?;
    lists.get(i)
}

/// True when the match is a clause of its own («Идиот!», "Moron.").
fn whole_clause(tokens: &[Token], m: &Match) -> bool {
    let clause = tokens[m.start].clause;
    let starts = m.start == 0 || tokens[m.start - 1].clause != clause;
    let ends = tokens.get(m.end).is_none_or(|t| t.clause != clause);
    starts && ends
}

/// True when the slot of a `/brand` phrase names another company: a listed brand, or a
/// capitalised word that does not start a sentence in cased text.
fn names_brand(l: &Lists, text: &str, tokens: &[Token], m: &Match) -> bool {
    let Some(slot) = m.slot.and_then(|s| tokens.get(s).map(|t| (s, t))) else {
        return false;
    };
    let (i, t) = slot;
    if l.brands.iter().any(|b| folded_starts_with(&t.norm, b)) {
        return true;
    }
    is_cased(text)
        && text.chars().any(char::is_lowercase)
        && is_capitalized(text, t)
        && !starts_sentence(text, tokens, i)
}

/// True when a match is the customer's own affirmative words: not quoted, not negated before it
/// or inside a gap, and (with `disowning_verbs`) not named or disowned.
fn own(spec: &Spec, list: &PhraseList, m: &Match, tokens: &[Token]) -> bool {
    if spec.disowning_verbs {
        return own_words(list, m, tokens);
    }
    tokens
        .get(m.start..m.end)
        .is_some_and(|ts| !ts.iter().any(|t| t.quoted))
        && !negated_at(tokens, m.start)
        && !negator_in_gap(list, m, tokens)
}

/// Leftmost-longest matches, except that a `/alone` phrase that is not a clause of its own does
/// not swallow its words: "I'm cancelling my contract" must still find "cancelling my contract"
/// after "I'm cancelling" failed to stand alone.
fn find_all(l: &Lists, tokens: &[Token]) -> Vec<Match> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match l.list.match_at(tokens, i) {
            Some(m)
                if l.kind(m.section).is_some_and(|(_, n)| n == Need::Alone)
                    && !whole_clause(tokens, &m) =>
            {
                i += 1;
            }
            Some(m) => {
                i = m.end.max(i + 1);
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

/// The [`crate::detectors::Detector`] impl of a customer-side detector that reads the customer
/// through [`detect`] and adds nothing of its own: its id is its `SPEC`'s, its README its
/// `README`, its lists its `LISTS` (all items of the invoking module). Written once here so each
/// detector folder states only what is its own: kinds, spec, explanation, lists and tests.
macro_rules! customer_side_detector {
    ($detector:ident, $explain:expr) => {
        impl $crate::detectors::Detector for $detector {
            fn id(&self) -> &'static str {
                SPEC.id
            }

            fn explain(&self) -> &'static str {
                $explain
            }

            fn readme(&self) -> &'static str {
                README
            }

            fn detect(
                &self,
                analysis: &$crate::analysis::Analysis<'_>,
                out: &mut Vec<$crate::detectors::Finding>,
            ) {
                $crate::detectors::customer_speech::detect(&SPEC, &LISTS, analysis, out);
            }
        }
    };
}
pub(crate) use customer_side_detector;

/// For the customer-side detectors' unit tests: every line of each language's list file parses
/// into a known section, and the helper sections the shared reader needs are there.
#[cfg(test)]
pub(crate) fn assert_lists_parse(lists: &[Lists; 3], texts: [&str; 3]) {
    for (l, text) in lists.iter().zip(texts) {
        assert_eq!(l.list().missing_lines(text), Vec::<&str>::new());
        assert!(l.has_helpers());
    }
}

/// Runs one customer-side detector: every customer turn, every kind phrase that is the
/// customer's own affirmative statement, one finding per turn with all its spans.
pub(crate) fn detect(
    spec: &Spec,
    lists: &[Lists; 3],
    analysis: &Analysis<'_>,
    out: &mut Vec<Finding>,
) {
    for (i, turn) in analysis.conversation.turns.iter().enumerate() {
        if turn.speaker != Speaker::Customer {
            continue;
        }
        let Some(ta) = analysis.turns.get(i) else {
            continue;
        };
        let Some(l) = lists_for(lists, analysis, ta.lang) else {
            continue;
        };
        let text = turn.text.as_str();
        let tokens = &ta.tokens;
        let matches = find_all(l, tokens);
        if matches
            .iter()
            .any(|m| Some(m.section) == l.veto && own(spec, &l.list, m, tokens))
        {
            continue;
        }
        let same_sentence = |a: usize, b: usize| {
            let (a, b) = (a.min(b), a.max(b));
            a == b || !sentence_break_between(text, tokens, a, b)
        };
        let lead_before = |section: Option<usize>, at: usize, reach: usize, clause: bool| {
            matches.iter().any(|p| {
                Some(p.section) == section
                    && p.start < at
                    && at - p.start <= reach
                    && !tokens[p.start].quoted
                    && if clause {
                        tokens[p.start].clause == tokens[at].clause
                    } else {
                        same_sentence(p.start, at)
                    }
            })
        };
        // (byte start, byte end, kind)
        let mut spans: Vec<(usize, usize, &'static str)> = Vec::new();
        for m in &matches {
            let Some((kind, need)) = l.kind(m.section) else {
                continue;
            };
            if !own(spec, &l.list, m, tokens)
                || lead_before(l.question, m.start, QUESTION_REACH, true)
                || lead_before(l.reported, m.start, REPORTED_REACH, false)
                || lead_before(l.denial, m.start, QUESTION_REACH, true)
                || lead_before(l.condition, m.start, CONDITION_REACH, false)
            {
                continue;
            }
            let (mut s, mut e) = (m.start, m.end);
            let ok = match need {
                Need::Nothing => true,
                Need::Alone => whole_clause(tokens, m),
                Need::Brand => names_brand(l, text, tokens, m),
                Need::Act => {
                    let act = matches.iter().find(|a| {
                        Some(a.section) == l.act
                            && same_sentence(a.start, m.start)
                            && (a.end <= m.start && m.start - a.end <= ACT_REACH
                                || a.start >= m.end && a.start - m.end <= ACT_REACH)
                            && own(spec, &l.list, a, tokens)
                            && !lead_before(l.question, a.start, QUESTION_REACH, true)
                            && !lead_before(l.reported, a.start, REPORTED_REACH, false)
                            && !lead_before(l.denial, a.start, QUESTION_REACH, true)
                    });
                    if let Some(a) = act {
                        s = s.min(a.start);
                        e = e.max(a.end);
                    }
                    act.is_some()
                }
            };
            if ok {
                spans.push((tokens[s].start, tokens[e - 1].end, kind));
            }
        }
        if spans.is_empty() {
            continue;
        }
        spans.sort_unstable();
        let mut kinds: Vec<&str> = Vec::new();
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
        let evidence: Vec<Evidence> = merged
            .into_iter()
            .filter_map(|(s, e)| Evidence::span(analysis, i, s, e))
            .collect();
        let quotes: Vec<String> = evidence.iter().map(|e| format!("«{}»", e.quote)).collect();
        out.push(Finding {
            detector: spec.id,
            note: format!(
                "{}: customer {} with {} in turn {}",
                kinds.join(", "),
                spec.verb,
                quotes.join(", "),
                i + 1
            ),
            confidence: spec.confidence,
            evidence,
        });
    }
}

/// For the customer-side detectors' unit tests: the quotes `detector` finds in one turn.
#[cfg(test)]
pub(crate) fn quotes_in_one_turn(
    detector: &dyn crate::detectors::Detector,
    speaker: crate::conversation::Speaker,
    text: &str,
    lang: crate::language::Lang,
) -> Vec<String> {
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Conversation, Turn};
    let c = Conversation {
        turns: vec![Turn::new(speaker, text)],
        ..Conversation::default()
    };
    let options = AnalyseOptions {
        language: Some(lang),
        company: Vec::new(),
        ..AnalyseOptions::default()
    };
    let a = analyse(&c, &options);
    let mut out = Vec::new();
    detector.detect(&a, &mut out);
    out.iter()
        .flat_map(|f| f.evidence.iter().map(|e| e.quote.clone()))
        .collect()
}
