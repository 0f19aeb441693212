//! `execplan-ls check [PATH…]`: the same analysis as the server, for CI.

mod index;
mod output;

mod fix;
mod gitlab;
mod junit;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use execplan_ide::history::RepoHistory;
use execplan_ide::{analyze, AnalysisConfig, Detection, Diagnostic, Rule, Severity};
use execplan_syntax::SourceFile;

use crate::history;
use crate::settings::RepoSettings;
use crate::OutputFormat;

/// Which severity makes `check` exit 1.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

pub struct Options {
    pub format: OutputFormat,
    pub fail_on: FailOn,
    pub fix: bool,
    /// With `fix`: apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// Named files are checked only when they are plans and not excluded.
    pub only_plans: bool,
}

/// One checked file and what was found in it.
pub struct FileReport {
    pub path: PathBuf,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A path that could not be checked, with why.
struct Unreadable {
    path: PathBuf,
    reason: String,
}

pub fn run(paths: &[PathBuf], options: &Options) -> ExitCode {
    let default = [PathBuf::from(".")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let started = std::time::Instant::now();
    let mut targets = Vec::new();
    for root in roots {
        match collect_targets(root, &mut targets) {
            Ok(()) => {}
            Err(reason) => return usage_failure(root, &reason),
        }
    }
    if options.only_plans {
        for target in &mut targets {
            target.explicit = false;
        }
    }
    let walked = started.elapsed();
    let (targets, config_failed) = configure(targets);
    let configured = started.elapsed();
    let (mut reports, unreadable) = check_all(&targets);
    index::check_indexes(&targets, &mut reports);
    tracing::debug!(
        files = targets.len(),
        ?walked,
        ?configured,
        checked = ?started.elapsed(),
        "check phases (cumulative)"
    );
    if let Some(first) = unreadable.first() {
        return usage_failure(&first.path, &first.reason);
    }
    if options.fix {
        let mut withheld = 0;
        for report in &mut reports {
            let target = targets.iter().find(|t| t.path == report.path);
            if let Some(target) = target {
                match fix::apply(report, target, options.unsafe_fixes) {
                    Ok(left) => withheld += left,
                    Err(reason) => return usage_failure(&report.path, &reason),
                }
            }
        }
        if withheld > 0 {
            #[allow(clippy::print_stderr)]
            {
                let (fixes, them) = if withheld == 1 {
                    ("fix was", "it")
                } else {
                    ("fixes were", "them")
                };
                eprintln!(
                    "{withheld} unsafe {fixes} not applied; review {them} in the editor, or run with `--fix --unsafe-fixes`"
                );
            }
        }
    }
    output::print(&reports, targets.len(), options.format, options.fail_on);
    let failed = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| match options.fail_on {
            FailOn::Error => d.severity == Severity::Error,
            FailOn::Warning => matches!(d.severity, Severity::Error | Severity::Warning),
        });
    ExitCode::from(u8::from(failed || config_failed))
}

/// `execplan-ls plans [PATH…]`: each markdown file `check` would look at, with why it is
/// or is not analysed as a plan (`excluded`, `configured`, or the detection's reason).
pub fn list_plans(paths: &[PathBuf]) -> ExitCode {
    use std::io::Write;
    let default = [PathBuf::from(".")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut targets = Vec::new();
    for root in roots {
        if let Err(reason) = collect_targets(root, &mut targets) {
            return usage_failure(root, &reason);
        }
    }
    let paths: Vec<PathBuf> = targets.iter().map(|t| t.path.clone()).collect();
    let (kept, _) = configure(targets);
    let mut kept = kept.into_iter().peekable();
    let mut all = Vec::new();
    // `configure` keeps the targets' order and only drops excluded ones.
    for path in paths {
        let target = kept.next_if(|t| t.path == path);
        all.push((path, target));
    }
    let mut out = std::io::stdout().lock();
    for (path, target) in all {
        let reason = match target {
            None => "not checked: excluded by configuration".to_string(),
            Some(target) => {
                let config = target.analysis_config();
                match std::fs::read_to_string(&target.path) {
                    Err(e) => format!("unreadable: {}", describe_io_error(&e)),
                    Ok(text) => {
                        let file = SourceFile::parse(&text);
                        let name = target
                            .path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let detection = execplan_ide::detect_plan(&file, &name, &config);
                        if target.explicit
                            && !detection.is_plan()
                            && detection != execplan_ide::Detection::Standard
                        {
                            "plan: named on the command line or matched by `plans`".to_string()
                        } else {
                            detection.describe().to_string()
                        }
                    }
                }
            }
        };
        // A closed pipe ends the listing; it is not worth a panic.
        if writeln!(out, "{}\t{reason}", path.display()).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

/// A markdown file `check` analyses as a plan, read, for `execplan-ls status`.
pub struct PlanFile {
    /// As found (`./plans/a.md`), as `check` prints it.
    pub path: PathBuf,
    pub text: String,
    pub config: AnalysisConfig,
    /// Its repository's commits, when git has them (for staleness).
    pub history: Option<Arc<RepoHistory>>,
}

/// The plans under `paths` (default `.`) exactly as `check` finds them: the same walk,
/// the same configuration (excluded files dropped, configuration problems on stderr) and
/// the same detection (a file named or matched by `plans` is a plan; a standard is not).
/// An unreadable path is named on stderr and gives `Err` with exit status 2.
pub fn plan_files(paths: &[PathBuf]) -> Result<Vec<PlanFile>, ExitCode> {
    let default = [PathBuf::from(".")];
    let roots = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut targets = Vec::new();
    for root in roots {
        if let Err(reason) = collect_targets(root, &mut targets) {
            return Err(usage_failure(root, &reason));
        }
    }
    let (targets, _) = configure(targets);
    let mut plans = Vec::new();
    for target in targets {
        let text = match std::fs::read(&target.path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => return Err(usage_failure(&target.path, "not UTF-8 text")),
            },
            Err(e) => return Err(usage_failure(&target.path, &describe_io_error(&e))),
        };
        let config = target.analysis_config();
        let file = SourceFile::parse(&text);
        let name = target
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let detection = execplan_ide::detect_plan(&file, &name, &config);
        let is_plan = detection.is_plan() || (target.explicit && detection != Detection::Standard);
        if !is_plan {
            continue;
        }
        plans.push(PlanFile {
            history: target.history.clone(),
            path: target.path,
            text,
            config,
        });
    }
    Ok(plans)
}

/// Loads each target's repository settings (once per directory), drops excluded files,
/// and prints one line per configuration problem. Returns whether there was one.
fn configure(targets: Vec<Target>) -> (Vec<Target>, bool) {
    let mut by_dir: HashMap<PathBuf, Arc<RepoSettings>> = HashMap::new();
    let mut by_root: HashMap<PathBuf, Arc<RepoSettings>> = HashMap::new();
    let mut histories: HashMap<PathBuf, Option<Arc<RepoHistory>>> = HashMap::new();
    let mut failed = false;
    let mut out = Vec::new();
    for mut target in targets {
        let absolute = std::fs::canonicalize(&target.path).unwrap_or_else(|_| target.path.clone());
        let dir = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        let settings = by_dir
            .entry(dir)
            .or_insert_with(|| {
                let loaded = RepoSettings::load_for_cli(&absolute, &target.fallback_root, false);
                let key = loaded
                    .config_file
                    .clone()
                    .or(loaded.root.clone())
                    .unwrap_or_default();
                by_root
                    .entry(key)
                    .or_insert_with(|| {
                        let indexed =
                            RepoSettings::load_for_cli(&absolute, &target.fallback_root, true);
                        for line in indexed.error_lines() {
                            eprintln!("execplan-ls: {line}");
                            failed = true;
                        }
                        Arc::new(indexed)
                    })
                    .clone()
            })
            .clone();
        if !target.explicit && settings.is_excluded(&absolute) {
            continue;
        }
        // Once per repository, and only when `stale-plan` is on.
        if let Some(root) = &settings.root {
            let off = matches!(settings.settings.rules.get(&Rule::StalePlan), Some(None));
            target.history = histories
                .entry(root.clone())
                .or_insert_with(|| (!off).then(|| history::read(root)).flatten().map(Arc::new))
                .clone();
        }
        target.explicit |= settings.is_configured_plan(&absolute);
        target.config = Some((settings, absolute));
        out.push(target);
    }
    (out, failed)
}

fn usage_failure(path: &Path, reason: &str) -> ExitCode {
    eprintln!("execplan-ls: {}: {reason}", path.display());
    ExitCode::from(2)
}

/// A file to check, and whether it was named explicitly (then it is checked as a plan
/// whatever detection says).
struct Target {
    path: PathBuf,
    explicit: bool,
    /// The repository's settings and the file's absolute path, once loaded.
    config: Option<(Arc<RepoSettings>, PathBuf)>,
    /// What stands for the repository outside git (see `cli_fallback_root`).
    fallback_root: Arc<PathBuf>,
    /// The repository's commits, for `stale-plan`; `None` without git history.
    history: Option<Arc<RepoHistory>>,
}

impl Target {
    fn analysis_config(&self) -> AnalysisConfig {
        match &self.config {
            Some((settings, absolute)) => settings.analysis_config(absolute),
            None => AnalysisConfig::default(),
        }
    }
}

fn collect_targets(root: &Path, targets: &mut Vec<Target>) -> Result<(), String> {
    let metadata = std::fs::metadata(root).map_err(|e| describe_io_error(&e))?;
    let fallback_root = Arc::new(crate::settings::cli_fallback_root(root));
    if metadata.is_file() {
        targets.push(Target {
            path: root.to_path_buf(),
            explicit: true,
            config: None,
            fallback_root,
            history: None,
        });
        return Ok(());
    }
    let mut found = Vec::new();
    // Plans often live in hidden folders (`.agent/plans/`), so hidden entries are walked;
    // `.git` itself never is. `.gitignore` is honoured even outside a git checkout.
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| e.to_string())?;
        let is_markdown = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if is_markdown && entry.file_type().is_some_and(|t| t.is_file()) {
            found.push(entry.into_path());
        }
    }
    found.sort();
    targets.extend(found.into_iter().map(|path| Target {
        path,
        explicit: false,
        config: None,
        fallback_root: fallback_root.clone(),
        history: None,
    }));
    Ok(())
}

fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Checks every target on every core; reports come back in target order.
fn check_all(targets: &[Target]) -> (Vec<FileReport>, Vec<Unreadable>) {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, FileOutcome)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(targets.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(target) = targets.get(index) else {
                    break;
                };
                let result = check_file(target, &target.analysis_config());
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((index, result));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(index, _)| *index);
    let mut reports = Vec::new();
    let mut unreadable = Vec::new();
    for (_, result) in results {
        match result {
            Ok(Some(report)) => reports.push(report),
            Ok(None) => {}
            Err(failure) => unreadable.push(failure),
        }
    }
    (reports, unreadable)
}

/// What checking one file gave: a report, nothing (not a plan), or why it was unreadable.
type FileOutcome = Result<Option<FileReport>, Unreadable>;

/// `Ok(None)` for a markdown file that is not a plan.
fn check_file(target: &Target, config: &AnalysisConfig) -> FileOutcome {
    let unreadable = |reason: String| Unreadable {
        path: target.path.clone(),
        reason,
    };
    let bytes = std::fs::read(&target.path).map_err(|e| unreadable(describe_io_error(&e)))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        unreadable(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let Some(diagnostics) = analyze_text(target, config, &text) else {
        return Ok(None);
    };
    Ok(Some(FileReport {
        path: target.path.clone(),
        text,
        diagnostics,
    }))
}

/// The diagnostics of `text` as the target's content, or `None` when it is not a plan.
fn analyze_text(target: &Target, config: &AnalysisConfig, text: &str) -> Option<Vec<Diagnostic>> {
    let file = SourceFile::parse(text);
    let name = target
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let analysis = analyze(&file, &name, config, target.explicit);
    // A standard is reported only when something in it could not be read.
    let standard_with_findings =
        analysis.detection == Detection::Standard && !analysis.diagnostics.is_empty();
    if !analysis.detection.is_plan() && !target.explicit && !standard_with_findings {
        return None;
    }
    let mut diagnostics = analysis.diagnostics;
    if analysis.detection != Detection::Standard {
        if let (Some(history), Some(plan_path)) = (&target.history, &config.document_path) {
            if let Some(stale) =
                execplan_ide::history::stale_plan(&file, config, history, plan_path)
            {
                diagnostics.push(stale);
                diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
            }
        }
    }
    Some(diagnostics)
}
