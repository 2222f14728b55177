//! `hearback scorecard …`: validate a scorecard and run its tests.

use std::path::Path;

use anyhow::Context;
use hearback_core::scorecard::{self, ScorecardError};

/// The built-in standard, as users see it: the file to copy and adapt.
const DEFAULT_SCORECARD: &str = scorecard::BUILTIN_SOURCE;

/// Validates `file`: every error with its line, column and the offending line underlined, then
/// the file's `[[test]]` blocks. Exit 0 when valid and every test passes, 1 otherwise.
pub fn check(file: &Path) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("could not read the scorecard {}", file.display()))?;
    let card = match scorecard::parse(&text) {
        Ok(card) => card,
        Err(errors) => {
            for e in &errors {
                eprintln!("{}", explain(file, &text, e));
            }
            eprintln!(
                "{}: {} error(s); the scorecard was not loaded",
                file.display(),
                errors.len()
            );
            return Ok(1);
        }
    };
    let outcomes = scorecard::run_tests(&card);
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    for o in &outcomes {
        if o.passed {
            println!("ok    {}:{} {}", file.display(), o.line, o.name);
        } else {
            println!("FAIL  {}:{} {}", file.display(), o.line, o.name);
            for f in &o.failures {
                println!("        {f}");
            }
        }
    }
    println!(
        "{}: scorecard `{}` version {} is valid; {} test(s), {} passed, {} failed",
        file.display(),
        card.id,
        card.version,
        outcomes.len(),
        outcomes.len() - failed,
        failed
    );
    Ok(u8::from(failed > 0))
}

/// rustc-style: `file:line:col: message`, the line itself, and a caret under the column.
fn explain(file: &Path, text: &str, e: &ScorecardError) -> String {
    let mut s = format!("{}:{e}", file.display());
    if let Some(line) = text.lines().nth(e.line.saturating_sub(1)) {
        let gutter = e.line.to_string();
        let pad = " ".repeat(gutter.len());
        let caret_at: String = line
            .chars()
            .take(e.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        s.push_str(&format!(
            "\n{pad} |\n{gutter} | {line}\n{pad} | {caret_at}^"
        ));
    }
    s
}

pub fn print_default() -> anyhow::Result<u8> {
    print!("{DEFAULT_SCORECARD}");
    Ok(0)
}
