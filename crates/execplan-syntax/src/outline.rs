//! The typed outline of a markdown plan: the blocks the analysis needs, and where they are.

use crate::blocks::{scan, scan_with_resync, Scanned};
use crate::rescan::{rescan, Dirty};
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
    /// Outlines `text`.
    pub fn parse(text: &str) -> Outline {
        Outline::parse_scanned(text).outline
    }

    /// Outlines `text`, keeping where a later rescan may restart.
    pub(crate) fn parse_scanned(text: &str) -> Scanned {
        let mut scanned = scan_with_resync(text, 0);
        scanned.outline.adopt_wrapped_plan(text);
        compute_sections(&mut scanned.outline.headings, text.len());
        scanned
    }

    /// Outlines `text`, which is the text `previous` outlines changed by `dirty`,
    /// rescanning only around the change where that gives the same outline: not when a
    /// wrapper fence holds the plan or the text may open with front matter, which a
    /// change anywhere can make or unmake. Returns the rescanned window too, `None` when
    /// everything was scanned afresh.
    pub(crate) fn reparse(
        text: &str,
        previous: Scanned,
        dirty: Dirty,
    ) -> (Scanned, Option<TextRange>) {
        let opens_with_rule = text.starts_with("---");
        if previous.outline.wrapper_fence.is_some() || opens_with_rule {
            return (Outline::parse_scanned(text), None);
        }
        match rescan(text, previous, dirty) {
            Some((mut scanned, window)) if !scanned.outline.headings.is_empty() => {
                compute_sections(&mut scanned.outline.headings, text.len());
                (scanned, Some(window))
            }
            // No headings: the plan may be wrapped in a fence, which a fresh parse finds.
            _ => (Outline::parse_scanned(text), None),
        }
    }

    /// The paragraphs that start in `range`, found by binary search (they are in order).
    pub fn paragraphs_starting_in(&self, range: &TextRange) -> &[TextRange] {
        let first = self.paragraphs.partition_point(|p| p.start < range.start);
        let end = self.paragraphs.partition_point(|p| p.start < range.end);
        &self.paragraphs[first..end.max(first)]
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
        let inner = scan(&text[content.clone()], content.start);
        if inner.headings.is_empty() {
            return;
        }
        self.absorb_wrapped(index, fence, inner);
    }

    /// Takes the outline of a wrapper fence's contents (code block `index`) as the plan's.
    pub(crate) fn absorb_wrapped(&mut self, index: usize, fence: TextRange, inner: Outline) {
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
pub(crate) fn fence_content(text: &str, fence: TextRange) -> Option<TextRange> {
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

pub(crate) fn compute_sections(headings: &mut [Heading], len: usize) {
    for i in 0..headings.len() {
        let level = headings[i].level;
        let end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(len, |h| h.range.start);
        headings[i].section = headings[i].range.start..end;
    }
}
