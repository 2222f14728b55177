//! Google Contact Center AI (CCAI) Insights conversations, in the two shapes Google uses.
//!
//! 1. The import format: `{"entries": [{"text", "role", "user_id", "start_timestamp_usec"}]}`.
//!    Roles `AGENT`/`HUMAN_AGENT` are the agent and `CUSTOMER`/`END_USER` the customer.
//!    `AUTOMATED_AGENT` (a virtual agent) is the agent when it is the only agent, and `system`
//!    when a human agent also speaks, so that a bot's greeting is not credited to the person who
//!    took over. A turn without a role is left to inference by its `user_id`.
//!    `start_timestamp_usec` is wall-clock time: it becomes the turn's `at`, and for calls also
//!    seconds from the first turn.
//! 2. The Insights resource: `transcript.transcriptSegments[]` with `text`, `words[].startOffset`
//!    ("1.5s") / `endOffset`, `segmentParticipant.role` or a `channelTag` matched to
//!    `callMetadata.agentChannel` / `customerChannel`; `name`, `medium`, `startTime`,
//!    `languageCode`, `agentId` on the top. Also accepted wrapped as `{"conversation": {…}}`.
//!
//! Channel: the `medium` field when present (`PHONE_CALL`, `CHAT`). Without it, the import
//! format is a chat — it is what Insights takes for chat transcripts, while calls are imported
//! as audio — and the segment format, which comes from speech recognition, is a call.
//! Guessing from the gaps between timestamps was considered and rejected: a slow chat and a call
//! with holds have the same gaps.

use hearback_core::{Channel, Lang, Speaker, Turn};
use serde_json::{Map, Value};

use crate::FormatError;
use crate::emit::{Draft, Emitter};
use crate::fields::{self, kind, scalar_text};
use crate::input::Source;
use crate::json;

pub(crate) fn sniff(text: &str) -> bool {
    (text.contains("\"entries\"")
        && (text.contains("\"start_timestamp_usec\"") || text.contains("\"user_id\"")))
        || text.contains("\"transcriptSegments\"")
        || text.contains("\"segmentParticipant\"")
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let doc = match src.document(em) {
        Ok(d) => d,
        Err(e) => return em.error(e),
    };
    let index = em.next_index();
    let draft = json::document_value(&doc).and_then(|v| {
        let (root, wrapped) = match v.get("conversation") {
            Some(inner @ Value::Object(_)) => (inner.clone(), true),
            _ => (v, false),
        };
        let Value::Object(root) = root else {
            return Err(FormatError::new(format!(
                "expected a CCAI conversation object, found {}",
                kind(&root)
            ))
            .at_line(1));
        };
        let prefix: &[&str] = if wrapped { &["conversation"] } else { &[] };
        if root.contains_key("entries") {
            let path: Vec<&str> = prefix.iter().copied().chain(["entries"]).collect();
            entries(&root, &json::element_lines(&doc, &path), index)
        } else if root.get("transcript").is_some() {
            let path: Vec<&str> = prefix
                .iter()
                .copied()
                .chain(["transcript", "transcriptSegments"])
                .collect();
            segments(&root, &json::element_lines(&doc, &path), index)
        } else {
            Err(
                FormatError::new("missing: neither `entries` nor `transcript.transcriptSegments`")
                    .at_line(1)
                    .in_field("entries"),
            )
        }
    });
    em.finish(draft);
}

fn common(root: &Map<String, Value>, index: usize, default: Channel) -> Draft {
    let mut draft = Draft::new(1, index);
    draft.alone = true;
    let c = &mut draft.conversation;
    c.id = root
        .get("conversation_id")
        .and_then(scalar_text)
        .or_else(|| {
            root.get("name")
                .and_then(Value::as_str)
                .and_then(|n| n.rsplit('/').next())
                .map(str::to_string)
        })
        .unwrap_or_default();
    c.channel = match root.get("medium").and_then(Value::as_str) {
        Some("PHONE_CALL") => Channel::Call,
        Some("CHAT") => Channel::Chat,
        _ => default,
    };
    c.language = root
        .get("languageCode")
        .or_else(|| root.get("language_code"))
        .and_then(Value::as_str)
        .map(Lang::parse);
    c.started_at = root
        .get("startTime")
        .and_then(Value::as_str)
        .and_then(fields::datetime);
    if let Some(a) = root.get("agentId").and_then(scalar_text) {
        fields::set_party(&mut c.agent, fields::PartyField::Id, &a);
    }
    draft
}

fn role(s: &str, has_human: bool) -> (Speaker, Option<String>) {
    match s.to_ascii_uppercase().as_str() {
        "AGENT" | "HUMAN_AGENT" => (Speaker::Agent, None),
        "AUTOMATED_AGENT" if has_human => (Speaker::System, Some(s.to_string())),
        "AUTOMATED_AGENT" => (Speaker::Agent, Some(s.to_string())),
        "CUSTOMER" | "END_USER" => (Speaker::Customer, None),
        _ => fields::speaker(s),
    }
}

fn entries(root: &Map<String, Value>, lines: &[usize], index: usize) -> Result<Draft, FormatError> {
    let mut draft = common(root, index, Channel::Chat);
    let Some(Value::Array(items)) = root.get("entries") else {
        return Err(FormatError::new("expected an array")
            .at_line(1)
            .in_field("entries"));
    };
    let has_human = items.iter().any(|e| {
        e.get("role").and_then(Value::as_str).is_some_and(|r| {
            r.eq_ignore_ascii_case("HUMAN_AGENT") || r.eq_ignore_ascii_case("AGENT")
        })
    });
    let id = draft.conversation.id.clone();
    let call = draft.conversation.channel == Channel::Call;
    let mut first_usec: Option<f64> = None;
    for (i, e) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let fail = |field: &str, reason: String| {
            FormatError::new(reason)
                .at_line(line)
                .in_field(format!("entries[{i}].{field}"))
                .for_conversation(id.clone())
        };
        let text = match e.get("text") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(fail(
                    "text",
                    format!("expected a string, found {}", kind(other)),
                ));
            }
            None => return Err(fail("text", "missing".to_string())),
        };
        let (speaker, label) = match e.get("role").and_then(Value::as_str) {
            Some(r) => role(r, has_human),
            None => match e.get("user_id").and_then(scalar_text) {
                Some(u) => (Speaker::Unknown, Some(format!("user {u}"))),
                None => return Err(fail("role", "missing, and no user_id either".to_string())),
            },
        };
        let mut turn = Turn {
            speaker,
            label,
            text,
            line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
            ..Turn::default()
        };
        if let Some(v) = e.get("start_timestamp_usec") {
            let usec = match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => fields::number(s),
                _ => None,
            }
            .filter(|u| *u >= 0.0)
            .ok_or_else(|| {
                fail(
                    "start_timestamp_usec",
                    format!("{v} is not a non-negative number of microseconds"),
                )
            })?;
            turn.at = fields::datetime_from_epoch(usec / 1e6);
            if call {
                let first = *first_usec.get_or_insert(usec);
                turn.start = Some(((usec - first) / 1e6).max(0.0));
            }
        }
        draft.conversation.turns.push(turn);
    }
    if draft.conversation.started_at.is_none() {
        draft.conversation.started_at = draft.conversation.turns.iter().find_map(|t| t.at);
    }
    Ok(draft)
}

fn segments(
    root: &Map<String, Value>,
    lines: &[usize],
    index: usize,
) -> Result<Draft, FormatError> {
    let mut draft = common(root, index, Channel::Call);
    let items = match root
        .get("transcript")
        .and_then(|t| t.get("transcriptSegments"))
    {
        Some(Value::Array(items)) => items,
        _ => {
            return Err(FormatError::new("missing: no `transcriptSegments` array")
                .at_line(1)
                .in_field("transcript.transcriptSegments"));
        }
    };
    let channel_of = |key: &str| {
        root.get("callMetadata")
            .and_then(|m| m.get(key))
            .and_then(scalar_text)
    };
    let (agent_ch, customer_ch) = (channel_of("agentChannel"), channel_of("customerChannel"));
    let has_human = items.iter().any(|s| {
        s.get("segmentParticipant")
            .and_then(|p| p.get("role"))
            .and_then(Value::as_str)
            .is_some_and(|r| r == "HUMAN_AGENT")
    });
    let id = draft.conversation.id.clone();
    for (i, s) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let fail = |field: &str, reason: String| {
            FormatError::new(reason)
                .at_line(line)
                .in_field(format!("transcript.transcriptSegments[{i}].{field}"))
                .for_conversation(id.clone())
        };
        let words = s.get("words").and_then(Value::as_array);
        let text = match s.get("text") {
            Some(Value::String(t)) => t.clone(),
            Some(other) => {
                return Err(fail(
                    "text",
                    format!("expected a string, found {}", kind(other)),
                ));
            }
            None => words
                .map(|ws| {
                    ws.iter()
                        .filter_map(|w| w.get("word").and_then(Value::as_str))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default(),
        };
        let channel = s.get("channelTag").and_then(scalar_text);
        let (speaker, label) = match s
            .get("segmentParticipant")
            .and_then(|p| p.get("role"))
            .and_then(Value::as_str)
        {
            Some(r) if r != "ROLE_UNSPECIFIED" => role(r, has_human),
            _ => match &channel {
                Some(ch) if Some(ch) == agent_ch.as_ref() => (Speaker::Agent, None),
                Some(ch) if Some(ch) == customer_ch.as_ref() => (Speaker::Customer, None),
                Some(ch) => (Speaker::Unknown, Some(format!("channel {ch}"))),
                None => (Speaker::Unknown, None),
            },
        };
        let mut turn = Turn {
            speaker,
            label,
            text,
            line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
            ..Turn::default()
        };
        if let Some(ws) = words {
            if let Some(v) = ws.first().and_then(|w| w.get("startOffset")) {
                turn.start =
                    fields::seconds_value(v).map_err(|r| fail("words[0].startOffset", r))?;
            }
            if let Some(v) = ws.last().and_then(|w| w.get("endOffset")) {
                turn.end = fields::seconds_value(v)
                    .map_err(|r| fail(&format!("words[{}].endOffset", ws.len() - 1), r))?;
            }
        }
        if let Some(v) = s.get("messageTime") {
            turn.at = fields::datetime_value(v).map_err(|r| fail("messageTime", r))?;
        }
        draft.conversation.turns.push(turn);
    }
    Ok(draft)
}
