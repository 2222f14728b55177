//! Printing a list of records (promises, customers) in the format asked for: one place for the
//! choice of format, JSON and JSONL, flushing, and a closed pipe, so every list command behaves
//! the same.

use std::io::{self, IsTerminal, Write};

use anyhow::Context;
use serde::Serialize;

use crate::OutputFormat;
use crate::score_cmd::exit_on_broken_pipe;

/// How each format writes the records; JSON and JSONL come from serde.
pub struct Listing<'a, T: Serialize> {
    pub records: &'a [T],
    /// The whole document for `--format json` (the records, with whatever goes around them).
    pub json: serde_json::Value,
    pub table: &'a dyn Fn(&mut dyn Write) -> io::Result<()>,
    pub csv: &'a dyn Fn(&mut dyn Write) -> io::Result<()>,
    /// What is written, for the error message ("the ledger").
    pub what: &'static str,
}

/// Writes `listing` to stdout: `format`, or a table on a terminal and JSONL otherwise.
pub fn print<T: Serialize>(
    format: Option<OutputFormat>,
    listing: Listing<'_, T>,
) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let format = match format {
        Some(f) => f,
        None if stdout.is_terminal() => OutputFormat::Table,
        None => OutputFormat::Jsonl,
    };
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match format {
        OutputFormat::Table => (listing.table)(&mut out),
        OutputFormat::Json => serde_json::to_writer_pretty(&mut out, &listing.json)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out)),
        OutputFormat::Jsonl => listing.records.iter().try_for_each(|r| {
            serde_json::to_writer(&mut out, r).map_err(io::Error::other)?;
            writeln!(out)
        }),
        OutputFormat::Csv => (listing.csv)(&mut out),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        exit_on_broken_pipe(&e);
        return Err(e).with_context(|| format!("could not write {}", listing.what));
    }
    Ok(())
}
