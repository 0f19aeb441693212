//! The typed outline of a markdown plan: what the analysis needs of the block tree.

use tree_sitter::{Node, Tree};

use crate::parse::parse_block_tree;
use crate::TextRange;

/// The block structure of a plan, with byte ranges into the snapshot's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// YAML (`---`) front matter at the very top, if any.
    pub front_matter: Option<FrontMatter>,
    /// Every heading outside code blocks, in document order.
    pub headings: Vec<Heading>,
    /// Every list item, nested ones included, in document order.
    pub list_items: Vec<ListItem>,
    /// Fenced and indented code blocks (not the wrapper fence, see `wrapper_fence`).
    pub code_blocks: Vec<CodeBlock>,
    /// HTML blocks (comments, mostly).
    pub html_blocks: Vec<TextRange>,
    /// Paragraphs, nested ones included, in document order.
    pub paragraphs: Vec<TextRange>,
    /// When the whole plan is wrapped in one ```md fence, as the standard allows, that
    /// fence's range; its contents were outlined as the plan itself.
    pub wrapper_fence: Option<TextRange>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub range: TextRange,
    /// The text between the `---` delimiters.
    pub body: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text, trimmed, without `#` markers or a closing sequence.
    pub text: String,
    /// The heading line(s), without the final line break.
    pub range: TextRange,
    /// Where `text` lies in the document.
    pub text_range: TextRange,
    /// The heading's section: from the heading to the next heading of the same or a
    /// higher level (a lower number), or the end of the plan.
    pub section: TextRange,
}

impl Heading {
    /// The section's body: everything after the heading line up to the section's end.
    pub fn body(&self) -> TextRange {
        self.range.end.min(self.section.end)..self.section.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    Open,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The whole item, nested content included.
    pub range: TextRange,
    /// 0 for an item of a top-level list, 1 inside another item, and so on.
    pub depth: usize,
    /// The bullet or number, with its following space.
    pub marker: TextRange,
    /// `[ ]` or `[x]`, when the item is a checkbox.
    pub task: Option<(TaskState, TextRange)>,
    /// The item's first line of text after its marker and checkbox.
    pub first_line: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    pub range: TextRange,
    pub fenced: bool,
    /// The fence's info string (`sh`, `md`, …), if any.
    pub info: Option<String>,
}

impl Outline {
    /// Outlines a text whose block tree is `tree`.
    pub fn new(text: &str, tree: &Tree) -> Outline {
        let mut outline = Outline::default();
        let mut walker = Walker {
            text,
            offset: 0,
            outline: &mut outline,
        };
        walker.visit(tree.root_node(), 0);
        outline.adopt_wrapped_plan(text);
        compute_sections(&mut outline.headings, text.len());
        outline
    }

    /// The first level-1 heading.
    pub fn title(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// Whether `offset` lies inside a code block (the wrapper fence does not count).
    pub fn in_code_block(&self, offset: usize) -> bool {
        self.code_blocks.iter().any(|b| b.range.contains(&offset))
    }

    /// A plan wrapped whole in a ```md fence is outlined from the fence's contents. Only
    /// when nothing outside code blocks is a heading: otherwise the fence is an example.
    fn adopt_wrapped_plan(&mut self, text: &str) {
        if !self.headings.is_empty() {
            return;
        }
        let Some(index) = self.code_blocks.iter().position(|b| {
            b.fenced
                && matches!(b.info.as_deref(), Some(i) if i.eq_ignore_ascii_case("md") || i.eq_ignore_ascii_case("markdown"))
        }) else {
            return;
        };
        let fence = self.code_blocks[index].range.clone();
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
        self.code_blocks.remove(index);
        self.headings = inner.headings;
        self.list_items.extend(inner.list_items);
        self.code_blocks.extend(inner.code_blocks);
        self.html_blocks.extend(inner.html_blocks);
        self.paragraphs.extend(inner.paragraphs);
        self.list_items.sort_by_key(|i| i.range.start);
        self.code_blocks.sort_by_key(|b| b.range.start);
        self.html_blocks.sort_by_key(|r| r.start);
        self.paragraphs.sort_by_key(|r| r.start);
        self.wrapper_fence = Some(fence);
    }
}

/// The lines between a fence's opening and closing delimiters.
fn fence_content(text: &str, fence: TextRange) -> Option<TextRange> {
    let block = &text[fence.clone()];
    let first_break = block.find('\n')? + 1;
    let start = fence.start + first_break;
    let body = &text[start..fence.end];
    let trimmed = body.trim_end_matches(['\n', '\r']);
    // The closing fence is the last line when present; an unclosed fence runs to the end.
    let end = match trimmed.rfind('\n') {
        Some(i) if is_fence_line(&trimmed[i + 1..]) => start + i + 1,
        None if is_fence_line(trimmed) => start,
        _ => fence.end,
    };
    Some(start..end)
}

fn is_fence_line(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && (line.chars().all(|c| c == '`') || line.chars().all(|c| c == '~'))
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

/// `Title ##` → `Title`; a closing sequence must follow a space.
fn strip_closing_sequence(raw: &str) -> &str {
    let trimmed = raw.trim_end();
    let without = trimmed.trim_end_matches('#');
    if without.len() == trimmed.len() {
        return trimmed;
    }
    if without.is_empty() {
        return without;
    }
    if without.ends_with([' ', '\t']) {
        without.trim_end()
    } else {
        trimmed
    }
}

fn compute_sections(headings: &mut [Heading], len: usize) {
    for i in 0..headings.len() {
        let level = headings[i].level;
        let end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(len, |h| h.range.start);
        headings[i].section = headings[i].range.start..end;
    }
}
