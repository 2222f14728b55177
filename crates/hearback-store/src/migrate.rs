//! Schema migrations, embedded in the binary so that a database is brought up to date by the
//! program that uses it, with no files to ship beside it.
//!
//! A small runner of our own rather than `sqlx::migrate!`: it keeps sqlx's macro crates out of
//! the build, and each backend simply has its own list of the same numbered files. Every
//! migration runs in one transaction with its bookkeeping row, so a failed one leaves nothing
//! behind (PostgreSQL and SQLite both roll back DDL).

use sqlx::{AnyPool, Row};

use crate::{Backend, StoreError, query_error};

/// One numbered step of the schema.
struct Migration {
    version: i64,
    description: &'static str,
    sql: &'static str,
}

const SQLITE: &[Migration] = &[Migration {
    version: 1,
    description: "initial",
    sql: include_str!("../migrations/sqlite/0001_initial.sql"),
}];

const POSTGRES: &[Migration] = &[Migration {
    version: 1,
    description: "initial",
    sql: include_str!("../migrations/postgres/0001_initial.sql"),
}];

/// The latest schema version this build knows.
pub fn latest() -> i64 {
    SQLITE.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Applies every migration the database has not seen yet.
pub async fn run(pool: &AnyPool, backend: Backend) -> Result<(), StoreError> {
    let migrations = match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS hearback_migrations (
            version BIGINT PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )",
    )
    .execute(pool)
    .await
    .map_err(query_error("could not create the migrations table"))?;

    let applied = applied(pool).await?;
    if let Some(&newest) = applied.iter().max()
        && newest > latest()
    {
        return Err(StoreError::NewerSchema {
            found: newest,
            known: latest(),
        });
    }
    for m in migrations.iter().filter(|m| !applied.contains(&m.version)) {
        let outcome = apply(pool, m).await;
        // Another process may have applied the same migration at the same moment (two workers
        // starting against one PostgreSQL): its success is ours.
        if outcome.is_err() && applied_now(pool, m.version).await {
            continue;
        }
        outcome?;
    }
    Ok(())
}

async fn applied(pool: &AnyPool) -> Result<Vec<i64>, StoreError> {
    let rows = sqlx::query("SELECT version FROM hearback_migrations")
        .fetch_all(pool)
        .await
        .map_err(query_error("could not read the applied migrations"))?;
    rows.iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()
        .map_err(query_error("could not read the applied migrations"))
}

async fn applied_now(pool: &AnyPool, version: i64) -> bool {
    applied(pool).await.is_ok_and(|v| v.contains(&version))
}

async fn apply(pool: &AnyPool, m: &Migration) -> Result<(), StoreError> {
    let failed = |source| StoreError::Migration {
        version: m.version,
        description: m.description,
        source,
    };
    let mut tx = pool.begin().await.map_err(failed)?;
    sqlx::raw_sql(m.sql)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    sqlx::query(
        "INSERT INTO hearback_migrations (version, description, applied_at) VALUES ($1, $2, $3)",
    )
    .bind(m.version)
    .bind(m.description)
    .bind(crate::now())
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    tx.commit().await.map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_numbered_migrations() {
        let numbers = |ms: &[Migration]| ms.iter().map(|m| m.version).collect::<Vec<_>>();
        assert_eq!(numbers(SQLITE), numbers(POSTGRES));
    }

    /// The two files differ only where the dialects must: the same tables and columns, in the
    /// same order, so that one set of queries serves both.
    #[test]
    fn both_backends_declare_the_same_columns() {
        for (s, p) in SQLITE.iter().zip(POSTGRES) {
            let columns = |sql: &str| -> Vec<String> {
                sql.lines()
                    .map(str::trim)
                    .filter(|l| !l.starts_with("--") && !l.is_empty())
                    .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
                    .collect()
            };
            assert_eq!(columns(s.sql), columns(p.sql), "migration {}", s.version);
        }
    }
}
