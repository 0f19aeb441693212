//! tree-sitter-md's outline of a text, for tests only: the reference the block scanner
//! (`blocks.rs`) is checked against. tree-sitter-md is the grammar editors highlight
//! markdown with; it is too slow to run on every keystroke (about 6 MB a second), so the
//! server uses the scanner and the tests use this.

use tree_sitter::{Node, Parser, Tree};

use crate::block_starts::strip_closing_sequence;
use crate::outline::{
    compute_sections, fence_content, CodeBlock, FrontMatter, Heading, ListItem, Outline, TaskState,
};
use crate::TextRange;

pub fn parse_block_tree(text: &str) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_md::LANGUAGE.into())
        .expect("tree-sitter-md block grammar matches the linked tree-sitter ABI");
    parser
        .parse(text, None)
        .expect("tree-sitter parse without timeout or cancellation always yields a tree")
}

/// tree-sitter-md's outline of `text`, built as the scanner builds its own.
pub fn reference_outline(text: &str) -> Outline {
    // tree-sitter-md reads a byte-order mark as text; the scanner skips it (the title after
    // it is a title), so the reference is the outline of what follows the mark.
    let start = if text.starts_with(crate::blocks::BOM) {
        crate::blocks::BOM.len()
    } else {
        0
    };
    let tree = parse_block_tree(&text[start..]);
    let mut outline = Outline::default();
    Walker {
        text: &text[start..],
        offset: start,
        outline: &mut outline,
    }
    .visit(tree.root_node(), 0);
    adopt_wrapped_plan(&mut outline, text);
    compute_sections(&mut outline.headings, text.len());
    outline
}

fn adopt_wrapped_plan(outline: &mut Outline, text: &str) {
    if !outline.headings.is_empty() {
        return;
    }
    let Some(index) = outline.code_blocks.iter().position(|b| {
        b.fenced
            && matches!(b.info.as_deref(), Some(i) if i.eq_ignore_ascii_case("md") || i.eq_ignore_ascii_case("markdown"))
    }) else {
        return;
    };
    let fence = outline.code_blocks[index].range.clone();
    let Some(content) = fence_content(text, fence.clone()) else {
        return;
    };
    let inner_text = &text[content.clone()];
    let inner_tree = parse_block_tree(inner_text);
    let mut inner = Outline::default();
    Walker {
        text: inner_text,
        offset: content.start,
        outline: &mut inner,
    }
    .visit(inner_tree.root_node(), 0);
    if inner.headings.is_empty() {
        return;
    }
    outline.absorb_wrapped(index, fence, inner);
}

enum Descend {
    No,
    Yes,
    IntoListItem,
}

struct Walker<'a, 'o> {
    text: &'a str,
    /// Added to every range: non-zero when outlining the inside of a wrapper fence.
    offset: usize,
    outline: &'o mut Outline,
}

impl Walker<'_, '_> {
    fn range(&self, node: Node) -> TextRange {
        node.start_byte() + self.offset..node.end_byte() + self.offset
    }

    /// Walks the tree depth-first with an explicit stack: documents with thousands of
    /// nested lists or quotes must not overflow a thread's stack.
    fn visit(&mut self, root: Node, list_depth: usize) {
        let mut stack = vec![(root, list_depth)];
        while let Some((node, depth)) = stack.pop() {
            let child_depth = match self.visit_one(node, depth) {
                Descend::No => continue,
                Descend::Yes => depth,
                Descend::IntoListItem => depth + 1,
            };
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            // Reversed, so the first child is visited first and ranges stay in order.
            stack.extend(children.into_iter().rev().map(|child| (child, child_depth)));
        }
    }

    fn visit_one(&mut self, node: Node, list_depth: usize) -> Descend {
        match node.kind() {
            "minus_metadata" if node.start_byte() == 0 => {
                let range = self.range(node);
                let raw = &self.text[node.byte_range()];
                let body_start = raw.find('\n').map_or(raw.len(), |i| i + 1);
                let body_end = raw.trim_end().rfind('\n').map_or(body_start, |i| i + 1);
                self.outline.front_matter = Some(FrontMatter {
                    body: range.start + body_start..range.start + body_end.max(body_start),
                    range,
                });
                Descend::No
            }
            "atx_heading" => {
                self.atx_heading(node);
                Descend::No
            }
            "setext_heading" => {
                self.setext_heading(node);
                Descend::No
            }
            "fenced_code_block" | "indented_code_block" => {
                let info = find_child(node, "info_string")
                    .map(|n| self.text[n.byte_range()].trim().to_string())
                    .filter(|s| !s.is_empty());
                self.outline.code_blocks.push(CodeBlock {
                    range: self.range(node),
                    fenced: node.kind() == "fenced_code_block",
                    info,
                });
                Descend::No
            }
            "html_block" => {
                let range = self.range(node);
                self.outline.html_blocks.push(range);
                Descend::No
            }
            "paragraph" => {
                let range = self.range(node);
                self.outline.paragraphs.push(range);
                Descend::No
            }
            "list_item" => {
                self.list_item(node, list_depth);
                Descend::IntoListItem
            }
            _ => Descend::Yes,
        }
    }

    fn atx_heading(&mut self, node: Node) {
        let level = node
            .child(0)
            .and_then(|m| m.kind().strip_prefix("atx_h"))
            .and_then(|k| k.strip_suffix("_marker"))
            .and_then(|n| n.parse::<u8>().ok())
            .unwrap_or(1);
        let (text, text_range) = match find_child(node, "inline") {
            Some(inline) => {
                let raw = &self.text[inline.byte_range()];
                let content = strip_closing_sequence(raw);
                let lead = raw.len() - raw.trim_start().len();
                let start = inline.start_byte() + lead;
                let end = (inline.start_byte() + content.len()).max(start);
                (self.text[start..end].to_string(), start..end)
            }
            None => (String::new(), node.end_byte()..node.end_byte()),
        };
        self.push_heading(node, level, text, text_range);
    }

    fn setext_heading(&mut self, node: Node) {
        let level = if find_child(node, "setext_h1_underline").is_some() {
            1
        } else {
            2
        };
        let Some(paragraph) = find_child(node, "paragraph") else {
            return;
        };
        let raw = &self.text[paragraph.byte_range()];
        let lead = raw.len() - raw.trim_start().len();
        let content = raw.trim();
        let start = paragraph.start_byte() + lead;
        let text = content.split_whitespace().collect::<Vec<_>>().join(" ");
        self.push_heading(node, level, text, start..start + content.len());
    }

    fn push_heading(&mut self, node: Node, level: u8, text: String, text_range: TextRange) {
        let raw = &self.text[node.byte_range()];
        let end = node.start_byte() + raw.trim_end_matches(['\n', '\r']).len();
        let range = node.start_byte() + self.offset..end + self.offset;
        self.outline.headings.push(Heading {
            level,
            text,
            text_range: text_range.start + self.offset..text_range.end + self.offset,
            section: range.clone(),
            range,
        });
    }

    fn list_item(&mut self, node: Node, depth: usize) {
        let mut marker = None;
        let mut task = None;
        let mut content_start = None;
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            match child.kind() {
                k if k.starts_with("list_marker") => marker = Some(child.byte_range()),
                "task_list_marker_checked" => task = Some((TaskState::Done, child.byte_range())),
                "task_list_marker_unchecked" => task = Some((TaskState::Open, child.byte_range())),
                "block_continuation" => {}
                _ => {
                    content_start.get_or_insert(child.start_byte());
                }
            }
        }
        let marker = marker.unwrap_or(node.start_byte()..node.start_byte());
        let after = task.as_ref().map_or(marker.end, |(_, r)| r.end);
        let start = content_start
            .unwrap_or(after)
            .max(after)
            .min(node.end_byte());
        let line_end = self.text[start..node.end_byte()]
            .find(['\n', '\r'])
            .map_or(node.end_byte(), |i| start + i);
        let shift = |r: TextRange| r.start + self.offset..r.end + self.offset;
        self.outline.list_items.push(ListItem {
            range: self.range(node),
            depth,
            marker: shift(marker),
            task: task.map(|(s, r)| (s, shift(r))),
            first_line: shift(start..line_end),
        });
    }
}

fn find_child<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find(|c| c.kind() == kind);
    found
}
