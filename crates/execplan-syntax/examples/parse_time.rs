//! Times a fresh parse and outline of a file: `cargo run --release -p execplan-syntax --example parse_time -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("a file to parse");
    let text = std::fs::read_to_string(path).expect("a readable UTF-8 file");
    let started = std::time::Instant::now();
    let tree = execplan_syntax::parse_block_tree(&text);
    let parsed = started.elapsed();
    let file = execplan_syntax::SourceFile::from_tree(text.clone(), tree);
    let outlined = started.elapsed() - parsed;
    println!(
        "{} bytes: parse {parsed:?}, outline {outlined:?}, {} list items",
        text.len(),
        file.outline().list_items.len()
    );
}
