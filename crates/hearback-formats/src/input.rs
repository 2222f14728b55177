//! Bytes in, text out: the first look at an input (binary? which encoding?), and the two ways
//! readers consume it — line by line for streaming formats, whole for document formats, both
//! decoded the same way.

use std::io::{self, BufRead, Cursor, Read};

use mail_parser::decoders::charsets::{DecoderFnc, map::charset_decoder};

use crate::emit::Emitter;
use crate::{DOCUMENT_LIMIT, FormatError, SNIFF_BYTES};

/// How many lines with invalid UTF-8 are reported one by one before the rest are only counted.
const BAD_LINES_REPORTED: usize = 5;

/// How the input's bytes become text.
#[derive(Clone, Copy)]
pub(crate) enum Encoding {
    /// UTF-8; invalid sequences become U+FFFD with a warning naming the line.
    Utf8,
    /// A legacy single-byte code page, recognised because the input is mostly not UTF-8.
    Legacy(DecoderFnc),
}

/// An input after the first look: its head, the rest, and how to decode both.
pub(crate) struct Prepared<'a> {
    pub head: Vec<u8>,
    rest: &'a mut dyn BufRead,
    encoding: Encoding,
    pub encoding_warning: Option<FormatError>,
}

/// Reads the head (up to [`SNIFF_BYTES`]), strips a UTF-8 byte-order mark, converts UTF-16
/// (which Excel's "Unicode text" export writes) to UTF-8, and decides the encoding.
pub(crate) fn prepare(reader: &mut dyn BufRead) -> Result<Prepared<'_>, FormatError> {
    let mut head = Vec::with_capacity(SNIFF_BYTES.min(8192));
    (&mut *reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    if let Some(big_endian) = utf16_bom(&head) {
        // UTF-16 cannot be decoded line by line with the tools below, so it is read whole
        // (with the document limit) and handed on as UTF-8.
        (&mut *reader)
            .take(DOCUMENT_LIMIT)
            .read_to_end(&mut head)
            .map_err(io_error)?;
        if head.len() as u64 >= DOCUMENT_LIMIT {
            return Err(too_large());
        }
        head = utf16_to_utf8(&head[2..], big_endian).into_bytes();
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    let (encoding, encoding_warning) = detect_encoding(&head);
    Ok(Prepared {
        head,
        rest: reader,
        encoding,
        encoding_warning,
    })
}

impl<'a> Prepared<'a> {
    pub fn into_source(self) -> Source<'a> {
        Source {
            stream: Cursor::new(self.head).chain(self.rest),
            decoder: Decoder {
                encoding: self.encoding,
                bad_lines: 0,
            },
        }
    }
}

fn utf16_bom(head: &[u8]) -> Option<bool> {
    match head {
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        _ => None,
    }
}

fn utf16_to_utf8(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect::<String>()
        .trim_start_matches('\u{feff}')
        .to_string()
}

/// A file is mostly not UTF-8 when invalid sequences outnumber valid non-ASCII characters:
/// then it is a legacy code page, and decoding it as one keeps the text; U+FFFD everywhere would
/// not. Cyrillic text fills the upper half of Windows-1251 densely, Hungarian uses a few accented
/// letters of Windows-1250 among ASCII; that density tells the two apart.
fn detect_encoding(head: &[u8]) -> (Encoding, Option<FormatError>) {
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    for chunk in head.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if invalid < 4 || invalid <= multibyte {
        return (Encoding::Utf8, None);
    }
    let upper = head.iter().filter(|&&b| b >= 0xC0).count();
    let ascii_letters = head.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let name = if upper >= ascii_letters {
        "windows-1251"
    } else {
        "windows-1250"
    };
    let Some(decoder) = charset_decoder(name.as_bytes()) else {
        return (Encoding::Utf8, None);
    };
    let warning = FormatError::new(format!(
        "not UTF-8; read as {name} (the usual encoding of {} exports) — convert the file to UTF-8 if the text looks wrong",
        if name == "windows-1251" {
            "Russian"
        } else {
            "Central European"
        }
    ));
    (Encoding::Legacy(decoder), Some(warning))
}

/// NUL bytes, or more than 2% control characters other than tab, newline, carriage return and
/// form feed: audio, archives, images and databases, not text. UTF-16 is converted before this
/// check.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(SNIFF_BYTES)];
    if utf16_bom(sample).is_some() {
        return false;
    }
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
        .count();
    control >= 4 && control * 50 > sample.len()
}

/// The head as text for sniffing: a character cut by the 64 KiB boundary or a stray invalid
/// byte must not hide the rest.
pub(crate) fn head_text(head: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Some(big_endian) = utf16_bom(head) {
        return std::borrow::Cow::Owned(utf16_to_utf8(&head[2..], big_endian));
    }
    String::from_utf8_lossy(head)
}

pub(crate) fn io_error(e: io::Error) -> FormatError {
    FormatError::new(format!("cannot read: {e}"))
}

fn too_large() -> FormatError {
    FormatError::new(format!(
        "larger than {} MiB; this format is read whole into memory — split the file, or convert it to JSONL, which is streamed",
        DOCUMENT_LIMIT / (1024 * 1024)
    ))
}

/// The input as readers see it.
pub(crate) struct Source<'a> {
    stream: io::Chain<Cursor<Vec<u8>>, &'a mut dyn BufRead>,
    pub decoder: Decoder,
}

impl Source<'_> {
    /// The raw byte stream and the decoder, for readers that parse bytes themselves (CSV) and
    /// decode fields as they go.
    pub fn split(&mut self) -> (&mut dyn BufRead, &mut Decoder) {
        (&mut self.stream, &mut self.decoder)
    }

    /// Reads the next line (without its `\n` or `\r\n`) into `buf`; false at the end.
    pub fn next_line(&mut self, buf: &mut Vec<u8>) -> Result<bool, FormatError> {
        buf.clear();
        let n = self.stream.read_until(b'\n', buf).map_err(io_error)?;
        if n == 0 {
            return Ok(false);
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(true)
    }

    /// The whole input as bytes, up to [`DOCUMENT_LIMIT`].
    pub fn document_bytes(&mut self) -> Result<Vec<u8>, FormatError> {
        let mut buf = Vec::new();
        (&mut self.stream)
            .take(DOCUMENT_LIMIT + 1)
            .read_to_end(&mut buf)
            .map_err(io_error)?;
        if buf.len() as u64 > DOCUMENT_LIMIT {
            return Err(too_large());
        }
        Ok(buf)
    }

    /// The whole input as text, up to [`DOCUMENT_LIMIT`]; invalid UTF-8 is replaced and each
    /// affected line is reported.
    pub fn document(&mut self, em: &mut Emitter) -> Result<String, FormatError> {
        let bytes = self.document_bytes()?;
        Ok(self.decoder.document(bytes, em))
    }

    /// One line as text, reporting invalid UTF-8 at `line`.
    pub fn decode(&mut self, bytes: &[u8], line: usize, em: &mut Emitter) -> String {
        self.decoder.decode(bytes, line, em)
    }

    /// Reports what was only counted, once the reader is done.
    pub fn finish(&mut self, em: &mut Emitter) {
        self.decoder.finish(em);
    }
}

/// Bytes to text in the input's encoding, counting lines with invalid UTF-8.
pub(crate) struct Decoder {
    encoding: Encoding,
    bad_lines: usize,
}

impl Decoder {
    fn document(&mut self, bytes: Vec<u8>, em: &mut Emitter) -> String {
        if let Encoding::Legacy(decoder) = self.encoding {
            return decoder(&bytes);
        }
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let bytes = e.into_bytes();
                let mut line = 1usize;
                let mut last_bad = 0usize;
                let mut out = String::with_capacity(bytes.len());
                for chunk in bytes.utf8_chunks() {
                    let valid = chunk.valid();
                    line += valid.bytes().filter(|&b| b == b'\n').count();
                    out.push_str(valid);
                    if !chunk.invalid().is_empty() {
                        out.push(char::REPLACEMENT_CHARACTER);
                        if line != last_bad {
                            last_bad = line;
                            self.report_bad_line(line, em);
                        }
                    }
                }
                out
            }
        }
    }

    /// One line or field as text, reporting invalid UTF-8 at `line`.
    pub fn decode(&mut self, bytes: &[u8], line: usize, em: &mut Emitter) -> String {
        match self.encoding {
            Encoding::Legacy(decoder) => decoder(bytes),
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => {
                    self.report_bad_line(line, em);
                    String::from_utf8_lossy(bytes).into_owned()
                }
            },
        }
    }

    /// Several fields of one record, reporting the record's line once.
    pub fn decode_all<'b>(
        &mut self,
        fields: impl Iterator<Item = &'b [u8]>,
        line: usize,
        em: &mut Emitter,
    ) -> Vec<String> {
        let mut bad = false;
        let out = fields
            .map(|f| match self.encoding {
                Encoding::Legacy(decoder) => decoder(f),
                Encoding::Utf8 => match std::str::from_utf8(f) {
                    Ok(s) => s.to_string(),
                    Err(_) => {
                        bad = true;
                        String::from_utf8_lossy(f).into_owned()
                    }
                },
            })
            .collect();
        if bad {
            self.report_bad_line(line, em);
        }
        out
    }

    fn report_bad_line(&mut self, line: usize, em: &mut Emitter) {
        self.bad_lines += 1;
        if self.bad_lines <= BAD_LINES_REPORTED {
            em.warn(
                FormatError::new("invalid UTF-8; the bad bytes were replaced with U+FFFD (�)")
                    .at_line(line),
            );
        }
    }

    fn finish(&mut self, em: &mut Emitter) {
        if self.bad_lines > BAD_LINES_REPORTED {
            em.warn(FormatError::new(format!(
                "{} more lines had invalid UTF-8, replaced with U+FFFD",
                self.bad_lines - BAD_LINES_REPORTED
            )));
        }
    }
}

/// Line numbers for byte offsets in a document, for formats parsed whole.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// The 1-based line where `part`, a slice of `text`, begins.
    pub fn line_of_slice(&self, text: &str, part: &str) -> usize {
        let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        self.line_of(offset.min(text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_not_binary_and_nul_bytes_or_control_soup_are() {
        assert!(!looks_binary(
            "Оператор: Добрый день!\n\tКлиент: Здравствуйте.\r\n".as_bytes()
        ));
        assert!(looks_binary(b"PK\x03\x04\x00\x00"));
        assert!(looks_binary(&[0x01, 0x02, 0x03, 0x04, 0x05, b'a']));
        assert!(!looks_binary(b"\xFF\xFEa\x00b\x00"));
    }

    #[test]
    fn line_index_counts_from_one() {
        let text = "a\nbb\n\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 2);
        assert_eq!(idx.line_of(5), 3);
        assert_eq!(idx.line_of(6), 4);
        assert_eq!(idx.line_of_slice(text, &text[6..]), 4);
    }

    #[test]
    fn windows_1251_is_recognised_and_decoded() {
        let cp1251 = b"\xce\xef\xe5\xf0\xe0\xf2\xee\xf0: \xc4\xee\xe1\xf0\xfb\xe9 \xe4\xe5\xed\xfc!\n\xca\xeb\xe8\xe5\xed\xf2: \xc7\xe4\xf0\xe0\xe2\xf1\xf2\xe2\xf3\xe9\xf2\xe5.\n";
        let (enc, warning) = detect_encoding(cp1251);
        assert!(warning.unwrap().reason.contains("windows-1251"));
        let Encoding::Legacy(decoder) = enc else {
            panic!("not recognised as legacy");
        };
        assert!(decoder(cp1251).starts_with("Оператор: Добрый день!"));
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_stay_utf8() {
        let text = "Ügyfél: Jó napot \u{fffd}\n".as_bytes().to_vec();
        let mut bytes = text.clone();
        bytes.extend_from_slice(b"\xff more\n");
        assert!(matches!(detect_encoding(&bytes).0, Encoding::Utf8));
    }

    #[test]
    fn utf16_is_converted() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Agent: Hi".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let mut reader: &[u8] = &bytes;
        let p = prepare(&mut reader).unwrap();
        assert_eq!(p.head, b"Agent: Hi");
    }
}
