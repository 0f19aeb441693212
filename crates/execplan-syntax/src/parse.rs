//! Fresh and incremental tree-sitter-md parses of the block structure.
//!
//! Only the block grammar is kept: the plan outline needs headings, lists and code
//! blocks, never inline trees. tree-sitter-md's inline trees are known to differ between an
//! incremental and a fresh reparse, so inline content is never reused across edits; callers
//! that need inline structure scan the inline text of the current snapshot afresh.

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

thread_local! {
    // A parser is cheap to keep and not `Sync`; one per thread serves every document.
    static BLOCK_PARSER: RefCell<Parser> = RefCell::new(new_block_parser());
}

fn new_block_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_md::LANGUAGE.into())
        .expect("tree-sitter-md block grammar matches the linked tree-sitter ABI");
    parser
}

/// Parses `text` into a block tree, reusing `old` (already edited) when given.
///
/// `chunk_at` returns the text from a byte offset to the end of its chunk, so a rope can be
/// parsed without being copied into one string.
pub(crate) fn parse_chunks<'a, F>(len: usize, mut chunk_at: F, old: Option<&Tree>) -> Tree
where
    F: FnMut(usize) -> &'a [u8],
{
    BLOCK_PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        let mut callback = |byte: usize, _pos: tree_sitter::Point| -> &'a [u8] {
            if byte >= len {
                &[]
            } else {
                chunk_at(byte)
            }
        };
        parser
            .parse_with_options(&mut callback, old, None)
            // Only a cancelled parse or a missing language returns None; we set neither.
            .expect("tree-sitter parse without timeout or cancellation always yields a tree")
    })
}

/// A fresh parse of the whole text.
pub fn parse_block_tree(text: &str) -> Tree {
    let bytes = text.as_bytes();
    parse_chunks(bytes.len(), |byte| &bytes[byte..], None)
}

/// A text rendering of a tree's every node with its kind and byte range, for checking
/// that an incremental reparse equals a fresh parse.
pub fn tree_fingerprint(tree: &Tree) -> String {
    let mut out = String::new();
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        out.push_str(&format!(
            "{:indent$}{} {}..{}{}\n",
            "",
            node.kind(),
            node.start_byte(),
            node.end_byte(),
            if node.is_error() || node.is_missing() {
                " !"
            } else {
                ""
            },
            indent = depth * 2
        ));
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
            depth -= 1;
        }
    }
}
