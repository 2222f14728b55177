//! `hearback import`: read → score what is new or changed → store, one conversation per
//! transaction. Reading is `hearback score`'s (the same formats, messages and progress bar);
//! only the end of the pipeline differs.
//!
//! Idempotent by source id and content hash: a conversation already stored with the same
//! content and scored with this scorecard is not even scored again, so a second import of the
//! same files is quick and changes nothing.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context;
use hearback_core::scorecard::{self, Scorecard};
use hearback_core::{AnalyseOptions, Conversation, Lang};
use hearback_store::{Outcome, ScorecardSource, Store, Stored, StoredScorecard, content_hash};

use crate::score_cmd::{self, read_all, read_options, score_conversation, ui_of};
use crate::ui::t;
use crate::{EXIT_UNREADABLE, LangArg, ReadArgs};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    store: StoreArgs,
}

/// Where conversations are stored and how they are scored there: shared by `import` and
/// `serve`, which store and score the same way.
#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// The database: sqlite://FILE (created when missing) or postgres://USER@HOST/DB.
    #[arg(
        long,
        value_name = "URL",
        default_value = "sqlite://hearback.db",
        env = "HEARBACK_DB"
    )]
    pub db: String,
    /// The scorecard conversations are scored against (default: the built-in service standard).
    #[arg(long, value_name = "FILE")]
    scorecard: Option<PathBuf>,
    /// The conversations' language; "auto" detects it per conversation and per turn.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
    /// Working days and holidays (TOML), for promises due in "three working days".
    #[arg(long, value_name = "FILE")]
    calendar: Option<PathBuf>,
}

impl StoreArgs {
    /// The scorecard, language and calendar files, read and checked.
    pub fn scoring_files(&self) -> anyhow::Result<ScoringFiles> {
        ScoringFiles::load(
            self.scorecard.as_deref(),
            self.lang,
            self.calendar.as_deref(),
        )
    }
}

/// What an import did, printed at the end.
#[derive(Debug, Default)]
struct Counts {
    new: usize,
    unchanged: usize,
    updated: usize,
    rescored: usize,
    /// Conversations whose id was already read in this run with other content.
    duplicates: usize,
    failed: usize,
}

/// What scoring an import needs, set up once: the scorecard with its stored row and the
/// options. Shared by `hearback import` and `hearback serve` (its POST), so that a conversation
/// is stored and scored the same way whichever door it came in by.
pub(crate) struct Scoring {
    card: Scorecard,
    stored_card: StoredScorecard,
    analyse: AnalyseOptions,
    /// How to open a recording the conversation names; none: recordings are not opened (the
    /// API, where the path would be one on the server's disk chosen by whoever sends).
    audio: Option<hearback_audio::AudioOptions>,
    engine: String,
    ui: Lang,
}

/// A [`Scoring`] read from its files but not yet in a database: a scorecard with errors is
/// reported before any database is opened (or created).
pub(crate) struct ScoringFiles {
    card: Scorecard,
    card_text: String,
    analyse: AnalyseOptions,
}

impl ScoringFiles {
    /// Reads the scorecard (`None`: the built-in one) and the calendar.
    pub(crate) fn load(
        scorecard: Option<&Path>,
        lang: LangArg,
        calendar: Option<&Path>,
    ) -> anyhow::Result<ScoringFiles> {
        let (card, card_text) = match scorecard {
            Some(path) => {
                let card = score_cmd::load_scorecard(path)?;
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("could not read the scorecard {}", path.display()))?;
                (card, text)
            }
            None => (scorecard::builtin(), scorecard::BUILTIN_SOURCE.to_string()),
        };
        let analyse = AnalyseOptions {
            company: card.company.clone(),
            language: score_cmd::forced_lang(lang),
            calendar: match calendar {
                Some(path) => Some(std::sync::Arc::new(score_cmd::load_calendar(path)?)),
                None => None,
            },
        };
        Ok(ScoringFiles {
            card,
            card_text,
            analyse,
        })
    }

    /// Stores the scorecard row (once per text) and makes the [`Scoring`].
    pub(crate) async fn into_scoring(
        self,
        store: &Store,
        audio: Option<hearback_audio::AudioOptions>,
        ui: Lang,
    ) -> anyhow::Result<Scoring> {
        let ScoringFiles {
            card,
            card_text,
            analyse,
        } = self;
        let stored_card = store
            .scorecard(&ScorecardSource {
                id: &card.id,
                version: &card.version,
                title: card.title.get(Lang::En),
                source: &card_text,
            })
            .await
            .context("could not store the scorecard")?;
        if stored_card.same_version_other_content {
            eprintln!(
                "{}: scorecard `{}` version {} is already stored with other content; its results are kept apart, but give the changed file a new version",
                t(ui, "warning", "предупреждение", "figyelmeztetés"),
                card.id,
                card.version
            );
        }
        Ok(Scoring {
            card,
            stored_card,
            analyse,
            audio,
            engine: format!("hearback {}", env!("CARGO_PKG_VERSION")),
            ui,
        })
    }
}

impl Scoring {
    /// Stores one conversation (`hash`: its [`content_hash`]), scoring it only when it is new,
    /// changed or not yet scored with this scorecard. Scoring is CPU work done right here: an
    /// async caller that must stay responsive runs this on a blocking thread.
    pub(crate) async fn import(
        &self,
        store: &Store,
        c: &Conversation,
        hash: &str,
    ) -> Result<Outcome, hearback_store::StoreError> {
        if store.state(&c.id, hash, &self.stored_card).await? == Stored::Unchanged {
            return Ok(Outcome::Unchanged);
        }
        let result = score(c, &self.analyse, &self.card, self.audio.as_ref(), self.ui);
        store
            .put(c, hash, &result, &self.stored_card, &self.engine)
            .await
    }
}

pub fn run(args: ImportArgs) -> anyhow::Result<u8> {
    let ui = ui_of(&args.read);
    let files = args.store.scoring_files()?;
    let read_options = read_options(&args.read)?;

    // One thread is enough: scoring is synchronous CPU work between the database calls, and
    // each conversation waits for its own transaction before the next is read.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the database runtime")?;
    let store = runtime
        .block_on(Store::open(&args.store.db))
        .context("could not open the database")?;
    let scoring = runtime.block_on(files.into_scoring(
        &store,
        Some(score_cmd::audio_options(&args.read)),
        ui,
    ))?;

    let mut counts = Counts::default();
    // Two different conversations under one id in one run would replace each other on every
    // import, so that no re-import were ever "unchanged": the first one read is kept.
    let mut hashes: HashMap<String, String> = HashMap::new();
    let mut consume = |c: &Conversation| -> io::Result<()> {
        let hash = content_hash(c);
        match hashes.get(&c.id) {
            Some(first) if *first != hash => {
                counts.duplicates += 1;
                eprintln!(
                    "{}: {}: {}",
                    t(ui, "warning", "предупреждение", "figyelmeztetés"),
                    source_of(c),
                    t(
                        ui,
                        "another conversation with this id was read before; the first one is kept",
                        "разговор с таким id уже прочитан; сохранён первый",
                        "ezzel az azonosítóval már beolvastunk egy beszélgetést; az elsőt tartjuk meg"
                    )
                );
                return Ok(());
            }
            Some(_) => {}
            None => {
                hashes.insert(c.id.clone(), hash.clone());
            }
        }
        match runtime.block_on(scoring.import(&store, c, &hash)) {
            Ok(Outcome::New) => counts.new += 1,
            Ok(Outcome::Unchanged) => counts.unchanged += 1,
            Ok(Outcome::Updated) => counts.updated += 1,
            Ok(Outcome::Rescored) => counts.rescored += 1,
            Err(e) => {
                counts.failed += 1;
                eprintln!(
                    "{}: {}: {e}",
                    t(ui, "error", "ошибка", "hiba"),
                    source_of(c)
                );
            }
        }
        Ok(())
    };
    let totals = read_all(&args.read, &read_options, ui, &mut consume);
    runtime.block_on(store.close());

    println!("{}", summary(&counts, ui));
    totals.print();
    Ok(if counts.failed > 0 {
        EXIT_UNREADABLE
    } else {
        totals.exit_code()
    })
}

/// Scores one conversation exactly as `hearback score` does, with call timing from its
/// recording when it names one and `audio` allows opening it.
fn score(
    c: &Conversation,
    options: &AnalyseOptions,
    card: &Scorecard,
    audio: Option<&hearback_audio::AudioOptions>,
    ui: Lang,
) -> hearback_core::ScoreResult {
    let timeline = match audio.and_then(|audio| score_cmd::recording_of(c, audio)) {
        Some(Ok(recording)) => {
            Some(recording.timeline(&hearback_core::timing::TimingOptions::default()))
        }
        Some(Err(e)) => {
            eprintln!("{}: {e}", t(ui, "error", "ошибка", "hiba"));
            None
        }
        None => score_cmd::made_from_recording(c),
    };
    score_conversation(c, options, card, timeline)
}

/// `file:line (id)` for messages about one conversation.
fn source_of(c: &Conversation) -> String {
    match &c.source {
        Some(s) => match s.line {
            Some(line) => format!("{}:{line} ({})", s.file, c.id),
            None => format!("{} ({})", s.file, c.id),
        },
        None => c.id.clone(),
    }
}

/// "3 new, 12 unchanged, 1 updated", plus re-scored and failed conversations when there are any.
fn summary(c: &Counts, ui: Lang) -> String {
    let mut parts = vec![
        format!("{} {}", c.new, t(ui, "new", "новых", "új")),
        format!(
            "{} {}",
            c.unchanged,
            t(ui, "unchanged", "без изменений", "változatlan")
        ),
        format!(
            "{} {}",
            c.updated,
            t(ui, "updated", "обновлено", "frissítve")
        ),
    ];
    if c.rescored > 0 {
        parts.push(format!(
            "{} {}",
            c.rescored,
            t(
                ui,
                "scored with this scorecard",
                "оценено по этой карте",
                "értékelve ezzel a lappal"
            )
        ));
    }
    if c.duplicates > 0 {
        parts.push(format!(
            "{} {}",
            c.duplicates,
            t(
                ui,
                "skipped (id read twice)",
                "пропущено (id повторяется)",
                "kihagyva (ismétlődő azonosító)"
            )
        ));
    }
    if c.failed > 0 {
        parts.push(format!(
            "{} {}",
            c.failed,
            t(ui, "not stored", "не сохранено", "nem mentve")
        ));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_new_unchanged_and_updated_and_only_then_the_rest() {
        let c = Counts {
            new: 3,
            unchanged: 12,
            updated: 1,
            ..Counts::default()
        };
        assert_eq!(summary(&c, Lang::En), "3 new, 12 unchanged, 1 updated");
        let c = Counts { failed: 2, ..c };
        assert_eq!(
            summary(&c, Lang::En),
            "3 new, 12 unchanged, 1 updated, 2 not stored"
        );
    }
}
