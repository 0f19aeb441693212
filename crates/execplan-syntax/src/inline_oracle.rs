//! tree-sitter-md's inline grammar, for tests only: the reference [`crate::inline`] is
//! checked against, as `oracle.rs` is the block scanner's.

use tree_sitter::{Node, Parser, Point, Range};

use crate::inline::{read_inline, InlineKind};
use crate::oracle::parse_block_tree;
use crate::TextRange;

/// What tree-sitter-md finds in `text`: `(kind, range)` with the kinds of
/// [`crate::inline::InlineKind`] spelled as words (see [`kind_name`]).
pub fn reference_inlines(text: &str) -> Vec<(&'static str, TextRange)> {
    let tree = parse_block_tree(text);
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_md::INLINE_LANGUAGE.into())
        .expect("tree-sitter-md inline grammar matches the linked tree-sitter ABI");
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        match node.kind() {
            // Code is not read for inlines; tables are not in the outline.
            "fenced_code_block"
            | "indented_code_block"
            | "html_block"
            | "pipe_table"
            | "minus_metadata"
            | "plus_metadata" => continue,
            "link_reference_definition" => {
                if let Some(dest) = child(node, "link_destination") {
                    out.push(("definition", unbracketed(text, dest.byte_range())));
                }
                continue;
            }
            "inline" => {
                inline_tree(&mut parser, text, node, &mut out);
                continue;
            }
            _ => {}
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    out.sort_by_key(|(_, r)| (r.start, r.end));
    out
}

/// Parses one `inline` node with the inline grammar, as tree-sitter-md's own
/// `MarkdownParser` does: its range without its named children (the continuation
/// markers of quotes and list items).
fn inline_tree(
    parser: &mut Parser,
    text: &str,
    node: Node,
    out: &mut Vec<(&'static str, TextRange)>,
) {
    let mut range = node.range();
    let mut ranges = Vec::new();
    let mut cursor = node.walk();
    // The first child is skipped, as `MarkdownParser` skips it.
    for child in node.children(&mut cursor).skip(1) {
        if !child.is_named() {
            continue;
        }
        let child_range = child.range();
        ranges.push(Range {
            start_byte: range.start_byte,
            start_point: range.start_point,
            end_byte: child_range.start_byte,
            end_point: child_range.start_point,
        });
        range.start_byte = child_range.end_byte;
        range.start_point = child_range.end_point;
    }
    ranges.push(range);
    let _: Point = range.start_point;
    parser
        .set_included_ranges(&ranges)
        .expect("an inline node's ranges are ordered and disjoint");
    let tree = parser
        .parse(text, None)
        .expect("tree-sitter parse without timeout or cancellation always yields a tree");
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "code_span" => {
                let mut cursor = node.walk();
                let delimiters: Vec<Node> = node
                    .children(&mut cursor)
                    .filter(|c| c.kind() == "code_span_delimiter")
                    .collect();
                if let [open, .., close] = delimiters.as_slice() {
                    out.push(("code", open.end_byte()..close.start_byte()));
                }
                continue;
            }
            "inline_link" | "image" => {
                if let Some(dest) = child(node, "link_destination") {
                    let kind = if node.kind() == "image" {
                        "image"
                    } else {
                        "link"
                    };
                    out.push((kind, unbracketed(text, dest.byte_range())));
                }
            }
            "uri_autolink" | "email_autolink" => {
                let r = node.byte_range();
                out.push(("autolink", r.start + 1..r.end - 1));
                continue;
            }
            _ => {}
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
}

/// A destination without the `<…>` it may be written in.
fn unbracketed(text: &str, r: TextRange) -> TextRange {
    if text[r.clone()].starts_with('<') && text[r.clone()].ends_with('>') && r.len() >= 2 {
        r.start + 1..r.end - 1
    } else {
        r
    }
}

fn child<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find(|c| c.kind() == kind);
    found
}

/// What [`crate::inline::read_inline`] finds in the paragraphs and headings of the
/// scanner's outline, as [`reference_inlines`] spells it.
pub fn our_inlines(text: &str) -> Vec<(&'static str, TextRange)> {
    let outline = crate::Outline::parse(text);
    let mut found = Vec::new();
    for paragraph in &outline.paragraphs {
        read_inline(text, paragraph.clone(), true, &mut found);
    }
    for heading in &outline.headings {
        read_inline(text, heading.text_range.clone(), false, &mut found);
    }
    let mut out: Vec<_> = found
        .into_iter()
        .map(|i| (kind_name(i.kind), i.target))
        .collect();
    out.sort_by_key(|(_, r)| (r.start, r.end));
    out
}

pub fn kind_name(kind: InlineKind) -> &'static str {
    match kind {
        InlineKind::CodeSpan => "code",
        InlineKind::Link => "link",
        InlineKind::Image => "image",
        InlineKind::Autolink => "autolink",
        InlineKind::Definition => "definition",
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The inlines only one side found, or `None` when they agree.
    fn difference(text: &str) -> Option<String> {
        let ours = our_inlines(text);
        let reference = reference_inlines(text);
        if ours == reference {
            return None;
        }
        let show = |v: &[(&str, TextRange)], other: &[(&str, TextRange)]| -> Vec<String> {
            v.iter()
                .filter(|x| !other.contains(x))
                .map(|(k, r)| format!("{k} {}..{} {:?}", r.start, r.end, &text[r.clone()]))
                .collect()
        };
        Some(format!(
            "ours only: {:?}\n  tree-sitter only: {:?}",
            show(&ours, &reference),
            show(&reference, &ours)
        ))
    }

    fn corpus_files() -> Vec<std::path::PathBuf> {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        let mut files = Vec::new();
        let mut folders = vec![corpus];
        while let Some(path) = folders.pop() {
            if path.is_dir() {
                folders.extend(
                    std::fs::read_dir(&path)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path()),
                );
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
        files.sort();
        files
    }

    #[test]
    fn corpus_inlines_match_tree_sitter_md() {
        let mut failures = Vec::new();
        let files = corpus_files();
        let mut found = 0;
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            found += reference_inlines(&text).len();
            if let Some(d) = difference(&text) {
                failures.push(format!("{}\n  {d}", file.display()));
            }
        }
        eprintln!("{} files, {found} inlines", files.len());
        assert!(files.len() > 100 && found > 10_000, "the corpus is read");
        assert!(
            failures.is_empty(),
            "{} files differ:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
