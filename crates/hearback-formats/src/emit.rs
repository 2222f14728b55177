//! The one finishing step every reader's conversations go through, so that all formats agree on
//! ids, sources, time checks, roles and `--swap-roles`.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use hearback_core::roles::infer_roles;
use hearback_core::{Conversation, Source, Speaker};

use crate::{Format, FormatError, Item, ReadOptions};

/// Duplicate ids are tracked for this many conversations per file (at most about 40 MB); beyond a
/// million a warning says so and new ids are no longer remembered: memory stays bounded.
const MAX_TRACKED_IDS: usize = 1_000_000;

fn id_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// How many "timestamps go backwards" warnings one conversation gets before the rest are counted.
const BACKWARDS_REPORTED: usize = 3;

/// A conversation a reader has built, before finishing.
pub(crate) struct Draft {
    pub conversation: Conversation,
    /// The first line of the conversation in the file (1-based).
    pub line: usize,
    /// 1-based position of the conversation in the file, for a derived id.
    pub index: usize,
    /// True when the format holds one conversation per file: its derived id is then the file's
    /// name alone.
    pub alone: bool,
    pub warnings: Vec<FormatError>,
}

impl Draft {
    pub fn new(line: usize, index: usize) -> Draft {
        Draft {
            conversation: Conversation::default(),
            line,
            index,
            alone: false,
            warnings: Vec::new(),
        }
    }

    pub fn warn(&mut self, e: FormatError) {
        self.warnings.push(e);
    }
}

/// Delivers items for one input.
pub(crate) struct Emitter<'a> {
    file: &'a str,
    format: Format,
    opts: &'a ReadOptions,
    sink: &'a mut dyn FnMut(Item),
    stem: String,
    index: usize,
    /// The ids delivered from this file, by a 64-bit hash: (first line, suffix count). A hash
    /// rather than the id keeps memory at about 20 bytes per conversation whatever the id's
    /// length; two different ids sharing a hash (about 1 in 10^7 for a file of a million
    /// conversations) would only cost a needless `#2` with its warning.
    seen: HashMap<u64, (u32, u32)>,
    /// Set once [`MAX_TRACKED_IDS`] is reached and the user was told.
    stopped_tracking: bool,
    /// Conversations and errors delivered, to tell an empty input from one that said something.
    delivered: usize,
}

impl<'a> Emitter<'a> {
    pub fn new(file: &'a str, opts: &'a ReadOptions, sink: &'a mut dyn FnMut(Item)) -> Emitter<'a> {
        let stem = if file == "-" || file == "<stdin>" || file.is_empty() {
            "stdin".to_string()
        } else {
            Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "input".to_string())
        };
        Emitter {
            file,
            format: Format::Json,
            opts,
            sink,
            stem,
            index: 0,
            seen: HashMap::new(),
            stopped_tracking: false,
            delivered: 0,
        }
    }

    pub fn set_format(&mut self, format: Format) {
        self.format = format;
    }

    pub fn options(&self) -> &ReadOptions {
        self.opts
    }

    pub fn file(&self) -> &str {
        self.file
    }

    /// How many conversations and errors have been delivered.
    pub fn delivered(&self) -> usize {
        self.delivered
    }

    /// The next conversation's 1-based position in the file; counted for failed ones too, so a
    /// derived id does not shift when an earlier conversation is fixed.
    pub fn next_index(&mut self) -> usize {
        self.index += 1;
        self.index
    }

    pub fn warn(&mut self, mut e: FormatError) {
        e.file = self.file.to_string();
        (self.sink)(Item::Warning(e));
    }

    pub fn error(&mut self, mut e: FormatError) {
        self.delivered += 1;
        e.file = self.file.to_string();
        (self.sink)(Item::Error(e));
    }

    /// Finishes a conversation and delivers it with its warnings, or delivers the error.
    pub fn finish(&mut self, draft: Result<Draft, FormatError>) {
        match draft.and_then(|d| self.complete(d)) {
            Ok((conversation, warnings)) => {
                for w in warnings {
                    self.warn(w);
                }
                self.delivered += 1;
                (self.sink)(Item::Conversation(Box::new(conversation)));
            }
            Err(e) => self.error(e),
        }
    }

    fn complete(&mut self, draft: Draft) -> Result<(Conversation, Vec<FormatError>), FormatError> {
        let Draft {
            mut conversation,
            line,
            index,
            alone,
            mut warnings,
        } = draft;
        let c = &mut conversation;
        c.id = c.id.trim().to_string();
        if c.id.is_empty() {
            c.id = if alone && index == 1 {
                self.stem.clone()
            } else {
                format!("{}-{index}", self.stem)
            };
        }
        let id = c.id.clone();
        for w in &mut warnings {
            if w.conversation_id.is_none() {
                w.conversation_id = Some(id.clone());
            }
        }

        check_turns(c, line, &mut warnings)?;
        if c.started_at.is_none() {
            c.started_at = c.turns.iter().find_map(|t| t.at);
        }
        self.dedupe_id(c, line, &mut warnings);
        c.source = Some(Source {
            file: self.file.to_string(),
            line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
            format: self.format.name().to_string(),
        });
        if c.turns.iter().any(|t| t.speaker == Speaker::Unknown) {
            infer_roles(c);
        }
        if self.opts.swap_roles {
            c.swap_roles();
        }
        Ok((conversation, warnings))
    }

    fn remember(&mut self, id: &str, line: usize) {
        if self.seen.len() >= MAX_TRACKED_IDS {
            if !self.stopped_tracking {
                self.stopped_tracking = true;
                self.warn(
                    FormatError::new(format!(
                        "more than {MAX_TRACKED_IDS} conversations: later duplicate ids are no longer detected"
                    ))
                    .at_line(line),
                );
            }
            return;
        }
        self.seen
            .insert(id_hash(id), (u32::try_from(line).unwrap_or(u32::MAX), 1));
    }

    fn dedupe_id(&mut self, c: &mut Conversation, line: usize, warnings: &mut Vec<FormatError>) {
        let key = id_hash(&c.id);
        let Some((first_line, count)) = self.seen.get_mut(&key) else {
            self.remember(&c.id.clone(), line);
            return;
        };
        let first_line = *first_line;
        *count = count.saturating_add(1);
        let mut n = *count;
        let mut new_id = format!("{}#{n}", c.id);
        while self.seen.contains_key(&id_hash(&new_id)) {
            n = n.saturating_add(1);
            new_id = format!("{}#{n}", c.id);
        }
        // The next duplicate starts counting from here, so a file full of colliding ids
        // ("a#2" … "a#1000", then "a" again and again) stays linear.
        if let Some((_, count)) = self.seen.get_mut(&key) {
            *count = n;
        }
        let hint = if self.format == Format::Csv {
            " (rows of one conversation must be consecutive; they are not merged)"
        } else {
            ""
        };
        warnings.push(
            FormatError::new(format!(
                "conversation id `{}` already appeared at line {first_line}; both are kept, this one as `{new_id}`{hint}",
                c.id
            ))
            .at_line(line)
            .in_field("id")
            .for_conversation(c.id.clone()),
        );
        self.remember(&new_id, line);
        c.id = new_id;
    }
}

/// Drops blank turns, refuses impossible times, and warns about times that go backwards (the
/// order given is kept: it is the order the source recorded, and re-sorting could hide an export
/// bug the user should see).
fn check_turns(
    c: &mut Conversation,
    line: usize,
    warnings: &mut Vec<FormatError>,
) -> Result<(), FormatError> {
    let id = c.id.clone();
    let before = c.turns.len();
    let mut dropped_lines = Vec::new();
    c.turns.retain(|t| {
        let keep = !t.text.trim().is_empty();
        if !keep {
            dropped_lines.push(t.line);
        }
        keep
    });
    if c.turns.is_empty() {
        let reason = if before == 0 {
            "no turns: nothing was said".to_string()
        } else {
            format!("no turns: all {before} turns are empty")
        };
        return Err(FormatError::new(reason)
            .at_line(line)
            .in_field("turns")
            .for_conversation(id));
    }
    if !dropped_lines.is_empty() {
        let at = dropped_lines
            .first()
            .copied()
            .flatten()
            .map_or(line, |l| l as usize);
        warnings.push(
            FormatError::new(format!(
                "{} empty turn{} skipped",
                dropped_lines.len(),
                if dropped_lines.len() == 1 { "" } else { "s" }
            ))
            .at_line(at)
            .for_conversation(id.clone()),
        );
    }

    let mut backwards = 0usize;
    let mut prev_start: Option<f64> = None;
    let mut prev_at = None;
    for (i, t) in c.turns.iter_mut().enumerate() {
        let turn_line = t.line.map_or(line, |l| l as usize);
        for (name, value) in [("start", t.start), ("end", t.end)] {
            if let Some(v) = value
                && (!v.is_finite() || v < 0.0)
            {
                return Err(FormatError::new(format!(
                    "time must be a non-negative number of seconds, not {v}"
                ))
                .at_line(turn_line)
                .in_field(format!("turns[{i}].{name}"))
                .for_conversation(id));
            }
        }
        if let (Some(s), Some(e)) = (t.start, t.end)
            && e < s
        {
            warnings.push(
                FormatError::new(format!(
                    "ends at {e} s, before it starts at {s} s; the end is ignored"
                ))
                .at_line(turn_line)
                .in_field(format!("turns[{i}].end"))
                .for_conversation(id.clone()),
            );
            t.end = None;
        }
        let went_back = match (prev_start, t.start) {
            (Some(p), Some(s)) if s + 0.001 < p => Some(format!(
                "timestamps go backwards: this turn starts at {s} s, the previous one at {p} s; the order given is kept"
            )),
            _ => match (prev_at, t.at) {
                (Some(p), Some(a)) if a < p => Some(format!(
                    "timestamps go backwards: this turn is at {}, the previous one at {}; the order given is kept",
                    a.to_rfc3339(),
                    p.to_rfc3339()
                )),
                _ => None,
            },
        };
        if let Some(reason) = went_back {
            backwards += 1;
            if backwards <= BACKWARDS_REPORTED {
                warnings.push(
                    FormatError::new(reason)
                        .at_line(turn_line)
                        .in_field(format!("turns[{i}]"))
                        .for_conversation(id.clone()),
                );
            }
        }
        if t.start.is_some() {
            prev_start = t.start;
        }
        if t.at.is_some() {
            prev_at = t.at;
        }
    }
    if backwards > BACKWARDS_REPORTED {
        warnings.push(
            FormatError::new(format!(
                "timestamps go backwards {} more times",
                backwards - BACKWARDS_REPORTED
            ))
            .at_line(line)
            .for_conversation(id),
        );
    }
    Ok(())
}
