//! Staleness: how many commits changed the files a plan names since the plan was last
//! brought up to date. The commits come in as data ([`RepoHistory`], read from git by the
//! server or the CLI); nothing here runs git or reads the disk.

use std::collections::BTreeMap;
use std::ops::Bound;

use execplan_syntax::{SourceFile, TextRange};

use crate::living::{LastEntry, PlanSummary};
use crate::path_refs::is_glob;
use crate::{AnalysisConfig, Diagnostic, Rule, UtcMinute};

/// The default number of commits after which an unfinished plan is stale.
pub const DEFAULT_STALE_COMMITS: usize = 3;

/// One commit: when it was made and which files it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// The committer's time.
    pub at: UtcMinute,
    pub subject: String,
    /// Paths relative to the repository root, `/`-separated.
    pub files: Vec<String>,
}

/// A repository's commits, newest first, with each path's commits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepoHistory {
    commits: Vec<Commit>,
    /// For each path, the indices into `commits` that changed it, newest first.
    by_path: BTreeMap<String, Vec<u32>>,
}

impl RepoHistory {
    /// A history from commits listed newest first (as `git log` lists them).
    pub fn new(commits: Vec<Commit>) -> RepoHistory {
        let mut by_path: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (index, commit) in commits.iter().enumerate() {
            for file in &commit.files {
                by_path.entry(file.clone()).or_default().push(index as u32);
            }
        }
        RepoHistory { commits, by_path }
    }

    pub fn len(&self) -> usize {
        self.commits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.commits.is_empty()
    }

    /// The newest commit that changed `path`.
    pub fn last_change(&self, path: &str) -> Option<&Commit> {
        let first = *self.by_path.get(path)?.first()?;
        Some(&self.commits[first as usize])
    }

    /// The commits that changed `path` (a file, or everything under a folder).
    fn touching(&self, target: &Target, out: &mut Vec<(u32, String)>) {
        match target {
            Target::File(path) => {
                if let Some(indices) = self.by_path.get(path) {
                    out.extend(indices.iter().map(|&i| (i, path.clone())));
                }
            }
            Target::Dir(dir) => {
                let prefix = format!("{dir}/");
                let range = self
                    .by_path
                    .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded));
                for (path, indices) in range.take_while(|(p, _)| p.starts_with(&prefix)) {
                    out.extend(indices.iter().map(|&i| (i, path.clone())));
                }
            }
            Target::Glob(matcher) => {
                for (path, indices) in &self.by_path {
                    if matcher.is_match(path) {
                        out.extend(indices.iter().map(|&i| (i, path.clone())));
                    }
                }
            }
        }
    }
}

/// What a plan names, as history is searched for it.
enum Target {
    File(String),
    Dir(String),
    Glob(globset::GlobMatcher),
}

/// Since when a plan counts as up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// Its newest dated entry in Progress, Decision Log or Surprises & Discoveries.
    Entry(LastEntry),
    /// No dated entry: the last commit that changed the plan file.
    Commit { hash: String, at: UtcMinute },
}

impl Since {
    /// The moment after which a commit is news to the plan. A date alone means the whole
    /// day: work that day may have come after the commits.
    pub fn cutoff(&self) -> UtcMinute {
        match self {
            Since::Entry(entry) if entry.text.trim().len() <= 10 => {
                UtcMinute::from_unix_minutes(entry.at.unix_minutes() + 24 * 60 - 1)
            }
            Since::Entry(entry) => entry.at,
            Since::Commit { at, .. } => *at,
        }
    }

    /// "the last Progress entry (2026-11-20 09:15Z)" or "the plan's last commit (a1b2c3d)".
    pub fn describe(&self) -> String {
        match self {
            Since::Entry(entry) => format!("the last entry ({})", entry.text.trim()),
            Since::Commit { hash, .. } => {
                format!("the plan's last commit ({})", short(hash))
            }
        }
    }
}

/// A commit the plan has not caught up with, and which of its named files it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleCommit {
    pub hash: String,
    pub at: UtcMinute,
    pub subject: String,
    pub files: Vec<String>,
}

/// How far the code a plan names moved on since the plan's last update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness {
    pub since: Since,
    /// Newest first.
    pub commits: Vec<StaleCommit>,
    /// Each changed file the plan names, with how many of the commits changed it, most
    /// changed first.
    pub files: Vec<(String, usize)>,
    /// Where the plan first names each changed file (or the folder holding it), found
    /// once here so that reporting the finding on a later snapshot scans nothing: a
    /// mention whose text moved is checked before use (see [`stale_diagnostic`]).
    pub mentions: Vec<(String, String, TextRange)>,
}

/// The plan at `plan_path` (relative to the root)'s staleness against `history`: the
/// commits after its last update that changed a file it names and not the plan itself (a
/// commit that also changes the plan is the plan being kept current). `None` when the
/// plan has no last update to measure from.
pub fn staleness(
    file: &SourceFile,
    summary: &PlanSummary,
    history: &RepoHistory,
    plan_path: &str,
) -> Option<Staleness> {
    let since = match &summary.last_entry {
        Some(entry) => Since::Entry(entry.clone()),
        None => {
            let commit = history.last_change(plan_path)?;
            Since::Commit {
                hash: commit.hash.clone(),
                at: commit.at,
            }
        }
    };
    let cutoff = since.cutoff();
    // Nothing committed since (the newest commit comes first): no need to read the paths.
    if history.commits.first().is_none_or(|c| c.at <= cutoff) {
        return Some(Staleness {
            since,
            commits: Vec::new(),
            files: Vec::new(),
            mentions: Vec::new(),
        });
    }
    let doc_dir = plan_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut hits: Vec<(u32, String)> = Vec::new();
    let mut seen_targets: Vec<String> = Vec::new();
    for reference in crate::path_refs(file) {
        for target in targets(&reference.path, doc_dir, history) {
            let key = match &target {
                Target::File(p) | Target::Dir(p) => p.clone(),
                Target::Glob(m) => m.glob().glob().to_string(),
            };
            if seen_targets.contains(&key) || key == plan_path {
                continue;
            }
            seen_targets.push(key);
            history.touching(&target, &mut hits);
        }
    }
    let mut by_commit: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (index, path) in hits {
        let commit = &history.commits[index as usize];
        if commit.at <= cutoff || commit.files.iter().any(|f| f == plan_path) {
            continue;
        }
        let files = by_commit.entry(index).or_default();
        if !files.contains(&path) {
            files.push(path);
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let commits: Vec<StaleCommit> = by_commit
        .into_iter()
        .map(|(index, mut files)| {
            files.sort();
            for f in &files {
                *counts.entry(f.clone()).or_default() += 1;
            }
            let commit = &history.commits[index as usize];
            StaleCommit {
                hash: commit.hash.clone(),
                at: commit.at,
                subject: commit.subject.clone(),
                files,
            }
        })
        .collect();
    let mut files: Vec<(String, usize)> = counts.into_iter().collect();
    files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let text = file.text();
    let mentions = files
        .iter()
        .filter_map(|(path, _)| {
            let range = find_mention(text, path)?;
            Some((path.clone(), text[range.clone()].to_string(), range))
        })
        .collect();
    Some(Staleness {
        since,
        commits,
        files,
        mentions,
    })
}

/// What `written` can name in the history: the path from the root and from the plan's
/// folder (a file, or a folder when the history holds files under it), or a glob.
fn targets(written: &str, doc_dir: &str, history: &RepoHistory) -> Vec<Target> {
    let written = written.trim_end_matches('/');
    if written.is_empty() {
        return Vec::new();
    }
    if is_glob(written) && !history.by_path.contains_key(written) {
        let matcher = globset::GlobBuilder::new(written)
            .literal_separator(true)
            .build()
            .ok()
            .map(|g| g.compile_matcher());
        return matcher.map(Target::Glob).into_iter().collect();
    }
    let mut out = Vec::new();
    for base in ["", doc_dir] {
        if !out.is_empty() {
            break;
        }
        let Some(joined) = crate::paths::join_relative(base, written) else {
            continue;
        };
        if history.by_path.contains_key(&joined) {
            out.push(Target::File(joined));
        } else {
            let prefix = format!("{joined}/");
            let has_children = history
                .by_path
                .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
                .next()
                .is_some_and(|(p, _)| p.starts_with(&prefix));
            if has_children && !joined.is_empty() {
                out.push(Target::Dir(joined));
            }
        }
    }
    out
}

/// The staleness of the plan `file` at `plan_path` (relative to the root), read under the
/// standard it follows; `None` when it has no last update to measure from.
pub fn plan_staleness(
    file: &SourceFile,
    config: &AnalysisConfig,
    history: &RepoHistory,
    plan_path: &str,
) -> Option<Staleness> {
    let config = crate::cited_standard::config_for(file, config);
    let summary = crate::living::summarize(file, &config);
    staleness(file, &summary, history, plan_path)
}

/// The `stale-plan` finding for the plan `file` at `plan_path`, as `check` reports it.
pub fn stale_plan(
    file: &SourceFile,
    config: &AnalysisConfig,
    history: &RepoHistory,
    plan_path: &str,
) -> Option<Diagnostic> {
    if history.is_empty() || matches!(config.rules.get(&Rule::StalePlan), Some(None)) {
        return None;
    }
    let config = crate::cited_standard::config_for(file, config);
    let summary = crate::living::summarize(file, &config);
    // A finished plan is never stale: its paths need not be read.
    if !summary.is_unfinished() {
        return None;
    }
    let found = staleness(file, &summary, history, plan_path)?;
    stale_diagnostic(file, &summary, &found, &config)
}

/// The `stale-plan` finding on a later snapshot of a plan whose staleness was found
/// earlier (the server finds it in the background when the plan is opened or saved or
/// HEAD moves, and reports it with every analysis). Reads no stamp and scans no prose:
/// cheap enough for every keystroke.
pub fn stale_finding(
    file: &SourceFile,
    config: &AnalysisConfig,
    staleness: &Staleness,
) -> Option<Diagnostic> {
    let config = crate::cited_standard::config_for(file, config);
    let names = crate::plan::normalized_names(&config.standard);
    let structure = crate::PlanStructure::with_names(file, &names);
    let summary = crate::living::summarize_with(file, &structure, &names, &config.template, false);
    stale_diagnostic(file, &summary, staleness, &config)
}

/// The hover of a stale plan's Progress heading: the commits, newest first.
pub fn stale_hover(staleness: &Staleness) -> String {
    let n = staleness.commits.len();
    let mut text = format!(
        "**Stale:** {n} commit{} since {} changed files this plan names:\n",
        if n == 1 { "" } else { "s" },
        staleness.since.describe()
    );
    for commit in staleness.commits.iter().take(20) {
        let files: Vec<String> = commit.files.iter().map(|f| format!("`{f}`")).collect();
        text.push_str(&format!(
            "\n- `{}` {} {} ({})",
            short(&commit.hash),
            commit.at.date(),
            commit.subject.replace(['*', '_', '`', '[', ']'], ""),
            files.join(", ")
        ));
    }
    if n > 20 {
        text.push_str(&format!("\n- … and {} more", n - 20));
    }
    text
}

/// How many commits make the plan stale: the staleness's commits when the plan is stale
/// (unfinished, at or over the threshold, the rule on), else 0.
pub fn stale_count(file: &SourceFile, config: &AnalysisConfig, staleness: &Staleness) -> u32 {
    match stale_finding(file, config, staleness) {
        Some(_) => staleness.commits.len() as u32,
        None => 0,
    }
}

/// The first seven characters of a commit hash.
pub fn short(hash: &str) -> &str {
    &hash[..hash.len().min(7)]
}

/// The `stale-plan` finding for an unfinished plan whose staleness reaches `threshold`
/// commits, on its Progress heading (the title when it has none), with each commit as a
/// note at the plan's first mention of a file it changed.
pub fn stale_diagnostic(
    file: &SourceFile,
    summary: &PlanSummary,
    staleness: &Staleness,
    config: &AnalysisConfig,
) -> Option<Diagnostic> {
    let threshold = config.stale_commits.unwrap_or(DEFAULT_STALE_COMMITS).max(1);
    if !summary.is_unfinished() || staleness.commits.len() < threshold {
        return None;
    }
    let severity = match config.rules.get(&Rule::StalePlan) {
        Some(None) => return None,
        Some(Some(severity)) => *severity,
        None => Rule::StalePlan.default_severity(),
    };
    let anchor: TextRange = match &summary.progress {
        Some(progress) => progress.heading.clone(),
        None => file.outline().title().map_or(0..0, |t| t.range.clone()),
    };
    let n = staleness.commits.len();
    let named: Vec<String> = staleness
        .files
        .iter()
        .take(5)
        .map(|(path, count)| format!("{path} ({count})"))
        .collect();
    let more = staleness.files.len().saturating_sub(5);
    let mut message = format!(
        "{n} commit{} since {} changed files this plan names: {}{}",
        if n == 1 { "" } else { "s" },
        staleness.since.describe(),
        named.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
    message.push_str("; bring Progress up to date");
    let text = file.text();
    let related = staleness
        .commits
        .iter()
        .take(20)
        .map(|commit| {
            // Each note sits where the plan names the first file the commit changed.
            let at = commit
                .files
                .iter()
                .find_map(|f| {
                    let (_, written, range) = staleness.mentions.iter().find(|m| m.0 == *f)?;
                    (text.get(range.clone()) == Some(written.as_str())).then(|| range.clone())
                })
                .unwrap_or_else(|| anchor.clone());
            crate::RelatedNote {
                range: at,
                message: format!(
                    "{} {} {} ({})",
                    short(&commit.hash),
                    commit.at.date(),
                    commit.subject,
                    commit.files.join(", ")
                ),
            }
        })
        .collect();
    let mut diagnostic = Diagnostic::new(Rule::StalePlan, anchor, message);
    diagnostic.severity = severity;
    diagnostic.related = related;
    Some(diagnostic)
}

/// Where the plan first names `path`: the path itself, else the folder it names that
/// holds it (`tests/`), else the path's last components (a plan may name it from its own
/// folder).
fn find_mention(text: &str, path: &str) -> Option<TextRange> {
    let find = |candidate: &str| text.find(candidate).map(|at| at..at + candidate.len());
    if let Some(found) = find(path) {
        return Some(found);
    }
    let folders = path.match_indices('/').map(|(i, _)| &path[..=i]).rev();
    for folder in folders {
        if let Some(found) = find(folder) {
            return Some(found);
        }
    }
    let mut candidate = path;
    while let Some((_, rest)) = candidate.split_once('/') {
        candidate = rest;
        if let Some(found) = find(candidate) {
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::living::summarize;

    fn at(day: u8, hour: u8) -> UtcMinute {
        UtcMinute::new(2026, 11, day, hour, 0).unwrap()
    }

    fn commit(hash: &str, when: UtcMinute, files: &[&str]) -> Commit {
        Commit {
            hash: hash.repeat(8),
            at: when,
            subject: format!("change {hash}"),
            files: files.iter().map(|f| f.to_string()).collect(),
        }
    }

    fn history() -> RepoHistory {
        // Newest first.
        RepoHistory::new(vec![
            commit("f", at(25, 9), &["docs/plans/quiet.md", "src/report.rs"]),
            commit("e", at(24, 9), &["src/report.rs", "README.md"]),
            commit("d", at(23, 9), &["tests/report.rs"]),
            commit("c", at(22, 9), &["src/report.rs"]),
            commit("b", at(21, 9), &["src/other.rs"]),
            commit("a", at(19, 9), &["src/report.rs", "docs/plans/quiet.md"]),
        ])
    }

    const PLAN: &str = "# ExecPlan: quiet\n\nChange `src/report.rs` and [its tests](../../tests/).\n\n\
                        ## Progress\n\n- [x] (2026-11-20 09:15Z) Read the code.\n- [ ] Add the flag.\n";

    #[test]
    fn commits_after_the_last_entry_that_changed_named_files() {
        let file = SourceFile::parse(PLAN);
        let config = AnalysisConfig::default();
        let summary = summarize(&file, &config);
        let found = staleness(&file, &summary, &history(), "docs/plans/quiet.md").unwrap();
        // `f` also changed the plan; `b` changed nothing it names; `a` came before.
        let hashes: Vec<&str> = found.commits.iter().map(|c| short(&c.hash)).collect();
        assert_eq!(hashes, ["eeeeeee", "ddddddd", "ccccccc"]);
        assert_eq!(
            found.files,
            [
                ("src/report.rs".to_string(), 2),
                ("tests/report.rs".to_string(), 1)
            ]
        );
        let diagnostic = stale_diagnostic(&file, &summary, &found, &config).unwrap();
        assert_eq!(&PLAN[diagnostic.range.clone()], "## Progress");
        assert_eq!(
            diagnostic.message,
            "3 commits since the last entry (2026-11-20 09:15Z) changed files this plan names: \
             src/report.rs (2), tests/report.rs (1); bring Progress up to date"
        );
        assert_eq!(diagnostic.related.len(), 3);
        let note = &diagnostic.related[1];
        assert_eq!(&PLAN[note.range.clone()], "tests/");
        assert!(
            note.message.starts_with("ddddddd 2026-11-23 change d"),
            "{}",
            note.message
        );
    }

    #[test]
    fn silent_below_the_threshold_and_on_finished_plans() {
        let history = history();
        let config = AnalysisConfig {
            stale_commits: Some(4),
            ..AnalysisConfig::default()
        };
        let file = SourceFile::parse(PLAN);
        let summary = summarize(&file, &config);
        let found = staleness(&file, &summary, &history, "docs/plans/quiet.md").unwrap();
        assert_eq!(stale_diagnostic(&file, &summary, &found, &config), None);
        let done = PLAN.replace("- [ ] Add", "- [x] (2026-11-20 10:00Z) Add");
        let file = SourceFile::parse(&done);
        let summary = summarize(&file, &AnalysisConfig::default());
        let found = staleness(&file, &summary, &history, "docs/plans/quiet.md").unwrap();
        assert_eq!(found.commits.len(), 3);
        assert_eq!(
            stale_diagnostic(&file, &summary, &found, &AnalysisConfig::default()),
            None
        );
    }

    #[test]
    fn without_an_entry_the_plans_last_commit_counts_and_a_date_means_its_whole_day() {
        let history = history();
        let undated =
            "# ExecPlan: quiet\n\n`src/report.rs`\n\n## Progress\n\n- [ ] Add the flag.\n";
        let file = SourceFile::parse(undated);
        let summary = summarize(&file, &AnalysisConfig::default());
        let found = staleness(&file, &summary, &history, "docs/plans/quiet.md").unwrap();
        // The plan's last commit is `f`: nothing after it.
        assert!(matches!(found.since, Since::Commit { .. }));
        assert!(found.commits.is_empty());
        let dated = "# ExecPlan: quiet\n\n`src/report.rs`, `src/*.rs`\n\n## Progress\n\n- [x] (2026-11-22) Read.\n- [ ] Add.\n";
        let file = SourceFile::parse(dated);
        let summary = summarize(&file, &AnalysisConfig::default());
        let found = staleness(&file, &summary, &history, "docs/plans/quiet.md").unwrap();
        // `c` (the 22nd, 09:00) falls within the dated day; the glob finds `e` as well.
        let hashes: Vec<&str> = found.commits.iter().map(|c| short(&c.hash)).collect();
        assert_eq!(hashes, ["eeeeeee"]);
        // No commit of the plan and no entry: nothing to measure from.
        assert_eq!(
            staleness(
                &file,
                &summarize(&SourceFile::parse("# x\n"), &AnalysisConfig::default()),
                &history,
                "other.md"
            ),
            None
        );
    }
}
