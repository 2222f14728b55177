//! Rationales in ru, hu and en: the sentence beside each verdict that says what was heard, or
//! why the criterion does not apply.
//!
//! Why templates with placeholders rather than one fixed sentence per check kind: a scorecard
//! author knows what the criterion means ("оператор поздоровался"), the engine knows where and
//! what was found ("в первой реплике", «Добрый день»). `pass_note`/`fail_note` in the TOML join
//! the two; the generic sentences here are used when the card gives none.

use crate::conversation::Channel;
use crate::detectors::Evidence;
use crate::language::Lang;

use super::check::{Scope, SpeakerFilter, Within};

/// Values a template may use, already rendered in the rationale's language.
#[derive(Debug, Default, Clone)]
pub(crate) struct Vars {
    pub speaker: String,
    pub quotes: String,
    pub where_: String,
    pub scope: String,
    pub example: String,
    pub missing: String,
    pub count: String,
    pub value: String,
    pub limit: String,
    pub times: String,
}

/// Replaces `{speaker}`, `{quotes}`, `{where}`, `{scope}`, `{example}`, `{missing}`, `{count}`,
/// `{value}`, `{limit}` and `{times}`; tidies the spaces an empty value leaves.
pub(crate) fn fill(template: &str, v: &Vars) -> String {
    // One pass: a value is never read as a template, so a customer's words that happen to
    // contain "{count}" are quoted as said.
    let mut s = String::with_capacity(template.len() + v.quotes.len() + v.where_.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        s.push_str(&rest[..open]);
        let after = &rest[open..];
        let filled = after
            .find('}')
            .and_then(|close| Some((close, value(&after[1..close], v)?)));
        match filled {
            Some((close, val)) => {
                s.push_str(val);
                rest = &after[close + 1..];
            }
            None => {
                s.push('{');
                rest = &after[1..];
            }
        }
    }
    s.push_str(rest);
    tidy(&s)
}

fn value<'v>(name: &str, v: &'v Vars) -> Option<&'v str> {
    Some(match name {
        "speaker" => &v.speaker,
        "quotes" => &v.quotes,
        "where" => &v.where_,
        "scope" => &v.scope,
        "example" => &v.example,
        "missing" => &v.missing,
        "count" => &v.count,
        "value" => &v.value,
        "limit" => &v.limit,
        "times" => &v.times,
        _ => return None,
    })
}

/// Collapses runs of white space and drops the space an empty value leaves before `:`, `,`,
/// `;` or `.`.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() && !word.starts_with([':', ',', ';', '.']) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The language rationales are written in: the conversation's, English for unsupported ones.
pub(crate) fn lang_of(lang: Lang) -> Lang {
    if lang.is_supported() { lang } else { Lang::En }
}

/// Picks the ru/hu/en variant.
pub(crate) fn pick<'a>(lang: Lang, ru: &'a str, hu: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ru => ru,
        Lang::Hu => hu,
        _ => en,
    }
}

pub(crate) fn speaker(lang: Lang, s: SpeakerFilter) -> &'static str {
    match s {
        SpeakerFilter::Agent => pick(lang, "оператор", "az ügyintéző", "agent"),
        SpeakerFilter::Customer => pick(lang, "клиент", "az ügyfél", "customer"),
        SpeakerFilter::Any => pick(lang, "кто-то из собеседников", "valaki", "someone"),
    }
}

pub(crate) fn quote(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Ru => format!("«{s}»"),
        Lang::Hu => format!("„{s}”"),
        _ => format!("“{s}”"),
    }
}

/// Up to three distinct quotes, then "and N more".
pub(crate) fn quotes(lang: Lang, evidence: &[Evidence]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for e in evidence {
        if !seen.contains(&e.quote.as_str()) {
            seen.push(&e.quote);
        }
    }
    let shown: Vec<String> = seen.iter().take(3).map(|q| quote(lang, q)).collect();
    let mut s = shown.join(", ");
    if seen.len() > 3 {
        let more = seen.len() - 3;
        s.push_str(&match lang {
            Lang::Ru => format!(" и ещё {more}"),
            Lang::Hu => format!(" és még {more}"),
            _ => format!(" and {more} more"),
        });
    }
    s
}

/// "in the first turn" / «в первой реплике» / "az első megszólalásban" for a 0-based turn.
pub(crate) fn where_(lang: Lang, turn: usize) -> String {
    let n = turn + 1;
    const EN: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    const RU: [&str; 10] = [
        "в первой",
        "во второй",
        "в третьей",
        "в четвёртой",
        "в пятой",
        "в шестой",
        "в седьмой",
        "в восьмой",
        "в девятой",
        "в десятой",
    ];
    const HU: [&str; 10] = [
        "az első",
        "a második",
        "a harmadik",
        "a negyedik",
        "az ötödik",
        "a hatodik",
        "a hetedik",
        "a nyolcadik",
        "a kilencedik",
        "a tizedik",
    ];
    match (lang, n) {
        (Lang::Ru, 1..=10) => format!("{} реплике", RU[n - 1]),
        (Lang::Ru, _) => format!("в реплике {n}"),
        (Lang::Hu, 1..=10) => format!("{} megszólalásban", HU[n - 1]),
        (Lang::Hu, _) => format!("{} {n}. megszólalásban", hu_article(n)),
        (_, 1..=10) => format!("in the {} turn", EN[n - 1]),
        _ => format!("in turn {n}"),
    }
}

/// Hungarian "a"/"az" before a number read aloud: "az 5.", "az 1000.", but "a 12.".
fn hu_article(n: usize) -> &'static str {
    let vowel = n == 1
        || n == 5
        || (50..60).contains(&n)
        || (500..600).contains(&n)
        || (1000..2000).contains(&n);
    if vowel { "az" } else { "a" }
}

/// "in the agent's first 2 turns" / «в первых 2 репликах оператора» / "az ügyintéző első 2 megszólalásában".
pub(crate) fn scope(lang: Lang, who: SpeakerFilter, scope: &Scope) -> String {
    let (en_poss, ru_gen, hu_poss) = match who {
        SpeakerFilter::Agent => ("the agent's", " оператора", "az ügyintéző"),
        SpeakerFilter::Customer => ("the customer's", " клиента", "az ügyfél"),
        SpeakerFilter::Any => ("the", "", "a beszélgetés"),
    };
    let within = match scope.within {
        None if scope.between_seconds.is_some() => String::new(),
        None => pick(
            lang,
            "в разговоре",
            "a beszélgetésben",
            "in the conversation",
        )
        .to_string(),
        Some(Within::FirstTurns(1)) => match lang {
            Lang::Ru => format!("в первой реплике{ru_gen}"),
            Lang::Hu => format!("{hu_poss} első megszólalásában"),
            _ => format!("in {en_poss} first turn"),
        },
        Some(Within::FirstTurns(n)) => match lang {
            Lang::Ru => format!("в первых {n} репликах{ru_gen}"),
            Lang::Hu => format!("{hu_poss} első {n} megszólalásában"),
            _ => format!("in {en_poss} first {n} turns"),
        },
        Some(Within::LastTurns(1)) => match lang {
            Lang::Ru => format!("в последней реплике{ru_gen}"),
            Lang::Hu => format!("{hu_poss} utolsó megszólalásában"),
            _ => format!("in {en_poss} last turn"),
        },
        Some(Within::LastTurns(n)) => match lang {
            Lang::Ru => format!("в последних {n} репликах{ru_gen}"),
            Lang::Hu => format!("{hu_poss} utolsó {n} megszólalásában"),
            _ => format!("in {en_poss} last {n} turns"),
        },
        Some(Within::FirstSeconds(s)) => match lang {
            Lang::Ru => format!("в первые {s} с"),
            Lang::Hu => format!("az első {s} másodpercben"),
            _ => format!("in the first {s} s"),
        },
        Some(Within::LastSeconds(s)) => match lang {
            Lang::Ru => format!("в последние {s} с"),
            Lang::Hu => format!("az utolsó {s} másodpercben"),
            _ => format!("in the last {s} s"),
        },
    };
    let between = scope.between_seconds.map(|(a, b)| match lang {
        Lang::Ru => format!("между {a} и {b} с"),
        Lang::Hu => format!("{a} és {b} másodperc között"),
        _ => format!("between {a} and {b} s"),
    });
    match between {
        Some(b) if within.is_empty() => b,
        Some(b) => format!("{within}, {b}"),
        None => within,
    }
}

/// Generic phrase-check sentences.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PhraseNote {
    /// Found, and the standard wanted it (or found, and it should have been absent).
    Found,
    /// Nothing found, and the standard wanted it.
    NotFound,
    /// Nothing found, and the standard wanted it absent.
    AbsentOk,
    /// The main phrase was found but the `also` list was not.
    AlsoMissing,
    /// Found fewer times than `min_count`.
    TooFew,
}

pub(crate) fn phrase_template(lang: Lang, note: PhraseNote) -> &'static str {
    match note {
        PhraseNote::Found => pick(
            lang,
            "{speaker} сказал {quotes} {where}",
            "{speaker} {where} ezt mondta: {quotes}",
            "{speaker} said {quotes} {where}",
        ),
        PhraseNote::NotFound => pick(
            lang,
            "{speaker} не сказал ничего похожего на {example} {scope}",
            "{speaker} nem mondott olyat, mint {example}, {scope}",
            "{speaker} said nothing like {example} {scope}",
        ),
        PhraseNote::AbsentOk => pick(
            lang,
            "{speaker} не произнёс ни одной фразы из списка (например, {example}) {scope}",
            "{speaker} a lista egyetlen kifejezését sem mondta (például {example}) {scope}",
            "{speaker} said none of the listed phrases (such as {example}) {scope}",
        ),
        PhraseNote::AlsoMissing => pick(
            lang,
            "{speaker} сказал {quotes}, но ничего похожего на {missing}",
            "{speaker} ezt mondta: {quotes}, de olyat nem, mint {missing}",
            "{speaker} said {quotes}, but nothing like {missing}",
        ),
        PhraseNote::TooFew => pick(
            lang,
            "{speaker} сказал {quotes} — {count} раз(а), а нужно не меньше {limit}",
            "{speaker} ezt mondta: {quotes} ({count} alkalommal), de legalább {limit} kell",
            "{speaker} said {quotes} {count} time(s); the standard asks for at least {limit}",
        ),
    }
}

/// Why a conversation in an unsupported language is not scored.
pub(crate) fn unsupported_language(lang: Lang) -> String {
    pick(
        lang,
        "язык разговора не поддерживается (поддерживаются русский, венгерский и английский), критерий не оценивается",
        "a beszélgetés nyelve nem támogatott (orosz, magyar és angol az), a szempont nem értékelhető",
        "the conversation's language is not supported (Russian, Hungarian and English are), so the criterion is not scored",
    )
    .to_string()
}

/// Why a check about a speaker who never speaks does not apply.
pub(crate) fn silent(lang: Lang, who: SpeakerFilter) -> String {
    match who {
        SpeakerFilter::Agent => pick(
            lang,
            "в разговоре нет реплик оператора",
            "a beszélgetésben nincs ügyintézői megszólalás",
            "the agent says nothing in this conversation",
        ),
        SpeakerFilter::Customer => pick(
            lang,
            "в разговоре нет реплик клиента",
            "a beszélgetésben nincs ügyfél-megszólalás",
            "the customer says nothing in this conversation",
        ),
        SpeakerFilter::Any => pick(
            lang,
            "в разговоре нет реплик",
            "a beszélgetésben nincs megszólalás",
            "nobody speaks in this conversation",
        ),
    }
    .to_string()
}

pub(crate) fn no_supported_turns(lang: Lang) -> String {
    pick(
        lang,
        "ни одна реплика в проверяемой части не на поддерживаемом языке",
        "az ellenőrzött részben egyetlen megszólalás sem támogatott nyelvű",
        "no turn in the checked part is in a supported language",
    )
    .to_string()
}

pub(crate) fn channel(lang: Lang, c: Channel) -> String {
    let name = match c {
        Channel::Call => pick(lang, "звонкам", "a hívásokra", "calls"),
        Channel::Chat => pick(lang, "чатам", "a chatekre", "chats"),
        Channel::Email => pick(lang, "письмам", "az e-mailekre", "e-mails"),
        Channel::Review => pick(lang, "отзывам", "az értékelésekre", "reviews"),
        Channel::Other => pick(
            lang,
            "прочим каналам",
            "az egyéb csatornákra",
            "other channels",
        ),
    };
    match lang {
        Lang::Ru => format!("критерий не применяется к {name}"),
        Lang::Hu => format!("a szempont nem vonatkozik {name}"),
        _ => format!("the criterion does not apply to {name}"),
    }
}

pub(crate) fn no_timestamps(lang: Lang) -> String {
    pick(
        lang,
        "нет временных меток, поэтому время оценить нельзя",
        "nincsenek időbélyegek, így az időzítés nem ítélhető meg",
        "no timestamps, so timing cannot be judged",
    )
    .to_string()
}

pub(crate) fn no_customer_name(lang: Lang) -> String {
    pick(
        lang,
        "имя клиента неизвестно",
        "az ügyfél neve nem ismert",
        "the customer's name is unknown",
    )
    .to_string()
}

pub(crate) fn no_agent_name(lang: Lang) -> String {
    pick(
        lang,
        "имя оператора неизвестно",
        "az ügyintéző neve nem ismert",
        "the agent's name is unknown",
    )
    .to_string()
}

pub(crate) fn phrase_absent(lang: Lang, example: &str) -> String {
    match lang {
        Lang::Ru => format!("ничего похожего на {example} не прозвучало"),
        Lang::Hu => format!("nem hangzott el olyan, mint {example}"),
        _ => format!("nothing like {example} was said"),
    }
}

pub(crate) fn phrase_found(lang: Lang, quotes: &str) -> String {
    match lang {
        Lang::Ru => format!("прозвучало {quotes}"),
        Lang::Hu => format!("elhangzott: {quotes}"),
        _ => format!("{quotes} was said"),
    }
}

pub(crate) fn no_silence(lang: Lang, seconds: f64) -> String {
    match lang {
        Lang::Ru => format!("пауз от {seconds} с не было"),
        Lang::Hu => format!("nem volt legalább {seconds} másodperces csend"),
        _ => format!("there was no silence of {seconds} s or longer"),
    }
}

pub(crate) fn no_agent_pause(lang: Lang, seconds: f64) -> String {
    match lang {
        Lang::Ru => format!("оператор не молчал {seconds} с и дольше"),
        Lang::Hu => format!("az ügyintéző nem hallgatott {seconds} másodpercig vagy tovább"),
        _ => format!("the agent never went quiet for {seconds} s or longer"),
    }
}

/// What a built-in detector (or one kind of its findings) finds, as a noun phrase in `lang`,
/// for rationales of detector checks; an unknown id is shown quoted.
pub(crate) fn detector_label(lang: Lang, detector: &str, kind: Option<&str>) -> String {
    let (ru, hu, en) = match (detector, kind) {
        ("introduction", Some("name")) => {
            ("имя оператора", "az ügyintéző neve", "the agent's name")
        }
        ("introduction", Some("company")) => {
            ("название компании", "a cég neve", "the company's name")
        }
        ("closing", Some("thanks")) => ("благодарность", "köszönet", "thanks"),
        ("closing", Some("offer")) => (
            "предложение помощи",
            "további segítség felajánlása",
            "an offer of more help",
        ),
        ("closing", Some("farewell")) => ("прощание", "elköszönés", "a goodbye"),
        ("greeting", _) => ("приветствие", "köszönés", "a greeting"),
        ("introduction", _) => ("представление", "bemutatkozás", "an introduction"),
        ("customer-name", _) => (
            "обращение по имени",
            "megszólítás néven",
            "the customer's name",
        ),
        ("closing", _) => ("завершение разговора", "zárás", "a closing"),
        ("rudeness", _) => ("грубость", "udvariatlanság", "rudeness"),
        ("arguing", _) => ("спор с клиентом", "vita az ügyféllel", "arguing"),
        ("disparaging", _) => (
            "пренебрежительный отзыв о других",
            "mások becsmérlése",
            "disparaging others",
        ),
        ("pressure", _) => ("давление", "nyomásgyakorlás", "pressure"),
        ("apology-empathy", _) => (
            "извинение или сочувствие",
            "bocsánatkérés vagy együttérzés",
            "an apology or empathy",
        ),
        ("hold-announced", _) => (
            "предупреждение об ожидании",
            "a várakoztatás bejelentése",
            "a hold announcement",
        ),
        ("thanks-for-waiting", _) => (
            "благодарность за ожидание",
            "köszönet a várakozásért",
            "thanks for waiting",
        ),
        ("unannounced-hold", _) => (
            "ожидание без предупреждения",
            "bejelentés nélküli várakoztatás",
            "an unannounced hold",
        ),
        ("interruption", _) => (
            "перебивание клиента",
            "az ügyfél félbeszakítása",
            "interrupting the customer",
        ),
        ("offer", _) => ("предложение", "ajánlat", "an offer"),
        ("benefit-language", _) => (
            "выгода для клиента",
            "az ügyfél előnye",
            "what the offer gives the customer",
        ),
        ("vague-promise", _) => (
            "обещание без срока",
            "határidő nélküli ígéret",
            "a promise without a time",
        ),
        ("specific-promise", _) => (
            "обещание со сроком",
            "határidős ígéret",
            "a promise with a time",
        ),
        _ => return quote(lang, kind.unwrap_or(detector)),
    };
    pick(lang, ru, hu, en).to_string()
}

/// A detector check's generic sentence for what was found: «приветствие в первой реплике: …».
pub(crate) fn detector_found(label: &str, where_: &str, quotes: &str) -> String {
    if quotes.is_empty() {
        tidy(label)
    } else {
        tidy(&format!("{label} {where_}: {quotes}"))
    }
}

/// A detector check's generic sentence for what was not found.
pub(crate) fn detector_not_found(lang: Lang, label: &str) -> String {
    match lang {
        Lang::Ru => format!("не найдено: {label}"),
        Lang::Hu => format!("nem található: {label}"),
        _ => format!("not found: {label}"),
    }
}

/// Too few kinds of a detector's findings: "needs at least 2 of: thanks, …; found: a goodbye".
pub(crate) fn too_few_kinds(lang: Lang, need: usize, of: &[String], found: &[String]) -> String {
    let (of, found) = (of.join(", "), found.join(", "));
    match lang {
        Lang::Ru => format!("нужно хотя бы {need} из: {of}; найдено: {found}"),
        Lang::Hu => format!("legalább {need} kell ezek közül: {of}; elhangzott: {found}"),
        _ => format!("needs at least {need} of: {of}; found: {found}"),
    }
}

/// An N/A condition that held: none of these detectors found anything.
pub(crate) fn detectors_absent(lang: Lang, labels: &[String]) -> String {
    let l = labels.join(pick(lang, " или ", " vagy ", " or "));
    detector_not_found(lang, &l)
}

/// The customer's name was neither given in the metadata nor said in the conversation.
pub(crate) fn customer_name_unknown(lang: Lang) -> String {
    pick(
        lang,
        "имя клиента неизвестно: его нет в данных и клиент его не называл",
        "az ügyfél neve nem ismert: az adatokban nincs, és az ügyfél sem mondta meg",
        "the customer's name is unknown: not in the metadata and never said",
    )
    .to_string()
}

pub(crate) fn and(lang: Lang) -> &'static str {
    pick(lang, " и ", " és ", " and ")
}

pub(crate) fn signal_unavailable(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Ru => format!("сигнал «{name}» недоступен"),
        Lang::Hu => format!("a(z) „{name}” jelzés nem érhető el"),
        _ => format!("signal “{name}” is not available"),
    }
}

/// "at most 0" / "from 0.3 to 0.7" in the rationale's language.
pub(crate) fn limit(lang: Lang, min: Option<f64>, max: Option<f64>, unit: &str) -> String {
    match (min, max) {
        (Some(a), Some(b)) => match lang {
            Lang::Ru => format!("от {a}{unit} до {b}{unit}"),
            Lang::Hu => format!("{a}{unit} és {b}{unit} között"),
            _ => format!("from {a}{unit} to {b}{unit}"),
        },
        (Some(a), None) => match lang {
            Lang::Ru => format!("не меньше {a}{unit}"),
            Lang::Hu => format!("legalább {a}{unit}"),
            _ => format!("at least {a}{unit}"),
        },
        (None, Some(b)) => match lang {
            Lang::Ru => format!("не больше {b}{unit}"),
            Lang::Hu => format!("legfeljebb {b}{unit}"),
            _ => format!("at most {b}{unit}"),
        },
        (None, None) => String::new(),
    }
}

/// "; allowed: at most 0" appended to a failed measurement.
pub(crate) fn allowed(lang: Lang, limit: &str) -> String {
    match lang {
        Lang::Ru => format!("; допустимо {limit}"),
        Lang::Hu => format!("; megengedett: {limit}"),
        _ => format!("; allowed: {limit}"),
    }
}

/// `m:ss` for seconds from the start.
pub(crate) fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A number for humans: at most one decimal, no trailing ".0".
pub(crate) fn number(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    format!("{r}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_in_one_pass_and_tidied() {
        let v = Vars {
            quotes: "«скажите {count}»".into(),
            count: "3".into(),
            ..Vars::default()
        };
        assert_eq!(
            fill("found {count} times {where}: {quotes}", &v),
            "found 3 times: «скажите {count}»"
        );
        assert_eq!(fill("{unknown} {count}", &v), "{unknown} 3");
        assert_eq!(fill("a  { b", &v), "a { b");
        assert_eq!(tidy(" a , b ;c  . "), "a, b;c.");
    }

    #[test]
    fn templates_fill_and_tidy_empty_placeholders() {
        let v = Vars {
            speaker: "agent".into(),
            quotes: "“Hello”".into(),
            ..Vars::default()
        };
        assert_eq!(
            fill("{speaker} said {quotes} {where}.", &v),
            "agent said “Hello”."
        );
    }

    #[test]
    fn ordinals_read_naturally_in_three_languages() {
        assert_eq!(where_(Lang::Ru, 0), "в первой реплике");
        assert_eq!(where_(Lang::Ru, 1), "во второй реплике");
        assert_eq!(where_(Lang::Hu, 4), "az ötödik megszólalásban");
        assert_eq!(where_(Lang::Hu, 11), "a 12. megszólalásban");
        assert_eq!(where_(Lang::En, 2), "in the third turn");
        assert_eq!(where_(Lang::En, 20), "in turn 21");
    }
}
