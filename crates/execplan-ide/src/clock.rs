//! UTC date-times as plans write them (`2026-11-24 09:15Z`), and "now".
//!
//! "Now" comes from `EXECPLAN_NOW` (RFC 3339, e.g. `2026-11-24T09:15:00Z`) when set, so
//! tests are deterministic, else from the system clock.

use std::fmt;

/// A UTC date and time to the minute, the precision of a plan's stamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcMinute {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

impl UtcMinute {
    /// `EXECPLAN_NOW` when set and valid, else the system clock.
    pub fn now() -> UtcMinute {
        if let Some(now) = std::env::var("EXECPLAN_NOW")
            .ok()
            .and_then(|v| UtcMinute::parse_rfc3339(&v))
        {
            return now;
        }
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        UtcMinute::from_unix_minutes(seconds.div_euclid(60))
    }

    /// A real calendar date and time, or `None`.
    pub fn new(year: i32, month: u8, day: u8, hour: u8, minute: u8) -> Option<UtcMinute> {
        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60;
        valid.then_some(UtcMinute {
            year,
            month,
            day,
            hour,
            minute,
        })
    }

    /// `2026-11-24T09:15:00Z`, `2026-11-24T09:15Z`, `2026-11-24 09:15:00+02:00`, …
    /// converted to UTC. Seconds and fractions are dropped.
    pub fn parse_rfc3339(text: &str) -> Option<UtcMinute> {
        let text = text.trim();
        let b = text.as_bytes();
        if b.len() < 16
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
        let local = UtcMinute::new(
            num(0..4)? as i32,
            num(5..7)? as u8,
            num(8..10)? as u8,
            num(11..13)? as u8,
            num(14..16)? as u8,
        )?;
        let mut rest = &text[16..];
        if let Some(secs) = rest.strip_prefix(':') {
            let digits = secs.len()
                - secs
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .len();
            rest = &secs[digits..];
        }
        let offset_minutes = match rest {
            "Z" | "z" => 0,
            _ => {
                let sign = match rest.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let (h, m) = rest[1..].split_once(':')?;
                sign * (h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?)
            }
        };
        Some(UtcMinute::from_unix_minutes(
            local.unix_minutes() - offset_minutes,
        ))
    }

    /// Minutes since 1970-01-01T00:00Z.
    pub fn unix_minutes(self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        days * 1440 + i64::from(self.hour) * 60 + i64::from(self.minute)
    }

    pub fn from_unix_minutes(minutes: i64) -> UtcMinute {
        let days = minutes.div_euclid(1440);
        let in_day = minutes.rem_euclid(1440);
        let (year, month, day) = civil_from_days(days);
        UtcMinute {
            year,
            month,
            day,
            hour: (in_day / 60) as u8,
            minute: (in_day % 60) as u8,
        }
    }

    /// `2026-11-24`.
    pub fn date(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The standard's stamp form: `2026-11-24 09:15Z`.
impl fmt::Display for UtcMinute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }
}

impl UtcMinute {
    /// Whether `text` is this moment as `Display` writes it, without building the string:
    /// rules ask it of every stamp in a plan.
    pub(crate) fn is_written_as(&self, text: &str) -> bool {
        // `Display` gives years 0 to 9999 four digits and no sign; others (a stamp near the
        // calendar's ends, moved by its offset) take the general path.
        let Ok(year @ 0..=9999) = u16::try_from(self.year) else {
            return text == self.to_string();
        };
        let mut form = *b"0000-00-00 00:00Z";
        let mut put = |at: usize, width: usize, value: u16| {
            let mut value = value;
            for k in (at..at + width).rev() {
                form[k] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, u16::from(self.month));
        put(8, 2, u16::from(self.day));
        put(11, 2, u16::from(self.hour));
        put(14, 2, u16::from(self.minute));
        text.as_bytes() == form
    }
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-calendar algorithms (public domain), proleptic Gregorian.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_converts_to_utc_minutes() {
        let t = UtcMinute::parse_rfc3339("2026-11-24T09:15:42Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-24 09:15Z");
        let t = UtcMinute::parse_rfc3339("2026-03-01T01:30+02:00").unwrap();
        assert_eq!(t.to_string(), "2026-02-28 23:30Z");
        assert_eq!(UtcMinute::parse_rfc3339("2026-02-30T00:00Z"), None);
        assert_eq!(UtcMinute::parse_rfc3339("2026-01-01T25:10Z"), None);
        assert_eq!(UtcMinute::parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn is_written_as_agrees_with_display() {
        for minutes in [
            -1_000_000_000,
            UtcMinute::new(0, 1, 1, 0, 0).unwrap().unix_minutes() - 1,
            UtcMinute::new(0, 1, 1, 0, 0).unwrap().unix_minutes(),
            0,
            29_000_000,
            UtcMinute::new(9999, 12, 31, 23, 59).unwrap().unix_minutes(),
            UtcMinute::new(9999, 12, 31, 23, 59).unwrap().unix_minutes() + 1,
        ] {
            let t = UtcMinute::from_unix_minutes(minutes);
            let written = t.to_string();
            assert!(t.is_written_as(&written), "{written}");
            assert!(!t.is_written_as(&written[1..]), "{written}");
            assert!(!t.is_written_as(&written.replace('Z', "z")), "{written}");
        }
        assert_eq!(
            UtcMinute::new(2026, 1, 2, 3, 4).unwrap().to_string(),
            "2026-01-02 03:04Z"
        );
    }

    #[test]
    fn unix_minutes_round_trip_across_leap_days() {
        for text in [
            "1970-01-01T00:00Z",
            "2024-02-29T23:59Z",
            "2100-03-01T00:00Z",
        ] {
            let t = UtcMinute::parse_rfc3339(text).unwrap();
            assert_eq!(UtcMinute::from_unix_minutes(t.unix_minutes()), t, "{text}");
        }
        assert_eq!(
            UtcMinute::parse_rfc3339("1970-01-02T00:00Z")
                .unwrap()
                .unix_minutes(),
            1440
        );
    }
}
