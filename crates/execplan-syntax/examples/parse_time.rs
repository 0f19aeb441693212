//! Times the block scanner's outline of a file beside a tree-sitter-md parse of it, best of
//! five: `cargo run --release -p execplan-syntax --example parse_time -- FILE`.
use std::time::{Duration, Instant};

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut value = None;
    for _ in 0..5 {
        let started = Instant::now();
        value = Some(f());
        best = best.min(started.elapsed());
    }
    (best, value.expect("five runs"))
}

fn main() {
    let path = std::env::args().nth(1).expect("a file to parse");
    let text = std::fs::read_to_string(path).expect("a readable UTF-8 file");
    let (outlined, outline) = best(|| execplan_syntax::Outline::parse(&text));
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_md::LANGUAGE.into())
        .expect("tree-sitter-md matches the linked tree-sitter");
    let (parsed, _) = best(|| parser.parse(&text, None));
    println!(
        "{} bytes, {} list items: outline {outlined:?} ({:.0} MB/s), tree-sitter-md parse {parsed:?}",
        text.len(),
        outline.list_items.len(),
        text.len() as f64 / outlined.as_secs_f64() / 1e6,
    );
}
