//! `vague-promise`: the agent commits to doing something later without saying when («перезвоню в
//! ближайшее время», "hamarosan visszahívjuk", "we'll get back to you soon").
//!
//! The commitments themselves are found here for both promise detectors; `specific-promise`
//! reports the ones that carry a concrete time.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::offer::offers_in;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::match_negation::match_negated_or_quoted;
use crate::text::phrase_list::{PhraseList, fold, folded_eq, folded_starts_with};
use crate::text::time_expr::{self, TimeExpr, TimeKind};
use crate::text::{Token, negated_at};

const ID: &str = "vague-promise";

/// The three languages' lists in one: they share no words.
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

/// Hedge words (folded prefixes, `*` dropped) from the `[hedge]` sections.
static HEDGES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let list = &*PHRASES;
    let hedge = list.section("hedge");
    list.phrases()
        .iter()
        .filter(|p| Some(p.section) == hedge)
        .map(|p| p.text.trim_end_matches('*').chars().map(fold).collect())
        .collect()
});

/// How far before a commitment a negated hedge cancels it («не могу вам обещать, что перезвоню»).
const HEDGE_WINDOW: usize = 6;
/// How far before and after a commitment its time may stand («завтра до 12 я вам перезвоню»,
/// «перезвоню вам, как только получу ответ от склада, то есть завтра до обеда»).
const TIME_BEFORE: usize = 8;
const TIME_AFTER: usize = 12;
/// How far into the agent's next turn a time still answers "when?" («— А когда? — Завтра до 12»).
const NEXT_TURN_TOKENS: usize = 10;

/// A commitment by the agent, with the time attached to it if any.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Commitment {
    pub turn: usize,
    /// Token range of the commitment phrase.
    pub start: usize,
    pub end: usize,
    /// The time expression attached, with the turn it stands in.
    pub time: Option<(usize, TimeExpr)>,
}

impl Commitment {
    /// True when a concrete time is attached.
    pub fn is_specific(&self) -> bool {
        self.time.is_some_and(|(_, t)| t.kind == TimeKind::Concrete)
    }

    /// Evidence: the commitment and its time, as one span when they share a turn.
    pub fn evidence(&self, analysis: &Analysis<'_>) -> Vec<Evidence> {
        let Some(tokens) = analysis.turns.get(self.turn).map(|t| &t.tokens) else {
            return Vec::new();
        };
        let (mut s, mut e) = (self.start, self.end);
        let mut other = None;
        match self.time {
            Some((turn, t)) if turn == self.turn => {
                s = s.min(t.start);
                e = e.max(t.end);
            }
            Some((turn, t)) => other = Some((turn, t)),
            None => {}
        }
        let mut out: Vec<Evidence> =
            Evidence::span(analysis, self.turn, tokens[s].start, tokens[e - 1].end)
                .into_iter()
                .collect();
        if let Some((turn, t)) = other
            && let Some(ts) = analysis.turns.get(turn).map(|t| &t.tokens)
            && let Some(ev) = Evidence::span(analysis, turn, ts[t.start].start, ts[t.end - 1].end)
        {
            out.push(ev);
        }
        out
    }
}

/// True when a negated hedge stands shortly before token `start` («не могу обещать», "can't
/// promise", «nem tudom megígérni»), whatever the clause.
fn hedged(tokens: &[Token], start: usize) -> bool {
    (start.saturating_sub(HEDGE_WINDOW)..start).any(|j| {
        HEDGES
            .iter()
            .any(|h| folded_starts_with(&tokens[j].norm, h))
            && negated_at(tokens, j)
    })
}

/// True when a sentence ends between tokens `a` and `b` (a < b): «Сейчас его нет. Как появится,
/// отпишемся» — the «сейчас» is not the promise's time.
fn sentence_between(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    let (Some(x), Some(y)) = (tokens.get(a), tokens.get(b)) else {
        return true;
    };
    text.get(x.end..y.start)
        .is_some_and(|s| s.contains(['.', '!', '?', '\n']))
}

/// Conjunctions that make the verb after them a condition, not a commitment: «когда курьер
/// позвонит», "amint a futár jelentkezik", "once the engineer calls".
const CONDITIONS: &[&str] = &[
    "если",
    "когда",
    "пока",
    "ha",
    "amint",
    "mihelyt",
    "mielott",
    "miutan",
    "if",
    "when",
    "once",
    "until",
    "unless",
];
/// How far before a commitment verb a condition may stand in its clause.
const CONDITION_WINDOW: usize = 3;

/// True when the commitment at `start` sits in a condition clause («как только мастер
/// перезвонит», "ha a kolléga visszahívja").
fn in_condition(tokens: &[Token], start: usize) -> bool {
    let Some(at) = tokens.get(start) else {
        return false;
    };
    (start.saturating_sub(CONDITION_WINDOW)..start).any(|j| {
        let t = &tokens[j];
        let two_word = j > 0
            && ((t.norm == "только" && tokens[j - 1].norm == "как")
                || (t.norm == "soon" && tokens[j - 1].norm == "as"));
        t.clause == at.clause
            && (two_word
                || CONDITIONS.iter().any(|c| {
                    folded_starts_with(&t.norm, c) && t.norm.chars().count() == c.chars().count()
                }))
    })
}

/// Words that open a condition on whether there is anything to tell («если будет информация»,
/// "ha lesz információ", "if I hear anything").
const IF_WORDS: &[&str] = &["если", "ha", "if"];
/// What such a condition is about (folded prefixes): news, information, anything at all.
const NEWS: &[&str] = &[
    "информац",
    "новост",
    "что-то",
    "что-нибудь",
    "узна",
    "изменени",
    "informac",
    "hir",
    "valami",
    "ujsag",
    "fejlemeny",
    "megtud",
    "valtozas",
    "anything",
    "something",
    "news",
    "update",
    "hear",
    "information",
    "info",
];
/// How far from the commitment such a condition may stand, in its sentence.
const IF_NEWS_WINDOW: usize = 6;

/// True when the commitment at `start..end` holds only if there turns out to be something to tell
/// («Если будет информация, перезвоню», "Majd szólunk, ha lesz valami", "I'll call you if I hear
/// anything"): it promises nothing, as there may never be anything.
fn if_news(text: &str, tokens: &[Token], start: usize, end: usize) -> bool {
    let is_if = |t: &Token| IF_WORDS.iter().any(|w| folded_eq(&t.norm, w));
    let is_news = |t: &Token| NEWS.iter().any(|w| folded_starts_with(&t.norm, w));
    // Before: «если … новости, перезвоню»; the condition runs from its «если» to the commitment.
    let before = (start.saturating_sub(IF_NEWS_WINDOW)..start)
        .rev()
        .find(|&j| is_if(&tokens[j]))
        .filter(|&j| !sentence_between(text, tokens, j, start))
        .is_some_and(|j| tokens[j + 1..start].iter().any(is_news));
    // After: "I'll call you if I hear anything".
    let after = (end..tokens.len().min(end + IF_NEWS_WINDOW))
        .find(|&j| is_if(&tokens[j]))
        .filter(|&j| !sentence_between(text, tokens, end - 1, j))
        .is_some_and(|j| {
            tokens[j + 1..tokens.len().min(j + 1 + IF_NEWS_WINDOW)]
                .iter()
                .take_while(|t| t.clause == tokens[j].clause)
                .any(is_news)
        });
    before || after
}

/// Verbs of someone else's words: a commitment after them in the sentence is reported («коллега
/// сказал, что перезвонит», "a kollégám azt mondta, hogy visszahívja", "the note says an engineer
/// will call you"). Hungarian and English forms are third person only; Russian «сказал» is also
/// the first person's, so an «я»/«мы» before it keeps the agent's own «как я сказал, перезвоню».
const REPORTING: &[&str] = &[
    "сказал",
    "сказала",
    "сказали",
    "обещал",
    "обещала",
    "обещали",
    "написал",
    "написала",
    "написали",
    "mondta",
    "mondtak",
    "irta",
    "irtak",
    "igerte",
    "igertek",
    "jelezte",
    "kozolte",
    "said",
    "says",
    "told",
    "wrote",
    "writes",
    "promised",
    "mentioned",
];
/// How far before a commitment the reporting verb may stand, in its sentence.
const REPORTED_WINDOW: usize = 8;

/// True when the commitment at `start` is someone else's words reported by the agent.
fn reported(text: &str, tokens: &[Token], start: usize) -> bool {
    (start.saturating_sub(REPORTED_WINDOW)..start).any(|j| {
        REPORTING.iter().any(|r| folded_eq(&tokens[j].norm, r))
            && !sentence_between(text, tokens, j, start)
            // "As I said, I'll call you tomorrow" keeps the agent's own promise.
            && !(j.saturating_sub(2)..j)
                .any(|k| matches!(tokens[k].norm.as_str(), "я" | "мы" | "i" | "we"))
    })
}

/// Short words that make a closing question a tag on a statement: "I'll send it today, okay?",
/// «Перезвоню завтра, хорошо?», "Holnap visszahívom, jó?".
const TAGS: &[&str] = &[
    "ok",
    "okay",
    "alright",
    "right",
    "all",
    "fine",
    "yes",
    "is",
    "that",
    "does",
    "work",
    "for",
    "you",
    "jo",
    "rendben",
    "megfelel",
    "igy",
    "lesz",
    "ладно",
    "хорошо",
    "да",
    "договорились",
    "идет",
    "устроит",
    "вас",
    "так",
];

/// True when the commitment at `start` stands in a question («Перезвоним вам завтра?»,
/// "Visszahívjuk holnap délelőtt, vagy inkább ön telefonál?", "Shall we send it today?"): it
/// offers, it commits to nothing until the customer says yes. A question tag after a statement
/// ("…, okay?") does not make it one.
fn asked(text: &str, tokens: &[Token], start: usize) -> bool {
    // The sentence's last token and the text after it.
    let mut last = start;
    while last + 1 < tokens.len() && !sentence_between(text, tokens, last, last + 1) {
        last += 1;
    }
    let after = match tokens.get(last + 1) {
        Some(next) => text.get(tokens[last].end..next.start),
        None => text.get(tokens[last].end..),
    };
    if !after.is_some_and(|s| s.trim_start().starts_with('?')) {
        return false;
    }
    let final_clause = tokens[last].clause;
    let in_final = tokens[start].clause == final_clause;
    in_final
        || !tokens[start..=last]
            .iter()
            .filter(|t| t.clause == final_clause)
            .all(|t| TAGS.iter().any(|w| folded_eq(&t.norm, w)))
}

/// Words for "now": an answer when they open the next turn («— А когда? — Сейчас.», "Right
/// now."), a description of the present further in ("I've put it in. It's with them now").
const NOW: &[&str] = &[
    "сейчас",
    "прямо",
    "now",
    "right",
    "most",
    "azonnal",
    "immediately",
];
/// How many tokens into the next turn a "now" still answers the customer's "when?".
const NOW_AT_START: usize = 3;

/// True when a time in the agent's next turn is only a "now" said after that turn's opening
/// words: it describes where things stand, it does not date the promise before it.
fn present_state(tokens: &[Token], e: &TimeExpr) -> bool {
    e.start >= NOW_AT_START
        && tokens
            .get(e.start..e.end)
            .is_some_and(|ts| ts.iter().all(|t| NOW.contains(&t.norm.as_str())))
}

/// True when the commitment verb at `start` is «давайте» + a first-person plural: «давайте
/// разберёмся», «давайте сделаем так» propose doing something together now, they promise nothing
/// for later. («Давайте я вам перезвоню» keeps its «я» and stays a commitment.)
fn proposal(tokens: &[Token], start: usize) -> bool {
    let Some(verb) = tokens.get(start) else {
        return false;
    };
    let plural = ["ем", "им", "емся", "имся"]
        .iter()
        .any(|e| verb.norm.ends_with(e));
    plural
        && (start.saturating_sub(2)..start).any(|j| {
            let t = &tokens[j];
            t.clause == verb.clause && matches!(t.norm.as_str(), "давайте" | "давай")
        })
}

/// True when the verb at `start..end` is the sending itself, done in this very message
/// («Mellékelten küldöm a számlát», "I'm sending you the invoice attached", «направляю вам
/// счёт во вложении»): Hungarian says "I send" for "I will send", and only the attachment tells
/// that the promise is already kept.
fn enclosed(tokens: &[Token], start: usize, end: usize) -> bool {
    let Some(verb) = tokens.get(start) else {
        return false;
    };
    let from = start.saturating_sub(4);
    let to = (end + 6).min(tokens.len());
    tokens[from..to].iter().any(|t| {
        t.clause == verb.clause && {
            let w = t.norm.as_str();
            w.starts_with("mellékel")
                || w.starts_with("csatol")
                || w.starts_with("вложени")
                || matches!(w, "herewith" | "enclosed" | "attached" | "alábbiakban")
        }
    })
}

/// The time expression attached to a commitment at `start..end` in the same sentence: the nearest
/// concrete one in the window, else the nearest vague one.
fn attached(
    text: &str,
    tokens: &[Token],
    times: &[TimeExpr],
    start: usize,
    end: usize,
) -> Option<TimeExpr> {
    let near: Vec<&TimeExpr> = times
        .iter()
        .filter(|t| t.end + TIME_BEFORE >= start && t.start < end + TIME_AFTER)
        .filter(|t| {
            if t.start >= end {
                !sentence_between(text, tokens, end - 1, t.start)
            } else {
                !sentence_between(text, tokens, t.end - 1, start)
            }
        })
        .collect();
    let distance = |t: &TimeExpr| {
        if t.start >= end {
            t.start - end
        } else {
            start.saturating_sub(t.end)
        }
    };
    // A time in the commitment's own clause is its time, even a vague one: in «перезвоню завтра
    // до обеда, а договор пришлю в ближайшее время» the contract is promised "soon", not
    // "tomorrow". Only without one does a time across a clause boundary count.
    let clause = tokens.get(start).map(|t| t.clause);
    let own: Vec<&TimeExpr> = near
        .iter()
        .copied()
        .filter(|t| tokens.get(t.start).map(|x| x.clause) == clause)
        .collect();
    let pool = if own.is_empty() { &near } else { &own };
    pool.iter()
        .filter(|t| t.kind == TimeKind::Concrete)
        .min_by_key(|t| distance(t))
        .or_else(|| pool.iter().min_by_key(|t| distance(t)))
        .map(|t| **t)
}

/// Words of a refusal in the customer's turn before a proposal («Нет, не надо», "no thanks",
/// "nem kérem").
const REFUSALS: &[&str] = &[
    "нет",
    "не надо",
    "не нужно",
    "не нужна",
    "не нужен",
    "не хочу",
    "no",
    "not interested",
    "don't want",
    "nem",
    "nem kerem",
    "nem kell",
];

/// True when the customer's turn right before `turn` refuses («Нет, правда, не надо»).
fn refused_before(analysis: &Analysis<'_>, turn: usize) -> bool {
    let Some(prev) = turn.checked_sub(1) else {
        return false;
    };
    let turns = &analysis.conversation.turns;
    let (Some(t), Some(ta)) = (turns.get(prev), analysis.turns.get(prev)) else {
        return false;
    };
    if t.speaker != Speaker::Customer {
        return false;
    }
    let words: Vec<String> = ta
        .tokens
        .iter()
        .map(|t| t.norm.chars().map(fold).collect())
        .collect();
    REFUSALS.iter().any(|r| {
        let r: Vec<&str> = r.split(' ').collect();
        words
            .windows(r.len())
            .any(|w| w.iter().zip(&r).all(|(a, b)| a == b))
    })
}

/// How far before the verb «давайте» may stand («Давайте я всё же оформлю»).
const PROPOSAL_WINDOW: usize = 4;

/// True when the commitment at `start` is a «давай(те) я…» proposal made right after the
/// customer said no («Давайте я просто оформлю»): it asks again, it commits to nothing.
fn refused_proposal(analysis: &Analysis<'_>, turn: usize, tokens: &[Token], start: usize) -> bool {
    (start.saturating_sub(PROPOSAL_WINDOW)..start)
        .any(|j| matches!(tokens[j].norm.as_str(), "давайте" | "давай" | "let"))
        && refused_before(analysis, turn)
}

/// English verbs that, after "and" following a commitment, are a second commitment of the same
/// subject ("I'll cancel it and refund the £3").
const COORDINATED: &[&str] = &[
    "refund",
    "send",
    "email",
    "call",
    "credit",
    "replace",
    "fix",
    "text",
    "post",
    "ship",
    "deliver",
    "arrange",
    "book",
    "cancel",
    "return",
    "reimburse",
    "waive",
    "reset",
    "update",
];

/// Token indices of verbs coordinated with the commitment ending at `end`: "and (also) refund…",
/// in the same sentence.
fn coordinated(text: &str, tokens: &[Token], end: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = end;
    while k + 1 < tokens.len() && !sentence_between(text, tokens, k - 1, k) {
        if tokens[k].norm == "and" {
            let mut v = k + 1;
            if tokens
                .get(v)
                .is_some_and(|t| matches!(t.norm.as_str(), "also" | "then"))
            {
                v += 1;
            }
            if tokens
                .get(v)
                .is_some_and(|t| COORDINATED.contains(&t.norm.as_str()))
            {
                out.push(v);
            }
        }
        k += 1;
    }
    out
}

/// Words of the customer's "when?" («когда», "mikor", "when") and of what they wait for
/// (arrival, delivery, repair): an agent turn that opens with a concrete time answers it with a
/// commitment («— Mikor ér ide? — Holnapután délelőtt»). "When do you close?" is not one.
const WHEN: &[&str] = &["когда", "mikor", "when"];
const AWAITED: &[&str] = &[
    "прид",
    "привез",
    "приед",
    "достав",
    "будет",
    "верн",
    "почин",
    "дадут",
    "включ",
    "готов",
    "ideer",
    "erkez",
    "hoz",
    "kesz",
    "megkap",
    "kiszall",
    "arriv",
    "come",
    "get",
    "deliver",
    "ready",
    "fixed",
    "back",
    "here",
];
/// How far into the agent's answer its time may start.
const ANSWER_AT_START: usize = 2;

/// True when the customer's turn right before `turn` asks when something awaited will happen.
fn asks_when(analysis: &Analysis<'_>, turn: usize) -> bool {
    let Some(prev) = turn.checked_sub(1) else {
        return false;
    };
    let turns = &analysis.conversation.turns;
    let (Some(t), Some(ta)) = (turns.get(prev), analysis.turns.get(prev)) else {
        return false;
    };
    t.speaker == Speaker::Customer
        && t.text.contains('?') | !crate::text::surface::is_cased(&t.text)
        && ta.tokens.iter().any(|w| WHEN.contains(&w.norm.as_str()))
        && ta.tokens.iter().any(|w| {
            AWAITED.iter().any(|a| folded_starts_with(&w.norm, a))
                || AWAITED_WORDS.iter().any(|a| folded_eq(&w.norm, a))
        })
}

/// Short words of [`AWAITED`] matched whole: as prefixes "ér" would take «érdekel».
const AWAITED_WORDS: &[&str] = &["er", "ide", "jon", "jonnek"];

/// Every commitment the agent makes, in order.
pub(crate) fn commitments<'a>(analysis: &'a Analysis<'_>) -> &'a [Commitment] {
    analysis
        .commitments
        .get_or_init(|| find_commitments(analysis))
}

fn find_commitments(analysis: &Analysis<'_>) -> Vec<Commitment> {
    let list = &*PHRASES;
    let commit = list.section("commit");
    let due = list.section("due");
    let turns = &analysis.conversation.turns;
    let agent_turns: Vec<usize> = analysis.turn_indices(Speaker::Agent).collect();
    let mut out = Vec::new();
    for (n, &turn) in agent_turns.iter().enumerate() {
        let (Some(t), Some(ta)) = (turns.get(turn), analysis.turns.get(turn)) else {
            continue;
        };
        let tokens = &ta.tokens;
        let mut times: Option<Vec<TimeExpr>> = None;
        let before = out.len();
        // In a turn that makes an offer, "you'll get…" describes what the offer gives.
        let mut offered: Option<bool> = None;
        let mut found: Vec<(usize, usize, bool)> = Vec::new();
        // Verbs coordinated after "and": their time follows them ("cancel it now and refund it
        // by Friday": "now" is the cancelling's).
        let mut second: Vec<usize> = Vec::new();
        for m in list.find_iter(tokens, 0, tokens.len()) {
            let is_due = due.is_some() && Some(m.section) == due;
            if (Some(m.section) != commit && !is_due)
                || match_negated_or_quoted(list, &m, tokens)
                || hedged(tokens, m.start)
                || in_condition(tokens, m.start)
                || if_news(&t.text, tokens, m.start, m.end)
                || reported(&t.text, tokens, m.start)
                || asked(&t.text, tokens, m.start)
                || proposal(tokens, m.start)
                || enclosed(tokens, m.start, m.end)
                || refused_proposal(analysis, turn, tokens, m.start)
            {
                continue;
            }
            found.push((m.start, m.end, is_due));
            for v in coordinated(&t.text, tokens, m.end) {
                found.push((v, v + 1, false));
                second.push(v);
            }
        }
        // Hungarian «él» ("is live": «holnaptól él az új csomag») is read by its accented form
        // only: folded it would be the verb prefix «el», which is everywhere.
        for (k, tok) in tokens.iter().enumerate() {
            if tok.norm == "él" && !tok.quoted && !negated_at(tokens, k) {
                found.push((k, k + 1, true));
            }
        }
        found.sort_unstable();
        found.dedup_by_key(|f| f.0);
        for (start, end, is_due) in found {
            let m = MatchSpan { start, end };
            let times = times.get_or_insert_with(|| time_expr::find(&t.text, tokens));
            let mut time = if second.contains(&m.start) {
                let later: Vec<TimeExpr> =
                    times.iter().filter(|e| e.start >= m.end).copied().collect();
                attached(&t.text, tokens, &later, m.start, m.end)
            } else {
                attached(&t.text, tokens, times, m.start, m.end)
            }
            .map(|e| (turn, e));
            if time.is_none_or(|(_, e)| e.kind != TimeKind::Concrete)
                && let Some(&next) = agent_turns.get(n + 1)
                && next <= turn + 2
                && let (Some(nt), Some(na)) = (turns.get(next), analysis.turns.get(next))
            {
                let head = &na.tokens[..na.tokens.len().min(NEXT_TURN_TOKENS)];
                if let Some(e) = time_expr::find(&nt.text, head)
                    .into_iter()
                    .find(|e| e.kind == TimeKind::Concrete && !present_state(&na.tokens, e))
                {
                    time = Some((next, e));
                }
            }
            // A delivery said impersonally ("it'll be live", «скорость изменится», "ott lesz")
            // is a commitment only with its deadline; without one it describes, it promises
            // nothing.
            if is_due
                && (!time.is_some_and(|(at, e)| {
                    e.kind == TimeKind::Concrete && !until(analysis, at, &e)
                }) || *offered.get_or_insert_with(|| !offers_in(analysis, turn).is_empty()))
            {
                continue;
            }
            out.push(Commitment {
                turn,
                start: m.start,
                end: m.end,
                time,
            });
        }
        // A verbless answer to the customer's "when?": the time is the commitment.
        if out.len() == before && asks_when(analysis, turn) {
            let times = times.get_or_insert_with(|| time_expr::find(&t.text, tokens));
            if let Some(e) = times
                .iter()
                .find(|e| e.kind == TimeKind::Concrete && e.start <= ANSWER_AT_START)
            {
                out.push(Commitment {
                    turn,
                    start: e.start,
                    end: e.end,
                    time: Some((turn, *e)),
                });
            }
        }
    }
    out
}

/// True when the time starts with "until" / "till": how long something lasts ("late checkout
/// until 4 pm"), not when it will be delivered.
fn until(analysis: &Analysis<'_>, turn: usize, e: &TimeExpr) -> bool {
    analysis
        .turns
        .get(turn)
        .and_then(|ta| ta.tokens.get(e.start))
        .is_some_and(|t| matches!(t.norm.as_str(), "until" | "till"))
}

/// A commitment's token range before its time is attached.
struct MatchSpan {
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct VaguePromise;

impl Detector for VaguePromise {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "The agent promises to do something later without a concrete time («перезвоню в ближайшее время», \"hamarosan visszahívjuk\", \"we'll get back to you soon\"): a promise without a deadline cannot be kept or checked."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        for c in commitments(analysis) {
            if c.is_specific() {
                continue;
            }
            let evidence = c.evidence(analysis);
            let Some(first) = evidence.first() else {
                continue;
            };
            out.push(Finding {
                detector: ID,
                note: format!(
                    "the agent made a commitment with no concrete time: «{}» (turn {})",
                    first.quote,
                    c.turn + 1
                ),
                confidence: 0.75,
                evidence,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_line_parses_into_a_phrase() {
        for text in [
            include_str!("phrases.ru.txt"),
            include_str!("phrases.hu.txt"),
            include_str!("phrases.en.txt"),
        ] {
            assert_eq!(PHRASES.missing_lines(text), Vec::<&str>::new());
        }
        assert!(!HEDGES.is_empty());
    }

    /// How many commitments one agent turn makes.
    fn count(lang: &str, agent: &str) -> usize {
        let c: crate::conversation::Conversation = serde_json::from_value(serde_json::json!({
            "id": "t", "channel": "call", "language": lang,
            "turns": [
                {"speaker": "customer", "text": "Hello"},
                {"speaker": "agent", "text": agent},
            ],
        }))
        .unwrap();
        let a = crate::analysis::analyse(&c, &crate::analysis::AnalyseOptions::default());
        commitments(&a).len()
    }

    #[test]
    fn each_commitment_keeps_the_time_of_its_own_clause() {
        for (lang, text) in [
            (
                "ru",
                "Перезвоню вам завтра до обеда, а договор пришлю в ближайшее время.",
            ),
            (
                "hu",
                "Holnap délig visszahívom, a szerződést pedig hamarosan elküldjük.",
            ),
            (
                "en",
                "I'll call you back tomorrow before noon, and we'll send the contract as soon as possible.",
            ),
        ] {
            let c: crate::conversation::Conversation = serde_json::from_value(serde_json::json!({
                "id": "t", "channel": "call", "language": lang,
                "turns": [
                    {"speaker": "customer", "text": "Hello"},
                    {"speaker": "agent", "text": text},
                ],
            }))
            .unwrap();
            let a = crate::analysis::analyse(&c, &crate::analysis::AnalyseOptions::default());
            let specific: Vec<bool> = commitments(&a).iter().map(|c| c.is_specific()).collect();
            assert_eq!(specific, [true, false], "{text}");
        }
    }

    #[test]
    fn sending_it_with_this_very_message_is_no_promise() {
        for (lang, text) in [
            ("hu", "Mellékelten küldöm a rendelés számláját."),
            ("hu", "Csatoltan küldjük a szerződést, kérjük, írja alá."),
            ("en", "I'm sending you the invoice attached to this email."),
            ("ru", "Отправляем вам договор во вложении."),
        ] {
            assert_eq!(count(lang, text), 0, "{text}");
        }
        // Without the attachment it is still a promise (Hungarian present for future).
        assert_eq!(count("hu", "Holnap küldöm a számlát."), 1);
        assert_eq!(
            count("hu", "A számlát holnap küldöm, a szerződés csatolva lesz."),
            1
        );
    }

    #[test]
    fn conditions_on_news_reported_words_and_questions_commit_to_nothing() {
        for (lang, text) in [
            ("ru", "Если будет информация, перезвоню."),
            ("hu", "Ha lesz információ, visszahívom."),
            ("hu", "Majd szólunk, ha lesz valami."),
            ("en", "If I hear anything, I'll call you."),
            ("en", "I'll call you if there's any news."),
            ("ru", "Коллега сказал, что перезвонит вам завтра."),
            ("hu", "A kollégám azt mondta, hogy holnap visszahívja."),
            ("en", "The note says an engineer will call you on Tuesday."),
            ("ru", "Перезвоним вам завтра?"),
            (
                "hu",
                "Visszahívjuk holnap délelőtt, vagy inkább ön telefonál?",
            ),
            (
                "en",
                "We'll call you back tomorrow, or would you rather ring us?",
            ),
        ] {
            assert_eq!(count(lang, text), 0, "{text}");
        }
        // What stays a commitment: a condition on an awaited event, the agent's own words
        // repeated, a question tag after a statement.
        for (lang, text) in [
            ("en", "When it comes in, we'll text you."),
            ("ru", "Как я и сказал, перезвоню завтра до обеда."),
            ("en", "As I said, I'll send it today."),
            ("en", "I'll send it today, okay?"),
            ("hu", "Holnap visszahívom, jó?"),
        ] {
            assert_eq!(count(lang, text), 1, "{text}");
        }
    }

    #[test]
    fn everyday_phrasings_are_commitments() {
        for (lang, text) in [
            ("en", "I will email you tomorrow."),
            ("en", "We'll get that sent out to you today."),
            ("en", "I'm going to email you the details tonight."),
            ("en", "You'll hear from us by Friday."),
            ("hu", "Holnap délre elkészül az autó."),
            ("hu", "Még ma intézkedem."),
            ("hu", "Hétfőn délelőtt visszahívunk."),
        ] {
            assert_eq!(count(lang, text), 1, "{text}");
        }
    }
}
