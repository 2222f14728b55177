//! Hearback JSONL: one conversation object per line, streamed line by line so that memory stays
//! flat on any size. Blank lines are skipped; a bad line is an error for that line only.

use crate::FormatError;
use crate::emit::Emitter;
use crate::input::Source;
use crate::json::{self, OneLine};

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let mut buf = Vec::new();
    let mut line = 0usize;
    loop {
        match src.next_line(&mut buf) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return em.error(e.at_line(line + 1)),
        }
        line += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if buf.contains(&0) {
            em.next_index();
            em.error(FormatError::new("binary, not a conversation (NUL bytes)").at_line(line));
            continue;
        }
        let text = src.decode(&buf, line, em);
        json::read_text(&text, &OneLine(line), false, em);
    }
}
