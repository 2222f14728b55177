//! Reading conversations back for `hearback serve`: filtered, newest-first pages of summary rows,
//! and a conversation's latest result.
//!
//! Pages are keyset pages: the cursor is the sort key of the last row shown (start time, row
//! id), so page 1,000 costs what page 1 costs and a conversation imported while someone pages
//! never shifts the rows after it. An offset is accepted as well, for tools that want one.

use sqlx::Row;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AssertSqlSafe};

use crate::{Store, StoreError, StoredResult, StoredScorecard, query_error};

/// The most rows one page may ask for: bigger pages hold a database connection too long.
pub const MAX_PAGE: i64 = 500;

/// Sort key of a conversation without a start time: after every dated one (newest first).
/// Spelled out so SQLite and PostgreSQL, which put NULLs at opposite ends, agree; not
/// `i64::MIN`, whose literal PostgreSQL reads as a numeric before negating it.
const UNDATED: i64 = -i64::MAX;

/// Which conversations a page holds. Every field narrows; none set lists everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    pub agent: Option<String>,
    pub team: Option<String>,
    pub language: Option<String>,
    pub channel: Option<String>,
    /// Started at or after (UTC epoch seconds).
    pub from: Option<i64>,
    /// Started before (UTC epoch seconds, exclusive).
    pub to: Option<i64>,
    /// On the latest result: score at least / at most.
    pub min_score: Option<f64>,
    pub max_score: Option<f64>,
    /// A criterion the latest result failed. A person's answer, when there is one, is the
    /// verdict that counts: an auto "fail" a reviewer overturned is not a failure.
    pub failed: Option<String>,
}

/// Where a page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageStart {
    #[default]
    First,
    /// After the row this cursor names (from [`Page::next`]).
    After(Cursor),
    /// Skip this many rows.
    Offset(i64),
}

/// The sort key of a row: start time (epoch seconds) and row id, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    started: i64,
    row: i64,
}

impl Cursor {
    /// The text form handed to clients: opaque to them, but readable when debugging.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.started, self.row)
    }

    /// Reads [`Cursor::encode`]'s form back; `None` for anything else.
    pub fn decode(text: &str) -> Option<Cursor> {
        let (started, row) = text.split_once('.')?;
        Some(Cursor {
            started: started.parse().ok()?,
            row: row.parse().ok()?,
        })
    }
}

/// One line of a list: the conversation and its latest result in brief.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConversationSummary {
    pub id: String,
    pub channel: String,
    pub language: Option<String>,
    pub started_at: Option<String>,
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    pub team: Option<String>,
    pub customer_id: Option<String>,
    pub customer_name: Option<String>,
    pub turn_count: i64,
    /// Of the latest result; none when the conversation has no result yet.
    pub score: Option<f64>,
    pub max_score: Option<f64>,
    pub passed: Option<bool>,
    pub scorecard_id: Option<String>,
    pub scorecard_version: Option<String>,
}

/// A page of summaries and where the next one starts (none after the last).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<ConversationSummary>,
    pub next: Option<Cursor>,
}

impl Store {
    /// Conversations matching `filter`, newest first (by start time, then most recently stored),
    /// at most `limit` (1..=[`MAX_PAGE`]) of them from `start`.
    pub async fn list(
        &self,
        filter: &ListFilter,
        start: PageStart,
        limit: i64,
    ) -> Result<Page, StoreError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let key = format!("COALESCE(c.started_epoch, {UNDATED})");
        let mut clauses: Vec<String> = Vec::new();
        let mut binds: Vec<Bind> = Vec::new();
        for (column, value) in [
            ("c.agent_id", &filter.agent),
            ("c.team", &filter.team),
            ("c.language", &filter.language),
            ("c.channel", &filter.channel),
        ] {
            if let Some(v) = value {
                let p = param(Bind::Text(v.clone()), &mut binds);
                clauses.push(format!("{column} = {p}"));
            }
        }
        if let Some(from) = filter.from {
            let p = param(Bind::Int(from), &mut binds);
            clauses.push(format!("c.started_epoch >= {p}"));
        }
        if let Some(to) = filter.to {
            let p = param(Bind::Int(to), &mut binds);
            clauses.push(format!("c.started_epoch < {p}"));
        }
        if let Some(min) = filter.min_score {
            let p = param(Bind::Float(min), &mut binds);
            clauses.push(format!("r.score >= {p}"));
        }
        if let Some(max) = filter.max_score {
            let p = param(Bind::Float(max), &mut binds);
            clauses.push(format!("r.score <= {p}"));
        }
        if let Some(criterion) = &filter.failed {
            let p = param(Bind::Text(criterion.clone()), &mut binds);
            // Uncorrelated, so the set of failing results is found once: a correlated EXISTS
            // let SQLite walk the (criterion, verdict) index once per conversation, which took
            // more than 25 s over 20,000 conversations.
            clauses.push(format!(
                "r.id IN (SELECT a.result_id FROM criterion_answers a
                   WHERE a.criterion_id = {p} AND a.verdict = 'fail'
                     AND (a.source = 'human' OR NOT EXISTS (
                       SELECT 1 FROM criterion_answers h
                       WHERE h.result_id = a.result_id AND h.criterion_id = {p}
                         AND h.source = 'human')))"
            ));
        }
        let mut tail = String::new();
        match start {
            PageStart::First => {}
            PageStart::After(cursor) => {
                let s = param(Bind::Int(cursor.started), &mut binds);
                let r = param(Bind::Int(cursor.row), &mut binds);
                clauses.push(format!("({key} < {s} OR ({key} = {s} AND c.id < {r}))"));
            }
            PageStart::Offset(n) => {
                let p = param(Bind::Int(n.max(0)), &mut binds);
                tail = format!(" OFFSET {p}");
            }
        }
        let lim = param(Bind::Int(limit + 1), &mut binds);
        let filter_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        // The latest result of each conversation: the one stored last, whatever its scorecard.
        let sql = format!(
            "SELECT c.id, {key}, c.source_id, c.channel, c.language, c.started_at, c.agent_id,
                    c.agent_name, c.team, c.customer_id, c.customer_name, c.turn_count,
                    r.score, r.max_score, r.passed, s.scorecard_id, s.version
             FROM conversations c
             LEFT JOIN score_results r ON r.id =
                 (SELECT MAX(x.id) FROM score_results x WHERE x.conversation_id = c.id)
             LEFT JOIN scorecards s ON s.id = r.scorecard_id
             {filter_sql}
             ORDER BY {key} DESC, c.id DESC
             LIMIT {lim}{tail}"
        );
        let mut query: Query<'_, Any, AnyArguments> = sqlx::query(AssertSqlSafe(sql));
        for b in binds {
            query = match b {
                Bind::Text(v) => query.bind(v),
                Bind::Int(v) => query.bind(v),
                Bind::Float(v) => query.bind(v),
            };
        }
        let q = query_error("could not list the conversations");
        let rows = query.fetch_all(&self.pool).await.map_err(&q)?;
        let mut items = Vec::with_capacity(rows.len());
        let mut keys = Vec::with_capacity(rows.len());
        for r in rows.iter() {
            keys.push(Cursor {
                row: r.try_get(0).map_err(&q)?,
                started: r.try_get(1).map_err(&q)?,
            });
            items.push(ConversationSummary {
                id: r.try_get(2).map_err(&q)?,
                channel: r.try_get(3).map_err(&q)?,
                language: r.try_get(4).map_err(&q)?,
                started_at: r.try_get(5).map_err(&q)?,
                agent_id: r.try_get(6).map_err(&q)?,
                agent_name: r.try_get(7).map_err(&q)?,
                team: r.try_get(8).map_err(&q)?,
                customer_id: r.try_get(9).map_err(&q)?,
                customer_name: r.try_get(10).map_err(&q)?,
                turn_count: r.try_get(11).map_err(&q)?,
                score: r.try_get(12).map_err(&q)?,
                max_score: r.try_get(13).map_err(&q)?,
                passed: r.try_get::<Option<i64>, _>(14).map_err(&q)?.map(|p| p != 0),
                scorecard_id: r.try_get(15).map_err(&q)?,
                scorecard_version: r.try_get(16).map_err(&q)?,
            });
        }
        // One row more than asked tells whether there is a next page.
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let next = if items.len() > limit {
            items.truncate(limit);
            keys.get(limit - 1).copied()
        } else {
            None
        };
        Ok(Page { items, next })
    }

    /// The result stored last for a conversation (whatever its scorecard), with every answer,
    /// automatic and human; none when the conversation is unknown or not scored yet.
    pub async fn latest_result(&self, source_id: &str) -> Result<Option<StoredResult>, StoreError> {
        let q = query_error("could not read the score result");
        let row = sqlx::query(
            "SELECT s.id, s.scorecard_id, s.version, s.content_hash
             FROM score_results r
             JOIN conversations c ON c.id = r.conversation_id
             JOIN scorecards s ON s.id = r.scorecard_id
             WHERE c.source_id = $1
             ORDER BY r.id DESC LIMIT 1",
        )
        .bind(source_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(&q)?;
        let Some(row) = row else { return Ok(None) };
        let card = StoredScorecard {
            row: row.try_get(0).map_err(&q)?,
            id: row.try_get(1).map_err(&q)?,
            version: row.try_get(2).map_err(&q)?,
            content_hash: row.try_get(3).map_err(&q)?,
            same_version_other_content: false,
        };
        self.result(source_id, &card).await
    }
}

/// Adds a value to bind and returns its placeholder.
fn param(value: Bind, binds: &mut Vec<Bind>) -> String {
    binds.push(value);
    format!("${}", binds.len())
}

enum Bind {
    Text(String),
    Int(i64),
    Float(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_nothing_else_does() {
        let c = Cursor {
            started: -5,
            row: 42,
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        let undated = Cursor {
            started: UNDATED,
            row: 1,
        };
        assert_eq!(Cursor::decode(&undated.encode()), Some(undated));
        for bad in ["", "12", "a.b", "1.2.3", "1.", ".1"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
