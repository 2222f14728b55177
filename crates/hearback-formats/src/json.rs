//! Hearback JSON (INTERFACES.md): one conversation object, an array of them, or
//! `{"conversations": [...]}`.
//!
//! Each conversation and each turn is kept as raw JSON text until it is converted, for two
//! reasons: one bad element must not lose the others (each is converted on its own), and the raw
//! text's position in the file gives every conversation and turn its line number for messages.
//!
//! Forgiving where it costs nothing: `id` may be a number; `speaker` may be a role word in
//! ru/hu/en or a person's name (then roles are inferred); `role`/`from`/`author` are read as
//! `speaker`, `message`/`content` as `text`; times may be seconds or `mm:ss`; unknown top-level
//! fields are kept in `meta` rather than dropped. Without `channel`, a conversation whose turns
//! have start times is a call and any other a chat, as in transcripts and CSV.

use std::fmt;

use hearback_core::{Channel, Lang, Party, RoleInference, Turn};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::emit::{Draft, Emitter};
use crate::fields::{self, kind, scalar_text};
use crate::input::{LineIndex, Source};
use crate::{Format, FormatError};

/// A JSON object whose values stay raw, in the order written.
struct RawObject<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for RawObject<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawObject<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                    fields.push((k, v));
                }
                Ok(RawObject(fields))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'a> RawObject<'a> {
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

/// Where a piece of raw JSON begins in the file.
pub(crate) trait Lines {
    fn line_of(&self, raw: &str) -> usize;
}

/// A whole document: lines come from the position of the raw text in it.
struct DocLines<'a> {
    doc: &'a str,
    index: LineIndex,
}

impl Lines for DocLines<'_> {
    fn line_of(&self, raw: &str) -> usize {
        self.index.line_of_slice(self.doc, raw)
    }
}

/// One line of JSONL: everything is on that line.
pub(crate) struct OneLine(pub usize);

impl Lines for OneLine {
    fn line_of(&self, _: &str) -> usize {
        self.0
    }
}

pub(crate) fn sniff(ext: &str, text: &str) -> Option<Format> {
    let has_marker = text.contains("\"turns\"") || text.contains("\"conversations\"");
    if !has_marker {
        return None;
    }
    match ext {
        "jsonl" | "ndjson" => return Some(Format::Jsonl),
        "json" => return Some(Format::Json),
        _ => {}
    }
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let first_is_object =
        first.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok();
    if first_is_object && lines.next().is_none_or(|l| l.starts_with('{')) {
        Some(Format::Jsonl)
    } else {
        Some(Format::Json)
    }
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let doc = match src.document(em) {
        Ok(d) => d,
        Err(e) => return em.error(e),
    };
    let lines = DocLines {
        doc: &doc,
        index: LineIndex::new(&doc),
    };
    read_text(&doc, &lines, true, em);
}

/// Reads a JSON text holding one conversation, an array, or `{"conversations": [...]}`.
/// `whole_file` says whether a single object is the file's only conversation.
pub(crate) fn read_text(doc: &str, lines: &dyn Lines, whole_file: bool, em: &mut Emitter) {
    let trimmed = doc.trim_start();
    let start_line = lines.line_of(trimmed);
    match trimmed.chars().next() {
        None => {}
        Some('[') => match serde_json::from_str::<Vec<&RawValue>>(doc) {
            Ok(items) => read_array(&items, lines, em),
            Err(e) => em.error(json_error(&e, lines.line_of(doc))),
        },
        Some('{') => match serde_json::from_str::<RawObject>(doc) {
            Ok(obj) => {
                if let Some(list) = obj.get("conversations") {
                    match serde_json::from_str::<Vec<&RawValue>>(list.get()) {
                        Ok(items) => read_array(&items, lines, em),
                        Err(_) => em.error(
                            FormatError::new("expected an array of conversations")
                                .at_line(lines.line_of(list.get()))
                                .in_field("conversations"),
                        ),
                    }
                } else {
                    let index = em.next_index();
                    em.finish(conversation(obj, trimmed, lines, index, whole_file));
                }
            }
            Err(e) => em.error(json_error(&e, lines.line_of(doc))),
        },
        Some(c) => em.error(
            FormatError::new(format!("not JSON: expected `{{` or `[`, found `{c}`"))
                .at_line(start_line),
        ),
    }
}

fn read_array(items: &[&RawValue], lines: &dyn Lines, em: &mut Emitter) {
    for raw in items {
        let index = em.next_index();
        let line = lines.line_of(raw.get());
        let draft = match serde_json::from_str::<RawObject>(raw.get()) {
            Ok(obj) => conversation(obj, raw.get(), lines, index, false),
            Err(_) => Err(FormatError::new(format!(
                "expected a conversation object, found {}",
                raw_kind(raw.get())
            ))
            .at_line(line)
            .in_field(format!("[{}]", index - 1))),
        };
        em.finish(draft);
    }
}

fn raw_kind(raw: &str) -> &'static str {
    serde_json::from_str::<Value>(raw)
        .map(|v| kind(&v))
        .unwrap_or("something else")
}

/// A serde_json syntax error with its line, and the column in the reason.
pub(crate) fn json_error(e: &serde_json::Error, base_line: usize) -> FormatError {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => &msg,
    };
    let what = if e.is_eof() {
        "malformed JSON (cut short)"
    } else {
        "malformed JSON"
    };
    FormatError::new(format!("{what} at column {}: {msg}", e.column()))
        .at_line(base_line + e.line().saturating_sub(1))
}

fn value(raw: &RawValue) -> Value {
    // Invariant: a RawValue is valid JSON, so this parse cannot fail; null is a harmless answer
    // if it ever did.
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// The line of every element of the array at `path` (object keys from the top), for vendor
/// formats that are parsed as plain values but still want lines in their messages. Empty when
/// the path is not there.
pub(crate) fn element_lines(doc: &str, path: &[&str]) -> Vec<usize> {
    let index = LineIndex::new(doc);
    let mut raw: &str = doc;
    for key in path {
        let Ok(obj) = serde_json::from_str::<RawObject>(raw) else {
            return Vec::new();
        };
        let Some(v) = obj.get(key) else {
            return Vec::new();
        };
        raw = v.get();
    }
    serde_json::from_str::<Vec<&RawValue>>(raw)
        .map(|items| {
            items
                .iter()
                .map(|r| index.line_of_slice(doc, r.get()))
                .collect()
        })
        .unwrap_or_default()
}

/// Parses a whole vendor document as a value, with the syntax error located.
pub(crate) fn document_value(doc: &str) -> Result<Value, FormatError> {
    serde_json::from_str(doc).map_err(|e| json_error(&e, 1))
}

/// Converts one conversation object. `raw` is its text, for its line.
fn conversation(
    obj: RawObject,
    raw: &str,
    lines: &dyn Lines,
    index: usize,
    alone: bool,
) -> Result<Draft, FormatError> {
    let line = lines.line_of(raw);
    let mut draft = Draft::new(line, index);
    draft.alone = alone;
    let c = &mut draft.conversation;
    let id_keys = [
        "id",
        "conversation_id",
        "call_id",
        "chat_id",
        "ticket_id",
        "contact_id",
    ];
    let id_key = obj
        .0
        .iter()
        .find(|(k, _)| id_keys.contains(&k.as_str()))
        .map(|(k, _)| k.clone());
    if let Some((key, raw_id)) = obj.0.iter().find(|(k, _)| Some(k) == id_key.as_ref()) {
        c.id = scalar_text(&value(raw_id)).ok_or_else(|| {
            FormatError::new("expected a string or number")
                .at_line(lines.line_of(raw_id.get()))
                .in_field(key.clone())
        })?;
    }
    let id = c.id.clone();
    let err = |raw: &RawValue, field: &str, reason: String| {
        FormatError::new(reason)
            .at_line(lines.line_of(raw.get()))
            .in_field(field)
            .for_conversation(id.clone())
    };
    let mut turns_seen = false;
    let mut channel_seen = false;
    for (key, raw_v) in &obj.0 {
        let k = key.as_str();
        match k {
            _ if Some(key) == id_key.as_ref() => {}
            "channel" => {
                channel_seen = true;
                let v = value(raw_v);
                let name = v.as_str().unwrap_or_default();
                match Channel::parse(name) {
                    Some(ch) => c.channel = ch,
                    None => {
                        c.channel = Channel::Other;
                        draft.warnings.push(err(
                            raw_v,
                            k,
                            format!("unknown channel {v}; read as `other` (call, chat, email, review or other)"),
                        ));
                    }
                }
            }
            "started_at" | "start_time" | "created_at" | "date" => {
                c.started_at =
                    fields::datetime_value(&value(raw_v)).map_err(|r| err(raw_v, k, r))?;
            }
            "language" | "lang" | "locale" => {
                if let Some(s) = scalar_text(&value(raw_v)) {
                    c.language = Some(Lang::parse(&s));
                }
            }
            "agent" | "customer" => {
                let party = party(&value(raw_v)).map_err(|r| err(raw_v, k, r))?;
                if k == "agent" {
                    c.agent = party;
                } else {
                    c.customer = party;
                }
            }
            "turns" | "messages" | "utterances" => {
                turns_seen = true;
                let items: Vec<&RawValue> = serde_json::from_str(raw_v.get()).map_err(|_| {
                    err(
                        raw_v,
                        k,
                        format!(
                            "expected an array of turns, found {}",
                            raw_kind(raw_v.get())
                        ),
                    )
                })?;
                c.turns.reserve(items.len());
                for (i, t) in items.iter().enumerate() {
                    c.turns
                        .push(turn(t, i, lines).map_err(|e| e.for_conversation(id.clone()))?);
                }
            }
            "audio" => c.audio = scalar_text(&value(raw_v)),
            "meta" => match value(raw_v) {
                Value::Object(m) => {
                    for (mk, mv) in m {
                        c.meta.insert(mk, mv);
                    }
                }
                Value::Null => {}
                other => {
                    return Err(err(
                        raw_v,
                        k,
                        format!("expected an object, found {}", kind(&other)),
                    ));
                }
            },
            "roles" => {
                // Our own output read back: keep the earlier inference only if it parses.
                c.roles = serde_json::from_str::<RoleInference>(raw_v.get()).ok();
            }
            "source" => {}
            _ => {
                c.meta.insert(key.clone(), value(raw_v));
            }
        }
    }
    if !channel_seen {
        let timed = c.turns.iter().any(|t| t.start.is_some());
        c.channel = if timed { Channel::Call } else { Channel::Chat };
    }
    if !turns_seen {
        return Err(FormatError::new(missing_turns_reason(raw))
            .at_line(line)
            .in_field("turns")
            .for_conversation(id));
    }
    Ok(draft)
}

/// A vendor export read as Hearback JSON gets a hint instead of a bare "missing".
fn missing_turns_reason(raw: &str) -> String {
    let head = &raw[..raw.floor_char_boundary(crate::SNIFF_BYTES)];
    let hint = if crate::contact_lens::sniff(head) {
        Some(Format::ContactLens)
    } else if crate::ccai::sniff(head) {
        Some(Format::Ccai)
    } else if crate::speechsense::sniff(head) {
        Some(Format::SpeechSense)
    } else {
        None
    };
    match hint {
        Some(f) => format!("missing; this looks like {f} JSON — try --input-format {f}"),
        None => "missing: a conversation needs a `turns` array".to_string(),
    }
}

fn party(v: &Value) -> Result<Option<Party>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok((!s.trim().is_empty()).then(|| Party {
            name: Some(s.trim().to_string()),
            ..Party::default()
        })),
        Value::Object(m) => {
            let get = |k: &str| m.get(k).and_then(scalar_text);
            let p = Party {
                id: get("id"),
                name: get("name"),
                team: get("team"),
                email: get("email"),
                phone: get("phone"),
            };
            Ok((!p.is_empty()).then_some(p))
        }
        other => Err(format!(
            "expected an object or a name, found {}",
            kind(other)
        )),
    }
}

fn turn(raw: &RawValue, i: usize, lines: &dyn Lines) -> Result<Turn, FormatError> {
    let line = lines.line_of(raw.get());
    let at = |field: &str| format!("turns[{i}].{field}");
    let fail =
        |field: &str, reason: String| FormatError::new(reason).at_line(line).in_field(at(field));
    let map: Map<String, Value> = match serde_json::from_str::<Value>(raw.get()) {
        Ok(Value::Object(m)) => m,
        Ok(other) => {
            return Err(FormatError::new(format!(
                "expected a turn object, found {}",
                kind(&other)
            ))
            .at_line(line)
            .in_field(format!("turns[{i}]")));
        }
        Err(e) => return Err(json_error(&e, line)),
    };
    let find = |keys: &[&'static str]| -> Option<(&'static str, &Value)> {
        keys.iter()
            .find_map(|k| map.get(*k).filter(|v| !v.is_null()).map(|v| (*k, v)))
    };

    let (speaker_key, speaker_v) = find(&[
        "speaker",
        "role",
        "from",
        "author",
        "participant",
        "sender",
        "speaker_role",
        "who",
    ])
    .ok_or_else(|| fail("speaker", "missing: who said this turn?".to_string()))?;
    let label_text = scalar_text(speaker_v).ok_or_else(|| {
        fail(
            speaker_key,
            format!("expected a role or a name, found {}", kind(speaker_v)),
        )
    })?;
    let (speaker, mut label) = fields::speaker(&label_text);
    if let Some((_, name)) = find(&["label", "name", "speaker_name"])
        && let Some(n) = scalar_text(name)
    {
        label = Some(n);
    }

    let (text_key, text_v) = find(&[
        "text",
        "message",
        "content",
        "utterance",
        "body",
        "transcript",
    ])
    .ok_or_else(|| fail("text", "missing: a turn needs its `text`".to_string()))?;
    let text = match text_v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(fail(
                text_key,
                format!("expected a string, found {}", kind(other)),
            ));
        }
    };

    let mut t = Turn {
        speaker,
        text,
        label,
        line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
        ..Turn::default()
    };
    if let Some((k, v)) = find(&["start", "start_time", "begin", "start_seconds"]) {
        t.start = fields::seconds_value(v).map_err(|r| fail(k, r))?;
    }
    if let Some((k, v)) = find(&["end", "end_time", "stop", "end_seconds"]) {
        t.end = fields::seconds_value(v).map_err(|r| fail(k, r))?;
    }
    if let Some((k, v)) = find(&[
        "at",
        "timestamp",
        "time",
        "datetime",
        "sent_at",
        "created_at",
        "date",
    ]) {
        t.at = fields::datetime_value(v).map_err(|r| fail(k, r))?;
    }
    Ok(t)
}
