//! `hearback serve` end to end: the real binary on an ephemeral loopback port, talked to over
//! plain HTTP/1.1 (a few lines of client below, so the tests need no HTTP library).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The server process, killed when the test ends however it ends.
struct Server {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("serve.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearback"))
        .args(["serve", "--bind", "127.0.0.1:0", "--db", &db])
        .args(extra)
        .env_remove("HEARBACK_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    // The server prints the address it bound once it listens.
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .rsplit_once("http://")
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .1
        .to_string();
    Server {
        child,
        addr,
        _dir: dir,
    }
}

/// One request on its own connection; returns the status and the body as JSON.
fn request(server: &Server, method: &str, path: &str, body: Option<&[u8]>) -> (u16, Value) {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    let body = body.unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // A server refusing a body too large may answer and close before reading it all.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    let json = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {body:?}"));
    (status, json)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn samples() -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/json");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    let mut all = Vec::new();
    for path in names {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        match v {
            Value::Array(items) => all.extend(items),
            one => all.push(one),
        }
    }
    all
}

#[test]
fn serve_imports_lists_filters_and_fetches_conversations() {
    let server = start(&[]);
    let samples = samples();
    assert!(samples.len() >= 10);

    // One conversation alone, then all of them as an array: the first is then unchanged.
    let first = serde_json::to_vec(&samples[0]).unwrap();
    let (status, report) = request(&server, "POST", "/api/conversations", Some(&first));
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["new"], 1);
    let all = serde_json::to_vec(&samples).unwrap();
    let (status, report) = request(&server, "POST", "/api/conversations", Some(&all));
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["unchanged"], 1);
    assert_eq!(report["new"].as_u64().unwrap() as usize, samples.len() - 1);
    let (_, again) = request(&server, "POST", "/api/conversations", Some(&all));
    assert_eq!(again["unchanged"].as_u64().unwrap() as usize, samples.len());

    // Everything, newest first, over pages of 4 joined by their cursors.
    let mut ids = Vec::new();
    let mut path = "/api/conversations?limit=4".to_string();
    loop {
        let (status, page) = request(&server, "GET", &path, None);
        assert_eq!(status, 200, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 4);
        ids.extend(items.iter().map(|i| i["id"].as_str().unwrap().to_string()));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/conversations?limit=4&cursor={next}"),
            None => break,
        }
    }
    let mut expected: Vec<String> = samples
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let mut got = ids.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);

    // A filter: the chats, each a chat, as many as the samples hold.
    let (status, page) = request(&server, "GET", "/api/conversations?channel=chat", None);
    assert_eq!(status, 200, "{page}");
    let chats = page["items"].as_array().unwrap();
    let sample_chats = samples.iter().filter(|s| s["channel"] == "chat").count();
    assert!(sample_chats > 0);
    assert_eq!(chats.len(), sample_chats);
    assert!(chats.iter().all(|c| c["channel"] == "chat"));
    assert!(chats.iter().all(|c| c["score"].is_number()), "{page}");

    // One conversation with its latest result.
    let id = chats[0]["id"].as_str().unwrap();
    let (status, detail) = request(&server, "GET", &format!("/api/conversations/{id}"), None);
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["conversation"]["id"], id);
    assert_eq!(detail["result"]["score"], chats[0]["score"]);
    assert!(
        detail["result"]["result"]["criteria"].is_array(),
        "{detail}"
    );

    // Errors a person can act on.
    let (status, error) = request(&server, "GET", "/api/conversations/no-such-call", None);
    assert_eq!(status, 404);
    assert!(error["error"].as_str().unwrap().contains("no-such-call"));
    let (status, error) = request(&server, "GET", "/api/conversations?limit=5000", None);
    assert_eq!(status, 400);
    assert!(
        error["error"].as_str().unwrap().contains("`limit`"),
        "{error}"
    );
    let (status, error) = request(&server, "GET", "/api/conversations?min_score=high", None);
    assert_eq!(status, 400);
    assert!(error["error"].as_str().unwrap().contains("`min_score`"));
    let (status, error) = request(
        &server,
        "POST",
        "/api/conversations",
        Some(b"{\"turns\": 3"),
    );
    assert_eq!(status, 400, "{error}");
    assert!(error["error"].as_str().unwrap().contains("Hearback JSON"));
    let (status, error) = request(&server, "GET", "/api/nothing-here", None);
    assert_eq!(status, 404);
    assert!(error["error"].as_str().unwrap().contains("openapi"));

    let (status, doc) = request(&server, "GET", "/api/openapi.json", None);
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/conversations/{id}"]["get"].is_object());
}

#[test]
fn a_body_over_the_limit_is_refused_with_413() {
    let server = start(&["--max-body-mib", "1"]);
    let big = format!("[{}]", vec!["{\"id\": \"x\"}"; 200_000].join(","));
    assert!(big.len() > 1 << 21);
    let (status, error) = request(&server, "POST", "/api/conversations", Some(big.as_bytes()));
    assert_eq!(status, 413, "{error}");
    assert!(error["error"].as_str().unwrap().contains("smaller batches"));
}
