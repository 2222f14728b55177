//! Plain "Speaker: text" transcripts, the format people write by hand and most tools can export.
//!
//! ```text
//! # id: call-0042
//! # channel: call
//! # agent: Анна Петрова
//! [00:00] Оператор: Добрый день! Меня зовут Анна, чем могу помочь?
//! [00:04] Клиент: Здравствуйте, я жду ответа уже третий день…
//!    и никто не перезванивает.
//! ---
//! Kovács Anna: Jó napot kívánok!
//! ```
//!
//! - Labels are role words in ru/hu/en ("Оператор", "Ügyfél", "Caller") or names ("Анна",
//!   "Kovács Anna", "Speaker 1"); names are placed by role inference. A word before a colon is
//!   taken as a label only when it is a role word, a label seen before, a name (capitalised
//!   words) or a speaker id, so "Note that at 10: we…" inside a turn stays text.
//! - Times: `[mm:ss]`, `[hh:mm:ss]`, `00:12`, `(00:12)` or a range `[00:12 - 00:15]`, before
//!   the label, after it (`Анна [00:12]:`), or right after the colon. When only starts are
//!   known, a turn ends where the next one starts.
//! - A line without a label continues the previous turn.
//! - `# key: value` lines before the first turn are headers: id, channel, agent, agent_id,
//!   customer, customer_id, started_at, language, team, audio; any other key goes to `meta`.
//!   Other `#` lines are comments.
//! - A line `---` starts the next conversation in the same file.
//! - Channel: the header's, else `call` when there are times, else `chat`.

use hearback_core::roles::looks_like_person_name;
use hearback_core::{Channel, Lang, Speaker, Turn};

use crate::FormatError;
use crate::emit::{Draft, Emitter};
use crate::fields::{self, PartyField};
use crate::input::Source;

/// Longest label, in characters; longer text before a colon is a sentence.
const MAX_LABEL_CHARS: usize = 40;
const MAX_LABEL_WORDS: usize = 4;

/// One labelled line.
#[derive(Debug, PartialEq)]
struct LabelledLine {
    label: String,
    text: String,
    start: Option<f64>,
    end: Option<f64>,
}

pub(crate) fn sniff(ext: &str, text: &str) -> bool {
    let mut known: Vec<String> = Vec::new();
    let (mut labelled, mut strong, mut headers, mut other) = (0usize, 0usize, 0usize, 0usize);
    for line in text.lines().take(200) {
        let t = line.trim();
        if t.is_empty() || is_separator(t) {
            continue;
        }
        if t.starts_with('#') {
            if header(t).is_some() {
                headers += 1;
            }
            continue;
        }
        match labelled_line(t, &known) {
            Some(l) => {
                labelled += 1;
                if l.start.is_some() || Speaker::from_label(&l.label).is_some() {
                    strong += 1;
                }
                if !known.contains(&l.label) {
                    known.push(l.label);
                }
            }
            None => other += 1,
        }
    }
    let enough = (strong >= 1 && labelled >= 2)
        || (labelled >= 3 && known.len() >= 2)
        || (headers >= 1 && labelled >= 1);
    if ext == "txt" {
        enough || strong >= 1
    } else {
        enough && labelled * 2 >= other
    }
}

pub(crate) fn read(src: &mut Source, em: &mut Emitter) {
    let doc = match src.document(em) {
        Ok(d) => d,
        Err(e) => return em.error(e),
    };
    let segments = segments(&doc);
    let alone = segments.len() == 1;
    for seg in segments {
        let index = em.next_index();
        let draft = conversation(&seg, index, alone);
        em.finish(draft);
    }
}

struct Segment<'a> {
    first_line: usize,
    lines: Vec<(usize, &'a str)>,
}

fn is_separator(t: &str) -> bool {
    t.len() >= 3 && t.chars().all(|c| c == '-')
}

/// Splits at `---` lines; segments with nothing but blank lines and comments are dropped (a
/// trailing `---` is common).
fn segments(doc: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut cur = Segment {
        first_line: 1,
        lines: Vec::new(),
    };
    for (i, line) in doc.lines().enumerate() {
        let n = i + 1;
        if is_separator(line.trim()) {
            out.push(std::mem::replace(
                &mut cur,
                Segment {
                    first_line: n + 1,
                    lines: Vec::new(),
                },
            ));
            continue;
        }
        cur.lines.push((n, line));
    }
    out.push(cur);
    out.retain(|s| {
        s.lines.iter().any(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && (!t.starts_with('#') || header(t).is_some())
        })
    });
    for s in &mut out {
        if let Some((n, _)) = s.lines.iter().find(|(_, l)| !l.trim().is_empty()) {
            s.first_line = *n;
        }
    }
    out
}

fn conversation(seg: &Segment, index: usize, alone: bool) -> Result<Draft, FormatError> {
    let mut draft = Draft::new(seg.first_line, index);
    draft.alone = alone;
    let mut in_header = true;
    let mut channel_set = false;
    let mut known: Vec<String> = Vec::new();
    let mut stray: Option<usize> = None;
    let mut turns: Vec<Turn> = Vec::new();
    for &(n, line) in &seg.lines {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('#') {
            if in_header && let Some((key, value)) = header(t) {
                let id = draft.conversation.id.clone();
                apply_header(&mut draft, &mut channel_set, &key, value, n)
                    .map_err(|e| e.for_conversation(id))?;
            }
            continue;
        }
        if let Some(l) = labelled_line(t, &known) {
            in_header = false;
            if !known.contains(&l.label) {
                known.push(l.label.clone());
            }
            let (speaker, label) = fields::speaker(&l.label);
            turns.push(Turn {
                speaker,
                label,
                text: l.text,
                start: l.start,
                end: l.end,
                line: Some(u32::try_from(n).unwrap_or(u32::MAX)),
                ..Turn::default()
            });
        } else if let Some(last) = turns.last_mut() {
            if !last.text.is_empty() {
                last.text.push('\n');
            }
            last.text.push_str(t);
        } else {
            in_header = false;
            stray.get_or_insert(n);
        }
    }
    let id = draft.conversation.id.clone();
    if turns.is_empty() {
        let reason = if stray.is_some() {
            "no `Speaker: text` lines: a transcript needs lines such as `Оператор: Добрый день!` or `Agent: Hello`"
        } else {
            "no turns: the transcript has headers but nobody speaks"
        };
        return Err(FormatError::new(reason)
            .at_line(stray.unwrap_or(seg.first_line))
            .for_conversation(id));
    }
    if let Some(n) = stray {
        draft.warn(
            FormatError::new("text before the first `Speaker:` label is ignored")
                .at_line(n)
                .for_conversation(id),
        );
    }
    // A turn whose end is unknown ends where the next one starts.
    for i in 0..turns.len().saturating_sub(1) {
        if turns[i].end.is_none()
            && let (Some(s), Some(next)) = (turns[i].start, turns[i + 1].start)
            && next >= s
        {
            turns[i].end = Some(next);
        }
    }
    let c = &mut draft.conversation;
    if !channel_set {
        c.channel = if turns.iter().any(|t| t.start.is_some()) {
            Channel::Call
        } else {
            Channel::Chat
        };
    }
    c.turns = turns;
    Ok(draft)
}

/// `# key: value` → (lower-case key with `_`, value).
fn header(t: &str) -> Option<(String, &str)> {
    let body = t.strip_prefix('#')?.trim_start();
    let (k, v) = body.split_once(':')?;
    let key = k.trim().to_lowercase().replace([' ', '-'], "_");
    let valid = !key.is_empty()
        && key.chars().count() <= 40
        && key.chars().all(|c| c.is_alphanumeric() || c == '_');
    valid.then_some((key, v.trim()))
}

fn apply_header(
    draft: &mut Draft,
    channel_set: &mut bool,
    key: &str,
    value: &str,
    line: usize,
) -> Result<(), FormatError> {
    let c = &mut draft.conversation;
    let fail = |reason: String| {
        FormatError::new(reason)
            .at_line(line)
            .in_field(key.to_string())
    };
    match key {
        "id" | "conversation_id" | "call_id" | "chat_id" => c.id = value.to_string(),
        "channel" => {
            c.channel = Channel::parse(value).ok_or_else(|| {
                fail(format!(
                    "unknown channel `{value}` (call, chat, email, review or other)"
                ))
            })?;
            *channel_set = true;
        }
        "agent" | "agent_name" | "operator" => {
            fields::set_party(&mut c.agent, PartyField::Name, value)
        }
        "agent_id" => fields::set_party(&mut c.agent, PartyField::Id, value),
        "team" => fields::set_party(&mut c.agent, PartyField::Team, value),
        "customer" | "customer_name" | "client" => {
            fields::set_party(&mut c.customer, PartyField::Name, value)
        }
        "customer_id" => fields::set_party(&mut c.customer, PartyField::Id, value),
        "started_at" | "date" | "start_time" => {
            c.started_at = Some(fields::datetime(value).ok_or_else(|| {
                fail(format!(
                    "`{value}` is not a date-time (expected e.g. 2026-11-20T10:15:00+03:00)"
                ))
            })?);
        }
        "language" | "lang" => c.language = Some(Lang::parse(value)),
        "audio" => c.audio = Some(value.to_string()),
        _ => {
            c.meta.insert(key.to_string(), fields::meta_value(value));
        }
    }
    Ok(())
}

/// The colon that ends a label: the first one outside brackets (so "Анна [00:07]:" works),
/// early in the line, because a label is short.
fn label_colon(line: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in line.char_indices().take(MAX_LABEL_CHARS + 24) {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Splits "Label: text" when the part before the first colon is a label (see [`is_label`]).
pub(crate) fn split_label<'a>(line: &'a str, known: &[String]) -> Option<(&'a str, &'a str)> {
    let colon = label_colon(line)?;
    let label = line[..colon].trim();
    is_label(label, known).then(|| (label, line[colon + 1..].trim()))
}

/// Parses a line as a labelled turn; `None` when it is text (a continuation).
fn labelled_line(line: &str, known: &[String]) -> Option<LabelledLine> {
    let (mut start, mut end, rest) = match leading_time(line) {
        Some((s, e, rest)) => (Some(s), e, rest),
        None => (None, None, line),
    };
    // The label ends at the first colon, which must come early: a label is short.
    let colon = label_colon(rest)?;
    let mut label = rest[..colon].trim();
    let mut text = rest[colon + 1..].trim();
    // A time after the label: "Анна [00:12]: …" or "Анна (00:12): …".
    if start.is_none()
        && let Some(open) = label.rfind(['[', '('])
        && label.ends_with([']', ')'])
        && let Some((s, e)) = time_range(&label[open + 1..label.len() - 1])
    {
        start = Some(s);
        end = e;
        label = label[..open].trim();
    }
    // A time right after the colon: "Анна: [00:12] …".
    if start.is_none()
        && (text.starts_with('[') || text.starts_with('('))
        && let Some((s, e, after)) = leading_time(text)
    {
        start = Some(s);
        end = e;
        text = after;
    }
    if !is_label(label, known) {
        return None;
    }
    Some(LabelledLine {
        label: label.to_string(),
        text: text.to_string(),
        start,
        end,
    })
}

pub(crate) fn is_label(label: &str, known: &[String]) -> bool {
    let chars = label.chars().count();
    if chars == 0 || chars > MAX_LABEL_CHARS {
        return false;
    }
    if label.split_whitespace().count() > MAX_LABEL_WORDS
        || !label.chars().next().is_some_and(char::is_alphabetic)
        || label.contains("://")
    {
        return false;
    }
    known.iter().any(|k| k == label)
        || Speaker::from_label(label).is_some()
        || looks_like_person_name(label)
        || looks_like_speaker_id(label)
}

/// "Speaker 1", "spk_0", "S2", "Спикер 1", "Beszélő 2", "channel 1".
fn looks_like_speaker_id(label: &str) -> bool {
    let l = label.to_lowercase();
    let prefix = l.trim_end_matches(|c: char| c.is_ascii_digit());
    if prefix.len() == l.len() {
        return false;
    }
    let prefix = prefix.trim_end_matches([' ', '_', '-', '#']);
    matches!(
        prefix,
        "speaker"
            | "spk"
            | "s"
            | "sp"
            | "ch"
            | "channel"
            | "person"
            | "voice"
            | "говорящий"
            | "спикер"
            | "канал"
            | "участник"
            | "beszélő"
            | "csatorna"
            | "résztvevő"
    )
}

/// A time at the start of a line: `[00:12]`, `(00:12)`, `[00:12 - 00:15]`, `00:12`,
/// `00:12-00:15`. Returns start, end and the rest of the line.
fn leading_time(s: &str) -> Option<(f64, Option<f64>, &str)> {
    let s = s.trim_start();
    let first = s.chars().next()?;
    if first == '[' || first == '(' {
        let close = if first == '[' { ']' } else { ')' };
        let idx = s.char_indices().take(48).find(|(_, c)| *c == close)?.0;
        let (start, end) = time_range(&s[1..idx])?;
        return Some((start, end, s[idx + 1..].trim_start()));
    }
    if !first.is_ascii_digit() {
        return None;
    }
    let token_end = s.find(char::is_whitespace).unwrap_or(s.len());
    let token = &s[..token_end];
    if let Some((start, end)) = time_range(token).filter(|_| token.contains(':')) {
        let mut rest = s[token_end..].trim_start();
        let mut end = end;
        // "00:12 - 00:15 Anna: …"
        if end.is_none()
            && let Some(r) = rest.strip_prefix(['-', '–', '—'])
        {
            let r = r.trim_start();
            let t_end = r.find(char::is_whitespace).unwrap_or(r.len());
            if let Some(e) = fields::clock(&r[..t_end]) {
                end = Some(e);
                rest = r[t_end..].trim_start();
            }
        }
        return Some((start, end, rest));
    }
    None
}

/// `00:12`, `00:12.5`, `00:12 - 00:15`, `00:12-00:15`, `00:00:12,000 --> 00:00:15,000`.
fn time_range(inner: &str) -> Option<(f64, Option<f64>)> {
    let inner = inner.trim();
    for sep in ["-->", " - ", " – ", " — ", "–", "—", "-"] {
        if let Some((a, b)) = inner.split_once(sep) {
            let s = fields::clock(a)?;
            let e = fields::clock(b)?;
            return Some((s, Some(e)));
        }
    }
    fields::clock(inner).map(|s| (s, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Option<LabelledLine> {
        labelled_line(line, &[])
    }

    #[test]
    fn labels_with_and_without_times() {
        let l = parse("[00:12] Оператор: Добрый день!").unwrap();
        assert_eq!(
            (l.label.as_str(), l.text.as_str(), l.start),
            ("Оператор", "Добрый день!", Some(12.0))
        );
        let l = parse("[00:12 - 00:15] Kovács Anna: Jó napot!").unwrap();
        assert_eq!((l.start, l.end), (Some(12.0), Some(15.0)));
        let l = parse("01:02:03 Agent: Hello").unwrap();
        assert_eq!(l.start, Some(3723.0));
        let l = parse("Анна [00:07]: Слушаю вас").unwrap();
        assert_eq!((l.label.as_str(), l.start), ("Анна", Some(7.0)));
        let l = parse("Customer: [1:05] I waited").unwrap();
        assert_eq!((l.text.as_str(), l.start), ("I waited", Some(65.0)));
        let l = parse("Speaker 2: yes").unwrap();
        assert_eq!(l.label, "Speaker 2");
    }

    #[test]
    fn sentences_with_colons_are_not_labels() {
        assert!(parse("and then we agreed: no refunds").is_none());
        assert!(parse("We meet at 10:30 tomorrow").is_none());
        assert!(parse("See https://example.com: it says").is_none());
        assert!(parse("Это очень длинное предложение, в котором есть двоеточие: вот").is_none());
    }

    #[test]
    fn a_known_label_is_accepted_even_when_lower_case() {
        assert!(parse("anna: hi").is_none());
        assert!(labelled_line("anna: hi", &["anna".to_string()]).is_some());
    }

    #[test]
    fn sniffing_wants_labelled_lines() {
        assert!(sniff(
            "txt",
            "Оператор: Добрый день!\nКлиент: Здравствуйте.\n"
        ));
        assert!(sniff("", "[00:01] Anna: Hi\n[00:03] Bob: Hello\n"));
        assert!(!sniff("txt", "Meeting notes\nWe discussed the budget.\n"));
        assert!(!sniff("", "Dear team,\nplease find attached.\n"));
    }
}
