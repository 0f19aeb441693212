//! Where a plan's required sections are: each heading matched to the standard.

use execplan_syntax::{Heading, SourceFile, TextRange};

use crate::section_names::{
    content_words, edit_distance, loose_key, near_miss_budget, normalize, slash_runs,
};
use crate::Standard;

/// How a heading matched a required section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionMatch {
    /// The same name, up to case, numbering, punctuation and `&`/"and".
    Exact,
    /// A near miss ("Suprises & Discoveries"): counts as present, but is misspelt.
    Misspelt,
    /// A short form of a section the plan lacks (`## Purpose` for Purpose / Big Picture,
    /// `## Validation` for Validation and Acceptance): counts as present, and is reported
    /// as a spelling to complete, not as a missing section. Detection does not count it.
    ShortForm,
}

/// A heading of the plan that is one of the standard's required sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSection {
    /// Index into `Standard::sections`.
    pub spec: usize,
    pub matched: SectionMatch,
    /// Index into `Outline::headings`.
    pub heading: usize,
    pub level: u8,
    pub heading_range: TextRange,
    /// The section's body: from after its heading to the next heading of the same or a
    /// higher level, or to the next required section, whichever comes first.
    pub body: TextRange,
}

/// The required sections found in a plan, in document order (duplicates included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStructure {
    pub sections: Vec<PlanSection>,
}

impl PlanStructure {
    pub fn new(file: &SourceFile, standard: &Standard) -> PlanStructure {
        PlanStructure::with_names(file, &normalized_names(standard))
    }

    /// As `new`, with the standard's names already normalised by [`normalized_names`].
    pub(crate) fn with_names(file: &SourceFile, names: &[Vec<String>]) -> PlanStructure {
        let headings = &file.outline().headings;
        // The title is no section, unless it is one: a plan that writes every section as
        // a level-1 heading (`# Purpose / Big Picture`, `# Progress`) has no title.
        let title = file
            .outline()
            .title()
            .filter(|t| !matches!(match_heading(t, names), Some((_, SectionMatch::Exact))))
            .map(|t| t.range.start);
        let mut sections: Vec<PlanSection> = headings
            .iter()
            .enumerate()
            .filter(|(_, h)| Some(h.range.start) != title)
            .filter_map(|(index, heading)| {
                let (spec, matched) = match_heading(heading, names)?;
                Some(PlanSection {
                    spec,
                    matched,
                    heading: index,
                    level: heading.level,
                    heading_range: heading.range.clone(),
                    body: heading.body(),
                })
            })
            .collect();
        short_forms(file, names, &mut sections);
        // A required section ends where the next one starts, even when that one is nested
        // deeper (`## Plan of Work` followed by `### Concrete Steps`).
        for i in 0..sections.len().saturating_sub(1) {
            let next_start = sections[i + 1].heading_range.start;
            if sections[i].body.end > next_start {
                sections[i].body.end = next_start.max(sections[i].body.start);
            }
        }
        PlanStructure { sections }
    }

    /// The first occurrence of the required section `spec`.
    pub fn find(&self, spec: usize) -> Option<&PlanSection> {
        self.sections.iter().find(|s| s.spec == spec)
    }

    /// How many distinct required sections the plan has (short forms aside).
    pub fn distinct_count(&self) -> usize {
        let mut seen: Vec<usize> = self
            .sections
            .iter()
            .filter(|s| s.matched != SectionMatch::ShortForm)
            .map(|s| s.spec)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }
}

/// For each section of `standard`, its name and then its aliases, normalised, then the
/// translations of any of them that is a built-in section's name (a plan written in
/// Chinese under the built-in standard writes `## 进展` for Progress).
pub(crate) fn normalized_names(standard: &Standard) -> Vec<Vec<String>> {
    standard
        .sections
        .iter()
        .map(|s| {
            let own = || std::iter::once(&s.name).chain(&s.aliases);
            let mut names: Vec<String> = own().map(|n| normalize(n)).collect();
            for t in own().flat_map(|n| crate::section_names::translations(n).iter()) {
                let t = normalize(t);
                if !names.contains(&t) {
                    names.push(t);
                }
            }
            names
        })
        .collect()
}

fn match_heading(heading: &Heading, names: &[Vec<String>]) -> Option<(usize, SectionMatch)> {
    let text = normalize(&heading.text);
    if text.is_empty() {
        return None;
    }
    if let Some(spec) = names.iter().position(|ns| ns.contains(&text)) {
        return Some((spec, SectionMatch::Exact));
    }
    // `Validation: acceptance`, `Progress / 진행 상황`, `Plan Of Work / PR Sequence`.
    let key = loose_key(&text);
    if let Some(spec) = names
        .iter()
        .position(|ns| ns.iter().any(|n| loose_key(n) == key))
    {
        return Some((spec, SectionMatch::Exact));
    }
    if text.contains(" / ") {
        for run in slash_runs(&text) {
            let run = loose_key(&run);
            if let Some(spec) = names
                .iter()
                .position(|ns| ns.iter().any(|n| loose_key(n) == run))
            {
                return Some((spec, SectionMatch::Exact));
            }
        }
    }
    let text_chars = text.chars().count();
    names
        .iter()
        .enumerate()
        .flat_map(|(spec, ns)| ns.iter().map(move |n| (spec, n)))
        .filter_map(|(spec, name)| {
            let name_chars = name.chars().count();
            // Cheap bound first: lengths alone can rule a name out.
            if name_chars.abs_diff(text_chars) > near_miss_budget(name_chars) {
                return None;
            }
            let distance = edit_distance(&text, name);
            (distance <= near_miss_budget(name_chars)).then_some((distance, spec))
        })
        .min()
        .map(|(_, spec)| (spec, SectionMatch::Misspelt))
}

/// Level-2 headings that match no section but read as a short form of exactly one section
/// the plan lacks: at most two content words, each a word of that section's name or a
/// gloss ("criteria", "overview"), one of them distinctive (`## Purpose`, `## Validation`,
/// `## Decisions`, `## Acceptance Criteria`). Words every kind of heading uses (log, plan,
/// work, notes, steps) are not distinctive, so `## Execution Log` is not the Decision Log
/// and `## Validation Evidence` is not Validation Commands.
fn short_forms(file: &SourceFile, names: &[Vec<String>], sections: &mut Vec<PlanSection>) {
    let headings = &file.outline().headings;
    let title = file.outline().title().map(|t| t.range.start);
    let present: Vec<usize> = sections.iter().map(|s| s.spec).collect();
    let missing: Vec<usize> = (0..names.len()).filter(|i| !present.contains(i)).collect();
    if missing.is_empty() {
        return;
    }
    let mut found = Vec::new();
    let mut claimed: Vec<usize> = Vec::new();
    for (index, heading) in headings.iter().enumerate() {
        if heading.level != 2
            || Some(heading.range.start) == title
            || sections.iter().any(|s| s.heading == index)
        {
            continue;
        }
        let words = content_words(&normalize(&heading.text));
        if words.is_empty() || words.len() > 2 {
            continue;
        }
        let generic = |w: &String| matches!(w.as_str(), "log" | "plan" | "work" | "note" | "step");
        // Words that gloss a short form without naming something else.
        let gloss =
            |w: &String| matches!(w.as_str(), "criteria" | "overview" | "summary" | "detail");
        let candidates: Vec<usize> = missing
            .iter()
            .copied()
            .filter(|&spec| {
                names[spec].iter().any(|name| {
                    let name_words = content_words(name);
                    name_words.len() > 1
                        && words.iter().any(|w| !generic(w) && name_words.contains(w))
                        && words.iter().all(|w| name_words.contains(w) || gloss(w))
                })
            })
            .collect();
        if let [spec] = candidates[..] {
            if !claimed.contains(&spec) {
                claimed.push(spec);
                found.push(PlanSection {
                    spec,
                    matched: SectionMatch::ShortForm,
                    heading: index,
                    level: heading.level,
                    heading_range: heading.range.clone(),
                    body: heading.body(),
                });
            }
        }
    }
    if !found.is_empty() {
        sections.extend(found);
        sections.sort_by_key(|s| s.heading_range.start);
    }
}
