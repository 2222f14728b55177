//! Values every format spells its own way: times in seconds, clock times, date-times, speaker
//! labels, ids.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use hearback_core::{Party, Speaker};
use serde_json::Value;

/// Seconds from a string: `12.5`, `12,5`, `1.5s`, `mm:ss`, `hh:mm:ss`, each with an optional
/// fraction (`.250` or `,250`). The error is a reason fit for a message.
pub(crate) fn seconds(s: &str) -> Result<f64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty time".to_string());
    }
    let body = t.strip_suffix('s').unwrap_or(t).trim();
    let v = if body.contains(':') {
        clock(body)
            .ok_or_else(|| format!("`{t}` is not a time (expected seconds, mm:ss or hh:mm:ss)"))?
    } else {
        body.replace(',', ".")
            .parse::<f64>()
            .map_err(|_| format!("`{t}` is not a time (expected seconds, mm:ss or hh:mm:ss)"))?
    };
    check_seconds(v)
}

/// A time in seconds must be a finite, non-negative number.
pub(crate) fn check_seconds(v: f64) -> Result<f64, String> {
    if !v.is_finite() {
        Err(format!("time must be a number of seconds, not {v}"))
    } else if v < 0.0 {
        Err(format!("negative time {v}"))
    } else {
        Ok(v)
    }
}

/// `hh:mm:ss(.fff)`, `mm:ss(.fff)` or `m:ss`; the fraction may use `,` (SRT) or `.` (WebVTT).
pub(crate) fn clock(s: &str) -> Option<f64> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let (last, rest) = parts.split_last()?;
    let secs: f64 = {
        let l = last.replace(',', ".");
        let digits_ok = !l.is_empty()
            && l.chars().all(|c| c.is_ascii_digit() || c == '.')
            && l.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !digits_ok {
            return None;
        }
        l.parse().ok()?
    };
    if secs >= 60.0 {
        return None;
    }
    let mut total = secs;
    let mut scale = 60.0;
    for (i, p) in rest.iter().rev().enumerate() {
        if p.is_empty() || p.len() > 3 || !p.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let v: f64 = p.parse().ok()?;
        // Minutes below hours must be < 60; the leading field may be larger (a 75-minute call
        // written as 75:10).
        if i == 0 && rest.len() == 2 && v >= 60.0 {
            return None;
        }
        total += v * scale;
        scale *= 60.0;
    }
    Some(total)
}

/// Seconds from a JSON value: a number or a string `seconds()` reads; `null` is absent.
pub(crate) fn seconds_value(v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_f64() {
            Some(f) => check_seconds(f).map(Some),
            None => Err(format!("`{n}` is not a number of seconds")),
        },
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => seconds(s).map(Some),
        other => Err(format!("expected seconds, found {}", kind(other))),
    }
}

/// A date-time: RFC 3339 / ISO 8601 (`2026-11-20T10:15:00+03:00`, with a space instead of `T`,
/// fractions, `Z`), RFC 2822 (e-mail), and the local spellings of exports: `20.11.2026 10:15`
/// (ru), `2026.11.20. 10:15` (hu), `11/20/2026 10:15` (en, month first). A time without an
/// offset is taken as UTC: the source did not say, and UTC is at least stable across machines.
/// A date alone is midnight.
pub(crate) fn datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d);
    }
    let with_t = s.replacen(' ', "T", 1);
    if let Ok(d) = DateTime::parse_from_rfc3339(&with_t) {
        return Some(d);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    let utc = FixedOffset::east_opt(0)?;
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%d.%m.%Y, %H:%M",
        "%Y.%m.%d. %H:%M:%S",
        "%Y.%m.%d. %H:%M",
        "%Y.%m.%d %H:%M:%S",
        "%Y.%m.%d %H:%M",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %I:%M %p",
        "%m/%d/%Y %I:%M:%S %p",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return utc.from_local_datetime(&d).single();
        }
    }
    for f in ["%Y-%m-%d", "%d.%m.%Y", "%Y.%m.%d.", "%Y.%m.%d", "%m/%d/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return utc.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single();
        }
    }
    None
}

/// Unix time in seconds, or milliseconds / microseconds when the number is too large to be
/// seconds of this era.
pub(crate) fn datetime_from_epoch(v: f64) -> Option<DateTime<FixedOffset>> {
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    let secs = if v > 1e14 {
        v / 1e6
    } else if v > 1e11 {
        v / 1e3
    } else {
        v
    };
    let whole = secs.trunc() as i64;
    let nanos = ((secs - secs.trunc()) * 1e9) as u32;
    let utc = DateTime::from_timestamp(whole, nanos)?;
    Some(utc.fixed_offset())
}

/// A date-time from JSON: a string [`datetime`] reads, or epoch seconds/milliseconds.
pub(crate) fn datetime_value(v: &Value) -> Result<Option<DateTime<FixedOffset>>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => datetime(s).map(Some).ok_or_else(|| {
            format!("`{s}` is not a date-time (expected e.g. 2026-11-20T10:15:00+03:00)")
        }),
        Value::Number(n) => n
            .as_f64()
            .and_then(datetime_from_epoch)
            .map(Some)
            .ok_or_else(|| format!("`{n}` is not a date-time")),
        other => Err(format!("expected a date-time, found {}", kind(other))),
    }
}

/// The speaker a source label means, and the label to keep: exact role names keep none (they
/// say nothing more), role words in ru/hu/en keep theirs for display ("Оператор"), anything else
/// is `Unknown` for role inference with the label it needs.
pub(crate) fn speaker(label: &str) -> (Speaker, Option<String>) {
    let t = label.trim().trim_end_matches(':').trim();
    match t.to_lowercase().as_str() {
        "agent" => (Speaker::Agent, None),
        "customer" => (Speaker::Customer, None),
        "system" => (Speaker::System, None),
        "" => (Speaker::Unknown, None),
        _ => (
            Speaker::from_label(t).unwrap_or(Speaker::Unknown),
            Some(t.to_string()),
        ),
    }
}

/// A string or number as text (ids are often numbers in exports); `None` for anything else.
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A number from JSON or from text ("4", "4.5", "4,5"); `None` when it is not one.
pub(crate) fn number(s: &str) -> Option<f64> {
    let v: f64 = s.trim().replace(',', ".").parse().ok()?;
    v.is_finite().then_some(v)
}

pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A text value for `meta`: numbers stay numbers so that `queue_wait_seconds: 340` can be
/// compared, everything else is a string.
pub(crate) fn meta_value(s: &str) -> Value {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Value::from(i);
    }
    if t.contains('.')
        && let Ok(f) = t.parse::<f64>()
        && f.is_finite()
    {
        return Value::from(f);
    }
    Value::from(t)
}

/// Sets a party's field, creating the party when needed; empty values are ignored.
pub(crate) fn set_party(party: &mut Option<Party>, field: PartyField, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        return;
    }
    let p = party.get_or_insert_with(Party::default);
    let slot = match field {
        PartyField::Id => &mut p.id,
        PartyField::Name => &mut p.name,
        PartyField::Team => &mut p.team,
    };
    if slot.is_none() {
        *slot = Some(v.to_string());
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum PartyField {
    Id,
    Name,
    Team,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_in_every_spelling() {
        assert_eq!(seconds("12.5"), Ok(12.5));
        assert_eq!(seconds("12,5"), Ok(12.5));
        assert_eq!(seconds("1.5s"), Ok(1.5));
        assert_eq!(seconds("01:02"), Ok(62.0));
        assert_eq!(seconds("1:02:03.5"), Ok(3723.5));
        assert_eq!(seconds("00:00:01,250"), Ok(1.25));
        assert_eq!(seconds("75:10"), Ok(4510.0));
        assert!(seconds("-1").unwrap_err().contains("negative"));
        assert!(seconds("NaN").is_err());
        assert!(seconds("soon").is_err());
        assert!(seconds("1:99").is_err());
    }

    #[test]
    fn date_times_in_local_spellings() {
        let d = datetime("2026-11-20T10:15:00+03:00").unwrap();
        assert_eq!(d.offset().local_minus_utc(), 3 * 3600);
        assert!(datetime("2026-11-20 10:15:00").is_some());
        assert!(datetime("20.11.2026 10:15").is_some());
        assert!(datetime("2026.11.20. 10:15").is_some());
        assert!(datetime("Fri, 20 Nov 2026 10:15:00 +0300").is_some());
        assert!(datetime("2026-11-20").is_some());
        assert!(datetime("yesterday").is_none());
        assert_eq!(
            datetime_from_epoch(1_700_000_000_000.0),
            datetime_from_epoch(1_700_000_000.0)
        );
    }

    #[test]
    fn labels_become_speakers() {
        assert_eq!(speaker("agent"), (Speaker::Agent, None));
        assert_eq!(
            speaker("Оператор:"),
            (Speaker::Agent, Some("Оператор".to_string()))
        );
        assert_eq!(
            speaker("Анна"),
            (Speaker::Unknown, Some("Анна".to_string()))
        );
    }
}
