//! `absolute-path`: a file reference written as a path on someone's machine (`/home/…`,
//! `/Users/…`, `C:\…`, `~/…`, `file:///…`). The standard asks for repository-relative
//! paths. A path that starts at a folder of someone's machine (`/home`, `/Users`,
//! `/root`, `/mnt`, `/srv`, `/Volumes`, `/work`, `/workspace(s)`, `/media`) or inside
//! the repository counts; a scratch path (`/tmp/…`, `/var/tmp/…`, macOS's
//! `/private/tmp/…` and `/var/folders/…`) is only a hint, since a plan may well say where
//! a command leaves its output; a system path that is the same on every machine
//! (`/usr/…`, `/bin/…`, `/etc/…`, `/opt/…`, `/dev/null`, `/proc/…`, `/nix/store/…`) and
//! other rooted strings (`/api/users`, an HTTP route) do not. When the path lies inside
//! the repository, the fix rewrites it relative to the repository root.

use super::Context;
use crate::{Diagnostic, Fix, Rule, Severity, TextEdit};

/// The first folders of paths that exist only on one machine.
const MACHINE_ROOTS: &[&str] = &[
    "home",
    "Users",
    "root",
    "mnt",
    "srv",
    "Volumes",
    "work",
    "workspace",
    "workspaces",
    "media",
];

/// Scratch folders: on every machine, but what is in them is one run's.
const SCRATCH_ROOTS: &[&str] = &[
    "tmp",
    "var/tmp",
    "var/folders",
    "private/tmp",
    "private/var",
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
        let kind = match inside {
            Some(_) => Some(Machine::Own),
            None => machine_path(local),
        };
        let Some(kind) = kind else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            Rule::AbsolutePath,
            reference.range.clone(),
            match (inside, kind) {
                (Some(relative), _) => format!(
                    "`{path}` is an absolute path; write it relative to the repository root: `{relative}`"
                ),
                (None, Machine::Scratch) => format!(
                    "`{path}` is a scratch path: another machine or run will not have it; if the plan needs the file, keep it in the repository"
                ),
                (None, _) => format!(
                    "`{path}` is an absolute path on one machine; the standard asks for repository-relative paths"
                ),
            },
        );
        if kind == Machine::Scratch {
            diagnostic.severity = Severity::Hint;
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Machine {
    /// Inside this repository, on this machine.
    Own,
    /// Someone's home, drive or mount.
    Other,
    /// A scratch folder.
    Scratch,
}

/// Whether `path` is one machine's (`None` for system paths, which are every machine's,
/// and for rooted strings that are not paths at all).
fn machine_path(path: &str) -> Option<Machine> {
    let b = path.as_bytes();
    if path.starts_with("~/")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
    {
        return Some(Machine::Other);
    }
    let rest = path.strip_prefix('/')?;
    let under = |root: &str| {
        rest.strip_prefix(root)
            .is_some_and(|after| after.len() > 1 && after.starts_with('/'))
    };
    if SCRATCH_ROOTS.iter().any(|root| under(root)) {
        return Some(Machine::Scratch);
    }
    MACHINE_ROOTS
        .iter()
        .any(|root| under(root))
        .then_some(Machine::Other)
}
