//! The promise ledger: every commitment an agent made, and whether the business kept it.
//!
//! "The realtor had to call me and didn't — I called him myself days later" (seed 001). A
//! promise is **kept** when the business contacts the same customer again — a call, an e-mail,
//! a chat message started by the business — after the conversation it was made in and no later
//! than its due time; **kept late** when that contact came after the due time; **overdue** when
//! the due time has passed and no such contact exists; **pending** while the due time is still
//! ahead. A contact the *customer* started does not keep a promise: it is listed as the customer
//! chasing it, which is exactly the experience the standard exists to prevent.
//!
//! Why "contact", not "the promised action": conversations show that the business came back,
//! not that a contract was really sent. Coming back in time is what the customer notices.
//!
//! Vague promises («скоро», "hamarosan", "someone will contact you") have no due time of their
//! own; the ledger holds them to an implied one — the end of the business day a few working days
//! later ([`LedgerOptions::vague_within_working_days`], 3 by default) — and says so
//! (`due_implied`). Without a customer identity or a due time a promise is listed as
//! **unchecked**, with the reason, never silently dropped.
//!
//! Pure: `now` is passed in, and the same conversations always give the same ledger.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveTime};
use serde::Serialize;

use crate::calendar::Calendar;
use crate::conversation::{Channel, Conversation, Speaker};
use crate::detectors::Evidence;
use crate::identity;
use crate::promises::Promise;

/// How the ledger judges promises.
#[derive(Debug, Clone)]
pub struct LedgerOptions {
    /// The moment the ledger is drawn up: due times before it have passed.
    pub now: DateTime<FixedOffset>,
    /// Working days, for the implied due time of vague promises.
    pub calendar: Calendar,
    /// Working days a vague promise has before it counts as broken; `None` leaves vague promises
    /// unchecked.
    pub vague_within_working_days: Option<u32>,
}

impl LedgerOptions {
    pub fn new(now: DateTime<FixedOffset>) -> LedgerOptions {
        LedgerOptions {
            now,
            calendar: Calendar::default(),
            vague_within_working_days: Some(DEFAULT_VAGUE_WORKING_DAYS),
        }
    }
}

/// Working days a vague promise has by default: "soon" that takes longer than three working
/// days is not what the customer understood.
pub const DEFAULT_VAGUE_WORKING_DAYS: u32 = 3;

/// The hour a day's business ends, for implied due times (as in [`crate::promises`]).
const END_OF_BUSINESS_DAY: u32 = 18;

/// Who started a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Initiator {
    Business,
    Customer,
}

/// What the ledger keeps of one conversation: who, when, which way, and the promises made in it.
#[derive(Debug, Clone)]
pub struct Contact {
    pub conversation_id: String,
    pub channel: Channel,
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When the conversation ended, as far as its timestamps say.
    pub ended_at: Option<DateTime<FixedOffset>>,
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    /// The customer's identifiers: `id:…`, `phone:…` (digits), `email:…` (lowercase).
    pub customer_keys: Vec<String>,
    /// How the customer is shown: their name, else their first identifier.
    pub customer_label: Option<String>,
    pub initiator: Option<Initiator>,
    /// The promises with the moment each was made.
    pub promises: Vec<(Promise, Option<DateTime<FixedOffset>>)>,
    /// An e-mail thread's messages (time, sender), in order: a later message of the thread can
    /// keep a promise made in an earlier one.
    pub messages: Vec<(DateTime<FixedOffset>, Speaker)>,
}

impl Contact {
    /// The ledger's view of a conversation and the promises found in it
    /// ([`crate::promises::promises`]).
    pub fn of(conversation: &Conversation, promises: Vec<Promise>) -> Contact {
        let started = conversation.started_at;
        let at_turn = |turn: usize| {
            let t = conversation.turns.get(turn)?;
            t.at.or_else(|| Some(started? + seconds(t.start?)))
                .or(started)
        };
        let ended_at = conversation
            .turns
            .iter()
            .filter_map(|t| {
                t.at.or_else(|| Some(started? + seconds(t.end.or(t.start)?)))
            })
            .max()
            .or(started);
        let customer = conversation.customer.as_ref();
        let customer_keys = customer.map(identity::keys).unwrap_or_default();
        let customer_label = identity::label(customer, &customer_keys);
        Contact {
            conversation_id: conversation.id.clone(),
            channel: conversation.channel,
            started_at: started,
            ended_at,
            agent_id: conversation.agent.as_ref().and_then(|a| a.id.clone()),
            agent_name: conversation.agent.as_ref().and_then(|a| a.name.clone()),
            customer_keys,
            customer_label,
            initiator: initiator(conversation),
            messages: if conversation.channel == Channel::Email {
                conversation
                    .turns
                    .iter()
                    .filter(|t| t.speaker != Speaker::System)
                    .filter_map(|t| Some((t.at?, t.speaker)))
                    .collect()
            } else {
                Vec::new()
            },
            promises: promises
                .into_iter()
                .map(|p| {
                    let at = at_turn(p.turn);
                    (p, at)
                })
                .collect(),
        }
    }
}

fn seconds(s: f64) -> Duration {
    Duration::milliseconds((s.max(0.0) * 1000.0) as i64)
}

/// Who started the conversation: the source's own word (`meta.direction`: inbound/outbound,
/// or `meta.initiated_by`), else the shape of the conversation. A call the customer speaks
/// first in is one the business made (the customer picked up: «Алло?», "Hello?"); an agent who
/// opens with "I'm calling…", «звоню…», «…hívom» made the call too; any other call came in.
/// A chat or e-mail is started by whoever wrote first. Reviews are the customer's.
pub fn initiator(conversation: &Conversation) -> Option<Initiator> {
    for key in [
        "direction",
        "call_direction",
        "initiated_by",
        "initiator",
        "initiation_method",
    ] {
        let Some(value) = conversation.meta.get(key).and_then(|v| v.as_str()) else {
            continue;
        };
        match value.trim().to_lowercase().as_str() {
            "outbound" | "outgoing" | "out" | "business" | "agent" | "callback" | "исходящий"
            | "kimenő" => return Some(Initiator::Business),
            "inbound" | "incoming" | "in" | "customer" | "client" | "входящий" | "bejövő" =>
            {
                return Some(Initiator::Customer);
            }
            _ => {}
        }
    }
    if conversation.channel == Channel::Review {
        return Some(Initiator::Customer);
    }
    let first = conversation
        .turns
        .iter()
        .find(|t| t.speaker != Speaker::System && !t.text.trim().is_empty())?;
    match (conversation.channel, first.speaker) {
        (Channel::Call, Speaker::Customer) => Some(Initiator::Business),
        (Channel::Call, Speaker::Agent) => Some(if says_calling(&first.text) {
            Initiator::Business
        } else {
            Initiator::Customer
        }),
        (_, Speaker::Agent) => Some(Initiator::Business),
        (_, Speaker::Customer) => Some(Initiator::Customer),
        _ => None,
    }
}

/// The agent opens an outgoing call: "I'm calling from…", «звоню вам по поводу…», «вас
/// беспокоит…», «…nevében hívom», «azért keresem».
fn says_calling(text: &str) -> bool {
    const CUES: [&str; 19] = [
        "звоню",
        "беспокоит",
        "беспокою",
        "перезваниваю",
        "вы оставляли заявку",
        "i'm calling",
        "i am calling",
        "calling you",
        "calling from",
        "calling about",
        "calling back",
        "returning your call",
        "hívom",
        "keresem",
        "telefonálok",
        "hívnám",
        "visszahívás",
        "visszahívom",
        "kerestük",
    ];
    let lower = text.to_lowercase();
    CUES.iter().any(|c| lower.contains(c))
}

/// What became of a promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Due time passed without the business coming back.
    Overdue,
    /// The business came back, after the due time.
    KeptLate,
    /// Due time still ahead, no contact yet.
    Pending,
    /// The business came back in time.
    Kept,
    /// Cannot be judged: see the entry's `reason`.
    Unchecked,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Overdue,
        Status::KeptLate,
        Status::Pending,
        Status::Kept,
        Status::Unchecked,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Overdue => "overdue",
            Status::KeptLate => "kept_late",
            Status::Pending => "pending",
            Status::Kept => "kept",
            Status::Unchecked => "unchecked",
        }
    }
}

/// Why a promise could not be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unchecked {
    /// Neither `customer.id`, a phone number nor an e-mail address.
    NoCustomerIdentity,
    /// No due time: a vague promise while vague promises are not held to a default, a time
    /// with no calendar value ("on your next bill"), or a conversation without `started_at`.
    NoDueTime,
    /// Due before the conversation ended («сейчас отправлю»): kept or not inside it.
    DueDuringConversation,
}

/// A later conversation, as the ledger cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRef {
    pub conversation_id: String,
    pub channel: Channel,
    #[serde(serialize_with = "crate::promises::rfc3339")]
    pub at: Option<DateTime<FixedOffset>>,
}

/// One promise in the ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub conversation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    pub text: String,
    /// What was promised: the commitment's verb phrase ([`Promise::action`]).
    pub action: String,
    pub turn: usize,
    /// When the promise was made.
    #[serde(serialize_with = "crate::promises::rfc3339")]
    pub made_at: Option<DateTime<FixedOffset>>,
    #[serde(serialize_with = "crate::promises::rfc3339")]
    pub due: Option<DateTime<FixedOffset>>,
    pub vague: bool,
    /// True when `due` is the default a vague promise is held to, not a time the agent gave.
    pub due_implied: bool,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Unchecked>,
    /// The contact that kept it (on time or late).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept_by: Option<ContactRef>,
    /// Contacts the customer started before the business came back: they chased the promise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chased_by_customer: Vec<ContactRef>,
    /// How late: seconds from `due` to `kept_by` (kept late) or to `now` (overdue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_by_seconds: Option<i64>,
    pub evidence: Evidence,
}

/// Which customer each conversation belongs to ([`identity::group`]).
fn customers(contacts: &[Contact]) -> Vec<Option<usize>> {
    identity::group(contacts.iter().map(|c| c.customer_keys.as_slice()))
}

/// The ledger of every promise in `contacts`, most urgent first: overdue, kept late, pending,
/// kept, unchecked; within each by due time.
pub fn ledger(contacts: &[Contact], options: &LedgerOptions) -> Vec<Entry> {
    let customer_of = customers(contacts);
    // Each customer's conversations, by start time, for the search for a later contact.
    let mut by_customer: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in customer_of.iter().enumerate() {
        if let (Some(c), Some(_)) = (c, contacts[i].started_at) {
            by_customer.entry(*c).or_default().push(i);
        }
    }
    for list in by_customer.values_mut() {
        list.sort_by_key(|&i| (contacts[i].started_at, i));
    }

    let mut entries = Vec::new();
    for (i, contact) in contacts.iter().enumerate() {
        for (promise, made_at) in &contact.promises {
            let (due, due_implied) = match (promise.due, promise.vague) {
                (Some(d), _) => (Some(d), false),
                (None, true) => (
                    made_at
                        .zip(options.vague_within_working_days)
                        .and_then(|(made, days)| {
                            let day = options.calendar.add_working_days(made.date_naive(), days);
                            day.and_time(NaiveTime::from_hms_opt(END_OF_BUSINESS_DAY, 0, 0)?)
                                .and_local_timezone(*made.offset())
                                .single()
                        }),
                    true,
                ),
                (None, false) => (None, false),
            };
            let mut entry = Entry {
                conversation_id: contact.conversation_id.clone(),
                agent_id: contact.agent_id.clone(),
                agent_name: contact.agent_name.clone(),
                customer: contact.customer_label.clone(),
                text: promise.text.clone(),
                action: promise.action.clone(),
                turn: promise.turn,
                made_at: *made_at,
                due,
                vague: promise.vague,
                due_implied: due_implied && due.is_some(),
                status: Status::Unchecked,
                reason: None,
                kept_by: None,
                chased_by_customer: Vec::new(),
                late_by_seconds: None,
                evidence: promise.evidence.clone(),
            };
            judge(&mut entry, i, contacts, &customer_of, &by_customer, options);
            entries.push(entry);
        }
    }
    entries.sort_by(|a, b| {
        (a.status, a.due, &a.conversation_id, a.turn).cmp(&(
            b.status,
            b.due,
            &b.conversation_id,
            b.turn,
        ))
    });
    entries
}

/// A moment someone reached out after a promise: the business (it may keep the promise) or the
/// customer (they chased it).
struct Event {
    at: DateTime<FixedOffset>,
    by: Initiator,
    cited: ContactRef,
}

/// The later messages of the promise's own e-mail thread. An agent message keeps the promise
/// unless it merely answers the customer asking after it once the due time has passed.
fn thread_events(
    contact: &Contact,
    made_at: DateTime<FixedOffset>,
    due: DateTime<FixedOffset>,
) -> Vec<Event> {
    let mut events = Vec::new();
    let mut asked = false;
    for &(at, speaker) in contact.messages.iter().filter(|(at, _)| *at > made_at) {
        let by = match speaker {
            Speaker::Customer => {
                asked = true;
                Initiator::Customer
            }
            Speaker::Agent if asked && at > due => continue,
            Speaker::Agent => Initiator::Business,
            _ => continue,
        };
        events.push(Event {
            at,
            by,
            cited: ContactRef {
                conversation_id: contact.conversation_id.clone(),
                channel: contact.channel,
                at: Some(at),
            },
        });
    }
    events
}

fn judge(
    entry: &mut Entry,
    i: usize,
    contacts: &[Contact],
    customer_of: &[Option<usize>],
    by_customer: &HashMap<usize, Vec<usize>>,
    options: &LedgerOptions,
) {
    let contact = &contacts[i];
    let Some(due) = entry.due else {
        entry.reason = Some(Unchecked::NoDueTime);
        return;
    };
    // The promise's own exchange: the message it was written in, or the whole call or chat.
    let exchange_end = if contact.messages.is_empty() {
        contact.ended_at
    } else {
        entry.made_at
    };
    if exchange_end.is_some_and(|end| due <= end) {
        entry.reason = Some(Unchecked::DueDuringConversation);
        return;
    }
    let made_at = entry.made_at.or(contact.started_at);
    let mut events: Vec<Event> = match made_at {
        Some(made) => thread_events(contact, made, due),
        None => Vec::new(),
    };
    if let (Some(customer), Some(started)) = (customer_of[i], contact.started_at) {
        events.extend(
            by_customer
                .get(&customer)
                .into_iter()
                .flatten()
                .map(|&j| &contacts[j])
                .filter_map(|c| {
                    let at = c.started_at.filter(|&at| at > started)?;
                    Some(Event {
                        at,
                        by: c.initiator?,
                        cited: ContactRef {
                            conversation_id: c.conversation_id.clone(),
                            channel: c.channel,
                            at: Some(at),
                        },
                    })
                }),
        );
    } else if events.is_empty() {
        entry.reason = Some(Unchecked::NoCustomerIdentity);
        return;
    }
    events.retain(|e| e.at <= options.now);
    events.sort_by_key(|e| e.at);
    for e in events {
        match e.by {
            Initiator::Business => {
                entry.status = if e.at <= due {
                    Status::Kept
                } else {
                    entry.late_by_seconds = Some((e.at - due).num_seconds());
                    Status::KeptLate
                };
                entry.kept_by = Some(e.cited);
                return;
            }
            Initiator::Customer => entry.chased_by_customer.push(e.cited),
        }
    }
    if options.now > due {
        entry.status = Status::Overdue;
        entry.late_by_seconds = Some((options.now - due).num_seconds());
    } else {
        entry.status = Status::Pending;
    }
}

/// Counts per status and the share kept on time, for a footer or a dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub promises: usize,
    pub kept: usize,
    pub kept_late: usize,
    pub pending: usize,
    pub overdue: usize,
    pub unchecked: usize,
    /// kept / (kept + kept late + overdue); `None` before any promise could be judged.
    pub kept_on_time_rate: Option<f64>,
}

impl Summary {
    pub fn of<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Summary {
        let mut s = Summary::default();
        for e in entries {
            s.promises += 1;
            match e.status {
                Status::Kept => s.kept += 1,
                Status::KeptLate => s.kept_late += 1,
                Status::Pending => s.pending += 1,
                Status::Overdue => s.overdue += 1,
                Status::Unchecked => s.unchecked += 1,
            }
        }
        let judged = s.kept + s.kept_late + s.overdue;
        s.kept_on_time_rate = (judged > 0).then(|| s.kept as f64 / judged as f64);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};

    fn conversation(value: serde_json::Value) -> Conversation {
        serde_json::from_value(value).unwrap()
    }

    fn contact(value: serde_json::Value) -> Contact {
        let c = conversation(value);
        let a = analyse(&c, &AnalyseOptions::default());
        let p = crate::promises::promises(&a);
        Contact::of(&c, p)
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// Monday 16 November 2026: the agent promises to call back tomorrow before lunch.
    fn promise_call() -> serde_json::Value {
        serde_json::json!({
            "id": "c1", "channel": "call", "language": "ru",
            "started_at": "2026-11-16T10:00:00+03:00",
            "agent": {"id": "a17", "name": "Анна"},
            "customer": {"id": "cust-9", "name": "Ольга", "phone": "+7 (912) 345-67-89"},
            "turns": [
                {"speaker": "agent", "text": "Компания «Ромашка», Анна, здравствуйте.", "start": 0.0, "end": 3.0},
                {"speaker": "customer", "text": "Здравствуйте, мне так и не вернули деньги.", "start": 3.5, "end": 6.0},
                {"speaker": "agent", "text": "Я уточню в бухгалтерии и перезвоню вам завтра до обеда.", "start": 6.5, "end": 10.0},
                {"speaker": "customer", "text": "Хорошо, жду.", "start": 10.5, "end": 11.0}
            ]
        })
    }

    fn follow_up(id: &str, started: &str, customer_first: bool) -> serde_json::Value {
        let turns = if customer_first {
            serde_json::json!([
                {"speaker": "customer", "text": "Алло?", "start": 0.0, "end": 1.0},
                {"speaker": "agent", "text": "Ольга, добрый день, это Анна из «Ромашки», по поводу возврата.", "start": 1.5, "end": 5.0}
            ])
        } else {
            serde_json::json!([
                {"speaker": "agent", "text": "Компания «Ромашка», здравствуйте.", "start": 0.0, "end": 2.0},
                {"speaker": "customer", "text": "Мне обещали перезвонить и не перезвонили.", "start": 2.5, "end": 5.0}
            ])
        };
        serde_json::json!({
            "id": id, "channel": "call", "language": "ru", "started_at": started,
            "customer": {"phone": "8 912 345 67 89"},
            "turns": turns
        })
    }

    /// The ledger drawn up at `now` with the default options.
    fn judged(contacts: &[Contact], now: &str) -> Vec<Entry> {
        ledger(contacts, &LedgerOptions::new(at(now)))
    }

    fn only(entries: &[Entry]) -> &Entry {
        assert_eq!(entries.len(), 1, "{entries:#?}");
        &entries[0]
    }

    #[test]
    fn a_call_back_in_time_keeps_the_promise() {
        let contacts = vec![
            contact(promise_call()),
            // The business calls the same number the next morning; the customer picks up.
            contact(follow_up("c2", "2026-11-17T11:20:00+03:00", true)),
        ];
        let l = judged(&contacts, "2026-11-20T09:00:00+03:00");
        let e = only(&l);
        assert_eq!(e.status, Status::Kept, "{e:#?}");
        assert_eq!(e.due, Some(at("2026-11-17T13:00:00+03:00")));
        assert_eq!(e.kept_by.as_ref().unwrap().conversation_id, "c2");
        assert_eq!(e.made_at, Some(at("2026-11-16T10:00:06.500+03:00")));
        assert_eq!(e.customer.as_deref(), Some("Ольга"));
    }

    #[test]
    fn the_customer_chasing_it_is_not_keeping_it() {
        let contacts = vec![
            contact(promise_call()),
            // The customer calls two days later: the agent answers.
            contact(follow_up("c2", "2026-11-18T15:00:00+03:00", false)),
        ];
        let l = judged(&contacts, "2026-11-20T09:00:00+03:00");
        let e = only(&l);
        assert_eq!(e.status, Status::Overdue, "{e:#?}");
        assert_eq!(e.chased_by_customer.len(), 1);
        assert_eq!(e.chased_by_customer[0].conversation_id, "c2");
        // From Tuesday 13:00 to Friday 09:00.
        assert_eq!(e.late_by_seconds, Some(68 * 3600));
    }

    #[test]
    fn pending_until_due_then_late_when_the_call_comes_after() {
        let contacts = vec![contact(promise_call())];
        let l = judged(&contacts, "2026-11-17T12:00:00+03:00");
        assert_eq!(only(&l).status, Status::Pending);

        let contacts = vec![
            contact(promise_call()),
            contact(follow_up("c2", "2026-11-19T10:00:00+03:00", true)),
        ];
        // Drawn up before the late call: overdue; after it: kept late.
        let l = judged(&contacts, "2026-11-18T10:00:00+03:00");
        assert_eq!(only(&l).status, Status::Overdue);
        let l = judged(&contacts, "2026-11-20T10:00:00+03:00");
        let e = only(&l);
        assert_eq!(e.status, Status::KeptLate);
        assert_eq!(e.late_by_seconds, Some(45 * 3600));
    }

    #[test]
    fn another_customer_does_not_keep_it() {
        let mut other = follow_up("c2", "2026-11-17T11:20:00+03:00", true);
        other["customer"] = serde_json::json!({"phone": "+7 912 000 00 00"});
        let contacts = vec![contact(promise_call()), contact(other)];
        let l = judged(&contacts, "2026-11-20T09:00:00+03:00");
        assert_eq!(only(&l).status, Status::Overdue);
    }

    #[test]
    fn without_identity_or_time_it_is_unchecked_with_the_reason() {
        let mut anonymous = promise_call();
        anonymous["customer"] = serde_json::json!({"name": "Ольга"});
        let l = judged(&[contact(anonymous)], "2026-11-20T09:00:00+03:00");
        let e = only(&l);
        assert_eq!(e.status, Status::Unchecked);
        assert_eq!(e.reason, Some(Unchecked::NoCustomerIdentity));

        let mut undated = promise_call();
        undated.as_object_mut().unwrap().remove("started_at");
        let l = judged(&[contact(undated)], "2026-11-20T09:00:00+03:00");
        assert_eq!(only(&l).reason, Some(Unchecked::NoDueTime));
    }

    #[test]
    fn a_vague_promise_is_held_to_three_working_days() {
        // Thursday 19 November, "as soon as possible": due Tuesday 24th at 18:00.
        let c = serde_json::json!({
            "id": "e1", "channel": "email", "language": "en",
            "started_at": "2026-11-19T16:00:00+00:00",
            "customer": {"email": "Jane.Doe@example.com", "name": "Jane"},
            "turns": [
                {"speaker": "customer", "text": "My parcel never arrived and nobody answers."},
                {"speaker": "agent", "text": "I'm sorry, Jane. We will get back to you as soon as possible."}
            ]
        });
        let reply = serde_json::json!({
            "id": "e2", "channel": "email", "language": "en",
            "started_at": "2026-11-23T09:00:00+00:00",
            "customer": {"email": "jane.doe@example.com"},
            "turns": [{"speaker": "agent", "text": "Hello Jane, your parcel is on its way again."}]
        });
        let now = at("2026-11-30T09:00:00+00:00");
        let l = ledger(&[contact(c.clone())], &LedgerOptions::new(now));
        let e = only(&l);
        assert!(e.vague && e.due_implied, "{e:#?}");
        assert_eq!(e.due, Some(at("2026-11-24T18:00:00+00:00")));
        assert_eq!(e.status, Status::Overdue);

        let l = ledger(
            &[contact(c.clone()), contact(reply)],
            &LedgerOptions::new(now),
        );
        assert_eq!(only(&l).status, Status::Kept);

        let options = LedgerOptions {
            vague_within_working_days: None,
            ..LedgerOptions::new(now)
        };
        let l = ledger(&[contact(c)], &options);
        assert_eq!(only(&l).reason, Some(Unchecked::NoDueTime));
    }

    fn thread(later: serde_json::Value) -> serde_json::Value {
        let mut turns = vec![
            serde_json::json!({"speaker": "customer", "at": "2026-11-16T09:00:00+00:00",
                "text": "Hello, I need a return label for order 4471, please."}),
            // Written on Wednesday the 18th: "tomorrow" is Thursday the 19th.
            serde_json::json!({"speaker": "agent", "at": "2026-11-18T10:00:00+00:00",
                "text": "Sorry for the wait. I'll email you the return label tomorrow by noon."}),
        ];
        turns.extend(later.as_array().unwrap().iter().cloned());
        serde_json::json!({"id": "t1", "channel": "email", "language": "en",
            "started_at": "2026-11-16T09:00:00+00:00", "turns": turns})
    }

    #[test]
    fn a_later_message_of_the_same_thread_keeps_it_and_tomorrow_is_the_messages() {
        let now = LedgerOptions::new(at("2026-11-30T09:00:00+00:00"));
        let kept = contact(thread(serde_json::json!([
            {"speaker": "agent", "at": "2026-11-19T11:30:00+00:00", "text": "Here is your return label."}
        ])));
        let e = ledger(&[kept], &now).remove(0);
        assert_eq!(e.due, Some(at("2026-11-19T12:00:00+00:00")), "{e:#?}");
        assert_eq!(e.status, Status::Kept);
        assert_eq!(e.kept_by.unwrap().conversation_id, "t1");

        // The customer has to ask after it on Friday; the agent's answer then is no keeping.
        let chased = contact(thread(serde_json::json!([
            {"speaker": "customer", "at": "2026-11-20T08:00:00+00:00", "text": "Still no label. Where is it?"},
            {"speaker": "agent", "at": "2026-11-20T09:00:00+00:00", "text": "Apologies, attached is the label."}
        ])));
        let e = ledger(&[chased], &now).remove(0);
        assert_eq!(e.status, Status::Overdue, "{e:#?}");
        assert_eq!(e.chased_by_customer.len(), 1);
    }

    #[test]
    fn one_customer_across_id_phone_and_email() {
        let a = serde_json::json!({"id": "x", "customer": {"id": "c-1"}, "turns": []});
        let b = serde_json::json!({"id": "y", "customer": {"id": "c-1", "phone": "+36 30 123 4567"}, "turns": []});
        let c =
            serde_json::json!({"id": "z", "customer": {"phone": "06 30 123 4567"}, "turns": []});
        let d = serde_json::json!({"id": "w", "customer": {"email": "a@b.hu"}, "turns": []});
        let contacts: Vec<Contact> = [a, b, c, d].into_iter().map(contact).collect();
        let groups = customers(&contacts);
        assert_eq!(groups[0], groups[1]);
        assert_eq!(groups[1], groups[2]);
        assert_ne!(groups[0], groups[3]);
    }

    #[test]
    fn who_started_the_conversation() {
        let call = |turns: serde_json::Value, meta: serde_json::Value| {
            conversation(
                serde_json::json!({"id": "c", "channel": "call", "turns": turns, "meta": meta}),
            )
        };
        let agent_first = |text: &str| serde_json::json!([{"speaker": "agent", "text": text}]);
        let none = serde_json::json!({});
        assert_eq!(
            initiator(&call(
                agent_first("Bank Kelet, Kovács Anna, jó napot!"),
                none.clone()
            )),
            Some(Initiator::Customer)
        );
        assert_eq!(
            initiator(&call(
                agent_first(
                    "Jó napot, Kovács Anna vagyok a Bank Kelettől, a kártyája ügyében keresem."
                ),
                none.clone()
            )),
            Some(Initiator::Business)
        );
        assert_eq!(
            initiator(&call(
                agent_first("Hi, this is Tom from Acme, I'm calling about your order."),
                none.clone()
            )),
            Some(Initiator::Business)
        );
        assert_eq!(
            initiator(&call(
                agent_first("Thank you for calling Acme, this is Tom."),
                none.clone()
            )),
            Some(Initiator::Customer)
        );
        assert_eq!(
            initiator(&call(
                serde_json::json!([{"speaker": "customer", "text": "Да, слушаю."}]),
                none.clone()
            )),
            Some(Initiator::Business)
        );
        // The source's word wins over the shape.
        assert_eq!(
            initiator(&call(
                serde_json::json!([{"speaker": "customer", "text": "Hello?"}]),
                serde_json::json!({"direction": "inbound"})
            )),
            Some(Initiator::Customer)
        );
        let chat = conversation(serde_json::json!({"id": "c", "channel": "chat",
            "turns": [{"speaker": "agent", "text": "Здравствуйте! Ваш заказ готов."}]}));
        assert_eq!(initiator(&chat), Some(Initiator::Business));
    }

    #[test]
    fn the_summary_counts_each_status() {
        let contacts = vec![
            contact(promise_call()),
            contact(follow_up("c2", "2026-11-17T11:20:00+03:00", true)),
        ];
        let l = judged(&contacts, "2026-11-20T09:00:00+03:00");
        let s = Summary::of(&l);
        assert_eq!((s.promises, s.kept, s.overdue), (1, 1, 0));
        assert_eq!(s.kept_on_time_rate, Some(1.0));
    }
}
