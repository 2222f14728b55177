//! Timing facts from turn timestamps: interruptions, dead air, holds (long silences) and the
//! agent's share of talk time.
//!
//! Why back-channels are not interruptions: «угу», "igen" and "mhm" said while the customer
//! talks are signs of listening, and a standard that punished them would teach agents to go
//! silent. Why overlaps need a minimum: speech-to-text turn boundaries are imprecise by a few
//! hundred milliseconds, so a 0.2 s overlap is measurement noise, not rudeness.
//!
//! Everything here needs `start`/`end` seconds on turns; without them there are no facts and
//! [`timing`] answers `None` (timing criteria are then N/A).

use serde::Serialize;

use crate::analysis::Analysis;
use crate::conversation::{Conversation, Speaker};
use crate::text::Token;

/// Overlap in seconds below which talking over the customer is ordinary turn-taking.
pub const DEFAULT_MIN_OVERLAP: f64 = 0.5;
/// Silence in seconds from which a pause is dead air.
pub const DEAD_AIR_SECONDS: f64 = 5.0;
/// Silence in seconds from which a pause is a hold rather than dead air.
pub const HOLD_SECONDS: f64 = 20.0;

/// The agent started speaking while the customer was still talking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interruption {
    /// The agent's turn that cut in.
    pub turn: usize,
    /// The customer's turn that was cut.
    pub interrupted_turn: usize,
    /// When the agent started, in seconds.
    pub start: f64,
    /// How long both talked at once, in seconds.
    pub overlap: f64,
}

/// Nobody talked from `start` to `end`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Silence {
    /// The turn whose end opened the silence.
    pub after_turn: usize,
    /// The turn that broke it.
    pub before_turn: usize,
    pub start: f64,
    pub end: f64,
    pub duration: f64,
}

/// All timing facts of a conversation with timestamps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    pub interruptions: Vec<Interruption>,
    /// Silences from [`DEAD_AIR_SECONDS`] up to [`HOLD_SECONDS`].
    pub dead_air: Vec<Silence>,
    /// Silences of [`HOLD_SECONDS`] or more.
    pub holds: Vec<Silence>,
    /// The agent's share of agent + customer talk time; `None` when neither talked.
    pub talk_ratio_agent: Option<f64>,
}

impl Timing {
    /// The `timing` object of the score result (INTERFACES.md).
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        let list = |v: serde_json::Result<serde_json::Value>| {
            v.unwrap_or(serde_json::Value::Array(Vec::new()))
        };
        m.insert(
            "interruptions".into(),
            list(serde_json::to_value(&self.interruptions)),
        );
        m.insert(
            "dead_air".into(),
            list(serde_json::to_value(&self.dead_air)),
        );
        m.insert("holds".into(), list(serde_json::to_value(&self.holds)));
        m.insert(
            "talk_ratio_agent".into(),
            self.talk_ratio_agent.map_or(serde_json::Value::Null, |r| {
                serde_json::json!((r * 1000.0).round() / 1000.0)
            }),
        );
        m
    }
}

/// Every timing fact, with the defaults above; `None` without timestamps.
pub fn timing(analysis: &Analysis<'_>) -> Option<Timing> {
    let conv = analysis.conversation;
    if !conv.has_timestamps() {
        return None;
    }
    let all = silences(conv, DEAD_AIR_SECONDS);
    let (holds, dead_air) = all.into_iter().partition(|s| s.duration >= HOLD_SECONDS);
    Some(Timing {
        interruptions: interruptions(analysis, DEFAULT_MIN_OVERLAP),
        dead_air,
        holds,
        talk_ratio_agent: talk_ratio_agent(conv),
    })
}

/// A turn's `(start, end)` when it has a start; a missing or earlier end counts as the start.
fn span(conv: &Conversation, i: usize) -> Option<(f64, f64)> {
    let t = conv.turns.get(i)?;
    let s = t.start?;
    Some((s, t.end.filter(|e| *e >= s).unwrap_or(s)))
}

/// Turn indices with timestamps, ordered by start (stable, so equal starts keep file order).
fn by_start(conv: &Conversation) -> Vec<(usize, f64, f64)> {
    let mut v: Vec<(usize, f64, f64)> = (0..conv.turns.len())
        .filter_map(|i| span(conv, i).map(|(s, e)| (i, s, e)))
        .collect();
    v.sort_by(|a, b| a.1.total_cmp(&b.1));
    v
}

/// Agent turns that start while a customer turn is still going, overlapping it by at least
/// `min_overlap` seconds, and are not back-channels.
pub fn interruptions(analysis: &Analysis<'_>, min_overlap: f64) -> Vec<Interruption> {
    let conv = analysis.conversation;
    let mut out = Vec::new();
    // The customer turn reaching furthest among those started so far: the one an agent turn
    // starting now would overlap most.
    let mut reach: Option<(usize, f64, f64)> = None;
    for (i, start, end) in by_start(conv) {
        match conv.turns[i].speaker {
            Speaker::Customer => {
                if reach.is_none_or(|(_, _, e)| end > e) {
                    reach = Some((i, start, end));
                }
            }
            Speaker::Agent => {
                let Some((c, c_start, c_end)) = reach else {
                    continue;
                };
                let overlap = end.min(c_end) - start;
                let tokens = analysis.turns.get(i).map_or(&[][..], |t| &t.tokens[..]);
                if c_start < start && overlap >= min_overlap && !is_backchannel(tokens) {
                    out.push(Interruption {
                        turn: i,
                        interrupted_turn: c,
                        start,
                        overlap: (overlap * 100.0).round() / 100.0,
                    });
                }
            }
            Speaker::System | Speaker::Unknown => {}
        }
    }
    out
}

/// Words that show listening rather than taking the floor, in ru, hu and en (normalised).
const BACKCHANNELS: &[&str] = &[
    // ru
    "угу",
    "ага",
    "да",
    "ну",
    "так",
    "понятно",
    "понимаю",
    "хорошо",
    "ясно",
    "ок",
    "окей",
    "конечно",
    "мм",
    "ммм",
    "эм",
    "ого",
    "ясненько",
    "точно",
    "верно",
    "слушаю",
    // hu
    "igen",
    "aha",
    "ja",
    "jó",
    "persze",
    "értem",
    "oké",
    "okés",
    "hm",
    "hmm",
    "mhm",
    "ühüm",
    "ühm",
    "rendben",
    "tényleg",
    "naná",
    "világos",
    "pontosan",
    // en
    "mhm",
    "mm",
    "mmm",
    "uh",
    "huh",
    "yeah",
    "yes",
    "yep",
    "yup",
    "ok",
    "okay",
    "right",
    "sure",
    "i",
    "see",
    "got",
    "it",
    "oh",
    "alright",
    "exactly",
];

/// A back-channel is a short turn made only of listening words («угу», "igen, értem",
/// "uh-huh", "I see").
pub fn is_backchannel(tokens: &[Token]) -> bool {
    !tokens.is_empty()
        && tokens.len() <= 4
        && tokens
            .iter()
            .all(|t| BACKCHANNELS.contains(&t.norm.as_str()))
}

/// Silences of at least `min` seconds between the end of all speech so far and the next turn.
pub fn silences(conv: &Conversation, min: f64) -> Vec<Silence> {
    let mut out = Vec::new();
    let mut last: Option<(usize, f64)> = None;
    for (i, start, end) in by_start(conv) {
        if let Some((after, until)) = last {
            let gap = start - until;
            if gap >= min {
                out.push(Silence {
                    after_turn: after,
                    before_turn: i,
                    start: until,
                    end: start,
                    duration: (gap * 100.0).round() / 100.0,
                });
            }
        }
        if last.is_none_or(|(_, e)| end > e) {
            last = Some((i, end));
        }
    }
    out
}

/// A chat message of the agent that came long after the message before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pause {
    /// The agent's message that ended the pause.
    pub turn: usize,
    pub seconds: f64,
}

/// In a chat, agent messages that came `min` seconds or more after the previous message, by
/// their `at` times. Why chats only: e-mail replies a day apart are not holds, and calls are
/// measured by [`silences`] from `start`/`end`.
pub fn agent_pauses(conv: &Conversation, min: f64) -> Vec<Pause> {
    if conv.channel != crate::conversation::Channel::Chat {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut previous: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    for (i, t) in conv.turns.iter().enumerate() {
        let Some(at) = t.at else {
            continue;
        };
        if let Some(before) = previous
            && t.speaker == Speaker::Agent
        {
            let seconds = (at - before).num_milliseconds() as f64 / 1000.0;
            if seconds >= min {
                out.push(Pause { turn: i, seconds });
            }
        }
        previous = Some(at);
    }
    out
}

/// The agent's share of the time the agent or the customer talked.
pub fn talk_ratio_agent(conv: &Conversation) -> Option<f64> {
    let (mut agent, mut customer) = (0.0, 0.0);
    for i in 0..conv.turns.len() {
        if let Some((s, e)) = span(conv, i) {
            match conv.turns[i].speaker {
                Speaker::Agent => agent += e - s,
                Speaker::Customer => customer += e - s,
                _ => {}
            }
        }
    }
    (agent + customer > 0.0).then(|| agent / (agent + customer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::Turn;
    use crate::language::Lang;

    fn conv(turns: Vec<Turn>) -> Conversation {
        Conversation {
            id: "t".into(),
            turns,
            ..Conversation::default()
        }
    }

    fn options() -> AnalyseOptions {
        AnalyseOptions {
            language: Some(Lang::Ru),
            ..AnalyseOptions::default()
        }
    }

    #[test]
    fn talking_over_the_customer_is_an_interruption() {
        let c = conv(vec![
            Turn::timed(
                Speaker::Customer,
                "Я хотела бы узнать насчёт заказа, который",
                0.0,
                5.0,
            ),
            Turn::timed(Speaker::Agent, "Номер заказа скажите", 3.0, 6.0),
        ]);
        let a = analyse(&c, &options());
        let found = interruptions(&a, 0.5);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].turn, found[0].interrupted_turn, found[0].overlap),
            (1, 0, 2.0)
        );
    }

    #[test]
    fn backchannels_and_short_overlaps_are_not_interruptions() {
        let c = conv(vec![
            Turn::timed(
                Speaker::Customer,
                "Я хотела бы узнать насчёт заказа",
                0.0,
                5.0,
            ),
            Turn::timed(Speaker::Agent, "Угу, да", 2.0, 2.6),
            Turn::timed(Speaker::Agent, "Слушаю внимательно вас", 4.8, 7.0),
        ]);
        let a = analyse(&c, &options());
        assert!(interruptions(&a, 0.5).is_empty());
    }

    #[test]
    fn silences_count_from_the_end_of_all_speech() {
        let c = conv(vec![
            Turn::timed(Speaker::Agent, "Одну минуту", 0.0, 2.0),
            Turn::timed(Speaker::Customer, "Да", 1.0, 10.0),
            Turn::timed(Speaker::Agent, "Спасибо за ожидание", 40.0, 42.0),
        ]);
        let s = silences(&c, 5.0);
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].after_turn, s[0].before_turn, s[0].duration),
            (1, 2, 30.0)
        );
        let a = analyse(&c, &options());
        let t = timing(&a).unwrap();
        assert_eq!(t.holds.len(), 1);
        assert!(t.dead_air.is_empty());
    }

    #[test]
    fn chat_pauses_are_measured_before_agent_messages() {
        use crate::conversation::Channel;
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
        let mut c = conv(vec![
            Turn::new(Speaker::Customer, "Where is my parcel?"),
            Turn::new(Speaker::Agent, "Let me check."),
            Turn::new(Speaker::Agent, "It is on its way."),
        ]);
        c.turns[0].at = at("2026-11-24T19:00:00+00:00");
        c.turns[1].at = at("2026-11-24T19:00:40+00:00");
        c.turns[2].at = at("2026-11-24T19:04:40+00:00");
        assert!(agent_pauses(&c, 120.0).is_empty(), "only chats have pauses");
        c.channel = Channel::Chat;
        assert_eq!(
            agent_pauses(&c, 120.0),
            [Pause {
                turn: 2,
                seconds: 240.0
            }]
        );
    }

    #[test]
    fn talk_ratio_is_the_agents_share() {
        let c = conv(vec![
            Turn::timed(Speaker::Agent, "a", 0.0, 3.0),
            Turn::timed(Speaker::Customer, "b", 3.0, 4.0),
        ]);
        assert_eq!(talk_ratio_agent(&c), Some(0.75));
    }

    #[test]
    fn without_timestamps_there_are_no_timing_facts() {
        let c = conv(vec![Turn::new(Speaker::Agent, "Здравствуйте")]);
        assert!(timing(&analyse(&c, &options())).is_none());
    }
}
