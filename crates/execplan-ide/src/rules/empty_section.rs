//! `empty-section`: a living section with nothing in it but whitespace and HTML comments.
//! Anything else, "(None yet.)" included, is content: the writer has looked at it.

use super::Context;
use crate::{Diagnostic, Rule};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    for section in &cx.structure.sections {
        let spec = &cx.config.standard.sections[section.spec];
        let extent = section.heading_range.start..section.body.end;
        if !spec.living || !cx.touches_window(&extent) || has_content(&text[section.body.clone()]) {
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

/// Whether anything but whitespace and comments is left. Reads only up to the first such
/// thing: a living section's body is long, and its first line usually decides.
pub(crate) fn has_content(body: &str) -> bool {
    let mut rest = body;
    loop {
        let Some(start) = rest.find(|c: char| !c.is_whitespace()) else {
            return false;
        };
        if !rest[start..].starts_with("<!--") {
            return true;
        }
        // As before the first `-->` after the opening, which may overlap it (`<!-->`).
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_content;

    #[test]
    fn only_whitespace_and_comments_are_empty() {
        for empty in [
            "",
            " \n\t",
            "<!-- a -->",
            "\n<!-- a --> <!--> \n<!-- b",
            "<!---->\u{3000}",
        ] {
            assert!(!has_content(empty), "{empty:?}");
        }
        for full in [
            "x",
            "<!-- a --> x",
            "(None yet.)\n<!-- a",
            "<!-- a --><!-- b -->-",
            "<!-> x",
        ] {
            assert!(has_content(full), "{full:?}");
        }
    }
}
