//! One e-mail message (`.eml`): a conversation with one turn, the message's own text. Its id is
//! the thread root (References, else In-Reply-To, else Message-ID), so that the messages of one
//! thread saved as separate files share it. See `email.rs` for stripping and roles.

use crate::email;
use crate::emit::Emitter;
use crate::input::Source;

/// Header names that start an RFC 822 message.
const HEADERS: &[&str] = &[
    "from:",
    "to:",
    "subject:",
    "date:",
    "message-id:",
    "received:",
    "return-path:",
    "mime-version:",
    "delivered-to:",
    "reply-to:",
    "cc:",
    "content-type:",
    "x-",
    "dkim-signature:",
    "arc-",
    "authentication-results:",
    "thread-topic:",
    "in-reply-to:",
    "references:",
];

/// At least two header lines in the first block, one of them `From:`, and nothing but headers
/// (and their folded continuations) before the first blank line.
pub(crate) fn sniff(text: &str) -> bool {
    let mut headers = 0;
    let mut from = false;
    for line in text.lines().take(200) {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let lower = line.to_lowercase();
        if !HEADERS.iter().any(|h| lower.starts_with(h)) {
            if lower.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }) {
                continue;
            }
            return false;
        }
        headers += 1;
        from |= lower.starts_with("from:");
    }
    headers >= 2 && from
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let bytes = match src.document_bytes() {
        Ok(b) => b,
        Err(e) => return em.error(e),
    };
    let index = em.next_index();
    let domains = em.options().agent_domains.clone();
    let draft =
        email::parse(&bytes, 1).and_then(|m| email::conversation(vec![m], &domains, index, true));
    em.finish(draft);
}
