//! `index-mismatch` in `check`: once every file is checked, each document holding an
//! ExecPlan index (PLANS.md's "Active ExecPlan Index", an index file's "Active ExecPlans")
//! is compared with the plans of its repository, as checked.

use std::collections::HashMap;
use std::path::PathBuf;

use execplan_ide::index::{index_bodies, index_findings, PlanFacts};
use execplan_syntax::SourceFile;

use super::{FileReport, Target};

/// Adds the index findings to `reports` (a report is made for an index document that is
/// not itself a plan).
pub fn check_indexes(targets: &[Target], reports: &mut Vec<FileReport>) {
    // Most runs have no index at all: then no plan is read again.
    let reported: HashMap<&PathBuf, &FileReport> = reports.iter().map(|r| (&r.path, r)).collect();
    let texts: Vec<(usize, String)> = targets
        .iter()
        .enumerate()
        .filter_map(|(i, target)| match reported.get(&target.path) {
            Some(report) => might_hold_index(&report.text).then(|| (i, report.text.clone())),
            None => {
                let text = std::fs::read_to_string(&target.path).ok()?;
                might_hold_index(&text).then_some((i, text))
            }
        })
        .collect();
    if texts.is_empty() {
        return;
    }
    // The plans of each repository root, from the reports (a plan always has one).
    let by_path: HashMap<&PathBuf, &Target> = targets.iter().map(|t| (&t.path, t)).collect();
    let mut plans: HashMap<PathBuf, Vec<PlanFacts>> = HashMap::new();
    for report in reports.iter() {
        let Some(target) = by_path.get(&report.path) else {
            continue;
        };
        let config = target.analysis_config();
        let (Some(root), Some(path)) = (root_of(target), config.document_path.clone()) else {
            continue;
        };
        let file = SourceFile::parse(&report.text);
        let detection = execplan_ide::detect_plan(&file, &file_name(target), &config);
        if detection.is_plan() || target.explicit {
            plans
                .entry(root)
                .or_default()
                .push(PlanFacts::of(&file, &config, &path));
        }
    }
    for (i, text) in texts {
        let target = &targets[i];
        let Some(plans) = root_of(target).and_then(|root| plans.get(&root)) else {
            continue;
        };
        let existing = reports.iter().position(|r| r.path == target.path);
        let file = SourceFile::parse(&text);
        if index_bodies(&file).is_empty() {
            continue;
        }
        let found = index_findings(&file, &target.analysis_config(), plans);
        if found.is_empty() {
            continue;
        }
        match existing {
            Some(i) => {
                reports[i].diagnostics.extend(found);
                reports[i]
                    .diagnostics
                    .sort_by_key(|d| (d.range.start, d.range.end));
            }
            None => reports.push(FileReport {
                path: target.path.clone(),
                text,
                diagnostics: found,
            }),
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
}

/// Whether a heading of `text` may name an index of plans (`execplan_ide::index` decides):
/// a cheap look at the `#` lines, so plans without one are not parsed again.
fn might_hold_index(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with('#') && {
            let lower = line.to_lowercase();
            lower.contains("index") || lower.contains("execplans")
        }
    })
}

fn root_of(target: &Target) -> Option<PathBuf> {
    target.config.as_ref()?.0.root.clone()
}

fn file_name(target: &Target) -> String {
    target
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
