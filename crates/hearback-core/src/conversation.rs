//! The conversation model of INTERFACES.md: what every importer produces and every detector reads.
//!
//! The serde shape is a public face (users write Hearback JSON by hand and scripts read it back), so
//! field names follow INTERFACES.md exactly; everything Hearback adds is optional and skipped when
//! empty, so a round trip of a user's file stays recognisable.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::language::Lang;

/// One customer conversation on any channel, with its turns in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Conversation {
    pub id: String,
    #[serde(default)]
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<FixedOffset>>,
    /// The language the source declared; detection fills [`crate::analysis::Analysis`] otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Party>,
    #[serde(default)]
    pub turns: Vec<Turn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// How the agent and customer roles were decided, when the source did not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<RoleInference>,
    /// Where the conversation came from, for error messages and idempotent imports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// The channel a conversation happened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    #[default]
    Call,
    Chat,
    Email,
    Review,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Call,
        Channel::Chat,
        Channel::Email,
        Channel::Review,
        Channel::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Review => "review",
            Channel::Other => "other",
        }
    }

    /// Parses the channel names that sources use, forgiving case and common synonyms.
    pub fn parse(s: &str) -> Option<Channel> {
        match s.trim().to_lowercase().as_str() {
            "call" | "phone" | "voice" | "telephony" => Some(Channel::Call),
            "chat" | "messenger" | "message" | "sms" | "whatsapp" | "telegram" => {
                Some(Channel::Chat)
            }
            "email" | "e-mail" | "mail" => Some(Channel::Email),
            "review" | "complaint" | "feedback" => Some(Channel::Review),
            "other" => Some(Channel::Other),
            _ => None,
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An agent or a customer, as far as the source knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Party {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Party {
    pub fn is_empty(&self) -> bool {
        self.id.is_none()
            && self.name.is_none()
            && self.team.is_none()
            && self.email.is_none()
            && self.phone.is_none()
    }
}

/// One utterance, message or e-mail body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Turn {
    pub speaker: Speaker,
    pub text: String,
    /// Seconds from the start of a call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// Wall-clock time of a chat message or e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<FixedOffset>>,
    /// The label the source gave the speaker ("Оператор", "Anna", "spk_0"), kept for display and
    /// for role inference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Line in the source file where the turn starts (1-based), for messages that point at it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Turn {
    pub fn new(speaker: Speaker, text: impl Into<String>) -> Turn {
        Turn {
            speaker,
            text: text.into(),
            ..Turn::default()
        }
    }

    pub fn timed(speaker: Speaker, text: impl Into<String>, start: f64, end: f64) -> Turn {
        Turn {
            start: Some(start),
            end: Some(end),
            ..Turn::new(speaker, text)
        }
    }

    /// Duration in seconds when both ends are known and in order.
    pub fn duration(&self) -> Option<f64> {
        match (self.start, self.end) {
            (Some(s), Some(e)) if e >= s => Some(e - s),
            _ => None,
        }
    }
}

/// Who said a turn. `Unknown` means the source named a speaker Hearback could not place yet;
/// [`crate::roles::infer_roles`] resolves it to agent or customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Speaker {
    Agent,
    Customer,
    System,
    #[default]
    Unknown,
}

impl Speaker {
    pub fn as_str(self) -> &'static str {
        match self {
            Speaker::Agent => "agent",
            Speaker::Customer => "customer",
            Speaker::System => "system",
            Speaker::Unknown => "unknown",
        }
    }

    /// The other side of the conversation; system and unknown stay as they are.
    pub fn other(self) -> Speaker {
        match self {
            Speaker::Agent => Speaker::Customer,
            Speaker::Customer => Speaker::Agent,
            s => s,
        }
    }

    /// Recognises role words in ru/hu/en ("Оператор", "Ügyfél", "Caller", "AGENT") — not personal
    /// names, which stay `None` for role inference to place.
    pub fn from_label(label: &str) -> Option<Speaker> {
        let norm: String = label
            .trim()
            .trim_end_matches(':')
            .trim()
            .to_lowercase()
            .replace('ё', "е");
        // "Customer Service" and "Client Support" are the company's side despite their first word.
        const SERVICE_DESKS: &[&str] = &[
            "customer service",
            "customer support",
            "customer care",
            "client service",
            "client support",
            "служба поддержки",
            "служба клиентов",
        ];
        if SERVICE_DESKS.iter().any(|d| norm.starts_with(d)) {
            return Some(Speaker::Agent);
        }
        let first = norm
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
            .find(|w| !w.is_empty())
            .unwrap_or("");
        const AGENT: &[&str] = &[
            "agent",
            "operator",
            "rep",
            "representative",
            "support",
            "advisor",
            "adviser",
            "associate",
            "staff",
            "employee",
            "manager",
            "consultant",
            "specialist",
            "assistant",
            "оператор",
            "менеджер",
            "сотрудник",
            "специалист",
            "консультант",
            "агент",
            "продавец",
            "администратор",
            "ügyintéző",
            "munkatárs",
            "operátor",
            "ügyfélszolgálat",
            "tanácsadó",
            "kolléga",
            "eladó",
            "asszisztens",
            "ugyintezo",
            "operator_",
        ];
        const CUSTOMER: &[&str] = &[
            "customer",
            "client",
            "caller",
            "user",
            "guest",
            "buyer",
            "consumer",
            "visitor",
            "end_user",
            "end-user",
            "enduser",
            "клиент",
            "покупатель",
            "абонент",
            "звонящий",
            "пользователь",
            "гость",
            "заказчик",
            "посетитель",
            "ügyfél",
            "vásárló",
            "hívó",
            "felhasználó",
            "vendég",
            "megrendelő",
            "ugyfel",
            "előfizető",
            "пациент",
            "patient",
            "vevő",
            "beteg",
            "páciens",
        ];
        const SYSTEM: &[&str] = &["system", "bot", "ivr", "система", "бот", "rendszer"];
        if AGENT.contains(&first) {
            Some(Speaker::Agent)
        } else if CUSTOMER.contains(&first) {
            Some(Speaker::Customer)
        } else if SYSTEM.contains(&first) {
            Some(Speaker::System)
        } else {
            None
        }
    }
}

impl fmt::Display for Speaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Speaker {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Accepts the three INTERFACES.md roles, role words in ru/hu/en, and anything else as `Unknown`
/// (a personal name, "spk_1"): a hand-written file with "speaker": "Анна" is still readable.
impl<'de> Deserialize<'de> for Speaker {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Speaker::from_label(&s).unwrap_or(Speaker::Unknown))
    }
}

/// How sure Hearback is about who the agent is, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleInference {
    /// 0.5 is a coin toss, 1.0 is certain.
    pub confidence: f64,
    /// One sentence, e.g. "\"Anna\" greeted on behalf of the company and asked how to help".
    pub reason: String,
    /// True when the user asked for the roles to be swapped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub swapped: bool,
}

/// Where a conversation was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    pub file: String,
    /// The first line of the conversation in the file (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The format name the reader used (`json`, `csv`, `vtt`…).
    pub format: String,
}

impl Conversation {
    /// Turns spoken by one side, with their index.
    pub fn turns_by(&self, speaker: Speaker) -> impl Iterator<Item = (usize, &Turn)> {
        self.turns
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.speaker == speaker)
    }

    /// True when at least one turn carries call timestamps.
    pub fn has_timestamps(&self) -> bool {
        self.turns.iter().any(|t| t.start.is_some())
    }

    /// Swaps agent and customer in every turn and in the parties, for `--swap-roles`.
    pub fn swap_roles(&mut self) {
        for t in &mut self.turns {
            t.speaker = t.speaker.other();
        }
        std::mem::swap(&mut self.agent, &mut self.customer);
        match &mut self.roles {
            Some(r) => r.swapped = !r.swapped,
            None => {
                self.roles = Some(RoleInference {
                    confidence: 1.0,
                    reason: "roles swapped on request".into(),
                    swapped: true,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interfaces_example_reads_and_keeps_its_fields() {
        let json = r#"{
          "id": "call-2026-11-20-0042", "channel": "call",
          "started_at": "2026-11-20T10:15:00+03:00", "language": "ru",
          "agent": {"id": "a17", "name": "Анна Петрова", "team": "Москва-1"},
          "customer": {"id": "cust-9", "name": "Ольга"},
          "turns": [
            {"speaker": "agent", "text": "Добрый день! Меня зовут Анна, чем могу помочь?", "start": 0.0, "end": 3.1},
            {"speaker": "customer", "text": "Здравствуйте, я жду ответа уже третий день…", "start": 3.4, "end": 7.9}
          ],
          "audio": "recordings/0042.wav", "meta": {"queue_wait_seconds": 340}
        }"#;
        let c: Conversation = serde_json::from_str(json).unwrap();
        assert_eq!(c.turns[1].speaker, Speaker::Customer);
        assert_eq!(c.language, Some(Lang::Ru));
        assert_eq!(c.started_at.unwrap().offset().local_minus_utc(), 3 * 3600);
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["turns"][0]["speaker"], "agent");
        assert_eq!(back["meta"]["queue_wait_seconds"], 340);
    }

    #[test]
    fn role_words_in_three_languages_are_recognised_and_names_are_not() {
        assert_eq!(Speaker::from_label("Оператор"), Some(Speaker::Agent));
        assert_eq!(Speaker::from_label("Ügyintéző:"), Some(Speaker::Agent));
        assert_eq!(Speaker::from_label("CALLER"), Some(Speaker::Customer));
        assert_eq!(Speaker::from_label("Абонент"), Some(Speaker::Customer));
        assert_eq!(Speaker::from_label("Ügyfél"), Some(Speaker::Customer));
        assert_eq!(Speaker::from_label("Anna"), None);
    }

    #[test]
    fn swapping_roles_twice_restores_the_conversation() {
        let mut c = Conversation {
            id: "x".into(),
            turns: vec![
                Turn::new(Speaker::Agent, "hi"),
                Turn::new(Speaker::Customer, "hello"),
            ],
            ..Conversation::default()
        };
        c.swap_roles();
        assert_eq!(c.turns[0].speaker, Speaker::Customer);
        c.swap_roles();
        assert_eq!(c.turns[0].speaker, Speaker::Agent);
        assert!(!c.roles.unwrap().swapped);
    }
}
