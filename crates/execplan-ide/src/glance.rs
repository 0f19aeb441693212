//! Progress at a glance, in words: what the code lens, `execplan-ls status`, the
//! `execplan/plans` request and the editors' plan lists show of a plan's
//! [`PlanSummary`](crate::living::PlanSummary), the ages inlay hints put after stamps, and
//! the order plans are listed in (stalest unfinished first).

use std::cmp::Ordering;

use execplan_syntax::{SourceFile, TextRange};

use crate::living::PlanSummary;
use crate::rules::stamp;
use crate::UtcMinute;

/// `7 of 12 done · last entry 3 days ago · stale: 2 commits`, for a plan with a Progress
/// section (`None` without one). `stale` is the number of commits that touched the
/// plan's subject since the plan last changed, when known.
pub fn progress_line(summary: &PlanSummary, now: UtcMinute, stale: Option<u32>) -> Option<String> {
    let progress = summary.progress.as_ref()?;
    let mut parts = vec![if progress.total() == 0 {
        "no items yet".to_string()
    } else {
        format!("{} of {} done", progress.done, progress.total())
    }];
    if let Some(last) = &summary.last_entry {
        parts.push(format!("last entry {}", entry_age(last.at, now)));
    }
    parts.extend(stale_words(stale));
    Some(parts.join(" · "))
}

/// `stale: 3 commits` when `stale` is above 0, else nothing.
pub fn stale_words(stale: Option<u32>) -> Option<String> {
    match stale {
        Some(1) => Some("stale: 1 commit".to_string()),
        Some(n) if n > 0 => Some(format!("stale: {n} commits")),
        _ => None,
    }
}

/// How long ago an entry was made, in calendar days (UTC): `today`, `1 day ago`,
/// `5 days ago`, `3 weeks ago`, `4 months ago`, `2 years ago` (`in 2 days` for a stamp
/// after now).
pub fn entry_age(at: UtcMinute, now: UtcMinute) -> String {
    let days = now.unix_minutes().div_euclid(1440) - at.unix_minutes().div_euclid(1440);
    if days < 0 {
        let n = -days;
        return format!("in {n} day{}", plural(n));
    }
    let (n, unit) = match days {
        0 => return "today".to_string(),
        1..=13 => (days, "day"),
        14..=59 => (days / 7, "week"),
        60..=729 => (days / 30, "month"),
        _ => (days / 365, "year"),
    };
    format!("{n} {unit}{} ago", plural(n))
}

/// A stamp's age, short, for an inlay hint: `now`, `12m ago`, `5h ago`, `3d ago`,
/// `2w ago`, `4mo ago`, `1y ago` (`in 3d` after now). A date without a time is aged in
/// days (`today`, `1d ago`).
pub fn short_age(at: UtcMinute, now: UtcMinute, has_time: bool) -> String {
    let minutes = if has_time {
        now.unix_minutes() - at.unix_minutes()
    } else {
        (now.unix_minutes().div_euclid(1440) - at.unix_minutes().div_euclid(1440)) * 1440
    };
    let future = minutes < 0;
    let amount = minutes.abs();
    let (n, unit) = match amount {
        0 if has_time => return "now".to_string(),
        0 => return "today".to_string(),
        1..=59 => (amount, "m"),
        60..=1439 => (amount / 60, "h"),
        1440..=20_159 => (amount / 1440, "d"),
        20_160..=86_399 => (amount / 10_080, "w"),
        86_400..=525_599 => (amount / 43_200, "mo"),
        _ => (amount / 525_600, "y"),
    };
    if future {
        format!("in {n}{unit}")
    } else {
        format!("{n}{unit} ago")
    }
}

/// A stamp and its age, for an inlay hint placed at the stamp's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StampAge {
    /// The stamp as it lies in the text.
    pub range: TextRange,
    /// `3d ago`.
    pub label: String,
}

/// The ages of the valid stamps (dates, with or without a time) outside code blocks on
/// the lines `range` touches, in text order.
pub fn stamp_ages(file: &SourceFile, range: TextRange, now: UtcMinute) -> Vec<StampAge> {
    let text = file.text();
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let outline = file.outline();
    stamp::scan(text, &(start..end))
        .filter(|found| found.is_valid() && !outline.in_code_block(found.range.start))
        .filter_map(|found| {
            let at = found.earliest()?;
            Some(StampAge {
                label: short_age(at, now, found.time.is_some()),
                range: found.range,
            })
        })
        .collect()
}

/// The order plans are listed in: unfinished before finished, then the most stale
/// commits first, then the oldest last entry first (a plan with no dated entry before
/// any). Ties are left to the caller (by path).
pub fn listing_order(a: (&PlanSummary, Option<u32>), b: (&PlanSummary, Option<u32>)) -> Ordering {
    b.0.is_unfinished()
        .cmp(&a.0.is_unfinished())
        .then(b.1.unwrap_or(0).cmp(&a.1.unwrap_or(0)))
        .then_with(|| {
            let at = |s: &PlanSummary| s.last_entry.as_ref().map(|l| l.at);
            at(a.0).cmp(&at(b.0))
        })
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::living::summarize;
    use crate::AnalysisConfig;

    fn at(text: &str) -> UtcMinute {
        UtcMinute::parse_rfc3339(text).unwrap()
    }

    fn summary(text: &str) -> PlanSummary {
        summarize(&SourceFile::parse(text), &AnalysisConfig::default())
    }

    const NOW: &str = "2026-11-25T12:00:00Z";

    #[test]
    fn entry_ages_in_calendar_days() {
        let now = at(NOW);
        for (then, words) in [
            ("2026-11-25T00:00:00Z", "today"),
            ("2026-11-24T23:59:00Z", "1 day ago"),
            ("2026-11-22T12:00:00Z", "3 days ago"),
            ("2026-11-12T12:00:00Z", "13 days ago"),
            ("2026-11-11T12:00:00Z", "2 weeks ago"),
            ("2026-08-01T12:00:00Z", "3 months ago"),
            ("2024-11-01T12:00:00Z", "2 years ago"),
            ("2026-11-27T12:00:00Z", "in 2 days"),
        ] {
            assert_eq!(entry_age(at(then), now), words, "{then}");
        }
    }

    #[test]
    fn short_ages() {
        let now = at(NOW);
        for (then, has_time, words) in [
            ("2026-11-25T12:00:00Z", true, "now"),
            ("2026-11-25T11:48:00Z", true, "12m ago"),
            ("2026-11-25T07:00:00Z", true, "5h ago"),
            ("2026-11-22T12:00:00Z", true, "3d ago"),
            ("2026-11-11T12:00:00Z", true, "2w ago"),
            ("2026-07-25T12:00:00Z", true, "4mo ago"),
            ("2025-10-25T12:00:00Z", true, "1y ago"),
            ("2026-11-28T12:00:00Z", true, "in 3d"),
            // A date alone is aged in days: midnight is not "12h ago".
            ("2026-11-25T00:00:00Z", false, "today"),
            ("2026-11-24T00:00:00Z", false, "1d ago"),
        ] {
            assert_eq!(short_age(at(then), now, has_time), words, "{then}");
        }
    }

    const PLAN: &str =
        "# ExecPlan: x\n\n## Progress\n\n- [x] (2026-11-20 09:15Z) a\n- [x] b\n- [ ] c\n\n\
                        ## Decision Log\n\n- Decision: d\n  Date/Author: 2026-11-22 / Ada\n\n\
                        ```\n2026-11-25 10:00Z in a block\n```\n";

    #[test]
    fn the_progress_line() {
        let s = summary(PLAN);
        let now = at(NOW);
        assert_eq!(
            progress_line(&s, now, None).as_deref(),
            Some("2 of 3 done · last entry 3 days ago")
        );
        assert_eq!(
            progress_line(&s, now, Some(0)).as_deref(),
            Some("2 of 3 done · last entry 3 days ago")
        );
        assert_eq!(
            progress_line(&s, now, Some(4)).as_deref(),
            Some("2 of 3 done · last entry 3 days ago · stale: 4 commits")
        );
        assert_eq!(stale_words(Some(1)).as_deref(), Some("stale: 1 commit"));
        let undated = summary("# ExecPlan: x\n\n## Progress\n\n- [ ] a\n");
        assert_eq!(
            progress_line(&undated, now, None).as_deref(),
            Some("0 of 1 done")
        );
        let empty = summary("# ExecPlan: x\n\n## Progress\n\n(None yet.)\n");
        assert_eq!(
            progress_line(&empty, now, None).as_deref(),
            Some("no items yet")
        );
        let without = summary("# ExecPlan: x\n\n## Decision Log\n\n- Decision: d\n");
        assert_eq!(progress_line(&without, now, None), None);
    }

    #[test]
    fn stamp_ages_on_the_lines_asked_for() {
        let file = SourceFile::parse(PLAN);
        let now = at(NOW);
        let all = stamp_ages(&file, 0..PLAN.len(), now);
        let found: Vec<(&str, &str)> = all
            .iter()
            .map(|a| (&PLAN[a.range.clone()], a.label.as_str()))
            .collect();
        // Not the stamp in the code block.
        assert_eq!(
            found,
            [("2026-11-20 09:15Z", "5d ago"), ("2026-11-22", "3d ago")]
        );
        // A range inside the first stamp's line still finds it; the decision's is outside.
        let inside = PLAN.find("09:15Z").unwrap();
        let some = stamp_ages(&file, inside..inside + 1, now);
        assert_eq!(some.len(), 1);
        assert_eq!(&PLAN[some[0].range.clone()], "2026-11-20 09:15Z");
        // Out of bounds is clamped, not a panic.
        assert!(stamp_ages(&file, PLAN.len() + 5..PLAN.len() + 9, now).is_empty());
    }

    #[test]
    fn stalest_unfinished_first() {
        let finished = summary("# ExecPlan: f\n\n## Progress\n\n- [x] (2026-01-01 00:00Z) a\n");
        let recent = summary("# ExecPlan: r\n\n## Progress\n\n- [ ] (2026-11-24 00:00Z) a\n");
        let old = summary("# ExecPlan: o\n\n## Progress\n\n- [ ] (2026-10-01 00:00Z) a\n");
        let undated = summary("# ExecPlan: u\n\n## Progress\n\n- [ ] a\n");
        let mut plans = [
            ("finished", &finished, Some(9)),
            ("recent", &recent, None),
            ("old", &old, None),
            ("stale", &recent, Some(2)),
            ("undated", &undated, Some(0)),
        ];
        plans.sort_by(|a, b| listing_order((a.1, a.2), (b.1, b.2)));
        let names: Vec<&str> = plans.iter().map(|p| p.0).collect();
        assert_eq!(names, ["stale", "undated", "old", "recent", "finished"]);
    }
}
