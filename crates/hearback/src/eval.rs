//! `hearback eval`: measurements, not tests. Each evaluation prints our figure per split (beside a
//! paper's, for published datasets) and says whether the project's goals are met.
//!
//! The evaluations are one registry, [`EVALUATIONS`], so that a dataset evaluation joins by adding
//! a module and one entry: its name, the folder it reads under the data directory, a description
//! and a function returning an [`EvalReport`]. Printing, `--list`, `--format`, filters, the exit
//! code and the errors are shared here, so every evaluation looks the same to people and scripts.

mod fixtures;
mod signals;
mod uss;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use hearback_core::{Lang, detectors};
use serde::{Serialize, Serializer};

use crate::UiLangArg;
use crate::ui::{self, t};

/// Where dataset evaluations look when `--data` is not given: the shared data folder next to the
/// project, as `../shared/data/README.md` lays it out, relative to the working directory.
pub const DEFAULT_DATA_DIR: &str = "../shared/data";

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The evaluation to run; `hearback eval --list` names them ("fixtures": every detector over
    /// the project's labelled fixtures).
    name: Option<String>,
    /// Name the available evaluations, with the dataset folder each one reads.
    #[arg(long, conflicts_with = "name")]
    list: bool,
    /// The data folder [default: ../shared/data, relative to the working directory]. For
    /// `fixtures`, a folder laid out like crates/hearback-core/src/detectors
    /// (`<detector>/fixtures/<lang>/*.txt`) to measure instead of the built-in fixtures.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Output format: a table for people, one JSON object per evaluation for programs.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    format: EvalFormat,
    /// Only this detector (for `fixtures`); `experience` for the experience block alone.
    #[arg(long, value_name = "ID")]
    detector: Option<String>,
    /// Only this language.
    #[arg(long, value_enum)]
    lang: Option<UiLangArg>,
    /// Language of headings and messages (default: from LANG).
    #[arg(long, value_enum)]
    ui_lang: Option<UiLangArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EvalFormat {
    Table,
    Json,
}

/// A sentence in the three interface languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub en: &'static str,
    pub ru: &'static str,
    pub hu: &'static str,
}

impl Text {
    pub fn get(&self, ui: Lang) -> &'static str {
        t(ui, self.en, self.ru, self.hu)
    }
}

/// One evaluation `hearback eval NAME` can run.
pub struct Evaluation {
    pub name: &'static str,
    /// The folder it reads under the data directory; `None` when it needs none (the fixtures are
    /// built into the binary).
    pub dataset: Option<&'static str>,
    pub description: Text,
    /// Whether `--detector` means something to it; others refuse the flag rather than ignore it.
    pub takes_detector: bool,
    pub run: fn(&EvalContext) -> anyhow::Result<EvalReport>,
}

/// Every evaluation, in the order `--list` shows them.
pub const EVALUATIONS: &[Evaluation] = &[
    Evaluation {
        name: "fixtures",
        dataset: None,
        description: Text {
            en: "every detector over the project's labelled fixtures: precision and recall per detector and language",
            ru: "все детекторы на размеченных примерах проекта: точность и полнота по детектору и языку",
            hu: "minden detektor a projekt címkézett példáin: precizitás és felidézés detektoronként és nyelvenként",
        },
        takes_detector: true,
        run: fixtures::run,
    },
    // The learned signals (issue 4), each with its paper's protocol; see docs/models.md.
    Evaluation {
        name: "stanford-politeness",
        dataset: Some("stanford-politeness"),
        description: Text {
            en: "politeness, Wikipedia and StackExchange requests: quartiles, leave-one-out in-domain, cross-domain; accuracy",
            ru: "вежливость, запросы Википедии и StackExchange: квартили, скользящий контроль по одному, перенос между доменами; точность",
            hu: "udvariasság, Wikipedia- és StackExchange-kérések: kvartilisek, egy-kihagyásos keresztvalidáció, doménátvitel; pontosság",
        },
        takes_detector: false,
        run: signals::stanford_politeness,
    },
    Evaluation {
        name: "ru-toxic-2ch-pikabu",
        dataset: Some("ru-toxic-2ch-pikabu"),
        description: Text {
            en: "Russian toxic comments (2ch, pikabu): test split, F1 of the toxic class",
            ru: "токсичные комментарии (2ch, pikabu): тестовая часть, F1 токсичного класса",
            hu: "orosz toxikus kommentek (2ch, pikabu): tesztrész, a toxikus osztály F1-e",
        },
        takes_detector: false,
        run: signals::ru_toxic,
    },
    Evaluation {
        name: "en-olid-offenseval2019",
        dataset: Some("en-olid-offenseval2019"),
        description: Text {
            en: "OLID / OffensEval 2019 sub-task A: official test set, macro-F1",
            ru: "OLID / OffensEval 2019, подзадача A: официальный тест, макро-F1",
            hu: "OLID / OffensEval 2019, A részfeladat: hivatalos teszthalmaz, makro-F1",
        },
        takes_detector: false,
        run: signals::olid,
    },
    Evaluation {
        name: "xed-emotion",
        dataset: Some("xed-emotion"),
        description: Text {
            en: "XED 8 emotions in en, hu, ru: 5-fold cross-validation, macro-F1",
            ru: "XED, 8 эмоций, en/hu/ru: 5-кратный скользящий контроль, макро-F1",
            hu: "XED, 8 érzelem, en/hu/ru: 5-szörös keresztvalidáció, makro-F1",
        },
        takes_detector: false,
        run: signals::xed,
    },
    Evaluation {
        name: "ru-sentirueval-2015",
        dataset: Some("ru-sentirueval-2015"),
        description: Text {
            en: "SentiRuEval-2015 banks and telecom tweets: 2015 train to 2015 test, F1 over positive and negative",
            ru: "SentiRuEval-2015, твиты о банках и операторах: обучение 2015 → тест 2015, F1 по позитиву и негативу",
            hu: "SentiRuEval-2015, bankokról és szolgáltatókról szóló tweetek: 2015-ös tanító → 2015-ös teszt, F1 a pozitív és negatív osztályra",
        },
        takes_detector: false,
        run: signals::sentirueval,
    },
    Evaluation {
        name: "hu-husst",
        dataset: Some("hu-husst"),
        description: Text {
            en: "HuSST Hungarian 3-class sentiment: train to dev, accuracy and macro-F1",
            ru: "HuSST, венгерская тональность (3 класса): обучение → dev, точность и макро-F1",
            hu: "HuSST, magyar háromosztályos szentiment: tanító → dev, pontosság és makro-F1",
        },
        takes_detector: false,
        run: signals::husst,
    },
    Evaluation {
        name: "en-davidson-hate-offensive",
        dataset: Some("en-davidson-hate-offensive"),
        description: Text {
            en: "Davidson et al. hate / offensive / neither: 5-fold cross-validation, weighted F1",
            ru: "Davidson и др.: ненависть / оскорбление / ничего, 5-кратный скользящий контроль, взвешенная F1",
            hu: "Davidson és mtsai: gyűlölet / sértő / egyik sem, 5-szörös keresztvalidáció, súlyozott F1",
        },
        takes_detector: false,
        run: signals::davidson,
    },
    Evaluation {
        name: "ru-cedr-emotion",
        dataset: Some("ru-cedr-emotion"),
        description: Text {
            en: "CEDR Russian emotions (5, multi-label): train to test, macro-F1",
            ru: "CEDR, эмоции в русском (5, несколько меток): обучение → тест, макро-F1",
            hu: "CEDR, orosz érzelmek (5, többcímkés): tanító → teszt, makro-F1",
        },
        takes_detector: false,
        run: signals::cedr,
    },
    // The customer's side (issue 5).
    Evaluation {
        name: "uss-dialogue",
        dataset: Some("uss-user-satisfaction"),
        description: Text {
            en: "customer dissatisfaction against the USS dialogue-level ratings (SGD, MultiWOZ, ReDial, CCPE): rho, AUC, F1 of the dissatisfied",
            ru: "недовольство клиента против оценок диалогов USS (SGD, MultiWOZ, ReDial, CCPE): rho, AUC, F1 недовольных",
            hu: "ügyfél-elégedetlenség a USS párbeszéd-szintű értékeléseihez mérve (SGD, MultiWOZ, ReDial, CCPE): rho, AUC, az elégedetlenek F1-e",
        },
        takes_detector: false,
        run: uss::run,
    },
];

/// What an evaluation is given.
#[derive(Debug)]
pub struct EvalContext {
    /// The dataset's folder (already checked to exist) for dataset evaluations; for evaluations
    /// without a dataset, the `--data` folder when one was given.
    pub data: Option<PathBuf>,
    pub detector: Option<String>,
    pub lang: Option<Lang>,
}

/// One evaluation's result: INTERFACES.md's `{"dataset", "protocol", "rows"}`, plus what a
/// developer needs to act on it.
#[derive(Debug, Serialize)]
pub struct EvalReport {
    pub dataset: String,
    pub protocol: String,
    pub rows: Vec<Row>,
    /// True when every row with a goal meets it and nothing went unread.
    pub passed: bool,
    /// Rows that miss their goal, as sentences ("rudeness/ru recall 0.850 < 0.90").
    pub below_goal: Vec<String>,
    /// The cases behind the misses (for fixtures: each failing fixture, what was expected, what
    /// was found).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<Case>,
    /// Inputs that could not be read or used; any makes the evaluation fail.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// One figure: `metric` of `split`, ours beside the paper's.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub metric: String,
    pub split: String,
    /// `null` when undefined (no findings for precision, nothing to find for recall).
    #[serde(serialize_with = "round4")]
    pub ours: Option<f64>,
    #[serde(serialize_with = "round4")]
    pub paper: Option<f64>,
    pub paper_source: Option<String>,
    /// The least value the project accepts, when it sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
}

impl Row {
    /// `Some(false)` when the row has a goal and misses it (an undefined figure misses).
    pub fn meets_goal(&self) -> Option<bool> {
        self.goal
            .map(|goal| self.ours.is_some_and(|v| v >= goal - 1e-12))
    }
}

/// The confusion counts behind a precision or recall figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub tn: usize,
    /// How many examples (fixtures, dataset items) were measured.
    pub examples: usize,
}

/// A failing example, so a developer can open it and fix the detector or the label.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    /// `detector/lang/file.txt`.
    pub name: String,
    /// Where the file is, relative to the project root for built-in fixtures.
    pub path: String,
    pub split: String,
    /// What the labels ask for, each with whether it was found; empty for a negative example.
    pub expected: Vec<Span>,
    /// What was found where nothing was expected.
    pub unexpected: Vec<Span>,
}

/// A labelled or found span and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct Span {
    /// 1-based line of the file (the caret line for expected spans, the turn's line for found).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based turn.
    pub turn: usize,
    pub quote: String,
    pub status: SpanStatus,
    /// The finding's own sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpanStatus {
    /// Expected and found.
    Found,
    /// Expected and not found.
    Missed,
    /// Expected, not found, and labelled as a known miss.
    KnownMiss,
    /// Labelled as a known miss but found: the label should go.
    KnownMissFound,
    /// Found where nothing was expected.
    Unexpected,
}

/// Figures print with four decimals in JSON: more is noise, and it keeps outputs comparable.
fn round4<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) => s.serialize_f64((x * 10_000.0).round() / 10_000.0),
        None => s.serialize_none(),
    }
}

fn lang_of(arg: UiLangArg) -> Lang {
    match arg {
        UiLangArg::Ru => Lang::Ru,
        UiLangArg::Hu => Lang::Hu,
        UiLangArg::En => Lang::En,
    }
}

fn known_names() -> String {
    EVALUATIONS
        .iter()
        .map(|e| e.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs the command; returns the exit code: 0 when every goal is met, 1 when some is not (each
/// named on stderr). Usage errors come back as `Err` (exit 2).
pub fn run(args: EvalArgs) -> anyhow::Result<u8> {
    let ui = ui::ui_lang(args.ui_lang.map(lang_of));
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.list {
        list(&mut out, args.format, ui)?;
        out.flush()?;
        return Ok(0);
    }
    let Some(name) = args.name.as_deref() else {
        bail!(
            "{} {}",
            t(
                ui,
                "name an evaluation, or --list; known:",
                "укажите оценку или --list; известные:",
                "adjon meg egy kiértékelést vagy --list; ismertek:"
            ),
            known_names()
        );
    };
    let Some(evaluation) = EVALUATIONS.iter().find(|e| e.name == name) else {
        bail!(
            "{} `{name}`; {} {}",
            t(
                ui,
                "unknown evaluation",
                "неизвестная оценка",
                "ismeretlen kiértékelés"
            ),
            t(ui, "known:", "известные:", "ismertek:"),
            known_names()
        );
    };
    if let Some(id) = &args.detector {
        if !evaluation.takes_detector {
            bail!("`{name}` does not take --detector");
        }
        if detectors::by_id(id).is_none() && id != fixtures::experience::SPLIT {
            let mut known: Vec<&str> = detectors::ALL.iter().map(|d| d.id()).collect();
            known.push(fixtures::experience::SPLIT);
            bail!(
                "{} `{id}`; {} {}",
                t(
                    ui,
                    "unknown detector",
                    "неизвестный детектор",
                    "ismeretlen detektor"
                ),
                t(ui, "known:", "известные:", "ismertek:"),
                known.join(", ")
            );
        }
    }
    let data = match evaluation.dataset {
        Some(folder) => {
            let root = args
                .data
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
            let dir = root.join(folder);
            if !dir.is_dir() {
                bail!(
                    "`{name}` reads {}, which is not a folder; pass --data DIR (default {DEFAULT_DATA_DIR}, relative to the working directory)",
                    dir.display()
                );
            }
            Some(dir)
        }
        None => args.data.clone(),
    };
    let context = EvalContext {
        data,
        detector: args.detector.clone(),
        lang: args.lang.map(lang_of),
    };
    let report = (evaluation.run)(&context)?;
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        }
        EvalFormat::Table => write_table(&mut out, evaluation, &report, ui)?,
    }
    out.flush().context("could not write the results")?;
    for p in &report.problems {
        eprintln!("hearback: {p}");
    }
    if !report.below_goal.is_empty() {
        eprintln!(
            "hearback: {}: {}",
            t(ui, "below the goal", "ниже цели", "a cél alatt"),
            report.below_goal.join("; ")
        );
    }
    Ok(u8::from(!report.passed))
}

/// Fills in `passed` and `below_goal` from the rows and problems, the same way for every
/// evaluation.
pub fn judge(report: &mut EvalReport) {
    report.below_goal = report
        .rows
        .iter()
        .filter(|r| r.meets_goal() == Some(false))
        .map(|r| {
            let ours = r
                .ours
                .map_or_else(|| "—".to_string(), |v| format!("{v:.3}"));
            format!(
                "{} {} {ours} < {:.2}",
                r.split,
                r.metric,
                r.goal.unwrap_or_default()
            )
        })
        .collect();
    report.passed = report.below_goal.is_empty() && report.problems.is_empty();
}

#[derive(Serialize)]
struct Listed {
    name: &'static str,
    dataset: Option<&'static str>,
    description: &'static str,
}

fn list(out: &mut dyn Write, format: EvalFormat, ui: Lang) -> anyhow::Result<()> {
    let listed: Vec<Listed> = EVALUATIONS
        .iter()
        .map(|e| Listed {
            name: e.name,
            dataset: e.dataset,
            description: e.description.get(ui),
        })
        .collect();
    if format == EvalFormat::Json {
        serde_json::to_writer(&mut *out, &listed)?;
        writeln!(out)?;
        return Ok(());
    }
    let builtin = t(ui, "(built in)", "(встроенные)", "(beépített)");
    let width = listed
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(0);
    let data_width = listed
        .iter()
        .map(|l| l.dataset.unwrap_or(builtin).chars().count())
        .max()
        .unwrap_or(0);
    for l in &listed {
        writeln!(
            out,
            "{:width$}  {:data_width$}  {}",
            l.name,
            l.dataset.unwrap_or(builtin),
            l.description
        )?;
    }
    writeln!(
        out,
        "\n{} {DEFAULT_DATA_DIR} {}",
        t(
            ui,
            "Dataset folders are looked up under --data DIR (default",
            "Папки с данными ищутся в --data DIR (по умолчанию",
            "Az adatmappák helye --data DIR (alapértelmezés:"
        ),
        t(
            ui,
            "relative to the working directory).",
            "относительно рабочего каталога).",
            "a munkakönyvtárhoz képest)."
        )
    )?;
    Ok(())
}

/// Headings of the report table in the user's language.
struct Labels {
    split: &'static str,
    metric: &'static str,
    ours: &'static str,
    paper: &'static str,
    goal: &'static str,
    detector: &'static str,
    lang: &'static str,
    precision: &'static str,
    recall: &'static str,
    examples: &'static str,
    met: &'static str,
    failing: &'static str,
    expected: &'static str,
    found: &'static str,
    nothing: &'static str,
    turn: &'static str,
    line: &'static str,
    missed: &'static str,
    known_miss: &'static str,
    known_miss_found: &'static str,
    unexpected: &'static str,
    matched: &'static str,
    all_met: &'static str,
    below: &'static str,
    problems: &'static str,
    open_quote: &'static str,
    close_quote: &'static str,
}

const EN: Labels = Labels {
    split: "Split",
    metric: "Metric",
    ours: "Ours",
    paper: "Paper",
    goal: "Goal",
    detector: "Detector",
    lang: "Language",
    precision: "Precision",
    recall: "Recall",
    examples: "Fixtures",
    met: "Goal",
    failing: "Failing fixtures",
    expected: "expected",
    found: "found",
    nothing: "nothing",
    turn: "turn",
    line: "line",
    missed: "missed",
    known_miss: "missed (known miss)",
    known_miss_found: "found: remove `known-miss`",
    unexpected: "unexpected",
    matched: "found",
    all_met: "Every goal is met",
    below: "Below the goal",
    problems: "Could not be measured",
    open_quote: "“",
    close_quote: "”",
};

const RU: Labels = Labels {
    split: "Разрез",
    metric: "Метрика",
    ours: "Наша",
    paper: "Статья",
    goal: "Цель",
    detector: "Детектор",
    lang: "Язык",
    precision: "Точность",
    recall: "Полнота",
    examples: "Примеров",
    met: "Цель",
    failing: "Непройденные примеры",
    expected: "ожидалось",
    found: "найдено",
    nothing: "ничего",
    turn: "реплика",
    line: "строка",
    missed: "пропущено",
    known_miss: "пропущено (известный пропуск)",
    known_miss_found: "найдено: уберите `known-miss`",
    unexpected: "лишнее",
    matched: "найдено",
    all_met: "Все цели достигнуты",
    below: "Ниже цели",
    problems: "Не удалось измерить",
    open_quote: "«",
    close_quote: "»",
};

const HU: Labels = Labels {
    split: "Részhalmaz",
    metric: "Mérőszám",
    ours: "Miénk",
    paper: "Cikk",
    goal: "Cél",
    detector: "Detektor",
    lang: "Nyelv",
    precision: "Precizitás",
    recall: "Felidézés",
    examples: "Példák",
    met: "Cél",
    failing: "Hibás példák",
    expected: "elvárt",
    found: "talált",
    nothing: "semmi",
    turn: "megszólalás",
    line: "sor",
    missed: "kimaradt",
    known_miss: "kimaradt (ismert hiány)",
    known_miss_found: "megtalálva: törölje a `known-miss` jelölést",
    unexpected: "váratlan",
    matched: "megtalálva",
    all_met: "Minden cél teljesül",
    below: "A cél alatt",
    problems: "Nem mérhető",
    open_quote: "„",
    close_quote: "”",
};

fn labels(ui: Lang) -> &'static Labels {
    match ui {
        Lang::Ru => &RU,
        Lang::Hu => &HU,
        Lang::En | Lang::Other => &EN,
    }
}

fn figure(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.3}"))
}

/// A share with what it counts: "0.986 (69/70)" (TP over examples), "—" without the row.
fn share(row: Option<&Row>) -> String {
    row.map_or_else(
        || "—".to_string(),
        |r| {
            let c = r.counts.unwrap_or_default();
            format!("{} ({}/{})", figure(r.ours), c.tp, c.examples)
        },
    )
}

impl EvalReport {
    /// The row of `metric` in `split`.
    fn row(&self, split: &str, metric: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.split == split && r.metric == metric)
    }

    /// Whether every row of `split` that has a goal meets it; `None` when none has one.
    fn split_meets_goals(&self, split: &str) -> Option<bool> {
        self.rows
            .iter()
            .filter(|r| r.split == split)
            .filter_map(Row::meets_goal)
            .reduce(|a, b| a && b)
    }
}

fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        // Short cells: never wrap, so the table reads the same on a terminal, in a file and in CI.
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header);
    table
}

fn mark(ok: Option<bool>) -> Cell {
    match ok {
        Some(true) => Cell::new("✓").fg(Color::Green),
        Some(false) => Cell::new("✗").fg(Color::Red),
        None => Cell::new(""),
    }
}

fn write_table(
    out: &mut dyn Write,
    evaluation: &Evaluation,
    report: &EvalReport,
    ui: Lang,
) -> anyhow::Result<()> {
    let l = labels(ui);
    writeln!(
        out,
        "{} — {}",
        evaluation.name,
        evaluation.description.get(ui)
    )?;
    // Precision and recall rows of one split side by side, as people compare them; anything
    // else (dataset metrics beside a paper's) one row per figure.
    if report.rows.iter().all(|r| r.counts.is_some()) {
        let detector_rows = report.rows.iter().any(|r| {
            ![fixtures::promises::SPLIT, fixtures::experience::SPLIT]
                .iter()
                .any(|block| r.split.starts_with(&format!("{block}/")))
        });
        // `--detector experience` has only its own block.
        if detector_rows || report.rows.is_empty() {
            writeln!(out, "{}", detector_table(report, l))?;
        }
        if let Some(promises) = fixtures::promises::table(report, ui) {
            writeln!(out, "\n{promises}")?;
        }
        if let Some(experience) = fixtures::experience::table(report, ui) {
            writeln!(out, "\n{experience}")?;
        }
    } else {
        let mut table = new_table(vec![l.split, l.metric, l.ours, l.paper, l.goal, ""]);
        for r in &report.rows {
            table.add_row(vec![
                Cell::new(&r.split),
                Cell::new(&r.metric),
                Cell::new(figure(r.ours)),
                Cell::new(figure(r.paper)),
                Cell::new(r.goal.map(|g| format!("≥ {g:.2}")).unwrap_or_default()),
                mark(r.meets_goal()),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    if !report.failures.is_empty() {
        writeln!(out, "\n{} ({}):", l.failing, report.failures.len())?;
        for case in &report.failures {
            write_case(out, case, l)?;
        }
    }
    if !report.problems.is_empty() {
        writeln!(out, "\n{}:", l.problems)?;
        for p in &report.problems {
            writeln!(out, "  {p}")?;
        }
    }
    if report.below_goal.is_empty() {
        if report.problems.is_empty() {
            writeln!(out, "\n{}.", l.all_met)?;
        }
    } else {
        writeln!(out, "\n{} ({}):", l.below, report.below_goal.len())?;
        for b in &report.below_goal {
            writeln!(out, "  {b}")?;
        }
    }
    Ok(())
}

fn detector_table(report: &EvalReport, l: &Labels) -> Table {
    let goal_of = |metric: &str| {
        report
            .rows
            .iter()
            .find(|r| r.metric == metric)
            .and_then(|r| r.goal)
    };
    let heading = |name: &str, goal: Option<f64>| match goal {
        Some(g) => format!("{name} (≥ {g:.2})"),
        None => name.to_string(),
    };
    let precision = heading(l.precision, goal_of("precision"));
    let recall = heading(l.recall, goal_of("recall"));
    let mut table = new_table(vec![
        l.detector, l.lang, &precision, &recall, "TP", "FP", "FN", "TN", l.examples, l.met,
    ]);
    // Rows come in (precision, recall) pairs per split; group by split, keeping their order.
    let mut splits: Vec<&str> = Vec::new();
    for r in &report.rows {
        // The promises and experience blocks have tables of their own.
        let own_table = [fixtures::promises::SPLIT, fixtures::experience::SPLIT]
            .iter()
            .any(|block| {
                r.split
                    .strip_prefix(block)
                    .is_some_and(|rest| rest.starts_with('/'))
            });
        if !own_table && !splits.contains(&r.split.as_str()) {
            splits.push(&r.split);
        }
    }
    for split in splits {
        let rows: Vec<&Row> = report.rows.iter().filter(|r| r.split == split).collect();
        let get = |metric: &str| rows.iter().find(|r| r.metric == metric).copied();
        let counts = rows.iter().find_map(|r| r.counts).unwrap_or_default();
        let met = report.split_meets_goals(split);
        let (detector, lang) = split.split_once('/').unwrap_or((split, ""));
        table.add_row(vec![
            Cell::new(detector),
            Cell::new(lang),
            Cell::new(figure(get("precision").and_then(|r| r.ours))),
            Cell::new(figure(get("recall").and_then(|r| r.ours))),
            Cell::new(counts.tp),
            Cell::new(counts.fp),
            Cell::new(counts.fn_),
            Cell::new(counts.tn),
            Cell::new(counts.examples),
            mark(met),
        ]);
    }
    table
}

fn write_case(out: &mut dyn Write, case: &Case, l: &Labels) -> io::Result<()> {
    writeln!(out, "  ✗ {}  ({})", case.name, case.path)?;
    let span = |s: &Span| {
        let status = match s.status {
            SpanStatus::Found => l.matched,
            SpanStatus::Missed => l.missed,
            SpanStatus::KnownMiss => l.known_miss,
            SpanStatus::KnownMissFound => l.known_miss_found,
            SpanStatus::Unexpected => l.unexpected,
        };
        let at = match s.line {
            Some(line) => format!("{} {line}, {} {}", l.line, l.turn, s.turn),
            None => format!("{} {}", l.turn, s.turn),
        };
        let note = s
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        format!(
            "{at} {}{}{}: {status}{note}",
            l.open_quote, s.quote, l.close_quote
        )
    };
    if case.expected.is_empty() {
        writeln!(out, "      {}: {}", l.expected, l.nothing)?;
    }
    for s in &case.expected {
        writeln!(out, "      {}: {}", l.expected, span(s))?;
    }
    for s in &case.unexpected {
        writeln!(out, "      {}: {}", l.found, span(s))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(metric: &str, ours: Option<f64>, goal: Option<f64>) -> Row {
        Row {
            metric: metric.to_string(),
            split: "greeting/ru".to_string(),
            ours,
            paper: None,
            paper_source: None,
            goal,
            counts: None,
        }
    }

    #[test]
    fn an_undefined_figure_misses_its_goal_and_a_row_without_goal_never_does() {
        assert_eq!(row("recall", None, Some(0.9)).meets_goal(), Some(false));
        assert_eq!(row("recall", Some(0.9), Some(0.9)).meets_goal(), Some(true));
        assert_eq!(
            row("recall", Some(0.89), Some(0.9)).meets_goal(),
            Some(false)
        );
        assert_eq!(row("accuracy", Some(0.1), None).meets_goal(), None);
    }

    #[test]
    fn a_report_passes_only_with_every_goal_met_and_nothing_unread() {
        let mut report = EvalReport {
            dataset: "fixtures".into(),
            protocol: String::new(),
            rows: vec![
                row("precision", Some(1.0), Some(0.95)),
                row("recall", Some(0.85), Some(0.9)),
            ],
            passed: true,
            below_goal: Vec::new(),
            failures: Vec::new(),
            problems: Vec::new(),
        };
        judge(&mut report);
        assert!(!report.passed);
        assert_eq!(report.below_goal, ["greeting/ru recall 0.850 < 0.90"]);
        report.rows[1].ours = Some(0.9);
        judge(&mut report);
        assert!(report.passed);
        report.problems.push("x.txt: line 1: bad".into());
        judge(&mut report);
        assert!(!report.passed);
    }

    #[test]
    fn every_evaluation_has_a_unique_name_and_a_description_in_each_language() {
        let mut seen = std::collections::HashSet::new();
        for e in EVALUATIONS {
            assert!(seen.insert(e.name), "{} is listed twice", e.name);
            for ui in Lang::SUPPORTED {
                assert!(!e.description.get(ui).is_empty(), "{} in {ui:?}", e.name);
            }
        }
    }
}
