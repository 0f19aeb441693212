//! Structure rules: which required sections are present, once, in order, at level 2,
//! spelt right, under a title.

use execplan_syntax::{SourceFile, TextRange};

use crate::{Diagnostic, Fix, PlanStructure, Rule, SectionMatch, Standard, TextEdit};

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
            let heading = &file.outline().headings[section.heading];
            let marker = heading.range.start..heading.text_range.start;
            let fix = file.text()[marker.clone()].starts_with('#').then(|| Fix {
                label: format!("Make it `## {name}`"),
                edits: vec![TextEdit {
                    range: marker,
                    new_text: "## ".to_string(),
                }],
            });
            let diagnostic = Diagnostic::new(
                Rule::HeadingLevel,
                section.heading_range.clone(),
                format!(
                    "`{name}` is a level-{} heading; the standard makes it level 2 (`## {name}`)",
                    section.level
                ),
            );
            out.push(match fix {
                Some(fix) => diagnostic.with_fix(fix),
                None => diagnostic,
            });
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
            out.push(
                Diagnostic::new(Rule::HeadingSpelling, range.clone(), message).with_fix(Fix {
                    label: format!("Spell it `{name}`"),
                    edits: vec![TextEdit {
                        range,
                        new_text: name.to_string(),
                    }],
                }),
            );
        }
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
/// sections already in the standard's order.
fn section_order(structure: &PlanStructure, standard: &Standard, out: &mut Vec<Diagnostic>) {
    let mut seen = vec![false; standard.sections.len()];
    let firsts: Vec<_> = structure
        .sections
        .iter()
        .filter(|s| !std::mem::replace(&mut seen[s.spec], true))
        .collect();
    let order: Vec<usize> = firsts.iter().map(|s| s.spec).collect();
    let keep = longest_increasing_run(&order);
    let in_place: Vec<usize> = keep.iter().map(|&i| order[i]).collect();
    for (i, section) in firsts.iter().enumerate() {
        if keep.contains(&i) {
            continue;
        }
        let name = &standard.sections[section.spec].name;
        let after = in_place.iter().filter(|&&s| s < section.spec).max();
        let before = in_place.iter().filter(|&&s| s > section.spec).min();
        let place = match (after, before) {
            (Some(&a), _) => format!("after `{}`", standard.sections[a].name),
            (None, Some(&b)) => format!("before `{}`", standard.sections[b].name),
            (None, None) => "elsewhere".to_string(),
        };
        out.push(Diagnostic::new(
            Rule::SectionOrder,
            section.heading_range.clone(),
            format!("`{name}` is out of order: the standard puts it {place}"),
        ));
    }
}

/// Indices of one longest strictly increasing subsequence (patience sorting, O(n log n)).
/// Among runs of equal length it keeps the one that ends earliest in value, so sections
/// moved to the end are the ones reported.
fn longest_increasing_run(values: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index of the smallest tail of each length
    let mut previous = vec![None; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let len = tails.partition_point(|&t| values[t] < v);
        if len > 0 {
            previous[i] = Some(tails[len - 1]);
        }
        if len == tails.len() {
            tails.push(i);
        } else {
            tails[len] = i;
        }
    }
    let mut run = Vec::new();
    let mut cursor = tails.last().copied();
    while let Some(i) = cursor {
        run.push(i);
        cursor = previous[i];
    }
    run.reverse();
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
    }
}
