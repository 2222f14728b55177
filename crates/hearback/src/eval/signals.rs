//! `hearback eval <dataset>` for the learned signals: the protocols live in
//! `hearback_signals::eval` (pure, given the files); this module reads the data folder, adds the
//! project's goals from issue 4, and shapes the rows like every other evaluation.

use std::path::Path;

use anyhow::Context;
use hearback_signals::eval as signals_eval;

use super::{EvalContext, EvalReport, Row, judge};
use crate::train_cmd::DataDir;

/// Issue 4's targets: (dataset, split, metric, least value). A row without one has no goal.
const GOALS: &[(&str, &str, &str, f64)] = &[
    ("stanford-politeness", "wiki-in-domain", "accuracy", 0.8672),
    ("stanford-politeness", "se-in-domain", "accuracy", 0.8089),
    ("stanford-politeness", "wiki-to-se", "accuracy", 0.6754),
    ("stanford-politeness", "se-to-wiki", "accuracy", 0.7544),
    ("ru-toxic-2ch-pikabu", "test", "f1-toxic", 0.922),
    ("en-olid-offenseval2019", "test-level-a", "macro-f1", 0.829),
    ("xed-emotion", "hu", "macro-f1", 0.60),
    ("xed-emotion", "ru", "macro-f1", 0.60),
];

fn goal(dataset: &str, split: &str, metric: &str) -> Option<f64> {
    GOALS
        .iter()
        .find(|(d, s, m, _)| *d == dataset && *s == split && *m == metric)
        .map(|g| g.3)
}

/// Runs the named protocol over the data root (the parent of the dataset's folder).
fn run(name: &str, ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    let folder = ctx
        .data
        .as_deref()
        .context("a dataset evaluation needs its data folder")?;
    let root = folder.parent().unwrap_or(Path::new("."));
    let data = DataDir(root.to_path_buf());
    let mut progress = |m: &str| eprintln!("hearback eval: {m}");
    let r = signals_eval::run(name, &data, &mut progress)?;
    let rows = r
        .rows
        .into_iter()
        .map(|row| Row {
            goal: goal(&r.dataset, &row.split, &row.metric),
            metric: row.metric,
            split: row.split,
            ours: Some(row.ours),
            paper: row.paper,
            paper_source: Some(row.paper_source),
            counts: None,
        })
        .collect();
    let mut report = EvalReport {
        dataset: r.dataset,
        protocol: r.protocol,
        rows,
        passed: false,
        below_goal: Vec::new(),
        failures: Vec::new(),
        problems: Vec::new(),
    };
    judge(&mut report);
    Ok(report)
}

pub fn stanford_politeness(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    run("stanford-politeness", ctx)
}
pub fn ru_toxic(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    run("ru-toxic-2ch-pikabu", ctx)
}
pub fn olid(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    run("en-olid-offenseval2019", ctx)
}
pub fn xed(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    run("xed-emotion", ctx)
}
pub fn sentirueval(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    run("ru-sentirueval-2015", ctx)
}
pub fn husst(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    run("hu-husst", ctx)
}
pub fn davidson(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    run("en-davidson-hate-offensive", ctx)
}
pub fn cedr(ctx: &EvalContext) -> anyhow::Result<EvalReport> {
    run("ru-cedr-emotion", ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_goal_names_a_registered_signal_evaluation() {
        for (d, _, _, g) in GOALS {
            assert!(
                signals_eval::EVALS.iter().any(|(n, _)| n == d),
                "{d} has a goal but no evaluation"
            );
            assert!(
                super::super::EVALUATIONS.iter().any(|e| e.name == *d),
                "{d} is not registered"
            );
            assert!((0.0..=1.0).contains(g));
        }
    }
}
