//! Containment: no request makes the server read, list, return or reveal a file outside
//! the workspace root, whether reached through `..`, an absolute path, a symlink, a
//! `file:` link, or a configured standard that points out.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{file_uri, LspClient, BIN};
use serde_json::{json, Value};

const SECRET: &str = "TOP-SECRET-CONTENT";

/// `base/` holds a secret next to the workspace `base/repo/`, which has symlinks out.
fn layout() -> (tempfile::TempDir, std::path::PathBuf) {
    let base = tempfile::tempdir().unwrap();
    let root = base.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(
        base.path().join("secret.md"),
        format!("# {SECRET}\n\n## Required Sections\n\n1. Alpha\n2. Beta\n3. Gamma\n"),
    )
    .unwrap();
    std::fs::write(root.join("docs/inside.md"), "inside\n").unwrap();
    std::os::unix::fs::symlink(base.path(), root.join("out")).unwrap();
    std::os::unix::fs::symlink(base.path().join("secret.md"), root.join("docs/link.md")).unwrap();
    (base, root)
}

fn start(root: &Path) -> LspClient {
    let mut client = LspClient::spawn();
    client.initialize_with(json!({
        "rootUri": file_uri(root),
        "capabilities": { "general": { "positionEncodings": ["utf-8"] } }
    }));
    client
}

fn at(line: u32, character: usize) -> Value {
    json!({ "line": line, "character": character })
}

#[test]
fn definition_hover_links_and_completion_stay_inside() {
    let (base, root) = layout();
    let mut client = start(&root);
    let uri = file_uri(&root.join("docs/plan.md"));
    let secret_abs = base.path().join("secret.md").display().to_string();
    let lines = [
        "# ExecPlan".to_string(),
        "`../../secret.md` and `../secret.md`".to_string(),
        format!("`{secret_abs}`"),
        "`out/secret.md` and `docs/link.md`".to_string(),
        format!("[x](file://{secret_abs}) and `docs/inside.md`"),
        "`../".to_string(),
    ];
    let text = lines.join("\n") + "\n";
    client.open(&uri, &text);
    client.diagnostics_for(&uri, 1);

    let probes = [(1, 2), (1, 23), (2, 3), (3, 2), (3, 23), (4, 6)];
    for (line, character) in probes {
        let params = json!({ "textDocument": { "uri": uri }, "position": at(line, character) });
        let definition = client.request("textDocument/definition", params.clone());
        assert!(
            definition.is_null() || definition == json!([]),
            "definition at {line}:{character}: {definition}"
        );
        let hover = client.request("textDocument/hover", params);
        assert!(
            !hover.to_string().contains(SECRET),
            "hover at {line}:{character}: {hover}"
        );
    }

    // The one path inside resolves, so the probes above were real requests.
    let inside = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": at(4, text.lines().nth(4).unwrap().find("docs/inside").unwrap() + 2) }),
    );
    assert!(inside.to_string().contains("inside.md"), "{inside}");

    let links = client.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    );
    for link in links.as_array().cloned().unwrap_or_default() {
        let target = link["target"].as_str().unwrap_or("");
        assert!(
            target.starts_with(&file_uri(&root))
                && !target.contains("/out/")
                && !target.ends_with("link.md"),
            "{link}"
        );
    }

    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": at(5, 4) }),
    );
    assert!(!completion.to_string().contains("secret"), "{completion}");
    client.shutdown();
}

#[test]
fn a_standard_configured_outside_the_repository_is_not_read() {
    let (_base, root) = layout();
    std::fs::write(root.join(".execplan.toml"), "standard = \"../secret.md\"\n").unwrap();
    let output = Command::new(BIN)
        .args(["schema", "."])
        .current_dir(&root)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(!printed.contains("Alpha"), "{printed}");
    assert!(
        printed.contains("Purpose / Big Picture"),
        "the built-in standard stays in force: {printed}"
    );

    std::fs::write(
        root.join(".execplan.toml"),
        "standard = \"out/secret.md\"\n",
    )
    .unwrap();
    let output = Command::new(BIN)
        .args(["schema", "."])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains("Alpha"));
}

#[test]
fn a_symlink_loop_in_the_workspace_is_survived() {
    let (_base, root) = layout();
    std::os::unix::fs::symlink(&root, root.join("docs/loop")).unwrap();
    std::fs::write(
        root.join("docs/plan.md"),
        "# ExecPlan\n\n`docs/loop/docs/plan.md`\n",
    )
    .unwrap();
    let output = Command::new(BIN)
        .arg("check")
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    let mut client = start(&root);
    let uri = file_uri(&root.join("docs/plan.md"));
    client.open(&uri, "# ExecPlan\n\n`docs/loop/docs/plan.md`\n");
    client.diagnostics_for(&uri, 1);
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": at(2, 6) }),
    );
    assert!(
        !completion.to_string().contains("loop/"),
        "a symlink is not offered as a folder: {completion}"
    );
    client.shutdown();
}

#[test]
fn binary_and_invalid_utf8_files_are_previewed_safely() {
    let (_base, root) = layout();
    std::fs::write(root.join("docs/blob.bin"), b"\x00\x01\xff\xfe binary \x00").unwrap();
    let mut client = start(&root);
    let uri = file_uri(&root.join("docs/plan.md"));
    client.open(&uri, "# ExecPlan\n\n`docs/blob.bin`\n");
    client.diagnostics_for(&uri, 1);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": at(2, 3) }),
    );
    assert!(hover.to_string().contains("blob.bin"), "{hover}");
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": at(2, 6) }),
    );
    assert!(completion.to_string().contains("blob.bin"), "{completion}");
    client.shutdown();
}
