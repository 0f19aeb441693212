//! Records the commit the binary is built from, for `execplan-ls --version`:
//! `EXECPLAN_LS_COMMIT` when set (a packager's override), else `git rev-parse` in the
//! source tree, else "unknown" (a source archive without git).

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    println!("cargo:rerun-if-env-changed=EXECPLAN_LS_COMMIT");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let commit = std::env::var("EXECPLAN_LS_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| {
            // Rebuild when HEAD moves: HEAD itself, the branch it names, the packed refs.
            let git_dir = git(&dir, &["rev-parse", "--absolute-git-dir"])?;
            let common = git(&dir, &["rev-parse", "--git-common-dir"])
                .map(|c| dir.join(c))
                .unwrap_or_else(|| PathBuf::from(&git_dir));
            // (A path that does not exist would make cargo rerun this script every time.)
            let mut watched = vec![
                PathBuf::from(&git_dir).join("HEAD"),
                common.join("packed-refs"),
            ];
            if let Some(branch) = git(&dir, &["symbolic-ref", "-q", "HEAD"]) {
                watched.push(common.join(branch));
            }
            for path in watched.iter().filter(|p| p.exists()) {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            git(&dir, &["rev-parse", "--short=12", "HEAD"])
        })
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=EXECPLAN_LS_COMMIT={commit}");
}
