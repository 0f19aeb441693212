//! Prints the tree-sitter-md block tree of a file: `cargo run -p execplan-syntax --example dump_tree -- FILE`.

fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let tree = execplan_syntax::parse_block_tree(&text);
    print!("{}", execplan_syntax::tree_fingerprint(&tree));
}
