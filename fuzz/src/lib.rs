//! What every fuzz target does: read the bytes and check the invariants `read` promises, so
//! that a broken promise is a crash the fuzzer keeps, not only a panic inside a reader.

use hearback_core::Speaker;
use hearback_formats::{Format, Item, ReadOptions, SNIFF_BYTES, read, sniff};

pub fn read_as(format: Option<Format>, name: &str, data: &[u8]) {
    if format.is_none() {
        let _ = sniff(name, &data[..data.len().min(SNIFF_BYTES)]);
    }
    let opts = ReadOptions {
        format,
        swap_roles: data.len() % 2 == 1,
        agent_domains: vec!["acme.example".to_string()],
        ..ReadOptions::default()
    };
    let mut delivered = 0usize;
    let mut reader = data;
    read(name, &mut reader, &opts, &mut |item| match item {
        Item::Conversation(c) => {
            delivered += 1;
            assert!(!c.id.is_empty(), "a conversation without an id");
            assert!(!c.turns.is_empty(), "a conversation without turns");
            let source = c.source.as_ref().expect("a conversation without a source");
            assert_eq!(source.file, name);
            for t in &c.turns {
                assert!(t.speaker != Speaker::Unknown, "an unplaced speaker");
                assert!(!t.text.trim().is_empty(), "an empty turn");
                for v in [t.start, t.end].into_iter().flatten() {
                    assert!(v.is_finite() && v >= 0.0, "a bad time {v}");
                }
            }
            if let Some(r) = &c.roles {
                assert!((0.0..=1.0).contains(&r.confidence));
            }
            // What the binary does next: serialise the conversation.
            let json = serde_json::to_string(&c).expect("a conversation serialises");
            let back: hearback_core::Conversation =
                serde_json::from_str(&json).expect("and reads back");
            assert_eq!(back.turns.len(), c.turns.len());
        }
        Item::Warning(w) => assert_eq!(w.file, name),
        Item::Error(e) => {
            delivered += 1;
            assert_eq!(e.file, name);
            assert!(!e.reason.is_empty());
            let _ = e.to_string();
        }
    });
    assert!(delivered > 0, "nothing delivered: not even an error");
}
