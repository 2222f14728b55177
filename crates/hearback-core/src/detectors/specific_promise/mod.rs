//! `specific-promise`: the agent commits to doing something by a concrete time («перезвоню завтра
//! до 12:00», "holnap délig visszahívom", "we'll send it within 24 hours").
#![doc = include_str!("README.md")]

use crate::analysis::Analysis;
use crate::detectors::vague_promise::commitments;
use crate::detectors::{Detector, Finding};

const ID: &str = "specific-promise";

#[derive(Debug, Clone, Copy)]
pub struct SpecificPromise;

impl Detector for SpecificPromise {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "The agent promises to do something by a concrete time («перезвоню завтра до 12:00», \"egy órán belül visszahívom\", \"by 3 pm tomorrow\"): a deadline the customer can hold the business to."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        for c in commitments(analysis) {
            if !c.is_specific() {
                continue;
            }
            let evidence = c.evidence(analysis);
            let Some(first) = evidence.first() else {
                continue;
            };
            out.push(Finding {
                detector: ID,
                note: format!(
                    "the agent made a commitment with a concrete time: «{}» (turn {})",
                    first.quote,
                    c.turn + 1
                ),
                confidence: 0.8,
                evidence,
            });
        }
    }
}
