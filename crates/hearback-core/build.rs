//! Embeds every detector fixture (`src/detectors/<name>/fixtures/<lang>/*.txt`) and every
//! experience fixture (`src/experience/fixtures/<lang>/*.txt`) into the crate, so the fixture
//! tests and `hearback eval fixtures` run anywhere without the core touching the file system at
//! run time.
#![expect(
    clippy::disallowed_methods,
    reason = "the core's purity is about run time; a build script reads files by nature"
)]

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new("src/detectors");
    println!("cargo::rerun-if-changed=src/detectors");
    let mut entries = Vec::new();
    if let Ok(detectors) = fs::read_dir(root) {
        for d in detectors.flatten() {
            let fixtures = d.path().join("fixtures");
            let Ok(langs) = fs::read_dir(&fixtures) else {
                continue;
            };
            for l in langs.flatten() {
                let Ok(files) = fs::read_dir(l.path()) else {
                    continue;
                };
                for f in files.flatten() {
                    let p = f.path();
                    if p.extension().is_some_and(|e| e == "txt") {
                        entries.push((
                            // The folder is the id with `-` as `_` (a Rust module name).
                            d.file_name().to_string_lossy().replace('_', "-"),
                            l.file_name().to_string_lossy().into_owned(),
                            f.file_name().to_string_lossy().into_owned(),
                            p.canonicalize().unwrap_or(p),
                        ));
                    }
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from(
        "/// Every detector fixture, embedded at build time.\npub const FIXTURE_FILES: &[FixtureFile] = &[\n",
    );
    for (detector, lang, name, path) in &entries {
        let _ = writeln!(
            out,
            "    FixtureFile {{ detector: {detector:?}, lang: {lang:?}, name: {name:?}, text: include_str!({:?}) }},",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let out_dir = env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let dest = Path::new(&out_dir).join("fixtures.rs");
    if let Err(e) = fs::write(&dest, out) {
        println!("cargo::error=could not write {}: {e}", dest.display());
    }
    experience(Path::new(&out_dir));
}

/// `src/experience/fixtures/<lang>/*.txt` → `EXPERIENCE_FILES`.
fn experience(out_dir: &Path) {
    let root = Path::new("src/experience/fixtures");
    println!("cargo::rerun-if-changed=src/experience/fixtures");
    let mut entries = Vec::new();
    if let Ok(langs) = fs::read_dir(root) {
        for l in langs.flatten() {
            let Ok(files) = fs::read_dir(l.path()) else {
                continue;
            };
            for f in files.flatten() {
                let p = f.path();
                if p.extension().is_some_and(|e| e == "txt") {
                    entries.push((
                        l.file_name().to_string_lossy().into_owned(),
                        f.file_name().to_string_lossy().into_owned(),
                        p.canonicalize().unwrap_or(p),
                    ));
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from(
        "/// Every experience fixture, embedded at build time.\npub const EXPERIENCE_FILES: &[ExperienceFile] = &[\n",
    );
    for (lang, name, path) in &entries {
        let _ = writeln!(
            out,
            "    ExperienceFile {{ lang: {lang:?}, name: {name:?}, text: include_str!({:?}) }},",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = out_dir.join("experience_fixtures.rs");
    if let Err(e) = fs::write(&dest, out) {
        println!("cargo::error=could not write {}: {e}", dest.display());
    }
}
