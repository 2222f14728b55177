//! Yandex SpeechKit recognition results, as SpeechSense and the SpeechKit APIs return them.
//!
//! Accepted shapes:
//! - v2 asynchronous recognition: `{"chunks": [...]}`, also wrapped in `result` or `response`
//!   (the finished operation is `{"done": true, "response": {"chunks": [...]}}`). Each chunk has
//!   `channelTag` and `alternatives[0]` with `text` and `words[]` (`startTime`/`endTime` as
//!   "0.879s").
//! - v3 streaming / `getRecognition`: one JSON object per line (or a JSON array of them), each
//!   `{"result": {"final": {"alternatives": [{"text", "startTimeMs", "endTimeMs"}],
//!   "channelTag": "0"}}}`; the `result` wrapper may be absent. Only `final` results are used:
//!   partials repeat them and `finalRefinement` restates them.
//!
//! Speakers are channels. Which channel is the agent comes from a metadata object
//! `{"agent_channel": "1"}` (a top-level key, under `meta`, or a line of its own in the stream);
//! without it the channels are left to role inference as "channel 0", "channel 1". Utterances
//! are put in time order (stereo results list each channel separately) and consecutive
//! utterances of one channel become one turn. Channel `call`.

use hearback_core::{Channel, Speaker, Turn};
use serde_json::Value;

use crate::FormatError;
use crate::emit::{Draft, Emitter};
use crate::fields::{self, scalar_text};
use crate::input::Source;
use crate::json;

pub(crate) fn sniff(text: &str) -> bool {
    text.contains("\"channelTag\"")
        && (text.contains("\"chunks\"")
            || text.contains("\"final\"")
            || text.contains("\"alternatives\""))
}

struct Utterance {
    channel: String,
    text: String,
    start: Option<f64>,
    end: Option<f64>,
    line: usize,
}

#[derive(Default)]
struct Collected {
    utterances: Vec<Utterance>,
    agent_channel: Option<String>,
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let doc = match src.document(em) {
        Ok(d) => d,
        Err(e) => return em.error(e),
    };
    let index = em.next_index();
    let draft = collect(&doc).and_then(|c| conversation(c, index));
    em.finish(draft);
}

fn collect(doc: &str) -> Result<Collected, FormatError> {
    let mut out = Collected::default();
    match serde_json::from_str::<Value>(doc) {
        Ok(Value::Array(items)) => {
            let lines = json::element_lines(doc, &[]);
            for (i, item) in items.iter().enumerate() {
                stream_object(item, lines.get(i).copied().unwrap_or(1), &mut out)?;
            }
        }
        Ok(v @ Value::Object(_)) => {
            agent_channel(&v, &mut out);
            let found = [&[][..], &["result"][..], &["response"][..]]
                .into_iter()
                .find_map(|path| {
                    let mut cur = &v;
                    for p in path {
                        cur = cur.get(*p)?;
                    }
                    cur.get("chunks")
                        .and_then(Value::as_array)
                        .map(|c| (path, c))
                });
            match found {
                Some((path, chunks)) => {
                    let full: Vec<&str> = path.iter().copied().chain(["chunks"]).collect();
                    let lines = json::element_lines(doc, &full);
                    for (i, chunk) in chunks.iter().enumerate() {
                        let line = lines.get(i).copied().unwrap_or(1);
                        let field = format!("chunks[{i}]");
                        if let Some(u) = utterance(chunk, chunk.get("channelTag"), line, &field)? {
                            out.utterances.push(u);
                        }
                    }
                }
                None => stream_object(&v, 1, &mut out)?,
            }
        }
        Ok(other) => {
            return Err(FormatError::new(format!(
                "expected SpeechKit results, found {}",
                fields::kind(&other)
            ))
            .at_line(1));
        }
        Err(whole) => {
            // Not one document: the v3 stream, one object per line.
            let mut any = false;
            for (i, line) in doc.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(v) => {
                        any = true;
                        stream_object(&v, i + 1, &mut out)?;
                    }
                    Err(e) if any => return Err(json::json_error(&e, i + 1)),
                    Err(_) => return Err(json::json_error(&whole, 1)),
                }
            }
        }
    }
    Ok(out)
}

fn agent_channel(v: &Value, out: &mut Collected) {
    let found = v
        .get("agent_channel")
        .or_else(|| v.get("meta").and_then(|m| m.get("agent_channel")))
        .and_then(scalar_text);
    if found.is_some() {
        out.agent_channel = found;
    }
}

/// One object of the v3 stream: a `final` result, a metadata object, or something to skip.
fn stream_object(v: &Value, line: usize, out: &mut Collected) -> Result<(), FormatError> {
    agent_channel(v, out);
    let result = v.get("result").unwrap_or(v);
    if let Some(fin) = result.get("final") {
        let tag = fin.get("channelTag").or_else(|| result.get("channelTag"));
        if let Some(u) = utterance(fin, tag, line, "final")? {
            out.utterances.push(u);
        }
    }
    Ok(())
}

/// An utterance from a chunk or a `final`: the first alternative's text and times.
fn utterance(
    v: &Value,
    channel: Option<&Value>,
    line: usize,
    field: &str,
) -> Result<Option<Utterance>, FormatError> {
    let Some(alt) = v
        .get("alternatives")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    else {
        return Ok(None);
    };
    let fail = |f: &str, reason: String| {
        FormatError::new(reason)
            .at_line(line)
            .in_field(format!("{field}.alternatives[0].{f}"))
    };
    let words = alt.get("words").and_then(Value::as_array);
    let text = alt
        .get("text")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| {
            words
                .map(|ws| {
                    ws.iter()
                        .filter_map(|w| w.get("word").and_then(Value::as_str))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default()
        });
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut start = None;
    let mut end = None;
    if let Some(v) = alt.get("startTimeMs") {
        start = fields::seconds_value(v)
            .map_err(|r| fail("startTimeMs", r))?
            .map(|ms| ms / 1000.0);
    }
    if let Some(v) = alt.get("endTimeMs") {
        end = fields::seconds_value(v)
            .map_err(|r| fail("endTimeMs", r))?
            .map(|ms| ms / 1000.0);
    }
    if let Some(ws) = words {
        if start.is_none()
            && let Some(v) = ws
                .first()
                .and_then(|w| w.get("startTime").or_else(|| w.get("startTimeMs")))
        {
            let ms = ws.first().is_some_and(|w| w.get("startTimeMs").is_some());
            start = fields::seconds_value(v)
                .map_err(|r| fail("words[0].startTime", r))?
                .map(|t| if ms { t / 1000.0 } else { t });
        }
        if end.is_none()
            && let Some(v) = ws
                .last()
                .and_then(|w| w.get("endTime").or_else(|| w.get("endTimeMs")))
        {
            let ms = ws.last().is_some_and(|w| w.get("endTimeMs").is_some());
            end = fields::seconds_value(v)
                .map_err(|r| fail(&format!("words[{}].endTime", ws.len() - 1), r))?
                .map(|t| if ms { t / 1000.0 } else { t });
        }
    }
    Ok(Some(Utterance {
        channel: channel
            .and_then(scalar_text)
            .unwrap_or_else(|| "0".to_string()),
        text: text.trim().to_string(),
        start,
        end,
        line,
    }))
}

fn conversation(mut c: Collected, index: usize) -> Result<Draft, FormatError> {
    if c.utterances.is_empty() {
        return Err(FormatError::new(
            "no recognised speech: no `chunks` with text and no `final` results",
        )
        .at_line(1));
    }
    let first_line = c.utterances.first().map_or(1, |u| u.line);
    let mut draft = Draft::new(first_line, index);
    draft.alone = true;
    draft.conversation.channel = Channel::Call;
    if c.utterances.iter().all(|u| u.start.is_some()) {
        c.utterances
            .sort_by(|a, b| a.start.unwrap_or(0.0).total_cmp(&b.start.unwrap_or(0.0)));
    }
    let mut channels: Vec<String> = Vec::new();
    for u in c.utterances {
        if let Some(t) = draft.conversation.turns.last_mut()
            && channels.last() == Some(&u.channel)
        {
            t.text.push(' ');
            t.text.push_str(&u.text);
            if u.end.is_some() {
                t.end = u.end;
            }
            continue;
        }
        let (speaker, label) = match &c.agent_channel {
            Some(a) if *a == u.channel => (Speaker::Agent, None),
            Some(_) => (Speaker::Customer, None),
            None => (Speaker::Unknown, Some(format!("channel {}", u.channel))),
        };
        channels.push(u.channel);
        draft.conversation.turns.push(Turn {
            speaker,
            label,
            text: u.text,
            start: u.start,
            end: u.end,
            line: Some(u32::try_from(u.line).unwrap_or(u32::MAX)),
            ..Turn::default()
        });
    }
    Ok(draft)
}
