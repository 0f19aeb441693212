//! Staleness figures: a generated git repository of 10,000 commits and 100 plans (written
//! with `git fast-import`, cached under target/bench-data), measured three ways:
//! `check` over it with `stale-plan` on and off (the difference is reading the history
//! and measuring every plan), and the server's time from opening a plan to its
//! `stale-plan` finding, cold (the first plan: git reads the history) and warm (the other
//! 99: the history is cached per HEAD).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;

use crate::client::file_uri;
use crate::peers::Server;

pub const COMMITS: usize = 10_000;
pub const PLANS: usize = 100;
/// Source files the commits change, one after another.
const SOURCES: usize = 500;
/// 2026-01-01T00:00:00Z; commits are ten minutes apart.
const START: i64 = 1_767_225_600;

pub struct Figures {
    pub check_on_ms: Vec<f64>,
    pub check_off_ms: Vec<f64>,
    pub lsp_cold_ms: f64,
    /// Sorted.
    pub lsp_warm_ms: Vec<f64>,
}

/// Writes the repository under `dir` unless it is already there.
pub fn repository(dir: &Path) -> Result<(), String> {
    if dir.join(".git").is_dir() && dir.join("docs/plans/plan-99.md").is_file() {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    git(dir, &["init", "-q", "-b", "main"])?;
    let mut stream = String::new();
    for j in 0..COMMITS {
        let time = START + j as i64 * 600;
        let message = format!("Change {j}");
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{}\ncommitter Bench <bench@example.com> {time} +0000\ndata {}\n{message}\n",
            j + 1,
            message.len() + 1
        ));
        if j > 0 {
            stream.push_str(&format!("from :{j}\n"));
        }
        if j == 0 {
            for i in 0..PLANS {
                inline(&mut stream, &format!("docs/plans/plan-{i}.md"), &plan(i));
            }
        }
        inline(
            &mut stream,
            &format!("src/m{}.rs", j % SOURCES),
            &format!("// change {j}\n"),
        );
    }
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("git fast-import: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(stream.as_bytes())
        .map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("git fast-import exited with {status}"));
    }
    git(dir, &["reset", "-q", "--hard", "main"])
}

fn inline(stream: &mut String, path: &str, content: &str) {
    stream.push_str(&format!(
        "M 100644 inline {path}\ndata {}\n{content}\n",
        content.len()
    ));
}

/// Plan `i`: its last entry is the time of commit `i * 50`, and it names three sources.
fn plan(i: usize) -> String {
    let at = START + (i * 50) as i64 * 600;
    let days = at.div_euclid(86_400);
    let (y, m, d) = civil(days);
    let minutes = at.rem_euclid(86_400) / 60;
    let stamp = format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}Z",
        minutes / 60,
        minutes % 60
    );
    let names: Vec<String> = (0..3)
        .map(|k| format!("`src/m{}.rs`", (i * 7 + k * 131) % SOURCES))
        .collect();
    format!(
        "# ExecPlan: plan {i}\n\nChanges {}.\n\n## Progress\n\n- [x] ({stamp}) Started.\n- [ ] Finish.\n",
        names.join(", ")
    )
}

/// Days since 1970-01-01 as a civil date.
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .map_err(|e| format!("git: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or(format!("git {args:?} exited with {status}"))
}

pub fn measure(
    binary: &Path,
    server: &Server,
    repo: &Path,
    runs: usize,
) -> Result<Figures, String> {
    repository(repo)?;
    let config = repo.join(".execplan.toml");
    let check = |off: bool| -> Result<Vec<f64>, String> {
        if off {
            std::fs::write(&config, "[rules]\nstale-plan = \"off\"\n")
                .map_err(|e| e.to_string())?;
        } else {
            let _ = std::fs::remove_file(&config);
        }
        let mut times = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let status = Command::new(binary)
                .arg("check")
                .arg(repo)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map_err(|e| e.to_string())?;
            if status.code().is_none_or(|c| c > 1) {
                return Err(format!("check exited with {status}"));
            }
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        Ok(times)
    };
    let check_off_ms = check(true)?;
    let check_on_ms = check(false)?;
    let (mut client, _) = server.start(repo)?;
    let mut open = |i: usize| -> Result<f64, String> {
        let path = repo.join(format!("docs/plans/plan-{i}.md"));
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let uri = file_uri(&path);
        let start = Instant::now();
        client.open(&uri, &text)?;
        client.wait_for(|m| {
            m.get("method").and_then(Value::as_str) == Some("textDocument/publishDiagnostics")
                && m["params"]["uri"].as_str() == Some(uri.as_str())
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["code"] == "stale-plan"))
        })?;
        Ok(start.elapsed().as_secs_f64() * 1000.0)
    };
    let lsp_cold_ms = open(0)?;
    let mut lsp_warm_ms = (1..PLANS)
        .map(&mut open)
        .collect::<Result<Vec<f64>, String>>()?;
    lsp_warm_ms.sort_by(f64::total_cmp);
    client.stop();
    Ok(Figures {
        check_on_ms,
        check_off_ms,
        lsp_cold_ms,
        lsp_warm_ms,
    })
}
