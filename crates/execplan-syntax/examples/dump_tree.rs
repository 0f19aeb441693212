//! Prints tree-sitter-md's block tree of a file, node by node with kinds and byte ranges:
//! `cargo run -p execplan-syntax --example dump_tree -- FILE`. Handy when the block scanner
//! and tree-sitter-md disagree.

fn main() {
    let path = std::env::args().nth(1).expect("a file to dump");
    let text = std::fs::read_to_string(path).expect("a readable UTF-8 file");
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_md::LANGUAGE.into())
        .expect("tree-sitter-md matches the linked tree-sitter");
    let tree = parser.parse(&text, None).expect("a tree");
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        println!(
            "{:indent$}{} {}..{}",
            "",
            node.kind(),
            node.start_byte(),
            node.end_byte(),
            indent = depth * 2
        );
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}
