//! The run's summary: what a QA specialist wants to know before reading any single conversation.

use std::collections::BTreeMap;

use hearback_core::{ScoreResult, Verdict};

/// Counts gathered while results stream past.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub conversations: usize,
    pub passed: usize,
    pub score_sum: f64,
    pub critical_failed: usize,
    /// Conversations no criterion applied to (a review against a call standard): neither passed
    /// nor failed, and kept out of the average.
    pub not_applicable: usize,
    /// Criterion id → (title, failed, applicable), in first-seen order of ids.
    pub criteria: BTreeMap<String, CriterionTally>,
    order: Vec<String>,
}

/// How one criterion fared over the run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CriterionTally {
    pub title: String,
    pub failed: usize,
    pub applicable: usize,
}

impl Summary {
    pub fn add(&mut self, result: &ScoreResult) {
        if result.criteria.iter().all(|c| c.verdict == Verdict::Na) {
            self.not_applicable += 1;
            return;
        }
        self.conversations += 1;
        self.passed += usize::from(result.passed);
        self.score_sum += result.score;
        if result
            .criteria
            .iter()
            .any(|c| c.critical && c.verdict == Verdict::Fail)
        {
            self.critical_failed += 1;
        }
        for c in &result.criteria {
            let tally = self.criteria.entry(c.id.clone()).or_insert_with(|| {
                self.order.push(c.id.clone());
                CriterionTally {
                    title: c.title.clone(),
                    ..CriterionTally::default()
                }
            });
            if c.verdict != Verdict::Na {
                tally.applicable += 1;
            }
            if c.verdict == Verdict::Fail {
                tally.failed += 1;
            }
        }
    }

    pub fn average_score(&self) -> Option<f64> {
        (self.conversations > 0).then(|| self.score_sum / self.conversations as f64)
    }

    /// Criteria that failed at least once, most failed first (ties keep the scorecard's order).
    pub fn most_failed(&self) -> Vec<(&str, &CriterionTally)> {
        let mut v: Vec<(&str, &CriterionTally)> = self
            .order
            .iter()
            .filter_map(|id| self.criteria.get(id).map(|t| (id.as_str(), t)))
            .filter(|(_, t)| t.failed > 0)
            .collect();
        v.sort_by_key(|t| std::cmp::Reverse(t.1.failed));
        v
    }
}
