//! `cargo run --release -p execplan-bench [-- OPTIONS]`: measures the release
//! `execplan-ls` over stdio, as an editor drives it, beside rumdl and
//! vscode-markdown-languageserver, and prints a table plus JSON.
//!
//! Options: `--samples N` (default 200), `--max-seconds S` per workload (default 20; a
//! workload stops early when it runs out and reports how many samples it took),
//! `--check-runs N` (default 3), `--quick` (20 samples, 1 check run), `--no-peers`,
//! `--json PATH` (default `target/bench-results.json`). For profiling one workload:
//! `--size N` (only plans of N lines: 200, 2000 or 20000) and `--latency-only` (no memory
//! or batch check figures). `--profile NAME` measures the server built with that Cargo
//! profile (`--profile profiling` keeps symbols and line tables for `perf`).

mod client;
mod echo;
mod generate;
mod peers;
mod report;
mod staleness;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use client::{file_uri, peak_rss_kb};
use peers::Server;

pub struct Options {
    samples: usize,
    max_seconds: f64,
    check_runs: usize,
    peers: bool,
    json: PathBuf,
    /// Plan sizes to measure latencies on (all of [`SIZES`] by default).
    sizes: Vec<usize>,
    latency_only: bool,
    /// The Cargo profile the server is built with (`release` by default).
    profile: String,
}

/// One measured figure set: a workload on one server.
#[derive(Clone)]
pub struct Measurement {
    pub server: String,
    pub workload: String,
    /// Milliseconds, sorted.
    pub samples: Vec<f64>,
    pub error: Option<String>,
}

impl Measurement {
    pub fn percentile(&self, q: f64) -> Option<f64> {
        if self.samples.is_empty() {
            return None;
        }
        let rank = ((q * self.samples.len() as f64).ceil() as usize).clamp(1, self.samples.len());
        Some(self.samples[rank - 1])
    }
}

pub const SIZES: [usize; 3] = [200, 2_000, 20_000];

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--echo-server") {
        echo::run();
        return;
    }
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("execplan-bench: {message}");
            std::process::exit(2);
        }
    };
    let root = workspace_root();
    let data = root.join("target/bench-data");
    eprintln!(
        "building execplan-ls with the {} profile …",
        options.profile
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let built = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "--profile",
            &options.profile,
            "--bin",
            "execplan-ls",
        ])
        .status();
    // Cargo puts the `dev` profile's output in `debug`, every other profile's under its name.
    let folder = if options.profile == "dev" {
        "debug"
    } else {
        &options.profile
    };
    let binary = root.join("target").join(folder).join("execplan-ls");
    if !built.is_ok_and(|s| s.success()) {
        eprintln!(
            "execplan-bench: cargo build --profile {} failed",
            options.profile
        );
        std::process::exit(1);
    }
    eprintln!("generating plans under {} …", data.display());
    let fixtures = match Fixtures::write(&data) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("execplan-bench: cannot write fixtures: {e}");
            std::process::exit(1);
        }
    };
    let mut servers = vec![
        peers::ours(&binary),
        peers::ours_pushing(&binary),
        peers::stdio_floor(),
    ];
    let mut unavailable = Vec::new();
    if options.peers {
        let cache = root.join("target/bench-peers");
        for peer in [
            peers::rumdl(&cache, &fixtures),
            peers::vscode_markdown(&cache),
        ] {
            match peer {
                Ok(server) => servers.push(server),
                Err((name, why)) => unavailable.push((name, why)),
            }
        }
    }

    let mut results = Vec::new();
    let mut memory = Vec::new();
    for server in &servers {
        eprintln!("measuring {} …", server.name);
        results.extend(measure_editing(server, &fixtures, &options));
        if !options.latency_only && !server.latency_only {
            memory.push(measure_memory(server, &fixtures));
        }
    }
    let mut checks = Vec::new();
    if !options.latency_only {
        checks.push(measure_check(
            "execplan-ls",
            &[binary.display().to_string(), "check".into()],
            &fixtures.check_repo,
            options.check_runs,
        ));
        for server in &servers {
            if let Some(command) = &server.check_command {
                checks.push(measure_check(
                    &server.name,
                    command,
                    &fixtures.check_repo,
                    options.check_runs,
                ));
            }
        }
    }

    let stale = (!options.latency_only).then(|| {
        eprintln!(
            "measuring staleness ({} commits, {} plans) …",
            staleness::COMMITS,
            staleness::PLANS
        );
        staleness::measure(
            &root.join("target/release/execplan-ls"),
            &peers::ours_pushing(&root),
            &data.join("stale-repo"),
            options.check_runs,
        )
    });

    let columns: Vec<(String, bool)> = servers.iter().map(|s| (s.name.clone(), s.pull)).collect();
    report::print_table(&columns, &results, &memory, &checks, &unavailable, &options);
    match &stale {
        Some(Ok(figures)) => report::print_staleness(figures),
        Some(Err(error)) => println!("\nstaleness: not measured ({error})"),
        None => {}
    }
    let json = report::to_json(&results, &memory, &checks, &unavailable, &options);
    if let Some(parent) = options.json.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::write(
        &options.json,
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    ) {
        Ok(()) => eprintln!("figures written to {}", options.json.display()),
        Err(e) => eprintln!(
            "execplan-bench: cannot write {}: {e}",
            options.json.display()
        ),
    }
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        samples: 200,
        max_seconds: 20.0,
        check_runs: 3,
        peers: true,
        json: workspace_root().join("target/bench-results.json"),
        sizes: SIZES.to_vec(),
        latency_only: false,
        profile: "release".to_string(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--samples" => {
                options.samples = value("--samples")?
                    .parse()
                    .map_err(|e| format!("--samples: {e}"))?
            }
            "--max-seconds" => {
                options.max_seconds = value("--max-seconds")?
                    .parse()
                    .map_err(|e| format!("--max-seconds: {e}"))?
            }
            "--check-runs" => {
                options.check_runs = value("--check-runs")?
                    .parse()
                    .map_err(|e| format!("--check-runs: {e}"))?
            }
            "--json" => options.json = PathBuf::from(value("--json")?),
            "--quick" => {
                options.samples = 20;
                options.check_runs = 1;
                options.max_seconds = 5.0;
            }
            "--no-peers" => options.peers = false,
            "--size" => {
                let size: usize = value("--size")?
                    .parse()
                    .map_err(|e| format!("--size: {e}"))?;
                if !SIZES.contains(&size) {
                    return Err(format!("--size: one of {SIZES:?}"));
                }
                options.sizes = vec![size];
            }
            "--latency-only" => options.latency_only = true,
            "--profile" => options.profile = value("--profile")?,
            "-h" | "--help" => {
                println!("usage: execplan-bench [--samples N] [--max-seconds S] [--check-runs N] [--quick] [--no-peers] [--json PATH] [--size N] [--latency-only] [--profile NAME]");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    options.samples = options.samples.max(1);
    options.check_runs = options.check_runs.max(1);
    Ok(options)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// The generated inputs, on disk.
pub struct Fixtures {
    /// The editor's workspace: the files the plans name, and the plans themselves.
    pub workspace: PathBuf,
    /// 1,000 plans of about 200 lines.
    pub check_repo: PathBuf,
    pub plans: Vec<(usize, generate::Plan)>,
    /// The path of the rumdl configuration with only MD043 on.
    pub rumdl_config: PathBuf,
}

impl Fixtures {
    fn write(data: &Path) -> std::io::Result<Fixtures> {
        let workspace = data.join("workspace");
        let check_repo = data.join("repo");
        for dir in [&workspace, &check_repo] {
            // A repository root, so the plans' paths resolve against it.
            std::fs::create_dir_all(dir.join(".git"))?;
            for path in generate::source_paths() {
                let file = dir.join(path);
                std::fs::create_dir_all(file.parent().unwrap_or(dir))?;
                std::fs::write(&file, "// generated by execplan-bench\n")?;
            }
        }
        let mut plans = Vec::new();
        for size in SIZES {
            let plan = generate::plan(size, size as u64);
            std::fs::write(workspace.join(format!("plan-{size}.md")), &plan.text)?;
            plans.push((size, plan));
        }
        let plans_dir = check_repo.join("plans");
        std::fs::create_dir_all(&plans_dir)?;
        for i in 0..1_000 {
            let path = plans_dir.join(format!("plan-{i:04}.md"));
            let plan = generate::plan(200, 1_000 + i);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(plan.text.as_str()) {
                std::fs::write(&path, &plan.text)?;
            }
        }
        let rumdl_config = data.join("rumdl-md043.toml");
        let headings: Vec<String> = std::iter::once("# *".to_string())
            // rumdl's MD043 gets the built-in standard's twelve headings, from the standard itself.
            .chain(
                execplan_ide::Standard::default()
                    .sections
                    .iter()
                    .map(|s| format!("## {}", s.name)),
            )
            .collect();
        std::fs::write(
            &rumdl_config,
            format!(
                "[global]\nenable = [\"MD043\"]\n\n[MD043]\nheadings = {}\n",
                serde_json::to_string(&headings).unwrap_or_default()
            ),
        )?;
        Ok(Fixtures {
            workspace,
            check_repo,
            plans,
            rumdl_config,
        })
    }

    fn plan(&self, size: usize) -> &generate::Plan {
        &self
            .plans
            .iter()
            .find(|(s, _)| *s == size)
            .expect("every size is generated")
            .1
    }
}

/// Samples `one` until `samples` are taken or the time budget runs out.
fn sample(
    server: &str,
    workload: String,
    options: &Options,
    mut one: impl FnMut(usize) -> Result<f64, String>,
) -> Measurement {
    let budget = Duration::from_secs_f64(options.max_seconds);
    let start = Instant::now();
    let mut samples = Vec::with_capacity(options.samples);
    let mut error = None;
    for i in 0..options.samples {
        match one(i) {
            Ok(ms) => samples.push(ms),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
        if start.elapsed() > budget {
            break;
        }
    }
    samples.sort_by(f64::total_cmp);
    Measurement {
        server: server.to_string(),
        workload,
        samples,
        error,
    }
}

fn failed(server: &str, workload: String, error: String) -> Measurement {
    Measurement {
        server: server.to_string(),
        workload,
        samples: Vec::new(),
        error: Some(error),
    }
}

fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// Open, keystroke and (on 2,000 lines) request latencies, one server process per size.
fn measure_editing(server: &Server, fixtures: &Fixtures, options: &Options) -> Vec<Measurement> {
    let mut out = Vec::new();
    for &size in &options.sizes {
        let plan = fixtures.plan(size);
        let (mut client, capabilities) = match server.start(&fixtures.workspace) {
            Ok(started) => started,
            Err(e) => {
                out.push(failed(&server.name, format!("start ({size} lines)"), e));
                continue;
            }
        };
        let pull = server.pull;
        let ws = file_uri(&fixtures.workspace);
        out.push(sample(
            &server.name,
            format!("open → diagnostics, {size} lines"),
            options,
            |i| {
                let uri = format!("{ws}/open-{size}-{i}.md");
                let start = Instant::now();
                client.open(&uri, &plan.text)?;
                client.diagnostics(&uri, 1, pull)?;
                let ms = ms_since(start);
                client.close(&uri)?;
                Ok(ms)
            },
        ));
        let uri = format!("{ws}/plan-{size}.md");
        let opened = client
            .open(&uri, &plan.text)
            .and_then(|()| client.diagnostics(&uri, 1, pull).map(drop));
        if let Err(e) = opened {
            out.push(failed(
                &server.name,
                format!("keystroke → diagnostics, {size} lines"),
                e,
            ));
            continue;
        }
        out.push(sample(
            &server.name,
            format!("keystroke → diagnostics, {size} lines"),
            options,
            |i| {
                let version = 2 + i as i32;
                let position = (plan.typing.0, plan.typing.1 + i as u32);
                client.apply_insert(&uri, position, "x");
                let start = Instant::now();
                client.send_insert(&uri, version, position, "x")?;
                client.diagnostics(&uri, version, pull)?;
                Ok(ms_since(start))
            },
        ));
        if size == 2_000 {
            let position =
                |(line, character): (u32, u32)| json!({"line": line, "character": character});
            let text_document = json!({"uri": uri});
            let requests: [(&str, &str, Value, bool); 3] = [
                (
                    "completion",
                    "textDocument/completion",
                    json!({"textDocument": text_document, "position": position(plan.completion)}),
                    offered(&capabilities, "completionProvider"),
                ),
                (
                    "code action",
                    "textDocument/codeAction",
                    json!({"textDocument": text_document, "range": {"start": position((plan.open_item, 2)), "end": position((plan.open_item, 2))}, "context": {"diagnostics": []}}),
                    offered(&capabilities, "codeActionProvider"),
                ),
                (
                    "definition",
                    "textDocument/definition",
                    json!({"textDocument": text_document, "position": position(plan.definition)}),
                    offered(&capabilities, "definitionProvider"),
                ),
            ];
            for (name, method, params, supported) in requests {
                let workload = format!("{name}, {size} lines");
                if !supported {
                    out.push(failed(
                        &server.name,
                        workload,
                        "not offered by the server".to_string(),
                    ));
                    continue;
                }
                out.push(sample(&server.name, workload, options, |_| {
                    let start = Instant::now();
                    client.request(method, params.clone())?;
                    Ok(ms_since(start))
                }));
            }
        }
        client.stop();
    }
    out
}

fn offered(capabilities: &Value, provider: &str) -> bool {
    capabilities
        .get(provider)
        .is_some_and(|p| !p.is_null() && p != &Value::Bool(false))
}

/// Peak RSS after opening one 2,000-line plan, then after fifty.
pub struct Memory {
    pub server: String,
    pub one_kb: Result<u64, String>,
    pub fifty_kb: Result<u64, String>,
}

fn measure_memory(server: &Server, fixtures: &Fixtures) -> Memory {
    let plan = fixtures.plan(2_000);
    let ws = file_uri(&fixtures.workspace);
    let run = |count: usize| -> Result<u64, String> {
        let (mut client, _) = server.start(&fixtures.workspace)?;
        for i in 0..count {
            let uri = format!("{ws}/memory-{i}.md");
            client.open(&uri, &plan.text)?;
            client.diagnostics(&uri, 1, server.pull)?;
            // A few keystrokes, as an editor session has.
            for v in 2..6 {
                client.insert(&uri, v, (plan.typing.0, plan.typing.1 + v as u32 - 2), "x")?;
                client.diagnostics(&uri, v, server.pull)?;
            }
        }
        let rss = peak_rss_kb(client.pid()).ok_or("no /proc status");
        client.stop();
        rss.map_err(str::to_string)
    };
    Memory {
        server: server.name.clone(),
        one_kb: run(1),
        fifty_kb: run(50),
    }
}

/// Wall and CPU time of a batch check of the 1,000-plan repository.
pub struct Check {
    pub tool: String,
    pub wall_ms: Vec<f64>,
    pub cpu_ms: Vec<f64>,
    pub error: Option<String>,
}

fn measure_check(tool: &str, command: &[String], repo: &Path, runs: usize) -> Check {
    let mut check = Check {
        tool: tool.to_string(),
        wall_ms: Vec::new(),
        cpu_ms: Vec::new(),
        error: None,
    };
    for _ in 0..runs {
        let cpu_before = children_cpu_ms();
        let start = Instant::now();
        let status = Command::new(&command[0])
            .args(&command[1..])
            .arg(repo)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        let wall = ms_since(start);
        match status {
            // Both tools exit 1 when they find something; only a crash or usage error counts.
            Ok(s) if s.code().is_some_and(|c| c <= 1) => {
                check.wall_ms.push(wall);
                check.cpu_ms.push(children_cpu_ms() - cpu_before);
            }
            Ok(s) => {
                check.error = Some(format!("exited with {s}"));
                break;
            }
            Err(e) => {
                check.error = Some(e.to_string());
                break;
            }
        }
    }
    check
}

/// User plus system CPU time of every waited-for child so far.
fn children_cpu_ms() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}
