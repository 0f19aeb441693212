//! Timestamps as plans write them: `2026-11-24`, `2026-11-24 09:15Z`,
//! `2026-11-24T09:15:42Z`, `2026-11-24 11:15+02:00`, `2026-11-24 09:15 UTC`,
//! `2026-11-24 09:15` (no zone), found in running text.

use execplan_syntax::TextRange;

use crate::clock::days_in_month;
use crate::UtcMinute;

/// What follows a stamp's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// `Z`, `z` or ` UTC`.
    Utc,
    /// `+02:00`, `-0500`, ` +0800`: minutes east of UTC.
    Offset(i32),
    /// A zone's abbreviation (` JST`, ` EDT`, ` CST`), with its offset in minutes east of
    /// UTC when the abbreviation means one zone only (`CST` is China's and America's).
    Named(&'static str, Option<i32>),
    /// Nothing: the time's zone is unknown.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub range: TextRange,
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// Hour and minute, when the stamp has a time.
    pub time: Option<(u32, u32)>,
    pub zone: Zone,
    /// Written `(` … `)`.
    pub parenthesised: bool,
}

impl Stamp {
    /// A real calendar date and clock time.
    pub fn is_valid(&self) -> bool {
        let date_ok = (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= u32::from(days_in_month(self.year, self.month as u8));
        let time_ok = self.time.is_none_or(|(h, m)| h < 24 && m < 60);
        date_ok && time_ok
    }

    /// The moment in UTC, when the stamp has a time and a known zone.
    pub fn utc(&self) -> Option<UtcMinute> {
        let (h, m) = self.time?;
        let local = UtcMinute::new(
            self.year,
            self.month as u8,
            self.day as u8,
            h as u8,
            m as u8,
        )?;
        let offset = match self.zone {
            // Already UTC: converting to minutes and back would give `local` again.
            Zone::Utc => return Some(local),
            Zone::Offset(minutes) | Zone::Named(_, Some(minutes)) => i64::from(minutes),
            Zone::Unknown | Zone::Named(_, None) => return None,
        };
        Some(UtcMinute::from_unix_minutes(local.unix_minutes() - offset))
    }

    /// The earliest moment the stamp can mean, for comparing with "now": the time read
    /// as UTC when the zone is unknown, midnight when there is no time.
    pub fn earliest(&self) -> Option<UtcMinute> {
        if let Some(utc) = self.utc() {
            return Some(utc);
        }
        let (h, m) = self.time.unwrap_or((0, 0));
        UtcMinute::new(
            self.year,
            self.month as u8,
            self.day as u8,
            h as u8,
            m as u8,
        )
    }
}

/// Every stamp in `text[region]`, found as the iterator advances (a rule that wants only
/// the first stamp reads no further).
pub(crate) fn scan<'t>(text: &'t str, region: &TextRange) -> Stamps<'t> {
    Stamps {
        text,
        start: region.start,
        end: region.end,
        next: region.start,
    }
}

pub(crate) struct Stamps<'t> {
    text: &'t str,
    /// The region: a stamp at its start needs no word boundary before it.
    start: usize,
    end: usize,
    /// Where the search goes on.
    next: usize,
}

impl Stamps<'_> {
    /// The `n` ASCII digits at `from` as a number, when they lie inside the region.
    fn digits(&self, from: usize, n: usize) -> Option<u32> {
        let slice = self.text.as_bytes().get(from..from + n)?;
        if from + n > self.end {
            return None;
        }
        slice.iter().try_fold(0, |value, &c| {
            c.is_ascii_digit().then(|| value * 10 + u32::from(c - b'0'))
        })
    }
}

impl Iterator for Stamps<'_> {
    type Item = Stamp;

    fn next(&mut self) -> Option<Stamp> {
        let text = self.text;
        let b = text.as_bytes();
        let end = self.end;
        let mut i = self.next;
        while i + 10 <= end {
            // A date has its first `-` four bytes in: skip straight to the next `-`, since
            // no position before it can start one.
            let Some(dash) = crate::find::find_any(b, i + 4, end - 5, [b'-']) else {
                break;
            };
            i = dash - 4;
            let starts_word = i == self.start || !b[i - 1].is_ascii_alphanumeric();
            let date = (starts_word && b[i + 7] == b'-')
                .then(|| {
                    Some((
                        self.digits(i, 4)?,
                        self.digits(i + 5, 2)?,
                        self.digits(i + 8, 2)?,
                    ))
                })
                .flatten();
            let Some((year, month, day)) = date else {
                i += 1;
                continue;
            };
            let mut j = i + 10;
            if j < end && b[j].is_ascii_digit() {
                i = j;
                continue;
            }
            let mut time = None;
            let mut zone = Zone::Unknown;
            if j < end && matches!(b[j], b' ' | b'T' | b't') && j + 6 <= end && b[j + 3] == b':' {
                if let (Some(h), Some(m)) = (self.digits(j + 1, 2), self.digits(j + 4, 2)) {
                    if b.get(j + 6).is_none_or(|c| !c.is_ascii_digit()) || j + 6 == end {
                        time = Some((h, m));
                        j += 6;
                        if j + 3 <= end && b[j] == b':' && self.digits(j + 1, 2).is_some() {
                            j += 3;
                            while j < end && (b[j] == b'.' || b[j].is_ascii_digit()) {
                                j += 1;
                            }
                        }
                        if j < end && matches!(b[j], b'Z' | b'z') {
                            zone = Zone::Utc;
                            j += 1;
                        } else {
                            // An offset, right after the time or after one space.
                            let at = if b.get(j) == Some(&b' ') { j + 1 } else { j };
                            if at < end && matches!(b[at], b'+' | b'-') {
                                let sign = if b[at] == b'+' { 1 } else { -1 };
                                let colon = usize::from(b.get(at + 3) == Some(&b':'));
                                if let (Some(oh), Some(om)) =
                                    (self.digits(at + 1, 2), self.digits(at + 3 + colon, 2))
                                {
                                    zone = Zone::Offset(sign * (oh as i32 * 60 + om as i32));
                                    j = at + 5 + colon;
                                }
                            } else if let Some((written, named)) = zone_name(&text[j..end]) {
                                zone = named;
                                j += written;
                            }
                        }
                    }
                }
            }
            let parenthesised = i > 0 && b[i - 1] == b'(' && b.get(j) == Some(&b')');
            self.next = j;
            return Some(Stamp {
                range: i..j,
                year: year as i32,
                month,
                day,
                time,
                zone,
                parenthesised,
            });
        }
        self.next = end;
        None
    }
}

/// Zone abbreviations plans write after a time, with minutes east of UTC; `None` where
/// the abbreviation names several zones.
const ZONE_NAMES: &[(&str, Option<i32>)] = &[
    ("UTC", Some(0)),
    ("GMT", Some(0)),
    ("JST", Some(540)),
    ("KST", Some(540)),
    ("HKT", Some(480)),
    ("SGT", Some(480)),
    ("EST", Some(-300)),
    ("EDT", Some(-240)),
    ("CDT", Some(-300)),
    ("MST", Some(-420)),
    ("MDT", Some(-360)),
    ("PST", Some(-480)),
    ("PDT", Some(-420)),
    ("CET", Some(60)),
    ("CEST", Some(120)),
    ("AEST", Some(600)),
    ("AEDT", Some(660)),
    ("CST", None),
    ("IST", None),
    ("BST", None),
];

/// ` JST` at the start of `rest` (a space, then a known abbreviation ending the word):
/// the bytes it takes and the zone.
fn zone_name(rest: &str) -> Option<(usize, Zone)> {
    let word = rest.strip_prefix(' ')?;
    ZONE_NAMES.iter().find_map(|&(name, offset)| {
        let after = word.strip_prefix(name)?;
        if after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return None;
        }
        let zone = if offset == Some(0) {
            Zone::Utc
        } else {
            Zone::Named(name, offset)
        };
        Some((1 + name.len(), zone))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Stamp {
        let stamps: Vec<Stamp> = scan(text, &(0..text.len())).collect();
        assert_eq!(stamps.len(), 1, "{text:?}: {stamps:?}");
        stamps.into_iter().next().unwrap()
    }

    #[test]
    fn forms_are_recognised() {
        let s = one("- [x] (2026-11-24 09:15Z) done");
        assert!(s.parenthesised && s.zone == Zone::Utc && s.time == Some((9, 15)));
        assert_eq!(s.utc().unwrap().to_string(), "2026-11-24 09:15Z");
        let s = one("at 2026-11-24T09:15:42.5Z.");
        assert_eq!(s.utc().unwrap().to_string(), "2026-11-24 09:15Z");
        let s = one("(2026-03-01 01:30+02:00)");
        assert_eq!(s.utc().unwrap().to_string(), "2026-02-28 23:30Z");
        let s = one("(2026-03-01 01:30)");
        assert_eq!((s.zone, s.utc()), (Zone::Unknown, None));
        let s = one("(2026-03-01)");
        assert_eq!((s.time, s.parenthesised), (None, true));
        assert!(!one("2026-02-30").is_valid());
        assert!(!one("2026-02-01 25:10Z").is_valid());
        assert!(scan("v12026-01-01x", &(0..13)).next().is_none());
        let s = one("(2026-08-06 18:23 JST)");
        assert!(s.parenthesised);
        assert_eq!(s.utc().unwrap().to_string(), "2026-08-06 09:23Z");
        let s = one("(2026-08-06 18:23 CST)");
        assert_eq!((s.zone, s.utc()), (Zone::Named("CST", None), None));
        let s = one("(2026-04-18 17:09 +0800)");
        assert_eq!(s.utc().unwrap().to_string(), "2026-04-18 09:09Z");
        let s = one("(2026-04-18 17:09 +08:00)");
        assert!(s.parenthesised && s.zone == Zone::Offset(480));
        let s = one("(2026-04-18 17:09 GMT)");
        assert_eq!(s.zone, Zone::Utc);
        let s = one("2026-04-18 17:09 - done");
        assert_eq!(s.zone, Zone::Unknown, "a dash in prose is no offset");
        assert!(scan("20260-01-01", &(0..11)).next().is_none());
    }
}
