//! What WebVTT and SRT share once their cues are parsed: finding the speaker of each cue and
//! turning cues into turns.
//!
//! A cue's speaker is its `<v Name>` voice tag, else a "Name: " prefix (also after a dialogue dash
//! "- " or a caption-style ">> "); a cue without either continues the previous speaker, because
//! captioners split one person's sentence over several cues. Consecutive cues of one speaker
//! become one turn: text joined by a space, the first cue's start, the last cue's end. A file
//! where no cue names a speaker is an error: the agent and the customer cannot be told apart.

use hearback_core::Channel;
use hearback_core::Turn;

use crate::FormatError;
use crate::emit::Draft;
use crate::fields;
use crate::transcript::split_label;

/// One timed cue as the format gave it.
pub(crate) struct Cue {
    pub line: usize,
    pub start: f64,
    pub end: f64,
    /// Payload lines, tags and all.
    pub payload: Vec<String>,
}

/// A piece of a cue said by one speaker (`None`: not named, continues the previous one).
struct Piece {
    label: Option<String>,
    text: String,
}

pub(crate) fn conversation(
    cues: Vec<Cue>,
    first_line: usize,
    index: usize,
) -> Result<Draft, FormatError> {
    let mut draft = Draft::new(first_line, index);
    draft.alone = true;
    draft.conversation.channel = Channel::Call;
    if cues.is_empty() {
        return Err(FormatError::new("no cues: nothing was said").at_line(first_line));
    }
    let mut known: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut any_named = false;
    let mut turns: Vec<Turn> = Vec::new();
    // The speaker label each turn was built under, to merge consecutive cues of one speaker.
    let mut keys: Vec<Option<String>> = Vec::new();
    for cue in &cues {
        for piece in pieces(&cue.payload, &mut known) {
            if piece.text.is_empty() {
                continue;
            }
            if let Some(l) = piece.label {
                any_named = true;
                current = Some(l);
            }
            if keys.last() == Some(&current)
                && let Some(t) = turns.last_mut()
            {
                t.text.push(' ');
                t.text.push_str(&piece.text);
                t.end = Some(t.end.unwrap_or(cue.end).max(cue.end));
                continue;
            }
            let (speaker, label) = fields::speaker(current.as_deref().unwrap_or(""));
            turns.push(Turn {
                speaker,
                label,
                text: piece.text,
                start: Some(cue.start),
                end: Some(cue.end),
                line: Some(u32::try_from(cue.line).unwrap_or(u32::MAX)),
                ..Turn::default()
            });
            keys.push(current.clone());
        }
    }
    if !any_named {
        return Err(FormatError::new(
            "no cue names its speaker (`<v Name>` voice tags or `Name:` prefixes), so the agent cannot be told from the customer",
        )
        .at_line(cues[0].line));
    }
    draft.conversation.turns = turns;
    Ok(draft)
}

/// Splits a cue's payload into speaker pieces.
fn pieces(payload: &[String], known: &mut Vec<String>) -> Vec<Piece> {
    let joined = payload.join("\n");
    if joined.contains("<v") {
        return voice_pieces(&joined);
    }
    let mut out: Vec<Piece> = Vec::new();
    for line in payload {
        let text = clean(line);
        let t = text
            .trim()
            .trim_start_matches(">>")
            .trim_start()
            .trim_start_matches(['-', '–', '—'])
            .trim_start();
        if t.is_empty() {
            continue;
        }
        if let Some((label, rest)) = split_label(t, known) {
            if !known.iter().any(|k| k == label) {
                known.push(label.to_string());
            }
            out.push(Piece {
                label: Some(label.to_string()),
                text: rest.to_string(),
            });
        } else if let Some(last) = out.last_mut() {
            last.text.push(' ');
            last.text.push_str(t);
        } else {
            out.push(Piece {
                label: None,
                text: t.to_string(),
            });
        }
    }
    out
}

/// `<v Anna>Hello</v> <v.loud Bob>Hi` → pieces; text before the first tag has no speaker.
fn voice_pieces(s: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut label: Option<String> = None;
    loop {
        let next = find_voice_tag(rest);
        let (text, after) = match next {
            Some((at, _, _)) => (&rest[..at], Some(&rest[at..])),
            None => (rest, None),
        };
        let text = collapse(&clean(text));
        if !text.is_empty() {
            out.push(Piece {
                label: label.clone(),
                text,
            });
        }
        let Some(after) = after else { break };
        let Some((_, name, tag_len)) = find_voice_tag(after) else {
            break;
        };
        label = Some(name);
        rest = &after[tag_len..];
    }
    out
}

/// Finds `<v Name>` or `<v.class Name>`: (offset, name, tag length from the offset).
fn find_voice_tag(s: &str) -> Option<(usize, String, usize)> {
    let mut from = 0;
    while let Some(i) = s[from..].find("<v") {
        let at = from + i;
        let after = &s[at + 2..];
        if after.starts_with([' ', '.', '\t'])
            && let Some(close) = after.find('>')
        {
            let inside = &after[..close];
            let name = match inside.strip_prefix('.') {
                Some(classes) => classes.split_once(' ').map_or("", |(_, n)| n),
                None => inside,
            };
            return Some((at, decode_entities(name.trim()), 2 + close + 1));
        }
        from = at + 2;
    }
    None
}

/// Removes tags (`<i>`, `</v>`, `<00:00:01.000>`, `<font color=…>`) and decodes entities.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `00:00:01.000 --> 00:00:04.000 align:start` → (start, end); a reason otherwise.
pub(crate) fn timing(line: &str) -> Result<(f64, f64), String> {
    let (a, b) = line
        .split_once("-->")
        .ok_or_else(|| format!("`{line}` is not a cue timing (start --> end)"))?;
    let b = b.split_whitespace().next().unwrap_or("");
    let a = a.trim();
    let start = fields::clock(a).ok_or_else(|| format!("`{a}` is not a cue time"))?;
    let end = fields::clock(b).ok_or_else(|| format!("`{b}` is not a cue time"))?;
    Ok((start, end))
}

/// Blocks separated by blank lines, each with the line number of its first line.
pub(crate) fn blocks(doc: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut first = 0;
    for (i, line) in doc.lines().enumerate() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push((first, std::mem::take(&mut cur)));
            }
            continue;
        }
        if cur.is_empty() {
            first = i + 1;
        }
        cur.push(line);
    }
    if !cur.is_empty() {
        out.push((first, cur));
    }
    out
}

/// Cues from blocks whose timing line is found by `-->`; a block without one is skipped with a
/// warning (it is not a cue), a timing line that does not parse is an error for the file.
pub(crate) fn cues(
    blocks: &[(usize, Vec<&str>)],
    skip: impl Fn(&[&str]) -> bool,
    warnings: &mut Vec<FormatError>,
) -> Result<Vec<Cue>, FormatError> {
    let mut cues = Vec::new();
    for (first, lines) in blocks {
        if skip(lines) {
            continue;
        }
        let Some(t) = lines.iter().position(|l| l.contains("-->")) else {
            warnings.push(
                FormatError::new("a block without a `start --> end` timing line is ignored")
                    .at_line(*first),
            );
            continue;
        };
        let line = first + t;
        let (start, end) = timing(lines[t])
            .map_err(|r| FormatError::new(r).at_line(line).in_field("cue timing"))?;
        cues.push(Cue {
            line,
            start,
            end,
            payload: lines[t + 1..].iter().map(|s| (*s).to_string()).collect(),
        });
    }
    Ok(cues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(line: usize, start: f64, end: f64, payload: &[&str]) -> Cue {
        Cue {
            line,
            start,
            end,
            payload: payload.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    #[test]
    fn voice_tags_name_speakers_and_same_speaker_cues_merge() {
        let d = conversation(
            vec![
                cue(3, 0.0, 2.0, &["<v Оператор>Добрый день!</v>"]),
                cue(6, 2.0, 4.0, &["Чем могу помочь?"]),
                cue(9, 4.5, 6.0, &["<v.loud Ольга>Здравствуйте &amp; спасибо"]),
            ],
            3,
            1,
        )
        .unwrap();
        let t = &d.conversation.turns;
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].text, "Добрый день! Чем могу помочь?");
        assert_eq!((t[0].start, t[0].end), (Some(0.0), Some(4.0)));
        assert_eq!(t[1].label.as_deref(), Some("Ольга"));
        assert_eq!(t[1].text, "Здравствуйте & спасибо");
    }

    #[test]
    fn two_voices_in_one_cue_are_two_turns() {
        let d = conversation(
            vec![cue(1, 0.0, 2.0, &["<v Anna>Hi</v> <v Bob>Hello</v>"])],
            1,
            1,
        )
        .unwrap();
        assert_eq!(d.conversation.turns.len(), 2);
    }

    #[test]
    fn prefixes_and_dialogue_dashes_name_speakers() {
        let d = conversation(
            vec![cue(1, 0.0, 2.0, &["- Agent: Hi", "- Customer: Hello"])],
            1,
            1,
        )
        .unwrap();
        assert_eq!(d.conversation.turns.len(), 2);
    }

    #[test]
    fn cues_without_any_speaker_are_an_error() {
        assert!(conversation(vec![cue(4, 0.0, 1.0, &["hello there"])], 1, 1).is_err());
    }

    #[test]
    fn timings() {
        assert_eq!(
            timing("00:01.000 --> 00:04.500 align:start"),
            Ok((1.0, 4.5))
        );
        assert_eq!(timing("00:00:01,000 --> 00:00:04,000"), Ok((1.0, 4.0)));
        assert!(timing("00:01 -> 00:02").is_err());
    }
}
