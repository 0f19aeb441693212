//! The inline markdown a plan's paths are read from: code spans and link destinations,
//! as CommonMark reads them (checked against tree-sitter-md's inline grammar in the
//! tests, see `inline_oracle.rs`).
//!
//! One paragraph or heading is read at a time, left to right, so that a keystroke
//! rereads only the paragraphs it touched. What is found:
//!
//! - code spans: a run of backticks up to the next run of as many (`` `a` ``,
//!   ``` `` a`b `` ```); a backslash-escaped backtick opens none (`` \`x\` ``);
//! - the destinations of inline links and images (`[x](docs/a.md "title")`,
//!   `![x](<img/a b.png>)`, `[x](a_(b).md)` with balanced parentheses);
//! - autolinks (`<https://x.io/a>`, `<me@x.io>`);
//! - the destinations of link reference definitions at the start of a paragraph
//!   (`[ref]: docs/a.md`); a reference link (`[x][ref]`) names its label, not a path.
//!
//! Raw HTML tags (`<a href="…">`) are read as such and hide what is inside them. Which
//! labels are defined is not looked up (that would make a paragraph's reading depend on
//! the whole document): a bracketed text followed by no `(…)` is read as text, which is
//! what CommonMark does with an undefined label, so `[a [b] c](d)` links to `d`.

use crate::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineKind {
    /// `target` is the text between the backticks, untrimmed.
    CodeSpan,
    /// An inline link's destination, without its `<…>`.
    Link,
    /// An image's destination, without its `<…>`.
    Image,
    /// What is between an autolink's `<` and `>`.
    Autolink,
    /// A link reference definition's destination, without its `<…>`.
    Definition,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub kind: InlineKind,
    /// The code or the destination.
    pub target: TextRange,
    /// What the inline takes of the text besides link text: the whole code span with its
    /// backticks, a link's `(…)` after its `]`, the whole autolink, the whole definition.
    pub extent: TextRange,
}

/// Reads `text[region]` (a paragraph when `paragraph`, else a heading's text) and appends
/// what it finds to `out`, in the order of their extents.
pub fn read_inline(text: &str, region: TextRange, paragraph: bool, out: &mut Vec<Inline>) {
    let mut start = region.start;
    let mut misses = Misses::default();
    if paragraph {
        while let Some(def) = definition(text, start, region.end, &mut misses) {
            let next = def.extent.end;
            if def.target.start != def.target.end || text[def.extent.clone()].contains('<') {
                out.push(def);
            }
            start = next;
        }
    }
    Reader {
        text,
        bytes: text.as_bytes(),
        end: region.end,
        openers: Vec::new(),
        inactive_below: 0,
        misses,
        out,
    }
    .run(start);
}

/// What a search found missing from some point of the region to its end, which no later
/// search from a later point will find either: so each is searched for once, and the
/// reading stays linear in the region's length however the text repeats an opener
/// (`<!--`, `"`, a run of backticks) that is never closed.
#[derive(Default)]
struct Misses {
    /// Once one search for a closing backtick run has read to the region's end: where the
    /// last run of each length (the index) begins, plus one (0: there is none). A run
    /// closes a code span exactly when a run as long begins after it, as cmark reads it.
    backtick_runs: Option<Vec<usize>>,
    /// `"`, `'` (titles, attribute values), `-->`, `?>`, `]]>`, `>`: in this order.
    closers: [bool; 6],
}

const DOUBLE_QUOTE: usize = 0;
const SINGLE_QUOTE: usize = 1;
const COMMENT_END: usize = 2;
const INSTRUCTION_END: usize = 3;
const CDATA_END: usize = 4;
const DECLARATION_END: usize = 5;

impl Misses {
    /// `pattern` after `from` (where it ends), searched for only while it has not been
    /// missed.
    fn find_after(
        &mut self,
        which: usize,
        bytes: &[u8],
        from: usize,
        end: usize,
        pattern: &[u8],
    ) -> Option<usize> {
        if self.closers[which] {
            return None;
        }
        let found = bytes
            .get(from..end)
            .and_then(|hay| hay.windows(pattern.len()).position(|w| w == pattern))
            .map(|k| from + k + pattern.len());
        self.closers[which] = found.is_none();
        found
    }
}

struct Opener {
    image: bool,
}

struct Reader<'t, 'o> {
    text: &'t str,
    bytes: &'t [u8],
    end: usize,
    /// The `[` and `![` not yet closed, innermost last.
    openers: Vec<Opener>,
    /// Link openers below this index are inactive: a link was made after them, and links
    /// do not nest.
    inactive_below: usize,
    misses: Misses,
    out: &'o mut Vec<Inline>,
}

/// The bytes that may start something; everything else is skipped in bulk.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'\\' as usize] = true;
    table[b'`' as usize] = true;
    table[b'<' as usize] = true;
    table[b'[' as usize] = true;
    table[b']' as usize] = true;
    table
};

impl Reader<'_, '_> {
    fn run(&mut self, mut i: usize) {
        let bytes = self.bytes;
        while i < self.end {
            if !SPECIAL[usize::from(bytes[i])] {
                i += 1;
                continue;
            }
            i = match bytes[i] {
                b'\\' => {
                    if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) && i + 1 < self.end {
                        i + 2
                    } else {
                        i + 1
                    }
                }
                b'`' => self.code_span(i),
                b'<' => self.angle(i),
                b'[' => {
                    let image = i > 0 && bytes[i - 1] == b'!' && !escaped(bytes, i - 1);
                    self.openers.push(Opener { image });
                    i + 1
                }
                _ => self.close_bracket(i),
            };
        }
    }

    fn code_span(&mut self, i: usize) -> usize {
        let bytes = self.bytes;
        let run = run_length(bytes, i, self.end, b'`');
        let content = i + run;
        if let Some(last) = &self.misses.backtick_runs {
            if last.get(run).is_none_or(|&l| l <= content) {
                return content; // no run as long further on
            }
        }
        let mut seen = Vec::new();
        let mut j = content;
        while let Some(k) = find(bytes, j, self.end, b'`') {
            let len = run_length(bytes, k, self.end, b'`');
            if len == run {
                self.out.push(Inline {
                    kind: InlineKind::CodeSpan,
                    target: content..k,
                    extent: i..k + len,
                });
                return k + len;
            }
            if self.misses.backtick_runs.is_none() {
                if seen.len() <= len {
                    seen.resize(len + 1, 0);
                }
                seen[len] = k + 1;
            }
            j = k + len;
        }
        self.misses.backtick_runs.get_or_insert(seen);
        content
    }

    /// An autolink or a raw HTML tag at `i`, or a literal `<`.
    fn angle(&mut self, i: usize) -> usize {
        if let Some(close) = autolink(self.bytes, i, self.end) {
            self.out.push(Inline {
                kind: InlineKind::Autolink,
                target: i + 1..close,
                extent: i..close + 1,
            });
            return close + 1;
        }
        html_tag(self.bytes, i, self.end, &mut self.misses).unwrap_or(i + 1)
    }

    fn close_bracket(&mut self, i: usize) -> usize {
        let Some(opener) = self.openers.pop() else {
            return i + 1;
        };
        let index = self.openers.len();
        let inactive = !opener.image && index < self.inactive_below;
        // The slot is free again: an opener pushed there later is active.
        self.inactive_below = self.inactive_below.min(index);
        if inactive {
            return i + 1;
        }
        let Some((dest, after)) = inline_link_tail(self.bytes, i + 1, self.end, &mut self.misses)
        else {
            return i + 1;
        };
        if !dest.is_empty() || self.text[i + 1..after].contains('<') {
            self.out.push(Inline {
                kind: if opener.image {
                    InlineKind::Image
                } else {
                    InlineKind::Link
                },
                target: dest,
                extent: i + 1..after,
            });
        }
        if !opener.image {
            self.inactive_below = index;
        }
        after
    }
}

fn escaped(bytes: &[u8], i: usize) -> bool {
    bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

fn run_length(bytes: &[u8], from: usize, end: usize, byte: u8) -> usize {
    bytes[from..end].iter().take_while(|&&b| b == byte).count()
}

fn find(bytes: &[u8], from: usize, end: usize, byte: u8) -> Option<usize> {
    bytes
        .get(from..end)?
        .iter()
        .position(|&b| b == byte)
        .map(|k| from + k)
}

/// Spaces and tabs, then at most one line ending and the next line's indentation and
/// quote markers (in a paragraph, a line can start with `>` only as the marker of a
/// quote the paragraph is in: anywhere else `>` would begin a quote and end the
/// paragraph).
fn skip_whitespace(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    if i < end && matches!(bytes[i], b'\n' | b'\r') {
        i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        while i < end && matches!(bytes[i], b' ' | b'\t' | b'>') {
            i += 1;
        }
    }
    i
}

/// After a `]`: `(destination "title")`. The destination's range and the end of the `)`.
fn inline_link_tail(
    bytes: &[u8],
    i: usize,
    end: usize,
    misses: &mut Misses,
) -> Option<(TextRange, usize)> {
    if bytes.get(i) != Some(&b'(') || i >= end {
        return None;
    }
    let mut j = skip_whitespace(bytes, i + 1, end);
    if j < end && bytes[j] == b')' {
        return Some((j..j, j + 1));
    }
    let (dest, after) = destination(bytes, j, end)?;
    j = skip_whitespace(bytes, after, end);
    if j < end && bytes[j] == b')' {
        return Some((dest, j + 1));
    }
    if j == after {
        return None; // a title must be separated from the destination
    }
    j = title(bytes, j, end, misses)?;
    j = skip_whitespace(bytes, j, end);
    (j < end && bytes[j] == b')').then_some((dest, j + 1))
}

const MAX_PAREN_DEPTH: usize = 32;

/// A link destination at `i`: `<…>` or a run without spaces and with balanced
/// parentheses. Its range (inside the `<…>`) and where it ends.
fn destination(bytes: &[u8], i: usize, end: usize) -> Option<(TextRange, usize)> {
    if i >= end {
        return None;
    }
    if bytes[i] == b'<' {
        let mut j = i + 1;
        while j < end {
            match bytes[j] {
                b'>' => return Some((i + 1..j, j + 1)),
                b'<' | b'\n' | b'\r' => return None,
                b'\\' if j + 1 < end && bytes[j + 1].is_ascii_punctuation() => j += 2,
                _ => j += 1,
            }
        }
        return None;
    }
    let mut depth = 0usize;
    let mut j = i;
    while j < end {
        match bytes[j] {
            b'\\' if j + 1 < end && bytes[j + 1].is_ascii_punctuation() => {
                j += 2;
                continue;
            }
            // As cmark, no deeper than 32: a destination is a path, not a puzzle, and the
            // limit keeps a text of `[](` repeated linear.
            b'(' if depth == MAX_PAREN_DEPTH => return None,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b if b <= b' ' || b == 0x7F => break,
            _ => {}
        }
        j += 1;
    }
    (j > i && depth == 0).then_some((i..j, j))
}

/// A link title at `i` (`"…"`, `'…'` or `(…)`); where it ends.
fn title(bytes: &[u8], i: usize, end: usize, misses: &mut Misses) -> Option<usize> {
    let (close, missed) = match *bytes.get(i)? {
        b'"' => (b'"', Some(DOUBLE_QUOTE)),
        b'\'' => (b'\'', Some(SINGLE_QUOTE)),
        b'(' => (b')', None),
        _ => return None,
    };
    if missed.is_some_and(|m| misses.closers[m]) {
        return None;
    }
    let mut j = i + 1;
    let mut line_blank = false;
    while j < end {
        match bytes[j] {
            b'\\' if j + 1 < end && bytes[j + 1].is_ascii_punctuation() => {
                j += 2;
                continue;
            }
            b if b == close => return Some(j + 1),
            b'(' if close == b')' => return None,
            b'\n' | b'\r' => {
                // A blank line ends the paragraph, so no title runs over one.
                if line_blank {
                    return None;
                }
                line_blank = true;
            }
            b' ' | b'\t' => {}
            _ => line_blank = false,
        }
        j += 1;
    }
    // No closing quote from here on: none from any later opening quote either (a
    // title's opening quote follows whitespace, so it is never an escaped one).
    if let Some(m) = missed {
        misses.closers[m] = true;
    }
    None
}

/// A link reference definition at the start of `from..end` (`[label]: dest "title"`),
/// ending at its line's end.
fn definition(text: &str, from: usize, end: usize, misses: &mut Misses) -> Option<Inline> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut indent = 0;
    while i < end && bytes[i] == b' ' && indent < 3 {
        i += 1;
        indent += 1;
    }
    if bytes.get(i) != Some(&b'[') || i >= end {
        return None;
    }
    let label_start = i + 1;
    let mut j = label_start;
    loop {
        if j >= end || j - label_start > 999 {
            return None;
        }
        match bytes[j] {
            b'\\' if j + 1 < end && bytes[j + 1].is_ascii_punctuation() => j += 2,
            b'[' => return None,
            b']' => break,
            _ => j += 1,
        }
    }
    if text[label_start..j].trim().is_empty() || bytes.get(j + 1) != Some(&b':') || j + 1 >= end {
        return None;
    }
    let j = skip_whitespace(bytes, j + 2, end);
    let (dest, after) = destination(bytes, j, end)?;
    let line_end = |k: usize| -> Option<usize> {
        let k = k + run_spaces(bytes, k, end);
        if k >= end {
            return Some(end);
        }
        match bytes[k] {
            b'\n' => Some(k + 1),
            b'\r' if bytes.get(k + 1) == Some(&b'\n') && k + 1 < end => Some(k + 2),
            b'\r' => Some(k + 1),
            _ => None,
        }
    };
    let with_title = {
        let t = skip_whitespace(bytes, after, end);
        (t > after)
            .then(|| title(bytes, t, end, misses))
            .flatten()
            .and_then(line_end)
    };
    let extent_end = with_title.or_else(|| line_end(after))?;
    Some(Inline {
        kind: InlineKind::Definition,
        target: dest,
        extent: i..extent_end,
    })
}

fn run_spaces(bytes: &[u8], from: usize, end: usize) -> usize {
    bytes[from..end]
        .iter()
        .take_while(|&&b| matches!(b, b' ' | b'\t'))
        .count()
}

/// An autolink at `i` (`<scheme:…>` or `<user@host>`): the index of its `>`.
fn autolink(bytes: &[u8], i: usize, end: usize) -> Option<usize> {
    let rest = bytes.get(i + 1..end)?;
    // `<scheme:…>`: a scheme of 2 to 32 letters, digits, `+`, `.`, `-`, starting with a
    // letter, then anything but spaces, controls and `<`.
    let scheme = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
        .count();
    if (2..=32).contains(&scheme)
        && rest[0].is_ascii_alphabetic()
        && rest.get(scheme) == Some(&b':')
    {
        let body = &rest[scheme + 1..];
        let len = body
            .iter()
            .take_while(|&&b| b > b' ' && b != b'<' && b != b'>' && b != 0x7F)
            .count();
        if body.get(len) == Some(&b'>') {
            return Some(i + 1 + scheme + 1 + len);
        }
    }
    // `<user@host>`.
    let local = rest
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b))
        .count();
    if local == 0 || rest.get(local) != Some(&b'@') {
        return None;
    }
    let mut k = local + 1;
    loop {
        let label = rest[k..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-')
            .count();
        let part = &rest[k..k + label];
        if label == 0 || label > 63 || part[0] == b'-' || part[label - 1] == b'-' {
            return None;
        }
        k += label;
        match rest.get(k) {
            Some(b'.') => k += 1,
            Some(b'>') => return Some(i + 1 + k),
            _ => return None,
        }
    }
}

/// A raw HTML tag at `i` (open or closing tag, comment, processing instruction,
/// declaration, CDATA): where it ends.
fn html_tag(bytes: &[u8], i: usize, end: usize, misses: &mut Misses) -> Option<usize> {
    let rest = bytes.get(i..end)?;
    if rest.starts_with(b"<!--") {
        if rest[4..].starts_with(b">") {
            return Some(i + 5);
        }
        if rest[4..].starts_with(b"->") {
            return Some(i + 6);
        }
        return misses.find_after(COMMENT_END, bytes, i + 4, end, b"-->");
    }
    if rest.starts_with(b"<?") {
        return misses.find_after(INSTRUCTION_END, bytes, i + 2, end, b"?>");
    }
    if rest.starts_with(b"<![CDATA[") {
        return misses.find_after(CDATA_END, bytes, i + 9, end, b"]]>");
    }
    if rest.starts_with(b"<!") && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
        return misses.find_after(DECLARATION_END, bytes, i + 2, end, b">");
    }
    let closing = rest.get(1) == Some(&b'/');
    let mut k = if closing { 2 } else { 1 };
    if !rest.get(k).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    k += rest[k..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    if closing {
        k = skip_tag_space(rest, k);
        return (rest.get(k) == Some(&b'>')).then_some(i + k + 1);
    }
    loop {
        let spaced = skip_tag_space(rest, k);
        match rest.get(spaced) {
            Some(b'>') => return Some(i + spaced + 1),
            Some(b'/') if rest.get(spaced + 1) == Some(&b'>') => return Some(i + spaced + 2),
            Some(b) if spaced > k && (b.is_ascii_alphabetic() || matches!(b, b'_' | b':')) => {}
            _ => return None,
        }
        k = spaced;
        k += rest[k..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
            .count();
        let eq = skip_tag_space(rest, k);
        if rest.get(eq) != Some(&b'=') {
            continue;
        }
        let v = skip_tag_space(rest, eq + 1);
        k = match rest.get(v)? {
            b'"' => misses.find_after(DOUBLE_QUOTE, bytes, i + v + 1, end, b"\"")? - i,
            b'\'' => misses.find_after(SINGLE_QUOTE, bytes, i + v + 1, end, b"'")? - i,
            _ => {
                let len = rest[v..]
                    .iter()
                    .take_while(|&&b| b > b' ' && !b"\"'=<>`".contains(&b))
                    .count();
                if len == 0 {
                    return None;
                }
                v + len
            }
        };
    }
}

/// Whitespace inside a tag, line endings included.
fn skip_tag_space(rest: &[u8], mut k: usize) -> usize {
    while rest
        .get(k)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        k += 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        read_inline(text, 0..text.len(), true, &mut out);
        out.iter()
            .map(|i| format!("{:?} {:?}", i.kind, &text[i.target.clone()]))
            .collect()
    }

    #[test]
    fn what_commonmark_reads() {
        expect_test::expect![[r#"
            [
                "Definition \"docs/a.md\"",
                "Definition \"b c.md\"",
                "CodeSpan \"x\"",
                "Link \"d\"",
                "CodeSpan \" \"",
                "Link \"a_(b).md\"",
                "Image \"img/a b.png\"",
                "Autolink \"https://x.io/a\"",
                "CodeSpan \" a`b \"",
            ]
        "#]]
        .assert_debug_eq(&read(
            "[ref]: docs/a.md\n[other]:\n  <b c.md> 'title'\n`x` [a [b] c](d) \\`not` `code\\` \
             [x][ref] [y](a_(b).md \"t\") ![i](<img/a b.png>) <https://x.io/a> \
             <a href=\"`not`\"> `` a`b ``\n",
        ));
    }

    /// Openers repeated and never closed cost one search each, not one per opener: a
    /// megabyte of each reads in well under a second even unoptimised.
    #[test]
    fn unclosed_openers_are_read_in_linear_time() {
        for piece in [
            "[](",
            "<!--",
            "<a x=\"",
            "<a x='",
            "<?",
            "<!X",
            "<![CDATA[",
            "[",
            "]",
            "![",
            "`",
            "` `` ``` ",
            "\\",
            "<a:",
            "<a@b",
            "[a]:",
            "[](a \"",
            "[](a '",
            "[](a (",
            "[a]: b \"\n",
            "[a]: <b\n",
        ] {
            let text = piece.repeat(400_000 / piece.len());
            let started = std::time::Instant::now();
            let mut out = Vec::new();
            read_inline(&text, 0..text.len(), true, &mut out);
            let took = started.elapsed();
            assert!(took.as_secs() < 2, "{piece:?} repeated took {took:?}");
        }
        let mut runs = String::new();
        for n in 1..900 {
            runs.push_str(&"`".repeat(n));
            runs.push('x');
        }
        let started = std::time::Instant::now();
        read_inline(&runs, 0..runs.len(), true, &mut Vec::new());
        assert!(
            started.elapsed().as_secs() < 2,
            "backtick runs of every length"
        );
    }
}
