//! `hearback eval uss-dialogue`: the customer's dissatisfaction (`hearback_core::experience`)
//! against the USS dialogue-level ratings (Sun et al., SIGIR 2021).
//!
//! Every dialogue of SGD, MultiWOZ, ReDial and CCPE ends with a USER row "OVERALL" carrying
//! 3–7 annotators' 1–5 rating of the whole dialogue. The label is the rating most annotators
//! gave (ties to the lower, as the paper's code does); "dissatisfied" is a rating ≤ 2, as in
//! the paper's F1. Each dialogue runs through the whole pipeline (USER = customer, SYSTEM =
//! agent, English), and the dissatisfaction probability is compared with the label: Spearman's
//! rho of predicted satisfaction (1 − P) against the rating, the area under the ROC curve for
//! "dissatisfied", and F1 of P ≥ 0.5 with the paper's formula 2PR / max(P + R, 1).
//!
//! Nothing is trained on these dialogues: the experience formula is fixed, so the whole set is
//! a test set. The paper's figures are turn-level (every user row, the history before it,
//! 10-fold cross-validation) and are shown for scale only: not the same task.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use hearback_core::{AnalyseOptions, Conversation, Lang, Speaker, Turn, analyse, detectors};

use super::{Counts, EvalContext, EvalReport, Row, judge};

const PROTOCOL: &str = "each USS dialogue (USER = customer, SYSTEM = agent, English) through the \
whole pipeline; label = the OVERALL row's majority rating (ties to the lower); dissatisfied = \
rating <= 2. rho = Spearman (average ranks) of 1 - P(dissatisfied) against the rating; AUC of \
P(dissatisfied) for the dissatisfied class; F1 of P >= 0.5 as the paper computes it, \
2PR/max(P+R,1). Nothing is fitted on USS. The paper's figures are turn-level (every user row, \
10-fold CV, best epoch per metric): shown for scale, not the same task.";

/// The paper's BERT row (rho, F1) per dataset: turn-level, for scale.
const PAPER_BERT: [(&str, f64, f64); 4] = [
    ("SGD", 0.477, 0.048),
    ("MWOZ", 0.823, 0.224),
    ("ReDial", 0.390, 0.125),
    ("CCPE", 0.891, 0.245),
];

/// One rated dialogue.
struct Dialogue {
    conversation: Conversation,
    rating: u8,
}

/// The majority of the annotators' votes, ties to the lower rating.
fn majority(votes: &str) -> Option<u8> {
    let mut counts = [0usize; 6];
    for v in votes.split(',') {
        let r: usize = v.trim().parse().ok()?;
        *counts.get_mut(r)? += 1;
    }
    let best = *counts.iter().max()?;
    (best > 0)
        .then(|| counts.iter().position(|&c| c == best))?
        .map(|r| r as u8)
}

fn read(path: &Path, set: &str) -> anyhow::Result<(Vec<Dialogue>, Vec<String>)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    let mut dialogues = Vec::new();
    let mut problems = Vec::new();
    let mut turns = Vec::new();
    let mut first_line = 0;
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        if turns.is_empty() {
            first_line = n;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(role), Some(utterance)) = (cols.first(), cols.get(1)) else {
            problems.push(format!("{}:{n}: not a tab-separated row", path.display()));
            continue;
        };
        if *role == "USER" && *utterance == "OVERALL" {
            match cols.get(3).and_then(|v| majority(v)) {
                Some(rating) => dialogues.push(Dialogue {
                    conversation: Conversation {
                        id: format!("{set}:{first_line}"),
                        language: Some(Lang::En),
                        turns: std::mem::take(&mut turns),
                        ..Conversation::default()
                    },
                    rating,
                }),
                None => {
                    problems.push(format!(
                        "{}:{n}: the OVERALL row has no usable ratings",
                        path.display()
                    ));
                    turns.clear();
                }
            }
            continue;
        }
        let speaker = match *role {
            "USER" => Speaker::Customer,
            "SYSTEM" => Speaker::Agent,
            other => {
                problems.push(format!("{}:{n}: unknown role `{other}`", path.display()));
                continue;
            }
        };
        turns.push(Turn::new(speaker, *utterance));
    }
    Ok((dialogues, problems))
}

/// Average ranks (ties share the mean of their positions).
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt())
}

/// Area under the ROC curve: the chance a dissatisfied dialogue scores above a satisfied one.
fn auc(scores: &[f64], positive: &[bool]) -> Option<f64> {
    let r = ranks(scores);
    let pos = positive.iter().filter(|p| **p).count() as f64;
    let neg = positive.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return None;
    }
    let sum: f64 = r
        .iter()
        .zip(positive)
        .filter(|(_, p)| **p)
        .map(|(r, _)| r)
        .sum();
    Some((sum - pos * (pos + 1.0) / 2.0) / (pos * neg))
}

/// What one dialogue gave.
struct Outcome {
    p: f64,
    silent: bool,
    rating: u8,
}

fn rows_for(split: &str, o: &[Outcome], paper: Option<(f64, f64)>) -> Vec<Row> {
    let dissatisfied: Vec<bool> = o.iter().map(|x| x.rating <= 2).collect();
    let p: Vec<f64> = o.iter().map(|x| x.p).collect();
    let satisfaction: Vec<f64> = p.iter().map(|x| 1.0 - x).collect();
    let rating: Vec<f64> = o.iter().map(|x| f64::from(x.rating)).collect();
    let mut c = Counts {
        examples: o.len(),
        ..Counts::default()
    };
    for (x, d) in o.iter().zip(&dissatisfied) {
        match (x.p >= 0.5, *d) {
            (true, true) => c.tp += 1,
            (true, false) => c.fp += 1,
            (false, true) => c.fn_ += 1,
            (false, false) => c.tn += 1,
        }
    }
    let precision = (c.tp + c.fp > 0).then(|| c.tp as f64 / (c.tp + c.fp) as f64);
    let recall = (c.tp + c.fn_ > 0).then(|| c.tp as f64 / (c.tp + c.fn_) as f64);
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) => Some(2.0 * p * r / (p + r).max(1.0)),
        (None, Some(_)) => Some(0.0),
        _ => None,
    };
    let silent = o.iter().filter(|x| x.rating <= 2 && x.silent).count() as f64;
    let caught = c.tp as f64;
    let source = |m: &str| {
        paper.map(|_| format!("Sun et al. 2021, BERT, turn-level {m} (not the same task)"))
    };
    vec![
        Row {
            metric: "rho".into(),
            split: split.into(),
            ours: spearman(&satisfaction, &rating),
            paper: paper.map(|(rho, _)| rho),
            paper_source: source("Rho"),
            goal: None,
            counts: None,
        },
        Row {
            metric: "auc-dissatisfied".into(),
            split: split.into(),
            ours: auc(&p, &dissatisfied),
            paper: None,
            paper_source: None,
            goal: None,
            counts: None,
        },
        Row {
            metric: "f1-dissatisfied".into(),
            split: split.into(),
            ours: f1,
            paper: paper.map(|(_, f1)| f1),
            paper_source: source("F1"),
            goal: None,
            counts: Some(c),
        },
        Row {
            metric: "silent-share-of-caught".into(),
            split: split.into(),
            ours: (caught > 0.0).then(|| silent / caught),
            paper: None,
            paper_source: None,
            goal: None,
            counts: None,
        },
    ]
}

pub fn run(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    let dir = ctx
        .data
        .as_deref()
        .context("uss-dialogue needs the uss-user-satisfaction folder")?;
    let options = AnalyseOptions {
        language: Some(Lang::En),
        ..AnalyseOptions::default()
    };
    let mut all = Vec::new();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut by_set: BTreeMap<&str, Vec<Outcome>> = BTreeMap::new();
    for (set, rho, f1) in PAPER_BERT {
        let path = dir.join(format!("{set}.txt"));
        let (dialogues, mut bad) = read(&path, set)?;
        problems.append(&mut bad);
        let outcomes = by_set.entry(set).or_default();
        for d in &dialogues {
            let mut analysis = analyse(&d.conversation, &options);
            crate::score_cmd::feel(&mut analysis);
            let findings = detectors::detect_all(&analysis);
            let e = hearback_core::experience::assess(&analysis, &findings);
            outcomes.push(Outcome {
                p: e.dissatisfaction,
                silent: e.silent_dissatisfaction,
                rating: d.rating,
            });
        }
        rows.extend(rows_for(set, outcomes, Some((rho, f1))));
    }
    for o in by_set.into_values() {
        all.extend(o);
    }
    rows.extend(rows_for("all", &all, None));
    let mut report = EvalReport {
        dataset: "uss-user-satisfaction".into(),
        protocol: PROTOCOL.into(),
        rows,
        passed: true,
        below_goal: Vec::new(),
        failures: Vec::new(),
        problems,
    };
    judge(&mut report);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_majority_vote_breaks_ties_downwards() {
        assert_eq!(majority("3,3,2"), Some(3));
        assert_eq!(majority("2,3,3,2"), Some(2));
        assert_eq!(majority("5"), Some(5));
        assert_eq!(majority("x"), None);
        assert_eq!(majority("9"), None);
    }

    #[test]
    fn ranks_spearman_and_auc_on_small_cases() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
        let rho = spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]).unwrap();
        assert!((rho - 1.0).abs() < 1e-12);
        assert_eq!(auc(&[0.9, 0.1, 0.5], &[true, false, false]), Some(1.0));
        assert_eq!(auc(&[0.1, 0.9], &[true, false]), Some(0.0));
        assert_eq!(auc(&[0.5, 0.5], &[true, false]), Some(0.5));
        assert_eq!(auc(&[0.5], &[true]), None);
    }

    #[test]
    fn a_dialogue_ends_at_its_overall_row() {
        let dir = std::env::temp_dir().join("hearback-uss-test");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("SGD.txt");
        std::fs::write(
            &path,
            "\nUSER\tI need a table for two.\t\t3,3,3\nSYSTEM\tWhat time?\t\t\nUSER\tOVERALL\t\t2,2,3\n\nUSER\thi\t\t3\nUSER\tOVERALL\t\t4,4\n",
        )
        .unwrap();
        let (d, problems) = read(&path, "SGD").unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].rating, d[0].conversation.turns.len()), (2, 2));
        assert_eq!(d[0].conversation.turns[1].speaker, Speaker::Agent);
        assert_eq!(d[1].conversation.id, "SGD:6");
    }
}
