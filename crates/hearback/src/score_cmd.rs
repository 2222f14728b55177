//! `hearback score`: read → analyse → detect → score → print, one conversation at a time.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, anyhow, bail};
use hearback_core::scorecard::{self, Scorecard};
use hearback_core::{
    AnalyseOptions, Calendar, Conversation, Lang, ScoreResult, analyse, detectors,
};
use hearback_formats::report::{self, ReportFormat};
use hearback_formats::{Format, FormatError, Item, ReadOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::inputs::{self, Input};
use crate::threads::Threads;
use crate::ui::{self, t};
use crate::{
    AgentChannelArg, EXIT_UNREADABLE, LangArg, OutputFormat, ReadArgs, ScoreArgs, UiLangArg,
};

/// How much of a file is looked at to recognise its format.
const SNIFF_BYTES: usize = 64 * 1024;

pub fn run(args: ScoreArgs) -> anyhow::Result<u8> {
    let ui = ui_of(&args.read);
    let card = match &args.scorecard {
        Some(path) => load_scorecard(path)?,
        None => scorecard::builtin(),
    };
    let read_options = read_options(&args.read)?;
    let analyse_options = AnalyseOptions {
        company: card.company.clone(),
        language: forced_lang(args.lang),
        calendar: match &args.calendar {
            Some(path) => Some(std::sync::Arc::new(load_calendar(path)?)),
            None => None,
        },
    };

    let stdout = io::stdout();
    let format = match args.format {
        Some(OutputFormat::Table) => ReportFormat::Table,
        Some(OutputFormat::Json) => ReportFormat::Json,
        Some(OutputFormat::Jsonl) => ReportFormat::Jsonl,
        Some(OutputFormat::Csv) => ReportFormat::Csv,
        None if stdout.is_terminal() => ReportFormat::Table,
        None => ReportFormat::Jsonl,
    };
    let out = io::BufWriter::with_capacity(256 * 1024, stdout.lock());
    let writer = report::writer(format, Box::new(out), ui);

    let mut writer = writer;
    let audio = audio_options(&args.read);
    let mut bad_audio = 0usize;
    let mut consume = |c: &Conversation| {
        let timeline = match recording_of(c, &audio) {
            Some(Ok(recording)) => {
                Some(recording.timeline(&hearback_core::timing::TimingOptions::default()))
            }
            Some(Err(e)) => {
                bad_audio += 1;
                eprintln!("{}: {e}", t(ui, "error", "ошибка", "hiba"));
                None
            }
            None => made_from_recording(c),
        };
        let result = score_conversation(c, &analyse_options, &card, timeline);
        writer.write(&result)
    };
    let mut totals = read_all(&args.read, &read_options, ui, &mut consume);
    totals.unreadable += bad_audio;
    if let Err(e) = writer.finish() {
        exit_on_broken_pipe(&e);
        return Err(e).context("could not write the results");
    }
    totals.print();
    Ok(totals.exit_code())
}

pub fn audio_options(args: &ReadArgs) -> hearback_audio::AudioOptions {
    hearback_audio::AudioOptions {
        agent_channel: match args.agent_channel {
            AgentChannelArg::Left => hearback_audio::AgentChannel::Left,
            AgentChannelArg::Right => hearback_audio::AgentChannel::Right,
        },
        ..hearback_audio::AudioOptions::default()
    }
}

/// The source format of conversations made from a recording named on the command line.
const RECORDING_FORMAT: &str = "audio";

/// The timeline of a conversation made from a recording named on the command line: its turns
/// are the recording's speech segments.
pub fn made_from_recording(c: &Conversation) -> Option<hearback_core::timing::Timeline> {
    use hearback_core::timing::{Timeline, TimingOptions, TimingSource};
    if c.source
        .as_ref()
        .is_none_or(|s| s.format != RECORDING_FORMAT)
    {
        return None;
    }
    let mono = c
        .turns
        .iter()
        .any(|t| t.speaker == hearback_core::Speaker::Unknown);
    let source = if mono {
        TimingSource::Mono
    } else {
        TimingSource::Audio
    };
    let segments = c
        .turns
        .iter()
        .filter_map(|t| Some((t.speaker, t.start?, t.end?)));
    Some(Timeline::from_segments(
        source,
        segments,
        &TimingOptions::default(),
    ))
}

/// The recording a conversation points at (`"audio"`, relative to its file), decoded; `None`
/// without one, or when the conversation was itself made from the recording.
pub fn recording_of(
    c: &Conversation,
    options: &hearback_audio::AudioOptions,
) -> Option<Result<hearback_audio::Recording, hearback_audio::AudioError>> {
    let audio = c.audio.as_deref()?;
    if c.source
        .as_ref()
        .is_some_and(|s| s.format == RECORDING_FORMAT)
    {
        return None;
    }
    let path = Path::new(audio);
    let path = match c.source.as_ref().and_then(|s| Path::new(&s.file).parent()) {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    };
    Some(hearback_audio::read(&path, options))
}

/// `hearback convert`: any supported format in, Hearback's own JSONL out.
pub fn convert(args: ReadArgs) -> anyhow::Result<u8> {
    let ui = ui_of(&args);
    let read_options = read_options(&args)?;
    let mut out = io::BufWriter::with_capacity(256 * 1024, io::stdout().lock());
    let mut consume = |c: &Conversation| {
        serde_json::to_writer(&mut out, c)?;
        out.write_all(b"\n")
    };
    let totals = read_all(&args, &read_options, ui, &mut consume);
    if let Err(e) = out.flush() {
        exit_on_broken_pipe(&e);
        return Err(e).context("could not write the conversations");
    }
    totals.print();
    Ok(totals.exit_code())
}

pub fn ui_of(args: &ReadArgs) -> Lang {
    ui::ui_lang(args.ui_lang.map(|l| match l {
        UiLangArg::Ru => Lang::Ru,
        UiLangArg::Hu => Lang::Hu,
        UiLangArg::En => Lang::En,
    }))
}

pub fn read_options(args: &ReadArgs) -> anyhow::Result<ReadOptions> {
    let format = match &args.input_format {
        Some(name) => Some(Format::parse(name).ok_or_else(|| {
            let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            anyhow!(
                "unknown input format `{name}`; known formats: {}",
                known.join(", ")
            )
        })?),
        None => None,
    };
    Ok(ReadOptions {
        format,
        column_map: parse_column_map(args.column_map.as_deref())?,
        swap_roles: args.swap_roles,
        agent_domains: args.agent_domain.clone(),
    })
}

/// Reads every input named by `args`, handing each conversation to `consume`, with a progress
/// bar on a terminal and every problem on stderr.
pub fn read_all(
    args: &ReadArgs,
    options: &ReadOptions,
    ui: Lang,
    consume: &mut dyn FnMut(&Conversation) -> io::Result<()>,
) -> Totals {
    let (inputs, walk_errors) = inputs::expand(&args.paths);
    let total_bytes: u64 = inputs
        .iter()
        .filter_map(|i| match i {
            Input::File { path, .. } => std::fs::metadata(path).ok().map(|m| m.len()),
            Input::Stdin => None,
        })
        .sum();
    let show_progress = !args.no_progress && io::stderr().is_terminal();
    let bar = progress_bar(show_progress, total_bytes, inputs.contains(&Input::Stdin));
    let mut run = Run::new(ui, bar.clone(), consume);
    run.audio = audio_options(args);
    for e in walk_errors {
        run.problem(true, &format!("{}: {}", e.path.display(), e.reason));
    }
    for input in &inputs {
        run.read_input(input, options);
    }
    run.finish_threads();
    bar.finish_and_clear();
    run.totals()
}

/// `--lang`: `None` detects the language.
pub fn forced_lang(lang: LangArg) -> Option<Lang> {
    match lang {
        LangArg::Auto => None,
        LangArg::Ru => Some(Lang::Ru),
        LangArg::Hu => Some(Lang::Hu),
        LangArg::En => Some(Lang::En),
    }
}

/// Reads a working-day calendar; its mistakes are usage errors (exit 2), each with its line.
pub fn load_calendar(path: &Path) -> anyhow::Result<Calendar> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the calendar {}", path.display()))?;
    Calendar::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{e}", path.display()))
            .collect();
        anyhow!(
            "the calendar has {} error(s):\n{}",
            errors.len(),
            lines.join("\n")
        )
    })
}

/// Reads and validates a scorecard; its errors are usage errors (exit 2), each with its line.
pub fn load_scorecard(path: &Path) -> anyhow::Result<Scorecard> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the scorecard {}", path.display()))?;
    scorecard::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{e}", path.display()))
            .collect();
        anyhow!(
            "the scorecard has {} error(s):\n{}\n(run `hearback scorecard check {}` for details)",
            errors.len(),
            lines.join("\n"),
            path.display()
        )
    })
}

/// `text=Message,speaker=Who` → [("text","Message"), ("speaker","Who")].
fn parse_column_map(spec: Option<&str>) -> anyhow::Result<Vec<(String, String)>> {
    let Some(spec) = spec else {
        return Ok(Vec::new());
    };
    spec.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((field, column)) if !field.trim().is_empty() && !column.trim().is_empty() => {
                Ok((field.trim().to_lowercase(), column.trim().to_string()))
            }
            _ => bail!("--column-map expects FIELD=COLUMN pairs separated by commas, got `{pair}`"),
        })
        .collect()
}

fn progress_bar(show: bool, total: u64, has_stdin: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = if has_stdin || total == 0 {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::new(total)
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    let template = if has_stdin || total == 0 {
        "{spinner} {elapsed_precise} {bytes} read ({bytes_per_sec}) {msg}"
    } else {
        "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Files named like conversations are read (and their problems reported) even when their
/// content is not recognised; only other files in a walked folder are skipped.
fn has_conversation_extension(name: &str) -> bool {
    const EXTENSIONS: [&str; 10] = [
        "json", "jsonl", "ndjson", "csv", "tsv", "txt", "vtt", "srt", "eml", "mbox",
    ];
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Writing to a closed pipe (`hearback score … | head`) is the reader saying "enough", not an
/// error.
pub fn exit_on_broken_pipe(e: &io::Error) {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

/// One conversation through the whole core pipeline, with call timing from its recording
/// when it has one.
pub fn score_conversation(
    conversation: &Conversation,
    options: &AnalyseOptions,
    card: &Scorecard,
    timeline: Option<hearback_core::timing::Timeline>,
) -> ScoreResult {
    let mut analysis = analyse(conversation, options);
    feel(&mut analysis);
    let findings = detectors::detect_all(&analysis);
    hearback_core::score::score_with_timeline(&analysis, &findings, card, timeline)
}

thread_local! {
    static SCRATCH: std::cell::RefCell<hearback_signals::Scratch> =
        std::cell::RefCell::new(hearback_signals::Scratch::default());
}

/// The learned sentiment and emotion of every customer turn, for the customer's experience
/// (`hearback_core::experience`). Only the customer's turns: the agent's mood is not the
/// customer's. Without the built-in models (a damaged build) the experience rests on the
/// findings alone.
pub fn feel(analysis: &mut hearback_core::Analysis<'_>) {
    let Ok(models) = hearback_signals::Signals::builtin() else {
        return;
    };
    let turns = &analysis.conversation.turns;
    let mut feelings = vec![None; turns.len()];
    SCRATCH.with_borrow_mut(|scratch| {
        for (i, t) in turns.iter().enumerate() {
            if t.speaker != hearback_core::Speaker::Customer || t.text.trim().is_empty() {
                continue;
            }
            let lang = analysis.reading_lang(analysis.turns[i].lang);
            if !lang.is_supported() {
                continue;
            }
            let (sentiment, emotion) = models.mood(&t.text, lang, scratch);
            feelings[i] = Some(hearback_core::experience::Feeling {
                negative: sentiment.negative,
                positive: sentiment.positive,
                anger: emotion.anger,
                joy: emotion.joy,
            });
        }
    });
    analysis.feelings = feelings;
}

/// Reading many inputs: counts, messages and the duplicate-id check, shared by `score` and
/// `convert`. `consume` gets every conversation read.
pub struct Run<'a> {
    pub ui: Lang,
    pub consume: &'a mut dyn FnMut(&Conversation) -> io::Result<()>,
    pub bar: ProgressBar,
    pub unreadable: usize,
    pub warnings: usize,
    pub scored: usize,
    pub skipped: usize,
    /// Conversation id → the input it first came from, to warn about the same id in two files.
    pub seen_ids: HashMap<String, String>,
    /// E-mail messages waiting for the rest of their thread.
    threads: Threads,
    /// How recordings named on the command line are read.
    pub audio: hearback_audio::AudioOptions,
}

impl<'a> Run<'a> {
    pub fn new(
        ui: Lang,
        bar: ProgressBar,
        consume: &'a mut dyn FnMut(&Conversation) -> io::Result<()>,
    ) -> Self {
        Run {
            ui,
            consume,
            bar,
            unreadable: 0,
            warnings: 0,
            scored: 0,
            skipped: 0,
            seen_ids: HashMap::new(),
            threads: Threads::default(),
            audio: hearback_audio::AudioOptions::default(),
        }
    }

    /// Hands over the e-mail threads held back until every input was read.
    pub fn finish_threads(&mut self) {
        for conversation in std::mem::take(&mut self.threads).finish() {
            let input = conversation
                .source
                .as_ref()
                .map(|s| s.file.clone())
                .unwrap_or_default();
            self.deliver(&input, &conversation);
        }
    }

    pub fn problem(&mut self, error: bool, message: &str) {
        let ui = self.ui;
        let prefix = if error {
            self.unreadable += 1;
            t(ui, "error", "ошибка", "hiba")
        } else {
            self.warnings += 1;
            t(ui, "warning", "предупреждение", "figyelmeztetés")
        };
        self.bar.suspend(|| eprintln!("{prefix}: {message}"));
    }

    pub fn read_input(&mut self, input: &Input, options: &ReadOptions) {
        let name = input.name();
        if let Input::File {
            path,
            explicit: true,
        } = input
            && options.format.is_none()
            && hearback_audio::is_audio_path(path)
        {
            self.read_recording(path, &name);
            return;
        }
        let reader: Box<dyn Read> = match input {
            Input::Stdin => Box::new(self.bar.wrap_read(io::stdin())),
            Input::File { path, .. } => match File::open(path) {
                Ok(f) => Box::new(self.bar.wrap_read(f)),
                Err(e) => {
                    self.problem(true, &format!("{name}: {e}"));
                    return;
                }
            },
        };
        let mut reader = BufReader::with_capacity(SNIFF_BYTES, reader);
        if let Input::File {
            explicit: false, ..
        } = input
            && options.format.is_none()
        {
            // Folders hold READMEs and recordings too: skip what is not a conversation format.
            let head = match reader.fill_buf() {
                Ok(h) => h,
                Err(e) => {
                    self.problem(true, &format!("{name}: {e}"));
                    return;
                }
            };
            if hearback_formats::sniff(&name, head).is_none() && !has_conversation_extension(&name)
            {
                self.skipped += 1;
                return;
            }
        }
        self.bar.set_message(name.clone());
        hearback_formats::read(&name, &mut reader, options, &mut |item| match item {
            Item::Conversation(c) if Threads::wants(&c) => self.threads.add(*c),
            Item::Conversation(c) => self.deliver(&name, &c),
            Item::Warning(w) => self.problem(false, &w.to_string()),
            Item::Error(e) => self.format_error(&e),
        });
    }

    /// A call recording named on the command line: a conversation of text-less turns, one per
    /// stretch of speech, whose timing is the recording's.
    fn read_recording(&mut self, path: &Path, name: &str) {
        self.bar.set_message(name.to_string());
        match hearback_audio::read(path, &self.audio) {
            Ok(recording) => {
                for w in &recording.warnings {
                    self.problem(false, &format!("{name}: {w}"));
                }
                let id = path
                    .file_stem()
                    .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
                let mut conversation = recording.conversation(&id, name);
                if let Some(source) = conversation.source.as_mut() {
                    source.format = RECORDING_FORMAT.to_string();
                }
                self.deliver(name, &conversation);
            }
            Err(e) => self.problem(true, &e.to_string()),
        }
    }

    fn format_error(&mut self, e: &FormatError) {
        self.problem(true, &e.to_string());
    }

    fn deliver(&mut self, input: &str, conversation: &Conversation) {
        if let Some(first) = self.seen_ids.get(&conversation.id) {
            if first != input {
                let message = format!(
                    "{input}: conversation id `{}` was already read from {first}; both are scored",
                    conversation.id
                );
                self.problem(false, &message);
            }
        } else {
            self.seen_ids
                .insert(conversation.id.clone(), input.to_string());
        }
        self.scored += 1;
        if let Err(e) = (self.consume)(conversation) {
            exit_on_broken_pipe(&e);
            let message = format!("could not write the results: {e}");
            self.problem(true, &message);
        }
    }

    pub fn totals(&self) -> Totals {
        Totals {
            ui: self.ui,
            skipped: self.skipped,
            unreadable: self.unreadable,
            warnings: self.warnings,
            scored: self.scored,
        }
    }
}

/// What a run read, printed on stderr at the end.
#[derive(Debug, Clone, Copy)]
pub struct Totals {
    ui: Lang,
    skipped: usize,
    pub unreadable: usize,
    warnings: usize,
    scored: usize,
}

impl Totals {
    pub fn exit_code(&self) -> u8 {
        if self.unreadable > 0 {
            EXIT_UNREADABLE
        } else {
            0
        }
    }

    pub fn print(&self) {
        let ui = self.ui;
        if self.skipped > 0 {
            eprintln!(
                "{}: {}",
                t(
                    ui,
                    "skipped files that are not conversations",
                    "пропущено файлов, не похожих на разговоры",
                    "kihagyott, nem beszélgetés formátumú fájlok"
                ),
                self.skipped
            );
        }
        if self.unreadable > 0 || self.warnings > 0 {
            eprintln!(
                "{} {}, {} {}, {} {}",
                self.scored,
                t(ui, "scored", "оценено", "értékelve"),
                self.unreadable,
                t(ui, "errors", "ошибок", "hiba"),
                self.warnings,
                t(ui, "warnings", "предупреждений", "figyelmeztetés")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_maps_are_pairs() {
        let m = parse_column_map(Some("text=Message, speaker=Who")).unwrap();
        assert_eq!(
            m,
            vec![
                ("text".to_string(), "Message".to_string()),
                ("speaker".to_string(), "Who".to_string())
            ]
        );
        assert!(parse_column_map(Some("text")).is_err());
        assert!(parse_column_map(Some("=x")).is_err());
    }
}
