//! `interruption`: the agent starts talking while the customer is still speaking.
#![doc = include_str!("README.md")]

use crate::analysis::Analysis;
use crate::detectors::{Detector, Evidence, Finding};
use crate::timing::{DEFAULT_MIN_OVERLAP, interruptions};

const ID: &str = "interruption";

#[derive(Debug, Clone, Copy)]
pub struct Interruption;

impl Detector for Interruption {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "The agent starts talking while the customer is still speaking, by more than half a second and not with a mere «угу» or \"mm-hm\": a customer who is cut off feels unheard."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    /// Reads the timing facts (`crate::timing`), so the scorecard's `timing` object and this
    /// detector never disagree about what an interruption is.
    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        for i in interruptions(analysis, DEFAULT_MIN_OVERLAP) {
            let Some(ev) = Evidence::turn(analysis, i.turn) else {
                continue;
            };
            out.push(Finding {
                detector: ID,
                note: format!(
                    "the agent started at {:.1} s while the customer was still speaking (turn {}), talking over them for {:.1} s",
                    i.start,
                    i.interrupted_turn + 1,
                    i.overlap
                ),
                confidence: 0.9,
                evidence: vec![ev],
            });
        }
    }
}
