//! `check --format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`),
//! the subset of the Code Climate issue format GitLab reads: `description`, `check_name`,
//! `fingerprint`, `severity` and `location` (path and lines).
//!
//! GitLab matches issues between the base and head of a merge request by fingerprint, so
//! a fingerprint must not change when unrelated lines move: it hashes the path, the rule,
//! the message and the finding's rank among identical ones in that file, never a line.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use super::output::{one_based, report_path};
use super::FileReport;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// GitLab's scale is info, minor, major, critical, blocker. An error fails `check`, so it
/// ranks above warnings; nothing execplan-ls finds blocks a merge on its own.
fn severity(severity: &str) -> &'static str {
    match severity {
        "error" => "major",
        "warning" => "minor",
        _ => "info",
    }
}

pub fn write(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    let mut issues = Vec::new();
    for report in reports {
        let path = report_path(&report.path);
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        let findings = one_based(std::slice::from_ref(report));
        for d in &findings {
            let rank = seen.entry((d.code, d.message)).or_insert(0);
            let fingerprint = fingerprint(&[&path, d.code, d.message, &rank.to_string()]);
            *rank += 1;
            issues.push(Issue {
                description: d.message,
                check_name: d.code,
                fingerprint,
                severity: severity(d.severity),
                location: Location {
                    path: path.clone(),
                    lines: Lines {
                        begin: d.line,
                        end: d.end_line,
                    },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// FNV-1a over the parts (each followed by a zero byte), 128 bits as 32 hex digits: stable
/// across runs, platforms and compiler versions, which `std`'s hashers do not promise.
fn fingerprint(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    let mut hash = OFFSET;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_are_fixed_and_separate_their_parts() {
        // A fixed value: a change of hash would make GitLab see every issue as new.
        assert_eq!(fingerprint(&[]), "6c62272e07bb014262b821756295c58d");
        assert_eq!(fingerprint(&["a"]), fingerprint(&["a"]));
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["plan.md", "placeholder", "m", "0"]).len(), 32);
    }
}
