//! `steps-without-commands`: Concrete Steps shows the commands to run in a code block,
//! fenced or indented. A line indented four or more spaces after a blank line counts too,
//! even inside a numbered step where CommonMark would read it as the step's text: the
//! writer set it apart as a command.

use super::{sections, Context};
use crate::section_names::normalize;
use crate::{Diagnostic, Rule};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let wanted = normalize("Concrete Steps");
    for section in &cx.structure.sections {
        let extent = section.heading_range.start..section.body.end;
        if !sections::is_named(cx, section.spec, &wanted) || !cx.touches_window(&extent) {
            continue;
        }
        let has_code = cx
            .file
            .outline()
            .code_blocks
            .iter()
            .any(|b| b.range.start >= section.body.start && b.range.start < section.body.end);
        let text = &cx.file.text()[section.body.clone()];
        if !has_code && !has_set_apart_line(text) {
            out.push(Diagnostic::new(
                Rule::StepsWithoutCommands,
                section.heading_range.clone(),
                "Concrete Steps has no code block; show the exact commands to run, fenced or indented",
            ));
        }
    }
}

fn has_set_apart_line(text: &str) -> bool {
    let mut previous_blank = false;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if previous_blank && indent >= 4 && !line.trim().is_empty() {
            return true;
        }
        previous_blank = line.trim().is_empty();
    }
    false
}
