//! `steps-without-commands`: Concrete Steps shows the commands to run in a code block,
//! fenced or indented.

use super::Context;
use crate::section_names::normalize;
use crate::{Diagnostic, Rule};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let wanted = normalize("Concrete Steps");
    for section in &cx.structure.sections {
        let spec = &cx.config.standard.sections[section.spec];
        let is_steps =
            normalize(&spec.name) == wanted || spec.aliases.iter().any(|a| normalize(a) == wanted);
        if !is_steps {
            continue;
        }
        let has_code = cx
            .file
            .outline()
            .code_blocks
            .iter()
            .any(|b| b.range.start >= section.body.start && b.range.start < section.body.end);
        if !has_code {
            out.push(Diagnostic::new(
                Rule::StepsWithoutCommands,
                section.heading_range.clone(),
                "Concrete Steps has no code block; show the exact commands to run, fenced or indented",
            ));
        }
    }
}
