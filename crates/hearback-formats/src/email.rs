//! What `.eml` and `.mbox` share: one parsed message per turn, its new text only, and who the
//! agent is.
//!
//! **New text only.** A reply quotes the whole thread below it; scoring the quotes would score
//! every earlier message again, under the wrong speaker. The body is cut at the first reply
//! header ("On … wrote:", "… пишет:", "… írta:", "-----Original Message-----", an Outlook
//! "From:/Sent:" block, "От: … Отправлено:", "Feladó: … Küldve:"), `>` lines are dropped, and
//! everything after a `-- ` signature line goes. A closing ("С уважением,", "Üdvözlettel,",
//! "Best regards,") keeps itself and the name under it — the standard scores the closing and
//! the agent's name — while the contact block below (title, phones, address, disclaimer) goes.
//!
//! **Roles.** An address in `--agent-domain` is the agent's and every other address the
//! customer's. Without that: role addresses (support@, info@, noreply@…) and company-like
//! display names are the agent's, free-mail addresses (gmail.com, mail.ru, freemail.hu…) the
//! customer's, and the rest is left to role inference from the text.

use chrono::{DateTime, FixedOffset};
use hearback_core::roles::infer_roles;
use hearback_core::{Channel, Party, RoleInference, Speaker, Turn};
use mail_parser::{HeaderValue, MessageParser};

use crate::FormatError;
use crate::emit::Draft;

/// One message, parsed.
pub(crate) struct Message {
    pub line: usize,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub from_name: Option<String>,
    pub from_address: Option<String>,
    pub date: Option<DateTime<FixedOffset>>,
    pub subject: Option<String>,
    pub text: String,
}

impl Message {
    /// The thread this message belongs to: the first of References, else In-Reply-To, else its
    /// own Message-ID.
    pub fn thread_root(&self) -> Option<&str> {
        self.references
            .first()
            .or(self.in_reply_to.as_ref())
            .or(self.message_id.as_ref())
            .map(String::as_str)
    }
}

fn header_texts(v: &HeaderValue) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => vec![t.trim().to_string()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.trim().to_string()).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(|s| s.trim_matches(['<', '>']).to_string())
    .filter(|s| !s.is_empty())
    .collect()
}

/// Parses one RFC 822 message; `line` is where it starts in the file.
pub(crate) fn parse(bytes: &[u8], line: usize) -> Result<Message, FormatError> {
    let parsed = MessageParser::default()
        .parse(bytes)
        .filter(|m| !m.headers().is_empty())
        .ok_or_else(|| FormatError::new("not an e-mail message: no headers").at_line(line))?;
    let from = parsed.from().and_then(|a| a.first());
    let date = parsed
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| DateTime::parse_from_rfc3339(&d.to_rfc3339()).ok());
    let body = parsed
        .body_text(0)
        .map(|b| b.into_owned())
        .unwrap_or_default();
    Ok(Message {
        line,
        message_id: parsed
            .message_id()
            .map(|s| s.trim_matches(['<', '>']).to_string()),
        in_reply_to: header_texts(parsed.in_reply_to()).into_iter().next(),
        references: header_texts(parsed.references()),
        from_name: from
            .and_then(|a| a.name())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        from_address: from
            .and_then(|a| a.address())
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty()),
        date,
        subject: parsed.subject().map(|s| s.trim().to_string()),
        text: new_text(&body),
    })
}

/// The lines a reply header starts with or ends with, in the languages of our users.
const WROTE: &[&str] = &[
    "wrote:",
    "írta:",
    "пишет:",
    "писал:",
    "писала:",
    "писал(а):",
    "написал:",
    "написала:",
    "написал(а):",
    "schrieb:",
];
const ORIGINAL: &[&str] = &[
    "-----original message-----",
    "----- original message -----",
    "-----исходное сообщение-----",
    "----- исходное сообщение -----",
    "-----eredeti üzenet-----",
    "----- eredeti üzenet -----",
    "---------- forwarded message",
    "---------- пересылаемое сообщение",
    "---------- továbbított üzenet",
    "________________________________",
];
const FROM_FIELDS: &[&str] = &["from:", "от:", "feladó:", "von:"];
const SENT_FIELDS: &[&str] = &[
    "sent:",
    "date:",
    "отправлено:",
    "дата:",
    "küldve:",
    "dátum:",
    "elküldve:",
    "gesendet:",
];
const VALEDICTIONS: &[&str] = &[
    "с уважением",
    "с наилучшими пожеланиями",
    "всего доброго",
    "всего хорошего",
    "с благодарностью",
    "best regards",
    "kind regards",
    "warm regards",
    "regards",
    "best",
    "many thanks",
    "thanks",
    "thank you",
    "cheers",
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "üdvözlettel",
    "tisztelettel",
    "köszönettel",
    "üdv",
    "szép napot",
    "спасибо",
    "благодарю",
];
/// A signature block is short; a "Thanks," followed by many lines is the start of a paragraph.
const SIGNATURE_LINES: usize = 10;

/// The message's own text: quoted history and the signature's contact block removed.
pub(crate) fn new_text(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        let lower = t.to_lowercase();
        if t == "--" || line == "-- " {
            break;
        }
        if ORIGINAL.iter().any(|o| lower.starts_with(o)) {
            break;
        }
        if WROTE.iter().any(|w| lower.ends_with(w)) {
            // "On Mon, 20 Nov 2026, Anna <a@b.c>\nwrote:" wraps over two lines.
            if WROTE.iter().any(|w| lower == *w)
                && kept.last().is_some_and(|l| !l.trim().is_empty())
            {
                kept.pop();
            }
            break;
        }
        if FROM_FIELDS.iter().any(|f| lower.starts_with(f))
            && lines[i + 1..].iter().take(4).any(|l| {
                SENT_FIELDS
                    .iter()
                    .any(|s| l.trim().to_lowercase().starts_with(s))
            })
        {
            break;
        }
        if t.starts_with('>') {
            i += 1;
            continue;
        }
        let bare = lower.trim_end_matches([',', '!', '.', ' ']);
        if VALEDICTIONS.contains(&bare) && lines.len() - i <= SIGNATURE_LINES {
            kept.push(line);
            if let Some(name) = lines.get(i + 1)
                && looks_like_signature_name(name)
            {
                kept.push(name);
            }
            break;
        }
        kept.push(line);
        i += 1;
    }
    let text = kept.join("\n");
    collapse_blank_lines(text.trim())
}

fn looks_like_signature_name(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.split_whitespace().count() <= 4
        && !t.contains('@')
        && !t.contains("http")
        && !t.chars().any(|c| c.is_ascii_digit())
}

fn collapse_blank_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line.trim_end());
    }
    out
}

const ROLE_LOCAL_PARTS: &[&str] = &[
    "support",
    "help",
    "helpdesk",
    "info",
    "service",
    "care",
    "customercare",
    "customerservice",
    "customer.service",
    "customer-service",
    "contact",
    "hello",
    "team",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "sales",
    "office",
    "billing",
    "feedback",
    "podderzhka",
    "ugyfelszolgalat",
    "ugyfel",
    "orders",
    "shop",
    "reply",
];
const COMPANY_NAME_WORDS: &[&str] = &[
    "support",
    "service",
    "team",
    "helpdesk",
    "customer care",
    "поддержк",
    "служба",
    "команда",
    "ооо",
    "зао",
    "ао ",
    "ügyfélszolgálat",
    "csapat",
    "kft",
    "zrt",
    "bt.",
    "ltd",
    "llc",
    "inc.",
    "gmbh",
];
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.net",
    "mail.ru",
    "yandex.ru",
    "ya.ru",
    "yandex.com",
    "rambler.ru",
    "bk.ru",
    "inbox.ru",
    "list.ru",
    "freemail.hu",
    "citromail.hu",
    "t-online.hu",
    "indamail.hu",
    "vipmail.hu",
];

fn domain(address: &str) -> &str {
    address.rsplit_once('@').map_or("", |(_, d)| d)
}

fn in_domains(address: &str, domains: &[String]) -> bool {
    let d = domain(address);
    domains.iter().any(|x| {
        let x = x.trim().trim_start_matches('@').to_lowercase();
        !x.is_empty() && (d == x || d.ends_with(&format!(".{x}")))
    })
}

/// Who a sender is, how sure, and why.
fn side(
    address: Option<&str>,
    name: Option<&str>,
    agent_domains: &[String],
) -> (Speaker, f64, String) {
    let addr = address.unwrap_or("");
    if !agent_domains.is_empty() {
        return if in_domains(addr, agent_domains) {
            (Speaker::Agent, 1.0, format!("{addr} is in an agent domain"))
        } else {
            (
                Speaker::Customer,
                1.0,
                format!("{addr} is outside the agent domains"),
            )
        };
    }
    let local = addr.split('@').next().unwrap_or("");
    if !local.is_empty() && ROLE_LOCAL_PARTS.contains(&local) {
        return (
            Speaker::Agent,
            0.85,
            format!("{addr} is a company role address"),
        );
    }
    let lname = name.unwrap_or("").to_lowercase();
    if COMPANY_NAME_WORDS.iter().any(|w| lname.contains(w)) {
        return (
            Speaker::Agent,
            0.8,
            format!("\"{}\" is a company's name", name.unwrap_or("")),
        );
    }
    let d = domain(addr);
    if FREE_MAIL.contains(&d) || d.starts_with("yahoo.") || d.starts_with("hotmail.") {
        return (
            Speaker::Customer,
            0.8,
            format!("{addr} is a personal mailbox"),
        );
    }
    (Speaker::Unknown, 0.5, String::new())
}

/// Builds a conversation from the messages of one thread, in the order given.
pub(crate) fn conversation(
    messages: Vec<Message>,
    agent_domains: &[String],
    index: usize,
    alone: bool,
) -> Result<Draft, FormatError> {
    let first_line = messages.first().map_or(1, |m| m.line);
    let mut draft = Draft::new(first_line, index);
    draft.alone = alone;
    let c = &mut draft.conversation;
    c.channel = Channel::Email;
    c.id = messages
        .first()
        .and_then(Message::thread_root)
        .unwrap_or_default()
        .to_string();
    if let Some(subject) = messages.iter().find_map(|m| m.subject.as_deref()) {
        c.meta
            .insert("subject".into(), strip_reply_prefixes(subject).into());
    }
    let ids: Vec<String> = messages
        .iter()
        .filter_map(|m| m.message_id.clone())
        .collect();
    if !ids.is_empty() {
        c.meta.insert("message_ids".into(), ids.into());
    }
    c.started_at = messages.iter().find_map(|m| m.date);

    let mut reasons: Vec<String> = Vec::new();
    let mut confidence: f64 = 1.0;
    let mut agent_domain_of: Option<String> = None;
    let mut sides: Vec<Speaker> = Vec::new();
    for m in &messages {
        let (mut s, conf, why) = side(
            m.from_address.as_deref(),
            m.from_name.as_deref(),
            agent_domains,
        );
        // Colleagues write from the agent's domain too.
        if s == Speaker::Unknown
            && let (Some(d), Some(a)) = (&agent_domain_of, &m.from_address)
            && domain(a) == d
        {
            s = Speaker::Agent;
        }
        if s == Speaker::Agent && agent_domain_of.is_none() {
            agent_domain_of = m.from_address.as_deref().map(|a| domain(a).to_string());
        }
        if s != Speaker::Unknown {
            confidence = confidence.min(conf);
            if !why.is_empty() && !reasons.contains(&why) {
                reasons.push(why);
            }
        }
        sides.push(s);
    }
    let mut senders: Vec<(Option<String>, Option<String>)> = Vec::new();
    for (m, s) in messages.into_iter().zip(sides) {
        let label = m
            .from_name
            .clone()
            .or_else(|| m.from_address.clone())
            .unwrap_or_default();
        c.turns.push(Turn {
            speaker: s,
            label: Some(label).filter(|l| !l.is_empty()),
            text: m.text,
            at: m.date,
            line: Some(u32::try_from(m.line).unwrap_or(u32::MAX)),
            ..Turn::default()
        });
        senders.push((m.from_name, m.from_address));
    }
    // Addresses that said nothing about their role are placed by what they wrote; done here
    // rather than left to the finishing step so that the parties get their addresses.
    if c.turns.iter().any(|t| t.speaker == Speaker::Unknown) {
        infer_roles(c);
        if let Some(r) = c.roles.as_mut()
            && !reasons.is_empty()
        {
            r.reason = format!("{}; {}", reasons.join("; "), r.reason);
            r.confidence = r.confidence.min(confidence);
        }
    } else if !reasons.is_empty() {
        c.roles = Some(RoleInference {
            confidence,
            reason: reasons.join("; "),
            swapped: false,
        });
    }
    for (turn, (name, address)) in c.turns.iter().zip(senders) {
        let party = match turn.speaker {
            Speaker::Agent => &mut c.agent,
            Speaker::Customer => &mut c.customer,
            Speaker::System | Speaker::Unknown => continue,
        };
        let p = party.get_or_insert_with(Party::default);
        if p.email.is_none() && p.name.as_deref().is_none_or(|n| Some(n) == name.as_deref()) {
            p.name = p.name.take().or(name);
            p.email = address;
        }
    }
    Ok(draft)
}

fn strip_reply_prefixes(subject: &str) -> String {
    const PREFIXES: &[&str] = &[
        "re:",
        "fw:",
        "fwd:",
        "aw:",
        "ответ:",
        "отв:",
        "vá:",
        "továbbítás:",
    ];
    let mut s = subject.trim();
    // Compared on the subject's own bytes: lower-casing can change lengths, and an offset into
    // a lower-cased copy need not be a character boundary of the original.
    while let Some(p) = PREFIXES
        .iter()
        .find(|p| s.get(..p.len()).is_some_and(|h| h.to_lowercase() == **p))
    {
        s = s[p.len()..].trim_start();
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_history_is_cut_at_the_reply_header_in_three_languages() {
        let en = "Thanks, it works now.\n\nOn Mon, 20 Nov 2026 at 10:15, Support <support@acme.com> wrote:\n> Please restart.";
        assert_eq!(new_text(en), "Thanks, it works now.");
        let ru = "Спасибо, всё работает.\n\n20.11.2026, 10:15, Поддержка <support@acme.ru> пишет:\n> Перезагрузите.";
        assert_eq!(new_text(ru), "Спасибо, всё работает.");
        let hu = "Köszönöm, működik.\n\n2026. nov. 20. 10:15 időpontban Ügyfélszolgálat <ugyfelszolgalat@pelda.hu> írta:\n> Indítsa újra.";
        assert_eq!(new_text(hu), "Köszönöm, működik.");
        let outlook =
            "Fine.\n\nFrom: Anna <anna@acme.com>\nSent: Monday\nTo: me\nSubject: x\n\nold text";
        assert_eq!(new_text(outlook), "Fine.");
        let ru_outlook = "Хорошо.\n\nОт: Анна <anna@acme.ru>\nОтправлено: 20 ноября\nold";
        assert_eq!(new_text(ru_outlook), "Хорошо.");
    }

    #[test]
    fn a_wrapped_reply_header_is_cut_whole() {
        let t = "Yes.\n\nOn Mon, 20 Nov 2026 at 10:15, Anna Smith <anna@acme.com>\nwrote:\n> hi";
        assert_eq!(new_text(t), "Yes.");
    }

    #[test]
    fn the_closing_and_name_stay_and_the_contact_block_goes() {
        let t = "Ваш заказ отправлен.\n\nС уважением,\nАнна Петрова\nСлужба поддержки «Ромашка»\n+7 495 000-00-00";
        assert_eq!(
            new_text(t),
            "Ваш заказ отправлен.\n\nС уважением,\nАнна Петрова"
        );
        let dash = "Done.\n-- \nAnna\nAcme Ltd";
        assert_eq!(new_text(dash), "Done.");
    }

    #[test]
    fn a_thanks_that_starts_a_paragraph_is_not_a_signature() {
        let mut t = String::from("Thanks,\n");
        for i in 0..12 {
            t.push_str(&format!("line {i}\n"));
        }
        assert!(new_text(&t).contains("line 11"));
    }

    #[test]
    fn reply_prefixes_are_stripped_without_slicing_inside_a_character() {
        assert_eq!(strip_reply_prefixes("Re: RE: Заказ"), "Заказ");
        assert_eq!(strip_reply_prefixes("Ответ: вопрос"), "вопрос");
        assert_eq!(
            strip_reply_prefixes("\u{212a}\u{212a}re: x"),
            "\u{212a}\u{212a}re: x"
        );
    }

    #[test]
    fn senders_are_placed_by_domain_address_and_name() {
        let domains = vec!["acme.hu".to_string()];
        assert_eq!(side(Some("anna@acme.hu"), None, &domains).0, Speaker::Agent);
        assert_eq!(
            side(Some("anna@mail.acme.hu"), None, &domains).0,
            Speaker::Agent
        );
        assert_eq!(
            side(Some("bob@gmail.com"), None, &domains).0,
            Speaker::Customer
        );
        assert_eq!(side(Some("support@shop.ru"), None, &[]).0, Speaker::Agent);
        assert_eq!(side(Some("olga@mail.ru"), None, &[]).0, Speaker::Customer);
        assert_eq!(
            side(Some("a@x.io"), Some("Служба поддержки X"), &[]).0,
            Speaker::Agent
        );
        assert_eq!(side(Some("peter@kovacs.hu"), None, &[]).0, Speaker::Unknown);
    }
}
