//! The detector registry and every detector's fixtures.

use std::collections::BTreeMap;

use hearback_core::Lang;
use hearback_core::detectors::{self, fixture};

const README_SECTIONS: [&str; 4] = [
    "## What it finds",
    "## Why it matters",
    "## Examples",
    "## Known limits",
];
const MIN_FILES: usize = 15;

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[test]
fn every_detector_has_a_unique_kebab_id_a_readme_and_enough_fixtures_in_each_language() {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // (detector, lang) → (positive files, negative files)
    let mut counts: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for f in fixture::FIXTURE_FILES {
        match fixture::parse(f.text) {
            Ok(parsed) => {
                let entry = counts.entry((f.detector, f.lang)).or_default();
                if parsed.expected.iter().any(|e| e.detector == f.detector) {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
            }
            Err(e) => problems.push(format!("{}/{}/{}: {e}", f.detector, f.lang, f.name)),
        }
    }
    for d in detectors::ALL {
        let id = d.id();
        if !is_kebab(id) {
            problems.push(format!("`{id}` is not a kebab-case id"));
        }
        if !seen.insert(id) {
            problems.push(format!("`{id}` is registered twice"));
        }
        if d.explain().trim().is_empty() {
            problems.push(format!("`{id}` has no explanation"));
        }
        for section in README_SECTIONS {
            if !d.readme().contains(section) {
                problems.push(format!("`{id}`'s README lacks `{section}`"));
            }
        }
        for lang in Lang::SUPPORTED {
            let (pos, neg) = counts.get(&(id, lang.code())).copied().unwrap_or_default();
            if pos < MIN_FILES || neg < MIN_FILES {
                problems.push(format!(
                    "`{id}` has {pos} positive and {neg} negative {lang} fixtures; at least {MIN_FILES} of each are needed"
                ));
            }
        }
    }
    for (detector, _) in counts.keys() {
        if detectors::by_id(detector).is_none() {
            problems.push(format!(
                "fixtures for `{detector}`, which is not in detectors::ALL"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_fixture_holds() {
    let mut failures = Vec::new();
    for f in fixture::FIXTURE_FILES {
        let Some(detector) = detectors::by_id(f.detector) else {
            continue; // reported by the registry test
        };
        let Ok(parsed) = fixture::parse(f.text) else {
            continue; // reported by the registry test
        };
        let outcome = fixture::evaluate(detector, &parsed, Lang::parse(f.lang));
        if !outcome.holds() {
            failures.push(format!(
                "{}/{}/{}:\n  {}",
                f.detector,
                f.lang,
                f.name,
                outcome.explain(&parsed).join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
