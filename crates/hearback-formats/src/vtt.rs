//! WebVTT captions (`.vtt`), as meeting and call recorders export them: speakers from `<v Name>`
//! voice tags or "Name:" prefixes (see `captions.rs`). NOTE, STYLE and REGION blocks are
//! skipped. Channel `call`.

use crate::FormatError;
use crate::captions;
use crate::emit::Emitter;
use crate::input::Source;

pub(crate) fn sniff(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}');
    t.starts_with("WEBVTT")
        && t[6..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r')
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let doc = match src.document(em) {
        Ok(d) => d,
        Err(e) => return em.error(e),
    };
    let index = em.next_index();
    let draft = (|| {
        if !sniff(&doc) {
            return Err(FormatError::new("not WebVTT: the first line must be `WEBVTT`").at_line(1));
        }
        let blocks = captions::blocks(&doc);
        let mut warnings = Vec::new();
        // The first block is the WEBVTT header (and its metadata lines).
        let rest = blocks.get(1..).unwrap_or(&[]);
        let cues = captions::cues(
            rest,
            |lines| {
                let first = lines.first().map_or("", |l| l.trim_start());
                ["NOTE", "STYLE", "REGION"]
                    .iter()
                    .any(|k| first.starts_with(k) && !first.contains("-->"))
            },
            &mut warnings,
        )?;
        let first_line = cues.first().map_or(1, |c| c.line);
        let mut draft = captions::conversation(cues, first_line, index)?;
        draft.warnings.extend(warnings);
        Ok(draft)
    })();
    em.finish(draft);
}
