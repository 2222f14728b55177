//! Writers for score results: a table for people at a terminal, JSON and JSONL for programs, CSV
//! for spreadsheets.
//!
//! Writers stream: each result is written as soon as it is scored, so memory stays flat however
//! many conversations go through. The table ends with a summary a QA specialist reads first: how
//! many conversations passed and which standards fail most often.

mod summary;
mod table;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use hearback_core::{Lang, ScoreResult, Verdict};

pub use summary::Summary;
pub use table::TableWriter;

/// How `hearback score` prints its results (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 4] = [
        ReportFormat::Table,
        ReportFormat::Json,
        ReportFormat::Jsonl,
        ReportFormat::Csv,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Table => "table",
            ReportFormat::Json => "json",
            ReportFormat::Jsonl => "jsonl",
            ReportFormat::Csv => "csv",
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ReportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown output format `{s}` (expected table, json, jsonl or csv)")
            })
    }
}

/// A streaming writer of score results.
pub trait ReportWriter {
    fn write(&mut self, result: &ScoreResult) -> io::Result<()>;
    /// Writes whatever closes the report (the JSON array's `]`, the table's summary).
    fn finish(&mut self) -> io::Result<()>;
}

/// Makes the writer for `format`. `ui` is the language of headings and labels (the results keep
/// the language of each conversation).
pub fn writer<'w>(
    format: ReportFormat,
    out: Box<dyn Write + 'w>,
    ui: Lang,
) -> Box<dyn ReportWriter + 'w> {
    match format {
        ReportFormat::Table => Box::new(TableWriter::new(out, ui)),
        ReportFormat::Json => Box::new(JsonWriter::new(out)),
        ReportFormat::Jsonl => Box::new(JsonlWriter { out }),
        ReportFormat::Csv => Box::new(CsvWriter::new(out)),
    }
}

/// A JSON array of results, pretty-printed, written one element at a time.
pub struct JsonWriter<'w> {
    out: Box<dyn Write + 'w>,
    count: usize,
}

impl<'w> JsonWriter<'w> {
    pub fn new(out: Box<dyn Write + 'w>) -> Self {
        JsonWriter { out, count: 0 }
    }
}

impl ReportWriter for JsonWriter<'_> {
    fn write(&mut self, result: &ScoreResult) -> io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        serde_json::to_writer_pretty(&mut self.out, result)?;
        self.count += 1;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()
    }
}

/// One compact JSON object per line: the default when stdout is not a terminal.
pub struct JsonlWriter<'w> {
    out: Box<dyn Write + 'w>,
}

impl ReportWriter for JsonlWriter<'_> {
    fn write(&mut self, result: &ScoreResult) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, result)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// One row per conversation and one column per criterion, the shape a spreadsheet pivots on.
///
/// The criterion columns come from the first result: one run scores every conversation against
/// one scorecard, so they are the same for all rows. A result missing a column (it cannot happen
/// with one scorecard, but a writer must not lie) gets an empty cell.
pub struct CsvWriter<'w> {
    out: csv::Writer<Box<dyn Write + 'w>>,
    criteria: Option<Vec<String>>,
}

impl<'w> CsvWriter<'w> {
    pub fn new(out: Box<dyn Write + 'w>) -> Self {
        CsvWriter {
            out: csv::Writer::from_writer(out),
            criteria: None,
        }
    }
}

const CSV_FIXED: [&str; 10] = [
    "conversation_id",
    "language",
    "channel",
    "scorecard",
    "score",
    "max_score",
    "passed",
    "failed_criteria",
    "critical_failed",
    "warnings",
];

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl ReportWriter for CsvWriter<'_> {
    fn write(&mut self, result: &ScoreResult) -> io::Result<()> {
        let criteria = match &self.criteria {
            Some(c) => c.clone(),
            None => {
                let ids: Vec<String> = result.criteria.iter().map(|c| c.id.clone()).collect();
                let header = CSV_FIXED
                    .iter()
                    .map(|s| s.to_string())
                    .chain(ids.iter().cloned());
                self.out.write_record(header).map_err(csv_error)?;
                self.criteria = Some(ids.clone());
                ids
            }
        };
        let failed: Vec<&str> = result
            .criteria
            .iter()
            .filter(|c| c.verdict == Verdict::Fail)
            .map(|c| c.id.as_str())
            .collect();
        let critical = result
            .criteria
            .iter()
            .any(|c| c.critical && c.verdict == Verdict::Fail);
        let mut row = vec![
            result.conversation_id.clone(),
            result.language.code().to_string(),
            result.channel.as_str().to_string(),
            format!("{}@{}", result.scorecard.id, result.scorecard.version),
            format_number(result.score),
            format_number(result.max_score),
            result.passed.to_string(),
            failed.join(" "),
            critical.to_string(),
            result.warnings.join("; "),
        ];
        for id in &criteria {
            let verdict = result
                .criteria
                .iter()
                .find(|c| &c.id == id)
                .map_or("", |c| c.verdict.as_str());
            row.push(verdict.to_string());
        }
        self.out.write_record(row).map_err(csv_error)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Scores print with at most one decimal: 72.5, 100.
pub fn format_number(n: f64) -> String {
    let rounded = (n * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_print_with_at_most_one_decimal() {
        assert_eq!(format_number(72.5), "72.5");
        assert_eq!(format_number(100.0), "100");
        assert_eq!(format_number(66.666), "66.7");
    }

    #[test]
    fn report_formats_parse_case_insensitively() {
        assert_eq!("JSONL".parse::<ReportFormat>(), Ok(ReportFormat::Jsonl));
        assert!("xml".parse::<ReportFormat>().is_err());
    }
}
