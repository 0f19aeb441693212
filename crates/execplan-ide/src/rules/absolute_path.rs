//! `absolute-path`: a file reference written as a path on someone's machine (`/home/…`,
//! `/Users/…`, `C:\…`, `~/…`, `file:///…`). The standard asks for repository-relative
//! paths. A path that starts at a system directory (`/home`, `/Users`, `/root`, `/mnt`,
//! `/tmp`, `/var`, `/opt`, `/etc`, `/usr`, `/srv`, `/Volumes`, `/private`, `/work`,
//! `/workspace(s)`, `/media`, `/nix`) or inside the repository counts; other rooted
//! strings (`/api/users`, an HTTP route) do not. When the path lies inside the
//! repository, the fix rewrites it relative to the repository root.

use super::Context;
use crate::{Diagnostic, Fix, Rule, TextEdit};

const SYSTEM_ROOTS: &[&str] = &[
    "home",
    "Users",
    "root",
    "mnt",
    "tmp",
    "var",
    "opt",
    "etc",
    "usr",
    "srv",
    "Volumes",
    "private",
    "work",
    "workspace",
    "workspaces",
    "media",
    "nix",
];

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let root = cx
        .config
        .repo_root
        .as_deref()
        .map(|r| r.trim_end_matches('/'));
    for reference in &cx.path_refs {
        let path = reference.path(cx.file.text());
        let local = path.strip_prefix("file://").unwrap_or(path);
        let inside = root.and_then(|root| {
            let rest = local.strip_prefix(root)?;
            let rest = rest
                .strip_prefix('/')
                .or_else(|| rest.is_empty().then_some(""))?;
            Some(if rest.is_empty() { "." } else { rest })
        });
        if inside.is_none() && !is_machine_path(local) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            Rule::AbsolutePath,
            reference.range.clone(),
            match inside {
                Some(relative) => format!(
                    "`{path}` is an absolute path; write it relative to the repository root: `{relative}`"
                ),
                None => format!(
                    "`{path}` is an absolute path on one machine; the standard asks for repository-relative paths"
                ),
            },
        );
        if let Some(relative) = inside {
            // A link's target resolves against the plan's directory, not the repository
            // root: rewriting it may point the link elsewhere.
            let applicability = match reference.kind {
                crate::PathRefKind::Link => crate::Applicability::Unsafe,
                _ => crate::Applicability::Safe,
            };
            diagnostic = diagnostic.with_fix(Fix::new(
                format!("Rewrite as `{relative}`"),
                vec![TextEdit {
                    range: reference.range.clone(),
                    new_text: relative.to_string(),
                }],
                applicability,
            ));
        }
        out.push(diagnostic);
    }
}

fn is_machine_path(path: &str) -> bool {
    let b = path.as_bytes();
    if path.starts_with("~/")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
    {
        return true;
    }
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let first = rest.split('/').next().unwrap_or("");
    SYSTEM_ROOTS.contains(&first) && rest.len() > first.len()
}
