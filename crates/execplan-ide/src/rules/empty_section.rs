//! `empty-section`: a living section with nothing in it but whitespace and HTML comments.
//! Anything else, "(None yet.)" included, is content: the writer has looked at it.

use super::Context;
use crate::{Diagnostic, Rule};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    for section in &cx.structure.sections {
        let spec = &cx.config.standard.sections[section.spec];
        if !spec.living || has_content(&text[section.body.clone()]) {
            continue;
        }
        out.push(Diagnostic::new(
            Rule::EmptySection,
            section.heading_range.clone(),
            format!(
                "`{}` is empty; a living section records what happened, or says \"(None yet.)\"",
                spec.name
            ),
        ));
    }
}

fn has_content(body: &str) -> bool {
    let mut rest = body;
    while let Some(start) = rest.find("<!--") {
        if !rest[..start].trim().is_empty() {
            return true;
        }
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => return false,
        }
    }
    !rest.trim().is_empty()
}
