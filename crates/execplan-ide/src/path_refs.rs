//! The repository paths a plan names: in backticks (`` `src/lib.rs` ``), as markdown link
//! destinations (`[x](docs/a.md)`, `[x][ref]` with `[ref]: docs/a.md`, `<file:///…>`),
//! or bare in prose (`see src/lib.rs`). Code spans and destinations are read as
//! CommonMark reads them ([`execplan_syntax::inline`]): a backslash-escaped backtick
//! opens no code span, `[x](<a b.md>)` and `[x](a_(b).md)` are whole destinations.
//!
//! A backticked span counts as a path only when it looks like one: after trimming, it has
//! no whitespace; it is not a URL (`scheme://`, `mailto:`), not a Rust-style item path
//! (`a::b`), not a flag (`--x`) or assignment (`K=V`), not a code keyword (`:ns/name`,
//! `[:effects/api-load]`), and has none of `( ) < > | ; " ' $ @`; and it either contains
//! a `/` or ends in a known file extension (`.rs`, `.md`, …) or is a well-known file name
//! (`Makefile`, `.gitignore`). A `:line`, `:line:col`, `:a-b`, `:a,b` or `#L10` suffix is
//! split off as a location. Bare words in prose count only when they contain a `/` and
//! end in a known extension, or are absolute.

use execplan_syntax::inline::{read_inline, Inline, InlineKind};
use execplan_syntax::{SourceFile, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRefKind {
    /// Inside backticks.
    CodeSpan,
    /// A markdown link's or image's destination, or a link reference definition's.
    Link,
    /// A word in prose.
    Bare,
}

/// One path named by the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRef {
    pub kind: PathRefKind,
    /// The path as written, without a location suffix.
    pub path: String,
    /// Where `path` is in the text.
    pub range: TextRange,
    /// The path with its location suffix (`src/a.rs:42`).
    pub full_range: TextRange,
    /// 1-based line from `:42` or `#L42`.
    pub line: Option<u32>,
    /// 1-based column from `:42:7`.
    pub column: Option<u32>,
}

impl PathRef {
    /// `*`, `?`, `[…]` or `{a,b}`.
    pub fn is_glob(&self) -> bool {
        is_glob(&self.path)
    }

    /// `/home/…`, `~/…`, `C:\…`, `file:///…`.
    pub fn is_absolute(&self) -> bool {
        is_absolute(&self.path)
    }
}

/// `*`, `?`, `[…]` or `{a,b}`: the path is a pattern.
pub(crate) fn is_glob(path: &str) -> bool {
    path.contains(['*', '?', '[', '{'])
}

pub fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with("~/")
        || path.starts_with("file://")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
}

/// Every path reference in prose, list items and headings (never in code blocks).
pub fn path_refs(file: &SourceFile) -> Vec<PathRef> {
    let text = file.text();
    found_refs(file, None)
        .into_iter()
        .map(|r| PathRef {
            kind: r.kind,
            path: r.path(text).to_string(),
            range: r.range,
            full_range: r.full_range,
            line: r.line,
            column: r.column,
        })
        .collect()
}

/// A path reference as found: a [`PathRef`] without its own copy of the path, which is
/// always `text[range]`. The rules read these, so an analysis copies no path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundRef {
    pub kind: PathRefKind,
    pub range: TextRange,
    pub full_range: TextRange,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl FoundRef {
    pub fn path<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range.clone()]
    }
}

/// What [`path_refs`] finds, without copying the paths.
/// The path references in paragraphs and headings that start in `window` (everywhere,
/// without one).
pub(crate) fn found_refs(file: &SourceFile, window: Option<&TextRange>) -> Vec<FoundRef> {
    let outline = file.outline();
    let text = file.text();
    let in_window = |r: &TextRange| window.is_none_or(|w| w.contains(&r.start));
    let paragraphs = match window {
        Some(w) => outline.paragraphs_starting_in(w),
        None => &outline.paragraphs[..],
    };
    // Paragraphs may open with link reference definitions, and so may setext headings,
    // whose text is a paragraph's (ATX headings are one line, setext ones two or more).
    let mut regions: Vec<(TextRange, bool)> =
        paragraphs.iter().map(|p| (p.clone(), true)).collect();
    regions.extend(
        outline
            .headings
            .iter()
            .filter(|h| in_window(&h.text_range))
            .map(|h| {
                let setext = text[h.range.clone()].contains(['\n', '\r']);
                (h.text_range.clone(), setext)
            }),
    );
    regions.sort_by_key(|(r, _)| r.start);
    let mut refs = Vec::new();
    let mut inlines = Vec::new();
    for (region, paragraph) in regions {
        inlines.clear();
        read_inline(text, region.clone(), paragraph, &mut inlines);
        scan_region(text, region, &inlines, &mut refs);
    }
    refs
}

/// The path reference whose full range holds `offset`, if any.
pub fn path_ref_at(file: &SourceFile, offset: usize) -> Option<PathRef> {
    path_refs(file)
        .into_iter()
        .find(|r| r.full_range.start <= offset && offset <= r.full_range.end)
}

/// Bytes that end a bare word: ASCII whitespace and the brackets, quotes, emphasis and
/// backticks that surround paths in prose. A table, because every byte of the prose is
/// looked up.
const SEPARATOR: [bool; 256] = {
    let mut table = [false; 256];
    let separators = b" \t\n\x0C\r()[]<>\"*`";
    let mut k = 0;
    while k < separators.len() {
        table[separators[k] as usize] = true;
        k += 1;
    }
    table
};

/// The references of one paragraph or heading, `text[region]`, whose code spans and
/// destinations are `inlines` (in order): those, and bare words in the text between them.
fn scan_region(text: &str, region: TextRange, inlines: &[Inline], out: &mut Vec<FoundRef>) {
    let mut floor = region.start;
    for inline in inlines {
        bare_words(text, floor..inline.extent.start, out);
        match inline.kind {
            InlineKind::CodeSpan => code_span(text, inline.target.clone(), out),
            InlineKind::Link | InlineKind::Image | InlineKind::Definition => {
                link_target(text, inline.target.clone(), out)
            }
            // `<https://…>` and `<me@x.io>` name no file; `<file:///…>` does.
            InlineKind::Autolink => {
                if starts_with_ignore_case(&text[inline.target.clone()], "file:") {
                    link_target(text, inline.target.clone(), out)
                }
            }
        }
        floor = floor.max(inline.extent.end);
    }
    bare_words(text, floor..region.end, out);
}

/// The bare words of `text[gap]` that are paths. Only a `/` can make a word a path, so
/// the scan jumps from one to the next and widens it to its word, which runs between
/// separators and never back over what was already read (`floor`).
fn bare_words(text: &str, gap: TextRange, out: &mut Vec<FoundRef>) {
    let bytes = text.as_bytes();
    let mut floor = gap.start;
    while let Some(i) = crate::find::find_any(bytes, floor, gap.end, [b'/']) {
        let start = bytes[floor..i]
            .iter()
            .rposition(|&b| SEPARATOR[usize::from(b)])
            .map_or(floor, |k| floor + k + 1);
        let end = bytes[i..gap.end]
            .iter()
            .position(|&b| SEPARATOR[usize::from(b)])
            .map_or(gap.end, |k| i + k);
        bare_word(text, start..end, out);
        floor = end;
    }
}

fn code_span(text: &str, content: TextRange, out: &mut Vec<FoundRef>) {
    let raw = &text[content.clone()];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    let start = content.start + lead;
    if let Some(split) = path_shape(trimmed) {
        push(
            PathRefKind::CodeSpan,
            start..start + trimmed.len(),
            split,
            out,
        );
    }
}

/// A destination as CommonMark delimits it (without its `<…>`), which may be a path.
fn link_target(text: &str, target: TextRange, out: &mut Vec<FoundRef>) {
    let written = &text[target.clone()];
    let is_web = ["http://", "https://", "mailto:", "ftp://", "data:"]
        .iter()
        .any(|p| starts_with_ignore_case(written, p));
    if written.is_empty() || written.starts_with('#') || is_web {
        return;
    }
    push_with_location(PathRefKind::Link, target, text, out);
}

fn bare_word(text: &str, word: TextRange, out: &mut Vec<FoundRef>) {
    let raw = &text[word.clone()];
    let trimmed = raw.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '\\']);
    let trimmed_start = trimmed.trim_start_matches(['\'', '"']);
    let start = word.start + (trimmed.len() - trimmed_start.len());
    let word_text = trimmed_start;
    // The path is a prefix of the word, so a word without a `/` cannot qualify; most prose
    // words are rejected here, before the costlier checks below.
    if !word_text.contains('/') {
        return;
    }
    let (path, _) = split_location(word_text);
    let qualifies = path.contains('/')
        && !path.contains("://")
        && !path.contains("::")
        && (has_known_extension(path) || (is_absolute(path) && path[1..].contains('/')));
    if qualifies && looks_like_path(word_text) {
        push_with_location(PathRefKind::Bare, start..start + word_text.len(), text, out);
    }
}

fn push_with_location(kind: PathRefKind, full: TextRange, text: &str, out: &mut Vec<FoundRef>) {
    let split = split_location(&text[full.clone()]);
    push(kind, full, split, out);
}

/// Records the reference written at `full`, split (by `split_location`) into its path and
/// location.
fn push(kind: PathRefKind, full: TextRange, split: Split<'_>, out: &mut Vec<FoundRef>) {
    let (path, (line, column)) = split;
    if path.is_empty() {
        return;
    }
    out.push(FoundRef {
        kind,
        range: full.start..full.start + path.len(),
        full_range: full,
        line,
        column,
    });
}

/// A reference split into its path and its line and column.
type Split<'s> = (&'s str, (Option<u32>, Option<u32>));

/// `src/a.rs:42:7` → (`src/a.rs`, 42, 7); `src/a.rs#L10-L20` → (`src/a.rs`, 10).
fn split_location(written: &str) -> Split<'_> {
    if let Some(hash) = rfind_line_anchor(written) {
        if let Ok(line) = leading_digits(&written[hash + 2..]).parse() {
            return (&written[..hash], (Some(line), None));
        }
    }
    // A Windows drive colon (`C:\`) is not a location.
    let search_from = if is_absolute(written) && written.as_bytes().get(1) == Some(&b':') {
        2
    } else {
        0
    };
    let Some(colon) = written[search_from..].find(':').map(|i| i + search_from) else {
        return (written, (None, None));
    };
    let suffix = &written[colon + 1..];
    let mut parts = suffix.split(':');
    let number = |s: Option<&str>| -> Option<u32> {
        let s = s?;
        let digits = leading_digits(s);
        let rest = &s[digits.len()..];
        if digits.is_empty() || !(rest.is_empty() || rest.starts_with(['-', ','])) {
            return None;
        }
        digits.parse().ok()
    };
    match number(parts.next()) {
        Some(line) => (&written[..colon], (Some(line), number(parts.next()))),
        None => (written, (None, None)),
    }
}

/// Where the last `#L` starts (as `rfind("#L")`, without building a substring searcher
/// for every word).
fn rfind_line_anchor(written: &str) -> Option<usize> {
    let bytes = written.as_bytes();
    if !bytes.contains(&b'#') {
        return None; // the usual case, answered by one fast byte search
    }
    bytes.windows(2).rposition(|pair| pair == b"#L")
}

/// `s.contains(pattern)` for the short ASCII patterns here, without setting up a general
/// substring search for every span and word.
fn contains_bytes(s: &str, pattern: &[u8]) -> bool {
    s.as_bytes().windows(pattern.len()).any(|w| w == pattern)
}

/// The ASCII digits `s` starts with.
fn leading_digits(s: &str) -> &str {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    &s[..len]
}

/// `s` starts with `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn looks_like_path(s: &str) -> bool {
    path_shape(s).is_some()
}

// Which kinds of byte a candidate holds, gathered in one pass so that the checks below
// skip the searches whose byte is absent (most candidates have no `:`, `#` or `,`).
const WHITESPACE: u8 = 1;
const NON_ASCII: u8 = 2;
const COLON: u8 = 4;
const HASH: u8 = 8;
const COMMA: u8 = 16;
const SLASH: u8 = 32;
const NEVER_IN_PATH: u8 = 64;

const CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            // What `char::is_whitespace` says of ASCII.
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => WHITESPACE,
            0x80..=0xFF => NON_ASCII,
            b':' => COLON,
            b'#' => HASH,
            b',' => COMMA,
            b'/' => SLASH,
            b'(' | b')' | b'<' | b'>' | b'|' | b';' | b'"' | b'\'' | b'$' | b'@' | b'=' => {
                NEVER_IN_PATH
            }
            _ => 0,
        };
        b += 1;
    }
    table
};

/// `s` split into its path and location, when it looks like a path.
fn path_shape(s: &str) -> Option<Split<'_>> {
    if s.is_empty() {
        return None;
    }
    let seen = s.bytes().fold(0, |seen, b| seen | CLASS[usize::from(b)]);
    if seen & WHITESPACE != 0 || (seen & NON_ASCII != 0 && s.chars().any(char::is_whitespace)) {
        return None;
    }
    let colon = seen & COLON != 0;
    if colon && contains_bytes(s, b"://") && !starts_with_ignore_case(s, "file://")
        || starts_with_ignore_case(s, "mailto:")
        || starts_with_ignore_case(s, "www.")
    {
        return None;
    }
    if colon && (contains_bytes(s, b"::") || is_code_keyword(s))
        || s.starts_with('[') && s.ends_with(']')
        || s.starts_with('-')
        || s.starts_with("//")
        || seen & NEVER_IN_PATH != 0
    {
        return None;
    }
    // Without a `:` or `#` there is no location to split off.
    let split = if seen & (COLON | HASH) != 0 {
        split_location(s)
    } else {
        (s, (None, None))
    };
    let path = split.0;
    // Commas only inside a brace glob: `{a,b}.py`.
    if seen & COMMA != 0 && path.contains(',') && !path.contains('{') {
        return None;
    }
    // `C:\Users\x` has no `/` but is a path all the same.
    if seen & SLASH != 0 && path.contains('/') || is_absolute(path) {
        let named = path.chars().any(|c| c.is_alphanumeric()) && path != "n/a" && path != "N/A";
        return named.then_some(split);
    }
    (has_known_extension(path) || KNOWN_NAMES.contains(&path)).then_some(split)
}

/// A keyword of Clojure, Ruby or Elixir (`:effects/api-load`, `::ns/name`), alone or
/// opening a vector, map or set (`[:effects/api-load]`, `{:a/b 1}`, `#:ns{…}`).
fn is_code_keyword(s: &str) -> bool {
    s.trim_start_matches(['[', '{', '(', '#', '^'])
        .strip_prefix(':')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphanumeric() || c == ':'))
}

fn has_known_extension(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() || name.starts_with('.') => {
            // The known extensions are lower case, so this is a case-insensitive lookup.
            KNOWN_EXTENSIONS
                .iter()
                .any(|known| known.eq_ignore_ascii_case(ext))
                || ext.contains(['*', '}'])
        }
        _ => false,
    }
}

const KNOWN_NAMES: &[&str] = &[
    "Makefile",
    "Dockerfile",
    "Justfile",
    "justfile",
    "LICENSE",
    "README",
    ".gitignore",
    ".editorconfig",
    ".env",
    "Gemfile",
    "Rakefile",
    "Procfile",
    "CODEOWNERS",
];

const KNOWN_EXTENSIONS: &[&str] = &[
    "md",
    "markdown",
    "txt",
    "rst",
    "adoc",
    "rs",
    "toml",
    "lock",
    "py",
    "pyi",
    "ipynb",
    "js",
    "mjs",
    "cjs",
    "ts",
    "tsx",
    "jsx",
    "json",
    "jsonc",
    "yaml",
    "yml",
    "go",
    "mod",
    "sum",
    "java",
    "kt",
    "kts",
    "gradle",
    "scala",
    "c",
    "h",
    "cc",
    "cpp",
    "cxx",
    "hpp",
    "hh",
    "m",
    "mm",
    "swift",
    "cs",
    "fs",
    "rb",
    "php",
    "lua",
    "vim",
    "el",
    "ex",
    "exs",
    "erl",
    "hs",
    "cabal",
    "ml",
    "mli",
    "clj",
    "dart",
    "zig",
    "nim",
    "sh",
    "bash",
    "zsh",
    "fish",
    "ps1",
    "bat",
    "sql",
    "html",
    "htm",
    "css",
    "scss",
    "sass",
    "less",
    "vue",
    "svelte",
    "xml",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "ini",
    "cfg",
    "conf",
    "env",
    "proto",
    "graphql",
    "tf",
    "nix",
    "kdl",
    "csv",
    "tsv",
    "log",
    "pdf",
    "wasm",
    "sv",
    "v",
    "vhd",
    "cmake",
    "mk",
    "dockerfile",
    "service",
    "plist",
    "gd",
    "tscn",
    "r",
    "jl",
    "pl",
    "pm",
    "tex",
    "bib",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<String> {
        path_refs(&SourceFile::parse(text))
            .into_iter()
            .map(|r| {
                let loc = match (r.line, r.column) {
                    (Some(l), Some(c)) => format!(" @{l}:{c}"),
                    (Some(l), None) => format!(" @{l}"),
                    _ => String::new(),
                };
                format!(
                    "{:?} {}{} [{}]",
                    r.kind,
                    r.path,
                    loc,
                    &text[r.range.clone()]
                )
            })
            .collect()
    }

    /// A region may end right after a `]` whose `(` lies outside it (a heading's text
    /// ends before its line break): no link is read past the region, and nothing panics.
    #[test]
    fn a_region_ending_at_a_bracket_reads_no_link_past_it() {
        let text = "see [a](docs/a.md)";
        let scan = |region: TextRange| {
            let (mut inlines, mut out) = (Vec::new(), Vec::new());
            read_inline(text, region.clone(), false, &mut inlines);
            scan_region(text, region, &inlines, &mut out);
            out
        };
        assert!(scan(0..7).is_empty());
        assert_eq!(scan(0..text.len()).len(), 1);
    }

    #[test]
    fn known_extensions_are_lower_case() {
        // `has_known_extension` compares ignoring case, which needs one side in lower case.
        for ext in KNOWN_EXTENSIONS {
            assert_eq!(*ext, ext.to_ascii_lowercase());
        }
        assert!(has_known_extension("docs/README.MD"));
        assert!(!has_known_extension("docs/README.mdx"));
    }

    #[test]
    fn code_spans_that_look_like_paths() {
        let text = "Edit `src/lib.rs`, ` .agent/PLANS.md `, `Cargo.toml` and `src/a.rs:42:7`.\n\
                    Not `cargo test`, `a::b`, `--flag`, `https://x.io/a.md`, `K=V`, `foo()` or `1.2.3`.\n";
        expect_test::expect![[r#"
            [
                "CodeSpan src/lib.rs [src/lib.rs]",
                "CodeSpan .agent/PLANS.md [.agent/PLANS.md]",
                "CodeSpan Cargo.toml [Cargo.toml]",
                "CodeSpan src/a.rs @42:7 [src/a.rs]",
            ]
        "#]]
        .assert_debug_eq(&refs(text));
    }

    #[test]
    fn links_globs_locations_and_absolute_paths() {
        let text = "See [the ADR](docs/adr/001.md#L10), [site](https://x.io), `src/ingest/*`, \
                    `{a,b}.py`, `C:\\Users\\me\\x.rs`, and /home/me/repo/src/main.rs:12.\n\n\
                    - bare src/load/db.py here, and/or not.\n\n```\n`src/in_code.rs`\n```\n";
        expect_test::expect![[r#"
            [
                "Link docs/adr/001.md @10 [docs/adr/001.md]",
                "CodeSpan src/ingest/* [src/ingest/*]",
                "CodeSpan {a,b}.py [{a,b}.py]",
                "CodeSpan C:\\Users\\me\\x.rs [C:\\Users\\me\\x.rs]",
                "Bare /home/me/repo/src/main.rs @12 [/home/me/repo/src/main.rs]",
                "Bare src/load/db.py [src/load/db.py]",
            ]
        "#]]
        .assert_debug_eq(&refs(text));
    }
}
