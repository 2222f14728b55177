//! The storage contract: the same suite against SQLite (a temporary file, always) and against
//! PostgreSQL (when `HEARBACK_TEST_POSTGRES_URL` names a server where the user may create
//! databases; `scripts/postgres-test-server` starts a throwaway one). Each PostgreSQL test gets
//! a database of its own, dropped at the end.
//!
//! The conversations are the bundled samples in ru, hu and en, scored by the core as
//! `hearback import` scores them, so every column type meets real values: Cyrillic and
//! Hungarian text, offsets, fractional seconds, timestamps with offsets, NULLs, JSON.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use hearback_core::result::{AnswerSource, Verdict};
use hearback_core::scorecard::{self, Scorecard};
use hearback_core::{AnalyseOptions, Conversation, ScoreResult, analyse, detectors};
use hearback_store::{
    Backend, Cursor, HumanAnswer, ListFilter, MAX_PAGE, Outcome, PageStart, ScorecardSource, Store,
    StoreError, Stored, StoredScorecard, content_hash,
};

const ENGINE: &str = "hearback test";

fn sample(name: &str) -> Conversation {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/json")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn score(c: &Conversation, card: &Scorecard) -> ScoreResult {
    let analysis = analyse(c, &AnalyseOptions::default());
    let findings = detectors::detect_all(&analysis);
    hearback_core::score::score(&analysis, &findings, card)
}

fn builtin_source() -> ScorecardSource<'static> {
    ScorecardSource {
        id: "default",
        version: "test-1",
        title: "Built-in",
        source: scorecard::BUILTIN_SOURCE,
    }
}

async fn builtin(store: &Store) -> StoredScorecard {
    store.scorecard(&builtin_source()).await.unwrap()
}

async fn put(store: &Store, c: &Conversation, card: &StoredScorecard) -> Outcome {
    let result = score(c, &scorecard::builtin());
    store
        .put(c, &content_hash(c), &result, card, ENGINE)
        .await
        .unwrap()
}

/// A test database, removed when dropped (SQLite) or at the end of the test (PostgreSQL).
struct Db {
    store: Store,
    _dir: Option<tempfile::TempDir>,
    url: String,
    cleanup: Option<(String, String)>,
}

impl Db {
    async fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        Db {
            store: Store::open(&url).await.unwrap(),
            _dir: Some(dir),
            url,
            cleanup: None,
        }
    }

    async fn postgres(test: &str) -> Option<Db> {
        let Ok(server) = std::env::var("HEARBACK_TEST_POSTGRES_URL") else {
            eprintln!("HEARBACK_TEST_POSTGRES_URL is not set: PostgreSQL contract test skipped");
            return None;
        };
        let name = format!("hb_{}_{}", std::process::id(), test);
        admin(&server, &format!("DROP DATABASE IF EXISTS {name}")).await;
        admin(&server, &format!("CREATE DATABASE {name}")).await;
        let (base, _) = server.rsplit_once('/').unwrap();
        let url = format!("{base}/{name}");
        Some(Db {
            store: Store::open(&url).await.unwrap(),
            _dir: None,
            url,
            cleanup: Some((server, name)),
        })
    }

    async fn finish(self) {
        self.store.close().await;
        if let Some((server, name)) = self.cleanup {
            admin(&server, &format!("DROP DATABASE IF EXISTS {name}")).await;
        }
    }
}

async fn admin(server: &str, sql: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(server).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = super::Db::sqlite().await;
                    assert_eq!(db.store.backend(), super::Backend::Sqlite);
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = super::Db::postgres(stringify!($name)).await else { return };
                    assert_eq!(db.store.backend(), super::Backend::Postgres);
                    super::$name(&db).await;
                    db.finish().await;
                }
            )*
        }
    };
}

contract!(
    a_conversation_comes_back_exactly_as_it_was_stored,
    the_result_comes_back_with_its_answers_evidence_signals_and_promises,
    a_second_import_of_the_same_content_changes_nothing,
    changed_content_under_the_same_id_replaces_the_old_with_its_results,
    another_scorecard_version_adds_a_result_and_keeps_the_first,
    a_scorecard_changed_without_a_new_version_is_another_row,
    human_answers_are_kept_apart_from_automatic_ones,
    a_conversation_that_fails_half_way_leaves_nothing_behind,
    opening_again_does_not_migrate_again,
    turns_with_and_without_seconds_mix_in_one_conversation,
    a_long_conversation_keeps_every_turn_in_order,
    a_list_is_newest_first_and_pages_cover_it_exactly_once,
    list_filters_keep_exactly_the_matching_conversations,
    a_failed_criterion_a_person_overturned_is_no_failure,
    the_latest_result_is_the_one_stored_last,
);

async fn a_conversation_comes_back_exactly_as_it_was_stored(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    for name in ["ru-shop-chat", "hu-bank-wow", "en-bank-rude"] {
        let c = sample(name);
        assert_eq!(put(store, &c, &card).await, Outcome::New);
        assert_eq!(store.conversation(&c.id).await.unwrap().as_ref(), Some(&c));
        let turns = store.turns(&c.id).await.unwrap();
        let expected: Vec<_> = c
            .turns
            .iter()
            .map(|t| (t.speaker, t.text.clone()))
            .collect();
        assert_eq!(turns, expected, "{name}");
    }
    // A conversation with almost nothing: every optional column is NULL and reads back so.
    let bare = Conversation {
        id: "bare".into(),
        ..Conversation::default()
    };
    assert_eq!(put(store, &bare, &card).await, Outcome::New);
    assert_eq!(store.conversation("bare").await.unwrap(), Some(bare));
    assert_eq!(store.conversation("never-imported").await.unwrap(), None);
}

async fn the_result_comes_back_with_its_answers_evidence_signals_and_promises(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    for name in ["ru-shop-chat", "hu-bank-wow", "en-bank-rude"] {
        let c = sample(name);
        let result = score(&c, &scorecard::builtin());
        store
            .put(&c, &content_hash(&c), &result, &card, ENGINE)
            .await
            .unwrap();
        let stored = store.result(&c.id, &card).await.unwrap().unwrap();
        assert_eq!(stored.scorecard_id, "default");
        assert_eq!(stored.scorecard_version, "test-1");
        assert_eq!(stored.engine, ENGINE);
        assert_eq!(
            stored.score, result.score,
            "{name}: doubles survive exactly"
        );
        assert_eq!(stored.max_score, result.max_score);
        assert_eq!(stored.passed, result.passed);
        assert_eq!(stored.warnings, result.warnings);
        assert_eq!(stored.body, serde_json::to_value(&result).unwrap());
        assert_eq!(stored.answers.len(), result.criteria.len());
        for (a, c) in stored.answers.iter().zip(&result.criteria) {
            assert_eq!(a.criterion_id, c.id);
            assert_eq!(a.verdict, c.verdict);
            assert_eq!(a.points, c.points);
            assert_eq!(a.critical, c.critical);
            assert_eq!(a.source, AnswerSource::Auto);
            assert_eq!(a.answered_by, ENGINE);
            assert_eq!(a.rationale, c.rationale);
            assert_eq!(a.evidence, c.evidence, "{name}: {}", c.id);
        }
        assert_eq!(stored.signals.len(), result.signals.len());
        for s in &stored.signals {
            assert_eq!(Some(&s.value), result.signals.get(&s.name));
        }
        assert_eq!(stored.promises.len(), result.promises.len());
        for (s, p) in stored.promises.iter().zip(&result.promises) {
            assert_eq!(s.text, p.text);
            assert_eq!(s.due_epoch, p.due.map(|d| d.timestamp()));
            assert_eq!(s.vague, p.vague);
            assert_eq!(s.quote, p.evidence.quote);
        }
    }
    // The samples carry evidence (the rude agent, the greeting quotes): an empty table would
    // make the comparisons above vacuous.
    let counts = store.counts().await.unwrap();
    assert!(counts.evidence > 0 && counts.signals > 0, "{counts:?}");
}

async fn a_second_import_of_the_same_content_changes_nothing(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    let c = sample("ru-shop-chat");
    assert_eq!(
        store.state(&c.id, &content_hash(&c), &card).await.unwrap(),
        Stored::Absent
    );
    assert_eq!(put(store, &c, &card).await, Outcome::New);
    let before = store.counts().await.unwrap();
    assert_eq!(
        store.state(&c.id, &content_hash(&c), &card).await.unwrap(),
        Stored::Unchanged
    );
    // The same conversation read from another file is the same conversation.
    let mut moved = c.clone();
    moved.source = Some(hearback_core::Source {
        file: "elsewhere/batch.jsonl".into(),
        line: Some(3),
        format: "jsonl".into(),
    });
    assert_eq!(put(store, &moved, &card).await, Outcome::Unchanged);
    assert_eq!(put(store, &c, &card).await, Outcome::Unchanged);
    assert_eq!(store.counts().await.unwrap(), before);
}

async fn changed_content_under_the_same_id_replaces_the_old_with_its_results(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    let mut c = sample("hu-bank-wow");
    assert_eq!(put(store, &c, &card).await, Outcome::New);
    let before = store.counts().await.unwrap();
    c.turns.pop();
    assert_eq!(
        store.state(&c.id, &content_hash(&c), &card).await.unwrap(),
        Stored::Changed
    );
    assert_eq!(put(store, &c, &card).await, Outcome::Updated);
    assert_eq!(store.conversation(&c.id).await.unwrap(), Some(c.clone()));
    assert_eq!(store.turns(&c.id).await.unwrap().len(), c.turns.len());
    let after = store.counts().await.unwrap();
    assert_eq!(after.conversations, 1);
    assert_eq!(
        after.results, 1,
        "exactly one result per conversation and version"
    );
    assert_eq!(after.turns, before.turns - 1);
}

async fn another_scorecard_version_adds_a_result_and_keeps_the_first(db: &Db) {
    let store = &db.store;
    let first = builtin(store).await;
    let c = sample("en-bank-rude");
    put(store, &c, &first).await;
    let second = store
        .scorecard(&ScorecardSource {
            version: "test-2",
            ..builtin_source()
        })
        .await
        .unwrap();
    assert_ne!(first.row, second.row);
    assert!(!second.same_version_other_content);
    assert_eq!(
        store
            .state(&c.id, &content_hash(&c), &second)
            .await
            .unwrap(),
        Stored::Unscored
    );
    assert_eq!(put(store, &c, &second).await, Outcome::Rescored);
    assert_eq!(put(store, &c, &second).await, Outcome::Unchanged);
    let r1 = store.result(&c.id, &first).await.unwrap().unwrap();
    let r2 = store.result(&c.id, &second).await.unwrap().unwrap();
    assert_eq!(
        (r1.scorecard_version.as_str(), r2.scorecard_version.as_str()),
        ("test-1", "test-2")
    );
    assert_eq!(store.counts().await.unwrap().results, 2);
    // Asking for a scorecard already stored gives its row, not a new one.
    assert_eq!(builtin(store).await, first);
}

async fn a_scorecard_changed_without_a_new_version_is_another_row(db: &Db) {
    let store = &db.store;
    let first = builtin(store).await;
    let edited = format!("{}\n# edited\n", scorecard::BUILTIN_SOURCE);
    let second = store
        .scorecard(&ScorecardSource {
            source: &edited,
            ..builtin_source()
        })
        .await
        .unwrap();
    assert_ne!(first.row, second.row);
    assert_ne!(first.content_hash, second.content_hash);
    assert!(second.same_version_other_content);
}

async fn human_answers_are_kept_apart_from_automatic_ones(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    let c = sample("en-bank-rude");
    put(store, &c, &card).await;
    let auto = store.result(&c.id, &card).await.unwrap().unwrap();
    let courtesy = auto
        .answers
        .iter()
        .find(|a| a.criterion_id == "courtesy")
        .unwrap()
        .clone();
    let answer = HumanAnswer {
        criterion_id: "courtesy",
        verdict: Verdict::Pass,
        points: courtesy.max_points,
        rationale: "Listened to the call: firm, not rude.",
        answered_by: "qa-lead@example.com",
    };
    assert!(store.answer_by_human(&c.id, &card, &answer).await.unwrap());
    let again = HumanAnswer {
        verdict: Verdict::Fail,
        points: 0.0,
        answered_by: "Szabó Éva",
        ..answer.clone()
    };
    assert!(store.answer_by_human(&c.id, &card, &again).await.unwrap());
    let stored = store.result(&c.id, &card).await.unwrap().unwrap();
    let answers: Vec<_> = stored
        .answers
        .iter()
        .filter(|a| a.criterion_id == "courtesy")
        .collect();
    assert_eq!(answers.len(), 2, "one automatic, one human");
    assert_eq!(answers[0], &courtesy, "the automatic answer is untouched");
    assert_eq!(answers[1].source, AnswerSource::Human);
    assert_eq!(answers[1].answered_by, "Szabó Éva");
    assert_eq!(answers[1].verdict, Verdict::Fail);
    assert_eq!(answers[1].max_points, courtesy.max_points);
    let unknown = HumanAnswer {
        criterion_id: "no-such-criterion",
        ..answer
    };
    assert!(!store.answer_by_human(&c.id, &card, &unknown).await.unwrap());
    assert!(
        !store
            .answer_by_human("never-imported", &card, &answer)
            .await
            .unwrap()
    );
}

async fn a_conversation_that_fails_half_way_leaves_nothing_behind(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    let c = sample("ru-shop-chat");
    let mut result = score(&c, &scorecard::builtin());
    // The same criterion twice breaks a unique key after the conversation, its turns and the
    // first answers were written.
    let twice = result.criteria[0].clone();
    result.criteria.push(twice);
    let err = store
        .put(&c, &content_hash(&c), &result, &card, ENGINE)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Query { .. }), "{err}");
    assert_eq!(
        store.counts().await.unwrap(),
        hearback_store::Counts::default()
    );
    assert_eq!(store.conversation(&c.id).await.unwrap(), None);
    // The failure is the conversation's alone: the next one is stored.
    assert_eq!(put(store, &c, &card).await, Outcome::New);
}

async fn opening_again_does_not_migrate_again(db: &Db) {
    let card = builtin(&db.store).await;
    put(&db.store, &sample("hu-bank-wow"), &card).await;
    let again = Store::open(&db.url).await.unwrap();
    assert_eq!(again.counts().await.unwrap().conversations, 1);
    assert_eq!(builtin(&again).await, card);
    again.close().await;
}

/// A transcript where only some turns carry seconds: NULL and real doubles in the same statement,
/// one after the other, on one connection (sqlx's `Any` once typed the NULL wrongly for
/// PostgreSQL and the next value was refused).
async fn turns_with_and_without_seconds_mix_in_one_conversation(db: &Db) {
    use hearback_core::{Speaker, Turn};
    let store = &db.store;
    let card = builtin(store).await;
    let c = Conversation {
        id: "mixed-seconds".into(),
        turns: vec![
            Turn::new(
                Speaker::Agent,
                "Jó napot, Kovács Anna vagyok, miben segíthetek?",
            ),
            Turn::timed(
                Speaker::Customer,
                "Здравствуйте, у меня не работает интернет.",
                3.25,
                7.5,
            ),
            Turn::new(Speaker::Agent, "I'm sorry to hear that; let me check."),
            Turn::timed(Speaker::Customer, "Köszönöm.", 9.0, 9.875),
        ],
        ..Conversation::default()
    };
    assert_eq!(put(store, &c, &card).await, Outcome::New);
    assert_eq!(store.conversation(&c.id).await.unwrap(), Some(c));
}

/// Turns are written many rows to a statement: a conversation longer than one batch keeps every
/// turn, in order.
async fn a_long_conversation_keeps_every_turn_in_order(db: &Db) {
    use hearback_core::{Speaker, Turn};
    let store = &db.store;
    let card = builtin(store).await;
    let turns: Vec<Turn> = (0..450)
        .map(|i| {
            let (speaker, text) = match i % 3 {
                0 => (Speaker::Customer, format!("Сообщение номер {i}")),
                1 => (Speaker::Agent, format!("Köszönöm, {i}. üzenet")),
                _ => (Speaker::Customer, format!("Message {i}")),
            };
            Turn::timed(speaker, text, f64::from(i) * 2.5, f64::from(i) * 2.5 + 2.0)
        })
        .collect();
    let c = Conversation {
        id: "long".into(),
        turns,
        ..Conversation::default()
    };
    assert_eq!(put(store, &c, &card).await, Outcome::New);
    let stored = store.turns("long").await.unwrap();
    let expected: Vec<_> = c
        .turns
        .iter()
        .map(|t| (t.speaker, t.text.clone()))
        .collect();
    assert_eq!(stored, expected);
    assert_eq!(store.conversation("long").await.unwrap(), Some(c));
}

const SAMPLES: [&str; 9] = [
    "en-bank-rude",
    "en-delivery-chat",
    "en-telecom-wow",
    "hu-bank-wow",
    "hu-shop-chat",
    "hu-telecom-rude",
    "ru-bank-wow",
    "ru-shop-chat",
    "ru-telecom-rude",
];

/// Stores every single-conversation sample with its result; returns them with their results.
async fn put_samples(store: &Store, card: &StoredScorecard) -> Vec<(Conversation, ScoreResult)> {
    let mut all = Vec::new();
    for name in SAMPLES {
        let c = sample(name);
        let result = score(&c, &scorecard::builtin());
        store
            .put(&c, &content_hash(&c), &result, card, ENGINE)
            .await
            .unwrap();
        all.push((c, result));
    }
    all
}

async fn ids(store: &Store, filter: &ListFilter) -> Vec<String> {
    let page = store
        .list(filter, PageStart::First, MAX_PAGE)
        .await
        .unwrap();
    assert_eq!(page.next, None, "everything fits one page");
    page.items.into_iter().map(|i| i.id).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn a_list_is_newest_first_and_pages_cover_it_exactly_once(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    let all = put_samples(store, &card).await;
    // Undated conversations come after every dated one, on both backends.
    for id in ["undated-1", "undated-2"] {
        let bare = Conversation {
            id: id.into(),
            ..Conversation::default()
        };
        put(store, &bare, &card).await;
    }
    let mut expected: Vec<(i64, String)> = all
        .iter()
        .map(|(c, _)| (c.started_at.unwrap().timestamp(), c.id.clone()))
        .collect();
    expected.sort_by(|a, b| b.cmp(a));
    let mut expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
    // Stored later, so newer among equals.
    expected.extend(["undated-2".to_string(), "undated-1".to_string()]);
    let full = ids(store, &ListFilter::default()).await;
    assert_eq!(full, expected);

    let page = store
        .list(&ListFilter::default(), PageStart::First, 1)
        .await
        .unwrap();
    let first = &page.items[0];
    assert_eq!(first.id, expected[0]);
    let (c, r) = all.iter().find(|(c, _)| c.id == first.id).unwrap();
    assert_eq!(first.score, Some(r.score));
    assert_eq!(first.passed, Some(r.passed));
    assert_eq!(first.scorecard_version.as_deref(), Some("test-1"));
    assert_eq!(first.agent_id, c.agent.as_ref().and_then(|a| a.id.clone()));
    assert_eq!(first.turn_count, c.turns.len() as i64);

    for size in [1, 2, 4, 11, 12] {
        let mut by_cursor = Vec::new();
        let mut start = PageStart::First;
        loop {
            let page = store
                .list(&ListFilter::default(), start, size)
                .await
                .unwrap();
            assert!(page.items.len() as i64 <= size);
            by_cursor.extend(page.items.into_iter().map(|i| i.id));
            match page.next {
                Some(cursor) => {
                    // The cursor travels as text through a URL.
                    start = PageStart::After(Cursor::decode(&cursor.encode()).unwrap());
                }
                None => break,
            }
        }
        assert_eq!(by_cursor, expected, "pages of {size} by cursor");
        let mut by_offset = Vec::new();
        let mut offset = 0;
        while offset < 20 {
            let page = store
                .list(&ListFilter::default(), PageStart::Offset(offset), size)
                .await
                .unwrap();
            by_offset.extend(page.items.into_iter().map(|i| i.id));
            offset += size;
        }
        assert_eq!(by_offset, expected, "pages of {size} by offset");
    }
}

async fn list_filters_keep_exactly_the_matching_conversations(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    let all = put_samples(store, &card).await;
    let expect = |keep: &dyn Fn(&Conversation, &ScoreResult) -> bool| {
        sorted(
            all.iter()
                .filter(|(c, r)| keep(c, r))
                .map(|(c, _)| c.id.clone())
                .collect(),
        )
    };
    let f = ListFilter {
        channel: Some("chat".into()),
        ..ListFilter::default()
    };
    let chats = expect(&|c, _| c.channel == hearback_core::Channel::Chat);
    assert!(!chats.is_empty() && chats.len() < all.len());
    assert_eq!(sorted(ids(store, &f).await), chats);

    let f = ListFilter {
        language: Some("hu".into()),
        ..ListFilter::default()
    };
    let hu = expect(&|c, r| c.language.unwrap_or(r.language) == hearback_core::Lang::Hu);
    assert_eq!(hu.len(), 3);
    assert_eq!(sorted(ids(store, &f).await), hu);

    let agent = all[0].0.agent.as_ref().unwrap().id.clone().unwrap();
    let team = all[0].0.agent.as_ref().unwrap().team.clone().unwrap();
    let f = ListFilter {
        agent: Some(agent.clone()),
        ..ListFilter::default()
    };
    let by_agent = expect(&|c, _| c.agent.as_ref().and_then(|a| a.id.as_ref()) == Some(&agent));
    assert!(!by_agent.is_empty());
    assert_eq!(sorted(ids(store, &f).await), by_agent);
    let f = ListFilter {
        team: Some(team.clone()),
        ..ListFilter::default()
    };
    let by_team = expect(&|c, _| c.agent.as_ref().and_then(|a| a.team.as_ref()) == Some(&team));
    assert_eq!(sorted(ids(store, &f).await), by_team);

    // Dates: [from, to) in UTC, whatever offset the source wrote.
    let from = chrono::DateTime::parse_from_rfc3339("2026-11-17T15:00:00Z")
        .unwrap()
        .timestamp();
    let to = chrono::DateTime::parse_from_rfc3339("2026-11-20T16:15:00+03:00")
        .unwrap()
        .timestamp();
    let f = ListFilter {
        from: Some(from),
        to: Some(to),
        ..ListFilter::default()
    };
    let in_range = expect(&|c, _| {
        let t = c.started_at.unwrap().timestamp();
        t >= from && t < to
    });
    assert!(!in_range.is_empty() && in_range.len() < all.len());
    assert_eq!(sorted(ids(store, &f).await), in_range);

    let mut scores: Vec<f64> = all.iter().map(|(_, r)| r.score).collect();
    scores.sort_by(f64::total_cmp);
    let (low, high) = (scores[2], scores[6]);
    let f = ListFilter {
        min_score: Some(low),
        max_score: Some(high),
        ..ListFilter::default()
    };
    let between = expect(&|_, r| r.score >= low && r.score <= high);
    assert!(between.len() >= 5, "{scores:?}");
    assert_eq!(sorted(ids(store, &f).await), between);

    // Filters combine.
    let f = ListFilter {
        channel: Some("call".into()),
        language: Some("ru".into()),
        ..ListFilter::default()
    };
    // The language filtered on is the declared one, else the detected one.
    let ru_calls = expect(&|c, r| {
        c.channel == hearback_core::Channel::Call
            && c.language.unwrap_or(r.language) == hearback_core::Lang::Ru
    });
    assert_eq!(ru_calls.len(), 2, "one of them declares no language");
    assert_eq!(sorted(ids(store, &f).await), ru_calls);
    let f = ListFilter {
        agent: Some("nobody".into()),
        ..ListFilter::default()
    };
    assert!(ids(store, &f).await.is_empty());
}

async fn a_failed_criterion_a_person_overturned_is_no_failure(db: &Db) {
    let store = &db.store;
    let card = builtin(store).await;
    let all = put_samples(store, &card).await;
    let failed_by = |criterion: &str| {
        sorted(
            all.iter()
                .filter(|(_, r)| {
                    r.criteria
                        .iter()
                        .any(|a| a.id == criterion && a.verdict == Verdict::Fail)
                })
                .map(|(c, _)| c.id.clone())
                .collect(),
        )
    };
    // A criterion some samples fail and others do not.
    let criterion = all
        .iter()
        .flat_map(|(_, r)| r.criteria.iter())
        .map(|a| a.id.clone())
        .find(|id| {
            let n = failed_by(id).len();
            n > 0 && n < all.len()
        })
        .unwrap();
    let expected = failed_by(&criterion);
    let f = ListFilter {
        failed: Some(criterion.clone()),
        ..ListFilter::default()
    };
    assert_eq!(sorted(ids(store, &f).await), expected);

    let overturned = &expected[0];
    let answered = store
        .answer_by_human(
            overturned,
            &card,
            &HumanAnswer {
                criterion_id: &criterion,
                verdict: Verdict::Pass,
                points: 1.0,
                rationale: "listened again: it was fine",
                answered_by: "reviewer@example.com",
            },
        )
        .await
        .unwrap();
    assert!(answered);
    let after = ids(store, &f).await;
    assert!(!after.contains(overturned), "{after:?}");
    assert_eq!(after.len(), expected.len() - 1);

    // And a person's "fail" on a passed criterion counts as a failure.
    let passed = all
        .iter()
        .find(|(_, r)| {
            r.criteria
                .iter()
                .any(|a| a.id == criterion && a.verdict == Verdict::Pass)
        })
        .map(|(c, _)| c.id.clone())
        .unwrap();
    store
        .answer_by_human(
            &passed,
            &card,
            &HumanAnswer {
                criterion_id: &criterion,
                verdict: Verdict::Fail,
                points: 0.0,
                rationale: "missed it",
                answered_by: "reviewer@example.com",
            },
        )
        .await
        .unwrap();
    assert!(ids(store, &f).await.contains(&passed));
}

async fn the_latest_result_is_the_one_stored_last(db: &Db) {
    let store = &db.store;
    let first = builtin(store).await;
    let c = sample("ru-telecom-rude");
    assert!(store.latest_result(&c.id).await.unwrap().is_none());
    put(store, &c, &first).await;
    let latest = store.latest_result(&c.id).await.unwrap().unwrap();
    assert_eq!(latest, store.result(&c.id, &first).await.unwrap().unwrap());
    let second = store
        .scorecard(&ScorecardSource {
            version: "test-2",
            ..builtin_source()
        })
        .await
        .unwrap();
    put(store, &c, &second).await;
    let latest = store.latest_result(&c.id).await.unwrap().unwrap();
    assert_eq!(latest.scorecard_version, "test-2");
    let page = store
        .list(&ListFilter::default(), PageStart::First, 10)
        .await
        .unwrap();
    assert_eq!(
        page.items.len(),
        1,
        "one row per conversation, not per result"
    );
    assert_eq!(page.items[0].scorecard_version.as_deref(), Some("test-2"));
    assert!(
        store
            .latest_result("never-imported")
            .await
            .unwrap()
            .is_none()
    );
}
