//! `check`'s output formats. Lines and columns are 1-based; columns count characters.

use std::io::Write;

use execplan_ide::{Rule, Severity};
use ropey::Rope;
use serde::Serialize;

use super::{FailOn, FileReport};
use crate::position::{self, PositionEncoding};
use crate::OutputFormat;

#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    pub path: String,
    pub code: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Notes elsewhere in the plan (a stale plan's commits, at the files they changed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
pub(super) struct JsonNote<'a> {
    message: &'a str,
    line: u32,
    column: u32,
}

pub fn print(reports: &[FileReport], files_checked: usize, format: OutputFormat, fail_on: FailOn) {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match format {
        OutputFormat::Human => write_human(&mut out, reports, files_checked),
        OutputFormat::Json => write_json(&mut out, reports),
        OutputFormat::Sarif => write_sarif(&mut out, reports),
        OutputFormat::Github => write_github(&mut out, reports),
        OutputFormat::Junit => super::junit::write(&mut out, reports, fail_on),
        OutputFormat::Gitlab => super::gitlab::write(&mut out, reports),
    };
    // A closed pipe (`check | head`) is not an error worth a panic.
    let _ = result.and_then(|()| out.flush());
}

/// Every diagnostic with 1-based lines and columns (in characters), in report order.
pub(super) fn one_based(reports: &[FileReport]) -> Vec<JsonDiagnostic<'_>> {
    let mut all = Vec::new();
    for report in reports {
        let rope = Rope::from_str(&report.text);
        for d in &report.diagnostics {
            let range = position::range(&rope, d.range.clone(), PositionEncoding::Utf32);
            all.push(JsonDiagnostic {
                path: report.path.display().to_string(),
                code: d.rule.code(),
                severity: d.severity.as_str(),
                message: &d.message,
                line: range.start.line + 1,
                column: range.start.character + 1,
                end_line: range.end.line + 1,
                end_column: range.end.character + 1,
                related: d
                    .related
                    .iter()
                    .map(|note| {
                        let at =
                            position::range(&rope, note.range.clone(), PositionEncoding::Utf32);
                        JsonNote {
                            message: &note.message,
                            line: at.start.line + 1,
                            column: at.start.character + 1,
                        }
                    })
                    .collect(),
            });
        }
    }
    all
}

/// A report's path as CI reports name files: forward slashes, no leading `./`, and
/// relative to the current folder when it lies inside it (CI runs at the repository root).
pub(super) fn report_path(path: &std::path::Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            path.strip_prefix(cwd)
                .ok()
                .map(std::path::Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf());
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

fn write_human(
    out: &mut impl Write,
    reports: &[FileReport],
    files_checked: usize,
) -> std::io::Result<()> {
    for d in one_based(reports) {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            d.path, d.line, d.column, d.severity, d.code, d.message
        )?;
        for note in &d.related {
            writeln!(
                out,
                "  {}:{}:{}: note: {}",
                d.path, note.line, note.column, note.message
            )?;
        }
    }
    let count = |severity: Severity| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let others = reports.iter().map(|r| r.diagnostics.len()).sum::<usize>() - errors - warnings;
    writeln!(
        out,
        "{} {}, {} {}, {} other in {} {} ({} markdown {} checked)",
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings"),
        others,
        reports.len(),
        plural(reports.len(), "plan", "plans"),
        files_checked,
        plural(files_checked, "file", "files"),
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn write_json(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &one_based(reports))?;
    writeln!(out)
}

/// GitHub Actions workflow commands: one annotation per diagnostic.
fn write_github(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    for d in one_based(reports) {
        let command = match d.severity {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&report_path(std::path::Path::new(&d.path))),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            escape_property(d.code),
            escape_data(d.message),
        )?;
    }
    Ok(())
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A SARIF 2.1.0 log: every rule with its description, every diagnostic with its region
/// (1-based, columns in characters) and, where the rule has one, its fix.
fn write_sarif(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    use serde_json::json;
    let rules: Vec<_> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code(),
                "name": rule.code(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.summary() },
                "help": { "text": format!("See docs/rules.md#{} in execplan-ls.", rule.code()) },
                "defaultConfiguration": { "level": sarif_level(rule.default_severity()) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let rope = Rope::from_str(&report.text);
        let uri = report_path(&report.path);
        let region = |range: std::ops::Range<usize>| {
            let r = position::range(&rope, range, PositionEncoding::Utf32);
            json!({
                "startLine": r.start.line + 1,
                "startColumn": r.start.character + 1,
                "endLine": r.end.line + 1,
                "endColumn": r.end.character + 1,
            })
        };
        for d in &report.diagnostics {
            let mut result = json!({
                "ruleId": d.rule.code(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == d.rule),
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": region(d.range.clone()),
                    }
                }],
            });
            if let Some(fix) = &d.fix {
                result["fixes"] = json!([{
                    "description": { "text": fix.label },
                    "properties": { "applicability": fix.applicability.as_str() },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri },
                        "replacements": fix.edits.iter().map(|e| json!({
                            "deletedRegion": region(e.range.clone()),
                            "insertedContent": { "text": e.new_text },
                        })).collect::<Vec<_>>(),
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let log = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "execplan-ls",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
