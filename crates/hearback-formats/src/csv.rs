//! CSV with one row per turn, streamed: rows are read one at a time and a conversation is
//! delivered as soon as the conversation id changes, so memory holds one conversation at most.
//!
//! Rows of one conversation must be consecutive (every export we know writes them so, and it is
//! what makes streaming possible). An id that comes back later is not merged with its earlier
//! rows — that would need the whole file in memory — it becomes a separate conversation `id#2`
//! with a warning naming the line.
//!
//! Without a conversation id column the whole file is one conversation. Channel is the
//! `channel` column's, else `call` when rows have start times, else `chat`.

use ::csv::{ByteRecord, ReaderBuilder};
use hearback_core::{Channel, Lang, Turn};

use crate::columns::{self, Col, Mapping, TURN_COLUMNS};
use crate::emit::{Draft, Emitter};
use crate::fields::{self, PartyField};
use crate::input::{Decoder, Source};
use crate::{FormatError, extension};

/// The conversation being collected.
struct Building {
    key: String,
    draft: Result<Draft, FormatError>,
    channel_set: bool,
}

/// A CSV reader positioned after the header line.
pub(crate) struct Opened<'s> {
    pub reader: ::csv::Reader<&'s mut dyn std::io::BufRead>,
    pub headers: Vec<String>,
    pub decoder: &'s mut Decoder,
}

/// Opens a CSV reader over the source with the separator its header line uses, and reads the
/// header.
pub(crate) fn open<'s>(src: &'s mut Source, em: &mut Emitter) -> Result<Opened<'s>, FormatError> {
    let ext = extension(em.file()).unwrap_or_default();
    let (stream, decoder) = src.split();
    let first_line = {
        let head = stream.fill_buf().map_err(crate::input::io_error)?;
        let end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
        String::from_utf8_lossy(&head[..end]).into_owned()
    };
    let sep = columns::separator(&first_line, &ext);
    let mut reader = ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(stream);
    let mut header = ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(true) => {}
        Ok(false) => return Err(FormatError::new("empty: no header line and no rows").at_line(1)),
        Err(e) => return Err(csv_error(&e)),
    }
    let headers = decoder.decode_all(header.iter(), 1, em);
    let headers = headers
        .into_iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    Ok(Opened {
        reader,
        headers,
        decoder,
    })
}

pub(crate) fn csv_error(e: &::csv::Error) -> FormatError {
    let line = e.position().map(|p| p.line() as usize);
    let reason = match e.kind() {
        ::csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => format!("malformed CSV: {e}"),
    };
    let mut err = FormatError::new(reason);
    err.line = line;
    err
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let Opened {
        mut reader,
        headers,
        decoder,
    } = match open(src, em) {
        Ok(r) => r,
        Err(e) => return em.error(e),
    };
    let mapping = match columns::resolve(&headers, TURN_COLUMNS, &em.options().column_map) {
        Ok(m) => m,
        Err(e) => return em.error(e),
    };
    let missing: Vec<&str> = [(Col::Speaker, "speaker"), (Col::Text, "text")]
        .iter()
        .filter(|(c, _)| mapping.get(*c).is_none())
        .map(|(_, n)| *n)
        .collect();
    if !missing.is_empty() {
        let hint = if mapping.get(Col::Speaker).is_none() && mapping.get(Col::Text).is_some() {
            " (a file with a text column and no speaker is read with --input-format reviews)"
        } else {
            ""
        };
        return em.error(
            FormatError::new(format!(
                "missing required column{} {}; found {} — name them with --column-map, e.g. --column-map {}=<column>{hint}",
                if missing.len() == 1 { "" } else { "s" },
                missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" and "),
                columns::list(&headers),
                missing[0],
            ))
            .at_line(1)
            .in_field(missing.join(", ")),
        );
    }

    let mut record = ByteRecord::new();
    let mut current: Option<Building> = None;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // A broken row (or an I/O error) ends the conversation it is in; the reader
                // resynchronises on the next record.
                let err = csv_error(&e);
                if let ::csv::ErrorKind::Io(_) = e.kind() {
                    flush(current.take(), em);
                    return em.error(err);
                }
                if let Some(b) = current.as_mut()
                    && b.draft.is_ok()
                {
                    b.draft = Err(err);
                } else {
                    em.error(err);
                }
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let row = decoder.decode_all(record.iter(), line, em);
        let cell = |c: Col| -> &str {
            mapping
                .get(c)
                .and_then(|i| row.get(i))
                .map_or("", |s| s.trim())
        };
        let key = cell(Col::ConversationId).to_string();
        if current.as_ref().is_none_or(|b| b.key != key) {
            flush(current.take(), em);
            let index = em.next_index();
            let mut draft = Draft::new(line, index);
            draft.conversation.id = key.clone();
            current = Some(Building {
                key,
                draft: Ok(draft),
                channel_set: false,
            });
        }
        if let Some(b) = current.as_mut()
            && let Ok(draft) = b.draft.as_mut()
            && let Err(e) = add_row(draft, &mut b.channel_set, &mapping, &headers, &row, line)
        {
            b.draft = Err(e.for_conversation(b.key.clone()));
        }
    }
    flush(current.take(), em);
}

fn flush(b: Option<Building>, em: &mut Emitter) {
    let Some(b) = b else { return };
    let draft = b.draft.map(|mut d| {
        if !b.channel_set {
            d.conversation.channel = if d.conversation.has_timestamps() {
                Channel::Call
            } else {
                Channel::Chat
            };
        }
        d
    });
    em.finish(draft);
}

fn add_row(
    draft: &mut Draft,
    channel_set: &mut bool,
    mapping: &Mapping,
    headers: &[String],
    row: &[String],
    line: usize,
) -> Result<(), FormatError> {
    let cell = |c: Col| -> &str {
        mapping
            .get(c)
            .and_then(|i| row.get(i))
            .map_or("", |s| s.trim())
    };
    let header = |c: Col| -> String {
        mapping
            .get(c)
            .and_then(|i| headers.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let fail = |c: Col, reason: String| FormatError::new(reason).at_line(line).in_field(header(c));
    let c = &mut draft.conversation;

    fields::set_party(&mut c.agent, PartyField::Name, cell(Col::Agent));
    fields::set_party(&mut c.agent, PartyField::Id, cell(Col::AgentId));
    fields::set_party(&mut c.agent, PartyField::Team, cell(Col::Team));
    fields::set_party(&mut c.customer, PartyField::Name, cell(Col::Customer));
    fields::set_party(&mut c.customer, PartyField::Id, cell(Col::CustomerId));
    if !*channel_set && !cell(Col::Channel).is_empty() {
        let v = cell(Col::Channel);
        c.channel = Channel::parse(v).ok_or_else(|| {
            fail(
                Col::Channel,
                format!("unknown channel `{v}` (call, chat, email, review or other)"),
            )
        })?;
        *channel_set = true;
    }
    if c.language.is_none() && !cell(Col::Language).is_empty() {
        c.language = Some(Lang::parse(cell(Col::Language)));
    }
    if c.started_at.is_none() && !cell(Col::StartedAt).is_empty() {
        let v = cell(Col::StartedAt);
        c.started_at = Some(
            fields::datetime(v)
                .ok_or_else(|| fail(Col::StartedAt, format!("`{v}` is not a date-time")))?,
        );
    }

    let label = cell(Col::Speaker);
    if label.is_empty() {
        return Err(fail(Col::Speaker, "empty: who said this turn?".to_string()));
    }
    let (speaker, label) = fields::speaker(label);
    let mut turn = Turn {
        speaker,
        label,
        text: cell(Col::Text).to_string(),
        line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
        ..Turn::default()
    };
    for (col, slot) in [(Col::Start, &mut turn.start), (Col::End, &mut turn.end)] {
        let v = cell(col);
        if !v.is_empty() {
            *slot = Some(fields::seconds(v).map_err(|r| fail(col, r))?);
        }
    }
    let at = cell(Col::At);
    if !at.is_empty() {
        turn.at = Some(
            fields::datetime(at)
                .ok_or_else(|| fail(Col::At, format!("`{at}` is not a date-time")))?,
        );
    }
    let time = cell(Col::Time);
    if !time.is_empty() {
        if let Some(d) = fields::datetime(time) {
            turn.at = Some(d);
        } else {
            turn.start = Some(fields::seconds(time).map_err(|r| fail(Col::Time, r))?);
        }
    }
    if c.started_at.is_none() && c.turns.is_empty() {
        c.started_at = turn.at;
    }
    c.turns.push(turn);
    Ok(())
}
