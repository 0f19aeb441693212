//! Analysis that reuses the previous snapshot's: after an edit, the rules that look at
//! one block run on the rescanned window, the rules that read a section whole on the
//! sections holding it, and everything else of the previous analysis is kept, moved.

use execplan_syntax::{SourceFile, TextRange};

use crate::{
    code_blocks, path_refs, plan, rules, suppression, AnalysisConfig, Diagnostic, PlanStructure,
};

/// What the analysis of one snapshot leaves for the next snapshot of the same document:
/// the diagnostics of the block-local rules ([`crate::Rule::is_block_local`]) and of the section
/// rules ([`crate::Rule::is_section_local`]). When the next snapshot was rescanned from this one
/// (`SourceFile::changed`) with the same configuration and the same headings outside its
/// rescanned window, the block-local rules run on the window only and the section rules
/// on the sections holding it; the rest of their diagnostics are these, moved. A
/// keystroke in a long plan then costs the block it is in and its section's entries.
#[derive(Debug, Clone)]
pub struct Reusable {
    snapshot: u64,
    config: AnalysisConfig,
    headings: usize,
    /// As the rules report them: default severities, before overrides and suppression.
    block_local: Vec<Diagnostic>,
    section_local: Vec<Diagnostic>,
    /// The plan's HTML comments (where suppression comments are looked for), and whether
    /// the scan read to the end (no comment left open).
    comments: Vec<suppression::Comment>,
    comments_complete: bool,
}

impl Reusable {
    /// The window to analyse in `file` and how far the rest moved, when this can serve.
    fn window_for(&self, file: &SourceFile, config: &AnalysisConfig) -> Option<(TextRange, isize)> {
        let changed = file.changed()?;
        let headings = &file.outline().headings;
        let window = &changed.window;
        let heading_in_window = headings
            .get(headings.partition_point(|h| h.range.start < window.start))
            .is_some_and(|h| h.range.start < window.end);
        (changed.from == self.snapshot
            && headings.len() == self.headings
            && !heading_in_window
            && config.same_as(&self.config))
        .then(|| (window.clone(), changed.delta))
    }

    /// The comments of `file`: this snapshot's outside `window` (moved) and those found
    /// in it. `None` when a comment crosses the window's edges, which only a full scan
    /// reads right.
    fn comments_after(
        &self,
        file: &SourceFile,
        code: &code_blocks::CodeBlocks,
        window: &TextRange,
        delta: isize,
    ) -> Option<Vec<suppression::Comment>> {
        if !self.comments_complete {
            // A comment left open swallowed the rest; an edit may close it anywhere.
            return None;
        }
        let old_end = (window.end as isize - delta) as usize;
        let shift = |at: usize| (at as isize + delta) as usize;
        let before = self
            .comments
            .partition_point(|c| c.span.start < window.start);
        let after = self.comments.partition_point(|c| c.span.start < old_end);
        let crosses_start = self.comments[..before]
            .last()
            .is_some_and(|c| c.span.end > window.start);
        let crosses_end = self.comments[before..after]
            .iter()
            .any(|c| c.span.end > old_end);
        if crosses_start || crosses_end {
            return None;
        }
        let (inside, complete) =
            suppression::find_comments(file.text(), code, window.start, window.end);
        if !complete {
            return None;
        }
        let mut comments = Vec::with_capacity(before + inside.len() + self.comments.len() - after);
        comments.extend_from_slice(&self.comments[..before]);
        comments.extend(inside);
        comments.extend(self.comments[after..].iter().map(|c| suppression::Comment {
            span: shift(c.span.start)..shift(c.span.end),
            in_code: c.in_code,
        }));
        Some(comments)
    }

    /// `kept`'s diagnostics outside `window` (in the new text), the later ones moved.
    fn outside<'a>(
        kept: &'a [Diagnostic],
        window: &TextRange,
        delta: isize,
    ) -> impl Iterator<Item = Diagnostic> + 'a {
        let start = window.start;
        let old_end = (window.end as isize - delta) as usize;
        let shift = move |at: usize| (at as isize + delta) as usize;
        kept.iter().filter_map(move |d| {
            if d.range.start < start {
                Some(d.clone())
            } else if d.range.start >= old_end {
                let mut moved = d.clone();
                moved.range = shift(d.range.start)..shift(d.range.end);
                if let Some(fix) = &mut moved.fix {
                    for edit in &mut fix.edits {
                        edit.range = shift(edit.range.start)..shift(edit.range.end);
                    }
                }
                Some(moved)
            } else {
                None
            }
        })
    }
}

/// Every diagnostic for `file`, sorted by position, reusing `previous` where it can
/// serve; with what this analysis leaves for the next.
pub(crate) fn diagnostics_reusing(
    file: &SourceFile,
    config: &AnalysisConfig,
    previous: Option<&Reusable>,
) -> (Vec<Diagnostic>, Reusable) {
    let reuse = previous.and_then(|p| Some((p, p.window_for(file, config)?)));
    let window = reuse.as_ref().map(|(_, (window, _))| window.clone());
    let names = plan::normalized_names(&config.standard);
    let structure = PlanStructure::with_names(file, &names);
    let mut out = Vec::new();
    rules::structure::check(file, &structure, &config.standard, &mut out);
    rules::status::check(file, &structure, &names, config, &mut out);
    let cx = rules::Context {
        file,
        structure: &structure,
        config,
        names,
        index_bodies: rules::index_entry::index_bodies(file),
        path_refs: path_refs::found_refs(file, window.as_ref()),
        code: code_blocks::CodeBlocks::new(file.outline()),
        window,
    };
    let mut section_local = Vec::new();
    rules::check_sections(&cx, &mut section_local);
    let mut block_local = Vec::new();
    rules::check_blocks(&cx, &mut block_local);
    if let Some((previous, (window, delta))) = &reuse {
        block_local.extend(Reusable::outside(&previous.block_local, window, *delta));
        block_local.sort_by_key(|d| d.range.start);
        // The sections holding the window were checked again; the others' findings stay.
        let rechecked: Vec<TextRange> = structure
            .sections
            .iter()
            .map(|s| s.heading_range.start..s.body.end)
            .filter(|extent| cx.touches_window(extent))
            .collect();
        section_local.extend(
            Reusable::outside(&previous.section_local, window, *delta)
                .filter(|d| !rechecked.iter().any(|e| e.contains(&d.range.start))),
        );
        section_local.sort_by_key(|d| d.range.start);
    }
    let (comments, comments_complete) = match &reuse {
        Some((previous, (window, delta))) => previous
            .comments_after(file, &cx.code, window, *delta)
            .map(|comments| (comments, true)),
        None => None,
    }
    .unwrap_or_else(|| suppression::find_comments(file.text(), &cx.code, 0, file.text().len()));
    let reusable = Reusable {
        snapshot: file.id(),
        config: config.clone(),
        headings: file.outline().headings.len(),
        block_local: block_local.clone(),
        section_local: section_local.clone(),
        comments: comments.clone(),
        comments_complete,
    };
    out.extend(section_local);
    out.extend(block_local);
    out.retain_mut(|d| match config.rules.get(&d.rule) {
        Some(Some(severity)) => {
            d.severity = *severity;
            true
        }
        Some(None) => false,
        None => true,
    });
    suppression::retain_unsuppressed(file.text(), &comments, &mut out);
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code()).cmp(&(
            b.range.start,
            b.range.end,
            b.rule.code(),
        ))
    });
    (out, reusable)
}
