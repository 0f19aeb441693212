//! Times each stage of checking one file: the snapshot (parse and outline), then the
//! analysis twice, without a repository index and with one, as the server runs it:
//! `cargo run --release -p execplan-ide --example analyze_time -- FILE [RUNS]`.
//!
//! The repository is the file's nearest ancestor with a `.git` (else its own folder),
//! indexed once before timing, as the server indexes a workspace root once and then
//! analyses every keystroke against that index.
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use execplan_ide::{AnalysisConfig, RepoFiles};

/// The fastest and the median of `runs` runs: the fastest is the cost without noise, the
/// median what a keystroke usually pays.
struct Timing {
    best: Duration,
    median: Duration,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "best {:?}, median {:?}", self.best, self.median)
    }
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Timing, T) {
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let value = f();
        samples.push(started.elapsed());
        last = Some(value);
    }
    samples.sort();
    let timing = Timing {
        best: samples[0],
        median: samples[samples.len() / 2],
    };
    (timing, last.expect("at least one run"))
}

fn repo_root(file: &Path) -> PathBuf {
    let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let folder = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    folder
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map_or(folder.clone(), Path::to_path_buf)
}

/// Every file under `root` except `.git`, without following symlinks. The server's walk
/// (`execplan-ls`'s `workspace::index_repo`) also honours `.gitignore`; the benchmark
/// workspaces have none, so for them the two indexes agree.
fn index(root: &Path) -> RepoFiles {
    let mut files = RepoFiles::default();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() && entry.file_name() != ".git" {
                pending.push(path);
            } else if kind.is_file() {
                if let Ok(relative) = path.strip_prefix(root) {
                    files.insert_file(&relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    files
}

fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a file to analyse");
    let runs: usize = args
        .next()
        .map_or(20, |r| r.parse().expect("RUNS is a number"));
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let name = Path::new(&path)
        .file_name()
        .map_or(path.clone(), |n| n.to_string_lossy().into_owned());

    // The snapshot is not what this example studies: a few runs are enough, and keep a
    // profile of many runs about the analysis.
    let (parse, file) = time(runs.min(5), || execplan_syntax::SourceFile::parse(&text));
    println!(
        "{} bytes, {} lines: snapshot {parse}",
        text.len(),
        text.lines().count()
    );

    let config = AnalysisConfig::default();
    let (plain, analysis) = time(runs, || execplan_ide::analyze(&file, &name, &config, false));
    println!(
        "  analysis, no repository index:  {plain}, {} diagnostics",
        analysis.diagnostics.len()
    );

    let root = repo_root(Path::new(&path));
    let files = index(&root);
    let absolute = std::fs::canonicalize(&path).unwrap_or_else(|_| PathBuf::from(&path));
    let config = AnalysisConfig {
        repo_root: Some(slashed(&root)),
        document_path: absolute.strip_prefix(&root).ok().map(slashed),
        repo: Some(Arc::new(files)),
        ..AnalysisConfig::default()
    };
    let (indexed, analysis) = time(runs, || execplan_ide::analyze(&file, &name, &config, false));
    println!(
        "  analysis, index of {} files:  {indexed}, {} diagnostics (repository {})",
        config.repo.as_ref().map_or(0, |r| r.len()),
        analysis.diagnostics.len(),
        root.display()
    );
}
