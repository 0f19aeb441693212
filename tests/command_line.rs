//! The command line around the server: `--version` with the commit, shell completions,
//! `schema --json-schema`, and the hint a person gets who starts the bare server on a
//! terminal (and an editor never gets).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use common::{BIN, TIMEOUT};

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn version_shows_the_version_and_the_commit() {
    let output = run(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let head = Command::new("git")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string());
    let commit = std::env::var("EXECPLAN_LS_COMMIT")
        .ok()
        .or(head)
        .unwrap_or_else(|| "unknown".into());
    assert_eq!(
        text,
        format!(
            "execplan-ls {} (commit {commit})\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn json_schema_is_the_committed_copy() {
    let output = run(&["schema", "--json-schema"]);
    assert_eq!(output.status.code(), Some(0));
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/execplan.schema.json"
    ))
    .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), committed);
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let rules = schema["properties"]["rules"]["properties"]
        .as_object()
        .unwrap();
    assert_eq!(rules.len(), execplan_ide::Rule::ALL.len());
}

#[test]
fn completions_for_every_shell_and_bash_registers_them() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = run(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        for word in [
            "execplan-ls",
            "check",
            "schema",
            "completions",
            "json-schema",
            "fail-on",
        ] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
    // Sourced into bash, the script registers a completion function for the command, and
    // that function completes `execplan-ls ch` to `check`.
    let probe = format!(
        "source <({BIN} completions bash) && \
         function=$(complete -p execplan-ls | sed -E 's/.* -F ([^ ]+) .*/\\1/') && \
         COMP_WORDS=(execplan-ls ch) COMP_CWORD=1 COMP_LINE='execplan-ls ch' COMP_POINT=14 && \
         \"$function\" execplan-ls ch execplan-ls && printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let bash = Command::new("bash").args(["-c", &probe]).output().unwrap();
    let out = String::from_utf8(bash.stdout).unwrap();
    assert!(
        bash.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&bash.stderr)
    );
    assert!(out.lines().any(|l| l == "check"), "{out}");
}

const HINT: &str = "speaking the Language Server Protocol on stdin";

/// A pseudo-terminal: the controller's fd and the path of its terminal side.
fn pseudo_terminal() -> (std::fs::File, std::fs::File) {
    use std::os::fd::FromRawFd;
    unsafe {
        let controller = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(controller >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(controller), 0);
        assert_eq!(libc::unlockpt(controller), 0);
        let name = libc::ptsname(controller);
        assert!(!name.is_null());
        let path = std::ffi::CStr::from_ptr(name).to_str().unwrap().to_string();
        let terminal = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .unwrap();
        (std::fs::File::from_raw_fd(controller), terminal)
    }
}

#[test]
fn bare_server_on_a_terminal_says_what_it_is_then_serves() {
    let (controller, terminal) = pseudo_terminal();
    let mut child = Command::new(BIN)
        .stdin(Stdio::from(terminal))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Should the line never come, a watchdog ends the server so the test fails instead of
    // hanging.
    let pid = child.id();
    std::thread::spawn(move || {
        std::thread::sleep(TIMEOUT);
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    });
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains(HINT), "{line:?}");
    assert!(
        line.contains("execplan-ls check") && line.contains("--help"),
        "{line}"
    );
    assert!(line.ends_with('\n') && line.trim_end().lines().count() == 1);
    // Then it serves: it is still running, waiting for LSP on the terminal.
    assert!(child.try_wait().unwrap().is_none());
    child.kill().unwrap();
    child.wait().unwrap();
    drop(controller);
}

#[test]
fn bare_server_on_a_pipe_prints_no_hint() {
    let mut child = Command::new(BIN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    // End of input without `shutdown`: exit 1, as before.
    assert_eq!(status.code(), Some(1));
    assert!(!stderr.contains(HINT), "{stderr}");
}
