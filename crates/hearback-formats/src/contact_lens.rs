//! Amazon Transcribe Call Analytics and Amazon Connect Contact Lens output JSON.
//!
//! Accepted shape: `Transcript[]` items with `Content`, `BeginOffsetMillis`, `EndOffsetMillis`
//! and `ParticipantRole` (`AGENT`, `CUSTOMER`) or a `ParticipantId` looked up in
//! `Participants[]` (an id without a role is left to role inference). Chat analytics items with
//! `AbsoluteTime` instead of offsets get that as the turn's time. The id is `JobName`, else
//! `ContactId`, else `CustomerMetadata.ContactId`; `LanguageCode` ("ru-RU") is the language;
//! `Channel` `CHAT` makes a chat, anything else a call. What the analytics already computed and is
//! cheap to keep goes to `meta`: overall sentiment per participant, interruption count, talk and
//! non-talk time, duration and matched categories.

use hearback_core::{Channel, Lang, Turn};
use serde_json::{Map, Value};

use crate::FormatError;
use crate::emit::{Draft, Emitter};
use crate::fields::{self, kind, scalar_text};
use crate::input::Source;
use crate::json;

pub(crate) fn sniff(text: &str) -> bool {
    text.contains("\"Transcript\"")
        && (text.contains("\"ParticipantRole\"")
            || text.contains("\"BeginOffsetMillis\"")
            || text.contains("\"ParticipantId\""))
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let doc = match src.document(em) {
        Ok(d) => d,
        Err(e) => return em.error(e),
    };
    let index = em.next_index();
    let draft = json::document_value(&doc).and_then(|v| {
        let lines = json::element_lines(&doc, &["Transcript"]);
        conversation(&v, &lines, index)
    });
    em.finish(draft);
}

fn conversation(v: &Value, lines: &[usize], index: usize) -> Result<Draft, FormatError> {
    let Value::Object(root) = v else {
        return Err(
            FormatError::new(format!("expected a Contact Lens object, found {}", kind(v)))
                .at_line(1),
        );
    };
    let mut draft = Draft::new(1, index);
    draft.alone = true;
    let c = &mut draft.conversation;
    c.id = ["JobName", "ContactId"]
        .iter()
        .find_map(|k| root.get(*k).and_then(scalar_text))
        .or_else(|| {
            root.get("CustomerMetadata")
                .and_then(|m| m.get("ContactId"))
                .and_then(scalar_text)
        })
        .unwrap_or_default();
    c.language = root
        .get("LanguageCode")
        .and_then(Value::as_str)
        .map(Lang::parse);
    c.channel = match root.get("Channel").and_then(Value::as_str) {
        Some(ch) if ch.eq_ignore_ascii_case("chat") => Channel::Chat,
        _ => Channel::Call,
    };
    keep_analytics(root, &mut c.meta);

    let participants: Vec<(String, String)> = root
        .get("Participants")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| {
                    Some((
                        p.get("ParticipantId").and_then(scalar_text)?,
                        p.get("ParticipantRole").and_then(scalar_text)?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let items = match root.get("Transcript") {
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(
                FormatError::new(format!("expected an array, found {}", kind(other)))
                    .at_line(1)
                    .in_field("Transcript"),
            );
        }
        None => {
            return Err(FormatError::new("missing: no `Transcript` array")
                .at_line(1)
                .in_field("Transcript"));
        }
    };
    let id = c.id.clone();
    for (i, item) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let fail = |field: &str, reason: String| {
            FormatError::new(reason)
                .at_line(line)
                .in_field(if field.is_empty() {
                    format!("Transcript[{i}]")
                } else {
                    format!("Transcript[{i}].{field}")
                })
                .for_conversation(id.clone())
        };
        let Value::Object(item) = item else {
            return Err(fail(
                "",
                format!("expected an object, found {}", kind(item)),
            ));
        };
        let text = match item.get("Content") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(fail(
                    "Content",
                    format!("expected a string, found {}", kind(other)),
                ));
            }
            None => return Err(fail("Content", "missing".to_string())),
        };
        let role = item
            .get("ParticipantRole")
            .and_then(scalar_text)
            .or_else(|| {
                let pid = item.get("ParticipantId").and_then(scalar_text)?;
                participants
                    .iter()
                    .find(|(id, _)| *id == pid)
                    .map(|(_, role)| role.clone())
                    .or(Some(pid))
            });
        let (speaker, label) = fields::speaker(role.as_deref().unwrap_or(""));
        let mut turn = Turn {
            speaker,
            label,
            text,
            line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
            ..Turn::default()
        };
        for (key, slot) in [
            ("BeginOffsetMillis", &mut turn.start),
            ("EndOffsetMillis", &mut turn.end),
        ] {
            if let Some(v) = item.get(key) {
                *slot = fields::seconds_value(v)
                    .map_err(|r| fail(key, r))?
                    .map(|ms| ms / 1000.0);
            }
        }
        if let Some(v) = item.get("AbsoluteTime") {
            turn.at = fields::datetime_value(v).map_err(|r| fail("AbsoluteTime", r))?;
        }
        draft.conversation.turns.push(turn);
    }
    if draft.conversation.started_at.is_none() {
        draft.conversation.started_at = draft.conversation.turns.iter().find_map(|t| t.at);
    }
    Ok(draft)
}

fn keep_analytics(root: &Map<String, Value>, meta: &mut Map<String, Value>) {
    if let Some(cc) = root.get("ConversationCharacteristics") {
        let pick = |path: &[&str]| -> Option<Value> {
            let mut v = cc;
            for p in path {
                v = v.get(*p)?;
            }
            Some(v.clone())
        };
        for (key, path) in [
            ("overall_sentiment", &["Sentiment", "OverallSentiment"][..]),
            ("interruptions", &["Interruptions", "TotalCount"][..]),
            ("non_talk_time_ms", &["NonTalkTime", "TotalTimeMillis"][..]),
            ("talk_time_ms", &["TalkTime", "TotalTimeMillis"][..]),
            ("duration_ms", &["TotalConversationDurationMillis"][..]),
        ] {
            if let Some(v) = pick(path) {
                meta.insert(key.to_string(), v);
            }
        }
    }
    if let Some(cats) = root
        .get("Categories")
        .and_then(|c| c.get("MatchedCategories"))
        .filter(|c| c.as_array().is_some_and(|a| !a.is_empty()))
    {
        meta.insert("categories".to_string(), cats.clone());
    }
    if let Some(v) = root.get("AccountId").and_then(scalar_text) {
        meta.insert("account_id".to_string(), v.into());
    }
}
