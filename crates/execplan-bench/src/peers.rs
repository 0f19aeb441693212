//! The servers measured: ours, and the peers installed on demand into a cache folder.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::client::{Client, MarkdownIt};
use crate::Fixtures;

pub struct Server {
    pub name: String,
    pub command: Vec<String>,
    /// Diagnostics are pulled (`textDocument/diagnostic`) rather than pushed.
    pub pull: bool,
    /// Whether the bench client declares pull support (`textDocument.diagnostic`).
    pub declares_pull: bool,
    /// Measured for latency only (a second way of running a server already measured).
    pub latency_only: bool,
    /// Sent by `workspace/didChangeConfiguration` after `initialized`.
    pub settings: Value,
    /// node_modules holding markdown-it, when the server asks its client to parse.
    pub markdown_it: Option<std::path::PathBuf>,
    /// The batch checker's command, the repository path appended.
    pub check_command: Option<Vec<String>>,
}

impl Server {
    pub fn start(&self, workspace: &Path) -> Result<(Client, Value), String> {
        let parser = match &self.markdown_it {
            Some(modules) => Some(MarkdownIt::start(modules)?),
            None => None,
        };
        let mut client = Client::start(&self.command, parser)?;
        let capabilities =
            client.initialize(workspace, self.settings.clone(), self.declares_pull)?;
        Ok((client, capabilities))
    }
}

/// execplan-ls as built at `binary`.
pub fn ours(binary: &Path) -> Server {
    Server {
        name: "execplan-ls".to_string(),
        command: vec![binary.display().to_string()],
        // The bench client declares pull support, as VS Code and Neovim 0.11 do, and
        // execplan-ls then serves diagnostics by pull only (never both models).
        pull: true,
        declares_pull: true,
        latency_only: false,
        settings: Value::Null,
        markdown_it: None,
        check_command: None,
    }
}

/// execplan-ls for a client without pull support, which it pushes diagnostics to: the
/// same protocol shape as rumdl's server (a `didChange` in, a `publishDiagnostics` out),
/// so that comparison is like for like.
pub fn ours_pushing(binary: &Path) -> Server {
    Server {
        name: "execplan-ls (push)".to_string(),
        pull: false,
        declares_pull: false,
        latency_only: true,
        ..ours(binary)
    }
}

/// This benchmark as a server that answers at once (`echo.rs`): the stdio round trip's
/// floor.
pub fn stdio_floor() -> Server {
    let exe = std::env::current_exe().map_or_else(
        |_| "execplan-bench".to_string(),
        |p| p.display().to_string(),
    );
    Server {
        name: "stdio floor (no-op server)".to_string(),
        command: vec![exe, "--echo-server".into()],
        pull: false,
        declares_pull: false,
        latency_only: true,
        settings: Value::Null,
        markdown_it: None,
        check_command: None,
    }
}

/// rumdl from PyPI, in a virtualenv under `cache`.
pub fn rumdl(cache: &Path, fixtures: &Fixtures) -> Result<Server, (String, String)> {
    let name = "rumdl".to_string();
    let venv = cache.join("rumdl-venv");
    let binary = venv.join("bin/rumdl");
    if !binary.exists() {
        eprintln!("installing rumdl from PyPI into {} …", venv.display());
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))
            .and_then(|()| run(Command::new(venv.join("bin/pip")).args(["install", "-q", "rumdl"])))
            .map_err(|e| (name.clone(), format!("cannot install from PyPI: {e}")))?;
    }
    let version = Command::new(&binary)
        .arg("--version")
        .output()
        .map_err(|e| (name.clone(), format!("installed but does not run: {e}")))?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let config = fixtures.rumdl_config.display().to_string();
    let binary = binary.display().to_string();
    Ok(Server {
        name: version,
        // The server runs rumdl's default rule set, as an editor would.
        command: vec![binary.clone(), "server".into(), "--no-config".into()],
        pull: false,
        declares_pull: true,
        latency_only: false,
        settings: Value::Null,
        markdown_it: None,
        check_command: Some(vec![
            binary,
            "check".into(),
            "--no-cache".into(),
            "--config".into(),
            config,
        ]),
    })
}

/// vscode-markdown-languageserver 0.5.0 from npm (with markdown-it for the client side),
/// under `cache`.
pub fn vscode_markdown(cache: &Path) -> Result<Server, (String, String)> {
    let name = "vscode-markdown-languageserver 0.5.0".to_string();
    let prefix = cache.join("npm");
    let modules = prefix.join("node_modules");
    let main = modules.join("vscode-markdown-languageserver/dist/node/workerMain.js");
    if !main.exists() || !modules.join("markdown-it").exists() {
        eprintln!(
            "installing vscode-markdown-languageserver from npm into {} …",
            prefix.display()
        );
        std::fs::create_dir_all(&prefix).map_err(|e| (name.clone(), e.to_string()))?;
        run(Command::new("npm")
            .args(["install", "--silent", "--prefix"])
            .arg(&prefix)
            .args(["vscode-markdown-languageserver@0.5.0", "markdown-it"]))
        .map_err(|e| (name.clone(), format!("cannot install from npm: {e}")))?;
    }
    Ok(Server {
        name,
        command: vec!["node".into(), main.display().to_string(), "--stdio".into()],
        pull: true,
        declares_pull: true,
        latency_only: false,
        settings: json!({"markdown": {
            "validate": {
                "enabled": true,
                "referenceLinks": {"enabled": "warning"},
                "fragmentLinks": {"enabled": "warning"},
                "fileLinks": {"enabled": "warning", "markdownFragmentLinks": "warning"},
                "ignoredLinks": [],
                "unusedLinkDefinitions": {"enabled": "hint"},
                "duplicateLinkDefinitions": {"enabled": "warning"}
            },
            "suggest": {"paths": {"enabled": true, "includeWorkspaceHeaderCompletions": "never"}},
            "preferredMdPathExtensionStyle": "auto",
            "occurrencesHighlight": {"enabled": false},
            "server": {"log": "off"}
        }}),
        markdown_it: Some(modules),
        check_command: None,
    })
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr.lines().last().unwrap_or("failed").to_string())
    }
}
