//! Deterministic, realistic ExecPlans of a chosen length.

use std::fmt::Write as _;

/// A generated plan and the positions the workloads use (0-based line, UTF-16 column; the
/// marked lines are ASCII so UTF-8 and UTF-16 columns agree).
pub struct Plan {
    pub text: String,
    /// The end of a Progress item's text near the middle of the plan: typing happens here.
    pub typing: (u32, u32),
    /// An empty line inside Progress: completion offers a new entry there.
    pub completion: (u32, u32),
    /// Inside a backticked path that exists in the benchmark workspace.
    pub definition: (u32, u32),
    /// An open Progress item: code actions offer "Mark done" there.
    pub open_item: u32,
}

/// Files the plans name; the benchmark workspace creates them so paths resolve.
pub fn source_paths() -> Vec<String> {
    (0..24)
        .map(|i| format!("crates/app/src/module_{i}.rs"))
        .chain(["docs/design.md".to_string(), "Cargo.toml".to_string()])
        .collect()
}

/// The year of every generated stamp. A whole past year, so no Progress or Decision Log
/// date is in the future (which would bury the plan in `timestamp-future` warnings no real
/// plan has), and fixed, so every run generates the same text.
const YEAR: u32 = 2025;

/// xorshift, so every run generates the same plans.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const VERBS: &[&str] = &[
    "Implemented",
    "Refactored",
    "Measured",
    "Reviewed",
    "Documented",
    "Fixed a crash in",
    "Added tests for",
    "Profiled",
];
const CJK: &[&str] = &[
    "修正了解析器中的错误，并添加了回归测试。",
    "増分構文解析の結果が完全な再解析と一致することを確認した。",
    "문서가 커질 때 메모리 사용량을 측정했다.",
    "把进度日志拆分成已完成和剩余两部分。",
];
const WORDS: &[&str] = &[
    "the parser",
    "incremental reparse",
    "the outline",
    "diagnostics",
    "position conversion",
    "the rope",
    "completion",
    "the index",
    "configuration loading",
    "the CLI",
];

/// Lines of text, counted as they are pushed.
struct Out {
    text: String,
    lines: u32,
}

impl Out {
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
        self.lines += 1;
    }
}

/// A plan of about `lines` lines (never fewer than its ~70-line skeleton).
pub fn plan(lines: usize, seed: u64) -> Plan {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let paths = source_paths();
    let extra = lines.saturating_sub(72);
    let progress_n = extra * 45 / 100;
    let decisions_n = extra * 20 / 100 / 4;
    let observations_n = extra * 15 / 100 / 3;
    let context_n = extra * 10 / 100;
    let artifacts_n = extra - progress_n - decisions_n * 4 - observations_n * 3 - context_n;

    let mut o = Out {
        text: String::with_capacity(lines * 60),
        lines: 0,
    };
    o.line(&format!("# ExecPlan: benchmark plan {seed}"));
    o.line("");
    o.line("This ExecPlan is a living document and follows `PLANS.md`.");
    o.line("");
    o.line("## Purpose / Big Picture");
    o.line("");
    o.line("After this change the server answers every keystroke quickly, even on long plans.");
    o.line("");
    o.line("## Progress");
    o.line("");
    let mut typing = (0, 0);
    let mut open_item = 0;
    let middle = (progress_n / 2).max(1);
    for i in 0..progress_n {
        let (day, hour, minute) = (1 + i % 28, i % 24, (i * 7) % 60);
        let month = 1 + (i / 28) % 12;
        let path = &paths[rng.below(paths.len())];
        let line = match rng.below(10) {
            0 => format!("- [x] ({YEAR}-{month:02}-{day:02} {hour:02}:{minute:02}Z) {}", rng.pick(CJK)),
            1 => format!("- [ ] {} {} in `{path}`.", rng.pick(VERBS), rng.pick(WORDS)),
            2 => format!("  - note: {} touches `{path}`", rng.pick(WORDS)),
            _ => format!(
                "- [x] ({YEAR}-{month:02}-{day:02} {hour:02}:{minute:02}Z) {} {} in `{path}`; ran `cargo test -p app`.",
                rng.pick(VERBS),
                rng.pick(WORDS)
            ),
        };
        if i == middle {
            let line = format!("- [ ] {} {} in `{path}`", rng.pick(VERBS), rng.pick(WORDS));
            typing = (o.lines, line.len() as u32);
            open_item = o.lines;
            o.line(&line);
            continue;
        }
        o.line(&line);
    }
    if progress_n == 0 {
        let line = "- [ ] Write the benchmark";
        typing = (o.lines, line.len() as u32);
        open_item = o.lines;
        o.line(line);
    }
    let completion = (o.lines, 0);
    o.line("");
    o.line("## Surprises & Discoveries");
    o.line("");
    for _ in 0..observations_n.max(1) {
        o.line(&format!(
            "- Observation: {} is slower than expected.",
            rng.pick(WORDS)
        ));
        o.line(&format!(
            "  Evidence: a profile of `{}`.",
            paths[rng.below(paths.len())]
        ));
        o.line("");
    }
    o.line("## Decision Log");
    o.line("");
    for i in 0..decisions_n.max(1) {
        o.line(&format!(
            "- Decision: keep {} incremental.",
            rng.pick(WORDS)
        ));
        o.line("  Rationale: the whole-document path costs too much per keystroke.");
        o.line(&format!(
            "  Date/Author: {YEAR}-{:02}-{:02} / bench",
            1 + i % 12,
            1 + i % 28
        ));
        o.line("");
    }
    o.line("## Outcomes & Retrospective");
    o.line("");
    o.line("(None yet.)");
    o.line("");
    o.line("## Context and Orientation");
    o.line("");
    let definition_line = o.lines;
    o.line("The entry point is `crates/app/src/module_0.rs`; see [the design](docs/design.md).");
    for _ in 0..context_n {
        let path = &paths[rng.below(paths.len())];
        let mut line = String::new();
        let _ = write!(line, "{} lives in `{path}`", rng.pick(WORDS));
        if rng.below(3) == 0 {
            line.push_str(&format!(" — {}", rng.pick(CJK)));
        }
        line.push('.');
        o.line(&line);
    }
    o.line("");
    o.line("## Plan of Work");
    o.line("");
    o.line("Cache the outline per revision, then reuse it for every request on that revision.");
    o.line("");
    o.line("## Concrete Steps");
    o.line("");
    o.line("From the repository root:");
    o.line("");
    o.line("```sh");
    o.line("cargo build --release");
    o.line("cargo run --release -p execplan-bench");
    o.line("```");
    o.line("");
    o.line("## Validation and Acceptance");
    o.line("");
    o.line("The benchmark prints p95 figures under the targets.");
    o.line("");
    o.line("## Idempotence and Recovery");
    o.line("");
    o.line("Running the benchmark again regenerates the same plans.");
    o.line("");
    o.line("## Artifacts and Notes");
    o.line("");
    o.line("```text");
    for i in 0..artifacts_n {
        o.line(&format!(
            "sample {i}: keystroke p95 {}.{:02} ms",
            rng.below(3),
            rng.below(100)
        ));
    }
    o.line("```");
    o.line("");
    o.line("## Interfaces and Dependencies");
    o.line("");
    o.line("No new dependencies; `Cargo.toml` is unchanged.");
    Plan {
        text: o.text,
        typing,
        completion,
        definition: (definition_line, 28),
        open_item,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(plan: &Plan, n: u32) -> &str {
        plan.text.lines().nth(n as usize).expect("the line exists")
    }

    /// The year of every `YYYY-MM-DD` in `text`.
    fn date_years(text: &str) -> Vec<&str> {
        let b = text.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        (0..b.len().saturating_sub(9))
            .filter(|&i| {
                (0..4).all(|k| digit(i + k))
                    && b[i + 4] == b'-'
                    && digit(i + 5)
                    && digit(i + 6)
                    && b[i + 7] == b'-'
                    && digit(i + 8)
                    && digit(i + 9)
            })
            .map(|i| &text[i..i + 4])
            .collect()
    }

    #[test]
    fn stamps_lie_in_the_past() {
        for size in [200, 2_000] {
            let plan = plan(size, size as u64);
            let years = date_years(&plan.text);
            assert!(years.len() > size / 10, "{} stamps", years.len());
            assert!(years.iter().all(|&y| y == YEAR.to_string()), "{years:?}");
        }
    }

    #[test]
    fn workload_positions_point_where_they_say() {
        for size in [50, 200, 2_000] {
            let plan = plan(size, size as u64);
            let (typing_line, typing_column) = plan.typing;
            let typed = line(&plan, typing_line);
            assert!(typed.starts_with("- [ ] "), "{typed:?}");
            assert_eq!(
                typed.len() as u32,
                typing_column,
                "typing is at the line's end"
            );
            assert!(line(&plan, plan.open_item).starts_with("- [ ] "));
            assert_eq!(line(&plan, plan.completion.0), "");
            assert_eq!(
                line(&plan, plan.completion.0 + 1),
                "## Surprises & Discoveries"
            );
            let (definition_line, column) = plan.definition;
            let span = line(&plan, definition_line);
            let path = "crates/app/src/module_0.rs";
            let start = span.find(path).expect("the path is on the line") as u32;
            assert!((start..start + path.len() as u32).contains(&column));
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(plan(2_000, 7).text, plan(2_000, 7).text);
    }
}
