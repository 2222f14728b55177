//! `hearback`: the command line. The only crate that uses `anyhow`, reads the environment and
//! decides exit codes; everything it does is a thin layer over `hearback-core` and
//! `hearback-formats`.

mod customers_cmd;
mod eval;
mod import_cmd;
mod inputs;
mod listing;
mod promises_cmd;
mod score_cmd;
mod scorecard_cmd;
mod serve_cmd;
mod signals_cmd;
mod threads;
mod train_cmd;
mod ui;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Hearback listens to every customer conversation and checks it against your service standard.
#[derive(Debug, Parser)]
#[command(name = "hearback", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score conversations from files, folders (recursively) or stdin ("-") and print the results.
    Score(ScoreArgs),
    /// Read conversations in any supported format and print them as Hearback JSONL.
    Convert(ReadArgs),
    /// Work with scorecards (your service standard as a TOML file).
    #[command(subcommand)]
    Scorecard(ScorecardCommand),
    /// Measure Hearback: `fixtures` (precision and recall of every detector per language) and
    /// the dataset evaluations `--list` names. Exit 0 when every goal is met, 1 otherwise.
    Eval(eval::EvalArgs),
    /// Every learned signal (politeness, toxicity, sentiment, emotion) for each text on stdin:
    /// one text per line, or JSONL with `text` and optional `lang`; one JSON object out per line.
    Signals(signals_cmd::SignalsArgs),
    /// The promise ledger: every commitment the agents made, and whether the business came
    /// back in time (kept, kept late, pending, overdue). Exit 0, or 1 when an input could not be read.
    Promises(promises_cmd::PromisesArgs),
    /// Each customer's conversations together: who came back because the matter was not solved,
    /// and who is at risk of leaving (silently dissatisfied, or a threat, with no good contact since).
    Customers(customers_cmd::CustomersArgs),
    /// Store conversations in the database (`--db`, default sqlite://hearback.db) and score the
    /// new and changed ones; a re-import of the same files changes nothing.
    Import(import_cmd::ImportArgs),
    /// The HTTP API over the database (`--db`): list, filter and fetch conversations, import
    /// Hearback JSON; its OpenAPI description is at /api/openapi.json.
    Serve(serve_cmd::ServeArgs),
    /// Retrain the signal models from the labelled datasets (deterministic) and write their files.
    Train(train_cmd::TrainArgs),
}

#[derive(Debug, clap::Args)]
struct ScoreArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// The scorecard to score against (default: the built-in service standard).
    #[arg(long, value_name = "FILE")]
    scorecard: Option<PathBuf>,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// The conversations' language; "auto" detects it per conversation and per turn.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
    /// Working days and holidays (TOML; default: Monday to Friday), for promises due in
    /// "three working days". See docs/promises.md.
    #[arg(long, value_name = "FILE")]
    calendar: Option<PathBuf>,
}

/// How inputs are found and read; shared by `score` and `convert`.
#[derive(Debug, clap::Args)]
struct ReadArgs {
    /// Files, folders (read recursively) or "-" for stdin. Defaults to stdin.
    paths: Vec<PathBuf>,
    /// Read every input as this format instead of detecting it
    /// (json, jsonl, csv, reviews, transcript, vtt, srt, contact-lens, ccai, speechsense, eml, mbox).
    #[arg(long, value_name = "FORMAT")]
    input_format: Option<String>,
    /// CSV columns with other names: `text=Message,speaker=Who,conversation_id=Ticket`.
    #[arg(long, value_name = "FIELD=COLUMN,…")]
    column_map: Option<String>,
    /// Swap agent and customer (when the source or the inference got them the wrong way round).
    #[arg(long)]
    swap_roles: bool,
    /// E-mail domains whose senders are your agents (e.g. `shop.example`).
    #[arg(long, value_name = "DOMAIN")]
    agent_domain: Vec<String>,
    /// Language of headings and messages (default: from LANG).
    #[arg(long, value_enum)]
    ui_lang: Option<UiLangArg>,
    /// Never show a progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Which channel of a stereo call recording is the agent's (the other is the customer's).
    #[arg(long, value_enum, default_value_t = AgentChannelArg::Left)]
    agent_channel: AgentChannelArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AgentChannelArg {
    Left,
    Right,
}

#[derive(Debug, Subcommand)]
enum ScorecardCommand {
    /// Validate a scorecard, explain every error with its line and column, and run its [[test]] blocks.
    Check {
        /// The scorecard file (TOML).
        file: PathBuf,
    },
    /// Print the built-in scorecard, to start your own from it.
    Default,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Auto,
    Ru,
    Hu,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum UiLangArg {
    Ru,
    Hu,
    En,
}

/// Exit codes of INTERFACES.md: 0 all inputs read, 1 some could not be read, 2 usage error.
pub const EXIT_UNREADABLE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Score(args) => score_cmd::run(args),
        Command::Convert(args) => score_cmd::convert(args),
        Command::Scorecard(ScorecardCommand::Check { file }) => scorecard_cmd::check(&file),
        Command::Scorecard(ScorecardCommand::Default) => scorecard_cmd::print_default(),
        Command::Eval(args) => eval::run(args),
        Command::Signals(args) => signals_cmd::run(args),
        Command::Train(args) => train_cmd::run(args),
        Command::Import(args) => import_cmd::run(args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Promises(args) => promises_cmd::run(args),
        Command::Customers(args) => customers_cmd::run(args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("hearback: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
