//! Timing facts: interruptions, overtalk, dead air, holds, talk-to-listen ratio and speech rate
//! from turn timestamps or from a recording's voice activity, and response times from the
//! message times of chats and e-mails.
//!
//! Why back-channels are not interruptions: «угу», "igen" and "mhm" said while the customer
//! talks are signs of listening, and a standard that punished them would teach agents to go
//! silent. Why overlaps need a minimum: speech-to-text turn boundaries are imprecise by a few
//! hundred milliseconds, so a 0.2 s overlap is measurement noise, not rudeness.
//!
//! Why one [`Timeline`] for transcripts and recordings: the metrics are the same arithmetic on
//! "who spoke from when to when", so a call scored from its recording and the same call scored
//! from its transcript are measured by one piece of code. A recording has no words, so there a
//! back-channel is recognised by its length ([`TimingOptions::backchannel_seconds`]) and speech
//! rate is unknown.
//!
//! Why handle time is not here: a long call is usually a hard problem, not a slow agent, and a
//! standard that counted minutes would teach agents to hurry customers off the line.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::conversation::{Conversation, Speaker};
use crate::text::Token;

/// Overlap in seconds below which talking over the customer is ordinary turn-taking.
pub const DEFAULT_MIN_OVERLAP: f64 = 0.5;
/// Silence in seconds from which a pause is dead air: two seconds of nothing is where a caller
/// starts to wonder whether the line dropped.
pub const DEAD_AIR_SECONDS: f64 = 2.0;
/// Silence in seconds from which a pause is a hold rather than dead air.
pub const HOLD_SECONDS: f64 = 20.0;
/// Without words, speech shorter than this over the other side is a back-channel ("mhm").
pub const BACKCHANNEL_SECONDS: f64 = 1.0;
/// Slack when a measured length meets a threshold. Why: times are decimal seconds stored as
/// binary floats, so a silence from 0.01 to 2.01 s comes out as 1.9999999999999998 s and an
/// overlap from 3.52 to 4.02 s as 0.49999999999999956 s; without the slack a documented "2 s or more" or
/// "at least 0.5 s" would miss what the transcript says is exactly that. A microsecond is far
/// below any timestamp's precision.
const THRESHOLD_SLACK: f64 = 1e-6;

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

/// What the timing of a conversation was measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimingSource {
    /// Turn `start`/`end` seconds of a transcript.
    Transcript,
    /// Voice activity in a recording, one channel per side.
    Audio,
    /// Voice activity in a mono recording: speech and silence, nobody's in particular.
    Mono,
}

/// The thresholds of the timing facts; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimingOptions {
    /// Overlap in seconds from which talking over the customer is an interruption.
    pub min_overlap: f64,
    /// Silence in seconds from which a pause is dead air.
    pub dead_air: f64,
    /// Silence in seconds from which a pause is a hold.
    pub hold: f64,
    /// Without words (a recording), speech shorter than this many seconds said over the other
    /// side is a back-channel ("mhm"), not an interruption.
    pub backchannel_seconds: f64,
}

impl Default for TimingOptions {
    fn default() -> Self {
        TimingOptions {
            min_overlap: DEFAULT_MIN_OVERLAP,
            dead_air: DEAD_AIR_SECONDS,
            hold: HOLD_SECONDS,
            backchannel_seconds: BACKCHANNEL_SECONDS,
        }
    }
}

/// One stretch of speech by one side: a timed turn, or a voice-activity segment of a recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Talk {
    pub speaker: Speaker,
    pub start: f64,
    pub end: f64,
    /// The turn it is, when it comes from a transcript.
    pub turn: Option<usize>,
    /// Words said, when known (transcripts).
    pub words: Option<usize>,
    /// Listening rather than taking the floor («угу», "mhm", or a short burst in a recording).
    pub backchannel: bool,
}

/// Who spoke when, ordered by start: the input of every call-timing metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub source: TimingSource,
    talk: Vec<Talk>,
}

/// The agent cut in while the customer was talking (a [`Timeline`] event).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cut {
    /// The agent's turn that cut in (transcripts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turn: Option<usize>,
    /// The customer's turn that was cut (transcripts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted_turn: Option<usize>,
    /// When the agent started, in seconds.
    pub start: f64,
    /// How long both talked at once, in seconds.
    pub overlap: f64,
}

/// Nobody talked from `start` to `end` (a [`Timeline`] event).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// The turn whose end opened the silence (transcripts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_turn: Option<usize>,
    /// The turn that broke it (transcripts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_turn: Option<usize>,
    pub start: f64,
    pub end: f64,
    pub duration: f64,
}

/// A silence of [`TimingOptions::hold`] seconds or more.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hold {
    #[serde(flatten)]
    pub gap: Gap,
    /// Whether the agent's last turn before it announced a pause («одну минуту», "let me
    /// check"); `None` without a transcript to read.
    pub announced: Option<bool>,
}

/// How long a chat or e-mail customer waited for the agent's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wait {
    /// The customer's message that started the wait.
    pub from_turn: usize,
    /// The agent's message that ended it.
    pub turn: usize,
    pub seconds: f64,
}

/// Response times of a chat or e-mail thread, from the messages' `at` times.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Responses {
    /// From the customer's first message to the agent's first answer.
    pub first_response_seconds: Option<f64>,
    pub longest_wait_seconds: f64,
    pub median_response_seconds: f64,
    pub waits: Vec<Wait>,
}

/// All timing facts of a conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    /// Where the call facts below came from; `None` without timestamps or a recording, when
    /// every call fact is empty.
    pub source: Option<TimingSource>,
    pub interruptions: Vec<Cut>,
    /// Silences from [`TimingOptions::dead_air`] up to [`TimingOptions::hold`] seconds.
    pub dead_air: Vec<Gap>,
    /// Silences of [`TimingOptions::hold`] seconds or more.
    pub holds: Vec<Hold>,
    /// The agent's share of agent + customer talk time; `None` when neither talked.
    pub talk_ratio_agent: Option<f64>,
    /// Agent talk time ÷ customer talk time.
    pub talk_to_listen: Option<f64>,
    pub agent_talk_seconds: Option<f64>,
    pub customer_talk_seconds: Option<f64>,
    /// Seconds in which both sides talked at once.
    pub overtalk_seconds: Option<f64>,
    /// `overtalk_seconds` ÷ the seconds in which anyone talked.
    pub overtalk_share: Option<f64>,
    /// Seconds in which anyone talked.
    pub speech_seconds: Option<f64>,
    pub words_per_minute_agent: Option<f64>,
    pub words_per_minute_customer: Option<f64>,
    /// Chats and e-mails.
    pub responses: Option<Responses>,
    /// From `meta.queue_wait_seconds`: the wait before an agent took the call. Reported, and
    /// the business's to judge; it is never the agent's doing.
    pub queue_wait_seconds: Option<f64>,
    /// The timeline the call facts came from, for checks with their own thresholds.
    pub timeline: Option<Timeline>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl Timing {
    /// Every fact, with the thresholds of `options`: call facts from `timeline`, response
    /// times from the messages' `at` times, queue wait from the metadata.
    pub fn measure(
        analysis: &Analysis<'_>,
        timeline: Option<Timeline>,
        options: &TimingOptions,
    ) -> Timing {
        let conv = analysis.conversation;
        let mut t = Timing {
            source: timeline.as_ref().map(|tl| tl.source),
            interruptions: Vec::new(),
            dead_air: Vec::new(),
            holds: Vec::new(),
            talk_ratio_agent: None,
            talk_to_listen: None,
            agent_talk_seconds: None,
            customer_talk_seconds: None,
            overtalk_seconds: None,
            overtalk_share: None,
            speech_seconds: None,
            words_per_minute_agent: None,
            words_per_minute_customer: None,
            responses: responses(conv),
            queue_wait_seconds: queue_wait(conv),
            timeline: None,
        };
        if let Some(tl) = timeline {
            t.interruptions = tl.interruptions(options.min_overlap);
            for gap in tl.silences(options.dead_air) {
                if gap.duration >= options.hold {
                    let announced = hold_announced(analysis, &tl, &gap);
                    t.holds.push(Hold { gap, announced });
                } else {
                    t.dead_air.push(gap);
                }
            }
            let speech = tl.speech_seconds();
            t.speech_seconds = Some(round2(speech));
            if tl.source != TimingSource::Mono {
                let (agent, customer) = (
                    tl.talk_seconds(Speaker::Agent),
                    tl.talk_seconds(Speaker::Customer),
                );
                t.agent_talk_seconds = Some(round2(agent));
                t.customer_talk_seconds = Some(round2(customer));
                t.talk_ratio_agent = (agent + customer > 0.0).then(|| agent / (agent + customer));
                t.talk_to_listen = (customer > 0.0).then(|| agent / customer);
                let overtalk = tl.overtalk_seconds();
                t.overtalk_seconds = Some(round2(overtalk));
                t.overtalk_share = (speech > 0.0).then(|| overtalk / speech);
                t.words_per_minute_agent = tl.words_per_minute(Speaker::Agent);
                t.words_per_minute_customer = tl.words_per_minute(Speaker::Customer);
            }
            t.timeline = Some(tl);
        }
        t
    }

    /// True when nothing at all could be measured (no timestamps, recording, message times
    /// or queue wait).
    pub fn is_empty(&self) -> bool {
        self.source.is_none() && self.responses.is_none() && self.queue_wait_seconds.is_none()
    }

    /// The `timing` object of the score result (INTERFACES.md): the interface's
    /// `interruptions`, `dead_air`, `holds` and `talk_ratio_agent`, and the rest beside them.
    /// Call facts appear only when measured, so a chat does not claim "no interruptions".
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::{Value, json};
        let mut m = serde_json::Map::new();
        let value = |v: serde_json::Result<Value>| v.unwrap_or(Value::Null);
        let num =
            |x: Option<f64>, round: fn(f64) -> f64| x.map_or(Value::Null, |x| json!(round(x)));
        if let Some(source) = self.source {
            m.insert("source".into(), value(serde_json::to_value(source)));
            m.insert(
                "interruptions".into(),
                value(serde_json::to_value(&self.interruptions)),
            );
            m.insert(
                "dead_air".into(),
                value(serde_json::to_value(&self.dead_air)),
            );
            m.insert("holds".into(), value(serde_json::to_value(&self.holds)));
            m.insert(
                "talk_ratio_agent".into(),
                num(self.talk_ratio_agent, round3),
            );
            m.insert("talk_to_listen".into(), num(self.talk_to_listen, round3));
            m.insert(
                "agent_talk_seconds".into(),
                num(self.agent_talk_seconds, round2),
            );
            m.insert(
                "customer_talk_seconds".into(),
                num(self.customer_talk_seconds, round2),
            );
            m.insert("speech_seconds".into(), num(self.speech_seconds, round2));
            m.insert(
                "overtalk_seconds".into(),
                num(self.overtalk_seconds, round2),
            );
            m.insert("overtalk_share".into(), num(self.overtalk_share, round3));
            m.insert(
                "words_per_minute_agent".into(),
                num(self.words_per_minute_agent, round1),
            );
            m.insert(
                "words_per_minute_customer".into(),
                num(self.words_per_minute_customer, round1),
            );
        }
        if let Some(r) = &self.responses {
            m.insert("responses".into(), value(serde_json::to_value(r)));
        }
        if let Some(q) = self.queue_wait_seconds {
            m.insert("queue_wait_seconds".into(), json!(round2(q)));
        }
        m
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Every timing fact, with the default thresholds, from the turns' timestamps; `None` when
/// nothing could be measured.
pub fn timing(analysis: &Analysis<'_>) -> Option<Timing> {
    let t = Timing::measure(
        analysis,
        Timeline::from_turns(analysis, &TimingOptions::default()),
        &TimingOptions::default(),
    );
    (!t.is_empty()).then_some(t)
}

/// Whether the agent's last turn before a hold announced it; `None` without a transcript.
fn hold_announced(analysis: &Analysis<'_>, timeline: &Timeline, gap: &Gap) -> Option<bool> {
    let conv = analysis.conversation;
    if conv.turns.iter().all(|t| t.text.trim().is_empty()) {
        return None;
    }
    // From a transcript the silence knows its turns; from a recording beside a timed
    // transcript, the last agent turn that started before the silence is the one.
    let before = match gap.after_turn {
        Some(after) => Some(after + 1),
        None if timeline.source == TimingSource::Transcript => None,
        None => conv
            .turns
            .iter()
            .position(|t| t.start.is_some_and(|s| s > gap.start)),
    };
    let last_agent = (0..before.unwrap_or(conv.turns.len()))
        .rev()
        .find(|&i| conv.turns[i].speaker == Speaker::Agent)?;
    if before.is_none() && conv.turns[last_agent].start.is_none() {
        return None;
    }
    Some(
        analysis
            .turns
            .get(last_agent)
            .is_some_and(|ta| crate::detectors::hold_announced::announces_pause(&ta.tokens)),
    )
}

/// `meta.queue_wait_seconds` when it is a non-negative number (or a numeric string).
pub fn queue_wait(conv: &Conversation) -> Option<f64> {
    let v = conv.meta.get("queue_wait_seconds")?;
    let x = match v {
        serde_json::Value::Number(n) => n.as_f64()?,
        serde_json::Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (x.is_finite() && x >= 0.0).then_some(x)
}

/// Response times from `at` times, for chats and e-mails: each run of customer messages opens
/// a wait that the agent's next message closes. System messages (bots, auto-replies) close
/// nothing: an auto-reply is not an answer.
pub fn responses(conv: &Conversation) -> Option<Responses> {
    use crate::conversation::Channel;
    if !matches!(conv.channel, Channel::Chat | Channel::Email) {
        return None;
    }
    let mut waits = Vec::new();
    let mut open: Option<(usize, chrono::DateTime<chrono::FixedOffset>)> = None;
    let mut first_customer: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    let mut first_response = None;
    let mut any_time = false;
    for (i, t) in conv.turns.iter().enumerate() {
        let Some(at) = t.at else {
            continue;
        };
        any_time = true;
        match t.speaker {
            Speaker::Customer => {
                first_customer.get_or_insert(at);
                if open.is_none() {
                    open = Some((i, at));
                }
            }
            Speaker::Agent => {
                if let Some((from, since)) = open.take() {
                    let seconds = ((at - since).num_milliseconds() as f64 / 1000.0).max(0.0);
                    if first_response.is_none() && first_customer == Some(since) {
                        first_response = Some(seconds);
                    }
                    waits.push(Wait {
                        from_turn: from,
                        turn: i,
                        seconds,
                    });
                }
            }
            Speaker::System | Speaker::Unknown => {}
        }
    }
    if !any_time {
        return None;
    }
    let mut sorted: Vec<f64> = waits.iter().map(|w| w.seconds).collect();
    sorted.sort_by(f64::total_cmp);
    let median = match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    };
    Some(Responses {
        first_response_seconds: first_response,
        longest_wait_seconds: sorted.last().copied().unwrap_or(0.0),
        median_response_seconds: median,
        waits,
    })
}

impl Timeline {
    /// The timed turns of a transcript; `None` without timestamps.
    pub fn from_turns(analysis: &Analysis<'_>, options: &TimingOptions) -> Option<Timeline> {
        let conv = analysis.conversation;
        if !conv.has_timestamps() {
            return None;
        }
        let talk = by_start(conv)
            .into_iter()
            .map(|(i, start, end)| {
                let tokens = analysis.turns.get(i).map_or(&[][..], |t| &t.tokens[..]);
                let text_less = conv.turns[i].text.trim().is_empty();
                Talk {
                    speaker: conv.turns[i].speaker,
                    start,
                    end,
                    turn: Some(i),
                    words: (!text_less).then_some(tokens.len()),
                    backchannel: if text_less {
                        end - start < options.backchannel_seconds
                    } else {
                        is_backchannel(tokens)
                    },
                }
            })
            .collect();
        Some(Timeline {
            source: TimingSource::Transcript,
            talk,
        })
    }

    /// Voice-activity segments `(speaker, start, end)` of a recording. `source` says whether
    /// the speakers are real sides ([`TimingSource::Audio`]) or one mono mix
    /// ([`TimingSource::Mono`]). Segments with no length or in the wrong order are dropped.
    pub fn from_segments(
        source: TimingSource,
        segments: impl IntoIterator<Item = (Speaker, f64, f64)>,
        options: &TimingOptions,
    ) -> Timeline {
        let mut talk: Vec<Talk> = segments
            .into_iter()
            .filter(|(_, s, e)| s.is_finite() && e.is_finite() && e > s)
            .map(|(speaker, start, end)| Talk {
                speaker,
                start,
                end,
                turn: None,
                words: None,
                backchannel: end - start < options.backchannel_seconds,
            })
            .collect();
        talk.sort_by(|a, b| a.start.total_cmp(&b.start));
        Timeline { source, talk }
    }

    pub fn talk(&self) -> &[Talk] {
        &self.talk
    }

    /// Agent speech that starts while the customer is talking, overlapping by at least
    /// `min_overlap` seconds, and is not a back-channel.
    pub fn interruptions(&self, min_overlap: f64) -> Vec<Cut> {
        let mut out = Vec::new();
        // The customer speech reaching furthest among that started so far: the one agent
        // speech starting now would overlap most.
        let mut reach: Option<&Talk> = None;
        for t in &self.talk {
            match t.speaker {
                Speaker::Customer => {
                    if reach.is_none_or(|r| t.end > r.end) {
                        reach = Some(t);
                    }
                }
                Speaker::Agent => {
                    let Some(c) = reach else {
                        continue;
                    };
                    let overlap = t.end.min(c.end) - t.start;
                    if c.start < t.start
                        && overlap >= min_overlap - THRESHOLD_SLACK
                        && !t.backchannel
                    {
                        out.push(Cut {
                            turn: t.turn,
                            interrupted_turn: c.turn,
                            start: round2(t.start),
                            overlap: round2(overlap),
                        });
                    }
                }
                Speaker::System | Speaker::Unknown => {}
            }
        }
        out
    }

    /// Silences of at least `min` seconds between the end of all speech so far and the next.
    pub fn silences(&self, min: f64) -> Vec<Gap> {
        let mut out = Vec::new();
        let mut last: Option<(Option<usize>, f64)> = None;
        for t in &self.talk {
            if let Some((after, until)) = last {
                let gap = t.start - until;
                if gap >= min - THRESHOLD_SLACK && gap > 0.0 {
                    out.push(Gap {
                        after_turn: after,
                        before_turn: t.turn,
                        start: round2(until),
                        end: round2(t.start),
                        duration: round2(gap),
                    });
                }
            }
            if last.is_none_or(|(_, e)| t.end > e) {
                last = Some((t.turn, t.end));
            }
        }
        out
    }

    /// Seconds in which `speaker` talked (overlapping stretches of one side counted once).
    pub fn talk_seconds(&self, speaker: Speaker) -> f64 {
        union_length(merged(self.talk.iter().filter(|t| t.speaker == speaker)))
    }

    /// Seconds in which anyone talked.
    pub fn speech_seconds(&self) -> f64 {
        union_length(merged(self.talk.iter()))
    }

    /// Seconds in which agent and customer talked at once, back-channels included: overtalk
    /// is what the line sounded like, not a judgement.
    pub fn overtalk_seconds(&self) -> f64 {
        let a = merged(self.talk.iter().filter(|t| t.speaker == Speaker::Agent));
        let c = merged(self.talk.iter().filter(|t| t.speaker == Speaker::Customer));
        let (mut i, mut j, mut total) = (0, 0, 0.0);
        while i < a.len() && j < c.len() {
            let (s, e) = (a[i].0.max(c[j].0), a[i].1.min(c[j].1));
            if e > s {
                total += e - s;
            }
            if a[i].1 < c[j].1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        total
    }

    /// Words per minute of talk for one side; `None` without words or talk.
    pub fn words_per_minute(&self, speaker: Speaker) -> Option<f64> {
        // Words of a turn with no length (a start but no end) were said in time that is not
        // in the talk seconds: counting them would overstate the rate.
        let mine = self
            .talk
            .iter()
            .filter(|t| t.speaker == speaker && t.end > t.start);
        let mut words = None;
        for t in mine {
            if let Some(w) = t.words {
                *words.get_or_insert(0) += w;
            }
        }
        let seconds = self.talk_seconds(speaker);
        // Under ten seconds of talk a rate says more about the timestamps than the speaker.
        (seconds >= 10.0).then_some(())?;
        Some(words? as f64 * 60.0 / seconds)
    }
}

/// Overlapping or touching intervals merged, in order.
fn merged<'t>(talk: impl Iterator<Item = &'t Talk>) -> Vec<(f64, f64)> {
    let mut v: Vec<(f64, f64)> = talk.map(|t| (t.start, t.end)).collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn union_length(v: Vec<(f64, f64)>) -> f64 {
    v.iter().map(|(s, e)| e - s).sum()
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
/// `min_overlap` seconds, and are not back-channels (by their words, or by their length when
/// a turn has no text).
pub fn interruptions(analysis: &Analysis<'_>, min_overlap: f64) -> Vec<Interruption> {
    let Some(timeline) = Timeline::from_turns(analysis, &TimingOptions::default()) else {
        return Vec::new();
    };
    timeline
        .interruptions(min_overlap)
        .into_iter()
        .filter_map(|c| {
            Some(Interruption {
                turn: c.turn?,
                interrupted_turn: c.interrupted_turn?,
                start: c.start,
                overlap: c.overlap,
            })
        })
        .collect()
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
            if gap >= min - THRESHOLD_SLACK {
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
    fn thresholds_hold_for_decimal_times_that_floats_round_down() {
        // 2.01 - 0.01 is 1.9999999999999998 and 4.02 - 3.52 is 0.49999999999999956 in
        // binary floats; the transcript says 2.00 s of silence and 0.50 s of overlap.
        let c = conv(vec![
            Turn::timed(Speaker::Agent, "Добрый день", 0.0, 0.01),
            Turn::timed(
                Speaker::Customer,
                "Я хотела бы узнать насчёт заказа",
                2.01,
                4.02,
            ),
            Turn::timed(Speaker::Agent, "Номер заказа скажите", 3.52, 6.0),
        ]);
        assert_eq!(silences(&c, 2.0).len(), 1);
        let a = analyse(&c, &options());
        let t = timing(&a).unwrap();
        assert_eq!(t.dead_air.len(), 1, "{:?}", t.dead_air);
        assert_eq!(t.dead_air[0].duration, 2.0);
        assert_eq!(t.interruptions.len(), 1, "{:?}", t.interruptions);
        assert_eq!(t.interruptions[0].overlap, 0.5);
        // Just under the thresholds is still under them.
        let c = conv(vec![
            Turn::timed(Speaker::Agent, "Добрый день", 0.0, 0.01),
            Turn::timed(
                Speaker::Customer,
                "Я хотела бы узнать насчёт заказа",
                2.0,
                4.01,
            ),
            Turn::timed(Speaker::Agent, "Номер заказа скажите", 3.52, 6.0),
        ]);
        let a = analyse(&c, &options());
        let t = timing(&a).unwrap();
        assert!(t.dead_air.is_empty() && t.interruptions.is_empty(), "{t:?}");
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

    fn segments(list: &[(Speaker, f64, f64)]) -> Timeline {
        Timeline::from_segments(
            TimingSource::Audio,
            list.iter().copied(),
            &TimingOptions::default(),
        )
    }

    #[test]
    fn overtalk_talk_time_and_ratio_come_from_merged_speech() {
        let tl = segments(&[
            (Speaker::Agent, 0.0, 4.0),
            (Speaker::Customer, 2.8, 8.0),
            (Speaker::Agent, 12.0, 15.0),
        ]);
        assert!((tl.overtalk_seconds() - 1.2).abs() < 1e-9);
        assert!((tl.talk_seconds(Speaker::Agent) - 7.0).abs() < 1e-9);
        assert!((tl.speech_seconds() - 11.0).abs() < 1e-9);
        let gaps = tl.silences(2.0);
        assert_eq!(gaps.len(), 1);
        assert_eq!((gaps[0].start, gaps[0].duration), (8.0, 4.0));
        assert_eq!(gaps[0].after_turn, None, "a recording has no turns");
    }

    #[test]
    fn a_short_burst_over_the_customer_is_a_backchannel_without_words() {
        let tl = segments(&[
            (Speaker::Customer, 0.0, 6.0),
            (Speaker::Agent, 2.0, 2.5),
            (Speaker::Agent, 4.0, 8.0),
        ]);
        let cuts = tl.interruptions(0.5);
        assert_eq!(cuts.len(), 1);
        assert_eq!((cuts[0].start, cuts[0].overlap), (4.0, 2.0));
    }

    #[test]
    fn holds_know_whether_they_were_announced() {
        let c = conv(vec![
            Turn::timed(Speaker::Customer, "Где мой заказ?", 0.0, 2.0),
            Turn::timed(
                Speaker::Agent,
                "Одну минуту, оставайтесь на линии, я проверю",
                2.5,
                5.0,
            ),
            Turn::timed(
                Speaker::Agent,
                "Спасибо за ожидание, заказ в пути",
                40.0,
                44.0,
            ),
            Turn::timed(Speaker::Customer, "А когда привезут?", 44.5, 46.0),
            Turn::timed(Speaker::Agent, "Завтра", 80.0, 81.0),
        ]);
        let t = timing(&analyse(&c, &options())).unwrap();
        let announced: Vec<Option<bool>> = t.holds.iter().map(|h| h.announced).collect();
        assert_eq!(announced, [Some(true), Some(false)]);
        assert_eq!(t.holds[0].gap.duration, 35.0);
        assert_eq!(t.source, Some(TimingSource::Transcript));
    }

    #[test]
    fn dead_air_starts_at_two_seconds_and_stops_at_a_hold() {
        let c = conv(vec![
            Turn::timed(Speaker::Agent, "Здравствуйте", 0.0, 1.0),
            Turn::timed(Speaker::Customer, "Добрый день", 2.5, 3.0),
            Turn::timed(Speaker::Agent, "Слушаю вас", 4.9, 6.0),
            Turn::timed(Speaker::Customer, "Алло", 30.0, 31.0),
        ]);
        let t = timing(&analyse(&c, &options())).unwrap();
        assert!(t.dead_air.is_empty(), "1.5 s and 1.9 s are ordinary pauses");
        assert_eq!(t.holds.len(), 1);
        let json = t.to_json();
        assert_eq!(json["holds"][0]["duration"], serde_json::json!(24.0));
        assert_eq!(json["holds"][0]["after_turn"], serde_json::json!(2));
    }

    #[test]
    fn speech_rate_counts_words_per_minute_of_talk() {
        let words = "слово ".repeat(30);
        let c = conv(vec![
            Turn::timed(Speaker::Agent, words.trim(), 0.0, 12.0),
            Turn::timed(Speaker::Customer, "Да", 12.0, 13.0),
        ]);
        let t = timing(&analyse(&c, &options())).unwrap();
        assert_eq!(t.words_per_minute_agent, Some(150.0));
        assert_eq!(t.words_per_minute_customer, None, "one second says nothing");
        assert_eq!(t.talk_to_listen, Some(12.0));
    }

    #[test]
    fn speech_rate_leaves_out_words_said_in_no_measured_time() {
        // The last goodbye has a start and no end: its words are not in the 12 s of talk.
        let words = "слово ".repeat(30);
        let mut bye = Turn::new(
            Speaker::Agent,
            "Спасибо за звонок, всего доброго, до свидания",
        );
        bye.start = Some(14.0);
        let c = conv(vec![
            Turn::timed(Speaker::Agent, words.trim(), 0.0, 12.0),
            Turn::timed(Speaker::Customer, "Да", 12.0, 13.0),
            bye,
        ]);
        let t = timing(&analyse(&c, &options())).unwrap();
        assert_eq!(t.words_per_minute_agent, Some(150.0));
    }

    #[test]
    fn chat_response_times_measure_each_wait_for_the_agent() {
        use crate::conversation::Channel;
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
        let mut c = conv(vec![
            Turn::new(Speaker::Customer, "Hello?"),
            Turn::new(Speaker::Customer, "Anyone?"),
            Turn::new(Speaker::System, "An agent will be with you shortly"),
            Turn::new(Speaker::Agent, "Hi, sorry for the wait."),
            Turn::new(Speaker::Customer, "Where is my parcel?"),
            Turn::new(Speaker::Agent, "On its way."),
            Turn::new(Speaker::Customer, "Thanks"),
            Turn::new(Speaker::Agent, "You're welcome"),
        ]);
        let times = [
            "19:00:00", "19:01:00", "19:01:01", "19:05:00", "19:06:00", "19:06:30", "19:07:00",
            "19:08:00",
        ];
        for (t, time) in c.turns.iter_mut().zip(times) {
            t.at = at(&format!("2026-11-24T{time}+00:00"));
        }
        assert_eq!(responses(&c), None, "calls have no response times");
        c.channel = Channel::Chat;
        let r = responses(&c).unwrap();
        assert_eq!(r.first_response_seconds, Some(300.0));
        assert_eq!(r.longest_wait_seconds, 300.0);
        assert_eq!(r.median_response_seconds, 60.0);
        assert_eq!(r.waits.len(), 3);
        assert_eq!((r.waits[0].from_turn, r.waits[0].turn), (0, 3));
    }

    #[test]
    fn queue_wait_comes_from_the_metadata() {
        let mut c = conv(vec![Turn::new(Speaker::Agent, "Здравствуйте")]);
        c.meta
            .insert("queue_wait_seconds".into(), serde_json::json!(340));
        let t = timing(&analyse(&c, &options())).unwrap();
        assert_eq!(t.queue_wait_seconds, Some(340.0));
        let json = t.to_json();
        assert!(
            !json.contains_key("interruptions"),
            "no call facts are claimed without timestamps"
        );
        c.meta
            .insert("queue_wait_seconds".into(), serde_json::json!(-3));
        assert!(timing(&analyse(&c, &options())).is_none());
    }

    #[test]
    fn mono_recordings_give_speech_and_silence_only() {
        let tl = Timeline::from_segments(
            TimingSource::Mono,
            [(Speaker::Unknown, 0.0, 3.0), (Speaker::Unknown, 7.0, 9.0)],
            &TimingOptions::default(),
        );
        let c = conv(Vec::new());
        let t = Timing::measure(
            &analyse(&c, &options()),
            Some(tl),
            &TimingOptions::default(),
        );
        assert_eq!(t.dead_air.len(), 1);
        assert_eq!(t.talk_ratio_agent, None);
        assert_eq!(t.speech_seconds, Some(5.0));
        assert_eq!(t.to_json()["source"], serde_json::json!("mono"));
    }
}
