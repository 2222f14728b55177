//! `hearback signals`: every learned signal for each text on stdin (INTERFACES.md).
//!
//! Input is one text per line, or JSONL objects with `text` and an optional `lang`; output is one
//! JSON object per input line, in order, so scripts can pair them. A line that starts with `{` but
//! is not a usable object is reported on stderr with its line number and skipped (exit 1).

use std::io::{self, BufRead, BufWriter, Write};

use anyhow::Context;
use hearback_core::Lang;
use hearback_core::language;
use hearback_signals::{Scores, Scratch, Signals};
use serde::Serialize;

use crate::{EXIT_UNREADABLE, LangArg};

#[derive(Debug, clap::Args)]
pub struct SignalsArgs {
    /// The texts' language; "auto" uses each JSONL line's `lang`, else detects it per line.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
}

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    language: &'static str,
    #[serde(flatten)]
    scores: Rounded,
}

/// Scores rounded to 4 decimals: the models are not more precise than that, and the output stays
/// readable.
#[derive(Serialize)]
struct Rounded {
    politeness: f64,
    toxicity: f64,
    sentiment: Sentiment,
    emotion: Emotion,
}

#[derive(Serialize)]
struct Sentiment {
    negative: f64,
    neutral: f64,
    positive: f64,
}

#[derive(Serialize)]
struct Emotion {
    anger: f64,
    joy: f64,
    sadness: f64,
    fear: f64,
    surprise: f64,
}

fn r(x: f32) -> f64 {
    ((x as f64) * 10_000.0).round() / 10_000.0
}

impl From<Scores> for Rounded {
    fn from(s: Scores) -> Rounded {
        Rounded {
            politeness: r(s.politeness),
            toxicity: r(s.toxicity),
            sentiment: Sentiment {
                negative: r(s.sentiment.negative),
                neutral: r(s.sentiment.neutral),
                positive: r(s.sentiment.positive),
            },
            emotion: Emotion {
                anger: r(s.emotion.anger),
                joy: r(s.emotion.joy),
                sadness: r(s.emotion.sadness),
                fear: r(s.emotion.fear),
                surprise: r(s.emotion.surprise),
            },
        }
    }
}

#[derive(serde::Deserialize)]
struct Input {
    text: String,
    #[serde(default)]
    lang: Option<String>,
}

pub fn run(args: SignalsArgs) -> anyhow::Result<u8> {
    let signals = Signals::builtin().context("the built-in signal models could not be loaded")?;
    let forced = match args.lang {
        LangArg::Auto => None,
        LangArg::Ru => Some(Lang::Ru),
        LangArg::Hu => Some(Lang::Hu),
        LangArg::En => Some(Lang::En),
    };
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut scratch = Scratch::default();
    let mut bad = 0usize;
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.with_context(|| format!("<stdin>:{}: could not read", n + 1))?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let (text, given) = if line.trim_start().starts_with('{') {
            match serde_json::from_str::<Input>(line) {
                Ok(i) => (i.text, i.lang.map(|l| Lang::parse(&l))),
                Err(e) => {
                    eprintln!(
                        "hearback: <stdin>:{}: not a JSON object with a \"text\" string: {e}",
                        n + 1
                    );
                    bad += 1;
                    continue;
                }
            }
        } else {
            (line.to_string(), None)
        };
        let lang = forced
            .or(given)
            .unwrap_or_else(|| language::detect(&text).map_or(Lang::Other, |d| d.lang));
        let scores = signals.score(&text, lang, &mut scratch);
        let l = Line {
            text: &text,
            language: lang.code(),
            scores: scores.into(),
        };
        let written = serde_json::to_writer(&mut out, &l)
            .map_err(io::Error::from)
            .and_then(|_| out.write_all(b"\n"));
        if let Err(e) = written {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return Ok(0);
            }
            return Err(e).context("could not write the signals");
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            return Err(e).context("could not write the signals");
        }
        _ => {}
    }
    Ok(if bad > 0 { EXIT_UNREADABLE } else { 0 })
}
