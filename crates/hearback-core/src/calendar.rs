//! Working days: which dates a business works, for "within three working days" and for the
//! promise ledger.
//!
//! Why a file and not a built-in list: public holidays differ by country and Russia moves its
//! weekends by decree every year, so only the business knows its real calendar. The default is
//! Monday to Friday with no holidays; a calendar file adds the rest:
//!
//! ```toml
//! name = "Россия"
//! weekend = ["saturday", "sunday"]
//! # every year (MM-DD), one year (YYYY-MM-DD), or days from Western Easter (easter+1)
//! holidays = ["01-01", "01-02", "02-23", "03-08", "2027-02-22", "easter+1"]
//! # weekend days that are worked (a moved working Saturday)
//! working_days = ["2027-11-06"]
//! ```
//!
//! A mistake is reported with its line and column, like a scorecard's.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use toml::Spanned;

/// The days a business works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// A name for messages and reports ("Россия 2027").
    pub name: Option<String>,
    /// Weekend days, Monday first.
    weekend: [bool; 7],
    /// Holidays of one year.
    dates: BTreeSet<NaiveDate>,
    /// Holidays every year: (month, day).
    yearly: BTreeSet<(u32, u32)>,
    /// Holidays a number of days from Western Easter Sunday, every year.
    from_easter: BTreeSet<i64>,
    /// Weekend days that are worked.
    working: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    /// Monday to Friday, no holidays.
    fn default() -> Self {
        Calendar {
            name: None,
            weekend: [false, false, false, false, false, true, true],
            dates: BTreeSet::new(),
            yearly: BTreeSet::new(),
            from_easter: BTreeSet::new(),
            working: BTreeSet::new(),
        }
    }
}

/// A mistake in a calendar file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct CalendarError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Option<String>,
    weekend: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    holidays: Vec<Spanned<String>>,
    #[serde(default)]
    working_days: Vec<Spanned<String>>,
}

/// One entry of `holidays`.
enum Holiday {
    Date(NaiveDate),
    Yearly(u32, u32),
    Easter(i64),
}

fn weekday(name: &str) -> Option<Weekday> {
    let n = name.trim().to_lowercase();
    let all = [
        (["monday", "mon", "понедельник", "hétfő"], Weekday::Mon),
        (["tuesday", "tue", "вторник", "kedd"], Weekday::Tue),
        (["wednesday", "wed", "среда", "szerda"], Weekday::Wed),
        (["thursday", "thu", "четверг", "csütörtök"], Weekday::Thu),
        (["friday", "fri", "пятница", "péntek"], Weekday::Fri),
        (["saturday", "sat", "суббота", "szombat"], Weekday::Sat),
        (["sunday", "sun", "воскресенье", "vasárnap"], Weekday::Sun),
    ];
    all.iter()
        .find(|(names, _)| names.contains(&n.as_str()))
        .map(|(_, d)| *d)
}

fn holiday(s: &str) -> Result<Holiday, String> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix("easter") {
        if rest.is_empty() {
            return Ok(Holiday::Easter(0));
        }
        return rest
            .parse::<i64>()
            .ok()
            .filter(|n| n.abs() <= 366)
            .map(Holiday::Easter)
            .ok_or_else(|| format!("`{s}`: after `easter` comes a day offset such as +1 or -2"));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Holiday::Date(d));
    }
    if let Some((m, d)) = s.split_once('-')
        && let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>())
        && NaiveDate::from_ymd_opt(2024, m, d).is_some()
    {
        return Ok(Holiday::Yearly(m, d));
    }
    Err(format!(
        "`{s}` is not a date: write YYYY-MM-DD (one year), MM-DD (every year) or easter+N"
    ))
}

/// Western (Gregorian) Easter Sunday of a year (the anonymous Gregorian algorithm).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

impl Calendar {
    /// Reads a calendar file; every mistake is reported with its line and column.
    pub fn parse(source: &str) -> Result<Calendar, Vec<CalendarError>> {
        let position = |byte: usize| {
            let before = source.get(..byte.min(source.len())).unwrap_or(source);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        };
        let error = |byte: usize, message: String| {
            let (line, column) = position(byte);
            CalendarError {
                line,
                column,
                message,
            }
        };
        let file: File = toml::from_str(source).map_err(|e| {
            vec![error(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )]
        })?;
        let mut calendar = Calendar {
            name: file.name,
            ..Calendar::default()
        };
        let mut errors = Vec::new();
        if let Some(days) = file.weekend {
            calendar.weekend = [false; 7];
            for d in days {
                match weekday(d.get_ref()) {
                    Some(w) => calendar.weekend[w.num_days_from_monday() as usize] = true,
                    None => errors.push(error(
                        d.span().start,
                        format!(
                            "`{}` is not a day of the week (monday … sunday)",
                            d.get_ref()
                        ),
                    )),
                }
            }
            if calendar.weekend.iter().all(|w| *w) {
                errors.push(error(0, "every day of the week is a weekend".to_string()));
            }
        }
        for h in &file.holidays {
            match holiday(h.get_ref()) {
                Ok(Holiday::Date(d)) => {
                    calendar.dates.insert(d);
                }
                Ok(Holiday::Yearly(m, d)) => {
                    calendar.yearly.insert((m, d));
                }
                Ok(Holiday::Easter(n)) => {
                    calendar.from_easter.insert(n);
                }
                Err(message) => errors.push(error(h.span().start, message)),
            }
        }
        for w in &file.working_days {
            match NaiveDate::parse_from_str(w.get_ref().trim(), "%Y-%m-%d") {
                Ok(d) => {
                    calendar.working.insert(d);
                }
                Err(_) => errors.push(error(
                    w.span().start,
                    format!(
                        "`{}` is not a date: working days are single dates, YYYY-MM-DD",
                        w.get_ref()
                    ),
                )),
            }
        }
        if errors.is_empty() {
            Ok(calendar)
        } else {
            Err(errors)
        }
    }

    /// True when the date is a holiday (whatever day of the week it falls on).
    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.dates.contains(&d)
            || self.yearly.contains(&(d.month(), d.day()))
            || (!self.from_easter.is_empty()
                && easter(d.year()).is_some_and(|e| {
                    self.from_easter
                        .contains(&d.signed_duration_since(e).num_days())
                }))
    }

    /// True when the business works that day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.working.contains(&d) {
            return true;
        }
        !self.weekend[d.weekday().num_days_from_monday() as usize] && !self.is_holiday(d)
    }

    /// The date `n` working days after `d` (`d` itself is not counted).
    pub fn add_working_days(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
        let mut left = n;
        // A calendar always has working days (an all-weekend one is refused), but a year of
        // holidays must not loop for ever.
        let mut guard = 0;
        while left > 0 && guard < 3660 {
            d += Duration::days(1);
            guard += 1;
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The first working day on or after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) {
            d
        } else {
            self.add_working_days(d, 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_default_works_monday_to_friday() {
        let c = Calendar::default();
        assert!(c.is_working_day(date("2026-11-20"))); // Friday
        assert!(!c.is_working_day(date("2026-11-21"))); // Saturday
        assert_eq!(
            c.add_working_days(date("2026-11-20"), 3),
            date("2026-11-25")
        );
        assert_eq!(
            c.add_working_days(date("2026-11-21"), 1),
            date("2026-11-23")
        );
        assert_eq!(
            c.add_working_days(date("2026-11-20"), 0),
            date("2026-11-20")
        );
    }

    #[test]
    fn easter_sundays_are_right() {
        assert_eq!(easter(2026), Some(date("2026-04-05")));
        assert_eq!(easter(2027), Some(date("2027-03-28")));
        assert_eq!(easter(2024), Some(date("2024-03-31")));
        assert_eq!(easter(2000), Some(date("2000-04-23")));
    }

    #[test]
    fn holidays_of_every_kind_are_skipped() {
        let c = Calendar::parse(
            r#"
name = "Magyarország"
weekend = ["szombat", "vasárnap"]
holidays = ["01-01", "03-15", "easter-2", "easter+1", "easter+50", "2026-12-24"]
working_days = ["2026-01-10"]
"#,
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("Magyarország"));
        assert!(!c.is_working_day(date("2027-03-15"))); // a Monday, every year
        assert!(!c.is_working_day(date("2027-01-01")));
        assert!(!c.is_working_day(date("2026-04-03"))); // Good Friday
        assert!(!c.is_working_day(date("2026-04-06"))); // Easter Monday
        assert!(!c.is_working_day(date("2026-05-25"))); // Whit Monday
        assert!(c.is_working_day(date("2026-04-07")));
        assert!(!c.is_working_day(date("2026-12-24")));
        assert!(c.is_working_day(date("2027-12-24"))); // one year only
        assert!(c.is_working_day(date("2026-01-10"))); // a worked Saturday
        // Thursday 2 April 2026 + 1 working day skips Good Friday, the weekend and Easter Monday.
        assert_eq!(
            c.add_working_days(date("2026-04-02"), 1),
            date("2026-04-07")
        );
        assert_eq!(c.next_working_day(date("2026-04-04")), date("2026-04-07"));
    }

    #[test]
    fn the_shipped_calendars_parse_and_know_their_holidays() {
        let ru = Calendar::parse(include_str!("../../../calendars/ru.toml")).unwrap();
        assert!(!ru.is_working_day(date("2027-01-05"))); // a Tuesday of the New Year holidays
        assert!(!ru.is_working_day(date("2026-06-12")));
        assert!(ru.is_working_day(date("2026-06-11")));
        let hu = Calendar::parse(include_str!("../../../calendars/hu.toml")).unwrap();
        assert!(!hu.is_working_day(date("2027-03-29"))); // Easter Monday 2027
        assert!(!hu.is_working_day(date("2026-10-23")));
        let gb = Calendar::parse(include_str!("../../../calendars/gb-eng.toml")).unwrap();
        assert!(!gb.is_working_day(date("2026-08-31")));
        assert!(!gb.is_working_day(date("2026-04-03"))); // Good Friday
        assert!(gb.is_working_day(date("2026-04-07")));
    }

    #[test]
    fn mistakes_are_reported_with_line_and_column() {
        let errors = Calendar::parse(
            "weekend = [\"sat\", \"caturday\"]\nholidays = [\"01-01\", \"13-40\", \"easter+x\"]\nworking_days = [\"05-05\"]\n",
        )
        .unwrap_err();
        let at: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, vec![(1, 19), (2, 22), (2, 31), (3, 17)], "{errors:?}");
        assert!(errors[0].message.contains("caturday"));

        let errors = Calendar::parse("weekdays = [\"sat\"]\n").unwrap_err();
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].message.contains("weekdays"), "{errors:?}");

        let errors =
            Calendar::parse("weekend = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]")
                .unwrap_err();
        assert!(errors[0].message.contains("every day"));
    }
}
