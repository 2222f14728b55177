//! `introduction`: the agent gives their own name, and the company's.
#![doc = include_str!("README.md")]

use std::ops::Range;
use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::{Channel, Speaker};
use crate::detectors::{Detector, Evidence, Finding};
use crate::language::Lang;
use crate::text::names::{PersonName, is_first_name, is_form_of, is_known_first_name};
use crate::text::phrase_list::{PhraseList, fold, folded_eq};
use crate::text::surface::{clause_is_question, is_capitalized, is_cased, sentence_break_between};
use crate::text::{Token, negated_at, normalise};

/// The three languages' cue lists in one: the cues share no words, and a turn detected in the
/// wrong language («Меня зовут Anna») still finds its cue.
static PHRASES: LazyLock<PhraseList> = LazyLock::new(|| {
    PhraseList::parse(
        &[
            include_str!("phrases.ru.txt"),
            include_str!("phrases.hu.txt"),
            include_str!("phrases.en.txt"),
        ]
        .join("\n"),
    )
});

/// Section indices of [`PHRASES`].
struct Sections {
    strong_after: usize,
    weak_after: usize,
    weak_before: usize,
    signoff: usize,
    ask_name: usize,
    not_a_name: Vec<Box<str>>,
}

static SECTIONS: LazyLock<Option<Sections>> = LazyLock::new(|| {
    let l = &*PHRASES;
    let not_a_name = l.section("not_a_name")?;
    Some(Sections {
        strong_after: l.section("strong_after")?,
        weak_after: l.section("weak_after")?,
        weak_before: l.section("weak_before")?,
        signoff: l.section("signoff")?,
        ask_name: l.section("ask_name")?,
        not_a_name: l
            .phrases()
            .iter()
            .filter(|p| p.section == not_a_name)
            .map(|p| p.text.clone())
            .collect(),
    })
});

/// Someone saying their own name: tokens `span` of a turn (cue included), the name in `name`,
/// its first word at `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SelfIntro {
    pub span: Range<usize>,
    pub name: Range<usize>,
    pub head: usize,
}

/// The language a turn's words are inflected in.
pub(crate) fn turn_lang(analysis: &Analysis<'_>, turn: usize) -> Lang {
    match analysis.turns.get(turn).map(|t| t.lang) {
        Some(l) if l.is_supported() => l,
        _ => analysis.language,
    }
}

/// Every place in turn `turn` where the speaker gives their own name. `own` is the speaker's
/// name on record, which also counts after a weak cue.
pub(crate) fn self_introductions(
    analysis: &Analysis<'_>,
    turn: usize,
    own: Option<&PersonName>,
) -> Vec<SelfIntro> {
    let (Some(s), Some(t), Some(ta)) = (
        SECTIONS.as_ref(),
        analysis.conversation.turns.get(turn),
        analysis.turns.get(turn),
    ) else {
        return Vec::new();
    };
    let text = t.text.as_str();
    let tokens = &ta.tokens;
    let cased = is_cased(text);
    let not_a_name = |tok: &Token| s.not_a_name.iter().any(|w| folded_eq(&tok.norm, w));
    // A name in its dictionary form: a known first name or the speaker's own.
    let dictionary_name =
        |tok: &Token| is_first_name(&tok.norm) || own.is_some_and(|n| n.is_exactly(&tok.norm));
    // Words that continue a name: "Anna Smith", «Анна Сергеевна», "Kovács Anna".
    let continues = |tok: &Token| {
        !tok.quoted
            && !not_a_name(tok)
            && !tok.norm.chars().all(|c| c.is_ascii_digit())
            && (dictionary_name(tok)
                || own.is_some_and(|n| n.is_exactly(&tok.norm))
                || (cased && is_capitalized(text, tok)))
    };
    let mut out = Vec::new();
    for m in PHRASES.find_iter(tokens, 0, tokens.len()) {
        if tokens[m.start..m.end].iter().any(|t| t.quoted) || negated_at(tokens, m.start) {
            continue;
        }
        let clause = tokens[m.start].clause;
        let (head, name_start) = if m.section == s.strong_after || m.section == s.weak_after {
            let Some(slot) = m.slot else { continue };
            let strong = m.section == s.strong_after;
            let tok = &tokens[slot];
            let ok = !not_a_name(tok)
                && (dictionary_name(tok) || (strong && (!cased || is_capitalized(text, tok))));
            if ok {
                (slot, slot)
            } else if !strong
                && tokens
                    .get(slot + 1)
                    .is_some_and(|next| next.clause == clause && dictionary_name(next))
                && (!cased || is_capitalized(text, tok))
                && !not_a_name(tok)
            {
                // "Itt Kovács Anna": the family name first, then the known first name.
                (slot + 1, slot)
            } else {
                continue;
            }
        } else if m.section == s.weak_before {
            let Some(prev) = m.start.checked_sub(1) else {
                continue;
            };
            let tok = &tokens[prev];
            // "Annának hívnak", "Kovács Annával beszél": these two cues take the name in a
            // case form.
            let inflected_cue = ["hivnak", "beszel"]
                .iter()
                .any(|c| folded_eq(&tokens[m.start].norm, c));
            let is_name = tok.clause == clause
                && !tok.quoted
                && (dictionary_name(tok)
                    || (inflected_cue
                        && (is_known_first_name(&tok.norm, Lang::Hu)
                            || own.is_some_and(|n| n.part_of(tok, Lang::Hu).is_some()))));
            if !is_name {
                continue;
            }
            let start = match prev.checked_sub(1) {
                Some(p) if tokens[p].clause == clause && continues(&tokens[p]) => p,
                _ => prev,
            };
            (prev, start)
        } else if m.section == s.signoff {
            // Only letters are signed; in a call "Many thanks, Anna" thanks the customer.
            if analysis.conversation.channel != Channel::Email {
                continue;
            }
            // The name follows in the next clause: "Kind regards, Anna", or family name first:
            // "Üdvözlettel: Kiss Anna".
            let at = |i: usize| tokens.get(i).filter(|t| !t.quoted);
            match (at(m.end), at(m.end + 1)) {
                (Some(tok), _) if dictionary_name(tok) => (m.end, m.end),
                (Some(family), Some(given))
                    if given.clause == family.clause
                        && dictionary_name(given)
                        && (!cased || is_capitalized(text, family)) =>
                {
                    (m.end + 1, m.end)
                }
                _ => continue,
            }
        } else {
            continue;
        };
        if m.section != s.strong_after && clause_is_question(text, tokens, m.end - 1) {
            continue;
        }
        if negated_at(tokens, name_start) {
            continue;
        }
        let mut name_end = head + 1;
        while name_end < tokens.len()
            && name_end < head + 3
            && tokens[name_end].clause == tokens[head].clause
            && continues(&tokens[name_end])
        {
            name_end += 1;
        }
        let span_end = if m.section == s.weak_before {
            m.end
        } else {
            name_end.max(m.end)
        };
        // "this is Hannah speaking" is one introduction, not two.
        if out.iter().any(|i: &SelfIntro| i.name.contains(&head)) {
            continue;
        }
        out.push(SelfIntro {
            span: m.start.min(name_start)..span_end,
            name: name_start..name_end,
            head,
        });
    }
    out
}

/// Turns in which the agent asks the customer's name (the customer's answer is then a name).
pub(crate) fn asks_name(analysis: &Analysis<'_>, turn: usize) -> bool {
    let (Some(s), Some(ta)) = (SECTIONS.as_ref(), analysis.turns.get(turn)) else {
        return false;
    };
    PHRASES
        .find_iter(&ta.tokens, 0, ta.tokens.len())
        .any(|m| m.section == s.ask_name)
}

/// A name the agent or customer metadata gives, read in the conversation's language.
pub(crate) fn party_name(analysis: &Analysis<'_>, speaker: Speaker) -> Option<PersonName> {
    let party = match speaker {
        Speaker::Agent => analysis.conversation.agent.as_ref(),
        Speaker::Customer => analysis.conversation.customer.as_ref(),
        _ => None,
    }?;
    let name = PersonName::parse(party.name.as_deref()?, analysis.language);
    (!name.is_empty()).then_some(name)
}

/// The agent turns read for a self-introduction: introductions open a conversation, and reading
/// every turn would cost a phrase lookup per word of the whole call.
pub(crate) const INTRO_TURNS: usize = 3;
/// How far into the agent's first turn the agent's bare name («Анна, компания Ромашка») counts.
const BARE_NAME_TOKENS: usize = 12;
/// The agent turns in which the company's name is an introduction.
const COMPANY_TURNS: usize = 2;

#[derive(Debug, Clone, Copy)]
pub struct Introduction;

impl Detector for Introduction {
    fn id(&self) -> &'static str {
        "introduction"
    }

    fn explain(&self) -> &'static str {
        "The agent gives their own name («меня зовут Анна», \"Kovács Anna vagyok\", \"my name is Anna\") and the company's: the customer knows who is responsible for the answer."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let agent_name = party_name(analysis, Speaker::Agent);
        let on_record = analysis
            .conversation
            .agent
            .as_ref()
            .and_then(|a| a.name.as_deref())
            .unwrap_or("");
        // Company names split into words the way the tokenizer splits a turn, folded.
        let companies: Vec<Vec<String>> = analysis
            .company
            .iter()
            .map(|c| {
                c.split(|ch: char| !ch.is_alphanumeric() && ch != '\'')
                    .filter(|w| !w.is_empty())
                    .map(|w| normalise(w).chars().map(fold).collect::<String>())
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.is_empty())
            .collect();
        for (n, turn) in analysis
            .turn_indices(Speaker::Agent)
            .take(INTRO_TURNS)
            .enumerate()
        {
            let Some(ta) = analysis.turns.get(turn) else {
                continue;
            };
            let tokens = &ta.tokens;
            let lang = turn_lang(analysis, turn);
            let intros = self_introductions(analysis, turn, agent_name.as_ref());
            for intro in &intros {
                let said: Vec<&str> = tokens[intro.name.clone()]
                    .iter()
                    .map(|t| t.norm.as_str())
                    .collect();
                let matches = agent_name.as_ref().map(|a| {
                    tokens[intro.name.clone()]
                        .iter()
                        .any(|t| a.part_of(t, lang).is_some())
                });
                let (note, confidence) = match matches {
                    Some(true) => (
                        format!(
                            "name: the agent gave their name, matching «{on_record}» on record"
                        ),
                        0.95,
                    ),
                    Some(false) => (
                        format!(
                            "name: the agent gave the name «{}», not «{on_record}» on record",
                            said.join(" ")
                        ),
                        0.6,
                    ),
                    None => ("name: the agent gave their name".to_string(), 0.9),
                };
                push(
                    analysis,
                    out,
                    turn,
                    tokens,
                    intro.span.clone(),
                    note,
                    confidence,
                );
            }
            // «Анна, компания Ромашка, добрый день»: the agent's own first name, said plainly at
            // the start of their first turn, with no cue word.
            if n == 0
                && intros.is_empty()
                && let Some(agent) = &agent_name
                && let Some(i) = tokens.iter().take(BARE_NAME_TOKENS).position(|t| {
                    !t.quoted
                        && agent.is_given(&t.norm)
                        && !party_name(analysis, Speaker::Customer)
                            .is_some_and(|c| c.is_exactly(&t.norm))
                })
                && !negated_at(tokens, i)
            {
                push(
                    analysis,
                    out,
                    turn,
                    tokens,
                    i..i + 1,
                    format!("name: the agent said their name «{on_record}» at the start"),
                    0.7,
                );
            } else if n == 0
                && intros.is_empty()
                && agent_name.is_none()
                && let Some((span, note)) = unknown_name_in_frame(analysis, turn)
            {
                push(analysis, out, turn, tokens, span, note.to_string(), 0.5);
            } else if n == 0
                && intros.is_empty()
                && agent_name.is_none()
                && let Some(i) = bare_name_after_company(analysis, turn)
            {
                push(
                    analysis,
                    out,
                    turn,
                    tokens,
                    i..i + 1,
                    "name: the agent said a first name after the company's".to_string(),
                    0.6,
                );
            }
            if n < COMPANY_TURNS {
                for (start, end) in company_mentions(tokens, &companies, lang) {
                    push(
                        analysis,
                        out,
                        turn,
                        tokens,
                        start..end,
                        "company: the agent named the company".to_string(),
                        0.9,
                    );
                }
            }
        }
    }
}

/// «Альфа-Страхование, Наталья, добрый день», "Acme Energy, Hannah, good morning": with no
/// agent name on record, a known first name standing alone between commas early in the agent's
/// first turn, after something that is not a greeting. After a greeting («Добрый день, Ольга!»)
/// or at the very start («Ольга, здравствуйте») a name addresses the customer instead.
fn bare_name_after_company(analysis: &Analysis<'_>, turn: usize) -> Option<usize> {
    let t = analysis.conversation.turns.get(turn)?;
    let tokens = &analysis.turns.get(turn)?.tokens;
    let customer = party_name(analysis, Speaker::Customer);
    (1..tokens.len().min(BARE_NAME_TOKENS)).find(|&i| {
        let tok = &tokens[i];
        let prev = &tokens[i - 1];
        let alone =
            prev.clause != tok.clause && tokens.get(i + 1).is_none_or(|n| n.clause != tok.clause);
        alone
            && !tok.quoted
            && is_first_name(&tok.norm)
            && !customer.as_ref().is_some_and(|c| c.is_exactly(&tok.norm))
            && !GREETING_ENDS.iter().any(|g| folded_eq(&prev.norm, g))
            && is_capitalized(&t.text, tok) == is_cased(&t.text)
    })
}

/// A word written like a first name that is in no list: a capital, then lower-case letters only
/// ("Kyle", «Зульфия»), so "ElectroMart", "TV" and "24/7" are not names.
fn name_shaped(text: &str, tok: &Token) -> bool {
    let Some(word) = text.get(tok.start..tok.end) else {
        return false;
    };
    let mut chars = word.chars();
    let n = word.chars().count();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_lowercase() || c == '-')
        && (2..=15).contains(&n)
}

/// Weak cues that introduce a person far more often than a company: "this is Kyle", "I'm Kyle",
/// «с вами Зульфия», "Kyle speaking". «Это …», "itt …", "you've reached …" and "you're through
/// to …" name the company as often as the agent («это Ромашка», "itt Villanyház"), so they still
/// need a listed first name.
const PERSON_CUES: &[&str] = &[
    "this is",
    "it's",
    "i'm",
    "im",
    "i am",
    "speaking",
    "here",
    "я",
    "с вами",
    "на связи",
    "вас приветствует",
    "вас консультирует",
    "вам отвечает",
    "оператор",
    "консультант",
    "менеджер",
    "специалист",
    "администратор",
    "vagyok",
    "beszél",
    "a nevem",
];

/// With no agent name on record, an unlisted first name in the agent's first turn, where the
/// frame says it is the agent's: after a person cue ("this is Kyle", "Kyle speaking") or alone
/// between commas after the company's name ("Hi, ElectroMart, Kyle."). The word must be written
/// like a name in cased text and not be one of the cue lists' non-names ("support", "billing").
fn unknown_name_in_frame(
    analysis: &Analysis<'_>,
    turn: usize,
) -> Option<(Range<usize>, &'static str)> {
    let s = SECTIONS.as_ref()?;
    let t = analysis.conversation.turns.get(turn)?;
    let tokens = &analysis.turns.get(turn)?.tokens;
    let text = t.text.as_str();
    if !is_cased(text) {
        return None;
    }
    let customer = party_name(analysis, Speaker::Customer);
    let name_like = |tok: &Token| {
        !tok.quoted
            && name_shaped(text, tok)
            && !s.not_a_name.iter().any(|w| folded_eq(&tok.norm, w))
            && !customer.as_ref().is_some_and(|c| c.is_exactly(&tok.norm))
            && !is_known_first_name(&tok.norm, turn_lang(analysis, turn))
    };
    let limit = tokens.len().min(BARE_NAME_TOKENS);
    for m in PHRASES.find_iter(tokens, 0, limit) {
        let cue = PHRASES.phrases()[m.phrase].text.trim_end_matches(" {}");
        if !PERSON_CUES
            .iter()
            .any(|c| c.chars().map(fold).eq(cue.chars().map(fold)))
            || tokens[m.start..m.end].iter().any(|t| t.quoted)
            || negated_at(tokens, m.start)
        {
            continue;
        }
        let at = if m.section == s.weak_after {
            m.slot
        } else if m.section == s.weak_before {
            m.start
                .checked_sub(1)
                .filter(|&p| tokens[p].clause == tokens[m.start].clause)
        } else {
            None
        };
        if let Some(i) = at
            && name_like(&tokens[i])
            && !clause_is_question(text, tokens, i)
        {
            return Some((
                m.start.min(i)..m.end.max(i + 1),
                "name: the agent gave a first name",
            ));
        }
    }
    let i = (1..limit).find(|&i| {
        let tok = &tokens[i];
        let prev = &tokens[i - 1];
        let alone =
            prev.clause != tok.clause && tokens.get(i + 1).is_none_or(|n| n.clause != tok.clause);
        // "Hello there! Homefinders, how can I help?", "Szia, Eszter! Örülünk, hogy…": a word
        // opening a sentence before a comma is no name said after the company's.
        alone
            && name_like(tok)
            && !GREETING_ENDS.iter().any(|g| folded_eq(&prev.norm, g))
            && !sentence_break_between(text, tokens, i - 1, i)
    })?;
    Some((
        i..i + 1,
        "name: the agent said a first name after the company's",
    ))
}

/// Last words of greetings: a name right after them addresses the customer.
const GREETING_ENDS: &[&str] = &[
    "день",
    "утро",
    "вечер",
    "здравствуйте",
    "привет",
    "приветствую",
    "дня",
    "уважаемая",
    "уважаемый",
    "napot",
    "reggelt",
    "estet",
    "delutant",
    "udvozlom",
    "szia",
    "kivanok",
    "kedves",
    "tisztelt",
    "hello",
    "hi",
    "hey",
    "there",
    "morning",
    "afternoon",
    "evening",
    "dear",
    "thanks",
    "thank",
    "you",
];

/// Token ranges where one of `companies` (each a list of normalised, folded words) is named; the last
/// word may be inflected («в компании Ромашки», "a Telekomnál"). Quotation marks do not matter:
/// Russian writes company names in «ёлочках».
fn company_mentions(
    tokens: &[Token],
    companies: &[Vec<String>],
    lang: Lang,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let found = companies.iter().find_map(|c| {
            let (last, head) = c.split_last()?;
            let end = i + c.len();
            let tail = tokens.get(i..end)?;
            let head_ok = head.iter().zip(tail).all(|(w, t)| folded_eq(&t.norm, w));
            (head_ok && is_form_of(last, &tail[tail.len() - 1].norm, lang)).then_some(end)
        });
        match found {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

fn push(
    analysis: &Analysis<'_>,
    out: &mut Vec<Finding>,
    turn: usize,
    tokens: &[Token],
    span: Range<usize>,
    note: String,
    confidence: f64,
) {
    let (Some(first), Some(last)) = (
        tokens.get(span.start),
        tokens.get(span.end.saturating_sub(1)),
    ) else {
        return;
    };
    if let Some(ev) = Evidence::span(analysis, turn, first.start, last.end) {
        out.push(Finding {
            detector: "introduction",
            note,
            confidence,
            evidence: vec![ev],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Conversation, Turn};

    fn intro_names(text: &str, lang: Lang) -> Vec<String> {
        let c = Conversation {
            turns: vec![Turn::new(Speaker::Agent, text)],
            ..Conversation::default()
        };
        let a = analyse(
            &c,
            &AnalyseOptions {
                language: Some(lang),
                ..AnalyseOptions::default()
            },
        );
        self_introductions(&a, 0, None)
            .into_iter()
            .map(|i| {
                a.turns[0].tokens[i.name]
                    .iter()
                    .map(|t| t.norm.clone())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn names_after_strong_and_weak_cues_are_read() {
        assert_eq!(
            intro_names("Добрый день, меня зовут Зульфия.", Lang::Ru),
            ["зульфия"]
        );
        assert_eq!(
            intro_names("Jó napot, Kovács Anna vagyok.", Lang::Hu),
            ["kovács anna"]
        );
        assert_eq!(
            intro_names("Hi, this is Anna Smith from Acme", Lang::En),
            ["anna smith"]
        );
        assert_eq!(intro_names("Szia, Annának hívnak", Lang::Hu), ["annának"]);
        assert_eq!(
            intro_names("Kovács Annával beszél", Lang::Hu),
            ["kovács annával"]
        );
    }

    #[test]
    fn weak_cues_before_ordinary_words_and_questions_are_not_introductions() {
        assert!(intro_names("Это важно, я вам перезвоню", Lang::Ru).is_empty());
        assert!(intro_names("Это Ольга?", Lang::Ru).is_empty());
        assert!(intro_names("Biztos vagyok benne", Lang::Hu).is_empty());
        assert!(intro_names("I'm sorry, this is taking long", Lang::En).is_empty());
    }
}
