//! What the benchmarks share: the bundled samples, read by the importers themselves.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use hearback_core::Conversation;
use hearback_formats::{Item, ReadOptions, read};

fn sample_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            sample_files(&p, out);
        } else if p.extension().is_some_and(|e| e != "md") {
            out.push(p);
        }
    }
}

/// Every conversation under `samples/`, in every format, in file order.
pub fn sample_conversations() -> Vec<Conversation> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let mut files = Vec::new();
    sample_files(&root, &mut files);
    let mut conversations = Vec::new();
    for f in files {
        let Ok(file) = std::fs::File::open(&f) else {
            continue;
        };
        read(
            &f.display().to_string(),
            &mut BufReader::new(file),
            &ReadOptions::default(),
            &mut |item| {
                if let Item::Conversation(c) = item {
                    conversations.push(*c);
                }
            },
        );
    }
    conversations
}
