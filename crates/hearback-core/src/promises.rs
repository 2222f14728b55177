//! The `promises` array of the score result: every commitment the agent makes (the ones the
//! `specific-promise` and `vague-promise` detectors report), with its due time resolved against
//! the conversation's `started_at`.
//!
//! Why resolve here and not in the detectors: the detectors only need to know *whether* a
//! deadline was given; the ledger needs *when*. Keeping the calendar out of the detectors leaves
//! their behaviour untouched. Why no clock: the core is pure, so everything is relative to
//! `started_at` and in its UTC offset; without `started_at` there is no due time.
//!
//! Resolution rules (also in docs/promises.md):
//! - a day word moves the date: «сегодня»/"ma"/"today" +0, «завтра»/"holnap"/"tomorrow" +1,
//!   «послезавтра»/"holnapután" +2; a weekday is its next occurrence *after* the conversation's
//!   day ("by Friday" said on a Friday is next Friday); «на этой неделе»/"a héten"/"this week"
//!   is this week's Friday, «на следующей неделе»/"jövő héten"/"next week" next week's Friday,
//!   «до конца месяца»/"a hónap végéig" the month's last day;
//! - a part of the day gives the hour it ends by: "first thing", «с утра», "reggel" 09:00;
//!   «утром», "morning", "noon", "délelőtt", "délig", "délre" 12:00; «до обеда», «к обеду»,
//!   "lunchtime" 13:00; «днём», «после обеда», "délután", "afternoon" 17:00; «до конца дня»,
//!   "end of day", "a nap végéig", «до вечера», "estig" 18:00; «вечером», "este", "evening",
//!   "tonight" 21:00; a day without any of these is due by 18:00, the end of the business day;
//! - a clock time («до 12:00», "by 3 pm", "15:00-ig", "este nyolcig") wins over the part of the
//!   day, and a window («с 7 до 9 утра», "between 9 and 11") is due by its end; 1–7 without "am"/«утра»/"reggel" is read as afternoon (business hours);
//! - a duration («в течение часа», "within 24 hours", "egy órán belül", «через 15 минут») counts
//!   from `started_at`; working days («рабочих», "business", "munkanap") skip Saturdays and
//!   Sundays;
//! - «сейчас», "now", "azonnal" are due at `started_at`; "on your next bill" has no date (null);
//! - a result not after `started_at` moves on: a bare clock time to the next day, a part of the
//!   day to the end of the calendar day (23:59:59).

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

use crate::analysis::Analysis;
use crate::calendar::Calendar;
use crate::detectors::Evidence;
use crate::detectors::vague_promise::commitments;
use crate::text::Token;
use crate::text::phrase_list::fold;
use crate::text::time_expr::{self, TimeExpr, TimeKind};

/// One commitment of the agent, as INTERFACES.md's `promises` array has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Promise {
    /// The commitment's quote (with its time when they share a turn).
    pub text: String,
    /// What is promised, as the agent said it: the commitment's verb phrase («перезвоню»,
    /// "will send", «elküldjük»), for ledgers grouped by action.
    pub action: String,
    /// When it is due, RFC 3339 in the conversation's offset; null without a time or `started_at`.
    #[serde(serialize_with = "rfc3339")]
    pub due: Option<DateTime<FixedOffset>>,
    /// The turn of the commitment (0-based, as evidence turns are).
    pub turn: usize,
    /// True when no concrete time was given («скоро», "hamarosan", "as soon as possible").
    pub vague: bool,
    pub evidence: Evidence,
}

/// Serialises an optional time as RFC 3339 in its own offset, to the second (null when absent):
/// the shape of every time in the score result, the ledger and the journeys.
pub(crate) fn rfc3339<S: serde::Serializer>(
    due: &Option<DateTime<FixedOffset>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match due {
        Some(d) => s.serialize_str(&d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
        None => s.serialize_none(),
    }
}

/// Every commitment of the agent with its due time, in order.
pub fn promises(analysis: &Analysis<'_>) -> Vec<Promise> {
    if !analysis.language.is_supported() {
        return Vec::new();
    }
    let started = analysis.conversation.started_at;
    let default_calendar = Calendar::default();
    let calendar = analysis.calendar.as_deref().unwrap_or(&default_calendar);
    let found: Vec<Promise> = commitments(analysis)
        .iter()
        .filter_map(|c| {
            let mut evidence = c.evidence(analysis).into_iter().next()?;
            let vague = !c.is_specific();
            let mut due = None;
            if let Some((turn, e)) = c.time.filter(|(_, e)| e.kind == TimeKind::Concrete) {
                let t = analysis.conversation.turns.get(turn)?;
                let tokens = &analysis.turns.get(turn)?.tokens;
                let (words, (s, end)) = time_words(&t.text, tokens, &e);
                // A chat message or e-mail has its own time: «завтра» in a reply written three
                // days into a thread is the day after the reply.
                due =
                    t.at.or(started)
                        .and_then(|at| resolve(&words, at, calendar));
                // «Előző nap küldünk emlékeztetőt» after «pénteken háromkor»: the eve of the
                // appointment, by the hour said (18:00 without one).
                if let Some(said) = t.at.or(started)
                    && eve(&words)
                {
                    let hour = due.map_or(at(END_OF_DAY, 0), |d| d.time());
                    due = event_day(analysis, turn, e.start, said.date_naive(), |w| {
                        resolve(w, said, calendar)
                    })
                    .and_then(|day| day.pred_opt())
                    .and_then(|eve| {
                        eve.and_time(hour)
                            .and_local_timezone(*said.offset())
                            .single()
                    })
                    .or(due);
                }
                // The quote takes the whole time when it stands by the commitment: «перезвоню
                // завтра» + «до обеда».
                if turn == c.turn
                    && let Some(wide) = Evidence::span(
                        analysis,
                        turn,
                        tokens[s.min(c.start)].start,
                        tokens[end.max(c.end) - 1].end,
                    )
                {
                    evidence = wide;
                }
            }
            let action = {
                let t = analysis.conversation.turns.get(c.turn)?;
                let tokens = &analysis.turns.get(c.turn)?.tokens;
                let (a, b) = (tokens.get(c.start)?, tokens.get(c.end.checked_sub(1)?)?);
                t.text.get(a.start..b.end)?.to_string()
            };
            Some(Promise {
                text: evidence.quote.clone(),
                action,
                due,
                turn: c.turn,
                vague,
                evidence,
            })
        })
        .collect();
    // One commitment read twice («оформлю и привезёт завтра» and «привезёт завтра») is one
    // promise: a quote inside another quote of the same turn is dropped.
    let inside = |a: &Promise, b: &Promise| {
        a.evidence.turn == b.evidence.turn
            && b.evidence.char_start <= a.evidence.char_start
            && a.evidence.char_end <= b.evidence.char_end
    };
    let keep: Vec<bool> = (0..found.len())
        .map(|i| {
            !found.iter().enumerate().any(|(j, other)| {
                j != i
                    && inside(&found[i], other)
                    // Of two equal spans the first is kept.
                    && (!inside(other, &found[i]) || j < i)
            })
        })
        .collect();
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

/// How far a time expression is widened over neighbouring time words («завтра» + «до обеда»,
/// "first thing" + "Monday", "három" + "munkanapon belül").
const WIDEN: usize = 4;

/// The folded words of a time expression, widened over the time words around it, and its token
/// range widened over the neighbouring time expressions only (for the quote).
fn time_words(text: &str, tokens: &[Token], e: &TimeExpr) -> (Vec<String>, (usize, usize)) {
    let all = time_expr::find(text, tokens);
    let in_expr = |k: usize| all.iter().any(|x| x.start <= k && k < x.end);
    let (mut qs, mut qe) = (e.start, e.end);
    while qs > 0 && in_expr(qs - 1) {
        qs -= 1;
    }
    while qe < tokens.len() && in_expr(qe) {
        qe += 1;
    }
    let is_time = |k: usize| in_expr(k) || vocabulary(&folded(&tokens[k].norm));
    let mut s = e.start;
    while s > 0 && e.start - s < WIDEN && is_time(s - 1) {
        s -= 1;
    }
    let mut end = e.end;
    while end < tokens.len() && end - e.end < WIDEN && is_time(end) {
        end += 1;
    }
    // The widening never cuts a time expression in two: "today between 6 and 10 pm" keeps its "pm".
    while end < tokens.len() && in_expr(end) {
        end += 1;
    }
    let mut out = Vec::new();
    for k in s..end {
        let w = folded(&tokens[k].norm);
        // «12:00», "10.30": the tokenizer split a clock; keep the minutes marked.
        if k > s
            && matches!(
                text.get(tokens[k - 1].end..tokens[k].start),
                Some(":" | ".")
            )
            && w.chars().all(|c| c.is_ascii_digit())
        {
            out.push(format!(":{w}"));
        } else {
            out.push(w);
        }
    }
    (out, (qs, qe))
}

fn folded(w: &str) -> String {
    w.chars().map(fold).collect()
}

/// Words that may stand next to a time expression and belong to it.
fn vocabulary(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "first",
        "thing",
        "noon",
        "midday",
        "lunchtime",
        "morning",
        "afternoon",
        "evening",
        "the",
        "at",
        "by",
        "in",
        "on",
        "before",
        "around",
        "next",
        "business",
        "working",
        "в",
        "во",
        "до",
        "к",
        "ко",
        "около",
        "рабочих",
        "рабочие",
        "рабочего",
        "обеда",
        "обеду",
        "утра",
        "вечера",
        "belul",
        "mulva",
        "alatt",
        "delelott",
        "delutan",
        "delig",
        "delre",
        "este",
        "reggel",
        "с",
        "from",
        "between",
        "and",
        "es",
        "kozott",
        "elotte",
        "elozo",
        "valo",
        "within",
        "negyed",
        "haromnegyed",
    ];
    WORDS.contains(&w)
        || number(w).is_some()
        || unit(w).is_some()
        || weekday(w).is_some()
        || ru_month(w).is_some()
        || w.starts_with("завтрашн")
        || w.starts_with("сегодняшн")
        || time_expr::ru_ordinal(w).is_some()
}

/// A number word or numeral, alone: «трёх», "három", "24", "twenty".
fn number(w: &str) -> Option<f64> {
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    const WORDS: &[(&str, f64)] = &[
        ("один", 1.0),
        ("одна", 1.0),
        ("одну", 1.0),
        ("одного", 1.0),
        ("одной", 1.0),
        ("два", 2.0),
        ("две", 2.0),
        ("двух", 2.0),
        ("двум", 2.0),
        ("три", 3.0),
        ("трех", 3.0),
        ("трем", 3.0),
        ("четыре", 4.0),
        ("четырех", 4.0),
        ("четырем", 4.0),
        ("пять", 5.0),
        ("пяти", 5.0),
        ("шесть", 6.0),
        ("шести", 6.0),
        ("семь", 7.0),
        ("семи", 7.0),
        ("восемь", 8.0),
        ("восьми", 8.0),
        ("девять", 9.0),
        ("девяти", 9.0),
        ("десять", 10.0),
        ("десяти", 10.0),
        ("одиннадцать", 11.0),
        ("одиннадцати", 11.0),
        ("двенадцать", 12.0),
        ("двенадцати", 12.0),
        ("пятнадцать", 15.0),
        ("пятнадцати", 15.0),
        ("двадцать", 20.0),
        ("двадцати", 20.0),
        ("тридцать", 30.0),
        ("тридцати", 30.0),
        ("сорок", 40.0),
        ("сорока", 40.0),
        ("egy", 1.0),
        ("ket", 2.0),
        ("ketto", 2.0),
        ("harom", 3.0),
        ("negy", 4.0),
        ("ot", 5.0),
        ("hat", 6.0),
        ("nyolc", 8.0),
        ("kilenc", 9.0),
        ("tiz", 10.0),
        ("tizenegy", 11.0),
        ("tizenket", 12.0),
        ("tizenot", 15.0),
        ("husz", 20.0),
        ("huszonnegy", 24.0),
        ("harminc", 30.0),
        ("negyvennyolc", 48.0),
        ("fel", 0.5),
        ("a", 1.0),
        ("an", 1.0),
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("fifteen", 15.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("half", 0.5),
    ];
    if let Some((_, v)) = WORDS.iter().find(|(x, _)| *x == w) {
        return Some(*v);
    }
    if let Some(v) = hu_number(w) {
        return Some(v);
    }
    // "twenty-four", "forty-eight".
    if !w.contains('-') {
        return None;
    }
    let parts: Vec<f64> = w.split('-').map(number).collect::<Option<_>>()?;
    (parts.len() > 1).then(|| parts.iter().sum())
}

/// Hungarian tens and their compounds, written as one word: «negyven» (40), «huszonöt» (25),
/// «negyvenöt» (45).
fn hu_number(w: &str) -> Option<f64> {
    const TENS: &[(&str, &str, f64)] = &[
        ("tiz", "tizen", 10.0),
        ("husz", "huszon", 20.0),
        ("harminc", "harminc", 30.0),
        ("negyven", "negyven", 40.0),
        ("otven", "otven", 50.0),
        ("hatvan", "hatvan", 60.0),
    ];
    const ONES: &[(&str, f64)] = &[
        ("egy", 1.0),
        ("ketto", 2.0),
        ("ket", 2.0),
        ("harom", 3.0),
        ("negy", 4.0),
        ("ot", 5.0),
        ("hat", 6.0),
        ("het", 7.0),
        ("nyolc", 8.0),
        ("kilenc", 9.0),
    ];
    TENS.iter().find_map(|(alone, prefix, tens)| {
        if w == *alone {
            return Some(*tens);
        }
        let rest = w.strip_prefix(prefix)?;
        ONES.iter().find(|(o, _)| *o == rest).map(|(_, v)| tens + v)
    })
}

/// An hour said as a word, read as a clock only where a clock is expected: after "by", "before",
/// "at" ("before eleven"), as a window's ends ("between eight and ten", «kettő és hat között»).
fn word_hour(words: &[String], k: usize) -> Option<u32> {
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    let v = number(w(k)).filter(|v| v.fract() == 0.0 && (1.0..=12.0).contains(v))?;
    if w(k).chars().any(|c| c.is_ascii_digit()) || matches!(w(k), "a" | "an" | "fel" | "half") {
        return None;
    }
    let prev = w(k.wrapping_sub(1));
    // «до десяти», «к двум», «с девяти до шести»: a Russian hour word after a time preposition,
    // unless a unit other than hours follows («в две недели», «за пять минут»).
    let ru_clock = matches!(
        prev,
        "до" | "к" | "ко" | "в" | "во" | "с" | "со" | "около" | "после"
    ) && unit(w(k + 1)).is_none_or(|u| u == Unit::Hour);
    let clock_before = ru_clock
        || matches!(
            prev,
            "by" | "before" | "at" | "around" | "until" | "till" | "between" | "from"
        )
        || prev == "and" && words[..k].iter().any(|x| x == "between")
        || matches!(prev, "past" | "to") && matches!(w(k.wrapping_sub(2)), "half" | "quarter");
    // «kettő és hat között», «hat óra között»: the Hungarian window ends before «között».
    let hu_window = w(k + 1) == "kozott"
        || w(k + 1).starts_with("ora") && w(k + 2) == "kozott"
        || w(k + 1) == "es" && words[k..].iter().any(|x| x == "kozott");
    (clock_before || hu_window).then_some(v as u32)
}

/// A Russian month in the genitive («ноября», «мая»), as a date says it: «до 25 ноября».
fn ru_month(w: &str) -> Option<u32> {
    const MONTHS: &[&str] = &[
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    MONTHS
        .iter()
        .position(|m| *m == w)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// «Придержу четверг, 17:00, до завтрашнего вечера»: a «до» with a day of its own is the
/// deadline, and the times before it say what is held or booked, not when it is due. Without a
/// day of its own («завтра до обеда») the «до» only narrows the day before it.
fn ru_deadline(words: &[String]) -> &[String] {
    let own_day = |x: &str| {
        matches!(x, "сегодня" | "завтра" | "послезавтра")
            || x.starts_with("завтрашн")
            || x.starts_with("сегодняшн")
            || weekday(x).is_some()
            || ru_month(x).is_some()
    };
    let cut =
        (1..words.len()).find(|&k| words[k] == "до" && words[k + 1..].iter().any(|x| own_day(x)));
    cut.map_or(words, |k| &words[k..])
}

/// The day a Russian date names: «25 ноября», «двадцать пятого ноября», «до 5-го числа» (this
/// month's, or next month's when it has passed). A date before `today` is next year's.
fn ru_date(words: &[String], k: usize, today: NaiveDate) -> Option<NaiveDate> {
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    let x = w(k);
    let month = ru_month(x);
    if month.is_none() && !x.starts_with("числ") {
        return None;
    }
    let before = w(k.wrapping_sub(1));
    let digits: String = before.chars().take_while(char::is_ascii_digit).collect();
    let day = if digits.is_empty() {
        let ones = time_expr::ru_ordinal(before)?;
        let tens = match w(k.wrapping_sub(2)) {
            "двадцать" => 20,
            "тридцать" => 30,
            _ => 0,
        };
        ones + tens
    } else {
        digits.parse().ok()?
    };
    let (year, month) = match month {
        Some(m) => (today.year(), m),
        None => (today.year(), today.month()),
    };
    let on = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, day);
    let d = on(year, month)?;
    if d >= today {
        return Some(d);
    }
    if x.starts_with("числ") {
        let next = last_of_month(today).succ_opt()?;
        return on(next.year(), next.month());
    }
    on(year + 1, month)
}

/// A month named in Hungarian or English, by its folded word.
fn month(w: &str) -> Option<u32> {
    const MONTHS: &[[&str; 2]] = &[
        ["januar", "january"],
        ["februar", "february"],
        ["marcius", "march"],
        ["aprilis", "april"],
        ["majus", "may"],
        ["junius", "june"],
        ["julius", "july"],
        ["augusztus", "august"],
        ["szeptember", "september"],
        ["oktober", "october"],
        ["november", "november"],
        ["december", "december"],
    ];
    let i = MONTHS.iter().position(|m| m.contains(&w))?;
    u32::try_from(i + 1).ok()
}

/// «december 17-én», "December 17", "17th December", "by the 17th": a day said with its number
/// and month (this year's, or next year's once it has passed), or as an ordinal after "the" (this
/// month's, or next month's). Returns the date and the index of the day's number, which is no
/// clock.
fn month_date(words: &[String], today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    words.iter().enumerate().find_map(|(k, x)| {
        let digits: String = x.chars().take_while(char::is_ascii_digit).collect();
        let tail = &x[digits.len()..];
        if digits.is_empty() || !matches!(tail, "" | "st" | "nd" | "rd" | "th") {
            return None;
        }
        let day: u32 = digits.parse().ok().filter(|d| (1..=31).contains(d))?;
        let on = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, day);
        if let Some(m) = month(w(k.wrapping_sub(1))).or_else(|| month(w(k + 1))) {
            let d = on(today.year(), m)?;
            let d = if d < today {
                on(today.year() + 1, m)?
            } else {
                d
            };
            return Some((d, k));
        }
        if tail.is_empty() || w(k.wrapping_sub(1)) != "the" {
            return None;
        }
        let d = on(today.year(), today.month())?;
        if d >= today {
            return Some((d, k));
        }
        let next = last_of_month(today).succ_opt()?;
        Some((on(next.year(), next.month())?, k))
    })
}

/// «előző nap», «előtte (való) nap», "the day before", «накануне», «за день до»: the eve of
/// something said earlier (the appointment), not of the conversation's day.
fn eve(words: &[String]) -> bool {
    words.iter().any(|x| x == "накануне")
        || words.windows(2).any(|p| {
            matches!(p[0].as_str(), "elozo" | "elotte")
                && (p[1].starts_with("nap") || p[1] == "valo")
                || p[0] == "day" && p[1] == "before"
                || p[0] == "за" && matches!(p[1].as_str(), "день" | "сутки")
        })
}

/// How many turns back the event of an eve («előző nap») is looked for.
const EVENT_TURNS: usize = 4;

/// The day of the event an eve refers to: the nearest time said before token `before` of `turn`
/// (or in the turns just before it) that falls after `today` («pénteken háromkor … Előző nap
/// küldünk egy emlékeztetőt»). `date_of` resolves a time's words.
fn event_day(
    analysis: &Analysis<'_>,
    turn: usize,
    before: usize,
    today: NaiveDate,
    date_of: impl Fn(&[String]) -> Option<DateTime<FixedOffset>>,
) -> Option<NaiveDate> {
    (turn.saturating_sub(EVENT_TURNS)..=turn)
        .rev()
        .find_map(|k| {
            let text = &analysis.conversation.turns.get(k)?.text;
            let tokens = &analysis.turns.get(k)?.tokens;
            time_expr::find(text, tokens)
                .iter()
                .rev()
                .filter(|x| k != turn || x.end <= before)
                .find_map(|x| {
                    let (words, _) = time_words(text, tokens, x);
                    if eve(&words) {
                        return None;
                    }
                    date_of(&words)
                        .map(|d| d.date_naive())
                        .filter(|d| *d > today)
                })
        })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Minute,
    Hour,
    Day,
    WorkingDay,
    Week,
}

/// A duration unit, by its folded word. Hungarian «órakor» is a clock ("at 3 o'clock"), not one.
fn unit(w: &str) -> Option<Unit> {
    let starts = |p: &[&str]| p.iter().any(|x| w.starts_with(x));
    if w.starts_with("munkanap") {
        Some(Unit::WorkingDay)
    } else if w.starts_with("ora") && !w.ends_with("kor") || starts(&["час", "hour"]) {
        Some(Unit::Hour)
    } else if starts(&["минут", "perc", "minute", "mins"]) || w == "min" {
        Some(Unit::Minute)
    } else if RU_DAYS.contains(&w) || starts(&["сут", "nap", "day"]) && !w.starts_with("napig") {
        Some(Unit::Day)
    } else if starts(&["недел", "week"]) || matches!(w, "het" | "hetet" | "heten" | "hetig") {
        Some(Unit::Week)
    } else {
        None
    }
}

/// Russian forms of «день» («днём» is "in the afternoon", «деньги» money).
const RU_DAYS: &[&str] = &["день", "дня", "дней", "дню", "дням", "днях"];

/// Adjectives between a number and its unit that make the days working days.
fn working(w: &str) -> bool {
    w.starts_with("рабоч") || matches!(w, "business" | "working")
}

/// Words that make a number and unit a duration («в течение», "within", "belül", «через»).
fn duration_trigger(w: &str) -> bool {
    matches!(
        w,
        "течение" | "через" | "within" | "in" | "belul" | "mulva" | "alatt"
    )
}

fn weekday(w: &str) -> Option<Weekday> {
    const DAYS: &[(&str, Weekday)] = &[
        ("понедельник", Weekday::Mon),
        ("вторник", Weekday::Tue),
        ("сред", Weekday::Wed),
        ("четверг", Weekday::Thu),
        ("пятниц", Weekday::Fri),
        ("суббот", Weekday::Sat),
        ("воскресен", Weekday::Sun),
        ("hetfo", Weekday::Mon),
        ("kedd", Weekday::Tue),
        ("szerd", Weekday::Wed),
        ("csutortok", Weekday::Thu),
        ("pentek", Weekday::Fri),
        ("szombat", Weekday::Sat),
        ("vasarnap", Weekday::Sun),
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    DAYS.iter().find(|(p, _)| w.starts_with(p)).map(|(_, d)| *d)
}

/// Hungarian hour words with a time ending («nyolcig», «hatkor», «tízre»).
fn hu_hour(w: &str) -> Option<u32> {
    const HOURS: &[(&str, u32)] = &[
        ("tizenegy", 11),
        ("tizenket", 12),
        ("egy", 1),
        ("ket", 2),
        ("kett", 2),
        ("harom", 3),
        ("negy", 4),
        ("ot", 5),
        ("hat", 6),
        ("het", 7),
        ("nyolc", 8),
        ("kilenc", 9),
        ("tiz", 10),
    ];
    let stem = ["ig", "kor", "ra", "re"]
        .iter()
        .find_map(|e| w.strip_suffix(e))?;
    let stem = stem.strip_suffix("or").unwrap_or(stem);
    HOURS.iter().find(|(h, _)| *h == stem).map(|(_, v)| *v)
}

const END_OF_DAY: u32 = 18;

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h.min(23), m.min(59), 0).unwrap_or(NaiveTime::MIN)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|f| f.pred_opt())
        .unwrap_or(d)
}

/// The Friday of the week `weeks` after the one of `d` (0: this week).
fn friday(d: NaiveDate, weeks: i64) -> NaiveDate {
    let monday = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    monday + Duration::days(7 * weeks + 4)
}

/// Resolves the folded words of a time expression against the conversation's start.
fn resolve(
    words: &[String],
    start: DateTime<FixedOffset>,
    calendar: &Calendar,
) -> Option<DateTime<FixedOffset>> {
    let words = ru_deadline(words);
    let w = |k: usize| words.get(k).map_or("", String::as_str);
    let has = |x: &str| words.iter().any(|y| y == x);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1].starts_with(b));
    // A bill, an invoice: no calendar date to hold it to.
    if words.iter().any(|x| {
        [
            "bill",
            "invoice",
            "statement",
            "счет",
            "квитанц",
            "szaml",
            "havi",
        ]
        .iter()
        .any(|p| x.starts_with(p))
    }) {
        return None;
    }

    // Durations: a unit with a number (or none: «в течение часа», "within the hour").
    if words.iter().any(|x| duration_trigger(x)) {
        for (j, x) in words.iter().enumerate() {
            if x == "полчаса" || x == "получаса" {
                return Some(start + Duration::minutes(30));
            }
            let Some(mut u) = unit(x) else { continue };
            let mut amount = 0.0;
            let mut counted = false;
            let mut k = j;
            while k > 0 && j - k < 3 {
                k -= 1;
                if working(w(k)) {
                    u = Unit::WorkingDay;
                } else if let Some(v) = number(w(k)).filter(|_| w(k) != "in") {
                    // "half an hour" is half of one hour, not one and a half.
                    if v == 0.5 && matches!(w(k + 1), "a" | "an") {
                        amount -= 1.0;
                    }
                    // "5-7 working days": two numerals in a row are a range, due by its end;
                    // number words add up ("twenty four").
                    let numeral = |x: &str| x.chars().all(|c| c.is_ascii_digit());
                    if counted && numeral(w(k)) && numeral(w(k + 1)) {
                        amount = f64::max(amount, v);
                    } else {
                        amount += v;
                    }
                    counted = true;
                } else if !matches!(w(k), "next" | "the" | "full" | "whole") {
                    break;
                }
            }
            if !counted {
                // «в течение (рабочего) дня», "within the day": some time today, by its end.
                if matches!(u, Unit::Day | Unit::WorkingDay)
                    && (x == "дня" || x == "day" && w(j.wrapping_sub(1)) == "the")
                {
                    let end = start.date_naive().and_time(at(END_OF_DAY, 0));
                    let end = end.and_local_timezone(*start.offset()).single()?;
                    return Some(if end > start { end } else { start });
                }
                amount = 1.0;
            }
            let due = match u {
                Unit::Minute => start + Duration::seconds((amount * 60.0) as i64),
                Unit::Hour => start + Duration::seconds((amount * 3600.0) as i64),
                Unit::Day => start + Duration::days(amount as i64),
                Unit::Week => start + Duration::days(7 * amount as i64),
                Unit::WorkingDay => {
                    let d = calendar.add_working_days(start.date_naive(), amount as u32);
                    d.and_time(start.time())
                        .and_local_timezone(*start.offset())
                        .single()?
                }
            };
            return Some(due);
        }
    }

    // The date.
    let today = start.date_naive();
    let mut date = None;
    for (k, x) in words.iter().enumerate() {
        let d = match x.as_str() {
            "сегодня" | "ma" | "mara" | "today" | "tonight" | "aznap" => Some(today),
            "завтра" | "holnap" | "holnapig" | "tomorrow" => today.succ_opt(),
            "послезавтра" | "holnaputan" => today.succ_opt().and_then(|d| d.succ_opt()),
            // «до завтрашнего вечера», «к сегодняшнему вечеру».
            x if x.starts_with("завтрашн") => today.succ_opt(),
            x if x.starts_with("сегодняшн") => Some(today),
            _ => weekday(x)
                .map(|wd| {
                    let ahead = (7 + wd.num_days_from_monday()
                        - today.weekday().num_days_from_monday())
                        % 7;
                    today + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
                })
                .or_else(|| ru_date(words, k, today)),
        };
        let d = d.or_else(|| {
            let next = matches!(w(k.wrapping_sub(1)), "следующей" | "next" | "jovo");
            let this = matches!(
                w(k.wrapping_sub(1)),
                "этой" | "this" | "a" | "ezen" | "конца"
            );
            if x.starts_with("недел") || x == "week" || x == "heten" || x == "het" {
                (next || this).then(|| friday(today, i64::from(next)))
            } else if x.starts_with("месяц") || x == "month" || x.starts_with("honap") {
                let month_end = last_of_month(today);
                Some(if next {
                    last_of_month(month_end.succ_opt().unwrap_or(month_end))
                } else {
                    month_end
                })
            } else {
                None
            }
        });
        if d.is_some() {
            date = d;
        }
    }
    // «december 17-én», "December 17", "the 17th": a day with its number.
    let day_number = month_date(words, today).map(|(d, k)| {
        date = Some(d);
        k
    });
    if pair("a", "het") && has("vegeig") && date.is_none() {
        date = Some(friday(today, 0));
    }

    // The part of the day, and whether an hour reads as morning or afternoon.
    let mut part = None;
    let mut pm = None;
    for (k, x) in words.iter().enumerate() {
        let prev = w(k.wrapping_sub(1));
        let (t, p) = match x.as_str() {
            "утра" => (None, Some(false)),
            "утром" | "morning" | "delelott" | "delelottig" | "delig" | "delre" | "noon"
            | "midday" => (Some(at(12, 0)), Some(false)),
            "утро" | "reggel" | "reggelig" => (Some(at(9, 0)), Some(false)),
            "thing" if prev == "first" => (Some(at(9, 0)), Some(false)),
            "обеда" if prev == "после" => (Some(at(17, 0)), Some(true)),
            "обеда" | "обеду" | "обед" | "lunchtime" | "lunch" => {
                (Some(at(13, 0)), Some(true))
            }
            "днем" | "delutan" | "delutanig" | "afternoon" => (Some(at(17, 0)), Some(true)),
            "вечера"
                if prev == "до"
                    || w(k.wrapping_sub(2)) == "до"
                        && (prev.starts_with("завтрашн") || prev.starts_with("сегодняшн")) =>
            {
                (Some(at(END_OF_DAY, 0)), Some(true))
            }
            "вечеру" | "estig" | "estere" => (Some(at(END_OF_DAY, 0)), Some(true)),
            "вечера" => (None, Some(true)),
            "вечером" | "este" | "evening" | "tonight" => (Some(at(21, 0)), Some(true)),
            "дня" | "дне" if prev == "конца" => (Some(at(END_OF_DAY, 0)), None),
            "смены" | "eod" | "vegeig" => (Some(at(END_OF_DAY, 0)), None),
            "day" | "business" if prev == "of" || w(k.wrapping_sub(2)) == "end" => {
                (Some(at(END_OF_DAY, 0)), None)
            }
            "am" | "a.m" => (None, Some(false)),
            "pm" | "p.m" => (None, Some(true)),
            _ => (None, None),
        };
        if x == "утра" && prev == "с" {
            part = Some(at(9, 0));
        }
        part = t.or(part);
        pm = p.or(pm);
    }
    if words.iter().any(|x| x == "eod") || pair("close", "of") || pair("end", "of") {
        part = part.or(Some(at(END_OF_DAY, 0)));
    }
    if has("с") && has("утра") {
        part = Some(at(9, 0));
    }

    // The clock: a numeral (with its minutes and its «-ig», "pm") or a Hungarian hour word.
    let mut clock = None;
    for (k, x) in words.iter().enumerate() {
        if x.starts_with(':') || day_number == Some(k) {
            continue;
        }
        let digits: String = x.chars().take_while(char::is_ascii_digit).collect();
        let hour = if digits.is_empty() {
            hu_hour(x).or_else(|| word_hour(words, k))
        } else {
            let tail = &x[digits.len()..];
            // "3 дня" after «в»/«к» is 15:00, after «через» three days (handled above).
            match tail {
                "pm" | "p.m" => pm = Some(true),
                "am" | "a.m" => pm = Some(false),
                _ => {}
            }
            digits.parse::<u32>().ok()
        };
        // «5 декабря», «до 5 числа»: a day of the month, not five o'clock.
        let Some(h) = hour
            .filter(|h| *h <= 24 && ru_month(w(k + 1)).is_none() && !w(k + 1).starts_with("числ"))
        else {
            continue;
        };
        if w(k + 1) == "дня" {
            pm = Some(true);
        }
        let minutes = w(k + 1)
            .strip_prefix(':')
            .and_then(|m| m.chars().take(2).collect::<String>().parse().ok())
            .unwrap_or(0);
        // "half past three" 3:30, "quarter to five" 4:45; «fél tízre» 9:30, «negyed háromkor»
        // 2:15, «háromnegyed nyolcra» 7:45: Hungarian counts the quarters towards the hour.
        let before = if h <= 1 { 12 } else { h - 1 };
        let (h, minutes) = match (w(k.wrapping_sub(2)), w(k.wrapping_sub(1))) {
            ("half", "past") => (h, 30),
            ("quarter", "past") => (h, 15),
            ("quarter", "to") => (before, 45),
            (_, "fel") => (before, 30),
            (_, "negyed") => (before, 15),
            (_, "haromnegyed") => (before, 45),
            _ => (h, minutes),
        };
        clock = Some((h, minutes));
    }
    let time = match clock {
        Some((h, m)) => {
            let h = match pm {
                Some(true) if h < 12 => h + 12,
                Some(false) if h == 12 => 0,
                None if (1..=7).contains(&h) => h + 12,
                _ => h,
            };
            Some(at(h, m))
        }
        None => part,
    };

    let now_words = [
        "сейчас",
        "немедленно",
        "now",
        "immediately",
        "azonnal",
        "most",
        "rogton",
    ];
    if date.is_none() && time.is_none() {
        if words
            .iter()
            .any(|x| now_words.contains(&x.as_str()) || x == "away")
        {
            return Some(start);
        }
        return None;
    }
    let day = date.unwrap_or(today);
    let local =
        |d: NaiveDate, t: NaiveTime| d.and_time(t).and_local_timezone(*start.offset()).single();
    let due = local(day, time.unwrap_or(at(END_OF_DAY, 0)))?;
    if due > start {
        return Some(due);
    }
    if clock.is_some() && date.is_none() {
        // «до 12» said at 14:00: tomorrow noon.
        return local(today.succ_opt()?, time?);
    }
    local(day, NaiveTime::from_hms_opt(23, 59, 59)?)
        .filter(|d| *d > start)
        .or(Some(start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalyseOptions, analyse};
    use crate::conversation::Conversation;

    /// The promises of a one-line agent turn said at `started` (RFC 3339), in `lang`.
    fn promises_of(lang: &str, started: Option<&str>, agent: &str) -> Vec<Promise> {
        let json = serde_json::json!({
            "id": "t", "channel": "call", "language": lang, "started_at": started,
            "turns": [
                {"speaker": "customer", "text": "Hello"},
                {"speaker": "agent", "text": agent},
            ],
        });
        let c: Conversation = serde_json::from_value(json).unwrap();
        let a = analyse(&c, &AnalyseOptions::default());
        promises(&a)
    }

    /// The due time of the only promise, as RFC 3339.
    fn due(lang: &str, started: &str, agent: &str) -> Option<String> {
        let p = promises_of(lang, Some(started), agent);
        assert_eq!(p.len(), 1, "{agent}: {p:?}");
        p[0].due
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
    }

    // 2026-11-20 is a Friday.
    const FRI: &str = "2026-11-20T10:15:00+03:00";

    #[test]
    fn one_commitment_read_twice_is_one_promise() {
        let p = promises_of(
            "ru",
            Some(FRI),
            "Я оформлю срочный перевыпуск, бесплатно, и курьер привезёт новую карту вам домой завтра.",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].text.starts_with("оформлю"), "{p:?}");
    }

    #[test]
    fn russian_due_times() {
        let cases = [
            (
                "Я перезвоню вам завтра до обеда.",
                "2026-11-21T13:00:00+03:00",
            ),
            ("Перезвоню завтра до 12:00.", "2026-11-21T12:00:00+03:00"),
            (
                "Завтра после обеда я вам перезвоню.",
                "2026-11-21T17:00:00+03:00",
            ),
            ("Я перезвоню к 5 вечера.", "2026-11-20T17:00:00+03:00"),
            // A window is due by its end.
            (
                "Курьер привезёт карту завтра с 7 до 9 утра.",
                "2026-11-21T09:00:00+03:00",
            ),
            (
                "Отправлю договор сегодня вечером.",
                "2026-11-20T21:00:00+03:00",
            ),
            ("Я перезвоню в течение часа.", "2026-11-20T11:15:00+03:00"),
            ("Я перезвоню в течение дня.", "2026-11-20T18:00:00+03:00"),
            // Friday + 3 working days: Monday, Tuesday, Wednesday.
            (
                "Мы вернём деньги в течение трёх рабочих дней.",
                "2026-11-25T10:15:00+03:00",
            ),
            (
                "Я отправлю документы до конца дня.",
                "2026-11-20T18:00:00+03:00",
            ),
            (
                "Я перезвоню вам в понедельник.",
                "2026-11-23T18:00:00+03:00",
            ),
            ("Я перезвоню через 15 минут.", "2026-11-20T10:30:00+03:00"),
        ];
        for (text, want) in cases {
            assert_eq!(due("ru", FRI, text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn russian_dates_and_hours_said_as_words() {
        let cases = [
            (
                "Отложу до завтра до десяти утра.",
                "2026-11-21T10:00:00+03:00",
            ),
            (
                "Копию отправлю завтра до двенадцати.",
                "2026-11-21T12:00:00+03:00",
            ),
            // A window of hour words is due by its end; «двух» is 14:00 in business hours.
            (
                "Курьер приедет в четверг, с десяти до двух.",
                "2026-11-26T14:00:00+03:00",
            ),
            // A named date: the number before the month is its day, not an hour.
            (
                "Подтвердим по SMS двадцать пятого ноября, до 20:00.",
                "2026-11-25T20:00:00+03:00",
            ),
            (
                "Отправлю документы до 5 декабря.",
                "2026-12-05T18:00:00+03:00",
            ),
            // A date already passed this year is next year's; a passed day of the month is
            // next month's.
            ("Перезвоню вам 10 января.", "2027-01-10T18:00:00+03:00"),
            ("Деньги вернём до 5 числа.", "2026-12-05T18:00:00+03:00"),
            // What is held is not when: the «до» with a day of its own is the deadline.
            (
                "Я придержу для вас четверг, 17:00, до завтрашнего вечера.",
                "2026-11-21T18:00:00+03:00",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(due("ru", FRI, text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn hungarian_due_times() {
        let cases = [
            ("Holnap délelőtt visszahívom.", "2026-11-21T12:00:00+03:00"),
            ("Holnap délig visszahívom.", "2026-11-21T12:00:00+03:00"),
            ("Holnap délután visszahívom.", "2026-11-21T17:00:00+03:00"),
            (
                "Három munkanapon belül visszautaljuk az összeget.",
                "2026-11-25T10:15:00+03:00",
            ),
            ("Egy órán belül visszahívom.", "2026-11-20T11:15:00+03:00"),
            ("Este nyolcig visszahívom.", "2026-11-20T20:00:00+03:00"),
            // «pénteken» said on a Friday is next Friday.
            (
                "Pénteken elküldöm a szerződést.",
                "2026-11-27T18:00:00+03:00",
            ),
            // Tens as one word; a window in words is due by its end (6 → 18:00).
            (
                "Negyven perc múlva kiszállítjuk.",
                "2026-11-20T10:55:00+03:00",
            ),
            (
                "Az orvos ma délután kettő és hat között jelentkezik.",
                "2026-11-20T18:00:00+03:00",
            ),
            // Half and quarter hours count towards the next hour.
            (
                "Holnap fél tízre ott lesz a futár.",
                "2026-11-21T09:30:00+03:00",
            ),
            ("Negyed háromkor visszahívom.", "2026-11-20T14:15:00+03:00"),
            ("Kedd délutánig megoldjuk.", "2026-11-24T17:00:00+03:00"),
            ("Jövő hét végéig elküldjük.", "2026-11-27T18:00:00+03:00"),
        ];
        for (text, want) in cases {
            assert_eq!(due("hu", FRI, text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn english_due_times() {
        let cases = [
            (
                "I'll call you back by Friday noon.",
                "2026-11-27T12:00:00+03:00",
            ),
            (
                "I'll email you within 24 hours.",
                "2026-11-21T10:15:00+03:00",
            ),
            (
                "I'll call you first thing Monday.",
                "2026-11-23T09:00:00+03:00",
            ),
            (
                "I'll send it by 3 pm tomorrow.",
                "2026-11-21T15:00:00+03:00",
            ),
            (
                "We'll refund you within three business days.",
                "2026-11-25T10:15:00+03:00",
            ),
            ("I'll send it by end of day.", "2026-11-20T18:00:00+03:00"),
            (
                "I'll call you back tomorrow morning.",
                "2026-11-21T12:00:00+03:00",
            ),
            // Hours in words where a clock is expected, and a window's end.
            (
                "Dr Patel will ring you back before eleven this morning.",
                "2026-11-20T11:00:00+03:00",
            ),
            (
                "We'll deliver it tomorrow, between eight and ten.",
                "2026-11-21T10:00:00+03:00",
            ),
            // The widened time keeps the whole "10 pm".
            (
                "We'll deliver it today between 6 and 10 pm.",
                "2026-11-20T22:00:00+03:00",
            ),
            (
                "I'll text you the code in half an hour.",
                "2026-11-20T10:45:00+03:00",
            ),
            (
                "I'll call you back by half past three.",
                "2026-11-20T15:30:00+03:00",
            ),
            (
                "I'll call you at quarter to five.",
                "2026-11-20T16:45:00+03:00",
            ),
            // A range is due by its end: Friday + 7 working days.
            (
                "You'll get the refund within 5-7 working days.",
                "2026-12-01T10:15:00+03:00",
            ),
            (
                "I'll call you back later this afternoon.",
                "2026-11-20T17:00:00+03:00",
            ),
            (
                "I'll call you back around noon.",
                "2026-11-20T12:00:00+03:00",
            ),
            ("I'll call you back by five.", "2026-11-20T17:00:00+03:00"),
            (
                "I'll call you back in two weeks.",
                "2026-12-04T10:15:00+03:00",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(due("en", FRI, text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn a_day_with_its_month_and_the_eve_of_an_appointment() {
        let cases = [
            (
                "hu",
                "December 17-ig elküldjük a szerződést.",
                "2026-12-17T18:00:00+03:00",
            ),
            (
                "en",
                "We'll send the contract by December 17.",
                "2026-12-17T18:00:00+03:00",
            ),
            // The 17th of November has passed on the 20th: next month's.
            (
                "en",
                "I'll send it by the 17th.",
                "2026-12-17T18:00:00+03:00",
            ),
            (
                "en",
                "We'll refund you on 5 January.",
                "2027-01-05T18:00:00+03:00",
            ),
            // Friday the 27th at three; the reminder on its eve, by the hour said.
            (
                "hu",
                "Pénteken háromkor várjuk, előző nap 18 óráig SMS-ben megerősítjük.",
                "2026-11-26T18:00:00+03:00",
            ),
        ];
        for (lang, text, want) in cases {
            assert_eq!(due(lang, FRI, text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn a_time_between_two_coordinated_verbs_is_the_first_ones() {
        let p = promises_of(
            "en",
            Some(FRI),
            "I'll cancel the order now and refund the deposit within three days.",
        );
        let dues: Vec<String> = p
            .iter()
            .filter_map(|p| p.due)
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
            .collect();
        assert_eq!(
            dues,
            ["2026-11-20T10:15:00+03:00", "2026-11-23T10:15:00+03:00"],
            "{p:?}"
        );
    }

    #[test]
    fn month_and_year_roll_over() {
        // The last day of November and of December.
        assert_eq!(
            due(
                "ru",
                "2026-11-30T16:00:00+03:00",
                "Я перезвоню завтра до обеда."
            )
            .as_deref(),
            Some("2026-12-01T13:00:00+03:00")
        );
        assert_eq!(
            due(
                "hu",
                "2026-12-31T09:00:00+01:00",
                "Holnap délelőtt visszahívom."
            )
            .as_deref(),
            Some("2027-01-01T12:00:00+01:00")
        );
        // Wednesday 30 December + 3 working days skips the weekend of 2–3 January.
        assert_eq!(
            due(
                "en",
                "2026-12-30T14:00:00-05:00",
                "We'll refund you within three business days."
            )
            .as_deref(),
            Some("2027-01-04T14:00:00-05:00")
        );
        assert_eq!(
            due(
                "ru",
                "2026-12-31T23:30:00+03:00",
                "Я перезвоню в течение часа."
            )
            .as_deref(),
            Some("2027-01-01T00:30:00+03:00")
        );
    }

    #[test]
    fn the_business_calendar_skips_its_holidays() {
        let calendar = Calendar::parse(
            r#"holidays = ["01-01", "01-02", "01-03", "01-04", "01-05", "01-06", "01-07", "01-08"]"#,
        )
        .unwrap();
        let c: Conversation = serde_json::from_value(serde_json::json!({
            "id": "t", "channel": "call", "language": "ru",
            "started_at": "2026-12-30T14:00:00+03:00",
            "turns": [
                {"speaker": "customer", "text": "Когда вернут деньги?"},
                {"speaker": "agent", "text": "Деньги вернём в течение трёх рабочих дней."},
            ],
        }))
        .unwrap();
        let options = AnalyseOptions {
            calendar: Some(std::sync::Arc::new(calendar)),
            ..AnalyseOptions::default()
        };
        let p = promises(&analyse(&c, &options));
        // Wednesday 30 December: the 31st, then the New Year holidays and a weekend, then the
        // 11th and 12th of January.
        assert_eq!(
            p[0].due
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .as_deref(),
            Some("2027-01-12T14:00:00+03:00"),
            "{p:?}"
        );
        // Without the calendar only the weekend is skipped.
        let p = promises(&analyse(&c, &AnalyseOptions::default()));
        assert_eq!(
            p[0].due
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .as_deref(),
            Some("2027-01-04T14:00:00+03:00")
        );
    }

    #[test]
    fn a_weekend_is_skipped_by_working_days_only() {
        // Saturday: one working day is Monday; one day is Sunday.
        let sat = "2026-11-21T11:00:00+00:00";
        assert_eq!(
            due(
                "ru",
                sat,
                "Мы перезвоним вам в течение одного рабочего дня."
            )
            .as_deref(),
            Some("2026-11-23T11:00:00+00:00")
        );
        assert_eq!(
            due("en", sat, "I'll call you back within 1 day.").as_deref(),
            Some("2026-11-22T11:00:00+00:00")
        );
    }

    #[test]
    fn a_passed_hour_moves_to_the_next_day() {
        assert_eq!(
            due("ru", "2026-11-20T14:00:00+03:00", "Я перезвоню до 12:00.").as_deref(),
            Some("2026-11-21T12:00:00+03:00")
        );
        // "Today" said after the business day: by the end of the calendar day.
        assert_eq!(
            due("en", "2026-11-20T19:00:00+00:00", "I'll send it today.").as_deref(),
            Some("2026-11-20T23:59:59+00:00")
        );
    }

    #[test]
    fn vague_promises_have_no_due_time() {
        for (lang, text) in [
            ("ru", "Я перезвоню вам в ближайшее время."),
            ("hu", "Hamarosan visszahívjuk."),
            ("en", "We'll get back to you as soon as possible."),
        ] {
            let p = promises_of(lang, Some(FRI), text);
            assert_eq!(p.len(), 1, "{text}: {p:?}");
            assert!(p[0].vague && p[0].due.is_none(), "{text}: {p:?}");
            assert_eq!(p[0].turn, 1);
            assert_eq!(p[0].text, p[0].evidence.quote);
        }
    }

    #[test]
    fn without_started_at_there_is_no_due_time() {
        let p = promises_of("ru", None, "Я перезвоню вам завтра до обеда.");
        assert_eq!(p.len(), 1);
        assert!(!p[0].vague && p[0].due.is_none());
    }

    #[test]
    fn the_result_entry_has_the_interfaces_shape() {
        let p = promises_of(
            "ru",
            Some("2026-11-20T10:15:00+03:00"),
            "Перезвоню завтра до обеда.",
        );
        let v = serde_json::to_value(&p[0]).unwrap();
        assert_eq!(v["due"], "2026-11-21T13:00:00+03:00");
        assert_eq!(v["turn"], 1);
        assert_eq!(v["vague"], false);
        assert_eq!(v["text"], v["evidence"]["quote"]);
        assert!(v["text"].as_str().unwrap().contains("завтра до обеда"));
    }
}
