//! Each customer's conversations taken together: who came back because the matter was not
//! solved, and who is at risk of leaving.
//!
//! A single conversation can end politely and still fail the customer; the proof is that they
//! come back («третий раз звоню»). And a customer who left a conversation silently dissatisfied,
//! or threatened to leave or complain, is at risk until a later contact goes well. These are the
//! lists a supervisor acts on: call them back before they churn.
//!
//! Pure: the caller gives each conversation's experience ([`crate::experience`]) and findings.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::conversation::{Channel, Conversation};
use crate::detectors::{Evidence, Finding};
use crate::experience::{Experience, Resolution};
use crate::identity;
use crate::ledger::{Initiator, initiator};

/// One conversation as a customer's journey sees it.
#[derive(Debug, Clone)]
pub struct Visit {
    pub conversation_id: String,
    pub channel: Channel,
    pub started_at: Option<DateTime<FixedOffset>>,
    pub customer_keys: Vec<String>,
    /// The customer's name, when this conversation gives it.
    pub customer_label: Option<String>,
    pub initiator: Option<Initiator>,
    pub dissatisfaction: f64,
    pub silent_dissatisfaction: bool,
    pub resolution: Resolution,
    /// Churn and escalation threats, with their evidence.
    pub threats: Vec<(&'static str, Option<Evidence>)>,
}

impl Visit {
    pub fn of(conversation: &Conversation, experience: &Experience, findings: &[Finding]) -> Visit {
        let customer = conversation.customer.as_ref();
        let customer_keys = customer.map(identity::keys).unwrap_or_default();
        Visit {
            conversation_id: conversation.id.clone(),
            channel: conversation.channel,
            started_at: conversation.started_at,
            customer_label: identity::label(customer, &[]),
            customer_keys,
            initiator: initiator(conversation),
            dissatisfaction: experience.dissatisfaction,
            silent_dissatisfaction: experience.silent_dissatisfaction,
            resolution: experience.resolution,
            threats: findings
                .iter()
                .filter_map(|f| match f.detector {
                    "churn-threat" => Some(("churn_threat", f.evidence.first().cloned())),
                    "escalation-threat" => Some(("escalation_threat", f.evidence.first().cloned())),
                    _ => None,
                })
                .collect(),
        }
    }

    /// A contact that went well: resolved, or clearly not dissatisfied, and no threat.
    fn went_well(&self) -> bool {
        self.threats.is_empty()
            && (self.resolution == Resolution::Resolved || self.dissatisfaction < 0.3)
    }
}

/// How journeys are read.
#[derive(Debug, Clone, Copy)]
pub struct JourneyOptions {
    /// A customer contacting again within this many days means the matter was not solved.
    pub repeat_within_days: i64,
}

impl Default for JourneyOptions {
    fn default() -> Self {
        JourneyOptions {
            repeat_within_days: 7,
        }
    }
}

/// The customer came back: `again` followed `first` within the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeat {
    pub first: String,
    pub again: String,
    pub days: f64,
}

/// Why a customer is at risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    /// `silent_dissatisfaction`, `churn_threat` or `escalation_threat`.
    pub kind: &'static str,
    pub conversation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// One customer's conversations taken together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Journey {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The identifiers the conversations were joined by.
    pub keys: Vec<String>,
    /// Conversation ids, oldest first.
    pub conversations: Vec<String>,
    #[serde(serialize_with = "crate::promises::rfc3339")]
    pub last_contact: Option<DateTime<FixedOffset>>,
    /// Contacts the customer started within the window after an earlier one.
    pub repeat_contacts: Vec<Repeat>,
    /// At risk: a silent dissatisfaction or a threat with no contact that went well after it.
    pub at_risk: bool,
    pub risks: Vec<Risk>,
}

/// Every identified customer's journey: those at risk first, then by how often they came
/// back, then the most recent. Conversations with no customer identifier are left out: they
/// cannot be joined to anything.
pub fn journeys(visits: &[Visit], options: &JourneyOptions) -> Vec<Journey> {
    let groups = identity::group(visits.iter().map(|v| v.customer_keys.as_slice()));
    let mut members: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, g) in groups.iter().enumerate() {
        if let Some(g) = g {
            members.entry(*g).or_default().push(i);
        }
    }
    let mut out: Vec<Journey> = members
        .into_values()
        .map(|mut idx| {
            idx.sort_by_key(|&i| (visits[i].started_at, i));
            journey(
                &idx.iter().map(|&i| &visits[i]).collect::<Vec<_>>(),
                options,
            )
        })
        .collect();
    out.sort_by(|a, b| {
        b.at_risk
            .cmp(&a.at_risk)
            .then(b.repeat_contacts.len().cmp(&a.repeat_contacts.len()))
            .then(b.last_contact.cmp(&a.last_contact))
    });
    out
}

fn journey(visits: &[&Visit], options: &JourneyOptions) -> Journey {
    let mut keys: Vec<String> = visits
        .iter()
        .flat_map(|v| v.customer_keys.iter().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    let mut repeat_contacts = Vec::new();
    for pair in visits.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (Some(ta), Some(tb)) = (a.started_at, b.started_at) else {
            continue;
        };
        let days = (tb - ta).num_seconds() as f64 / 86_400.0;
        if b.initiator != Some(Initiator::Business) && days <= options.repeat_within_days as f64 {
            repeat_contacts.push(Repeat {
                first: a.conversation_id.clone(),
                again: b.conversation_id.clone(),
                days: (days * 10.0).round() / 10.0,
            });
        }
    }
    // Risks not followed by a contact that went well.
    let mut risks = Vec::new();
    for (k, v) in visits.iter().enumerate() {
        if visits[k + 1..].iter().any(|later| later.went_well()) {
            continue;
        }
        if v.silent_dissatisfaction {
            risks.push(Risk {
                kind: "silent_dissatisfaction",
                conversation_id: v.conversation_id.clone(),
                evidence: None,
            });
        }
        for (kind, evidence) in &v.threats {
            risks.push(Risk {
                kind,
                conversation_id: v.conversation_id.clone(),
                evidence: evidence.clone(),
            });
        }
    }
    Journey {
        // The latest name any conversation gives, else the strongest identifier.
        customer: visits
            .iter()
            .rev()
            .find_map(|v| v.customer_label.clone())
            .or_else(|| {
                let first = visits
                    .iter()
                    .flat_map(|v| v.customer_keys.first())
                    .min_by_key(|k| {
                        ["id:", "phone:", "email:"]
                            .iter()
                            .position(|p| k.starts_with(p))
                    })?;
                identity::label(None, std::slice::from_ref(first))
            }),
        keys,
        conversations: visits.iter().map(|v| v.conversation_id.clone()).collect(),
        last_contact: visits.iter().filter_map(|v| v.started_at).max(),
        repeat_contacts,
        at_risk: !risks.is_empty(),
        risks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(id: &str, at: &str, keys: &[&str]) -> Visit {
        Visit {
            conversation_id: id.into(),
            channel: Channel::Call,
            started_at: Some(DateTime::parse_from_rfc3339(at).unwrap()),
            customer_keys: keys.iter().map(|k| k.to_string()).collect(),
            customer_label: Some("Ольга".into()),
            initiator: Some(Initiator::Customer),
            dissatisfaction: 0.2,
            silent_dissatisfaction: false,
            resolution: Resolution::Unclear,
            threats: Vec::new(),
        }
    }

    #[test]
    fn coming_back_within_a_week_is_a_repeat_contact() {
        let mut call_back = visit("c3", "2026-11-20T10:00:00+03:00", &["id:1"]);
        call_back.initiator = Some(Initiator::Business);
        let visits = [
            visit("c1", "2026-11-10T10:00:00+03:00", &["id:1"]),
            visit(
                "c2",
                "2026-11-13T10:00:00+03:00",
                &["phone:9123456789", "id:1"],
            ),
            call_back,
            visit("c4", "2026-11-29T10:00:00+03:00", &["phone:9123456789"]),
            visit("other", "2026-11-11T10:00:00+03:00", &["id:2"]),
        ];
        let j = journeys(&visits, &JourneyOptions::default());
        assert_eq!(j.len(), 2);
        let olga = j.iter().find(|j| j.conversations.len() == 4).unwrap();
        // c2 three days after c1; the business's own call c3 is no repeat; c4 is nine days on.
        assert_eq!(
            olga.repeat_contacts,
            vec![Repeat {
                first: "c1".into(),
                again: "c2".into(),
                days: 3.0
            }]
        );
        assert!(!olga.at_risk);
    }

    #[test]
    fn a_silent_or_threatening_customer_is_at_risk_until_a_good_contact() {
        let mut silent = visit("c1", "2026-11-10T10:00:00+03:00", &["id:1"]);
        silent.silent_dissatisfaction = true;
        silent.dissatisfaction = 0.8;
        let j = journeys(std::slice::from_ref(&silent), &JourneyOptions::default());
        assert!(j[0].at_risk);
        assert_eq!(j[0].risks[0].kind, "silent_dissatisfaction");

        let mut fine = visit("c2", "2026-11-12T10:00:00+03:00", &["id:1"]);
        fine.resolution = Resolution::Resolved;
        let j = journeys(&[silent.clone(), fine], &JourneyOptions::default());
        assert!(!j[0].at_risk, "{j:#?}");

        let mut threat = visit("c3", "2026-11-14T10:00:00+03:00", &["id:1"]);
        threat.threats.push(("churn_threat", None));
        threat.dissatisfaction = 0.9;
        let j = journeys(&[silent, threat], &JourneyOptions::default());
        assert!(j[0].at_risk);
        let kinds: Vec<&str> = j[0].risks.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, ["silent_dissatisfaction", "churn_threat"]);
    }

    #[test]
    fn the_customers_at_risk_come_first() {
        let mut risky = visit("r", "2026-11-01T10:00:00+03:00", &["id:9"]);
        risky.silent_dissatisfaction = true;
        let visits = [visit("ok", "2026-11-20T10:00:00+03:00", &["id:1"]), risky];
        let j = journeys(&visits, &JourneyOptions::default());
        assert!(j[0].at_risk && !j[1].at_risk);
    }
}
