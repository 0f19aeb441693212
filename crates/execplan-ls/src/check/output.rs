//! `check`'s output formats. Lines and columns are 1-based; columns count characters.

use std::io::Write;

use execplan_ide::Severity;
use ropey::Rope;
use serde::Serialize;

use super::FileReport;
use crate::position::{self, PositionEncoding};
use crate::OutputFormat;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

pub fn print(reports: &[FileReport], files_checked: usize, format: OutputFormat) {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match format {
        OutputFormat::Human => write_human(&mut out, reports, files_checked),
        OutputFormat::Json => write_json(&mut out, reports),
    };
    // A closed pipe (`check | head`) is not an error worth a panic.
    let _ = result.and_then(|()| out.flush());
}

fn one_based(reports: &[FileReport]) -> Vec<JsonDiagnostic<'_>> {
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
            });
        }
    }
    all
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
