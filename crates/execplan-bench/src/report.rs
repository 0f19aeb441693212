//! The printed table and the JSON figures.

use serde_json::{json, Value};

use crate::{Check, Measurement, Memory, Options};

fn fmt_ms(v: Option<f64>) -> String {
    match v {
        Some(v) if v >= 100.0 => format!("{v:.0}"),
        Some(v) if v >= 10.0 => format!("{v:.1}"),
        Some(v) => format!("{v:.2}"),
        None => "-".to_string(),
    }
}

fn ratio(peer: Option<f64>, ours: Option<f64>) -> String {
    match (peer, ours) {
        (Some(p), Some(o)) if o > 0.0 => format!("{:.1}×", p / o),
        _ => "-".to_string(),
    }
}

/// A short label for a peer's column.
fn short(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_string()
}

/// `servers`: each column's name and whether its diagnostics are pulled. The first is
/// execplan-ls as editors run it (pull); a peer's ratio is taken against the execplan-ls
/// column with the same diagnostics model, so a pushing peer is compared with
/// execplan-ls pushing.
pub fn print_table(
    servers: &[(String, bool)],
    results: &[Measurement],
    memory: &[Memory],
    checks: &[Check],
    unavailable: &[(String, String)],
    options: &Options,
) {
    let ours = &servers[0].0;
    let ours_pushing = servers
        .iter()
        .find(|(name, pull)| !pull && name.starts_with(ours.as_str()))
        .map(|(name, _)| name.as_str());
    let peers = &servers[1..];
    let mut workloads: Vec<&str> = Vec::new();
    for m in results {
        if !workloads.contains(&m.workload.as_str()) {
            workloads.push(&m.workload);
        }
    }
    println!();
    println!(
        "Latency in ms (p50 / p95 / p99, n = samples; ratio = peer p95 ÷ {ours} p95 in the same diagnostics model (push or pull), higher is better for {ours}); up to {} samples or {} s per workload",
        options.samples, options.max_seconds
    );
    let mut header = format!("{:<36} {:>26}", "workload", ours);
    for (peer, _) in peers {
        header.push_str(&format!(" {:>26} {:>8}", short(peer), "ratio"));
    }
    println!("{header}");
    println!("{}", "-".repeat(header.chars().count()));
    let cell = |m: Option<&Measurement>| -> String {
        match m {
            Some(m) if !m.samples.is_empty() => format!(
                "{} / {} / {} n={}",
                fmt_ms(m.percentile(0.5)),
                fmt_ms(m.percentile(0.95)),
                fmt_ms(m.percentile(0.99)),
                m.samples.len()
            ),
            Some(m) => m
                .error
                .clone()
                .unwrap_or_else(|| "-".to_string())
                .chars()
                .take(26)
                .collect(),
            None => "-".to_string(),
        }
    };
    for workload in workloads {
        let find = |server: &str| {
            results
                .iter()
                .find(|m| m.server == server && m.workload == workload)
        };
        let mine = find(ours);
        let mut line = format!("{:<36} {:>26}", workload, cell(mine));
        for (peer, pull) in peers {
            let theirs = find(peer);
            let is_ours = peer.starts_with(ours.as_str());
            let base = match ours_pushing {
                Some(pushing) if !pull && !is_ours && workload.contains("diagnostics") => {
                    find(pushing)
                }
                _ => mine,
            };
            line.push_str(&format!(
                " {:>26} {:>8}",
                cell(theirs),
                if is_ours {
                    "-".to_string()
                } else {
                    ratio(
                        theirs.and_then(|m| m.percentile(0.95)),
                        base.and_then(|m| m.percentile(0.95)),
                    )
                }
            ));
        }
        println!("{line}");
    }
    println!();
    println!("Peak RSS (VmHWM), 2,000-line plans open");
    let mb = |r: &Result<u64, String>| match r {
        Ok(kb) => format!("{:.1} MB", *kb as f64 / 1024.0),
        Err(e) => e.clone(),
    };
    for m in memory {
        println!(
            "  {:<40} 1 open: {:>10}   50 open: {:>10}",
            m.server,
            mb(&m.one_kb),
            mb(&m.fifty_kb)
        );
    }
    println!();
    println!(
        "Batch check of 1,000 plans of ~200 lines (median of {} runs)",
        options.check_runs
    );
    let ours_wall = checks.first().and_then(|c| median(&c.wall_ms));
    for c in checks {
        match &c.error {
            Some(e) => println!("  {:<40} failed: {e}", c.tool),
            None => println!(
                "  {:<40} wall {:>8} ms   cpu {:>8} ms   wall ratio {}",
                c.tool,
                fmt_ms(median(&c.wall_ms)),
                fmt_ms(median(&c.cpu_ms)),
                ratio(median(&c.wall_ms), ours_wall)
            ),
        }
    }
    for (name, why) in unavailable {
        println!();
        println!("NOT MEASURED: {name}: {why}");
    }
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

pub fn to_json(
    results: &[Measurement],
    memory: &[Memory],
    checks: &[Check],
    unavailable: &[(String, String)],
    options: &Options,
) -> Value {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    json!({
        "cpus": cpus,
        "samples_requested": options.samples,
        "max_seconds_per_workload": options.max_seconds,
        "latency": results.iter().map(|m| json!({
            "server": m.server,
            "workload": m.workload,
            "n": m.samples.len(),
            "p50_ms": m.percentile(0.5),
            "p95_ms": m.percentile(0.95),
            "p99_ms": m.percentile(0.99),
            "error": m.error,
        })).collect::<Vec<_>>(),
        "peak_rss_kb": memory.iter().map(|m| json!({
            "server": m.server,
            "one_document": m.one_kb.as_ref().ok(),
            "fifty_documents": m.fifty_kb.as_ref().ok(),
            "error": m.one_kb.as_ref().err().or(m.fifty_kb.as_ref().err()),
        })).collect::<Vec<_>>(),
        "check_1000_plans": checks.iter().map(|c| json!({
            "tool": c.tool,
            "wall_ms": c.wall_ms,
            "cpu_ms": c.cpu_ms,
            "median_wall_ms": median(&c.wall_ms),
            "median_cpu_ms": median(&c.cpu_ms),
            "error": c.error,
        })).collect::<Vec<_>>(),
        "not_measured": unavailable.iter().map(|(n, w)| json!({"server": n, "reason": w})).collect::<Vec<_>>(),
    })
}

/// The staleness figures (`staleness.rs`), in milliseconds.
pub fn print_staleness(figures: &crate::staleness::Figures) {
    let median = |v: &[f64]| v.get(v.len() / 2).copied().unwrap_or(f64::NAN);
    let pct = |v: &[f64], q: f64| {
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len().max(1));
        v.get(rank - 1).copied().unwrap_or(f64::NAN)
    };
    println!(
        "\nstaleness ({} commits, {} plans; ms):",
        crate::staleness::COMMITS,
        crate::staleness::PLANS
    );
    println!(
        "  check, stale-plan on / off (median wall): {:.0} / {:.0}",
        median(&figures.check_on_ms),
        median(&figures.check_off_ms)
    );
    println!(
        "  server, open -> stale-plan finding: cold {:.1}; warm p50 {:.1}, p95 {:.1}",
        figures.lsp_cold_ms,
        pct(&figures.lsp_warm_ms, 0.5),
        pct(&figures.lsp_warm_ms, 0.95)
    );
}
