//! Role inference: who is the agent when the source does not say.
//!
//! Many exports name speakers by person ("Анна", "Kovács Anna"), by channel ("spk_0",
//! "channel 1") or by e-mail address, never by role. Every criterion of the standard is about the
//! agent, so a wrong guess scores the customer's words: inference therefore collects evidence per
//! speaker, says how sure it is and why, and the user can overrule it with `--swap-roles`.
//!
//! Evidence, strongest first: the conversation's `agent`/`customer` fields name the speaker; the
//! speaker offers help ("чем могу помочь", "miben segíthetek", "how can I help"); greets on behalf
//! of a company ("компания …", "thank you for calling …"); introduces themselves as staff; uses the
//! agent's procedural phrases ("одну минуту", "let me check"). Customer-side evidence (describing a
//! problem, asking for a refund) counts against. Who speaks first is weak evidence: the agent in a
//! call, the customer in a chat. A phrase counts fully early in the speaker's turns and at the end
//! (closings), half as much elsewhere: a customer who says "how can I help you?" once, ironically,
//! mid-call, does not outweigh an agent's greeting.
//!
//! Cost is bounded: only the first [`TURNS_PER_SPEAKER`] turns of each speaker and the first
//! [`CHARS_PER_TURN`] characters of each turn are read, so a 10 MB turn costs no more than a short one.

use std::collections::HashMap;

use crate::conversation::{Channel, Conversation, Party, RoleInference, Speaker};
use crate::text::normalise;

/// How many turns of one speaker are searched for evidence.
pub const TURNS_PER_SPEAKER: usize = 40;
/// How many characters of one turn are searched for evidence.
pub const CHARS_PER_TURN: usize = 2000;

/// A kind of evidence, with the phrases that show it and how much it weighs.
struct Cue {
    side: Speaker,
    weight: f64,
    /// Completes "\"Anna\" …" in the reason, e.g. "asked how to help".
    says: &'static str,
    phrases: &'static [&'static str],
    /// When true the phrase counts only together with a greeting word in the same turn, and not
    /// when the turn calls the company "yours", because the bare word ("компания", "company") is
    /// as likely in a customer's complaint.
    needs_greeting: bool,
}

const GREETING_WORDS: &[&str] = &[
    "здравствуйте",
    "добрый день",
    "добрый вечер",
    "доброе утро",
    "приветствую",
    "вас приветствует",
    "алло",
    "jó napot",
    "jó reggelt",
    "jó estét",
    "üdvözlöm",
    "üdvözöljük",
    "szép napot",
    "hello",
    "hi ",
    "hi,",
    "good morning",
    "good afternoon",
    "good evening",
    "welcome",
];

/// The customer speaking of the company as the other side's: never a greeting on its behalf.
const YOURS: &[&str] = &[
    "ваша компания",
    "ваш оператор",
    "ваши сотрудники",
    "ваш сотрудник",
    "вашей компании",
    "вашу компанию",
    "у вас в компании",
    "önöknél",
    "önök cége",
    "az önök",
    "your company",
    "your agent",
    "your staff",
    "your colleague",
    "your service",
];

const CUES: &[Cue] = &[
    Cue {
        side: Speaker::Agent,
        weight: 3.0,
        says: "asked how to help",
        phrases: &[
            "чем могу помочь",
            "чем могу вам помочь",
            "чем я могу помочь",
            "чем я могу вам помочь",
            "чем вам помочь",
            "чем могу быть полез",
            "как я могу вам помочь",
            "могу ли я еще чем",
            "могу ли я чем-то еще",
            "miben segíthetek",
            "miben segíthetünk",
            "miben lehetek",
            "hogyan segíthetek",
            "segíthetek még",
            "how can i help",
            "how may i help",
            "how can i assist",
            "how may i assist",
            "how can we help",
            "how may we help",
            "what can i do for you",
            "anything else i can help",
            "anything else i can do for you",
        ],
        needs_greeting: false,
    },
    Cue {
        side: Speaker::Agent,
        weight: 2.0,
        says: "greeted on behalf of the company",
        phrases: &[
            "компания",
            "компании",
            "вас приветствует",
            "спасибо за звонок",
            "спасибо, что позвонили",
            "спасибо за обращение",
            "благодарим за обращение",
            "спасибо, что обратились",
            "добро пожаловать в",
            "служба поддержки",
            "служба клиентской",
            "горячая линия",
            "cég",
            "köszönjük, hogy",
            "köszönöm, hogy hívott",
            "köszönöm, hogy minket",
            "ügyfélszolgálat",
            "thank you for calling",
            "thanks for calling",
            "thank you for contacting",
            "thanks for contacting",
            "thank you for reaching out",
            "welcome to",
            "customer service",
            "customer support",
            "support team",
            "you've reached",
            "you have reached",
            "company",
        ],
        needs_greeting: true,
    },
    Cue {
        side: Speaker::Agent,
        weight: 2.0,
        says: "introduced themselves as staff",
        phrases: &[
            "меня зовут",
            "с вами говорит",
            "на связи",
            "вас слушает",
            "слушаю вас",
            "оператор",
            "специалист",
            "a nevem",
            " vagyok",
            "kollégája",
            "munkatársa",
            "my name is",
            "speaking.",
            "speaking,",
            "speaking!",
            "this is",
        ],
        needs_greeting: true,
    },
    Cue {
        side: Speaker::Agent,
        weight: 1.0,
        says: "used the agent's phrases",
        phrases: &[
            "оставайтесь на линии",
            "одну минуту",
            "минуточку",
            "сейчас проверю",
            "я проверю",
            "уточню информацию",
            "спасибо за ожидание",
            "благодарю за ожидание",
            "ваш номер заказа",
            "назовите, пожалуйста",
            "подскажите, пожалуйста, номер",
            "egy pillanat türelmét",
            "egy pillanat",
            "utánanézek",
            "ellenőrzöm",
            "köszönöm a türelmét",
            "köszönöm, hogy várt",
            "megadná",
            "let me check",
            "let me look",
            "one moment please",
            "one moment, please",
            "thank you for waiting",
            "thank you for holding",
            "thanks for holding",
            "could you please confirm",
            "may i have your",
            "can i have your",
        ],
        needs_greeting: false,
    },
    Cue {
        side: Speaker::Customer,
        weight: 1.5,
        says: "described a problem of their own",
        phrases: &[
            "у меня проблема",
            "у меня не работает",
            "у меня сломал",
            "мой заказ",
            "моя заявка",
            "мою заявку",
            "мой счет",
            "хочу пожаловаться",
            "хочу вернуть",
            "верните деньги",
            "верните мне",
            "я жду уже",
            "я жду ответа",
            "я оплатил",
            "я оплатила",
            "мне нужно",
            "я хотел бы узнать",
            "я хотела бы узнать",
            "problémám van",
            "a rendelésem",
            "a csomagom",
            "a számlám",
            "panaszt szeretnék",
            "szeretném visszakapni",
            "nem működik a",
            "már napok óta várok",
            "kifizettem",
            "i have a problem",
            "my order",
            "my account",
            "my package",
            "my bill",
            "i want a refund",
            "i want my money",
            "i'd like a refund",
            "i've been waiting",
            "i have been waiting",
            "i was charged",
            "i'm calling about",
            "i am calling about",
            "i paid",
        ],
        needs_greeting: false,
    },
    Cue {
        side: Speaker::Customer,
        weight: 1.0,
        says: "spoke of the company as \"yours\"",
        phrases: YOURS,
        needs_greeting: false,
    },
];

/// The evidence gathered about one speaker label.
#[derive(Debug, Default)]
struct Voice {
    /// The label as the source wrote it (the first spelling seen); empty when the turns had none.
    label: String,
    first_turn: usize,
    agent: f64,
    customer: f64,
    agent_says: Vec<&'static str>,
    customer_says: Vec<&'static str>,
}

impl Voice {
    fn net(&self) -> f64 {
        self.agent - self.customer
    }

    fn shown(&self) -> String {
        if self.label.is_empty() {
            "the unlabelled speaker".to_string()
        } else {
            format!("\"{}\"", self.label)
        }
    }

    fn note(&mut self, side: Speaker, weight: f64, says: &'static str) {
        if side == Speaker::Agent {
            self.agent += weight;
            self.agent_says.push(says);
        } else {
            self.customer += weight;
            self.customer_says.push(says);
        }
    }
}

/// Decides agent and customer for every turn whose speaker is [`Speaker::Unknown`], and records
/// how sure the decision is in `conversation.roles`. Does nothing when every turn has a role.
///
/// Invariant afterwards: no turn is `Unknown`. A speaker label that looks like a personal name
/// also fills the agent's or customer's `name` when the source left it empty, so that criteria
/// such as `customer-name` can use it.
pub fn infer_roles(conversation: &mut Conversation) {
    let mut voices: Vec<Voice> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut turn_voice: Vec<Option<usize>> = Vec::with_capacity(conversation.turns.len());
    for (i, turn) in conversation.turns.iter().enumerate() {
        if turn.speaker != Speaker::Unknown {
            turn_voice.push(None);
            continue;
        }
        let raw = turn.label.as_deref().unwrap_or("").trim();
        let key = normalise(raw);
        let v = *index.entry(key).or_insert_with(|| {
            voices.push(Voice {
                label: raw.to_string(),
                first_turn: i,
                ..Voice::default()
            });
            voices.len() - 1
        });
        turn_voice.push(Some(v));
    }
    if voices.is_empty() {
        return;
    }

    gather_text_evidence(conversation, &turn_voice, &mut voices);
    gather_name_evidence(conversation, &mut voices);
    let has_agent = conversation
        .turns
        .iter()
        .any(|t| t.speaker == Speaker::Agent);
    let has_customer = conversation
        .turns
        .iter()
        .any(|t| t.speaker == Speaker::Customer);
    if !has_agent && !has_customer {
        gather_order_evidence(conversation, &mut voices);
    }

    let (sides, confidence, reason) = decide(&voices, has_agent, has_customer);
    for (turn, v) in conversation.turns.iter_mut().zip(&turn_voice) {
        if let Some(v) = v {
            turn.speaker = sides[*v];
        }
    }
    for (voice, side) in voices.iter().zip(&sides) {
        fill_party_name(conversation, *side, &voice.label);
    }
    conversation.roles = Some(RoleInference {
        confidence,
        reason,
        swapped: false,
    });
}

fn gather_text_evidence(
    conversation: &Conversation,
    turn_voice: &[Option<usize>],
    voices: &mut [Voice],
) {
    let mut seen_turns = vec![0usize; voices.len()];
    let mut total_turns = vec![0usize; voices.len()];
    for v in turn_voice.iter().flatten() {
        total_turns[*v] += 1;
    }
    // Which cue each voice has already been credited for, so that a phrase repeated ten times
    // weighs as much as once.
    let mut credited = vec![[false; CUES.len()]; voices.len()];
    for (turn, v) in conversation.turns.iter().zip(turn_voice) {
        let Some(v) = *v else { continue };
        let rank = seen_turns[v];
        seen_turns[v] += 1;
        if rank >= TURNS_PER_SPEAKER && rank + 2 < total_turns[v] {
            continue;
        }
        let text: String = turn.text.chars().take(CHARS_PER_TURN).collect();
        let text = normalise(&text);
        let greets = GREETING_WORDS.iter().any(|g| text.contains(g))
            && !YOURS.iter().any(|y| text.contains(y));
        // Openings and closings are where the roles show; the middle of a call is where a
        // customer quotes or mocks the agent.
        let position = if rank < 2 || rank + 2 >= total_turns[v] {
            1.0
        } else {
            0.5
        };
        for (c, cue) in CUES.iter().enumerate() {
            if credited[v][c] || (cue.needs_greeting && !greets) {
                continue;
            }
            if cue.phrases.iter().any(|p| text.contains(p)) {
                credited[v][c] = true;
                voices[v].note(cue.side, cue.weight * position, cue.says);
            }
        }
    }
}

fn gather_name_evidence(conversation: &Conversation, voices: &mut [Voice]) {
    let agent_name = conversation.agent.as_ref().and_then(|p| p.name.as_deref());
    let customer_name = conversation
        .customer
        .as_ref()
        .and_then(|p| p.name.as_deref());
    for voice in voices.iter_mut() {
        if agent_name.is_some_and(|n| names_match(n, &voice.label)) {
            voice.note(Speaker::Agent, 6.0, "is the agent the conversation names");
        }
        if customer_name.is_some_and(|n| names_match(n, &voice.label)) {
            voice.note(
                Speaker::Customer,
                6.0,
                "is the customer the conversation names",
            );
        }
    }
}

/// The agent answers a call; the customer opens a chat. Weak, because outbound calls and
/// proactive chats reverse it.
fn gather_order_evidence(conversation: &Conversation, voices: &mut [Voice]) {
    let Some(first) = voices.iter_mut().min_by_key(|v| v.first_turn) else {
        return;
    };
    match conversation.channel {
        Channel::Call => first.note(Speaker::Agent, 0.5, "spoke first in the call"),
        Channel::Chat | Channel::Email => first.note(Speaker::Customer, 0.3, "wrote first"),
        Channel::Review | Channel::Other => {}
    }
}

/// True when one name is contained in the other word by word ("Анна" and "Анна Петрова").
fn names_match(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        normalise(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.iter().all(|w| long.contains(w))
}

/// Maps a confidence margin (net agent evidence of the chosen agent minus that of the runner-up)
/// onto 0.5 … 0.97: no margin is a coin toss, a margin of three (one clear offer of help) is
/// about 0.85. Never 1.0: inference is never certain.
fn confidence_from_margin(margin: f64) -> f64 {
    let m = margin.max(0.0);
    let c = 0.5 + 0.47 * (1.0 - (-m / 2.0).exp());
    (c * 100.0).round() / 100.0
}

fn decide(voices: &[Voice], has_agent: bool, has_customer: bool) -> (Vec<Speaker>, f64, String) {
    let mut sides = vec![Speaker::Customer; voices.len()];
    // Strong enough that a second agent (a transfer, a supervisor) is recognised as one.
    const SECOND_AGENT: f64 = 3.0;

    if has_agent && !has_customer {
        let mut named = Vec::new();
        for (i, v) in voices.iter().enumerate() {
            if v.net() >= SECOND_AGENT {
                sides[i] = Speaker::Agent;
            } else {
                named.push(v.shown());
            }
        }
        let reason = format!(
            "the agent was already identified; {} is the other side",
            join_names(&named)
        );
        return (sides, 0.85, reason);
    }

    let mut order: Vec<usize> = (0..voices.len()).collect();
    order.sort_by(|&a, &b| {
        voices[b]
            .net()
            .total_cmp(&voices[a].net())
            .then(voices[a].first_turn.cmp(&voices[b].first_turn))
    });
    let Some(&best) = order.first() else {
        return (sides, 0.5, "no speakers to place".to_string());
    };

    if has_agent && has_customer {
        // Both sides are labelled; only a stray label is unknown. Place it by its own evidence.
        for (i, v) in voices.iter().enumerate() {
            sides[i] = if v.net() > 0.0 {
                Speaker::Agent
            } else {
                Speaker::Customer
            };
        }
        let v = &voices[best];
        let reason = format!(
            "the source labelled both sides; {} was placed by its own words",
            v.shown()
        );
        return (sides, confidence_from_margin(v.net().abs()), reason);
    }

    if voices.len() == 1 && !has_customer {
        let v = &voices[best];
        sides[best] = if v.net() > 0.0 {
            Speaker::Agent
        } else {
            Speaker::Customer
        };
        let conf = confidence_from_margin(v.net().abs());
        let reason = if v.net() == 0.0 {
            format!(
                "only one speaker, {}, and nothing shows their role; taken as the customer",
                v.shown()
            )
        } else {
            explain(v, sides[best])
        };
        return (sides, conf, reason);
    }

    sides[best] = Speaker::Agent;
    for &i in order.iter().skip(1) {
        if !has_customer && voices[i].net() >= SECOND_AGENT {
            sides[i] = Speaker::Agent;
        }
    }
    let runner_up = order
        .iter()
        .skip(1)
        .find(|&&i| sides[i] == Speaker::Customer)
        .map_or(0.0, |&i| voices[i].net());
    let margin = if has_customer {
        // The other side is already labelled: the best candidate only has to beat nobody.
        voices[best].net().max(0.0) + 1.0
    } else {
        voices[best].net() - runner_up
    };
    let confidence = confidence_from_margin(margin);
    let v = &voices[best];
    let mut reason = explain(v, Speaker::Agent);
    if let Some(&other) = order
        .iter()
        .skip(1)
        .find(|&&i| sides[i] == Speaker::Customer)
        && !voices[other].customer_says.is_empty()
    {
        reason.push_str(&format!(
            "; {} {}",
            voices[other].shown(),
            join_says(&voices[other].customer_says)
        ));
    }
    if confidence < 0.6 {
        reason.push_str(" — too little evidence to be sure; use --swap-roles if this is wrong");
    }
    (sides, confidence, reason)
}

fn explain(v: &Voice, side: Speaker) -> String {
    let says = if side == Speaker::Agent {
        &v.agent_says
    } else {
        &v.customer_says
    };
    if says.is_empty() {
        if side == Speaker::Agent {
            format!(
                "nothing tells the speakers apart; guessed that {} is the agent",
                v.shown()
            )
        } else {
            format!(
                "nothing shows {} is the agent; taken as the customer",
                v.shown()
            )
        }
    } else {
        format!("{} {}", v.shown(), join_says(says))
    }
}

fn join_says(says: &[&str]) -> String {
    match says {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => "nobody".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// A label like "Анна" or "Kovács Anna" names the person; "spk_0", "channel 1" or an address do
/// not. Only names fill the party, and only when the source left the name empty.
fn fill_party_name(conversation: &mut Conversation, side: Speaker, label: &str) {
    if !looks_like_person_name(label) {
        return;
    }
    let party = match side {
        Speaker::Agent => &mut conversation.agent,
        Speaker::Customer => &mut conversation.customer,
        Speaker::System | Speaker::Unknown => return,
    };
    let party = party.get_or_insert_with(Party::default);
    if party.name.is_none() {
        party.name = Some(label.to_string());
    }
}

/// One to three words, each starting with an upper-case letter and made of letters, `-`, `'` or
/// `.`; not a role word.
pub fn looks_like_person_name(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && Speaker::from_label(label).is_none()
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Turn;

    fn conversation(channel: Channel, turns: &[(&str, &str)]) -> Conversation {
        Conversation {
            id: "t".into(),
            channel,
            turns: turns
                .iter()
                .map(|(label, text)| Turn {
                    label: Some((*label).to_string()),
                    ..Turn::new(
                        Speaker::from_label(label).unwrap_or(Speaker::Unknown),
                        *text,
                    )
                })
                .collect(),
            ..Conversation::default()
        }
    }

    fn speakers(c: &Conversation) -> Vec<Speaker> {
        c.turns.iter().map(|t| t.speaker).collect()
    }

    use Speaker::{Agent as A, Customer as C};

    #[test]
    fn a_russian_agent_who_greets_for_the_company_and_offers_help_is_the_agent() {
        let mut c = conversation(
            Channel::Call,
            &[
                (
                    "Анна",
                    "Здравствуйте! Компания «Ромашка», меня зовут Анна, чем могу помочь?",
                ),
                (
                    "Ольга",
                    "Здравствуйте, у меня проблема с заказом, мой заказ не пришёл.",
                ),
                ("Анна", "Одну минуту, сейчас проверю."),
            ],
        );
        infer_roles(&mut c);
        assert_eq!(speakers(&c), vec![A, C, A]);
        let roles = c.roles.unwrap();
        assert!(roles.confidence > 0.9, "{roles:?}");
        assert!(
            roles.reason.contains("\"Анна\" asked how to help"),
            "{}",
            roles.reason
        );
        assert!(
            roles.reason.contains("\"Ольга\" described a problem"),
            "{}",
            roles.reason
        );
        assert_eq!(c.agent.unwrap().name.as_deref(), Some("Анна"));
        assert_eq!(c.customer.unwrap().name.as_deref(), Some("Ольга"));
    }

    #[test]
    fn when_the_customer_speaks_first_in_a_call_the_greeting_still_wins() {
        let mut c = conversation(
            Channel::Call,
            &[
                ("Ольга", "Алло?"),
                (
                    "Анна",
                    "Добрый день, Ольга! Это компания «Ромашка», меня зовут Анна. Звоню по вашей заявке.",
                ),
                ("Ольга", "Да, слушаю."),
            ],
        );
        infer_roles(&mut c);
        assert_eq!(speakers(&c), vec![C, A, C]);
        assert!(c.roles.unwrap().confidence >= 0.8);
    }

    #[test]
    fn a_customer_asking_how_can_i_help_once_ironically_does_not_become_the_agent() {
        let mut c = conversation(
            Channel::Call,
            &[
                ("Mark", "Good morning, Acme Telecom, Mark speaking."),
                ("Linda", "Hi. I've been waiting three weeks for my router."),
                ("Mark", "I see. May I have your order number?"),
                ("Linda", "It's 4471. I already gave it twice."),
                ("Mark", "Thank you. The router is still in the warehouse."),
                (
                    "Linda",
                    "Oh great, and how can I help you with that? Should I drive there myself?",
                ),
                ("Mark", "I understand your frustration."),
                ("Linda", "I want a refund."),
                (
                    "Mark",
                    "I'll arrange it today. Anything else I can help with?",
                ),
                ("Linda", "No. Bye."),
            ],
        );
        infer_roles(&mut c);
        assert_eq!(speakers(&c)[0], A);
        assert_eq!(speakers(&c)[1], C);
        let roles = c.roles.unwrap();
        assert!(roles.confidence >= 0.8, "{roles:?}");
    }

    #[test]
    fn a_hungarian_chat_where_the_customer_writes_first() {
        let mut c = conversation(
            Channel::Chat,
            &[
                (
                    "Kovács Péter",
                    "Jó napot! A rendelésem még nem érkezett meg.",
                ),
                (
                    "Nagy Anna",
                    "Jó napot kívánok, a Példa Kft. ügyfélszolgálata, Nagy Anna vagyok. Miben segíthetek?",
                ),
                ("Kovács Péter", "A 1234-es rendelésről van szó."),
                ("Nagy Anna", "Egy pillanat türelmét kérem, utánanézek."),
            ],
        );
        infer_roles(&mut c);
        assert_eq!(speakers(&c), vec![C, A, C, A]);
        assert!(c.roles.unwrap().confidence > 0.9);
    }

    #[test]
    fn two_unknown_labels_with_no_evidence_are_a_low_confidence_guess_that_says_so() {
        let mut c = conversation(
            Channel::Chat,
            &[
                ("Péter", "Szia."),
                ("Kata", "Szia, mizu?"),
                ("Péter", "Semmi."),
            ],
        );
        infer_roles(&mut c);
        let roles = c.roles.unwrap();
        assert!(roles.confidence <= 0.6, "{roles:?}");
        assert!(
            roles.reason.contains("too little evidence"),
            "{}",
            roles.reason
        );
        assert!(!c.turns.iter().any(|t| t.speaker == Speaker::Unknown));
    }

    #[test]
    fn the_agent_field_naming_a_label_decides() {
        let mut c = conversation(
            Channel::Call,
            &[("spk_0", "Hello?"), ("spk_1", "Hello."), ("spk_0", "Yes.")],
        );
        c.agent = Some(Party {
            name: Some("spk_1".into()),
            ..Party::default()
        });
        infer_roles(&mut c);
        assert_eq!(speakers(&c), vec![C, A, C]);
        assert!(
            c.roles
                .unwrap()
                .reason
                .contains("is the agent the conversation names")
        );
    }

    #[test]
    fn a_name_in_the_agent_field_matches_a_first_name_label() {
        let mut c = conversation(
            Channel::Call,
            &[("Ольга", "Алло."), ("Анна", "Да."), ("Ольга", "Хорошо.")],
        );
        c.agent = Some(Party {
            name: Some("Анна Петрова".into()),
            ..Party::default()
        });
        infer_roles(&mut c);
        assert_eq!(speakers(&c), vec![C, A, C]);
    }

    #[test]
    fn when_the_agent_is_labelled_by_role_the_named_speaker_is_the_customer() {
        let mut c = conversation(
            Channel::Call,
            &[
                ("Оператор", "Здравствуйте."),
                ("Ольга", "Здравствуйте, мой заказ не пришёл."),
            ],
        );
        infer_roles(&mut c);
        assert_eq!(speakers(&c), vec![A, C]);
        assert!(
            c.roles
                .unwrap()
                .reason
                .contains("\"Ольга\" is the other side")
        );
    }

    #[test]
    fn a_customer_complaining_about_your_company_is_not_greeting_for_it() {
        let mut c = conversation(
            Channel::Call,
            &[
                ("Dave", "Hello, your company charged me twice!"),
                ("Sue", "I'm sorry to hear that. Let me check your account."),
            ],
        );
        infer_roles(&mut c);
        assert_eq!(speakers(&c), vec![C, A]);
    }

    #[test]
    fn every_turn_with_a_role_is_left_alone() {
        let mut c = conversation(Channel::Call, &[("Agent", "Hi."), ("Customer", "Hello.")]);
        infer_roles(&mut c);
        assert!(c.roles.is_none());
    }

    #[test]
    fn a_service_desk_label_is_the_agent_despite_its_first_word() {
        assert_eq!(Speaker::from_label("Customer Service"), Some(A));
        assert_eq!(Speaker::from_label("Customer"), Some(C));
        assert_eq!(Speaker::from_label("Пациент"), Some(C));
    }

    #[test]
    fn names_and_non_names() {
        assert!(looks_like_person_name("Анна"));
        assert!(looks_like_person_name("Kovács Anna"));
        assert!(!looks_like_person_name("spk_0"));
        assert!(!looks_like_person_name("channel 1"));
        assert!(!looks_like_person_name("support@acme.hu"));
        assert!(!looks_like_person_name("Оператор"));
    }
}
