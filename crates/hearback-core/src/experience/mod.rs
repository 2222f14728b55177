//! The customer's experience of one conversation: how their mood moved, whether the matter
//! ended resolved, and how likely they leave dissatisfied — including the silent ones.
//!
//! 96% of dissatisfied customers never complain (seed 003); they say «ладно, понятно, спасибо»
//! and go. So dissatisfaction here is not "the customer complained": it weighs how the
//! customer's own turns sound (the learned sentiment and emotion of each customer turn, passed
//! in as [`Feeling`]s by whoever ran the models), where the mood ended, and the customer-side
//! findings (effort, polite resignation, complaints, threats). `silent_dissatisfaction` is the
//! case the business never hears about: likely dissatisfied, and no explicit complaint or threat.
//!
//! Why a fixed logistic formula and not a trained model: there is no labelled corpus of real
//! ru/hu/en customer-service conversations. The weights are set so each reason moves the
//! probability by an amount a QA specialist can check, and measured on the USS dialogue-level
//! ratings (`hearback eval uss-dialogue`); every reason is listed with its evidence.
//!
//! Nothing here counts against the agent: these are facts about the customer.

pub mod fixture;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::{Evidence, Finding};

/// What the learned signals say of one turn (hearback-signals' sentiment and emotion).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Feeling {
    pub negative: f32,
    pub positive: f32,
    pub anger: f32,
    pub joy: f32,
}

impl Feeling {
    /// Sentiment on one axis: −1 (all negative) … +1 (all positive).
    pub fn valence(&self) -> f64 {
        f64::from(self.positive) - f64::from(self.negative)
    }
}

/// How the conversation ended for the customer's matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    Resolved,
    Unresolved,
    /// Too little to tell (no customer turns, or a neutral ending without either sign).
    Unclear,
}

/// One reason the customer may leave dissatisfied, with the words behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// `negative_end`, `mood_fell`, `anger`, `effort`, `polite_resignation`, `complaint`,
    /// `churn_threat`, `escalation_threat`, `unresolved`.
    pub kind: &'static str,
    pub note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// The customer's side of one conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Experience {
    /// P(the customer leaves dissatisfied).
    pub dissatisfaction: f64,
    /// Likely dissatisfied (≥ 0.5) and said no explicit complaint or threat.
    pub silent_dissatisfaction: bool,
    /// Mean valence (−1 … +1) of the customer's turns in the first quarter of the conversation.
    pub sentiment_start: Option<f64>,
    /// … and in the last quarter.
    pub sentiment_end: Option<f64>,
    /// Each quarter of the customer's turns (by order); `None` for a quarter without one.
    pub sentiment_quarters: [Option<f64>; 4],
    pub resolution: Resolution,
    pub reasons: Vec<Reason>,
}

/// Words of a ritual ending («Нет, это всё. Спасибо, до свидания», "Nem, ennyi. Szép napot!",
/// "No, that's it. Thanks."): the answer to "anything else?" and the goodbye say nothing about
/// how the customer feels, yet a sentiment model reads "no" as negative and "thanks" as
/// positive. Folded (no accents, ё → е).
const RITUAL: &[&str] = &[
    // ru
    "нет",
    "да",
    "все",
    "это",
    "ничего",
    "больше",
    "спасибо",
    "большое",
    "благодарю",
    "до",
    "свидания",
    "всего",
    "доброго",
    "хорошего",
    "дня",
    "вечера",
    "пока",
    "нужно",
    "надо",
    "пожалуйста",
    "вам",
    "тоже",
    "и",
    "вопросов",
    "нету",
    "понятно",
    "ясно",
    // hu
    "nem",
    "igen",
    "ennyi",
    "volt",
    "mast",
    "semmi",
    "koszonom",
    "koszi",
    "szepen",
    "szep",
    "napot",
    "estet",
    "viszonthallasra",
    "viszlat",
    "minden",
    "kerem",
    "onnek",
    "is",
    "tovabbi",
    "kivanok",
    "jo",
    "mar",
    "egyeb",
    // en
    "no",
    "yes",
    "that's",
    "thats",
    "it",
    "all",
    "nothing",
    "else",
    "thanks",
    "thank",
    "you",
    "bye",
    "goodbye",
    "have",
    "a",
    "nice",
    "good",
    "great",
    "day",
    "evening",
    "cheers",
    "for",
    "your",
    "help",
    "too",
    "i",
    "need",
    "don't",
    "dont",
    "today",
    "that",
    "is",
    "ok",
    "okay",
];

/// True when a customer turn is only a ritual ending: it is left out of the mood.
pub fn is_ritual(text: &str) -> bool {
    let words = folded_words(text);
    !words.is_empty() && words.len() <= 10 && words.iter().all(|w| RITUAL.contains(&w.as_str()))
}

/// The words of `text`, lowercased and folded (no accents, ё → е, ’ → ').
fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.to_lowercase()
                .replace('’', "'")
                .replace('ё', "е")
                .chars()
                .map(crate::text::phrase_list::fold)
                .collect::<String>()
        })
        .collect()
}

/// True when one of `phrases` (folded, words separated by single spaces) stands in `text` as
/// whole words.
fn says(text: &str, phrases: &'static [&'static str]) -> Option<&'static str> {
    let padded = format!(" {} ", folded_words(text).join(" "));
    phrases
        .iter()
        .copied()
        .find(|p| padded.contains(&format!(" {p} ")))
}

/// Litotes: a customer's satisfaction said through a negated negative («не жалуюсь», «semmi
/// gond», "can't complain"). A bag-of-words sentiment model reads the negative word; the
/// customer means "fine". Folded.
const LITOTES: &[&str] = &[
    // ru
    "не жалуюсь",
    "жаловаться не на что",
    "никаких проблем",
    "без проблем",
    "проблем нет",
    "претензий нет",
    "никаких претензий",
    "ничего страшного",
    "неплохо",
    "не плохо",
    // hu
    "nem panaszkodom",
    "nem panaszkodhatok",
    "semmi gond",
    "semmi problema",
    "nincs gond",
    "nincs semmi gond",
    "nincs problema",
    "nem rossz",
    "nem volt rossz",
    // en
    "can't complain",
    "cant complain",
    "no complaints",
    "no problem",
    "no problems",
    "not bad",
    "no worries",
    "nothing wrong",
];

/// What an agent says when the customer's request is not going to be met in this contact: a
/// refusal («к сожалению», "I'm afraid", «sajnos»), "we can't", "call back later", "that's not
/// our department", "I don't know". Heard late in the conversation and not followed by a
/// customer who sounds clearly pleased, the matter ended unresolved, however politely the
/// customer said goodbye. Folded.
const REFUSAL: &[&str] = &[
    // ru
    "к сожалению",
    "не можем",
    "не могу",
    "не получится",
    "невозможно",
    "нет возможности",
    "не предусмотрен",
    "не предусмотрено",
    "не положено",
    "не обслуживаем",
    "перезвоните",
    "не знаю",
    "не к нам",
    "ничем не могу",
    // hu
    "sajnos",
    "nem tudok",
    "nem tudunk",
    "nem tudjuk",
    "nem tudom",
    "nem lehet",
    "nincs lehetoseg",
    "nem all modunkban",
    "hivjon vissza",
    "nem hozzank tartozik",
    // en
    "unfortunately",
    "i'm afraid",
    "i am afraid",
    "we can't",
    "we cannot",
    "i can't",
    "i cannot",
    "we couldn't",
    "i couldn't",
    "not possible",
    "unable to",
    "call back",
    "i don't know",
    "that's not us",
    "nothing else i can",
    "nothing more we can",
];

/// The customer-side detectors the experience reads, by id.
const COMPLAINT: &str = "complaint";
const RESIGNATION: &str = "polite-resignation";
const EFFORT: &str = "effort";
const CHURN: &str = "churn-threat";
const ESCALATION: &str = "escalation-threat";
const WOW: &str = "wow";
const ABUSE: &str = "abusive-customer";
/// The agent's offer of something instead: a refusal that comes with one is not a dead end.
const OFFER: &str = "offer";

/// An alternative in the same breath as a refusal («…но могу предложить», «de azt tudom
/// javasolni», "but I can offer"): the customer may well get what they need. Folded.
const ALTERNATIVE: &[&str] = &[
    // ru
    "но могу",
    "но можем",
    "могу предложить",
    "можем предложить",
    // hu
    "de tudok",
    "de tudunk",
    "tudom javasolni",
    "javasolni tudom",
    "tudok ajanlani",
    "ajanlani tudok",
    "javasolhatom",
    // en
    "but i can",
    "but we can",
    "i can offer",
    "we can offer",
];

/// "Nothing else I can offer": the words of an alternative, said to deny one. Folded.
const NO_ALTERNATIVE: &[&str] = &[
    // ru
    "ничего не могу предложить",
    "ничего предложить не могу",
    "нечего предложить",
    // hu
    "nem tudok ajanlani",
    "mast nem tudok",
    "nem tudok mast",
    "nincs mit ajanlanom",
    // en
    "nothing else i can",
    "nothing i can",
    "nothing more i can",
    "nothing else we can",
    "nothing we can",
];

/// A customer turn at or above this sounds clearly pleased (after [`mood`]'s corrections).
const PLEASED: f64 = 0.5;
/// A negated negative («не жалуюсь») reads at least this well.
const LITOTES_FLOOR: f64 = 0.3;
/// How much of a question's negative reading is kept: the fast models lean negative on plain
/// questions («Mikor jön a szerelő?» reads −0.40), which say what the customer wants, not how
/// they feel.
const QUESTION_KEEP: f64 = 0.5;
/// How much of a positive reading is kept when the turn ends in a ritual thanks after words of
/// its own («Ну раз в договоре, значит, в договоре. Понятно. Спасибо.»): the thanks lifts the
/// model's reading whether or not the matter was solved.
const THANKS_KEEP: f64 = 0.5;
/// Words of content at which a turn's reading counts in full; fewer count in proportion («Megy.»
/// — it works — reads −0.69: one word is little evidence).
const FULL_WORDS: f64 = 3.0;

/// The mood (−1 … +1) of one customer turn: the model's valence, corrected for what the fast
/// models are known to misread. `None` for a turn that says nothing about the customer's mood:
/// empty, a ritual ending, or figures dictated (account numbers, amounts, codes).
pub fn mood(text: &str, feeling: &Feeling) -> Option<f64> {
    if text.trim().is_empty() || is_ritual(text) {
        return None;
    }
    let words = folded_words(text);
    let content = words
        .iter()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .count();
    if content < words.len() && content <= 2 {
        return None;
    }
    let mut v = feeling.valence();
    if says(text, LITOTES).is_some() {
        v = v.max(LITOTES_FLOOR);
    }
    if v < 0.0 && text.trim_end().ends_with('?') {
        v *= QUESTION_KEEP;
    }
    if v > 0.0 && ends_in_ritual_thanks(text) {
        v *= THANKS_KEEP;
    }
    Some(v * (content as f64 / FULL_WORDS).min(1.0))
}

/// True when the last sentence of `text` is a ritual ending and an earlier one is not.
fn ends_in_ritual_thanks(text: &str) -> bool {
    let sentences: Vec<&str> = text
        .split(['.', '!', '?', '…', '\n'])
        .filter(|s| !s.trim().is_empty())
        .collect();
    match sentences.split_last() {
        Some((last, before)) => is_ritual(last) && before.iter().any(|s| !is_ritual(s)),
        None => false,
    }
}

/// The index of the turn before `turn` that has any text.
fn previous_turn(analysis: &Analysis<'_>, turn: usize) -> Option<usize> {
    (0..turn)
        .rev()
        .find(|&i| !analysis.conversation.turns[i].text.trim().is_empty())
}

/// Below this the customer's last quarter sounds unhappy. Clearly below zero: the fast sentiment
/// models lean negative on plain questions and figures (docs/models.md), so a mildly negative
/// reading is no evidence.
const NEGATIVE_END: f64 = -0.5;
/// A fall of this much from the first quarter to the last is a mood that soured.
const FALL: f64 = 0.4;
/// An angry customer turn.
const ANGRY: f32 = 0.5;

/// The weights of the logistic formula: the log-odds each reason adds. The intercept makes a
/// conversation with no sign either way about 20% likely dissatisfied (about the share of
/// ratings ≤ 2 in USS); one clear sign takes it past one half, two to about 0.8.
const INTERCEPT: f64 = -1.4;
const W_NEGATIVE_END: f64 = 1.2;
const W_VALENCE_END: f64 = -0.6;
const W_FELL: f64 = 0.7;
const W_ANGER: f64 = 0.8;
const W_EFFORT: f64 = 1.0;
const W_RESIGNATION: f64 = 2.0;
const W_COMPLAINT: f64 = 2.0;
const W_THREAT: f64 = 2.2;
const W_UNRESOLVED: f64 = 0.9;
const W_RESOLVED: f64 = -0.8;
const W_WOW: f64 = -2.5;
const W_ABUSE: f64 = 1.5;
const W_REFUSED: f64 = 0.9;
const W_HOLLOW: f64 = 1.0;

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn first_evidence(findings: &[&Finding]) -> Option<Evidence> {
    findings.first().and_then(|f| f.evidence.first().cloned())
}

/// The customer's experience of `analysis`, from the findings of every detector and the
/// learned [`Feeling`] of each customer turn (`analysis.feelings`; empty when no model ran,
/// and then only the findings speak).
pub fn assess(analysis: &Analysis<'_>, findings: &[Finding]) -> Experience {
    let turns = &analysis.conversation.turns;
    let customer: Vec<usize> = analysis.turn_indices(Speaker::Customer).collect();
    // (turn, mood, feeling) of the customer turns a model has read and that carry mood.
    let mut felt: Vec<(usize, f64, Feeling)> = customer
        .iter()
        .filter_map(|&i| {
            let f = (*analysis.feelings.get(i)?)?;
            Some((i, mood(&turns.get(i)?.text, &f)?, f))
        })
        .collect();

    let by = |id: &str| -> Vec<&Finding> { findings.iter().filter(|f| f.detector == id).collect() };
    let (complaints, resignation, effort) = (by(COMPLAINT), by(RESIGNATION), by(EFFORT));
    let (churn, escalation, wow) = (by(CHURN), by(ESCALATION), by(WOW));
    let abuse = by(ABUSE);

    // The agent's last word on the matter: a refusal or a deferral in one of their last two
    // turns (the very last is often only the goodbye) that offers nothing instead — «к
    // сожалению, завтра занято, но могу предложить четверг» is not a dead end.
    let offered = |turn: usize| {
        let Some(text) = turns.get(turn).map(|t| t.text.as_str()) else {
            return false;
        };
        says(text, NO_ALTERNATIVE).is_none()
            && (says(text, ALTERNATIVE).is_some()
                || findings
                    .iter()
                    .any(|f| f.detector == OFFER && f.evidence.iter().any(|e| e.turn == turn)))
    };
    let refusal = analysis
        .turn_indices(Speaker::Agent)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .take(2)
        .find(|&i| {
            turns
                .get(i)
                .is_some_and(|t| says(&t.text, REFUSAL).is_some())
        })
        .filter(|&r| !offered(r));
    // The customer's last words sound pleased straight after that refusal, from a customer who
    // had not sounded pleased before: sarcasm («Отлично. Просто замечательно. Спасибо за
    // помощь») or the politeness of someone who gave up («Угу. Ясно. Ну что ж, подожду» reads
    // +0.86) — either way not a solved matter, and not mood.
    let mut hollow = None;
    if let Some(r) = refusal
        && let Some((k, (i, v, _))) = felt.iter().enumerate().next_back()
        && *i > r
        && *v >= PLEASED
        && previous_turn(analysis, *i) == Some(r)
        && felt[..k].iter().all(|(_, v, _)| *v < PLEASED)
    {
        hollow = Some(*i);
        felt.pop();
    }
    // The refusal stands unless the customer sounded clearly pleased after it, or delighted.
    let refused = refusal.filter(|&r| {
        !felt.iter().any(|(i, v, _)| *i > r && *v >= PLEASED)
            && !wow.iter().any(|f| f.evidence.iter().any(|e| e.turn > r))
    });

    let n = felt.len();
    let mut quarters = [None; 4];
    for (q, slot) in quarters.iter_mut().enumerate() {
        *slot = mean(
            felt.iter()
                .enumerate()
                .filter(|(k, _)| 4 * k / n.max(1) == q)
                .map(|(_, (_, v, _))| *v),
        );
    }
    let sentiment_start = quarters.iter().flatten().next().copied();
    let sentiment_end = quarters.iter().rev().flatten().next().copied();
    let last_customer = customer.last().copied();
    // "Late": in the last third of the customer's turns.
    let late_from = customer
        .get(customer.len().saturating_sub(customer.len().div_ceil(3)))
        .copied()
        .unwrap_or(0);
    let late = |fs: &[&Finding]| {
        fs.iter()
            .any(|f| f.evidence.iter().any(|e| e.turn >= late_from))
    };

    let mut reasons = Vec::new();
    let mut z = INTERCEPT;
    if let Some(end) = sentiment_end {
        z += W_VALENCE_END * end;
        if end <= NEGATIVE_END {
            z += W_NEGATIVE_END;
            let worst = felt
                .iter()
                .rev()
                .take(n.div_ceil(4))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            reasons.push(Reason {
                kind: "negative_end",
                note: format!("the customer's last turns sound negative ({end:+.2})"),
                evidence: worst.and_then(|(i, _, _)| whole_turn(analysis, *i)),
            });
        }
    }
    if let (Some(start), Some(end)) = (sentiment_start, sentiment_end)
        && start - end >= FALL
    {
        z += W_FELL;
        reasons.push(Reason {
            kind: "mood_fell",
            note: format!("the customer's mood fell from {start:+.2} to {end:+.2}"),
            evidence: None,
        });
    }
    if let Some((i, _, f)) = felt
        .iter()
        .filter(|(_, _, f)| f.anger >= ANGRY)
        .max_by(|a, b| a.2.anger.total_cmp(&b.2.anger))
    {
        z += W_ANGER;
        reasons.push(Reason {
            kind: "anger",
            note: format!("the customer sounds angry (anger {:.2})", f.anger),
            evidence: whole_turn(analysis, *i),
        });
    }
    for (fs, kind, weight, what) in [
        (
            &effort,
            "effort",
            W_EFFORT,
            "the customer had to make an effort",
        ),
        (
            &resignation,
            "polite_resignation",
            W_RESIGNATION,
            "the customer gave up politely",
        ),
        (
            &complaints,
            "complaint",
            W_COMPLAINT,
            "the customer complained",
        ),
        (
            &churn,
            "churn_threat",
            W_THREAT,
            "the customer threatened to leave",
        ),
        (
            &escalation,
            "escalation_threat",
            W_THREAT,
            "the customer threatened to take it further",
        ),
        (
            &abuse,
            "abusive_customer",
            W_ABUSE,
            "the customer insulted or threatened the agent",
        ),
    ] {
        if !fs.is_empty() {
            z += weight;
            reasons.push(Reason {
                kind,
                note: what.to_string(),
                evidence: first_evidence(fs),
            });
        }
    }

    if let Some(r) = refused {
        z += W_REFUSED;
        reasons.push(Reason {
            kind: "refused",
            note: "the agent's last word was that it cannot be done (or not now), and the customer did not sound pleased after it".to_string(),
            evidence: whole_turn(analysis, r),
        });
    }
    if let Some(i) = hollow {
        z += W_HOLLOW;
        reasons.push(Reason {
            kind: "hollow_praise",
            note: "the customer sounded pleased straight after being told no: sarcasm or politeness, not a solved matter".to_string(),
            evidence: whole_turn(analysis, i),
        });
    }

    // A review has no exchange to resolve.
    let resolution = if customer.is_empty()
        || analysis.conversation.channel == crate::conversation::Channel::Review
    {
        Resolution::Unclear
    } else if !resignation.is_empty()
        || late(&complaints)
        || late(&churn)
        || late(&escalation)
        || sentiment_end.is_some_and(|e| e <= NEGATIVE_END)
        || late(&abuse)
        || refused.is_some()
        || hollow.is_some()
    {
        Resolution::Unresolved
    } else if !wow.is_empty() || sentiment_end.is_some_and(|e| e >= 0.3) {
        Resolution::Resolved
    } else {
        Resolution::Unclear
    };
    match resolution {
        Resolution::Unresolved => {
            z += W_UNRESOLVED;
            reasons.push(Reason {
                kind: "unresolved",
                note: "the conversation ended without the matter resolved".to_string(),
                evidence: last_customer.and_then(|i| whole_turn(analysis, i)),
            });
        }
        Resolution::Resolved => z += W_RESOLVED,
        Resolution::Unclear => {}
    }
    if !wow.is_empty() {
        z += W_WOW;
    }
    let dissatisfaction = (sigmoid(z) * 1000.0).round() / 1000.0;
    // Insults at the agent are displeasure said out loud too: not the silent kind.
    let explicit = analysis.conversation.channel == crate::conversation::Channel::Review
        || !complaints.is_empty()
        || !churn.is_empty()
        || !escalation.is_empty()
        || findings.iter().any(|f| f.detector == "abusive-customer");
    Experience {
        dissatisfaction,
        silent_dissatisfaction: dissatisfaction >= 0.5 && !explicit,
        sentiment_start: sentiment_start.map(round),
        sentiment_end: sentiment_end.map(round),
        sentiment_quarters: quarters.map(|q| q.map(round)),
        resolution,
        reasons,
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A whole turn as evidence.
fn whole_turn(analysis: &Analysis<'_>, turn: usize) -> Option<Evidence> {
    let t = analysis.conversation.turns.get(turn)?;
    Evidence::span(analysis, turn, 0, t.text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::{Conversation, Turn};

    fn feel(v: f32) -> Option<Feeling> {
        Some(Feeling {
            negative: (-v).max(0.0),
            positive: v.max(0.0),
            anger: 0.0,
            joy: 0.0,
        })
    }

    fn conversation(customer: &[&str]) -> Conversation {
        let mut turns = Vec::new();
        for c in customer {
            turns.push(Turn::new(Speaker::Agent, "Понимаю, сейчас посмотрю."));
            turns.push(Turn::new(Speaker::Customer, *c));
        }
        Conversation {
            id: "c".into(),
            turns,
            ..Conversation::default()
        }
    }

    fn finding(detector: &'static str, turn: usize, a: &Analysis<'_>) -> Finding {
        let text = &a.conversation.turns[turn].text;
        Finding {
            detector,
            note: String::new(),
            confidence: 0.8,
            evidence: Evidence::span(a, turn, 0, text.len()).into_iter().collect(),
        }
    }

    #[test]
    fn the_mood_is_followed_quarter_by_quarter() {
        let c = conversation(&[
            "Хочу уточнить условия моего тарифа.",
            "Мне подходит такой вариант оплаты.",
            "Смотрю сейчас личный кабинет на сайте.",
            "Там написано что-то другое совсем.",
            "Платёж так и не прошёл вчера вечером.",
            "Деньги списали дважды за один месяц.",
            "Мне никто так ничего не объяснил.",
            "Это уже совсем никуда не годится.",
        ]);
        let mut a = analyse(&c, &AnalyseOptions::default());
        let values = [0.2, 0.4, 0.0, 0.0, -0.2, -0.4, -0.6, -0.8];
        a.feelings = vec![None; c.turns.len()];
        for (k, v) in values.iter().enumerate() {
            a.feelings[2 * k + 1] = feel(*v);
        }
        let e = assess(&a, &[]);
        assert_eq!(
            e.sentiment_quarters,
            [Some(0.3), Some(0.0), Some(-0.3), Some(-0.7)]
        );
        assert_eq!(
            (e.sentiment_start, e.sentiment_end),
            (Some(0.3), Some(-0.7))
        );
        assert_eq!(e.resolution, Resolution::Unresolved);
        assert!(e.dissatisfaction > 0.8, "{e:#?}");
        // It fell and ended low, but nobody complained: the silent kind.
        assert!(e.silent_dissatisfaction);
        let kinds: Vec<&str> = e.reasons.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, ["negative_end", "mood_fell", "unresolved"]);
    }

    #[test]
    fn polite_resignation_is_dissatisfaction_even_when_it_sounds_polite() {
        let c = conversation(&[
            "Мне третий раз не доставляют заказ.",
            "Ладно, понятно, видимо ничего не поделаешь. Спасибо.",
        ]);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = vec![None, feel(-0.5), None, feel(0.3)];
        let e = assess(&a, &[finding(RESIGNATION, 3, &a)]);
        assert_eq!(e.resolution, Resolution::Unresolved);
        assert!(e.dissatisfaction >= 0.5, "{e:#?}");
        assert!(e.silent_dissatisfaction);
        let r = e
            .reasons
            .iter()
            .find(|r| r.kind == "polite_resignation")
            .unwrap();
        assert!(r.evidence.as_ref().unwrap().quote.starts_with("Ладно"));
    }

    #[test]
    fn a_complaint_is_dissatisfaction_but_not_silent() {
        let c = conversation(&["Я хочу подать жалобу на вашего курьера."]);
        let a = analyse(&c, &AnalyseOptions::default());
        let e = assess(&a, &[finding(COMPLAINT, 1, &a)]);
        assert!(e.dissatisfaction >= 0.5);
        assert!(!e.silent_dissatisfaction);
    }

    #[test]
    fn a_happy_ending_or_delight_is_not_dissatisfaction() {
        let c = conversation(&["Не работает интернет.", "Заработало, огромное спасибо!"]);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = vec![None, feel(-0.4), None, feel(0.8)];
        let e = assess(&a, &[]);
        assert_eq!(e.resolution, Resolution::Resolved);
        assert!(e.dissatisfaction < 0.2, "{e:#?}");
        let e = assess(&a, &[finding(WOW, 3, &a)]);
        assert!(e.dissatisfaction < 0.05, "{e:#?}");
    }

    #[test]
    fn a_ritual_goodbye_is_not_mood() {
        for t in [
            "Нет, это всё. Спасибо, до свидания.",
            "Nem, ennyi. Szép napot!",
            "Nem, mást nem. Köszönöm, viszonthallásra.",
            "No. That's it. Thanks.",
            "No, that’s all I need today. Thank you.",
        ] {
            assert!(is_ritual(t), "{t}");
        }
        for t in [
            "Нет, это безобразие.",
            "No, just forget it. Goodbye",
            "Ladno, ponyatno",
            "Nem, ennyi volt, többet nem hívom önöket.",
            "Огромное спасибо, вы меня спасли!",
        ] {
            assert!(!is_ritual(t), "{t}");
        }
        // The goodbye does not lift a sour ending.
        let c = conversation(&[
            "Мне так и не помогли.",
            "Нет, это всё. Спасибо, до свидания.",
        ]);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = vec![None, feel(-0.6), None, feel(0.6)];
        assert_eq!(assess(&a, &[]).sentiment_end, Some(-0.6));
    }

    fn feeling(v: f32) -> Feeling {
        feel(v).unwrap()
    }

    #[test]
    fn the_mood_of_a_turn_corrects_what_the_models_misread() {
        // The feelings are f32: compare to a thousandth.
        let near = |text: &str, v: f32, want: f64| {
            let got = mood(text, &feeling(v)).unwrap();
            assert!((got - want).abs() < 1e-3, "{text}: {got} != {want}");
        };
        // Figures dictated say nothing of the mood.
        for t in [
            "55102.",
            "4471",
            "Давайте: 12 480.",
            "It's 12480.",
            "8 916 555 12 34.",
        ] {
            assert_eq!(mood(t, &feeling(-0.7)), None, "{t}");
        }
        // A plain question keeps half of its negative reading, not of a positive one.
        near("Когда приедет мастер?", -0.4, -0.2);
        near("Когда приедет мастер?", 0.4, 0.4);
        // A negated negative is satisfaction.
        near("Да, не жалуюсь, всё показал.", -0.8, LITOTES_FLOOR);
        near("Yes, can't complain at all.", -0.55, LITOTES_FLOOR);
        near("Igen, semmi gond nem volt.", -0.7, LITOTES_FLOOR);
        // A closing thanks after words of their own lifts the reading only by half.
        near(
            "Ну раз в договоре, значит, в договоре. Понятно. Спасибо.",
            0.6,
            0.3,
        );
        near("Отлично, спасибо за помощь.", 0.6, 0.6);
        // One word is a third of the evidence of three.
        near("Megy.", -0.6, -0.2);
        near("Да пошли вы.", -0.9, -0.9);
    }

    /// A conversation of (speaker, text, customer valence) with the feelings filled in.
    fn scripted(turns: &[(Speaker, &str, f32)]) -> Conversation {
        Conversation {
            id: "c".into(),
            turns: turns.iter().map(|(s, t, _)| Turn::new(*s, *t)).collect(),
            ..Conversation::default()
        }
    }

    fn feelings(turns: &[(Speaker, &str, f32)]) -> Vec<Option<Feeling>> {
        turns
            .iter()
            .map(|(s, _, v)| (*s == Speaker::Customer).then(|| feeling(*v)))
            .collect()
    }

    fn kinds(e: &Experience) -> Vec<&'static str> {
        e.reasons.iter().map(|r| r.kind).collect()
    }

    #[test]
    fn a_refusal_at_the_end_leaves_the_matter_unresolved_however_polite_the_goodbye() {
        let script = [
            (Speaker::Customer, "Хочу вернуть деньги за курс.", -0.2),
            (
                Speaker::Agent,
                "К сожалению, возврат возможен только в первые 14 дней.",
                0.0,
            ),
            (
                Speaker::Customer,
                "Ну раз в договоре, значит, в договоре. Понятно. Спасибо.",
                0.5,
            ),
            (Speaker::Agent, "Всего доброго.", 0.0),
        ];
        let c = scripted(&script);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = feelings(&script);
        let e = assess(&a, &[]);
        assert_eq!(e.resolution, Resolution::Unresolved);
        assert!(kinds(&e).contains(&"refused"), "{e:#?}");
        assert!(
            e.dissatisfaction >= 0.5 && e.silent_dissatisfaction,
            "{e:#?}"
        );
        // A customer who sounds clearly pleased after it got what they needed after all.
        let mut pleased = script;
        pleased[2] = (Speaker::Customer, "О, так даже лучше, отлично!", 0.9);
        let c = scripted(&pleased);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = feelings(&pleased);
        // …unless they had not sounded pleased before and the refusal offered nothing: then the
        // praise is hollow (sarcasm, or politeness).
        let e = assess(&a, &[]);
        assert!(kinds(&e).contains(&"hollow_praise"), "{e:#?}");
        assert!(e.dissatisfaction >= 0.5, "{e:#?}");
        // With an offer in the refusal the praise is real.
        let offer = Finding {
            detector: OFFER,
            note: String::new(),
            confidence: 0.8,
            evidence: Evidence::span(&a, 1, 0, 10).into_iter().collect(),
        };
        let e = assess(&a, &[offer]);
        assert_eq!(e.resolution, Resolution::Resolved, "{e:#?}");
        assert!(e.dissatisfaction < 0.2, "{e:#?}");
    }

    #[test]
    fn a_refusal_with_an_alternative_is_no_dead_end_but_nothing_else_to_offer_is() {
        let kinds_after = |agent: &str| {
            let script = [
                (
                    Speaker::Customer,
                    "I'd like to book for tomorrow at five.",
                    0.0,
                ),
                (Speaker::Agent, agent, 0.0),
                (Speaker::Customer, "Okay, book me in then.", 0.2),
            ];
            let c = scripted(&script);
            let mut a = analyse(&c, &AnalyseOptions::default());
            a.feelings = feelings(&script);
            kinds(&assess(&a, &[]))
        };
        for alternative in [
            "Unfortunately tomorrow is full, but I can offer you Thursday at five.",
            "К сожалению, завтра всё занято, но могу предложить четверг.",
            "Sajnos holnap minden foglalt, de azt tudom javasolni, hogy csütörtökön jöjjön.",
        ] {
            assert!(
                !kinds_after(alternative).contains(&"refused"),
                "{alternative}"
            );
        }
        for refusal in [
            "Then I'm afraid there's nothing else I can offer.",
            "Тогда, к сожалению, больше ничего предложить не могу.",
            "Akkor sajnos mást nem tudok ajánlani.",
        ] {
            assert!(kinds_after(refusal).contains(&"refused"), "{refusal}");
        }
    }

    #[test]
    fn an_abusive_customer_is_dissatisfied_but_not_silent() {
        let c = conversation(&["Водитель не приехал.", "Да пошли вы."]);
        let mut a = analyse(&c, &AnalyseOptions::default());
        a.feelings = vec![None, feel(-0.3), None, feel(-0.4)];
        let e = assess(&a, &[finding(ABUSE, 3, &a)]);
        assert!(kinds(&e).contains(&"abusive_customer"), "{e:#?}");
        assert_eq!(e.resolution, Resolution::Unresolved);
        assert!(
            e.dissatisfaction >= 0.5 && !e.silent_dissatisfaction,
            "{e:#?}"
        );
    }

    #[test]
    fn without_models_or_findings_it_stays_near_the_base_rate() {
        let c = conversation(&["Подскажите часы работы."]);
        let a = analyse(&c, &AnalyseOptions::default());
        let e = assess(&a, &[]);
        assert_eq!(e.sentiment_start, None);
        assert_eq!(e.resolution, Resolution::Unclear);
        assert!((0.15..0.25).contains(&e.dissatisfaction), "{e:#?}");
        assert!(!e.silent_dissatisfaction);
    }
}
