//! The plan's outline: document symbols, folding ranges, and what a workspace symbol
//! search finds in a plan (its title and decisions).

use execplan_syntax::{SourceFile, TaskState, TextRange};

use crate::{PlanStructure, Standard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Title,
    Section,
    Task { done: bool },
    Decision,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole section or item.
    pub range: TextRange,
    /// The heading's text or the item's first line.
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

/// Headings nested by level; inside Progress its items with their state, inside Decision
/// Log its decisions.
///
/// What LSP asks of document symbols holds for every text: names are never blank, a
/// selection lies inside its symbol's range, children lie inside their parent, and
/// siblings come in order without overlapping. A heading inside a list item (`- [x] a`
/// then `  ## Decision Log`) is part of that item, not a section of the plan.
pub fn document_symbols(file: &SourceFile, standard: &Standard) -> Vec<Symbol> {
    let structure = PlanStructure::new(file, standard);
    let text = file.text();
    let outline = file.outline();
    let items_at_top: Vec<TextRange> = outline
        .list_items
        .iter()
        .filter(|i| i.depth == 0)
        .map(|i| i.range.clone())
        .collect();
    // The headings that are sections: not inside a list item.
    let sections: Vec<usize> = (0..outline.headings.len())
        .filter(|&i| !inside_any(&items_at_top, outline.headings[i].range.start))
        .collect();
    let title_start = outline.title().map(|t| t.range.start);
    let mut stack: Vec<(u8, Symbol)> = Vec::new();
    let mut roots = Vec::new();
    for (k, &index) in sections.iter().enumerate() {
        let heading = &outline.headings[index];
        while stack
            .last()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            let (_, done) = stack.pop().expect("not empty");
            attach(&mut stack, &mut roots, done);
        }
        let later = &sections[k + 1..];
        // The section runs to the next section heading of the same or a higher level; its
        // own text (where its items are) to the next section heading of any level.
        let end = later
            .iter()
            .map(|&i| &outline.headings[i])
            .find(|h| h.level <= heading.level)
            .map_or(text.len(), |h| h.range.start)
            .max(heading.range.end);
        let own_end = later
            .first()
            .map_or(end, |&i| outline.headings[i].range.start)
            .min(end);
        let section = structure.sections.iter().find(|s| s.heading == index);
        let spec = section.map(|s| standard.sections[s.spec].name.as_str());
        let children = match (spec, section) {
            (Some(name @ ("Progress" | "Decision Log")), Some(s)) => {
                let within = s.body.start..s.body.end.min(own_end);
                items(file, &within, name == "Progress")
            }
            _ => Vec::new(),
        };
        let range = trimmed(text, heading.range.start..end);
        let selection = if is_blank(&heading.text) {
            trimmed(text, heading.range.clone())
        } else {
            heading.text_range.clone()
        };
        let symbol = Symbol {
            name: name_or(&heading.text, "(untitled)"),
            detail: spec.filter(|s| *s != heading.text).map(str::to_string),
            kind: if Some(heading.range.start) == title_start {
                SymbolKind::Title
            } else {
                SymbolKind::Section
            },
            selection_range: clamp(selection, &range),
            range,
            children,
        };
        stack.push((heading.level, symbol));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    fit(&mut roots, 0..text.len());
    roots
}

/// Whether `offset` lies inside one of `ranges` (sorted, not overlapping).
fn inside_any(ranges: &[TextRange], offset: usize) -> bool {
    let after = ranges.partition_point(|r| r.start <= offset);
    after > 0 && offset < ranges[after - 1].end
}

fn attach(stack: &mut [(u8, Symbol)], roots: &mut Vec<Symbol>, symbol: Symbol) {
    match stack.last_mut() {
        Some((_, parent)) => {
            // Sub-headings come after the parent's items.
            parent.children.push(symbol);
        }
        None => roots.push(symbol),
    }
}

/// The top-level items starting in `within`: tasks (`- [ ]`, `- [x]`) or decisions
/// (`- Decision: …`).
fn items(file: &SourceFile, within: &TextRange, tasks: bool) -> Vec<Symbol> {
    let text = file.text();
    file.outline()
        .list_items
        .iter()
        .filter(|i| i.depth == 0 && within.start <= i.range.start && i.range.start < within.end)
        .filter_map(|item| {
            let line = text[item.first_line.clone()].trim();
            let range = trimmed(text, item.range.clone());
            let first_line = trimmed(text, item.first_line.clone());
            let selection_range = if first_line.is_empty() {
                trimmed(text, item.range.start..item.first_line.start)
            } else {
                first_line
            };
            let selection_range = clamp(selection_range, &range);
            if tasks {
                let (state, _) = item.task.clone()?;
                let done = state == TaskState::Done;
                Some(Symbol {
                    name: name_or(line, if done { "(done)" } else { "(open)" }),
                    detail: Some(if done { "done" } else { "open" }.to_string()),
                    kind: SymbolKind::Task { done },
                    range,
                    selection_range,
                    children: Vec::new(),
                })
            } else {
                let decision = line.strip_prefix("Decision:")?.trim();
                Some(Symbol {
                    name: name_or(decision, "(decision)"),
                    detail: Some("decision".to_string()),
                    kind: SymbolKind::Decision,
                    range,
                    selection_range,
                    children: Vec::new(),
                })
            }
        })
        .collect()
}

/// Whether a name would show as nothing: empty or only whitespace (a byte order mark
/// included, which editors trim too).
fn is_blank(name: &str) -> bool {
    name.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

fn name_or(name: &str, fallback: &str) -> String {
    if is_blank(name) { fallback } else { name }.to_string()
}

/// `range` moved inside `bounds` (an empty range at the nearest end when it lies outside).
fn clamp(range: TextRange, bounds: &TextRange) -> TextRange {
    let start = range.start.clamp(bounds.start, bounds.end);
    start..range.end.clamp(start, bounds.end)
}

/// Keeps LSP's rules however the text is shaped: each symbol inside `bounds` and after
/// the sibling before it, its selection inside it, and the same for its children.
fn fit(symbols: &mut [Symbol], bounds: TextRange) {
    let mut from = bounds.start;
    for symbol in symbols.iter_mut() {
        symbol.range = clamp(symbol.range.clone(), &(from..bounds.end));
        symbol.selection_range = clamp(symbol.selection_range.clone(), &symbol.range);
        fit(&mut symbol.children, symbol.range.clone());
        from = symbol.range.end;
    }
}

/// A range without its trailing whitespace.
fn trimmed(text: &str, range: TextRange) -> TextRange {
    let len = text[range.clone()].trim_end().len();
    range.start..range.start + len
}

/// Foldable regions: sections, multi-line list items (entries) and code blocks.
pub fn folding_ranges(file: &SourceFile) -> Vec<TextRange> {
    let text = file.text();
    let outline = file.outline();
    let mut out: Vec<TextRange> = outline
        .headings
        .iter()
        .map(|h| trimmed(text, h.section.clone()))
        .chain(
            outline
                .list_items
                .iter()
                .map(|i| trimmed(text, i.range.clone())),
        )
        .chain(
            outline
                .code_blocks
                .iter()
                .map(|b| trimmed(text, b.range.clone())),
        )
        .filter(|r| text[r.clone()].contains('\n'))
        .collect();
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    out.dedup();
    out
}

/// What a workspace symbol search finds in one plan: its title and its decisions.
pub fn workspace_symbols(file: &SourceFile, standard: &Standard) -> Vec<Symbol> {
    let mut out = Vec::new();
    for symbol in document_symbols(file, standard) {
        collect(symbol, &mut out);
    }
    out
}

fn collect(symbol: Symbol, out: &mut Vec<Symbol>) {
    let Symbol { children, .. } = &symbol;
    let children = children.clone();
    if matches!(symbol.kind, SymbolKind::Title | SymbolKind::Decision) {
        out.push(Symbol {
            children: Vec::new(),
            ..symbol
        });
    }
    for child in children {
        collect(child, out);
    }
}
