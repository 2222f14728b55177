//! Readers for every conversation format Hearback imports, and writers for score results.
//!
//! Reading is one function, [`read`]: it peeks at the first 64 KiB, refuses binary data, picks the
//! format (forced by the user, else [`sniff`] from the extension and the content), and hands the
//! rest to that format's module (`src/<format>.rs`). Every module turns its input into
//! [`Conversation`]s and passes them through one finishing step (`emit.rs`) that gives each a
//! source, an id, checks its times, infers roles and applies `--swap-roles`, so every format
//! behaves the same at the edges.
//!
//! Invariant: reading never fails and never panics. Whatever goes wrong becomes an
//! [`Item::Error`] naming file, line and field, and the other conversations of the same file are
//! still delivered: a conversation is all-or-nothing, a file is not.
//!
//! Decisions that apply to every format:
//! - **Invalid UTF-8** is recovered, not refused: bad bytes become U+FFFD and a warning names the
//!   line. Refusing would lose a whole export for one mangled character; silently replacing would
//!   hide it. A file that is mostly not UTF-8 is a legacy encoding (Windows-1251 exports are
//!   common in Russia, Windows-1250 in Hungary): it is decoded as such, with one warning.
//! - **Duplicate conversation ids** within a file are kept, not merged: the second becomes `id#2`
//!   and a warning says so, because merging two calls would score them as one.
//! - **Streaming**: JSONL, CSV and reviews are read record by record, so memory stays flat on any
//!   size; whole-document formats (JSON, transcripts, captions, vendor JSON, e-mail) are read into
//!   memory up to [`DOCUMENT_LIMIT`] bytes.

mod captions;
mod ccai;
mod columns;
mod contact_lens;
mod csv;
mod email;
mod emit;
mod eml;
mod fields;
mod input;
mod json;
mod jsonl;
mod mbox;
pub mod report;
mod reviews;
mod speechsense;
mod srt;
mod transcript;
mod vtt;

use std::io::BufRead;

use hearback_core::Conversation;

use crate::emit::Emitter;

/// Whole-document formats are read into memory; a larger input is refused with an error that
/// says how to split it, rather than risking the machine's memory.
pub const DOCUMENT_LIMIT: u64 = 256 * 1024 * 1024;

/// How much of an input is looked at to recognise its format.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Every input format Hearback reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Reviews,
    Transcript,
    Vtt,
    Srt,
    ContactLens,
    Ccai,
    SpeechSense,
    Eml,
    Mbox,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Reviews,
        Format::Transcript,
        Format::Vtt,
        Format::Srt,
        Format::ContactLens,
        Format::Ccai,
        Format::SpeechSense,
        Format::Eml,
        Format::Mbox,
    ];

    /// The name `--input-format` takes and `Source::format` records.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Reviews => "reviews",
            Format::Transcript => "transcript",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::ContactLens => "contact-lens",
            Format::Ccai => "ccai",
            Format::SpeechSense => "speechsense",
            Format::Eml => "eml",
            Format::Mbox => "mbox",
        }
    }

    /// Reads a format name, forgiving case and the names people know the formats by.
    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim().to_lowercase().replace('_', "-");
        let format = match s.as_str() {
            "json" | "hearback" | "hearback-json" => Format::Json,
            "jsonl" | "ndjson" | "json-lines" | "jsonlines" => Format::Jsonl,
            "csv" | "tsv" | "turns-csv" => Format::Csv,
            "reviews" | "review" | "complaints" | "complaint" | "reviews-csv" => Format::Reviews,
            "transcript" | "txt" | "text" | "plain" => Format::Transcript,
            "vtt" | "webvtt" => Format::Vtt,
            "srt" | "subrip" => Format::Srt,
            "contact-lens" | "contactlens" | "amazon" | "aws" | "transcribe" | "connect"
            | "amazon-connect" | "call-analytics" => Format::ContactLens,
            "ccai" | "google" | "ccai-insights" | "insights" | "dialogflow" => Format::Ccai,
            "speechsense" | "speechkit" | "yandex" | "yandex-speechkit" => Format::SpeechSense,
            "eml" | "email" | "e-mail" | "mail" | "rfc822" => Format::Eml,
            "mbox" | "mailbox" => Format::Mbox,
            _ => return None,
        };
        Some(format)
    }

    /// One line for `--help` and the README's table of formats.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Json => {
                "Hearback JSON: one conversation object, an array of them, or {\"conversations\": [...]}"
            }
            Format::Jsonl => "Hearback JSONL: one conversation object per line (streamed)",
            Format::Csv => {
                "CSV/TSV, one row per turn: conversation_id, speaker, text, start, end… (streamed; `,` `;` or tab)"
            }
            Format::Reviews => {
                "Reviews/complaints CSV: one customer text per row, with rating, date, author when present"
            }
            Format::Transcript => {
                "Plain \"Speaker: text\" transcript (.txt), optional [mm:ss] times and `# key: value` headers"
            }
            Format::Vtt => "WebVTT captions with <v Name> voice tags or \"Name:\" prefixes",
            Format::Srt => "SRT subtitles with \"Name:\" prefixes",
            Format::ContactLens => {
                "Amazon Transcribe Call Analytics / Connect Contact Lens JSON (Transcript[], ParticipantRole)"
            }
            Format::Ccai => {
                "Google CCAI Insights conversation JSON (entries[] with role, or transcript.transcriptSegments[])"
            }
            Format::SpeechSense => {
                "Yandex SpeechKit / SpeechSense recognition JSON (chunks[] with channelTag, or v3 stream lines)"
            }
            Format::Eml => "One e-mail message (.eml): quoted replies and signatures stripped",
            Format::Mbox => {
                "A mailbox (.mbox): messages grouped into threads, one turn per message"
            }
        }
    }

    /// The format a file extension usually means, before looking at the content.
    fn from_extension(file_name: &str) -> Option<Format> {
        let ext = extension(file_name)?;
        let format = match ext.as_str() {
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" | "tsv" => Format::Csv,
            "txt" | "text" => Format::Transcript,
            "vtt" => Format::Vtt,
            "srt" => Format::Srt,
            "eml" => Format::Eml,
            "mbox" | "mbx" => Format::Mbox,
            _ => return None,
        };
        Some(format)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

fn extension(file_name: &str) -> Option<String> {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
}

/// Picks the format from the file name's extension and the first bytes (up to
/// [`SNIFF_BYTES`]); `None` when the content is not a conversation format Hearback knows
/// (a README, a recording, a `package.json`), so that walked folders can skip such files.
///
/// Content wins over the extension where it is unambiguous (a `.txt` that starts with `WEBVTT`
/// is WebVTT); the extension decides between look-alikes (JSON and JSONL, CSV and reviews are
/// confirmed by their header).
pub fn sniff(file_name: &str, head: &[u8]) -> Option<Format> {
    if input::looks_binary(head) {
        return None;
    }
    let text = input::head_text(head);
    let text = text.trim_start_matches('\u{feff}');
    let ext = extension(file_name).unwrap_or_default();
    if matches!(
        ext.as_str(),
        "md" | "markdown" | "html" | "htm" | "toml" | "yaml" | "yml"
    ) {
        return None;
    }
    if vtt::sniff(text) {
        return Some(Format::Vtt);
    }
    if mbox::sniff(text) {
        return Some(Format::Mbox);
    }
    if eml::sniff(text) {
        return Some(Format::Eml);
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if contact_lens::sniff(text) {
            return Some(Format::ContactLens);
        }
        if ccai::sniff(text) {
            return Some(Format::Ccai);
        }
        if speechsense::sniff(text) {
            return Some(Format::SpeechSense);
        }
        return json::sniff(&ext, text);
    }
    if srt::sniff(text) {
        return Some(Format::Srt);
    }
    if let Some(f) = columns::sniff(&ext, text) {
        return Some(f);
    }
    if transcript::sniff(&ext, text) {
        return Some(Format::Transcript);
    }
    None
}

/// How to read inputs; the command line fills it.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Forced by `--input-format`; sniffing is skipped.
    pub format: Option<Format>,
    /// `--column-map text=Message,speaker=Who`: (our field, their column) for CSV and reviews.
    pub column_map: Vec<(String, String)>,
    /// `--swap-roles`: swap agent and customer after inference, for a source that has them
    /// the wrong way round.
    pub swap_roles: bool,
    /// E-mail: addresses in these domains are the agent's.
    pub agent_domains: Vec<String>,
}

/// A problem with an input, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.display())]
pub struct FormatError {
    pub file: String,
    /// 1-based line in the file.
    pub line: Option<usize>,
    /// The field or column, e.g. `turns[3].start` or `speaker`.
    pub field: Option<String>,
    pub conversation_id: Option<String>,
    pub reason: String,
}

impl FormatError {
    /// A problem with no location yet; readers add line and field, the reader's driver the file.
    pub fn new(reason: impl Into<String>) -> FormatError {
        FormatError {
            file: String::new(),
            line: None,
            field: None,
            conversation_id: None,
            reason: reason.into(),
        }
    }

    pub fn at_line(mut self, line: usize) -> FormatError {
        self.line = Some(line);
        self
    }

    pub fn in_field(mut self, field: impl Into<String>) -> FormatError {
        self.field = Some(field.into());
        self
    }

    pub fn for_conversation(mut self, id: impl Into<String>) -> FormatError {
        let id = id.into();
        if !id.is_empty() {
            self.conversation_id = Some(id);
        }
        self
    }

    /// `file:line: field `x`: reason (conversation `id`)`, leaving out what is unknown.
    fn display(&self) -> String {
        let mut s = self.file.clone();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
        }
        if !s.is_empty() {
            s.push_str(": ");
        }
        if let Some(field) = &self.field {
            s.push_str(&format!("field `{field}`: "));
        }
        s.push_str(&self.reason);
        if let Some(id) = &self.conversation_id {
            s.push_str(&format!(" (conversation `{id}`)"));
        }
        s
    }
}

/// What [`read`] delivers, in input order.
#[derive(Debug)]
pub enum Item {
    Conversation(Box<Conversation>),
    /// The conversation (or file) was still read, with a caveat.
    Warning(FormatError),
    /// A conversation or a whole file could not be read.
    Error(FormatError),
}

/// Reads one input (a file, or stdin named `"-"`/`"<stdin>"`), calling `sink` for every
/// conversation, warning and error in input order. Never fails and never panics: an unreadable
/// file is one [`Item::Error`]; a bad conversation is an [`Item::Error`] and the others in the
/// same file are still delivered (all-or-nothing per conversation).
pub fn read(
    file_name: &str,
    reader: &mut dyn BufRead,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Item),
) {
    let mut em = Emitter::new(file_name, opts, sink);
    let mut prepared = match input::prepare(reader) {
        Ok(p) => p,
        Err(e) => {
            em.error(e);
            return;
        }
    };
    if input::looks_binary(&prepared.head) {
        em.error(FormatError::new(
            "binary, not a conversation (it has NUL bytes or is mostly control characters)",
        ));
        return;
    }
    let format = match opts.format {
        Some(f) => f,
        None => {
            match sniff(file_name, &prepared.head).or_else(|| Format::from_extension(file_name)) {
                Some(f) => f,
                None => {
                    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                    em.error(FormatError::new(format!(
                        "cannot tell which format this is; name it with --input-format ({})",
                        names.join(", ")
                    )));
                    return;
                }
            }
        }
    };
    em.set_format(format);
    if let Some(warning) = prepared.encoding_warning.take() {
        em.warn(warning);
    }
    let mut src = prepared.into_source();
    match format {
        Format::Json => json::read(&mut src, &mut em),
        Format::Jsonl => jsonl::read(&mut src, &mut em),
        Format::Csv => csv::read(&mut src, &mut em),
        Format::Reviews => reviews::read(&mut src, &mut em),
        Format::Transcript => transcript::read(&mut src, &mut em),
        Format::Vtt => vtt::read(&mut src, &mut em),
        Format::Srt => srt::read(&mut src, &mut em),
        Format::ContactLens => contact_lens::read(&mut src, &mut em),
        Format::Ccai => ccai::read(&mut src, &mut em),
        Format::SpeechSense => speechsense::read(&mut src, &mut em),
        Format::Eml => eml::read(&mut src, &mut em),
        Format::Mbox => mbox::read(&mut src, &mut em),
    }
    src.finish(&mut em);
    if em.delivered() == 0 {
        em.error(
            FormatError::new(format!("empty: no conversations in this {format} input")).at_line(1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_name_parses_back_to_itself() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(*f));
            assert_eq!(Format::parse(&f.name().to_uppercase()), Some(*f));
            assert!(!f.describe().is_empty());
        }
    }

    #[test]
    fn synonyms_people_use_are_understood() {
        assert_eq!(Format::parse("txt"), Some(Format::Transcript));
        assert_eq!(Format::parse("WebVTT"), Some(Format::Vtt));
        assert_eq!(Format::parse("amazon"), Some(Format::ContactLens));
        assert_eq!(Format::parse("transcribe"), Some(Format::ContactLens));
        assert_eq!(Format::parse("google"), Some(Format::Ccai));
        assert_eq!(Format::parse("yandex"), Some(Format::SpeechSense));
        assert_eq!(Format::parse("email"), Some(Format::Eml));
        assert_eq!(Format::parse("contact_lens"), Some(Format::ContactLens));
        assert_eq!(Format::parse("docx"), None);
    }

    #[test]
    fn errors_read_as_file_line_field_reason() {
        let mut e = FormatError::new("negative time -1.5")
            .at_line(12)
            .in_field("turns[3].start");
        e.file = "calls.json".into();
        assert_eq!(
            e.to_string(),
            "calls.json:12: field `turns[3].start`: negative time -1.5"
        );
        e.line = None;
        e.field = None;
        e.conversation_id = Some("c-1".into());
        assert_eq!(
            e.to_string(),
            "calls.json: negative time -1.5 (conversation `c-1`)"
        );
    }
}
