//! SRT subtitles (`.srt`): numbered cues with `00:00:01,000 --> 00:00:04,000` timings and
//! "Name:" prefixes (or `<v Name>` tags, which some converters keep). Channel `call`.

use crate::captions;
use crate::emit::Emitter;
use crate::input::Source;

pub(crate) fn sniff(text: &str) -> bool {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let timing = |l: &str| l.contains("-->") && captions::timing(l).is_ok();
    if timing(first) {
        return true;
    }
    first.chars().all(|c| c.is_ascii_digit()) && lines.next().is_some_and(timing)
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let doc = match src.document(em) {
        Ok(d) => d,
        Err(e) => return em.error(e),
    };
    let index = em.next_index();
    let draft = (|| {
        let blocks = captions::blocks(&doc);
        let mut warnings = Vec::new();
        let cues = captions::cues(&blocks, |_| false, &mut warnings)?;
        let first_line = cues.first().map_or(1, |c| c.line);
        let mut draft = captions::conversation(cues, first_line, index)?;
        draft.warnings.extend(warnings);
        Ok(draft)
    })();
    em.finish(draft);
}
