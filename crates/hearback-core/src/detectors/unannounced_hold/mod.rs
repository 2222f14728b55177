//! `unannounced-hold`: a silence of 20 seconds or more that the agent did not announce.
#![doc = include_str!("README.md")]

use std::sync::LazyLock;

use crate::analysis::Analysis;
use crate::conversation::Speaker;
use crate::detectors::hold_announced::announces_pause;
use crate::detectors::{Detector, Evidence, Finding};
use crate::text::phrase_list::PhraseList;
use crate::timing::{HOLD_SECONDS, silences};

const ID: &str = "unannounced-hold";

/// What a customer says when left in silence («алло, вы тут?», "halló, ott van még?", "hello, are
/// you still there?"): a silence broken by one of these was the agent's, whoever spoke last.
static CHECK_INS: LazyLock<PhraseList> = LazyLock::new(|| {
    PhraseList::parse(
        "алло\nвы тут\nвы здесь\nвы еще тут\nвы еще здесь\nвы меня слышите\nэй\nау\nhallo\nhalló\n\
         ott van\nitt van még\nhall engem\nhello\nhallo\nare you there\nare you still there\n\
         you still there\nanyone there\nis anyone there\ncan you hear me\n",
    )
});

#[derive(Debug, Clone, Copy)]
pub struct UnannouncedHold;

impl Detector for UnannouncedHold {
    fn id(&self) -> &'static str {
        ID
    }

    fn explain(&self) -> &'static str {
        "A silence of 20 s or more that the agent did not announce («одну минуту», \"let me check\"): a customer left in silence does not know whether anyone is still there."
    }

    fn readme(&self) -> &'static str {
        include_str!("README.md")
    }

    fn detect(&self, analysis: &Analysis<'_>, out: &mut Vec<Finding>) {
        let conv = analysis.conversation;
        for s in silences(conv, HOLD_SECONDS) {
            let Some(breaker) = conv.turns.get(s.before_turn) else {
                continue;
            };
            // The silence is the agent's when the agent breaks it, or when the customer breaks it
            // only to check the line; a customer who went to fetch a card number is not on hold.
            let agents = match breaker.speaker {
                Speaker::Agent => true,
                Speaker::Customer => analysis.turns.get(s.before_turn).is_some_and(|ta| {
                    let tokens = &ta.tokens;
                    CHECK_INS
                        .find_iter(tokens, 0, tokens.len().min(4))
                        .next()
                        .is_some()
                }),
                Speaker::System | Speaker::Unknown => false,
            };
            if !agents {
                continue;
            }
            // The agent's last turn before the silence is where the announcement belongs.
            let Some(last_agent) = (0..s.before_turn).rev().find(|&i| {
                conv.turns[i].speaker == Speaker::Agent
                    && conv.turns[i].start.is_some_and(|st| st <= s.start)
            }) else {
                continue;
            };
            if analysis
                .turns
                .get(last_agent)
                .is_some_and(|ta| announces_pause(&ta.tokens))
            {
                continue;
            }
            let Some(ev) = Evidence::turn(analysis, last_agent) else {
                continue;
            };
            out.push(Finding {
                detector: ID,
                note: format!(
                    "{:.0} s of silence from {:.1} s to {:.1} s after the agent's turn {}, with no hold announced",
                    s.duration,
                    s.start,
                    s.end,
                    last_agent + 1
                ),
                confidence: 0.8,
                evidence: vec![ev],
            });
        }
    }
}
