//! What a line starts, read from its first non-blank byte on: headings, fences, HTML
//! blocks, thematic breaks, list markers, table rows. Pure functions of the line.

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum HtmlEnd {
    /// Ends on a line containing this text (ASCII case-insensitive for the tag kinds).
    Marker(&'static str),
    /// Ends at a blank line, which it takes in.
    BlankLine,
}

/// `#` to `######` followed by a space, a tab or the end of the line.
pub(crate) fn atx_level(rest: &[u8]) -> Option<u8> {
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
pub(crate) fn opening_fence(rest: &str) -> Option<(u8, usize)> {
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
pub(crate) fn setext_level(rest: &[u8]) -> Option<u8> {
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
pub(crate) fn is_thematic_break(rest: &[u8]) -> bool {
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
pub(crate) struct Marker {
    /// Bytes of the bullet or number with its delimiter.
    pub width: usize,
}

/// A bullet (`-`, `+`, `*`) or an ordered marker (`1.`, `2)` …) followed by a space, a
/// tab or the end of the line. An empty item cannot interrupt a paragraph, nor can an
/// ordered one numbered with more than one digit. (CommonMark lets only `1.` interrupt
/// one; tree-sitter-md lets any single digit, and so do we, so plans outline as they
/// did.)
pub(crate) fn list_marker(rest: &[u8], in_paragraph: bool) -> Option<Marker> {
    let first = *rest.first()?;
    let width = if matches!(first, b'-' | b'+' | b'*') {
        1
    } else {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) || !matches!(rest.get(digits), Some(b'.' | b')')) {
            return None;
        }
        if in_paragraph && digits > 1 {
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
pub(crate) fn html_start(rest: &str, in_paragraph: bool) -> Option<HtmlEnd> {
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
pub(crate) fn delimiter_row_cells(line: &str) -> Option<usize> {
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
pub(crate) fn table_cells(line: &str) -> usize {
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

pub(crate) fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
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
