//! Times each stage of checking one file, best of several runs:
//! `cargo run --release -p execplan-ide --example analyze_time -- FILE`.
use std::time::{Duration, Instant};

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = f();
        best = best.min(started.elapsed());
        last = Some(value);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    let path = std::env::args().nth(1).expect("a file to analyse");
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let config = execplan_ide::AnalysisConfig::default();
    let (parse, file) = best(5, || execplan_syntax::SourceFile::parse(&text));
    let (analyse, analysis) = best(5, || execplan_ide::analyze(&file, &path, &config, false));
    println!(
        "{} bytes: snapshot {parse:?}, analysis {analyse:?}, {} diagnostics",
        text.len(),
        analysis.diagnostics.len()
    );
}
