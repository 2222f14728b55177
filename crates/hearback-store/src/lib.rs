//! Hearback's storage adapter: conversations, their score results, criterion answers with
//! evidence, signals and promises, in SQLite (a file on a laptop) or PostgreSQL (many machines).
//!
//! One code path serves both: every query goes through sqlx's `Any` driver with `$1`
//! placeholders and only the types both backends carry the same way — text, 64-bit integers
//! (booleans as 0/1), doubles. Timestamps are RFC 3339 text as the source wrote them plus UTC
//! epoch seconds; JSON is text. Only the migrations differ per backend (`migrations/`), and
//! `tests/contract.rs` runs the same suite against both.
//!
//! Writes are whole or nothing: [`Store::put`] stores a conversation, its turns and its score
//! result in one transaction.

mod migrate;
mod query;

pub use query::{ConversationSummary, Cursor, ListFilter, MAX_PAGE, Page, PageStart};

use std::time::{SystemTime, UNIX_EPOCH};

use hearback_core::detectors::Evidence;
use hearback_core::result::{AnswerSource, Verdict};
use hearback_core::{Conversation, ScoreResult, Speaker};
use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, AssertSqlSafe, Row, Transaction};

/// What can go wrong with the database; each message says what Hearback was doing.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL `{0}`: use sqlite://FILE or postgres://USER@HOST/DB")]
    Url(String),
    #[error("could not open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error(
        "the database has schema version {found}, newer than this Hearback knows ({known}); \
         upgrade Hearback"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("migration {version} ({description}) failed: {source}")]
    Migration {
        version: i64,
        description: &'static str,
        source: sqlx::Error,
    },
    #[error("{context}: {source}")]
    Query {
        context: &'static str,
        source: sqlx::Error,
    },
    #[error("stored {what} cannot be read back: {message}")]
    Corrupt { what: String, message: String },
}

pub(crate) fn query_error(context: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |source| StoreError::Query { context, source }
}

/// Which database a [`Store`] talks to. Only connection set-up and migrations look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A scorecard as used for scoring: its identity and the exact text it was read from.
#[derive(Debug, Clone)]
pub struct ScorecardSource<'a> {
    pub id: &'a str,
    pub version: &'a str,
    pub title: &'a str,
    /// The TOML the scorecard was parsed from; its hash tells two texts under one version apart.
    pub source: &'a str,
}

/// A scorecard row: what results point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredScorecard {
    pub row: i64,
    pub id: String,
    pub version: String,
    pub content_hash: String,
    /// Other texts stored under the same id and version before this one (someone changed the
    /// file without changing its version): worth a warning, results stay apart anyway.
    pub same_version_other_content: bool,
}

/// Where a conversation stands before an import, decided by its source id and content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Never seen.
    Absent,
    /// Stored with the same content and already scored with this scorecard.
    Unchanged,
    /// Stored with the same content, but not yet scored with this scorecard.
    Unscored,
    /// Stored with other content under the same source id.
    Changed,
}

/// What [`Store::put`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    /// The same content, now also scored with another scorecard.
    Rescored,
    Unchanged,
}

/// A stored score result, read back from its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResult {
    pub scorecard_id: String,
    pub scorecard_version: String,
    pub engine: String,
    pub language: String,
    pub score: f64,
    pub max_score: f64,
    pub passed: bool,
    pub answers: Vec<StoredAnswer>,
    pub signals: Vec<StoredSignal>,
    pub promises: Vec<StoredPromise>,
    pub timing: serde_json::Value,
    pub warnings: Vec<String>,
    /// The whole result as Hearback printed it.
    pub body: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub criterion_id: String,
    pub verdict: Verdict,
    pub points: f64,
    pub max_points: f64,
    pub critical: bool,
    pub source: AnswerSource,
    /// `hearback <version>` for automatic answers, the person for human ones.
    pub answered_by: String,
    pub rationale: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredSignal {
    pub name: String,
    pub value: serde_json::Value,
    /// A number as is, true/false as 1/0, a list as its length; otherwise none.
    pub number: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredPromise {
    pub text: String,
    pub due: Option<String>,
    pub due_epoch: Option<i64>,
    pub turn: i64,
    pub vague: bool,
    pub quote: String,
}

/// A human's answer to one criterion of a stored result; kept beside the automatic one.
#[derive(Debug, Clone)]
pub struct HumanAnswer<'a> {
    pub criterion_id: &'a str,
    pub verdict: Verdict,
    pub points: f64,
    pub rationale: &'a str,
    pub answered_by: &'a str,
}

/// Row counts of the main tables, for reports and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub conversations: i64,
    pub turns: i64,
    pub results: i64,
    pub answers: i64,
    pub evidence: i64,
    pub signals: i64,
    pub promises: i64,
}

/// A database holding Hearback's conversations and results.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects to `url` (`sqlite://FILE`, created when missing, or `postgres://…`) and brings
    /// its schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (backend, url_to_use) = if let Some(rest) = url.strip_prefix("sqlite:") {
            // A database file that does not exist yet is created: `hearback import` on a
            // fresh laptop should just work.
            let sep = if rest.contains('?') { '&' } else { '?' };
            let url = if rest.contains("mode=") {
                url.to_string()
            } else {
                format!("{url}{sep}mode=rwc")
            };
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StoreError::Url(redact(url)));
        };
        let options = AnyPoolOptions::new()
            // SQLite writes one at a time anyway; PostgreSQL gets a few for concurrent reads.
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers work during an import; NORMAL is durable with WAL
                        // except for the last transactions on power loss, never corrupting.
                        sqlx::raw_sql("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
                            .execute(conn)
                            .await?;
                    }
                    Ok(())
                })
            });
        let pool = options
            .connect(&url_to_use)
            .await
            .map_err(|source| StoreError::Open {
                url: redact(url),
                source,
            })?;
        migrate::run(&pool, backend).await?;
        Ok(Store { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Waits for every connection to close (SQLite then checkpoints its WAL into the file).
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// The row of a scorecard, stored on first use. The same id and version with other content
    /// is another row: a result always names the exact text it was scored against.
    pub async fn scorecard(
        &self,
        card: &ScorecardSource<'_>,
    ) -> Result<StoredScorecard, StoreError> {
        let hash = hex_sha256(card.source.as_bytes());
        let find = "SELECT id FROM scorecards WHERE scorecard_id = $1 AND version = $2 AND content_hash = $3";
        let existing = sqlx::query(find)
            .bind(card.id)
            .bind(card.version)
            .bind(&hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error("could not look up the scorecard"))?;
        let row = match existing {
            Some(r) => r.try_get::<i64, _>(0),
            None => {
                let inserted = sqlx::query(
                    "INSERT INTO scorecards (scorecard_id, version, content_hash, title, source, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (scorecard_id, version, content_hash) DO NOTHING",
                )
                .bind(card.id)
                .bind(card.version)
                .bind(&hash)
                .bind(card.title)
                .bind(card.source)
                .bind(now())
                .execute(&self.pool)
                .await;
                inserted.map_err(query_error("could not store the scorecard"))?;
                sqlx::query(find)
                    .bind(card.id)
                    .bind(card.version)
                    .bind(&hash)
                    .fetch_one(&self.pool)
                    .await
                    .and_then(|r| r.try_get::<i64, _>(0))
            }
        }
        .map_err(query_error("could not look up the scorecard"))?;
        let others: i64 = sqlx::query(
            "SELECT COUNT(*) FROM scorecards WHERE scorecard_id = $1 AND version = $2 AND content_hash <> $3",
        )
        .bind(card.id)
        .bind(card.version)
        .bind(&hash)
        .fetch_one(&self.pool)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(query_error("could not look up the scorecard"))?;
        Ok(StoredScorecard {
            row,
            id: card.id.to_string(),
            version: card.version.to_string(),
            content_hash: hash,
            same_version_other_content: others > 0,
        })
    }

    /// Where a conversation with this source id and content hash stands, so that an import
    /// scores only what is new or changed.
    pub async fn state(
        &self,
        source_id: &str,
        content_hash: &str,
        card: &StoredScorecard,
    ) -> Result<Stored, StoreError> {
        let row = sqlx::query(
            "SELECT c.content_hash, r.id FROM conversations c
             LEFT JOIN score_results r ON r.conversation_id = c.id AND r.scorecard_id = $2
             WHERE c.source_id = $1",
        )
        .bind(source_id)
        .bind(card.row)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error("could not look up the conversation"))?;
        let Some(row) = row else {
            return Ok(Stored::Absent);
        };
        let hash: String = row
            .try_get(0)
            .map_err(query_error("could not look up the conversation"))?;
        let result: Option<i64> = row
            .try_get(1)
            .map_err(query_error("could not look up the conversation"))?;
        Ok(match (hash == content_hash, result.is_some()) {
            (false, _) => Stored::Changed,
            (true, true) => Stored::Unchanged,
            (true, false) => Stored::Unscored,
        })
    }

    /// Stores a conversation whole — its row, turns and score result with answers, evidence,
    /// signals and promises — in one transaction, or nothing. Idempotent by source id
    /// (`conversation.id`) and content hash: the same content is left as it is; other content
    /// under the same id replaces the old, with its results.
    pub async fn put(
        &self,
        conversation: &Conversation,
        content_hash: &str,
        result: &ScoreResult,
        card: &StoredScorecard,
        engine: &str,
    ) -> Result<Outcome, StoreError> {
        // Two importers adding the same new conversation at once: the loser's insert breaks
        // the unique source id and rolls back; on the second try it sees the winner's row.
        match self
            .put_once(conversation, content_hash, result, card, engine)
            .await
        {
            Err(StoreError::Query { source, .. })
                if source
                    .as_database_error()
                    .is_some_and(|e| e.is_unique_violation()) =>
            {
                self.put_once(conversation, content_hash, result, card, engine)
                    .await
            }
            other => other,
        }
    }

    async fn put_once(
        &self,
        conversation: &Conversation,
        content_hash: &str,
        result: &ScoreResult,
        card: &StoredScorecard,
        engine: &str,
    ) -> Result<Outcome, StoreError> {
        let context = "could not store the conversation";
        let mut tx = self.pool.begin().await.map_err(query_error(context))?;
        let existing = sqlx::query(
            "SELECT c.id, c.content_hash, r.id FROM conversations c
             LEFT JOIN score_results r ON r.conversation_id = c.id AND r.scorecard_id = $2
             WHERE c.source_id = $1",
        )
        .bind(&conversation.id)
        .bind(card.row)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query_error(context))?;
        let existing = match existing {
            Some(r) => Some((
                r.try_get::<i64, _>(0).map_err(query_error(context))?,
                r.try_get::<String, _>(1).map_err(query_error(context))?,
                r.try_get::<Option<i64>, _>(2)
                    .map_err(query_error(context))?,
            )),
            None => None,
        };
        let outcome = match existing {
            Some((_, hash, Some(_))) if hash == content_hash => return Ok(Outcome::Unchanged),
            Some((id, hash, None)) if hash == content_hash => {
                insert_result(&mut tx, id, result, card, engine).await?;
                Outcome::Rescored
            }
            Some((id, _, _)) => {
                // Results about the old content are wrong for the new one, whatever scorecard
                // they used: they go with it.
                for sql in [
                    "DELETE FROM score_results WHERE conversation_id = $1",
                    "DELETE FROM turns WHERE conversation_id = $1",
                ] {
                    sqlx::query(sql)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(query_error(context))?;
                }
                write_conversation(&mut tx, Some(id), conversation, content_hash, result).await?;
                insert_result(&mut tx, id, result, card, engine).await?;
                Outcome::Updated
            }
            None => {
                let id =
                    write_conversation(&mut tx, None, conversation, content_hash, result).await?;
                insert_result(&mut tx, id, result, card, engine).await?;
                Outcome::New
            }
        };
        tx.commit().await.map_err(query_error(context))?;
        Ok(outcome)
    }

    /// A stored conversation, exactly as it was imported.
    pub async fn conversation(&self, source_id: &str) -> Result<Option<Conversation>, StoreError> {
        let row = sqlx::query("SELECT body FROM conversations WHERE source_id = $1")
            .bind(source_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(query_error("could not read the conversation"))?;
        let Some(row) = row else { return Ok(None) };
        let body: String = row
            .try_get(0)
            .map_err(query_error("could not read the conversation"))?;
        serde_json::from_str(&body)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                what: format!("conversation {source_id}"),
                message: e.to_string(),
            })
    }

    /// The turns as stored in their own table (what search and lists read): speaker and text.
    pub async fn turns(&self, source_id: &str) -> Result<Vec<(Speaker, String)>, StoreError> {
        let context = "could not read the turns";
        let rows = sqlx::query(
            "SELECT t.speaker, t.text FROM turns t JOIN conversations c ON c.id = t.conversation_id
             WHERE c.source_id = $1 ORDER BY t.idx",
        )
        .bind(source_id)
        .fetch_all(&self.pool)
        .await
        .map_err(query_error(context))?;
        rows.iter()
            .map(|r| {
                let speaker: String = r.try_get(0).map_err(query_error(context))?;
                Ok((
                    parse(&speaker, "speaker")?,
                    r.try_get(1).map_err(query_error(context))?,
                ))
            })
            .collect()
    }

    /// The result of a conversation for one scorecard version, with every answer (automatic and
    /// human), its evidence, the signals and the promises.
    pub async fn result(
        &self,
        source_id: &str,
        card: &StoredScorecard,
    ) -> Result<Option<StoredResult>, StoreError> {
        let context = "could not read the score result";
        let row = sqlx::query(
            "SELECT r.id, s.scorecard_id, s.version, r.engine, r.language, r.score, r.max_score,
                    r.passed, r.timing, r.warnings, r.body
             FROM score_results r
             JOIN conversations c ON c.id = r.conversation_id
             JOIN scorecards s ON s.id = r.scorecard_id
             WHERE c.source_id = $1 AND r.scorecard_id = $2",
        )
        .bind(source_id)
        .bind(card.row)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_error(context))?;
        let Some(row) = row else { return Ok(None) };
        let q = query_error(context);
        let result_id: i64 = row.try_get(0).map_err(&q)?;
        let answers = self.answers(result_id).await?;
        let signals = sqlx::query(
            "SELECT name, value, number FROM signals WHERE result_id = $1 ORDER BY name",
        )
        .bind(result_id)
        .fetch_all(&self.pool)
        .await
        .map_err(&q)?
        .iter()
        .map(|r| {
            Ok(StoredSignal {
                name: r.try_get(0).map_err(&q)?,
                value: json(&r.try_get::<String, _>(1).map_err(&q)?, "signal")?,
                number: r.try_get(2).map_err(&q)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let promises = sqlx::query(
            "SELECT text, due, due_epoch, turn, vague, quote FROM promises
             WHERE result_id = $1 ORDER BY idx",
        )
        .bind(result_id)
        .fetch_all(&self.pool)
        .await
        .map_err(&q)?
        .iter()
        .map(|r| {
            Ok(StoredPromise {
                text: r.try_get(0).map_err(&q)?,
                due: r.try_get(1).map_err(&q)?,
                due_epoch: r.try_get(2).map_err(&q)?,
                turn: r.try_get(3).map_err(&q)?,
                vague: r.try_get::<i64, _>(4).map_err(&q)? != 0,
                quote: r.try_get(5).map_err(&q)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(StoredResult {
            scorecard_id: row.try_get(1).map_err(&q)?,
            scorecard_version: row.try_get(2).map_err(&q)?,
            engine: row.try_get(3).map_err(&q)?,
            language: row.try_get(4).map_err(&q)?,
            score: row.try_get(5).map_err(&q)?,
            max_score: row.try_get(6).map_err(&q)?,
            passed: row.try_get::<i64, _>(7).map_err(&q)? != 0,
            timing: json(&row.try_get::<String, _>(8).map_err(&q)?, "timing")?,
            warnings: serde_json::from_value(json(
                &row.try_get::<String, _>(9).map_err(&q)?,
                "warnings",
            )?)
            .map_err(|e| corrupt("warnings", e))?,
            body: json(&row.try_get::<String, _>(10).map_err(&q)?, "result")?,
            answers,
            signals,
            promises,
        }))
    }

    async fn answers(&self, result_id: i64) -> Result<Vec<StoredAnswer>, StoreError> {
        let q = query_error("could not read the criterion answers");
        let rows = sqlx::query(
            "SELECT id, criterion_id, verdict, points, max_points, critical, source, answered_by,
                    rationale
             FROM criterion_answers WHERE result_id = $1 ORDER BY id",
        )
        .bind(result_id)
        .fetch_all(&self.pool)
        .await
        .map_err(&q)?;
        let mut answers = Vec::with_capacity(rows.len());
        for r in &rows {
            let answer_id: i64 = r.try_get(0).map_err(&q)?;
            let evidence = sqlx::query(
                "SELECT turn, speaker, start_s, end_s, char_start, char_end, quote
                 FROM evidence WHERE answer_id = $1 ORDER BY idx",
            )
            .bind(answer_id)
            .fetch_all(&self.pool)
            .await
            .map_err(&q)?
            .iter()
            .map(|e| read_evidence(e).map_err(&q).and_then(|x| x))
            .collect::<Result<Vec<_>, StoreError>>()?;
            answers.push(StoredAnswer {
                criterion_id: r.try_get(1).map_err(&q)?,
                verdict: parse(&r.try_get::<String, _>(2).map_err(&q)?, "verdict")?,
                points: r.try_get(3).map_err(&q)?,
                max_points: r.try_get(4).map_err(&q)?,
                critical: r.try_get::<i64, _>(5).map_err(&q)? != 0,
                source: parse(&r.try_get::<String, _>(6).map_err(&q)?, "answer source")?,
                answered_by: r.try_get(7).map_err(&q)?,
                rationale: r.try_get(8).map_err(&q)?,
                evidence,
            });
        }
        Ok(answers)
    }

    /// Records a person's answer to one criterion of a stored result, beside the automatic one
    /// (which stays as it was). A second human answer to the same criterion replaces the first.
    /// Returns false when there is no such result or criterion.
    pub async fn answer_by_human(
        &self,
        source_id: &str,
        card: &StoredScorecard,
        answer: &HumanAnswer<'_>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO criterion_answers (result_id, criterion_id, title, section, verdict,
                 points, max_points, critical, source, answered_by, rationale, answered_at)
             SELECT a.result_id, a.criterion_id, a.title, a.section, $4, $5, a.max_points,
                 a.critical, 'human', $6, $7, $8
             FROM criterion_answers a
             JOIN score_results r ON r.id = a.result_id
             JOIN conversations c ON c.id = r.conversation_id
             WHERE c.source_id = $1 AND r.scorecard_id = $2 AND a.criterion_id = $3
                 AND a.source = 'auto'
             ON CONFLICT (result_id, criterion_id, source) DO UPDATE SET
                 verdict = excluded.verdict, points = excluded.points,
                 answered_by = excluded.answered_by, rationale = excluded.rationale,
                 answered_at = excluded.answered_at",
        )
        .bind(source_id)
        .bind(card.row)
        .bind(answer.criterion_id)
        .bind(answer.verdict.as_str())
        .bind(answer.points)
        .bind(answer.answered_by)
        .bind(answer.rationale)
        .bind(now())
        .execute(&self.pool)
        .await
        .map_err(query_error("could not store the human answer"))?;
        Ok(done.rows_affected() > 0)
    }

    /// How many rows each main table holds.
    pub async fn counts(&self) -> Result<Counts, StoreError> {
        let q = query_error("could not count the stored rows");
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM turns),
                    (SELECT COUNT(*) FROM score_results), (SELECT COUNT(*) FROM criterion_answers),
                    (SELECT COUNT(*) FROM evidence), (SELECT COUNT(*) FROM signals),
                    (SELECT COUNT(*) FROM promises)",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(&q)?;
        Ok(Counts {
            conversations: row.try_get(0).map_err(&q)?,
            turns: row.try_get(1).map_err(&q)?,
            results: row.try_get(2).map_err(&q)?,
            answers: row.try_get(3).map_err(&q)?,
            evidence: row.try_get(4).map_err(&q)?,
            signals: row.try_get(5).map_err(&q)?,
            promises: row.try_get(6).map_err(&q)?,
        })
    }
}

/// The content hash of a conversation: SHA-256 of its JSON without where it was read from
/// (`source`, and each turn's line in the file), so that the same conversation read from a
/// moved or renamed file, or further down a grown one, is still the same.
pub fn content_hash(conversation: &Conversation) -> String {
    let mut c = conversation.clone();
    c.source = None;
    for t in &mut c.turns {
        t.line = None;
    }
    // Invariant: a Conversation always serialises (string keys, finite numbers checked by the
    // readers); an empty body would only make every conversation look changed, never lose one.
    let json = serde_json::to_vec(&c).unwrap_or_default();
    hex_sha256(&json)
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Seconds since the Unix epoch. The store is an adapter at the edge: it may read the clock.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A database URL fit for messages: without its password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}@{}", &url[..scheme + 3], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// The lowercase name serde gives an enum value (`"agent"`, `"ru"`, `"pass"`).
fn name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn parse<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|e| corrupt(what, e))
}

fn json(s: &str, what: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(s).map_err(|e| corrupt(what, e))
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what: what.to_string(),
        message: e.to_string(),
    }
}

fn epoch(t: Option<&chrono::DateTime<chrono::FixedOffset>>) -> Option<i64> {
    t.map(|t| t.timestamp())
}

fn rfc3339(t: Option<&chrono::DateTime<chrono::FixedOffset>>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

fn index(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

fn read_evidence(r: &AnyRow) -> Result<Result<Evidence, StoreError>, sqlx::Error> {
    let speaker: String = r.try_get(1)?;
    let speaker = match parse::<Speaker>(&speaker, "speaker") {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    let usize_of = |v: i64| usize::try_from(v).unwrap_or(0);
    Ok(Ok(Evidence {
        turn: usize_of(r.try_get(0)?),
        speaker,
        start: r.try_get(2)?,
        end: r.try_get(3)?,
        char_start: usize_of(r.try_get(4)?),
        char_end: usize_of(r.try_get(5)?),
        quote: r.try_get(6)?,
    }))
}

/// Rows written by one INSERT: a conversation's turns, evidence, signals and promises each go in
/// as few statements as possible, since every statement is a round trip (to PostgreSQL, or to
/// sqlx's SQLite worker thread) and one per row made storing seven times slower than scoring.
/// 200 rows of the widest table (11 columns) stay far below SQLite's 32,766 and PostgreSQL's
/// 65,535 parameters.
const ROWS_PER_INSERT: usize = 200;

/// Whether the batched statements are prepared once and reused. They are not: their text
/// changes with the number of rows, and, more to the point, sqlx 0.9.0's `Any` driver sends a
/// NULL double to PostgreSQL typed `float4`, and PostgreSQL keeps the parameter types of a
/// cached statement, so after a NULL the next real value (eight bytes) is refused with
/// "incorrect binary data format". Unnamed statements are typed afresh each time. Found by the
/// contract suite on PostgreSQL; SQLite does not mind either way.
const BATCH_PERSIST: bool = false;

/// `HEAD VALUES ($1, …, $k), ($k+1, …)` for `rows` rows of `columns` values.
fn values_sql(head: &str, columns: usize, rows: usize) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(head.len() + 8 + rows * (columns * 6 + 4));
    sql.push_str(head);
    sql.push_str(" VALUES ");
    let mut n = 0;
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            n += 1;
            // Invariant: writing to a String cannot fail.
            let _ = write!(sql, "{}${n}", if c == 0 { "" } else { ", " });
        }
        sql.push(')');
    }
    sql
}

/// Inserts (`id` none) or rewrites the conversation row, then its turns; returns its row id.
async fn write_conversation(
    tx: &mut Transaction<'static, Any>,
    id: Option<i64>,
    c: &Conversation,
    content_hash: &str,
    result: &ScoreResult,
) -> Result<i64, StoreError> {
    let q = query_error("could not store the conversation");
    let body = serde_json::to_string(c).map_err(|e| corrupt("conversation", e))?;
    let language = match c.language {
        Some(l) => name(&l),
        None => name(&result.language),
    };
    let agent = c.agent.as_ref();
    let customer = c.customer.as_ref();
    let source = c.source.as_ref();
    let sql = match id {
        None => {
            "INSERT INTO conversations (source_id, content_hash, channel, language, started_at,
                 started_epoch, agent_id, agent_name, team, customer_id, customer_name,
                 customer_email, customer_phone, source_file, source_line, source_format,
                 turn_count, body, imported_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $19, $19)
             RETURNING id"
        }
        Some(_) => {
            "UPDATE conversations SET content_hash = $2, channel = $3, language = $4,
                 started_at = $5, started_epoch = $6, agent_id = $7, agent_name = $8, team = $9,
                 customer_id = $10, customer_name = $11, customer_email = $12,
                 customer_phone = $13, source_file = $14, source_line = $15, source_format = $16,
                 turn_count = $17, body = $18, updated_at = $19
             WHERE source_id = $1
             RETURNING id"
        }
    };
    let row = sqlx::query(sql)
        .bind(&c.id)
        .bind(content_hash)
        .bind(c.channel.as_str())
        .bind(language)
        .bind(rfc3339(c.started_at.as_ref()))
        .bind(epoch(c.started_at.as_ref()))
        .bind(agent.and_then(|p| p.id.clone()))
        .bind(agent.and_then(|p| p.name.clone()))
        .bind(agent.and_then(|p| p.team.clone()))
        .bind(customer.and_then(|p| p.id.clone()))
        .bind(customer.and_then(|p| p.name.clone()))
        .bind(customer.and_then(|p| p.email.clone()))
        .bind(customer.and_then(|p| p.phone.clone()))
        .bind(source.map(|s| s.file.clone()))
        .bind(source.and_then(|s| s.line).map(i64::from))
        .bind(source.map(|s| s.format.clone()))
        .bind(index(c.turns.len()))
        .bind(body)
        .bind(now())
        .fetch_one(&mut **tx)
        .await
        .map_err(&q)?;
    let id: i64 = row.try_get(0).map_err(&q)?;
    for (n, chunk) in c.turns.chunks(ROWS_PER_INSERT).enumerate() {
        let sql = values_sql(
            "INSERT INTO turns (conversation_id, idx, speaker, text, start_s, end_s, at, at_epoch, label)",
            9,
            chunk.len(),
        );
        let mut insert = sqlx::query(AssertSqlSafe(sql));
        for (j, t) in chunk.iter().enumerate() {
            insert = insert
                .bind(id)
                .bind(index(n * ROWS_PER_INSERT + j))
                .bind(t.speaker.as_str())
                .bind(t.text.as_str())
                .bind(t.start)
                .bind(t.end)
                .bind(rfc3339(t.at.as_ref()))
                .bind(epoch(t.at.as_ref()))
                .bind(t.label.as_deref());
        }
        insert
            .persistent(BATCH_PERSIST)
            .execute(&mut **tx)
            .await
            .map_err(&q)?;
    }
    Ok(id)
}

/// Inserts a score result with its answers, evidence, signals and promises.
async fn insert_result(
    tx: &mut Transaction<'static, Any>,
    conversation: i64,
    result: &ScoreResult,
    card: &StoredScorecard,
    engine: &str,
) -> Result<(), StoreError> {
    let q = query_error("could not store the score result");
    let body = serde_json::to_string(result).map_err(|e| corrupt("result", e))?;
    let timing = serde_json::to_string(&result.timing).map_err(|e| corrupt("timing", e))?;
    let warnings = serde_json::to_string(&result.warnings).map_err(|e| corrupt("warnings", e))?;
    let at = now();
    let result_id: i64 = sqlx::query(
        "INSERT INTO score_results (conversation_id, scorecard_id, engine, language, score,
             max_score, passed, timing, warnings, body, scored_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id",
    )
    .bind(conversation)
    .bind(card.row)
    .bind(engine)
    .bind(name(&result.language))
    .bind(result.score)
    .bind(result.max_score)
    .bind(i64::from(result.passed))
    .bind(timing)
    .bind(warnings)
    .bind(body)
    .bind(at)
    .fetch_one(&mut **tx)
    .await
    .and_then(|r| r.try_get(0))
    .map_err(&q)?;

    let mut evidence: Vec<(i64, i64, &Evidence)> = Vec::new();
    for c in &result.criteria {
        let answer_id: i64 = sqlx::query(
            "INSERT INTO criterion_answers (result_id, criterion_id, title, section, verdict,
                 points, max_points, critical, source, answered_by, rationale, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             RETURNING id",
        )
        .bind(result_id)
        .bind(&c.id)
        .bind(&c.title)
        .bind(&c.section)
        .bind(c.verdict.as_str())
        .bind(c.points)
        .bind(c.max_points)
        .bind(i64::from(c.critical))
        .bind(name(&c.source))
        .bind(match c.source {
            AnswerSource::Auto => engine,
            // Invariant: scoring answers automatically; a human answer arriving through a
            // result would have no name to record.
            AnswerSource::Human => "unknown person",
        })
        .bind(&c.rationale)
        .bind(at)
        .fetch_one(&mut **tx)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(&q)?;
        evidence.extend(
            c.evidence
                .iter()
                .enumerate()
                .map(|(i, e)| (answer_id, index(i), e)),
        );
    }
    for chunk in evidence.chunks(ROWS_PER_INSERT) {
        let sql = values_sql(
            "INSERT INTO evidence (answer_id, idx, turn, speaker, start_s, end_s, char_start, char_end, quote)",
            9,
            chunk.len(),
        );
        let mut insert = sqlx::query(AssertSqlSafe(sql));
        for &(answer_id, i, e) in chunk {
            insert = insert
                .bind(answer_id)
                .bind(i)
                .bind(index(e.turn))
                .bind(e.speaker.as_str())
                .bind(e.start)
                .bind(e.end)
                .bind(index(e.char_start))
                .bind(index(e.char_end))
                .bind(e.quote.as_str());
        }
        insert
            .persistent(BATCH_PERSIST)
            .execute(&mut **tx)
            .await
            .map_err(&q)?;
    }

    let signals: Vec<(&String, String, Option<f64>)> = result
        .signals
        .iter()
        .map(|(key, value)| {
            let number = match value {
                serde_json::Value::Number(n) => n.as_f64(),
                serde_json::Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
                serde_json::Value::Array(a) => Some(a.len() as f64),
                _ => None,
            };
            (key, value.to_string(), number)
        })
        .collect();
    for chunk in signals.chunks(ROWS_PER_INSERT) {
        let sql = values_sql(
            "INSERT INTO signals (result_id, name, value, number)",
            4,
            chunk.len(),
        );
        let mut insert = sqlx::query(AssertSqlSafe(sql));
        for (key, value, number) in chunk {
            insert = insert
                .bind(result_id)
                .bind(key.as_str())
                .bind(value.as_str())
                .bind(*number);
        }
        insert
            .persistent(BATCH_PERSIST)
            .execute(&mut **tx)
            .await
            .map_err(&q)?;
    }

    for (n, chunk) in result.promises.chunks(ROWS_PER_INSERT).enumerate() {
        let sql = values_sql(
            "INSERT INTO promises (result_id, idx, conversation_id, text, due, due_epoch, turn, vague, char_start, char_end, quote)",
            11,
            chunk.len(),
        );
        let mut insert = sqlx::query(AssertSqlSafe(sql));
        for (j, p) in chunk.iter().enumerate() {
            insert = insert
                .bind(result_id)
                .bind(index(n * ROWS_PER_INSERT + j))
                .bind(conversation)
                .bind(p.text.as_str())
                .bind(rfc3339(p.due.as_ref()))
                .bind(epoch(p.due.as_ref()))
                .bind(index(p.turn))
                .bind(i64::from(p.vague))
                .bind(index(p.evidence.char_start))
                .bind(index(p.evidence.char_end))
                .bind(p.evidence.quote.as_str());
        }
        insert
            .persistent(BATCH_PERSIST)
            .execute(&mut **tx)
            .await
            .map_err(&q)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batched_inserts_number_their_placeholders_row_after_row() {
        assert_eq!(
            values_sql("INSERT INTO t (a, b)", 2, 3),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)"
        );
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://hb:secret@db.example:5432/hearback"),
            "postgres://hb@db.example:5432/hearback"
        );
        assert_eq!(redact("sqlite://hearback.db"), "sqlite://hearback.db");
    }

    #[test]
    fn the_content_hash_ignores_where_the_conversation_was_read_from() {
        let mut a = Conversation {
            id: "c1".into(),
            ..Conversation::default()
        };
        a.turns
            .push(hearback_core::Turn::new(Speaker::Agent, "Добрый день!"));
        let mut b = a.clone();
        b.source = Some(hearback_core::Source {
            file: "elsewhere.jsonl".into(),
            line: Some(7),
            format: "jsonl".into(),
        });
        b.turns[0].line = Some(12);
        assert_eq!(content_hash(&a), content_hash(&b));
        b.turns[0].text = "Jó napot!".into();
        assert_ne!(content_hash(&a), content_hash(&b));
    }
}
