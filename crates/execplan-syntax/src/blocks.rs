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
        if let Some(front_matter) = front_matter(text) {
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

/// What changed since a scan: bytes `start..old_end` of the scanned text are now
/// `start..new_end` of the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dirty {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Dirty {
    /// The change after a further edit of `range` (in the current text) to `inserted`
    /// bytes.
    pub fn then(self, range: std::ops::Range<usize>, inserted: usize) -> Dirty {
        let old_end = self.old_end + range.end.saturating_sub(self.new_end);
        let end = self.new_end.max(range.end);
        Dirty {
            start: self.start.min(range.start),
            old_end,
            new_end: end + inserted - (range.end - range.start),
        }
    }
}

/// Scans `text` again after the change `dirty` to the text `previous` outlines, rescanning
/// only from the last restart point before the change to the first one after it, which it
/// returns as the window rescanned. `None` when no restart point precedes the change (the
/// caller scans afresh).
pub(crate) fn rescan(text: &str, previous: Scanned, dirty: Dirty) -> Option<(Scanned, TextRange)> {
    let bytes = text.as_bytes();
    // The line holding the change's start, in the old text, must be untouched: restart at
    // a point before that line.
    let line_start = bytes[..dirty.start.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let restart_index = previous.resync.partition_point(|&r| r < line_start);
    let restart = *previous.resync[..restart_index].last()?;
    let delta = dirty.new_end as isize - dirty.old_end as isize;
    let old_at = |new: usize| (new as isize - delta) as usize;

    let mut scanner = Scanner::new(text, 0);
    let mut start = restart;
    let mut rejoined = None;
    while start < text.len() {
        let (content_end, next) = line_end(bytes, start);
        scanner.line(start, content_end, next);
        if start >= dirty.new_end
            && scanner.resync.last() == Some(&start)
            && previous.resync.binary_search(&old_at(start)).is_ok()
        {
            rejoined = Some(start);
            break;
        }
        start = next;
    }
    let Some(rejoin) = rejoined else {
        scanner.close_containers(0, text.len());
        return Some((
            splice(previous, restart, scanner, None, delta),
            restart..text.len(),
        ));
    };
    Some((
        splice(previous, restart, scanner, Some(rejoin), delta),
        restart..rejoin,
    ))
}

/// The old outline before `restart`, the rescanned part up to `rejoin` (new offsets), and
/// the old outline from `rejoin` on, shifted by `delta`: built in the old outline's
/// vectors, so a keystroke moves the items after it rather than copying every item.
fn splice(
    mut previous: Scanned,
    restart: usize,
    scanner: Scanner<'_>,
    rejoin: Option<usize>,
    delta: isize,
) -> Scanned {
    let shift = move |at: &mut usize| *at = (*at as isize + delta) as usize;
    let shift_range = move |r: &mut TextRange| {
        shift(&mut r.start);
        shift(&mut r.end);
    };
    let old_rejoin = rejoin.map(|r| (r as isize - delta) as usize);
    let lines_scanned = scanner.line_number;
    let rescanned = scanner.outline;

    /// Replaces the old items opened from `restart` to `old_rejoin` by those the rescan
    /// opened before `rejoin` (it also opened the rejoin line's, which the old outline
    /// has with their ends), then moves the old items after them.
    fn splice_items<T>(
        old: &mut Vec<T>,
        mut middle: Vec<T>,
        restart: usize,
        (rejoin, old_rejoin): (Option<usize>, Option<usize>),
        start: impl Fn(&T) -> usize,
        shift: impl Fn(&mut T),
        delta: isize,
    ) {
        if let Some(rejoin) = rejoin {
            middle.truncate(middle.partition_point(|i| start(i) < rejoin));
        }
        let before = old.partition_point(|i| start(i) < restart);
        let after = old_rejoin.map_or(old.len(), |r| old.partition_point(|i| start(i) < r));
        let kept_from = before + middle.len();
        old.splice(before..after, middle);
        if delta != 0 {
            old[kept_from..].iter_mut().for_each(shift);
        }
    }

    let joins = (rejoin, old_rejoin);
    let old = &mut previous.outline;
    splice_items(
        &mut old.headings,
        rescanned.headings,
        restart,
        joins,
        |h| h.range.start,
        |h| {
            shift_range(&mut h.range);
            shift_range(&mut h.text_range);
            shift_range(&mut h.section);
        },
        delta,
    );
    splice_items(
        &mut old.list_items,
        rescanned.list_items,
        restart,
        joins,
        |i| i.range.start,
        |i| {
            shift_range(&mut i.range);
            shift_range(&mut i.marker);
            if let Some((_, r)) = &mut i.task {
                shift_range(r);
            }
            shift_range(&mut i.first_line);
        },
        delta,
    );
    splice_items(
        &mut old.code_blocks,
        rescanned.code_blocks,
        restart,
        joins,
        |b| b.range.start,
        |b| shift_range(&mut b.range),
        delta,
    );
    splice_items(
        &mut old.html_blocks,
        rescanned.html_blocks,
        restart,
        joins,
        |r| r.start,
        shift_range,
        delta,
    );
    splice_items(
        &mut old.paragraphs,
        rescanned.paragraphs,
        restart,
        joins,
        |r| r.start,
        shift_range,
        delta,
    );
    old.wrapper_fence = None;
    splice_items(
        &mut previous.resync,
        scanner.resync,
        restart,
        joins,
        |&r| r,
        |r| shift(r),
        delta,
    );
    previous.lines_scanned = lines_scanned;
    previous
}

/// The end of the line starting at `start` (before its line break) and the start of the
/// next line. `\n`, `\r\n` and a lone `\r` all end a line, as CommonMark says.
fn line_end(bytes: &[u8], start: usize) -> (usize, usize) {
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

/// YAML front matter: a `---` first line and a later `---` line closing it.
fn front_matter(text: &str) -> Option<FrontMatter> {
    let bytes = text.as_bytes();
    let (first_end, mut next) = line_end(bytes, 0);
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let body_start = next;
    while next < text.len() {
        let start = next;
        let (end, after) = line_end(bytes, start);
        if text[start..end].trim_end() == "---" {
            return Some(FrontMatter {
                range: 0..after,
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum HtmlEnd {
    /// Ends on a line containing this text (ASCII case-insensitive for the tag kinds).
    Marker(&'static str),
    /// Ends at a blank line, which it takes in.
    BlankLine,
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

struct Scanner<'a> {
    text: &'a str,
    offset: usize,
    outline: Outline,
    containers: Vec<Container>,
    leaf: Leaf,
    line_number: usize,
    /// Containers past this many close at the end of the current line.
    close_after_line: Option<usize>,
    resync: Resync,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, offset: usize) -> Scanner<'a> {
        Scanner {
            text,
            offset,
            outline: Outline::default(),
            containers: Vec::new(),
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

    fn line(&mut self, start: usize, end: usize, next: usize) {
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
            if let Some(html_end) = html_start(&self.text[nonspace.offset..end], in_paragraph) {
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
            if is_thematic_break(&bytes[nonspace.offset..end]) {
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
                self.close_leaf(start);
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
            || list_marker(rest, false).is_some()
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
        let depth = self
            .containers
            .iter()
            .filter(|c| matches!(c, Container::Item { .. }))
            .count();
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
        if !header.contains('|') && columns != 1 || table_cells(header) != columns {
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

    fn close_containers(&mut self, keep: usize, end: usize) {
        self.close_leaf(end);
        while self.containers.len() > keep {
            if let Some(Container::Item { index, .. }) = self.containers.pop() {
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

/// `#` to `######` followed by a space, a tab or the end of the line.
fn atx_level(rest: &[u8]) -> Option<u8> {
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    match rest.get(hashes) {
        None | Some(b' ' | b'\t') => Some(hashes as u8),
        _ => None,
    }
}

/// Three or more backticks or tildes; a backtick fence's info string has no backtick.
fn opening_fence(rest: &str) -> Option<(u8, usize)> {
    let bytes = rest.as_bytes();
    let fence = *bytes.first()?;
    if fence != b'`' && fence != b'~' {
        return None;
    }
    let length = bytes.iter().take_while(|&&b| b == fence).count();
    if length < 3 {
        return None;
    }
    if fence == b'`' && rest[length..].contains('`') {
        return None;
    }
    Some((fence, length))
}

/// `===` (level 1) or `---` (level 2) alone on a line, under a paragraph.
fn setext_level(rest: &[u8]) -> Option<u8> {
    let ch = *rest.first()?;
    if ch != b'=' && ch != b'-' {
        return None;
    }
    let run = rest.iter().take_while(|&&b| b == ch).count();
    if !rest[run..].iter().all(|&b| b == b' ' || b == b'\t') {
        return None;
    }
    Some(if ch == b'=' { 1 } else { 2 })
}

/// Three or more `*`, `-` or `_`, the same one, with only spaces and tabs between.
fn is_thematic_break(rest: &[u8]) -> bool {
    let Some(&ch) = rest.first() else {
        return false;
    };
    if !matches!(ch, b'*' | b'-' | b'_') {
        return false;
    }
    let mut count = 0;
    for &b in rest {
        if b == ch {
            count += 1;
        } else if b != b' ' && b != b'\t' {
            return false;
        }
    }
    count >= 3
}

#[derive(Clone, Copy)]
struct Marker {
    /// Bytes of the bullet or number with its delimiter.
    width: usize,
}

/// A bullet (`-`, `+`, `*`) or an ordered marker (`1.`, `2)` …) followed by a space, a
/// tab or the end of the line. An empty item cannot interrupt a paragraph. (CommonMark
/// also keeps ordered items other than `1.` from interrupting one; tree-sitter-md lets
/// them, and so do we, so plans outline as they did.)
fn list_marker(rest: &[u8], in_paragraph: bool) -> Option<Marker> {
    let first = *rest.first()?;
    let width = if matches!(first, b'-' | b'+' | b'*') {
        1
    } else {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) || !matches!(rest.get(digits), Some(b'.' | b')')) {
            return None;
        }
        digits + 1
    };
    match rest.get(width) {
        None | Some(b' ' | b'\t') => {}
        _ => return None,
    }
    let blank_after = rest[width..].iter().all(|&b| b == b' ' || b == b'\t');
    if in_paragraph && blank_after {
        return None;
    }
    Some(Marker { width })
}

/// The HTML block kinds of CommonMark: how a block starting with `rest` ends, or `None`
/// when `rest` starts none. Kind 7 (any lone tag) cannot interrupt a paragraph.
fn html_start(rest: &str, in_paragraph: bool) -> Option<HtmlEnd> {
    let bytes = rest.as_bytes();
    if bytes.first() != Some(&b'<') {
        return None;
    }
    let after = &rest[1..];
    for (tag, end) in [
        ("script", "</script>"),
        ("pre", "</pre>"),
        ("style", "</style>"),
        ("textarea", "</textarea>"),
    ] {
        if starts_with_ignore_ascii_case(after, tag) {
            match after.as_bytes().get(tag.len()) {
                None | Some(b' ' | b'\t' | b'>') => return Some(HtmlEnd::Marker(end)),
                _ => {}
            }
        }
    }
    if after.starts_with("!--") {
        return Some(HtmlEnd::Marker("-->"));
    }
    if after.starts_with('?') {
        return Some(HtmlEnd::Marker("?>"));
    }
    if after.starts_with("![CDATA[") {
        return Some(HtmlEnd::Marker("]]>"));
    }
    if after.starts_with('!') && after.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
        return Some(HtmlEnd::Marker(">"));
    }
    let name_start = usize::from(after.starts_with('/'));
    let name_len = after[name_start..]
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let name = &after[name_start..name_start + name_len];
    if name_len > 0 && BLOCK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        let next = &after[name_start + name_len..];
        if next.is_empty() || next.starts_with([' ', '\t', '>']) || next.starts_with("/>") {
            return Some(HtmlEnd::BlankLine);
        }
    }
    if !in_paragraph && is_lone_tag(rest) {
        return Some(HtmlEnd::BlankLine);
    }
    None
}

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// A complete open tag (`<name attr="v">`) or closing tag (`</name>`), then only
/// whitespace: CommonMark's seventh kind of HTML block.
fn is_lone_tag(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        i += 1;
    }
    if !closing {
        loop {
            let spaces = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            let at = i + spaces;
            let starts_name = bytes
                .get(at)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b':');
            if spaces == 0 || !starts_name {
                i = at;
                break;
            }
            i = at;
            while bytes.get(i).is_some_and(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-')
            }) {
                i += 1;
            }
            // An optional value.
            let mut j = i;
            while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                match bytes.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let Some(close) = bytes[j + 1..].iter().position(|&b| b == quote) else {
                            return false;
                        };
                        j += close + 2;
                    }
                    Some(_) => {
                        let len = bytes[j..]
                            .iter()
                            .take_while(|b| {
                                !b.is_ascii_whitespace()
                                    && !matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
                            })
                            .count();
                        if len == 0 {
                            return false;
                        }
                        j += len;
                    }
                    None => return false,
                }
                i = j;
            }
        }
        if bytes.get(i) == Some(&b'/') {
            i += 1;
        }
    } else {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
    }
    bytes.get(i) == Some(&b'>') && bytes[i + 1..].iter().all(u8::is_ascii_whitespace)
}

/// The cells of a delimiter row (`|---|:-:|`), or `None` when the line is not one.
fn delimiter_row_cells(line: &str) -> Option<usize> {
    let trimmed = line.trim();
    if trimmed.is_empty() || !trimmed.contains('-') {
        return None;
    }
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = 0;
    for cell in inner.split('|') {
        let cell = cell.trim();
        let core = cell.strip_prefix(':').unwrap_or(cell);
        let core = core.strip_suffix(':').unwrap_or(core);
        if core.is_empty() || !core.bytes().all(|b| b == b'-') {
            return None;
        }
        cells += 1;
    }
    if cells == 1 && !trimmed.contains('|') {
        return None;
    }
    Some(cells)
}

/// The number of cells in a table row: `|`-separated, outer pipes optional, `\|` escaped.
fn table_cells(line: &str) -> usize {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = match inner.strip_suffix('|') {
        Some(s) if !s.ends_with('\\') => s,
        _ => inner,
    };
    let bytes = inner.as_bytes();
    let mut cells = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => cells += 1,
            _ => {}
        }
        i += 1;
    }
    cells
}

fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// `Title ##` → `Title`; a closing sequence must follow a space.
pub(crate) fn strip_closing_sequence(raw: &str) -> &str {
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
