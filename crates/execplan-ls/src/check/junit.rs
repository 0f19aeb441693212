//! `check --format junit`: JUnit XML, as CI systems (GitLab, Jenkins, Azure, GitHub test
//! reporters) read it. One test suite per plan and, in it, one test case per rule of the
//! registry: a rule with findings at or above `--fail-on` fails (one `<failure>` listing
//! them all), a rule with only milder findings passes with them in `<system-out>`, and a
//! rule without findings passes. So the report's verdict is the exit status's.

use std::io::Write;

use execplan_ide::{Rule, Severity};

use super::output::{one_based, JsonDiagnostic};
use super::{FailOn, FileReport};

pub fn write(out: &mut impl Write, reports: &[FileReport], fail_on: FailOn) -> std::io::Result<()> {
    let fails = |severity: &str| match fail_on {
        FailOn::Error => severity == Severity::Error.as_str(),
        FailOn::Warning => {
            severity == Severity::Error.as_str() || severity == Severity::Warning.as_str()
        }
    };
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for report in reports {
        let path = super::output::report_path(&report.path);
        let findings = one_based(std::slice::from_ref(report));
        let mut cases = String::new();
        let mut suite_failures = 0;
        for rule in Rule::ALL {
            let (failing, mild): (Vec<&JsonDiagnostic<'_>>, Vec<_>) = findings
                .iter()
                .filter(|d| d.code == rule.code())
                .partition(|d| fails(d.severity));
            let list = |items: &[&JsonDiagnostic<'_>]| -> String {
                items
                    .iter()
                    .map(|d| {
                        format!(
                            "{path}:{}:{}: {}[{}] {}\n",
                            d.line, d.column, d.severity, d.code, d.message
                        )
                    })
                    .collect()
            };
            cases.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"",
                escape(rule.code()),
                escape(&path),
                escape(&path)
            ));
            if failing.is_empty() && mild.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            if let Some(first) = failing.first() {
                suite_failures += 1;
                let more = match failing.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                cases.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    escape(&format!("line {}: {}{more}", first.line, first.message)),
                    escape(first.severity),
                    escape(&list(&failing)),
                ));
            }
            if !mild.is_empty() {
                cases.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    escape(&list(&mild))
                ));
            }
            cases.push_str("    </testcase>\n");
        }
        tests += Rule::ALL.len();
        failures += suite_failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            escape(&path),
            Rule::ALL.len(),
        ));
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"execplan-ls\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{suites}</testsuites>\n"
    )
}

/// Text for XML attributes and content: markup characters escaped, and the characters
/// XML 1.0 cannot hold at all (most controls) dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Line breaks inside attributes would be normalised to spaces by a reader;
            // a character reference keeps them.
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_keeps_xml_well_formed() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("bell\u{7}\nend"), "bell&#10;end");
    }
}
