//! Reviews and complaints CSV, streamed: one conversation per row, channel `review`, the text as
//! a single customer turn. A company reply column, when present and filled, becomes an agent
//! turn, so that public replies can be scored against the standard too.
//!
//! `rating` (number, "4/5", "4 из 5", "★★★★☆") goes to `meta.rating`; date to `started_at`;
//! author to the customer's name; title, source, platform, product and store to `meta`, and so
//! does every column Hearback does not know, under its header name, so nothing is lost.

use ::csv::ByteRecord;
use hearback_core::{Channel, Lang, Speaker, Turn};
use serde_json::Value;

use crate::FormatError;
use crate::columns::{self, Col, REVIEW_COLUMNS};
use crate::csv::{Opened, csv_error, open};
use crate::emit::{Draft, Emitter};
use crate::fields::{self, PartyField};
use crate::input::Source;

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let Opened {
        mut reader,
        headers,
        decoder,
    } = match open(src, em) {
        Ok(r) => r,
        Err(e) => return em.error(e),
    };
    let mapping = match columns::resolve(&headers, REVIEW_COLUMNS, &em.options().column_map) {
        Ok(m) => m,
        Err(e) => return em.error(e),
    };
    let Some(text_col) = mapping.get(Col::Text) else {
        return em.error(
            FormatError::new(format!(
                "missing required column `text` (review, comment, отзыв, vélemény…); found {} — name it with --column-map text=<column>",
                columns::list(&headers)
            ))
            .at_line(1)
            .in_field("text"),
        );
    };
    let unmapped: Vec<usize> = (0..headers.len())
        .filter(|i| !mapping.found.iter().any(|(_, j)| j == i) && !headers[*i].is_empty())
        .collect();

    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let io = matches!(e.kind(), ::csv::ErrorKind::Io(_));
                em.next_index();
                em.error(csv_error(&e));
                if io {
                    return;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let row = decoder.decode_all(record.iter(), line, em);
        let index = em.next_index();
        let cell = |c: Col| -> &str {
            mapping
                .get(c)
                .and_then(|i| row.get(i))
                .map_or("", |s| s.trim())
        };
        let fail = |c: Col, reason: String| {
            let name = mapping
                .get(c)
                .and_then(|i| headers.get(i))
                .cloned()
                .unwrap_or_default();
            FormatError::new(reason).at_line(line).in_field(name)
        };
        let draft = (|| {
            let mut draft = Draft::new(line, index);
            let c = &mut draft.conversation;
            c.id = cell(Col::ConversationId).to_string();
            c.channel = Channel::Review;
            let text = row.get(text_col).map_or("", |s| s.trim());
            if text.is_empty() {
                return Err(fail(Col::Text, "empty: the review has no text".to_string())
                    .for_conversation(c.id.clone()));
            }
            let date = cell(Col::StartedAt);
            if !date.is_empty() {
                c.started_at = Some(fields::datetime(date).ok_or_else(|| {
                    fail(Col::StartedAt, format!("`{date}` is not a date"))
                        .for_conversation(c.id.clone())
                })?);
            }
            fields::set_party(&mut c.customer, PartyField::Name, cell(Col::Customer));
            fields::set_party(&mut c.customer, PartyField::Id, cell(Col::CustomerId));
            fields::set_party(&mut c.agent, PartyField::Name, cell(Col::Agent));
            fields::set_party(&mut c.agent, PartyField::Team, cell(Col::Team));
            if let Some(ch) = Channel::parse(cell(Col::Channel)) {
                c.channel = ch;
            }
            if !cell(Col::Language).is_empty() {
                c.language = Some(Lang::parse(cell(Col::Language)));
            }
            let rating = cell(Col::Rating);
            if !rating.is_empty() {
                match parse_rating(rating) {
                    Some(r) => {
                        // 4 stays 4 in JSON; 4.5 stays 4.5.
                        let v = if r.fract() == 0.0 && r.abs() < 1e9 {
                            Value::from(r as i64)
                        } else {
                            Value::from(r)
                        };
                        c.meta.insert("rating".into(), v);
                    }
                    None => draft.warnings.push(fail(
                        Col::Rating,
                        format!("`{rating}` is not a rating; left out"),
                    )),
                }
            }
            let c = &mut draft.conversation;
            if !cell(Col::Title).is_empty() {
                c.meta.insert("title".into(), Value::from(cell(Col::Title)));
            }
            for (col, _) in &mapping.found {
                if let Col::Meta(name) = col {
                    let v = cell(*col);
                    if !v.is_empty() {
                        c.meta.insert((*name).into(), fields::meta_value(v));
                    }
                }
            }
            for &i in &unmapped {
                if let Some(v) = row.get(i).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                    c.meta.insert(headers[i].clone(), fields::meta_value(v));
                }
            }
            let line_u32 = Some(u32::try_from(line).unwrap_or(u32::MAX));
            c.turns.push(Turn {
                speaker: Speaker::Customer,
                text: text.to_string(),
                at: c.started_at,
                line: line_u32,
                ..Turn::default()
            });
            let reply = cell(Col::Reply);
            if !reply.is_empty() {
                c.turns.push(Turn {
                    speaker: Speaker::Agent,
                    text: reply.to_string(),
                    line: line_u32,
                    ..Turn::default()
                });
            }
            Ok(draft)
        })();
        em.finish(draft);
    }
}

/// "4", "4.5", "4,5", "4/5", "4 из 5", "4 of 5", "4 stars", "★★★★☆" → 4 (4.5…); the scale is not
/// kept: exports within one file share it.
fn parse_rating(s: &str) -> Option<f64> {
    let t = s.trim();
    let stars = t.chars().filter(|&c| c == '★' || c == '⭐').count();
    if stars > 0 {
        return Some(stars as f64);
    }
    let num: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    fields::number(&num)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_in_the_spellings_exports_use() {
        assert_eq!(parse_rating("4"), Some(4.0));
        assert_eq!(parse_rating("4,5"), Some(4.5));
        assert_eq!(parse_rating("4/5"), Some(4.0));
        assert_eq!(parse_rating("2 из 5"), Some(2.0));
        assert_eq!(parse_rating("★★★☆☆"), Some(3.0));
        assert_eq!(parse_rating("good"), None);
    }
}
