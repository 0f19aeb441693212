//! `check --fix`: applies the safe fixes (timestamp forms, absolute paths inside the
//! repository written outside links, heading spelling typos, heading levels that keep the
//! section's place in the outline) in place, and says what it changed on stderr (stdout
//! stays the chosen format). With `--unsafe-fixes` it applies the unsafe ones too (a
//! heading promoted out of the section that holds it, a short-form heading expanded, a
//! link's target rewritten). Re-running it changes nothing: fixed text no longer draws
//! the diagnostic.

use ropey::Rope;

use super::{analyze_text, FileReport, Target};
use crate::position::{self, PositionEncoding};

/// Rounds of fixing: one fix can only reveal another in a later analysis.
const MAX_ROUNDS: usize = 3;

/// Applies the fixes of `report` that `unsafe_fixes` allows, and returns how many unsafe
/// fixes were left for lack of it.
pub(super) fn apply(
    report: &mut FileReport,
    target: &Target,
    unsafe_fixes: bool,
) -> Result<usize, String> {
    let config = target.analysis_config();
    let mut changed = false;
    for _ in 0..MAX_ROUNDS {
        let rope = Rope::from_str(&report.text);
        let mut edits = Vec::new();
        for d in &report.diagnostics {
            let Some(fix) = d.fix.as_ref().filter(|f| unsafe_fixes || f.is_safe()) else {
                continue;
            };
            let overlaps = fix.edits.iter().any(|e| {
                edits
                    .iter()
                    .any(|(r, _): &(std::ops::Range<usize>, String)| {
                        r.start < e.range.end && e.range.start < r.end
                    })
            });
            if overlaps {
                continue;
            }
            let at = position::range(&rope, d.range.clone(), PositionEncoding::Utf32).start;
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "fixed {}:{}:{}: [{}] {}{}",
                    report.path.display(),
                    at.line + 1,
                    at.character + 1,
                    d.rule.code(),
                    fix.label,
                    if fix.is_safe() { "" } else { " (unsafe fix)" }
                );
            }
            edits.extend(
                fix.edits
                    .iter()
                    .map(|e| (e.range.clone(), e.new_text.clone())),
            );
        }
        if edits.is_empty() {
            break;
        }
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        for (range, new_text) in edits {
            report.text.replace_range(range, &new_text);
        }
        changed = true;
        report.diagnostics = analyze_text(target, &config, &report.text).unwrap_or_default();
    }
    if changed {
        std::fs::write(&report.path, &report.text)
            .map_err(|e| format!("cannot write the fixes: {e}"))?;
    }
    let withheld = report
        .diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| !f.is_safe()))
        .count();
    Ok(if unsafe_fixes { 0 } else { withheld })
}
