//! A mailbox (`.mbox`): messages separated by `From ` lines, grouped into conversations by
//! thread root (References, else In-Reply-To followed to its own root, else Message-ID), each
//! message one turn. Turns are in date order when every message has a date, else in file order.
//! Conversations come out in the order their first message appears. The file is read whole
//! (threads span the file), within the document limit.

use std::collections::HashMap;

use crate::email::{self, Message};
use crate::emit::Emitter;
use crate::input::Source;

pub(crate) fn sniff(text: &str) -> bool {
    let mut lines = text.lines();
    lines.next().is_some_and(|l| l.starts_with("From "))
        && crate::eml::sniff(&text[text.find('\n').map_or(text.len(), |i| i + 1)..])
}

/// Splits at `From ` lines that open the file or follow a blank line; `>From ` lines are
/// unescaped (mboxrd). Returns each message's bytes and the line its headers start on.
fn split(bytes: &[u8]) -> Vec<(Vec<u8>, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(Vec<u8>, usize)> = None;
    let mut prev_blank = true;
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let n = i + 1;
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if prev_blank && body.starts_with(b"From ") {
            if let Some(m) = cur.take() {
                out.push(m);
            }
            cur = Some((Vec::new(), n + 1));
            prev_blank = false;
            continue;
        }
        prev_blank = body.iter().all(u8::is_ascii_whitespace);
        let Some((buf, _)) = cur.as_mut() else {
            continue;
        };
        let quoted = body.iter().take_while(|&&b| b == b'>').count();
        if quoted > 0 && body[quoted..].starts_with(b"From ") {
            buf.extend_from_slice(&line[1..]);
        } else {
            buf.extend_from_slice(line);
        }
    }
    if let Some(m) = cur {
        out.push(m);
    }
    out
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let bytes = match src.document_bytes() {
        Ok(b) => b,
        Err(e) => return em.error(e),
    };
    let domains = em.options().agent_domains.clone();
    let mut threads: Vec<(String, Vec<Message>)> = Vec::new();
    let mut thread_of: HashMap<String, usize> = HashMap::new();
    for (raw, line) in split(&bytes) {
        let m = match email::parse(&raw, line) {
            Ok(m) => m,
            Err(e) => {
                em.next_index();
                em.error(e);
                continue;
            }
        };
        // A reply whose In-Reply-To names a message already seen joins that message's thread,
        // even when References is missing.
        let known = m
            .references
            .iter()
            .chain(m.in_reply_to.iter())
            .chain(m.message_id.iter())
            .find_map(|id| thread_of.get(id).copied());
        let t = match known {
            Some(t) => t,
            None => {
                let root = m
                    .thread_root()
                    .map_or_else(|| format!("line-{line}"), str::to_string);
                threads.push((root.clone(), Vec::new()));
                thread_of.insert(root, threads.len() - 1);
                threads.len() - 1
            }
        };
        for id in m.message_id.iter().chain(m.references.iter()) {
            thread_of.entry(id.clone()).or_insert(t);
        }
        threads[t].1.push(m);
    }
    for (root, mut messages) in threads {
        if messages.iter().all(|m| m.date.is_some()) {
            messages.sort_by_key(|m| m.date);
        }
        let index = em.next_index();
        let draft = email::conversation(messages, &domains, index, false).map(|mut d| {
            if !root.starts_with("line-") {
                d.conversation.id = root;
            }
            d
        });
        em.finish(draft);
    }
}
