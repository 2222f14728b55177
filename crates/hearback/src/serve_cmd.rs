//! `hearback serve`: the HTTP API over the store (axum). This step serves listing with filters
//! and pages, one conversation with its latest result, import of Hearback JSON (stored and
//! scored by exactly the code `hearback import` uses) and the OpenAPI description. Every error
//! is JSON, `{"error": "…"}`, with a message a person can act on.
//!
//! Scoring is CPU work: an import runs on a blocking thread so that lists and details keep
//! being answered meanwhile.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hearback_core::{Channel, Conversation, Lang};
use hearback_formats::{Format, Item, ReadOptions};
use hearback_store::{Cursor, ListFilter, MAX_PAGE, Outcome, PageStart, Store, content_hash};
use serde_json::{Value, json};

use crate::import_cmd::Scoring;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on; port 0 picks a free one (the address is printed).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    #[command(flatten)]
    store: crate::import_cmd::StoreArgs,
    /// The largest request body accepted, in MiB (an import larger is refused with 413).
    #[arg(long, value_name = "MIB", default_value_t = 16)]
    max_body_mib: usize,
    /// Run no background worker. There is none yet (the job queue is a later step), so this
    /// changes nothing today; it is accepted so that scripts written for later keep working.
    #[arg(long)]
    no_worker: bool,
}

/// Every query parameter of `GET /api/conversations`; anything else is refused by name.
pub(crate) const LIST_PARAMS: [&str; 12] = [
    "limit",
    "cursor",
    "offset",
    "agent",
    "team",
    "language",
    "channel",
    "from",
    "to",
    "min_score",
    "max_score",
    "failed",
];

/// The OpenAPI description, hand-written beside this file and checked against the code by the
/// tests below.
const OPENAPI: &str = include_str!("serve_openapi.json");

/// Rows per page when `limit` is not given.
const DEFAULT_PAGE: i64 = 50;

#[derive(Clone)]
struct AppState {
    store: Store,
    scoring: Arc<Scoring>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<u8> {
    let ui = crate::ui::ui_lang(None);
    let files = args.store.scoring_files()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the server runtime")?;
    runtime.block_on(async move {
        let store = Store::open(&args.store.db)
            .await
            .context("could not open the database")?;
        // Recordings named in posted conversations are not opened: the path would be one on
        // this server's disk, chosen by whoever sends the request.
        let scoring = files.into_scoring(&store, None, ui).await?;
        let state = AppState {
            store: store.clone(),
            scoring: Arc::new(scoring),
        };
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| format!("could not listen on {}", args.bind))?;
        let addr = listener
            .local_addr()
            .context("could not read the address listened on")?;
        if args.no_worker {
            eprintln!("hearback serve: --no-worker: there is no background worker yet, nothing to turn off");
        }
        // Scripts and tests read this line to find the port when `--bind` asked for port 0.
        println!("hearback serve: listening on http://{addr}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        axum::serve(listener, router(state, args.max_body_mib.saturating_mul(1 << 20)))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("the server stopped")?;
        store.close().await;
        Ok(0)
    })
}

fn router(state: AppState, max_body: usize) -> Router {
    Router::new()
        .route(
            "/api/conversations",
            get(list_conversations).post(import_conversations),
        )
        .route("/api/conversations/{id}", get(get_conversation))
        .route("/api/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// An error as the API answers it: a status and `{"error": message}`.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn internal(e: impl std::fmt::Display) -> ApiError {
        let message = e.to_string();
        eprintln!("hearback serve: {message}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("{message} (the server's log has the same message)"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(json!({ "error": self.message }))).into_response()
    }
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        message: format!(
            "there is no endpoint {}; the endpoints are listed in /api/openapi.json",
            uri.path()
        ),
    }
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!(
            "{} does not answer {method}; /api/openapi.json lists what each endpoint answers",
            uri.path()
        ),
    }
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn list_conversations(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let Query(params) =
        query.map_err(|e| ApiError::bad_request(format!("the query string is malformed: {e}")))?;
    let (filter, start, limit) = parse_list(&params)?;
    let page = state
        .store
        .list(&filter, start, limit)
        .await
        .map_err(ApiError::internal)?;
    Ok(axum::Json(json!({
        "items": page.items,
        "next": page.next.map(|c| c.encode()),
    })))
}

/// Reads the list parameters, refusing anything malformed with a message naming the parameter.
fn parse_list(params: &[(String, String)]) -> Result<(ListFilter, PageStart, i64), ApiError> {
    let mut seen: Vec<&str> = Vec::new();
    let mut filter = ListFilter::default();
    let mut limit = DEFAULT_PAGE;
    let mut cursor = None;
    let mut offset = None;
    for (name, value) in params {
        let name = name.as_str();
        if seen.contains(&name) {
            return Err(ApiError::bad_request(format!(
                "`{name}` is given twice; give each parameter once"
            )));
        }
        seen.push(name);
        let text = || -> Result<Option<String>, ApiError> {
            if value.trim().is_empty() {
                Err(ApiError::bad_request(format!(
                    "`{name}` is empty; leave it out to not filter by it"
                )))
            } else {
                Ok(Some(value.clone()))
            }
        };
        match name {
            "limit" => {
                limit = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=MAX_PAGE).contains(n))
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "`limit` must be a whole number from 1 to {MAX_PAGE}, not `{value}`"
                        ))
                    })?;
            }
            "cursor" => {
                cursor = Some(Cursor::decode(value).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "`cursor` `{value}` is not one this server gave; pass the `next` of the previous page as it came"
                    ))
                })?);
            }
            "offset" => {
                offset = Some(
                    value
                        .parse::<i64>()
                        .ok()
                        .filter(|n| *n >= 0)
                        .ok_or_else(|| {
                            ApiError::bad_request(format!(
                                "`offset` must be a whole number, 0 or more, not `{value}`"
                            ))
                        })?,
                );
            }
            "agent" => filter.agent = text()?,
            "team" => filter.team = text()?,
            "failed" => filter.failed = text()?,
            "language" => {
                let lang = Lang::parse(value);
                if lang == Lang::Other && value.trim() != "other" {
                    return Err(ApiError::bad_request(format!(
                        "`language` `{value}` is not one Hearback tells apart; use ru, hu, en or other"
                    )));
                }
                filter.language = Some(lang.code().to_string());
            }
            "channel" => {
                let known: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
                if !known.contains(&value.as_str()) {
                    return Err(ApiError::bad_request(format!(
                        "`channel` `{value}` is not a channel; use one of {}",
                        known.join(", ")
                    )));
                }
                filter.channel = Some(value.clone());
            }
            "from" => filter.from = Some(parse_time(name, value, false)?),
            "to" => filter.to = Some(parse_time(name, value, true)?),
            "min_score" => filter.min_score = Some(parse_score(name, value)?),
            "max_score" => filter.max_score = Some(parse_score(name, value)?),
            _ => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter `{name}`; the list takes {}",
                    LIST_PARAMS.join(", ")
                )));
            }
        }
    }
    if let (Some(min), Some(max)) = (filter.min_score, filter.max_score)
        && min > max
    {
        return Err(ApiError::bad_request(format!(
            "`min_score` ({min}) is above `max_score` ({max}); nothing could match"
        )));
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from >= to
    {
        return Err(ApiError::bad_request(
            "`from` is not before `to`; nothing could match",
        ));
    }
    let start = match (cursor, offset) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "give `cursor` or `offset`, not both (`cursor` is the `next` of the previous page)",
            ));
        }
        (Some(c), None) => PageStart::After(c),
        (None, Some(n)) => PageStart::Offset(n),
        (None, None) => PageStart::First,
    };
    Ok((filter, start, limit))
}

/// `from`/`to` as UTC epoch seconds, from RFC 3339 (`2026-11-20T10:15:00+03:00`) or a date
/// (`2026-11-20`, the UTC day). Both ends are inclusive for the caller: `to` names the last
/// second (or day) wanted, so it becomes the exclusive bound just after it.
fn parse_time(name: &str, value: &str, end: bool) -> Result<i64, ApiError> {
    let (t, span) = if let Ok(t) = chrono::DateTime::parse_from_rfc3339(value) {
        (t.timestamp(), 1)
    } else if let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let midnight = d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp());
        (midnight.unwrap_or(0), 86_400)
    } else {
        return Err(ApiError::bad_request(format!(
            "`{name}` `{value}` is not a time; use a date (2026-11-20) or RFC 3339 (2026-11-20T10:15:00+03:00)"
        )));
    };
    Ok(if end { t + span } else { t })
}

fn parse_score(name: &str, value: &str) -> Result<f64, ApiError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| ApiError::bad_request(format!("`{name}` must be a number, not `{value}`")))
}

async fn get_conversation(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(format!("the id is malformed: {e}")))?;
    let Some(conversation) = state
        .store
        .conversation(&id)
        .await
        .map_err(ApiError::internal)?
    else {
        return Err(ApiError {
            status: StatusCode::NOT_FOUND,
            message: format!(
                "no conversation has the id `{id}`; GET /api/conversations lists the stored ones"
            ),
        });
    };
    let result = state
        .store
        .latest_result(&id)
        .await
        .map_err(ApiError::internal)?;
    let result = result.map(|r| {
        let human: Vec<Value> = r
            .answers
            .iter()
            .filter(|a| a.source == hearback_core::result::AnswerSource::Human)
            .map(|a| {
                json!({
                    "criterion_id": a.criterion_id,
                    "verdict": a.verdict,
                    "points": a.points,
                    "answered_by": a.answered_by,
                    "rationale": a.rationale,
                })
            })
            .collect();
        json!({
            "scorecard": {"id": r.scorecard_id, "version": r.scorecard_version},
            "engine": r.engine,
            "score": r.score,
            "max_score": r.max_score,
            "passed": r.passed,
            "human_answers": human,
            "result": r.body,
        })
    });
    Ok(axum::Json(json!({
        "conversation": conversation,
        "result": result,
    })))
}

async fn import_conversations(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|e| {
        let status = e.status();
        ApiError {
            status,
            message: if status == StatusCode::PAYLOAD_TOO_LARGE {
                "the body is larger than this server accepts (--max-body-mib); send the conversations in smaller batches".to_string()
            } else {
                format!("the body could not be read: {e}")
            },
        }
    })?;
    let conversations = read_body(&body)?;
    let outcomes = tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Handle::current();
        conversations
            .into_iter()
            .map(|c| {
                let hash = content_hash(&c);
                let outcome = runtime.block_on(state.scoring.import(&state.store, &c, &hash));
                (c.id, outcome)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(ApiError::internal)?;

    let mut counts = serde_json::Map::new();
    for key in ["new", "unchanged", "updated", "rescored", "failed"] {
        counts.insert(key.to_string(), json!(0));
    }
    let mut failures = Vec::new();
    let items: Vec<Value> = outcomes
        .into_iter()
        .map(|(id, outcome)| {
            let key = match &outcome {
                Ok(Outcome::New) => "new",
                Ok(Outcome::Unchanged) => "unchanged",
                Ok(Outcome::Updated) => "updated",
                Ok(Outcome::Rescored) => "rescored",
                Err(_) => "failed",
            };
            if let Some(n) = counts.get_mut(key) {
                *n = json!(n.as_u64().unwrap_or(0) + 1);
            }
            match outcome {
                Ok(_) => json!({"id": id, "outcome": key}),
                Err(e) => {
                    eprintln!("hearback serve: {id}: {e}");
                    failures.push(format!("{id}: {e}"));
                    json!({"id": id, "outcome": key, "error": e.to_string()})
                }
            }
        })
        .collect();
    let total = items.len();
    let mut answer = json!({ "items": items });
    if let Some(map) = answer.as_object_mut() {
        map.extend(counts);
    }
    if failures.is_empty() {
        return Ok(axum::Json(answer).into_response());
    }
    // The others are stored all the same, as `hearback import` does; the answer says which.
    if let Some(map) = answer.as_object_mut() {
        map.insert(
            "error".to_string(),
            json!(format!(
                "{} of {total} conversations could not be stored (the others were): {}",
                failures.len(),
                failures.join("; ")
            )),
        );
    }
    Ok((StatusCode::INTERNAL_SERVER_ERROR, axum::Json(answer)).into_response())
}

/// The conversations of a Hearback JSON body (one object or an array), read by the same reader
/// as files are. Anything unreadable refuses the whole request, before anything is stored:
/// the sender fixes it and sends again.
fn read_body(body: &[u8]) -> Result<Vec<Conversation>, ApiError> {
    let options = ReadOptions {
        format: Some(Format::Json),
        ..ReadOptions::default()
    };
    let mut conversations = Vec::new();
    let mut errors = Vec::new();
    let mut reader = body;
    hearback_formats::read(
        "request body",
        &mut reader,
        &options,
        &mut |item| match item {
            Item::Conversation(c) => conversations.push(*c),
            Item::Warning(_) => {}
            Item::Error(e) => errors.push(e.to_string()),
        },
    );
    if !errors.is_empty() {
        return Err(ApiError::bad_request(format!(
            "the body is not Hearback JSON, nothing was stored: {}",
            errors.join("; ")
        )));
    }
    if conversations.is_empty() {
        return Err(ApiError::bad_request(
            "the body holds no conversation; send one Hearback JSON conversation or an array of them",
        ));
    }
    Ok(conversations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn refused(q: &[(&str, &str)]) -> String {
        match parse_list(&params(q)) {
            Err(e) => {
                assert_eq!(e.status, StatusCode::BAD_REQUEST);
                e.message
            }
            Ok(ok) => panic!("{q:?} was accepted: {ok:?}"),
        }
    }

    #[test]
    fn bad_list_parameters_are_refused_by_name() {
        for (q, name) in [
            (vec![("limit", "0")], "`limit`"),
            (vec![("limit", "501")], "`limit`"),
            (vec![("limit", "ten")], "`limit`"),
            (vec![("offset", "-1")], "`offset`"),
            (vec![("cursor", "abc")], "`cursor`"),
            (vec![("cursor", "1.2"), ("offset", "3")], "`cursor`"),
            (vec![("channel", "phone")], "`channel`"),
            (vec![("language", "klingon")], "`language`"),
            (vec![("from", "yesterday")], "`from`"),
            (vec![("to", "2026-13-01")], "`to`"),
            (vec![("min_score", "NaN")], "`min_score`"),
            (
                vec![("min_score", "80"), ("max_score", "20")],
                "`min_score`",
            ),
            (vec![("agent", "")], "`agent`"),
            (vec![("agent", "a"), ("agent", "b")], "`agent`"),
            (vec![("sort", "score")], "`sort`"),
        ] {
            let message = refused(&q);
            assert!(message.contains(name), "{q:?}: {message}");
        }
    }

    #[test]
    fn list_parameters_become_the_filter() {
        let (filter, start, limit) = parse_list(&params(&[
            ("limit", "20"),
            ("agent", "a17"),
            ("team", "Москва-1"),
            ("language", "russian"),
            ("channel", "chat"),
            ("from", "2026-11-20"),
            ("to", "2026-11-20"),
            ("min_score", "50"),
            ("max_score", "90.5"),
            ("failed", "greeting"),
            ("offset", "40"),
        ]))
        .map_err(|e| e.message)
        .unwrap_or_else(|m| panic!("{m}"));
        assert_eq!(limit, 20);
        assert_eq!(start, PageStart::Offset(40));
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp());
        assert_eq!(
            filter,
            ListFilter {
                agent: Some("a17".into()),
                team: Some("Москва-1".into()),
                language: Some("ru".into()),
                channel: Some("chat".into()),
                from: day,
                // A date as `to` is the whole day.
                to: day.map(|d| d + 86_400),
                min_score: Some(50.0),
                max_score: Some(90.5),
                failed: Some("greeting".into()),
            }
        );
        // An exact `to` includes its own second.
        let (filter, _, limit) = parse_list(&params(&[("to", "2026-11-20T10:15:00+03:00")]))
            .map_err(|e| e.message)
            .unwrap_or_else(|m| panic!("{m}"));
        assert_eq!(filter.to, day.map(|d| d + 7 * 3600 + 15 * 60 + 1));
        assert_eq!(limit, DEFAULT_PAGE);
    }

    #[test]
    fn the_openapi_description_lists_every_route_parameter_and_error() {
        let doc: Value = serde_json::from_str(OPENAPI).unwrap_or_else(|e| panic!("{e}"));
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
        for (path, method) in [
            ("/api/conversations", "get"),
            ("/api/conversations", "post"),
            ("/api/conversations/{id}", "get"),
            ("/api/openapi.json", "get"),
        ] {
            assert!(doc["paths"][path][method].is_object(), "{method} {path}");
        }
        let list = &doc["paths"]["/api/conversations"]["get"];
        let documented: Vec<&str> = list["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["name"].as_str())
            .collect();
        let mut a = LIST_PARAMS.to_vec();
        let mut d = documented.clone();
        a.sort_unstable();
        d.sort_unstable();
        assert_eq!(a, d, "documented list parameters");
        for (path, method, statuses) in [
            ("/api/conversations", "get", &["400", "500"][..]),
            ("/api/conversations", "post", &["400", "413", "500"][..]),
            ("/api/conversations/{id}", "get", &["404", "500"][..]),
        ] {
            for status in statuses {
                let r = &doc["paths"][path][method]["responses"][*status];
                assert_eq!(
                    r["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/Error",
                    "{method} {path} {status}"
                );
            }
        }
        assert!(doc["components"]["schemas"]["Error"]["properties"]["error"].is_object());
    }
}
