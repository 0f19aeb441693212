//! `check --format junit` and `--format gitlab` on temp repositories: their structure, their
//! verdicts (the same as the exit status's), and GitLab fingerprints that survive moved
//! lines. Their schemas are checked in CI by `packaging/validate_reports.py`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{plan_without, BIN};
use execplan_ide::Rule;
use serde_json::Value;

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("EXECPLAN_NOW", "2026-11-24T09:15:00Z")
        .output()
        .unwrap()
}

fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A complete plan whose Progress has two done items without stamps (two warnings with
/// the same message) and a Decision Log holding a placeholder with markup characters.
fn warned_plan() -> String {
    plan_without(&[])
        .replace(
            "## Progress\n\nText.\n",
            "## Progress\n\n- [x] Wrote it.\n- [x] Wrote it.\n",
        )
        .replace(
            "## Decision Log\n\nText.\n",
            "## Decision Log\n\n- Decision: <what was decided> & why\n  Rationale: R.\n  Date/Author: 2026-11-20 / Ada\n",
        )
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn junit_has_a_suite_per_plan_and_a_case_per_rule_with_the_exit_status_verdict() {
    let dir = repo(&[
        ("plans/a.md", &plan_without(&["Decision Log"])),
        ("plans/b.md", &warned_plan()),
        ("README.md", "# A project\n\nNot a plan.\n"),
    ]);
    let output = check(dir.path(), &["--format", "junit", "plans", "README.md"]);
    let xml = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{xml}");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    // README.md is named on the command line, so it is checked as a plan too: three suites.
    assert_eq!(count(&xml, "<testsuite "), 3, "{xml}");
    assert_eq!(count(&xml, "<testcase "), 3 * Rule::ALL.len());
    for suite in ["plans/a.md", "plans/b.md", "README.md"] {
        assert!(
            xml.contains(&format!(
                "<testsuite name=\"{suite}\" tests=\"{}\"",
                Rule::ALL.len()
            )),
            "{xml}"
        );
        for rule in Rule::ALL {
            let case = format!(
                "<testcase name=\"{}\" classname=\"{suite}\" file=\"{suite}\"",
                rule.code()
            );
            assert_eq!(count(&xml, &case), 1, "{case}");
        }
    }
    // a.md fails on the missing section; b.md's warnings are output, not failures.
    let a = &xml[xml.find("<testsuite name=\"plans/a.md\"").unwrap()..];
    let a = &a[..a.find("</testsuite>").unwrap()];
    assert!(a.contains("failures=\"1\""), "{a}");
    assert!(a.contains("<testcase name=\"missing-section\" classname=\"plans/a.md\" file=\"plans/a.md\">\n      <failure message=\"line 1: Missing required section `## Decision Log`\" type=\"error\">"), "{a}");
    let b = &xml[xml.find("<testsuite name=\"plans/b.md\"").unwrap()..];
    let b = &b[..b.find("</testsuite>").unwrap()];
    assert!(
        b.contains("failures=\"0\"") && !b.contains("<failure"),
        "{b}"
    );
    assert!(b.contains("<system-out>plans/b.md:"), "{b}");
    // Markup in messages is escaped.
    assert!(b.contains("&lt;what was decided&gt;"), "{b}");
    assert!(!b.contains("<what was decided>"), "{b}");

    // With --fail-on warning the warnings fail, in the report as in the exit status.
    let dir = repo(&[("plans/b.md", &warned_plan())]);
    let quiet = check(dir.path(), &["--format", "junit"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(String::from_utf8(quiet.stdout).unwrap().contains(
        "<testsuites name=\"execplan-ls\" tests=\"19\" failures=\"0\""
            .replace("19", &Rule::ALL.len().to_string())
            .as_str()
    ));
    let strict = check(dir.path(), &["--format", "junit", "--fail-on", "warning"]);
    assert_eq!(strict.status.code(), Some(1));
    let xml = String::from_utf8(strict.stdout).unwrap();
    let failing = count(&xml, "<failure ");
    assert!(failing >= 2, "{xml}");
    assert!(xml.contains(&format!("failures=\"{failing}\"")), "{xml}");
    assert!(xml.contains("type=\"warning\">"), "{xml}");
    // Two findings of one rule are one failure that names the second.
    let stamps = &xml[xml.find("<testcase name=\"progress-timestamp\"").unwrap()..];
    let stamps = &stamps[..stamps.find("</testcase>").unwrap()];
    assert_eq!(count(stamps, "<failure "), 1);
    assert!(stamps.contains("(and 1 more)"), "{stamps}");
    assert_eq!(count(stamps, "[progress-timestamp]"), 2, "{stamps}");
}

#[test]
fn junit_of_a_clean_run_has_no_suite() {
    let dir = repo(&[("README.md", "# A project\n")]);
    let output = check(dir.path(), &["--format", "junit"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"execplan-ls\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n</testsuites>\n"
    );
}

fn gitlab(dir: &Path) -> (Vec<Value>, Option<i32>) {
    let output = check(dir, &["--format", "gitlab"]);
    let issues: Value = serde_json::from_slice(&output.stdout).unwrap();
    (issues.as_array().unwrap().clone(), output.status.code())
}

#[test]
fn gitlab_code_quality_issues_with_stable_fingerprints() {
    let dir = repo(&[
        ("plans/a.md", &plan_without(&["Decision Log"])),
        ("plans/b.md", &warned_plan()),
    ]);
    let (issues, status) = gitlab(dir.path());
    assert_eq!(status, Some(1));
    let missing = issues
        .iter()
        .find(|i| i["check_name"] == "missing-section")
        .unwrap();
    assert_eq!(
        missing["description"],
        "Missing required section `## Decision Log`"
    );
    assert_eq!(missing["severity"], "major");
    assert_eq!(missing["location"]["path"], "plans/a.md");
    assert_eq!(missing["location"]["lines"]["begin"], 1);
    for issue in &issues {
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert_eq!(fingerprint.len(), 32);
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
    }
    // Fingerprints are unique, even for two findings with the same message.
    let stamps: Vec<&Value> = issues
        .iter()
        .filter(|i| i["check_name"] == "progress-timestamp")
        .collect();
    assert_eq!(stamps.len(), 2);
    assert_eq!(stamps[0]["description"], stamps[1]["description"]);
    assert_eq!(stamps[0]["severity"], "minor");
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len());

    // The same run again gives the same report.
    assert_eq!(gitlab(dir.path()).0, issues);

    // Lines moved (three blank lines under b.md's title): the same fingerprints, new lines.
    let moved = warned_plan().replacen("\n\n", "\n\n\n\n\n", 1);
    std::fs::write(dir.path().join("plans/b.md"), moved).unwrap();
    let (after, _) = gitlab(dir.path());
    assert_eq!(after.len(), issues.len());
    for (before, after) in issues.iter().zip(&after) {
        assert_eq!(before["fingerprint"], after["fingerprint"]);
        let shift = if before["location"]["path"] == "plans/b.md" {
            3
        } else {
            0
        };
        assert_eq!(
            after["location"]["lines"]["begin"].as_u64().unwrap(),
            before["location"]["lines"]["begin"].as_u64().unwrap() + shift
        );
    }
}

#[test]
fn gitlab_of_a_clean_run_is_an_empty_list() {
    let dir = repo(&[("plans/c.md", &plan_without(&[]))]);
    let (issues, status) = gitlab(dir.path());
    assert_eq!((issues.len(), status), (0, Some(0)));
}

#[test]
fn only_plans_checks_named_files_as_a_folder_walk_would() {
    let dir = repo(&[
        (".execplan.toml", "exclude = [\"old/**\"]\n"),
        ("plans/a.md", &plan_without(&["Decision Log"])),
        ("old/b.md", &plan_without(&["Progress"])),
        ("README.md", "# A project\n\nNot a plan.\n"),
    ]);
    let files = ["README.md", "old/b.md", "plans/a.md"];
    // Named, every file is a plan: the README misses every section, old/b.md its Progress.
    let named = check(dir.path(), &files);
    let text = String::from_utf8(named.stdout).unwrap();
    assert!(
        text.contains("README.md:1:1: error[missing-section]"),
        "{text}"
    );
    assert!(
        text.contains("old/b.md:1:1: error[missing-section]"),
        "{text}"
    );
    // With --only-plans the README is not a plan and old/ is excluded: only a.md remains.
    let hooked = check(dir.path(), &[&["--only-plans"][..], &files].concat());
    let text = String::from_utf8(hooked.stdout).unwrap();
    assert_eq!(
        text,
        "plans/a.md:1:1: error[missing-section] Missing required section `## Decision Log`\n\
         1 error, 0 warnings, 0 other in 1 plan (2 markdown files checked)\n"
    );
    assert_eq!(hooked.status.code(), Some(1));
    // A README alone passes.
    let readme = check(dir.path(), &["--only-plans", "README.md"]);
    assert_eq!(readme.status.code(), Some(0));
}
