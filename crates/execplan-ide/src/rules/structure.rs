//! Structure rules: which required sections are present, once, in order, at level 2,
//! spelt right, under a title.

use execplan_syntax::{SourceFile, TextRange};

use crate::section_names::{edit_distance, near_miss_budget, normalize};
use crate::{
    Applicability, Diagnostic, Fix, PlanStructure, Rule, SectionMatch, Standard, TextEdit,
};

pub(crate) fn check(
    file: &SourceFile,
    structure: &PlanStructure,
    standard: &Standard,
    out: &mut Vec<Diagnostic>,
) {
    let anchor = title_or_first_line(file);
    if file.outline().title().is_none() {
        out.push(Diagnostic::new(
            Rule::MissingTitle,
            anchor.clone(),
            "The plan has no level-1 `#` title",
        ));
    }
    missing_sections(structure, standard, &anchor, out);
    section_order(structure, standard, out);
    let mut seen = vec![false; standard.sections.len()];
    for section in &structure.sections {
        let name = &standard.sections[section.spec].name;
        if std::mem::replace(&mut seen[section.spec], true) {
            out.push(Diagnostic::new(
                Rule::DuplicateSection,
                section.heading_range.clone(),
                format!("Section `{name}` appears more than once"),
            ));
        }
        if section.level != 2 {
            let diagnostic = Diagnostic::new(
                Rule::HeadingLevel,
                section.heading_range.clone(),
                format!(
                    "`{name}` is a level-{} heading; the standard makes it level 2 (`## {name}`)",
                    section.level
                ),
            );
            out.push(diagnostic.with_fix(level_fix(file, structure, section.heading, name)));
        }
        if matches!(
            section.matched,
            SectionMatch::Misspelt | SectionMatch::ShortForm
        ) {
            let written = &file.outline().headings[section.heading].text;
            let range = file.outline().headings[section.heading].text_range.clone();
            let message = if section.matched == SectionMatch::ShortForm {
                format!(
                    "`{written}` reads as a short form of `{name}`; the standard names it in full"
                )
            } else {
                format!("`{written}` reads as a misspelling of `{name}`")
            };
            // A typo is safe to respell; a short form (`## Purpose`, `## Acceptance
            // Criteria`) may name another section on purpose.
            let applicability = if section.matched == SectionMatch::ShortForm {
                Applicability::Unsafe
            } else {
                spelling_applicability(written, name)
            };
            out.push(
                Diagnostic::new(Rule::HeadingSpelling, range.clone(), message).with_fix(Fix::new(
                    format!("Spell it `{name}`"),
                    vec![TextEdit {
                        range,
                        new_text: name.to_string(),
                    }],
                    applicability,
                )),
            );
        }
    }
}

/// The fix of a required section's heading level: `## ` for the `#` markers, or an ATX
/// heading for a setext one. Safe only when the section keeps its place in the outline.
fn level_fix(file: &SourceFile, structure: &PlanStructure, index: usize, name: &str) -> Fix {
    let heading = &file.outline().headings[index];
    let marker = heading.range.start..heading.text_range.start;
    let edit = if file.text()[marker.clone()].starts_with('#') {
        TextEdit {
            range: marker,
            new_text: "## ".to_string(),
        }
    } else {
        // A setext heading (text underlined with `=`) becomes an ATX one.
        TextEdit {
            range: heading.range.clone(),
            new_text: format!("## {}", heading.text),
        }
    };
    let applicability = if keeps_its_place(file, structure, index) {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    Fix::new(format!("Make it `## {name}`"), vec![edit], applicability)
}

/// Whether making heading `index` level 2 leaves the outline as it was: the section keeps
/// its parent (the title, or nothing, counts as the document itself) and the headings it
/// holds. Another required section's heading ends a section either way: the standard
/// makes them all siblings at level 2.
///
/// Not so for a `### Progress` nested under another `##` section (promoting it takes it
/// out of that section and leaves the section's `####` subsections under a `##`), for a
/// `### Progress` followed by a `### Notes` that would become part of it, or for a
/// `# Progress` whose `##` subsections would become its siblings.
fn keeps_its_place(file: &SourceFile, structure: &PlanStructure, index: usize) -> bool {
    let headings = &file.outline().headings;
    let title = headings.iter().position(|h| h.level == 1);
    let required: Vec<usize> = structure.sections.iter().map(|s| s.heading).collect();
    let level = headings[index].level;
    // The nearest heading before it of a lower level, as it is and as it would be.
    let parent = |below: u8| {
        (0..index)
            .rev()
            .find(|&i| headings[i].level < below)
            .filter(|&i| Some(i) != title)
    };
    if parent(level) != parent(2) {
        return false;
    }
    // The headings it holds, as it is and as it would be.
    let children = |at_or_above: u8| {
        (index + 1..headings.len())
            .take_while(|&i| headings[i].level > at_or_above && !required.contains(&i))
            .count()
    };
    children(level) == children(2)
}

/// A near miss within a few letters of the name is a typo, and respelling it is safe. A
/// heading further from the name (a short form, another wording) may name another section
/// on purpose: renaming it is offered, not applied unreviewed.
fn spelling_applicability(written: &str, name: &str) -> Applicability {
    let (written, name) = (normalize(written), normalize(name));
    let budget = near_miss_budget(name.chars().count());
    if edit_distance(&written, &name) <= budget {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    }
}

/// Where document-wide findings are shown: the title line, else the first line.
fn title_or_first_line(file: &SourceFile) -> TextRange {
    if let Some(title) = file.outline().title() {
        return title.range.clone();
    }
    let text = file.text();
    let start = file
        .outline()
        .front_matter
        .as_ref()
        .map_or(0, |f| f.range.end);
    let rest = &text[start..];
    let skipped = rest.len() - rest.trim_start_matches(['\n', '\r']).len();
    let start = start + skipped;
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    start..end
}

fn missing_sections(
    structure: &PlanStructure,
    standard: &Standard,
    anchor: &TextRange,
    out: &mut Vec<Diagnostic>,
) {
    for (spec, section) in standard.sections.iter().enumerate() {
        if structure.find(spec).is_none() {
            out.push(Diagnostic::new(
                Rule::MissingSection,
                anchor.clone(),
                format!("Missing required section `## {}`", section.name),
            ));
        }
    }
}

/// Reports the fewest sections that would have to move: those outside one longest run of
/// sections already in the standard's order. Sections that moved together (next to each
/// other in the plan, in the standard's order among themselves, and bound for the same
/// place) are one finding on the block, which names them: a plan that keeps its living
/// sections together at the end hears it once.
fn section_order(structure: &PlanStructure, standard: &Standard, out: &mut Vec<Diagnostic>) {
    let mut seen = vec![false; standard.sections.len()];
    let firsts: Vec<_> = structure
        .sections
        .iter()
        .filter(|s| !std::mem::replace(&mut seen[s.spec], true))
        .collect();
    let order: Vec<usize> = firsts.iter().map(|s| s.spec).collect();
    let keep = longest_increasing_run(&order);
    let mut in_place = vec![false; firsts.len()];
    for &i in &keep {
        in_place[i] = true;
    }
    let kept_specs: Vec<usize> = keep.iter().map(|&i| order[i]).collect();
    // Where the standard puts `spec` among the sections that stay: after the last of them
    // it follows, else before the first of them it precedes.
    let slot = |spec: usize| {
        let after = kept_specs.iter().filter(|&&s| s < spec).max().copied();
        let before = kept_specs.iter().filter(|&&s| s > spec).min().copied();
        (after, before)
    };
    let mut i = 0;
    while i < firsts.len() {
        if in_place[i] {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < firsts.len()
            && !in_place[end]
            && order[end] > order[end - 1]
            && slot(order[end]) == slot(order[i])
        {
            end += 1;
        }
        let block = &firsts[i..end];
        let names: Vec<&str> = block
            .iter()
            .map(|s| standard.sections[s.spec].name.as_str())
            .collect();
        let living = standard.sections.iter().filter(|s| s.living).count();
        let all_living = block.len() > 1
            && block.len() == living
            && block.iter().all(|s| standard.sections[s.spec].living);
        let named = match names.as_slice() {
            [one] => format!("`{one}`"),
            [a, b] => format!("`{a}` and `{b}`"),
            [a, .., z] => format!("`{a}` … `{z}`"),
            [] => unreachable!("a block holds a section"),
        };
        let named = if all_living {
            format!("The living sections {named}")
        } else if block.len() > 2 {
            format!("The sections {named}")
        } else {
            named
        };
        let (verb, pronoun) = if block.len() == 1 {
            ("comes", "it")
        } else {
            ("come", "them")
        };
        let now = match i.checked_sub(1) {
            Some(previous) => format!(
                "{verb} after `{}`",
                standard.sections[firsts[previous].spec].name
            ),
            None => format!("{verb} first"),
        };
        let place = match slot(order[i]) {
            (Some(a), _) => format!("after `{}`", standard.sections[a].name),
            (None, Some(b)) => format!("before `{}`", standard.sections[b].name),
            (None, None) => "elsewhere".to_string(),
        };
        let last = block.last().expect("a block holds a section");
        out.push(Diagnostic::new(
            Rule::SectionOrder,
            block[0].heading_range.start..last.heading_range.end,
            format!("{named} {now}; the standard puts {pronoun} {place}"),
        ));
        i = end;
    }
}

/// Indices of one longest strictly increasing subsequence. Among runs of equal length it
/// keeps the one that comes first in the document (the smallest indices, compared in
/// order), so the sections reported as moved are the later ones: a plan that keeps its
/// living sections at the end hears that they moved there. Sections are few; the
/// quadratic pass is cheap.
fn longest_increasing_run(values: &[usize]) -> Vec<usize> {
    let n = values.len();
    // from[i]: the length of the longest increasing run that starts at i.
    let mut from = vec![1usize; n];
    for i in (0..n).rev() {
        for j in i + 1..n {
            if values[j] > values[i] {
                from[i] = from[i].max(from[j] + 1);
            }
        }
    }
    let mut run = Vec::new();
    let Some(mut want) = from.iter().copied().max() else {
        return run;
    };
    let mut last: Option<usize> = None;
    for i in 0..n {
        if want == 0 {
            break;
        }
        let follows = last.is_none_or(|l| values[i] > values[l]);
        if follows && from[i] == want {
            run.push(i);
            last = Some(i);
            want -= 1;
        }
    }
    run
}

#[cfg(test)]
mod tests {
    use super::longest_increasing_run;

    #[test]
    fn longest_run_keeps_the_most_sections_in_place() {
        assert_eq!(
            longest_increasing_run(&[0, 5, 6, 7, 1, 2]),
            vec![0, 1, 2, 3]
        );
        assert_eq!(longest_increasing_run(&[0, 2, 1, 3]).len(), 3);
        assert_eq!(longest_increasing_run(&[]), Vec::<usize>::new());
        // A tie keeps the run that comes first: the living sections at the end moved.
        assert_eq!(
            longest_increasing_run(&[0, 5, 7, 8, 9, 1, 2, 3, 4]),
            vec![0, 1, 2, 3, 4]
        );
        // Every run it returns is increasing and as long as any.
        for values in [vec![3, 1, 2], vec![2, 1, 0], vec![1, 3, 2, 4, 0, 5]] {
            let run = longest_increasing_run(&values);
            assert!(run
                .windows(2)
                .all(|w| w[0] < w[1] && values[w[0]] < values[w[1]]));
            let best = (0u32..1 << values.len())
                .filter(|mask| {
                    let picked: Vec<usize> =
                        (0..values.len()).filter(|i| mask & (1 << i) != 0).collect();
                    picked.windows(2).all(|w| values[w[0]] < values[w[1]])
                })
                .map(u32::count_ones)
                .max()
                .unwrap();
            assert_eq!(run.len(), best as usize, "{values:?}");
        }
    }
}
