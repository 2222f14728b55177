//! CSV headers: which column is which, for turn-per-row CSV and for reviews.
//!
//! Headers are compared after folding case, `ё`, spaces, `_`, `-` and punctuation away, so
//! "Conversation ID", "conversation_id" and "ConversationId" are one name. Synonyms come in
//! English, Russian and Hungarian, because that is what exports from local CRMs use.
//! `--column-map` overrides the guess.

use crate::{Format, FormatError};

/// A column Hearback understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    ConversationId,
    Speaker,
    Text,
    Start,
    End,
    At,
    /// "time": a date-time when it parses as one, else seconds from the start.
    Time,
    Agent,
    AgentId,
    Customer,
    CustomerId,
    Channel,
    StartedAt,
    Language,
    Team,
    // Reviews only.
    Rating,
    Title,
    Reply,
    /// A column kept in `meta` under its canonical name.
    Meta(&'static str),
}

/// A column's canonical name (what `--column-map` takes) and the header spellings it matches.
pub(crate) struct Spec {
    pub col: Col,
    pub name: &'static str,
    pub synonyms: &'static [&'static str],
}

const CONVERSATION_ID: &[&str] = &[
    "conversationid",
    "conversation",
    "id",
    "callid",
    "call",
    "dialogid",
    "dialog",
    "dialogueid",
    "dialogue",
    "chatid",
    "chat",
    "ticketid",
    "ticket",
    "sessionid",
    "session",
    "threadid",
    "thread",
    "contactid",
    "interactionid",
    "caseid",
    "iddialoga",
    "диалог",
    "idдиалога",
    "иддиалога",
    "номердиалога",
    "звонок",
    "идзвонка",
    "номерзвонка",
    "разговор",
    "чат",
    "обращение",
    "номеробращения",
    "тикет",
    "идентификатор",
    "beszelgetes",
    "beszélgetés",
    "hívás",
    "hívásazonosító",
    "azonosító",
    "beszélgetésazonosító",
    "jegy",
    "ügyszám",
];
const SPEAKER: &[&str] = &[
    "speaker",
    "role",
    "speakerrole",
    "from",
    "author",
    "sender",
    "who",
    "participant",
    "participantrole",
    "speakertype",
    "usertype",
    "side",
    "роль",
    "говорящий",
    "спикер",
    "отправитель",
    "автор",
    "кто",
    "участник",
    "szerep",
    "beszélő",
    "küldő",
    "szerző",
    "ki",
    "résztvevő",
];
const TEXT: &[&str] = &[
    "text",
    "message",
    "utterance",
    "content",
    "transcript",
    "body",
    "msg",
    "phrase",
    "sentence",
    "messagetext",
    "текст",
    "сообщение",
    "реплика",
    "фраза",
    "szöveg",
    "üzenet",
    "mondat",
];
const START: &[&str] = &[
    "start",
    "starttime",
    "startsec",
    "startseconds",
    "begin",
    "begintime",
    "offset",
    "startoffset",
    "начало",
    "старт",
    "kezdet",
    "kezdés",
];
const END: &[&str] = &[
    "end",
    "endtime",
    "endsec",
    "endseconds",
    "stop",
    "finish",
    "endoffset",
    "конец",
    "окончание",
    "vég",
    "vége",
    "befejezés",
];
const AT: &[&str] = &[
    "at",
    "timestamp",
    "datetime",
    "sentat",
    "createdat",
    "date",
    "messagetime",
    "ts",
    "датавремя",
    "дата",
    "времясообщения",
    "időpont",
    "dátum",
];
const TIME: &[&str] = &["time", "время", "idő"];
const AGENT: &[&str] = &[
    "agent",
    "agentname",
    "operator",
    "operatorname",
    "employee",
    "employeename",
    "оператор",
    "сотрудник",
    "менеджер",
    "агент",
    "фиооператора",
    "ügyintéző",
    "operátor",
    "munkatárs",
];
const AGENT_ID: &[&str] = &[
    "agentid",
    "operatorid",
    "employeeid",
    "idоператора",
    "идоператора",
    "ügyintézőazonosító",
];
const CUSTOMER: &[&str] = &[
    "customer",
    "customername",
    "client",
    "clientname",
    "caller",
    "callername",
    "клиент",
    "имяклиента",
    "фиоклиента",
    "ügyfél",
    "ügyfélneve",
    "ügyfélnév",
];
const CUSTOMER_ID: &[&str] = &[
    "customerid",
    "clientid",
    "callerid",
    "userid",
    "idклиента",
    "идклиента",
    "ügyfélazonosító",
];
const CHANNEL: &[&str] = &["channel", "medium", "канал", "csatorna"];
const STARTED_AT: &[&str] = &[
    "startedat",
    "calldate",
    "callstart",
    "conversationstart",
    "началозвонка",
    "датазвонка",
    "hívásideje",
];
const LANGUAGE: &[&str] = &["language", "lang", "locale", "язык", "nyelv"];
const TEAM: &[&str] = &[
    "team",
    "group",
    "department",
    "queue",
    "команда",
    "отдел",
    "группа",
    "очередь",
    "csapat",
    "osztály",
    "csoport",
];
const REVIEW_TEXT: &[&str] = &[
    "review",
    "reviewtext",
    "comment",
    "comments",
    "feedback",
    "complaint",
    "complainttext",
    "text",
    "body",
    "message",
    "content",
    "отзыв",
    "текстотзыва",
    "текст",
    "комментарий",
    "жалоба",
    "сообщение",
    "претензия",
    "vélemény",
    "szöveg",
    "megjegyzés",
    "panasz",
    "hozzászólás",
    "üzenet",
];
/// Text columns only reviews have.
const REVIEW_ONLY: &[&str] = &[
    "review",
    "reviewtext",
    "comment",
    "comments",
    "feedback",
    "complaint",
    "complainttext",
    "отзыв",
    "текстотзыва",
    "комментарий",
    "жалоба",
    "претензия",
    "vélemény",
    "megjegyzés",
    "panasz",
    "hozzászólás",
];
const RATING: &[&str] = &[
    "rating",
    "stars",
    "score",
    "grade",
    "rate",
    "оценка",
    "рейтинг",
    "звезды",
    "балл",
    "értékelés",
    "pontszám",
    "csillag",
    "csillagok",
    "osztályzat",
];
const REVIEW_DATE: &[&str] = &[
    "date",
    "createdat",
    "created",
    "time",
    "timestamp",
    "reviewdate",
    "publishedat",
    "datetime",
    "дата",
    "время",
    "датаотзыва",
    "dátum",
    "időpont",
];
const AUTHOR: &[&str] = &[
    "author",
    "name",
    "customer",
    "customername",
    "user",
    "username",
    "reviewer",
    "client",
    "автор",
    "имя",
    "клиент",
    "пользователь",
    "szerző",
    "név",
    "ügyfél",
    "felhasználó",
];
const REVIEW_ID: &[&str] = &["id", "reviewid", "номер", "номеротзыва", "azonosító"];
const TITLE: &[&str] = &[
    "title",
    "subject",
    "headline",
    "заголовок",
    "тема",
    "cím",
    "tárgy",
];
const REPLY: &[&str] = &[
    "reply",
    "response",
    "answer",
    "companyreply",
    "companyresponse",
    "ownerresponse",
    "ответ",
    "ответкомпании",
    "válasz",
    "cégválasz",
];
const SOURCE: &[&str] = &["source", "site", "источник", "площадка", "forrás", "oldal"];
const PLATFORM: &[&str] = &["platform", "платформа", "app", "приложение"];
const PRODUCT: &[&str] = &[
    "product",
    "item",
    "sku",
    "товар",
    "продукт",
    "услуга",
    "termék",
    "szolgáltatás",
];
const STORE: &[&str] = &[
    "store",
    "shop",
    "branch",
    "location",
    "магазин",
    "филиал",
    "точка",
    "bolt",
    "üzlet",
    "fiók",
];

/// The columns of turn-per-row CSV.
pub(crate) const TURN_COLUMNS: &[Spec] = &[
    Spec {
        col: Col::ConversationId,
        name: "conversation_id",
        synonyms: CONVERSATION_ID,
    },
    Spec {
        col: Col::Speaker,
        name: "speaker",
        synonyms: SPEAKER,
    },
    Spec {
        col: Col::Text,
        name: "text",
        synonyms: TEXT,
    },
    Spec {
        col: Col::Start,
        name: "start",
        synonyms: START,
    },
    Spec {
        col: Col::End,
        name: "end",
        synonyms: END,
    },
    Spec {
        col: Col::At,
        name: "at",
        synonyms: AT,
    },
    Spec {
        col: Col::Time,
        name: "time",
        synonyms: TIME,
    },
    Spec {
        col: Col::AgentId,
        name: "agent_id",
        synonyms: AGENT_ID,
    },
    Spec {
        col: Col::Agent,
        name: "agent",
        synonyms: AGENT,
    },
    Spec {
        col: Col::CustomerId,
        name: "customer_id",
        synonyms: CUSTOMER_ID,
    },
    Spec {
        col: Col::Customer,
        name: "customer",
        synonyms: CUSTOMER,
    },
    Spec {
        col: Col::Channel,
        name: "channel",
        synonyms: CHANNEL,
    },
    Spec {
        col: Col::StartedAt,
        name: "started_at",
        synonyms: STARTED_AT,
    },
    Spec {
        col: Col::Language,
        name: "language",
        synonyms: LANGUAGE,
    },
    Spec {
        col: Col::Team,
        name: "team",
        synonyms: TEAM,
    },
];

/// The columns of a reviews CSV.
pub(crate) const REVIEW_COLUMNS: &[Spec] = &[
    Spec {
        col: Col::Text,
        name: "text",
        synonyms: REVIEW_TEXT,
    },
    Spec {
        col: Col::Rating,
        name: "rating",
        synonyms: RATING,
    },
    Spec {
        col: Col::ConversationId,
        name: "id",
        synonyms: REVIEW_ID,
    },
    Spec {
        col: Col::StartedAt,
        name: "date",
        synonyms: REVIEW_DATE,
    },
    Spec {
        col: Col::CustomerId,
        name: "customer_id",
        synonyms: CUSTOMER_ID,
    },
    Spec {
        col: Col::Customer,
        name: "author",
        synonyms: AUTHOR,
    },
    Spec {
        col: Col::Title,
        name: "title",
        synonyms: TITLE,
    },
    Spec {
        col: Col::Reply,
        name: "reply",
        synonyms: REPLY,
    },
    Spec {
        col: Col::Channel,
        name: "channel",
        synonyms: CHANNEL,
    },
    Spec {
        col: Col::Language,
        name: "language",
        synonyms: LANGUAGE,
    },
    Spec {
        col: Col::Agent,
        name: "agent",
        synonyms: AGENT,
    },
    Spec {
        col: Col::Team,
        name: "team",
        synonyms: TEAM,
    },
    Spec {
        col: Col::Meta("source"),
        name: "source",
        synonyms: SOURCE,
    },
    Spec {
        col: Col::Meta("platform"),
        name: "platform",
        synonyms: PLATFORM,
    },
    Spec {
        col: Col::Meta("product"),
        name: "product",
        synonyms: PRODUCT,
    },
    Spec {
        col: Col::Meta("store"),
        name: "store",
        synonyms: STORE,
    },
];

/// Folds a header for comparison: lower case, `ё`→`е`, letters and digits only.
pub(crate) fn fold(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Which header index each known column is in.
#[derive(Debug, Default)]
pub(crate) struct Mapping {
    pub found: Vec<(Col, usize)>,
}

impl Mapping {
    pub fn get(&self, col: Col) -> Option<usize> {
        self.found.iter().find(|(c, _)| *c == col).map(|(_, i)| *i)
    }
}

/// Matches headers to columns: `--column-map` first, then synonyms. Each header serves one
/// column. A map entry naming an unknown field or a missing column is an error, because a typo
/// there would otherwise silently fall back to guessing.
pub(crate) fn resolve(
    headers: &[String],
    specs: &[Spec],
    column_map: &[(String, String)],
) -> Result<Mapping, FormatError> {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let mut mapping = Mapping::default();
    let mut taken = vec![false; headers.len()];
    for (ours, theirs) in column_map {
        let o = fold(ours);
        let Some(spec) = specs
            .iter()
            .find(|s| fold(s.name) == o)
            .or_else(|| specs.iter().find(|s| s.synonyms.contains(&o.as_str())))
        else {
            let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
            return Err(FormatError::new(format!(
                "--column-map names `{ours}`, which is not a field; fields are {}",
                names.join(", ")
            ))
            .in_field(ours.clone()));
        };
        let t = theirs.trim();
        let Some(i) = headers
            .iter()
            .position(|h| h.trim() == t)
            .or_else(|| {
                headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(t))
            })
            .or_else(|| folded.iter().position(|h| *h == fold(t)))
        else {
            return Err(FormatError::new(format!(
                "--column-map maps `{ours}` to column `{theirs}`, which is not in the header; found {}",
                list(headers)
            ))
            .at_line(1)
            .in_field(ours.clone()));
        };
        mapping.found.retain(|(c, _)| *c != spec.col);
        mapping.found.push((spec.col, i));
        taken[i] = true;
    }
    for spec in specs {
        if mapping.get(spec.col).is_some() {
            continue;
        }
        let hit = spec.synonyms.iter().find_map(|syn| {
            folded
                .iter()
                .enumerate()
                .find(|(i, h)| !taken[*i] && h.as_str() == *syn)
                .map(|(i, _)| i)
        });
        if let Some(i) = hit {
            mapping.found.push((spec.col, i));
            taken[i] = true;
        }
    }
    Ok(mapping)
}

/// The headers as a list for a message: `` `a`, `b`, `c` ``.
pub(crate) fn list(headers: &[String]) -> String {
    if headers.is_empty() {
        return "no columns".to_string();
    }
    headers
        .iter()
        .map(|h| format!("`{}`", h.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The separator of a CSV header line: the most frequent of `,` `;` and tab outside quotes
/// (Excel in Russian and Hungarian locales writes `;`); `.tsv` means tab.
pub(crate) fn separator(first_line: &str, ext: &str) -> u8 {
    if ext == "tsv" {
        return b'\t';
    }
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in first_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    seps[best]
}

/// Splits a header line on the separator, unquoting; good enough to recognise column names
/// (the reader itself uses the csv crate).
fn header_fields(line: &str, sep: u8) -> Vec<String> {
    line.split(char::from(sep))
        .map(|f| f.trim().trim_matches('"').to_string())
        .collect()
}

/// CSV when the header has a text and a speaker column, reviews when it has a text-like column
/// and no speaker; anything else is not for these readers.
pub(crate) fn sniff(ext: &str, text: &str) -> Option<Format> {
    let first = text.lines().next()?.trim_start_matches('\u{feff}');
    let sep = separator(first, ext);
    let headers = header_fields(first, sep);
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let has = |syns: &[&str]| folded.iter().any(|h| syns.contains(&h.as_str()));
    let csv_like = headers.len() >= 2 || matches!(ext, "csv" | "tsv");
    if !csv_like || first.len() > 4096 {
        return None;
    }
    // "Автор" or "author" can name a review's writer as well as a turn's speaker; a review-only
    // text column ("отзыв", "complaint") settles it.
    // A rating beside an "author" (`id,date,author,rating,text`) is a review site's export, unless
    // a column names the turn's role outright.
    let turn_role = has(&[
        "speaker",
        "role",
        "speakerrole",
        "роль",
        "говорящий",
        "спикер",
        "szerep",
        "beszélő",
    ]);
    if has(TEXT) && has(SPEAKER) && !has(REVIEW_ONLY) && (turn_role || !has(RATING)) {
        Some(Format::Csv)
    } else if has(REVIEW_TEXT) {
        Some(Format::Reviews)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn an_author_with_a_rating_is_a_review_export_and_a_role_column_is_turns() {
        let reviews = "id,date,author,rating,text,source\nrv-1,2026-11-19,Ann,5,Great,Trustpilot\n";
        assert_eq!(sniff("csv", reviews), Some(Format::Reviews));
        let chat = "conversation_id,author,text\nc1,agent,Hello\n";
        assert_eq!(sniff("csv", chat), Some(Format::Csv));
        let scored = "conversation_id,role,text,score\nc1,agent,Hello,0.5\n";
        assert_eq!(sniff("csv", scored), Some(Format::Csv));
    }

    #[test]
    fn headers_match_in_three_languages_and_any_spelling() {
        let m = resolve(
            &h(&["Conversation ID", "Роль", "Szöveg"]),
            TURN_COLUMNS,
            &[],
        )
        .unwrap();
        assert_eq!(m.get(Col::ConversationId), Some(0));
        assert_eq!(m.get(Col::Speaker), Some(1));
        assert_eq!(m.get(Col::Text), Some(2));
    }

    #[test]
    fn the_column_map_overrides_and_typos_in_it_are_errors() {
        let map = vec![("text".to_string(), "Message".to_string())];
        let m = resolve(&h(&["Who", "Message", "text"]), TURN_COLUMNS, &map).unwrap();
        assert_eq!(m.get(Col::Text), Some(1));
        let bad = vec![("txet".to_string(), "Message".to_string())];
        assert!(resolve(&h(&["Message"]), TURN_COLUMNS, &bad).is_err());
        let missing = vec![("text".to_string(), "Body".to_string())];
        let e = resolve(&h(&["Message"]), TURN_COLUMNS, &missing).unwrap_err();
        assert!(e.reason.contains("`Message`"), "{}", e.reason);
    }

    #[test]
    fn separators_are_sniffed() {
        assert_eq!(separator("a;b;c", "csv"), b';');
        assert_eq!(separator("a,b,\"c;d\"", "csv"), b',');
        assert_eq!(separator("a\tb", ""), b'\t');
    }

    #[test]
    fn csv_and_reviews_are_told_apart_by_their_header() {
        assert_eq!(sniff("csv", "id,speaker,text\n"), Some(Format::Csv));
        assert_eq!(sniff("csv", "отзыв;оценка\n"), Some(Format::Reviews));
        assert_eq!(sniff("", "name,age\n"), None);
    }
}
