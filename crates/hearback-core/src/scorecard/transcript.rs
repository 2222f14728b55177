//! The tiny "speaker: text" transcript of a scorecard's `[[test]]` blocks.
//!
//! ```text
//! agent: Добрый день! Меня зовут Анна.
//! [00:03-00:07.5] customer: Здравствуйте…
//! [00:09] agent: Одну минуту.
//! ```
//! Every non-empty line is a turn (`#` starts a comment line). Labels are `agent`, `customer`,
//! `system`, or the role words importers know (Оператор, Ügyfél, Caller…). Timestamps are
//! optional — `[mm:ss]`, `[h:mm:ss]` or `[seconds]`, with an optional `-end` — but either every
//! turn has one or none does. Without an end, a turn lasts 0.4 s per word plus 0.5 s, cut at
//! the next turn's start, so a large gap between starts reads as a silence.
//!
//! Why not the importers' parser: the core depends on no other crate of the workspace, and a
//! test transcript should fail loudly on anything unusual rather than be guessed at.

use crate::conversation::{Speaker, Turn};

/// A mistake in a transcript: 0-based line index inside the transcript and 0-based column in
/// characters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("transcript line {}: {message}", line + 1)]
pub struct TranscriptError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses a transcript into turns; all mistakes are reported.
pub fn parse(text: &str) -> Result<Vec<Turn>, Vec<TranscriptError>> {
    let mut turns = Vec::new();
    let mut errors = Vec::new();
    let mut timed = None::<bool>;
    let mut explicit_end = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let indent = raw.chars().take_while(|c| c.is_whitespace()).count();
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |column: usize, message: String| TranscriptError {
            line: n,
            column: indent + column,
            message,
        };
        let (times, rest, rest_at) = match line.strip_prefix('[') {
            Some(after) => match after.find(']') {
                Some(close) => {
                    let inside = &after[..close];
                    match parse_times(inside) {
                        Ok(t) => {
                            let rest = &after[close + 1..];
                            let at = line.chars().count() - rest.chars().count();
                            (Some(t), rest, at)
                        }
                        Err(m) => {
                            errors.push(error(1, m));
                            continue;
                        }
                    }
                }
                None => {
                    errors.push(error(0, "`[` without `]`".into()));
                    continue;
                }
            },
            None => (None, line, 0),
        };
        if *timed.get_or_insert(times.is_some()) != times.is_some() {
            errors.push(error(
                0,
                "either every turn has a [mm:ss] timestamp or none does".into(),
            ));
            continue;
        }
        let lead = rest.chars().take_while(|c| c.is_whitespace()).count();
        let rest = rest.trim_start();
        let Some(colon) = rest.find(':') else {
            errors.push(error(
                rest_at + lead,
                "expected `speaker: text`, e.g. `agent: Hello`".into(),
            ));
            continue;
        };
        let label = rest[..colon].trim();
        let speaker = match label.to_lowercase().as_str() {
            "agent" => Some(Speaker::Agent),
            "customer" => Some(Speaker::Customer),
            "system" => Some(Speaker::System),
            _ => Speaker::from_label(label),
        };
        let Some(speaker) = speaker else {
            errors.push(error(
                rest_at + lead,
                format!("unknown speaker `{label}`; use agent, customer or system"),
            ));
            continue;
        };
        let body = rest[colon + 1..].trim();
        let mut turn = Turn::new(speaker, body);
        turn.label = Some(label.to_string());
        turn.line = u32::try_from(n + 1).ok();
        if let Some((start, end)) = times {
            if let Some(prev) = turns.last().and_then(|t: &Turn| t.start)
                && start < prev
            {
                errors.push(error(1, "timestamps go backwards".into()));
                continue;
            }
            turn.start = Some(start);
            turn.end = end;
            explicit_end.push(end.is_some());
        }
        turns.push(turn);
    }
    // Estimated ends, cut at the next turn's start.
    for i in 0..turns.len() {
        if let Some(start) = turns[i].start
            && turns[i].end.is_none()
        {
            let words = turns[i].text.split_whitespace().count() as f64;
            let mut end = start + 0.5 + 0.4 * words;
            if let Some(next) = turns.get(i + 1).and_then(|t| t.start) {
                end = end.min(next.max(start));
            }
            turns[i].end = Some(end);
        }
    }
    if turns.is_empty() && errors.is_empty() {
        errors.push(TranscriptError {
            line: 0,
            column: 0,
            message: "the transcript has no turns".into(),
        });
    }
    if errors.is_empty() {
        Ok(turns)
    } else {
        Err(errors)
    }
}

fn parse_times(s: &str) -> Result<(f64, Option<f64>), String> {
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let start = seconds(a)?;
    let end = b.map(seconds).transpose()?;
    if let Some(e) = end
        && e < start
    {
        return Err(format!(
            "the turn ends ({e} s) before it starts ({start} s)"
        ));
    }
    Ok((start, end))
}

/// `[h:]mm:ss[.fff]` or plain seconds.
fn seconds(s: &str) -> Result<f64, String> {
    let s = s.trim();
    let mut total = 0.0;
    for part in s.split(':') {
        let v: f64 = part
            .parse()
            .map_err(|_| format!("`{s}` is not a time; write mm:ss, h:mm:ss or seconds"))?;
        if !v.is_finite() || v < 0.0 {
            return Err(format!("`{s}` is not a time"));
        }
        total = total * 60.0 + v;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_text_and_times_are_read() {
        let t = parse("agent: Hello!\n  [01:02.5-01:04] customer: Hi: there").unwrap_err();
        assert_eq!(t[0].line, 1);
        let turns = parse("[0:00-0:02] agent: Hello!\n[1:02.5-1:04] customer: Hi: there").unwrap();
        assert_eq!(turns[1].speaker, Speaker::Customer);
        assert_eq!(turns[1].text, "Hi: there");
        assert_eq!(turns[1].start, Some(62.5));
        assert_eq!(turns[1].end, Some(64.0));
    }

    #[test]
    fn role_words_in_other_languages_are_labels() {
        let turns = parse("Оператор: Добрый день\nÜgyfél: Jó napot").unwrap();
        assert_eq!(turns[0].speaker, Speaker::Agent);
        assert_eq!(turns[1].speaker, Speaker::Customer);
    }

    #[test]
    fn missing_ends_are_estimated_and_cut_at_the_next_start() {
        let turns = parse("[0:00] agent: Одну минуту\n[0:40] agent: Спасибо за ожидание").unwrap();
        assert!((turns[0].end.unwrap() - 1.3).abs() < 1e-9);
        let turns =
            parse("[0:00] agent: one two three four five six\n[0:01] customer: ok").unwrap();
        assert_eq!(turns[0].end, Some(1.0));
    }

    #[test]
    fn every_mistake_is_reported_with_its_line() {
        let errors = parse("agent: hi\nAnna: hello\nno colon here\n[0:xx] agent: hm").unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 3]);
        assert!(errors[0].message.contains("unknown speaker `Anna`"));
    }

    #[test]
    fn backwards_timestamps_are_an_error() {
        let errors = parse("[0:10] agent: a\n[0:05] customer: b").unwrap_err();
        assert_eq!(errors[0].message, "timestamps go backwards");
    }
}
