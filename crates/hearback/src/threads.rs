//! E-mail threads that arrive one message per `.eml` file are joined into one conversation.
//!
//! Why here and not in the reader: a reader sees one file at a time, while a thread is spread over
//! several. The binary holds e-mail messages (small by nature) until every input is read, then
//! joins messages that share a thread id, in date order.

use std::collections::HashMap;

use hearback_core::Conversation;

/// Collects e-mail conversations by thread id, keeping first-seen order.
#[derive(Debug, Default)]
pub struct Threads {
    order: Vec<String>,
    parts: HashMap<String, Vec<Conversation>>,
}

impl Threads {
    /// True for conversations that should wait for the rest of their thread.
    pub fn wants(conversation: &Conversation) -> bool {
        conversation
            .source
            .as_ref()
            .is_some_and(|s| s.format == "eml")
    }

    pub fn add(&mut self, conversation: Conversation) {
        let id = conversation.id.clone();
        let parts = self.parts.entry(id.clone()).or_default();
        if parts.is_empty() {
            self.order.push(id);
        }
        parts.push(conversation);
    }

    /// The joined threads, in the order their first message was read.
    pub fn finish(mut self) -> Vec<Conversation> {
        self.order
            .iter()
            .filter_map(|id| self.parts.remove(id))
            .filter_map(join)
            .collect()
    }
}

/// Joins the messages of one thread: turns in date order (messages without a date keep their
/// reading order), parties and metadata from whichever message knows them, and the surest role
/// decision.
fn join(mut parts: Vec<Conversation>) -> Option<Conversation> {
    parts.sort_by_key(|c| c.started_at);
    let mut iter = parts.into_iter();
    let mut joined = iter.next()?;
    for part in iter {
        joined.turns.extend(part.turns);
        if joined.agent.is_none() {
            joined.agent = part.agent;
        }
        if joined.customer.is_none() {
            joined.customer = part.customer;
        }
        if joined.language.is_none() {
            joined.language = part.language;
        }
        joined.started_at = match (joined.started_at, part.started_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (&joined.roles, part.roles) {
            (Some(a), Some(b)) if b.confidence > a.confidence => joined.roles = Some(b),
            (None, Some(b)) => joined.roles = Some(b),
            _ => {}
        }
        for (key, value) in part.meta {
            match (joined.meta.get_mut(&key), value) {
                (Some(serde_json::Value::Array(mine)), serde_json::Value::Array(theirs)) => {
                    for v in theirs {
                        if !mine.contains(&v) {
                            mine.push(v);
                        }
                    }
                }
                (None, value) => {
                    joined.meta.insert(key, value);
                }
                _ => {}
            }
        }
    }
    joined.turns.sort_by_key(|t| t.at);
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearback_core::{Speaker, Turn};

    fn message(id: &str, at: &str, speaker: Speaker, text: &str) -> Conversation {
        let at = chrono::DateTime::parse_from_rfc3339(at).ok();
        let mut turn = Turn::new(speaker, text);
        turn.at = at;
        Conversation {
            id: id.into(),
            started_at: at,
            turns: vec![turn],
            ..Conversation::default()
        }
    }

    #[test]
    fn messages_of_one_thread_join_in_date_order() {
        let mut t = Threads::default();
        t.add(message(
            "a",
            "2026-11-20T10:00:00+03:00",
            Speaker::Agent,
            "Ответ",
        ));
        t.add(message(
            "b",
            "2026-11-20T09:00:00+03:00",
            Speaker::Customer,
            "Другое",
        ));
        t.add(message(
            "a",
            "2026-11-19T21:00:00+03:00",
            Speaker::Customer,
            "Вопрос",
        ));
        let joined = t.finish();
        assert_eq!(joined.len(), 2);
        assert_eq!(joined[0].id, "a");
        let texts: Vec<&str> = joined[0].turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["Вопрос", "Ответ"]);
        assert_eq!(
            joined[0].started_at,
            chrono::DateTime::parse_from_rfc3339("2026-11-19T21:00:00+03:00").ok()
        );
    }
}
