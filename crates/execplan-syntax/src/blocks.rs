//! A line-oriented scanner of markdown's block structure, producing the [`Outline`].
//!
//! It follows CommonMark's block algorithm (containers matched line by line, then new
//! block starts, then lazy paragraph continuation) with GitHub's tables and task items,
//! and it keeps tree-sitter-md's conventions for ranges: list items, indented code and
//! blank-line-terminated HTML blocks take in their trailing blank lines, every range
//! takes in its last line break. tree-sitter-md itself parses about 6 MB a second, which
//! made opening a 2,000-line plan cost 20 ms; this scanner does the same job in a single
//! pass over the bytes, and the tests check its outline against tree-sitter-md's on
//! random documents and on the corpus.
//!
//! Only what the outline records is built: no inline parsing, no tree.

use crate::block_starts::{
    atx_level, contains_ignore_ascii_case, delimiter_row_cells, html_start, is_thematic_break,
    list_marker, opening_fence, setext_level, strip_closing_sequence, table_cells, HtmlEnd, Marker,
};
use crate::outline::{CodeBlock, FrontMatter, Heading, ListItem, Outline, TaskState};
use crate::TextRange;

/// Scans `text` into an outline whose ranges are shifted by `offset` (non-zero when the
/// text is the inside of a wrapper fence).
pub(crate) fn scan(text: &str, offset: usize) -> Outline {
    scan_with_resync(text, offset).outline
}

/// An outline with the places a later scan may restart from (see [`Resync`]).
pub(crate) struct Scanned {
    pub outline: Outline,
    pub resync: Resync,
    /// How many lines this scan read (for tests: a rescan reads few).
    #[cfg_attr(not(test), allow(dead_code))]
    pub lines_scanned: usize,
}

/// Line starts where the scanner's state is known without the lines before: where no
/// block was open before the line, or where the line begins an outermost list item at
/// column 0, which closes every open block whatever it was. A rescan after an edit starts
/// at such a line before the edit and stops at one after it whose old counterpart was one
/// too: from there on, the old outline, shifted, is the new one.
pub(crate) type Resync = Vec<usize>;

pub(crate) fn scan_with_resync(text: &str, offset: usize) -> Scanned {
    let mut scanner = Scanner::new(text, offset);
    let mut start = 0;
    if offset == 0 {
        // A byte-order mark is an encoding's signature, not text: the line after it is the
        // document's first (a title after a BOM is a title).
        if text.starts_with(BOM) {
            start = BOM.len();
        }
        if let Some(front_matter) = front_matter(text, start) {
            start = front_matter.range.end;
            scanner.outline.front_matter = Some(front_matter);
        }
    }
    let bytes = text.as_bytes();
    while start < text.len() {
        let (content_end, next) = line_end(bytes, start);
        scanner.line(start, content_end, next);
        start = next;
    }
    scanner.close_containers(0, text.len());
    Scanned {
        lines_scanned: scanner.line_number,
        outline: scanner.outline,
        resync: scanner.resync,
    }
}

/// The end of the line starting at `start` (before its line break) and the start of the
/// next line. `\n`, `\r\n` and a lone `\r` all end a line, as CommonMark says.
pub(crate) fn line_end(bytes: &[u8], start: usize) -> (usize, usize) {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return (i, i + 1),
            b'\r' => {
                let next = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                return (i, next);
            }
            _ => i += 1,
        }
    }
    (bytes.len(), bytes.len())
}

/// U+FEFF at the very start of a document.
pub(crate) const BOM: &str = "\u{feff}";

/// YAML front matter: a `---` first line (at `first`, after any byte-order mark) and a
/// later `---` line closing it.
fn front_matter(text: &str, first: usize) -> Option<FrontMatter> {
    let bytes = text.as_bytes();
    let (first_end, mut next) = line_end(bytes, first);
    if text[first..first_end].trim_end() != "---" {
        return None;
    }
    let body_start = next;
    while next < text.len() {
        let start = next;
        let (end, after) = line_end(bytes, start);
        if text[start..end].trim_end() == "---" {
            return Some(FrontMatter {
                range: first..after,
                body: body_start..start,
            });
        }
        next = after;
    }
    None
}

/// A position in a line, counting columns with tabs expanded to the next multiple of 4.
#[derive(Clone, Copy)]
struct Cursor {
    offset: usize,
    column: usize,
}

enum Container {
    Quote,
    Item {
        /// Columns of indentation, relative to the parent's content, that continue it.
        content_indent: usize,
        /// Index of the item in `outline.list_items`, to set its end when it closes.
        index: usize,
        /// The line the item began on, and whether that line had no content.
        line: usize,
        blank_start: bool,
        has_content: bool,
    },
}

enum Leaf {
    None,
    Paragraph {
        start: usize,
        /// Where the paragraph's last line begins (a table header may take it).
        last_line: usize,
    },
    Fenced {
        fence: u8,
        length: usize,
        /// Index of the block in `outline.code_blocks`, to set its end when it closes.
        index: usize,
    },
    Indented {
        start: usize,
    },
    Html {
        start: usize,
        end: HtmlEnd,
    },
    Table,
}

pub(crate) struct Scanner<'a> {
    text: &'a str,
    offset: usize,
    pub(crate) outline: Outline,
    containers: Vec<Container>,
    /// Where the quotes are in `containers`, and how many items it holds: so a blank line
    /// and a new item cost the same however deep the nesting (a blank line continues
    /// every item but stops at the first quote).
    quotes: Vec<usize>,
    items: usize,
    leaf: Leaf,
    /// Lines read so far.
    pub(crate) line_number: usize,
    /// Containers past this many close at the end of the current line.
    close_after_line: Option<usize>,
    pub(crate) resync: Resync,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str, offset: usize) -> Scanner<'a> {
        Scanner {
            text,
            offset,
            outline: Outline::default(),
            containers: Vec::new(),
            quotes: Vec::new(),
            items: 0,
            leaf: Leaf::None,
            line_number: 0,
            close_after_line: None,
            resync: Vec::new(),
        }
    }

    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The first non-blank position from `cursor`, and its column.
    fn next_nonspace(&self, cursor: Cursor, end: usize) -> Cursor {
        let bytes = self.bytes();
        let mut c = cursor;
        while c.offset < end {
            match bytes[c.offset] {
                b' ' => c.column += 1,
                b'\t' => c.column += 4 - c.column % 4,
                _ => break,
            }
            c.offset += 1;
        }
        c
    }

    /// Consumes `columns` columns of whitespace. A tab wider than what is left is consumed
    /// in part: the cursor stays on it with its column advanced, so the next container
    /// (or code block) gets the rest of its width, as CommonMark says.
    fn advance_columns(&self, mut cursor: Cursor, mut columns: usize, end: usize) -> Cursor {
        let bytes = self.bytes();
        while columns > 0 && cursor.offset < end {
            match bytes[cursor.offset] {
                b' ' => {
                    cursor.offset += 1;
                    cursor.column += 1;
                    columns -= 1;
                }
                b'\t' => {
                    let width = 4 - cursor.column % 4;
                    if width > columns {
                        cursor.column += columns;
                        return cursor;
                    }
                    cursor.offset += 1;
                    cursor.column += width;
                    columns -= width;
                }
                _ => break,
            }
        }
        cursor
    }

    /// Reads the line `start..end` (its break ends at `next`).
    pub(crate) fn line(&mut self, start: usize, end: usize, next: usize) {
        if self.containers.is_empty() && matches!(self.leaf, Leaf::None) {
            self.resync.push(start);
        }
        self.scan_line(start, end, next);
        if let Some(keep) = self.close_after_line.take() {
            self.close_containers(keep, next);
        }
        self.line_number += 1;
    }

    fn scan_line(&mut self, start: usize, end: usize, next: usize) {
        let mut cursor = Cursor {
            offset: start,
            column: 0,
        };

        // 1. Which open containers does this line continue?
        let mut matched = 0;
        // Where what this line closes ends and what it opens begins: after the markers of
        // the containers it continues, or, when it ends a list item by being indented less
        // than the item's content, after its indentation (as tree-sitter-md has it).
        let mut anchor = None;
        if self.next_nonspace(cursor, end).offset == end {
            // A blank line continues every item up to the first quote, which it ends.
            matched = self
                .quotes
                .first()
                .copied()
                .unwrap_or(self.containers.len());
            // An item that began with a blank line ends at a second one, which it takes
            // in; only the innermost container can be such an item.
            let top = self.containers.len().checked_sub(1);
            if let Some(top) = top.filter(|&top| top < matched) {
                if let Container::Item {
                    blank_start: true,
                    has_content: false,
                    line,
                    ..
                } = self.containers[top]
                {
                    if line + 1 == self.line_number {
                        self.close_after_line = Some(top);
                    }
                }
            }
        }
        while matched < self.containers.len() {
            let nonspace = self.next_nonspace(cursor, end);
            let indent = nonspace.column - cursor.column;
            let blank = nonspace.offset == end;
            let continues = match &self.containers[matched] {
                Container::Quote => {
                    if indent <= 3 && !blank && self.bytes()[nonspace.offset] == b'>' {
                        cursor = Cursor {
                            offset: nonspace.offset + 1,
                            column: nonspace.column + 1,
                        };
                        cursor = self.advance_columns(cursor, 1, end);
                        true
                    } else {
                        false
                    }
                }
                Container::Item {
                    content_indent,
                    line,
                    blank_start,
                    has_content,
                    ..
                } => {
                    if blank {
                        // An item that began with a blank line ends at a second one,
                        // which it takes in.
                        if *blank_start && !*has_content && *line + 1 == self.line_number {
                            self.close_after_line.get_or_insert(matched);
                        }
                        true
                    } else if indent >= *content_indent {
                        cursor = self.advance_columns(cursor, *content_indent, end);
                        true
                    } else {
                        anchor = Some(nonspace.offset);
                        false
                    }
                }
            };
            if !continues {
                break;
            }
            matched += 1;
        }
        let all_matched = matched == self.containers.len();
        let mut anchor = anchor.unwrap_or(cursor.offset);

        // 2. Leaves that take lines whole: code, HTML, tables.
        if all_matched {
            match self.leaf {
                Leaf::Fenced { fence, length, .. } => {
                    let nonspace = self.next_nonspace(cursor, end);
                    if nonspace.column - cursor.column <= 3
                        && self.is_closing_fence(nonspace.offset, end, fence, length)
                    {
                        self.close_leaf(next);
                    }
                    return;
                }
                Leaf::Html { end: html_end, .. } => {
                    match html_end {
                        HtmlEnd::Marker(marker) => {
                            if contains_ignore_ascii_case(&self.text[cursor.offset..end], marker) {
                                self.close_leaf(next);
                            }
                        }
                        HtmlEnd::BlankLine => {
                            if self.next_nonspace(cursor, end).offset == end {
                                self.close_leaf(next);
                            }
                        }
                    }
                    return;
                }
                Leaf::Indented { .. } => {
                    let nonspace = self.next_nonspace(cursor, end);
                    if nonspace.offset == end || nonspace.column - cursor.column >= 4 {
                        return;
                    }
                    self.close_leaf(cursor.offset);
                }
                Leaf::Table => {
                    let nonspace = self.next_nonspace(cursor, end);
                    if nonspace.offset == end || self.starts_block(cursor, end) {
                        self.close_leaf(cursor.offset);
                    } else {
                        return;
                    }
                }
                Leaf::Paragraph { .. } | Leaf::None => {}
            }
        }

        // 3. New blocks.
        // Where the line's tail of `-`, `*`, `_` and blanks begins: a thematic break can
        // only start there, which spares "- - - … x" a scan of the rest per marker.
        let rule_tail = start
            + self.bytes()[start..end]
                .iter()
                .rposition(|b| !matches!(b, b'-' | b'*' | b'_' | b' ' | b'\t'))
                .map_or(0, |i| i + 1);
        let tip_is_paragraph = matches!(self.leaf, Leaf::Paragraph { .. });
        let mut in_paragraph = all_matched && tip_is_paragraph;
        let mut opened_container = false;
        loop {
            let nonspace = self.next_nonspace(cursor, end);
            let indent = nonspace.column - cursor.column;
            let blank = nonspace.offset == end;
            if blank {
                break;
            }
            if indent >= 4 {
                if tip_is_paragraph && !opened_container {
                    // A lazy or ordinary paragraph line, not code.
                    break;
                }
                self.close_to(matched, cursor.offset, anchor);
                self.note_item_content(anchor, end);
                self.leaf = Leaf::Indented { start: anchor };
                return;
            }
            let bytes = self.bytes();
            let first = bytes[nonspace.offset];
            if first == b'>' {
                self.close_to(matched, cursor.offset, anchor);
                self.note_item_content(anchor, end);
                self.quotes.push(self.containers.len());
                self.containers.push(Container::Quote);
                matched = self.containers.len();
                cursor = Cursor {
                    offset: nonspace.offset + 1,
                    column: nonspace.column + 1,
                };
                cursor = self.advance_columns(cursor, 1, end);
                anchor = cursor.offset;
                in_paragraph = false;
                opened_container = true;
                continue;
            }
            if let Some(level) = atx_level(&bytes[nonspace.offset..end]) {
                self.close_to(matched, cursor.offset, anchor);
                self.note_item_content(anchor, end);
                self.atx_heading(anchor, nonspace.offset, level, end);
                return;
            }
            if let Some((fence, length)) = opening_fence(&self.text[nonspace.offset..end]) {
                self.close_to(matched, cursor.offset, anchor);
                self.note_item_content(anchor, end);
                let info = self.text[nonspace.offset + length..end].trim();
                self.outline.code_blocks.push(CodeBlock {
                    range: self.shift(anchor..next),
                    fenced: true,
                    info: (!info.is_empty()).then(|| info.to_string()),
                });
                self.leaf = Leaf::Fenced {
                    fence,
                    length,
                    index: self.outline.code_blocks.len() - 1,
                };
                return;
            }
            // A lone tag (kind 7) starts no HTML block where the line may continue a
            // paragraph, lazily or not.
            let maybe_paragraph = in_paragraph || (tip_is_paragraph && !opened_container);
            if let Some(html_end) = html_start(&self.text[nonspace.offset..end], maybe_paragraph) {
                self.close_to(matched, cursor.offset, anchor);
                self.note_item_content(anchor, end);
                self.leaf = Leaf::Html {
                    start: anchor,
                    end: html_end,
                };
                if let HtmlEnd::Marker(marker) = html_end {
                    if contains_ignore_ascii_case(&self.text[nonspace.offset..end], marker) {
                        self.close_leaf(next);
                    }
                }
                return;
            }
            if in_paragraph {
                if let Some(level) = setext_level(&bytes[nonspace.offset..end]) {
                    self.setext_heading(level, end);
                    return;
                }
            }
            if nonspace.offset >= rule_tail && is_thematic_break(&bytes[nonspace.offset..end]) {
                self.close_to(matched, cursor.offset, anchor);
                self.note_item_content(anchor, end);
                return;
            }
            if let Some(marker) = list_marker(&bytes[nonspace.offset..end], in_paragraph) {
                self.close_to(matched, cursor.offset, anchor);
                if matched == 0 && nonspace.offset == start && self.resync.last() != Some(&start) {
                    // An outermost item at column 0 closes whatever was open.
                    self.resync.push(start);
                }
                self.note_item_content(anchor, end);
                cursor = self.open_item(anchor, cursor, nonspace, marker, end);
                anchor = cursor.offset;
                matched = self.containers.len();
                in_paragraph = false;
                opened_container = true;
                continue;
            }
            if in_paragraph && self.table_starts(nonspace.offset, end) {
                return;
            }
            break;
        }

        // 4. What is left is paragraph text or a blank line.
        let nonspace = self.next_nonspace(cursor, end);
        if nonspace.offset == end {
            if !all_matched && !opened_container {
                self.close_to(matched, cursor.offset, anchor);
            } else if matches!(self.leaf, Leaf::Paragraph { .. }) {
                // After the line's container markers (`>`), as tree-sitter-md ends it.
                self.close_leaf(cursor.offset);
            }
            return;
        }
        if !all_matched && !opened_container && tip_is_paragraph {
            // A lazy continuation line: every container stays open.
            self.continue_paragraph(start);
            return;
        }
        if !all_matched && !opened_container {
            self.close_to(matched, cursor.offset, anchor);
        }
        if matches!(self.leaf, Leaf::Paragraph { .. }) {
            self.continue_paragraph(start);
        } else {
            self.close_leaf(anchor);
            self.note_item_content(anchor, end);
            self.leaf = Leaf::Paragraph {
                start: anchor,
                last_line: start,
            };
        }
    }

    fn shift(&self, range: TextRange) -> TextRange {
        range.start + self.offset..range.end + self.offset
    }

    fn continue_paragraph(&mut self, line_start: usize) {
        if let Leaf::Paragraph { last_line, .. } = &mut self.leaf {
            *last_line = line_start;
        }
    }

    /// Whether a line would begin a block other than a paragraph, or is a `===` line: it
    /// ends a table (tree-sitter-md ends one at `===` too).
    fn starts_block(&self, cursor: Cursor, end: usize) -> bool {
        let nonspace = self.next_nonspace(cursor, end);
        if nonspace.column - cursor.column >= 4 {
            return false;
        }
        let rest = &self.bytes()[nonspace.offset..end];
        let text = &self.text[nonspace.offset..end];
        rest.first() == Some(&b'>')
            || atx_level(rest).is_some()
            || opening_fence(text).is_some()
            || html_start(text, true).is_some()
            || is_thematic_break(rest)
            // Any item, empty ones too, but not one numbered with two digits or more
            // (tree-sitter-md reads that line as a row).
            || (list_marker(rest, false).is_some()
                && !rest.iter().take(2).all(u8::is_ascii_digit))
            || setext_level(rest) == Some(1)
    }

    /// The first block opened inside an item fixes the item's first line.
    fn note_item_content(&mut self, at: usize, line_end: usize) {
        if let Some(Container::Item {
            has_content, index, ..
        }) = self.containers.last_mut()
        {
            if !*has_content {
                *has_content = true;
                let item = &mut self.outline.list_items[*index];
                let at = at + self.offset;
                if item.first_line.start == usize::MAX {
                    item.first_line = at..line_end + self.offset;
                }
            }
        }
    }

    /// Opens a list item whose marker is at `nonspace`; its range starts at `anchor`.
    fn open_item(
        &mut self,
        anchor: usize,
        cursor: Cursor,
        nonspace: Cursor,
        marker: Marker,
        end: usize,
    ) -> Cursor {
        let bytes = self.bytes();
        let after_marker = Cursor {
            offset: nonspace.offset + marker.width,
            column: nonspace.column + marker.width,
        };
        let content = self.next_nonspace(after_marker, end);
        let spaces = content.column - after_marker.column;
        let blank = content.offset == end;
        let (padding, content_cursor) = if blank {
            (marker.width + 1, content)
        } else if spaces > 4 {
            // Five or more spaces: the item's content is indented code one column in.
            (marker.width + 1, self.advance_columns(after_marker, 1, end))
        } else {
            (marker.width + spaces, content)
        };
        let content_indent = nonspace.column - cursor.column + padding;
        let mut first_content = content_cursor.offset;
        let mut task = None;
        if !blank && spaces <= 4 {
            let rest = &bytes[content.offset..end];
            let state = match rest {
                [b'[', b' ', b']', b' ' | b'\t', ..] => Some(TaskState::Open),
                [b'[', b'x' | b'X', b']', b' ' | b'\t', ..] => Some(TaskState::Done),
                _ => None,
            };
            if let Some(state) = state {
                task = Some((state, self.shift(content.offset..content.offset + 3)));
                let after_task = Cursor {
                    offset: content.offset + 3,
                    column: content.column + 3,
                };
                first_content = self.next_nonspace(after_task, end).offset;
            }
        }
        let marker_range = if blank {
            self.shift(anchor..end)
        } else {
            self.shift(anchor..content_cursor.offset.min(end))
        };
        let depth = self.items;
        let after = task.as_ref().map_or(marker_range.end, |(_, r)| r.end);
        let has_task = task.is_some();
        self.outline.list_items.push(ListItem {
            range: self.shift(anchor..end),
            depth,
            marker: marker_range,
            task,
            // Set when the item's first block opens, or at its close.
            first_line: usize::MAX..after,
        });
        self.items += 1;
        self.containers.push(Container::Item {
            content_indent,
            index: self.outline.list_items.len() - 1,
            line: self.line_number,
            blank_start: blank,
            has_content: false,
        });
        if has_task {
            // The task marker is not a block: move past it, to the item's text.
            let nonspace = self.next_nonspace(content_cursor, end);
            if first_content > nonspace.offset {
                return Cursor {
                    offset: first_content,
                    column: nonspace.column + (first_content - nonspace.offset),
                };
            }
        }
        content_cursor
    }

    fn atx_heading(&mut self, line_start: usize, marker_start: usize, level: u8, end: usize) {
        let after_marker = marker_start + level as usize;
        let raw = &self.text[after_marker..end];
        let content = strip_closing_sequence(raw.trim_start());
        let lead = raw.len() - raw.trim_start().len();
        let (text, text_range) = if content.is_empty() {
            (String::new(), end..end)
        } else {
            let start = after_marker + lead;
            (content.to_string(), start..start + content.len())
        };
        self.outline.headings.push(Heading {
            level,
            text,
            text_range: self.shift(text_range),
            range: self.shift(line_start..end),
            section: self.shift(line_start..end),
        });
    }

    fn setext_heading(&mut self, level: u8, end: usize) {
        let Leaf::Paragraph { start, .. } = self.leaf else {
            return;
        };
        self.leaf = Leaf::None;
        // The paragraph's lines, as written (continuation markers included, as
        // tree-sitter-md has them).
        let raw = &self.text[start..self.paragraph_text_end(start, end)];
        let content = raw.trim();
        let lead = raw.len() - raw.trim_start().len();
        let text = content.split_whitespace().collect::<Vec<_>>().join(" ");
        let text_start = start + lead;
        self.outline.headings.push(Heading {
            level,
            text,
            text_range: self.shift(text_start..text_start + content.len()),
            range: self.shift(start..end),
            section: self.shift(start..end),
        });
    }

    /// The end of a setext heading's paragraph: the start of the underline's line.
    fn paragraph_text_end(&self, start: usize, underline_end: usize) -> usize {
        let before = &self.text[start..underline_end];
        let trimmed = before.trim_end_matches(|c: char| c != '\n' && c != '\r');
        start + trimmed.len()
    }

    /// A delimiter row under a paragraph whose last line has as many cells starts a table
    /// at that line; the paragraph keeps its earlier lines.
    fn table_starts(&mut self, row_start: usize, end: usize) -> bool {
        let Leaf::Paragraph {
            start, last_line, ..
        } = self.leaf
        else {
            return false;
        };
        let Some(columns) = delimiter_row_cells(&self.text[row_start..end]) else {
            return false;
        };
        let header_start = if last_line > start { last_line } else { start };
        let (header_end, _) = line_end(self.bytes(), header_start);
        let header = &self.text[header_start..header_end];
        // A header starting with `-` makes no table, as in tree-sitter-md.
        if !header.contains('|') && columns != 1
            || table_cells(header) != columns
            || header.trim_start().starts_with('-')
        {
            return false;
        }
        if header_start > start {
            self.outline.paragraphs.push(self.shift(start..last_line));
        }
        self.leaf = Leaf::Table;
        true
    }

    fn is_closing_fence(&self, at: usize, end: usize, fence: u8, length: usize) -> bool {
        let rest = &self.bytes()[at..end];
        let run = rest.iter().take_while(|&&b| b == fence).count();
        run >= length && rest[run..].iter().all(|b| b.is_ascii_whitespace())
    }

    /// Closes the open leaf, which ends at `end`.
    fn close_leaf(&mut self, end: usize) {
        match std::mem::replace(&mut self.leaf, Leaf::None) {
            Leaf::None | Leaf::Table => {}
            Leaf::Paragraph { start, .. } => {
                let range = self.shift(start..end);
                self.outline.paragraphs.push(range);
            }
            Leaf::Fenced { index, .. } => {
                let end = end + self.offset;
                self.outline.code_blocks[index].range.end = end;
            }
            Leaf::Indented { start } => {
                let range = self.shift(start..end);
                self.outline.code_blocks.push(CodeBlock {
                    range,
                    fenced: false,
                    info: None,
                });
            }
            Leaf::Html { start, .. } => {
                let range = self.shift(start..end);
                self.outline.html_blocks.push(range);
            }
        }
    }

    /// Closes the leaf, ending at `leaf_end`, and every container past the first `keep`,
    /// ending at `containers_end`.
    fn close_to(&mut self, keep: usize, leaf_end: usize, containers_end: usize) {
        self.close_leaf(leaf_end);
        self.close_containers(keep, containers_end);
    }

    pub(crate) fn close_containers(&mut self, keep: usize, end: usize) {
        self.close_leaf(end);
        while self.containers.len() > keep {
            let popped = self.containers.pop();
            if matches!(popped, Some(Container::Quote)) {
                self.quotes.pop();
            }
            if let Some(Container::Item { index, .. }) = popped {
                self.items -= 1;
                let end = end + self.offset;
                let item = &mut self.outline.list_items[index];
                item.range.end = end;
                if item.first_line.start == usize::MAX {
                    // Nothing but the marker (and checkbox): the first line is what
                    // follows them on the marker's line.
                    let after = item.first_line.end;
                    let line_end = after
                        + self.text[after - self.offset..]
                            .find(['\n', '\r'])
                            .unwrap_or(self.text.len() + self.offset - after);
                    item.first_line = after..line_end.min(end).max(after);
                }
            }
        }
    }
}
