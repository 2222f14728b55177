//! Time expressions in running text (ru, hu, en): the "when" of a commitment.
//!
//! A *concrete* time is one a customer could hold the business to: «завтра до 12:00», «в течение
//! часа», «до конца дня», «в понедельник», "holnap délig", "egy órán belül", "by 3 pm tomorrow",
//! "within 24 hours", «сейчас». A *vague* one names no deadline: «скоро», «в ближайшее время»,
//! «как-нибудь», "hamarosan", "soon", "at some point", «через пару дней».
//!
//! Why a rule list and not a date parser: promises are scored on whether a deadline was given, not
//! on its calendar value, and the deadline words are a short, closed list per language; the
//! promises ledger resolves dates later from the same spans. Why numbers are handled in code: a
//! phrase list cannot say "any number", and a bare number («тариф за 500») is no time at all —
//! only a number with a unit («24 часа», "3pm", "15:00-ig") or after a time preposition («до 12»,
//! "by 5") is one.

use std::sync::LazyLock;

use super::Token;
use super::phrase_list::{PhraseList, folded_eq, folded_starts_with};

/// Whether a time expression gives a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeKind {
    /// A deadline or moment the customer can hold the business to.
    Concrete,
    /// "Soon", "some time": no deadline.
    Vague,
}

/// A time expression: tokens `start..end` of a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub kind: TimeKind,
}

/// Named times. `[vague]` comes first so that, of two equally long matches, the vague one wins
/// («в течение нескольких дней» is vague although «в течение … дней» is concrete).
const PHRASES: &str = "
[vague]
# ru
скоро
вскоре
в ближайшее время
в ближайшие дни
в скором времени
как-нибудь
когда-нибудь
когда-то
как только ** смогу
как только ** сможем
как только будет возможность
при первой возможности
как можно скорее
как можно быстрее
по возможности
позже
попозже
потом
на днях
со временем
в течение нескольких дн*
в течение нескольких час*
в течение нескольких недел*
в течение нескольких минут
в течение пары дн*
в течение пары час*
в течение ближайш* дн*
в течение ближайш* недел*
в течение ближайшего времени
через несколько дн*
через несколько час*
через несколько недел*
через несколько минут
через пару дн*
через пару час*
через пару недел*
через пару минут
на следующей неделе как-нибудь
# hu
hamarosan
nemsokára
mihamarabb
minél előbb
minél hamarabb
a közeljövőben
később
valamikor
majd egyszer
amint lehet
amint tudok
amint tudunk
amint lehetőség
pár napon belül
pár nap múlva
néhány napon belül
néhány nap múlva
pár órán belül
néhány órán belül
# en
soon
shortly
at some point
sometime
some time
later
in the near future
as soon as possible
as soon as we can
as soon as i can
asap
when i can
when we can
when i get a chance
in due course
eventually
one of these days
in a few days
in a couple of days
in a few hours
in a couple of hours
in a few minutes
in a couple of minutes
within a few days
within a couple of days
within a few hours
within the next few days
in the coming days
over the next few days

[concrete]
# ru
сегодня
завтра
послезавтра
сейчас
прямо сейчас
немедленно
сию минуту
в понедельник
в вторник
во вторник
в среду
в четверг
в пятницу
в субботу
в воскресенье
до понедельника
до вторника
до среды
до четверга
до пятницы
до субботы
до воскресенья
к понедельнику
ко вторнику
к среде
к четвергу
к пятнице
к субботе
к воскресенью
до обеда
после обеда
к обеду
до вечера
к вечеру
с утра
утром
вечером
днем
до конца дня
до конца рабочего дня
до конца недели
до конца месяца
до конца смены
в течение часа
в течение получаса
в течение дня
в течение суток
в течение недели
в течение ** час*
в течение ** минут*
в течение ** дн*
в течение ** суток
в течение ** недел*
через час
через полчаса
через ** час*
через ** минут*
через ** дн*
через ** недел*
за час до
за ** час* до
за ** минут* до
в тот же день
в этот же день
за день
за день до
за сутки
за сутки до
за ** дн* до
накануне
в следующем счете
в следующей квитанции
в следующем месяце
на этой неделе
на следующей неделе
# hu
ma
ma délután
ma délelőtt
ma este
ma estig
mára
holnap
holnapig
holnapután
aznap
még aznap
ugyanazon a napon
azonnal
most
rögtön
hétfőn
kedden
szerdán
csütörtökön
pénteken
szombaton
vasárnap
hétfőig
keddig
szerdáig
csütörtökig
péntekig
szombatig
vasárnapig
délig
délre
délután
délelőtt
délutánig
délelőttig
reggelig
reggel
este
estére
estig
a nap végéig
a hét végéig
jövő hét végéig
a jövő hét végéig
a hónap végéig
munkaidő végéig
órán belül
percen belül
napon belül
munkanapon belül
héten belül
óra múlva
perc múlva
nap múlva
fél óra
ezen a héten
a héten
jövő héten
a jövő héten
előtte való nap
előtte való napon
előző nap
előző napon
az előző napon
egy nappal előtte
egy nappal korábban
a következő számlában
a következő számlán
a következő számláján
a következő számlájában
következő havi számlán
a következő havi számlában
# en
today
tonight
tomorrow
this morning
this afternoon
this evening
later today
later this morning
later this afternoon
later this evening
later tonight
the same day
same day
right now
right away
immediately
straight away
now
on monday
on tuesday
on wednesday
on thursday
on friday
on saturday
on sunday
monday
tuesday
wednesday
thursday
friday
saturday
sunday
by monday
by friday
end of day
end of the day
end of business
close of business
eod
by eod
by noon
noon
midday
lunchtime
half past
quarter past
quarter to
by lunchtime
within the hour
within an hour
within a day
within ** hour*
within ** day*
within ** minute*
within ** week*
in an hour
in half an hour
in ** minutes
in ** hours
in ** days
in ** weeks
in a week
this week
next week
within the next ** minute*
within the next ** hour*
within the next ** day*
within the next hour
in the next hour
in the next half hour
within the next half hour
in the next ** minutes
in the next ** hours
within the next day
on your next bill
on the next bill
on your next invoice
on your next statement
next bill
next invoice
";

static LIST: LazyLock<PhraseList> = LazyLock::new(|| PhraseList::parse(PHRASES));

/// Units after which a number is a time («24 часа», "3 hours", "2 órán", "15 марта").
const UNITS: &[&str] = &[
    "час",
    "мин",
    "ден",
    "дн",
    "сут",
    "недел",
    "рабоч",
    "месяц",
    "числ",
    "утр",
    "вечер",
    "ноч",
    "январ",
    "феврал",
    "март",
    "апрел",
    "мая",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
    "ora",
    "perc",
    "nap",
    "munkanap",
    "het",
    "honap",
    "januar",
    "februar",
    "marc",
    "april",
    "majus",
    "junius",
    "julius",
    "augusztus",
    "szeptember",
    "oktober",
    "novem",
    "decem",
    "hour",
    "min",
    "day",
    "business",
    "working",
    "week",
    "month",
    "o'clock",
    "oclock",
    "june",
    "july",
    "august",
    "september",
    "october",
];

/// Short words and endings that make a number a time only when they are the whole rest of it
/// ("3 pm", "15th", "15:00-ig", "3-kor").
const UNIT_WORDS: &[&str] = &[
    "am", "pm", "a.m", "p.m", "th", "st", "nd", "rd", "ig", "kor", "ra", "re", "ч", "h", "may",
];

fn is_unit(word: &str) -> bool {
    UNIT_WORDS.iter().any(|u| folded_eq(word, u))
        || UNITS.iter().any(|u| folded_starts_with(word, u))
}

/// Hungarian hour numbers (folded) that take a time ending as one word: «nyolcig», «hatkor»,
/// «tízre», «délre» («este nyolcig visszahívom»).
const HU_HOURS: &[&str] = &[
    "egy", "ket", "kett", "harom", "negy", "ot", "hat", "het", "nyolc", "kilenc", "tiz",
    "tizenegy", "tizenket",
];
const HU_TIME_ENDINGS: &[&str] = &["ig", "kor", "ra", "re", "tol", "ig"];

/// True when a folded word is a Hungarian hour with a time ending («nyolcig», «hatkor»).
fn is_hu_hour(word: &str) -> bool {
    let folded: String = word.chars().map(super::phrase_list::fold).collect();
    HU_TIME_ENDINGS.iter().any(|e| {
        folded.strip_suffix(e).is_some_and(|stem| {
            HU_HOURS.contains(&stem) || HU_HOURS.iter().any(|h| stem == format!("{h}or"))
        })
    })
}

/// Words before which a number is a clock time («до 12», "by 5", "at 3").
const BEFORE_CLOCK: &[&str] = &[
    "до",
    "к",
    "около",
    "после",
    "by",
    "at",
    "before",
    "until",
    "till",
    "around",
    "after",
    // A month before its day: «december 17-én», "by December 17" (after it, in UNITS: «17
    // декабря», "17 December").
    "januar",
    "februar",
    "marcius",
    "aprilis",
    "majus",
    "junius",
    "julius",
    "augusztus",
    "szeptember",
    "oktober",
    "november",
    "december",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
];

/// English hours as words ("two" to "twelve": "at one point" is no time).
const EN_HOURS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

/// "by eight", "at ten", "around five pm": an hour word after a clock preposition, with the "pm"
/// or "o'clock" after it, unless a unit («by two days») or money («at ten pounds») follows.
/// Returns the end of the expression; it starts at the preposition.
fn en_hour_word(tokens: &[Token], i: usize) -> Option<usize> {
    let t = tokens.get(i)?;
    if !EN_HOURS.contains(&t.norm.as_str()) {
        return None;
    }
    let prev = tokens.get(i.checked_sub(1)?)?;
    if !matches!(
        prev.norm.as_str(),
        "by" | "at" | "before" | "until" | "till" | "around" | "after"
    ) {
        return None;
    }
    match tokens.get(i + 1) {
        Some(n)
            if matches!(
                n.norm.as_str(),
                "am" | "pm" | "a.m" | "p.m" | "o'clock" | "oclock"
            ) =>
        {
            Some(i + 2)
        }
        Some(n) if is_unit(&n.norm) || NOT_TIME.iter().any(|w| folded_starts_with(&n.norm, w)) => {
            None
        }
        _ => Some(i + 1),
    }
}

/// Words after a number that make it money or data, not a time ("до 500 рублей").
const NOT_TIME: &[&str] = &[
    "руб",
    "р",
    "рубл",
    "долл",
    "евро",
    "гб",
    "гиг",
    "мб",
    "мегабайт",
    "процент",
    "ft",
    "forint",
    "gb",
    "mb",
    "dollar",
    "pound",
    "euro",
    "percent",
];

fn is_number(t: &Token) -> bool {
    t.norm.starts_with(|c: char| c.is_ascii_digit())
}

/// True when the number token `i` is part of a time: a unit after it, a clock form ("3pm",
/// "12:00"), or a time preposition before it.
fn number_is_time(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let tail = t
        .norm
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if !tail.is_empty() {
        // "3pm", "10am", "15th", "10.30" has an empty tail.
        return is_unit(tail);
    }
    let next = tokens.get(i + 1);
    if let Some(n) = next {
        // «12:00», "3.30": the tokenizer split a clock time at the colon.
        let between = text.get(t.end..n.start).unwrap_or("");
        if (between == ":" || between == ".") && is_number(n) {
            return true;
        }
        if NOT_TIME.iter().any(|w| folded_starts_with(&n.norm, w)) {
            return false;
        }
        if is_unit(&n.norm) {
            return true;
        }
    }
    i.checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| BEFORE_CLOCK.iter().any(|w| folded_eq(&p.norm, w)))
}

/// A Russian ordinal day of the month as a (folded or unfolded) word: «пятого» 5, «двадцатому»
/// 20, «первое» 1. A compound («двадцать пятого») is the tens word before it.
pub(crate) fn ru_ordinal(word: &str) -> Option<u32> {
    // Longest stems first: «пятнадцат» before «пят».
    const STEMS: &[(&str, u32)] = &[
        ("девятнадцат", 19),
        ("восемнадцат", 18),
        ("четырнадцат", 14),
        ("шестнадцат", 16),
        ("семнадцат", 17),
        ("одиннадцат", 11),
        ("двенадцат", 12),
        ("тринадцат", 13),
        ("пятнадцат", 15),
        ("четверт", 4),
        ("двадцат", 20),
        ("тридцат", 30),
        ("восьм", 8),
        ("девят", 9),
        ("десят", 10),
        ("седьм", 7),
        ("перв", 1),
        ("втор", 2),
        ("трет", 3),
        ("шест", 6),
        ("пят", 5),
    ];
    const ENDINGS: &[&str] = &["ого", "ому", "ое", "ый", "ий", "ье", "ьего", "ьему"];
    let folded: String = word.chars().map(super::phrase_list::fold).collect();
    STEMS.iter().find_map(|(stem, v)| {
        let rest = folded.strip_prefix(stem)?;
        ENDINGS.contains(&rest).then_some(*v)
    })
}

/// Where a Russian date in words at token `i` ends: an ordinal and a month or «числа»
/// («пятнадцатого декабря», «к двадцатому числу»), the ordinal possibly after its tens
/// («двадцать пятого»). `None` when token `i` starts no such date.
fn ru_date_in_words(tokens: &[Token], i: usize) -> Option<usize> {
    const MONTHS: &[&str] = &[
        "январ",
        "феврал",
        "март",
        "апрел",
        "мая",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
        "числ",
    ];
    let tens = |t: &Token| matches!(t.norm.as_str(), "двадцать" | "тридцать");
    let ordinal = if tens(&tokens[i]) { i + 1 } else { i };
    ru_ordinal(&tokens.get(ordinal)?.norm)?;
    let month = &tokens.get(ordinal + 1)?.norm;
    MONTHS
        .iter()
        .any(|m| folded_starts_with(month, m))
        .then_some(ordinal + 2)
}

/// Every time expression in a turn, in order, without overlaps. `text` is the turn's text (for
/// the characters between tokens, as in «12:00»).
pub fn find(text: &str, tokens: &[Token]) -> Vec<TimeExpr> {
    let list = &*LIST;
    let vague = list.section("vague");
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(m) = list.match_at(tokens, i) {
            let kind = if Some(m.section) == vague {
                TimeKind::Vague
            } else {
                TimeKind::Concrete
            };
            out.push(TimeExpr {
                start: m.start,
                end: m.end,
                kind,
            });
            i = m.end.max(i + 1);
            continue;
        }
        if is_hu_hour(&tokens[i].norm) {
            out.push(TimeExpr {
                start: i,
                end: i + 1,
                kind: TimeKind::Concrete,
            });
            i += 1;
            continue;
        }
        if let Some(end) = en_hour_word(tokens, i) {
            out.push(TimeExpr {
                start: i - 1,
                end,
                kind: TimeKind::Concrete,
            });
            i = end;
            continue;
        }
        if let Some(end) = ru_date_in_words(tokens, i) {
            let start = match i.checked_sub(1).and_then(|p| tokens.get(p)) {
                Some(p) if BEFORE_CLOCK.iter().any(|w| folded_eq(&p.norm, w)) => i - 1,
                _ => i,
            };
            out.push(TimeExpr {
                start,
                end,
                kind: TimeKind::Concrete,
            });
            i = end;
            continue;
        }
        if is_number(&tokens[i]) && number_is_time(text, tokens, i) {
            let start = match i.checked_sub(1).and_then(|p| tokens.get(p)) {
                Some(p) if BEFORE_CLOCK.iter().any(|w| folded_eq(&p.norm, w)) => i - 1,
                _ => i,
            };
            // Take the clock's minutes and a unit word along («12 00», «24 часа»).
            let mut end = i + 1;
            while end < tokens.len()
                && end < i + 3
                && (is_number(&tokens[end]) || is_unit(&tokens[end].norm))
            {
                end += 1;
            }
            // A preceding time expression and this one are one span («завтра до 12»).
            match out.last_mut() {
                Some(last) if last.end == start && last.kind == TimeKind::Concrete => {
                    last.end = end
                }
                _ => out.push(TimeExpr {
                    start,
                    end,
                    kind: TimeKind::Concrete,
                }),
            }
            i = end;
            continue;
        }
        i += 1;
    }
    // A vague word right before or after a deadline makes it vague: «как-нибудь на этой неделе»,
    // "sometime next week", "valamikor jövő héten", "a héten valamikor", "this week sometime".
    for k in 1..out.len() {
        if out[k - 1].end == out[k].start {
            if out[k - 1].kind == TimeKind::Vague {
                out[k].kind = TimeKind::Vague;
            } else if out[k].kind == TimeKind::Vague {
                out[k - 1].kind = TimeKind::Vague;
            }
        }
    }
    out
}

/// True when the list has a line that did not parse (used by tests).
#[cfg(test)]
fn lines_without_phrase() -> Vec<&'static str> {
    PHRASES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .filter(|l| !LIST.phrases().iter().any(|p| &*p.text == *l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Lang;
    use crate::text::tokenize;

    fn kinds(text: &str, lang: Lang) -> Vec<(String, TimeKind)> {
        let tokens = tokenize(text, lang);
        find(text, &tokens)
            .into_iter()
            .map(|e| {
                (
                    text[tokens[e.start].start..tokens[e.end - 1].end].to_string(),
                    e.kind,
                )
            })
            .collect()
    }

    fn concrete(text: &str, lang: Lang) -> bool {
        kinds(text, lang)
            .iter()
            .any(|(_, k)| *k == TimeKind::Concrete)
    }

    fn vague(text: &str, lang: Lang) -> bool {
        let k = kinds(text, lang);
        !k.is_empty() && k.iter().all(|(_, k)| *k == TimeKind::Vague)
    }

    #[test]
    fn every_line_of_the_list_is_a_phrase() {
        assert!(
            lines_without_phrase().is_empty(),
            "{:?}",
            lines_without_phrase()
        );
    }

    #[test]
    fn russian_deadlines_are_concrete() {
        for t in [
            "перезвоню завтра до 12:00",
            "в течение часа",
            "отправлю до конца дня",
            "в понедельник сообщу",
            "в течение трёх рабочих дней",
            "через 15 минут",
            "к 5 вечера",
            "до 18.00",
            "за день напомним",
            "накануне пришлём",
            "переведём до пятнадцатого декабря",
            "подтвердим двадцать пятого ноября",
            "вернём к двадцатому числу",
        ] {
            assert!(concrete(t, Lang::Ru), "{t}");
        }
        assert_eq!(kinds("завтра до 12:00", Lang::Ru).len(), 1);
    }

    #[test]
    fn hungarian_deadlines_are_concrete() {
        for t in [
            "holnap délig visszahívom",
            "egy órán belül",
            "három munkanapon belül",
            "15:00-ig elküldöm",
            "pénteken jelentkezem",
            "3 órakor",
            "fél óra múlva",
            "este nyolcig megoldjuk",
            "hatkor hívom",
            "előtte való nap küldök",
            "a következő számlában korrigáljuk",
            "december 17-én érkezik",
        ] {
            assert!(concrete(t, Lang::Hu), "{t}");
        }
    }

    #[test]
    fn english_deadlines_are_concrete() {
        for t in [
            "by 3 pm tomorrow",
            "within 24 hours",
            "by the end of the day",
            "on Friday",
            "at 10am",
            "in 20 minutes",
            "within three business days",
            "within the next ten minutes",
            "on your next bill",
            "by December 17",
            "on 5 May",
            "I'll call you back by eight",
            "by half past three",
            "later this afternoon",
            "in two weeks",
        ] {
            assert!(concrete(t, Lang::En), "{t}");
        }
    }

    #[test]
    fn soon_and_some_time_are_vague() {
        assert!(vague("перезвоню в ближайшее время", Lang::Ru));
        assert!(vague("как-нибудь решим", Lang::Ru));
        assert!(vague("в течение нескольких дней", Lang::Ru));
        assert!(vague("hamarosan visszahívom", Lang::Hu));
        assert!(vague("pár napon belül", Lang::Hu));
        assert!(vague("we'll call you soon", Lang::En));
        assert!(vague("at some point next", Lang::En));
        assert!(vague("как-нибудь на этой неделе", Lang::Ru));
        assert!(vague("sometime next week", Lang::En));
        assert!(vague("a kollégák jelentkeznek a héten valamikor", Lang::Hu));
        assert!(vague("someone will call this week sometime", Lang::En));
        assert!(vague("within the next few days", Lang::En));
    }

    #[test]
    fn the_same_day_is_a_deadline() {
        for (text, lang) in [
            ("всё привезут в тот же день", Lang::Ru),
            ("még aznap kiszállítjuk", Lang::Hu),
            ("we deliver the same day", Lang::En),
        ] {
            let k = kinds(text, lang);
            assert!(
                !k.is_empty() && k.iter().all(|(_, k)| *k == TimeKind::Concrete),
                "{text}: {k:?}"
            );
        }
    }

    #[test]
    fn prices_and_plain_numbers_are_not_times() {
        assert!(kinds("тариф за 500 рублей, до 300 гигабайт", Lang::Ru).is_empty());
        assert!(kinds("the plan has 20 GB of data", Lang::En).is_empty());
        assert!(kinds("at one point it was at ten pounds, by two days", Lang::En).is_empty());
        assert!(kinds("a csomag 5000 forint", Lang::Hu).is_empty());
    }
}
