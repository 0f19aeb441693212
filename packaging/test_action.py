"""Runs the composite action's steps (action.yml) the way a GitHub runner does, on
temporary workspaces: each `run` with `bash --noprofile --norc -eo pipefail`, its `env`
expressions evaluated from the inputs, and `$GITHUB_PATH` additions put on PATH for the
steps after. Three installs are exercised: from PyPI (pip is pointed at the wheel built
here), an execplan-ls already on PATH, and cargo building the action's own source.

    python3 packaging/test_action.py --wheels target/wheels --binary target/release/execplan-ls

Needs PyYAML. Exits 0 when every scenario gives the expected annotations and statuses.
"""

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = [
    "Purpose / Big Picture", "Progress", "Surprises & Discoveries", "Decision Log",
    "Outcomes & Retrospective", "Context and Orientation", "Plan of Work", "Concrete Steps",
    "Validation and Acceptance", "Idempotence and Recovery", "Artifacts and Notes",
    "Interfaces and Dependencies",
]
failures = []


def check(ok, what, detail=""):
    print(("PASS: " if ok else "FAIL: ") + what + (f" ({detail})" if detail and not ok else ""))
    if not ok:
        failures.append(what)


def plan(without=(), progress="Text.\n"):
    text = "# ExecPlan: a sample\n\n"
    for section in SECTIONS:
        if section in without:
            continue
        body = "Run:\n\n    cargo test\n" if section == "Concrete Steps" else (
            progress if section == "Progress" else "Text.\n")
        text += f"## {section}\n\n{body}\n"
    return text


def workspace(files):
    root = pathlib.Path(tempfile.mkdtemp(prefix="execplan-action-"))
    (root / ".git").mkdir()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def run_action(action, inputs, cwd, base_path, extra_env=None):
    """Runs every step; returns (status of the first failing step or 0, combined output)."""
    temp = pathlib.Path(tempfile.mkdtemp(prefix="execplan-runner-"))
    github_path = temp / "github_path"
    github_path.write_text("")
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update(inputs)
    context = {"github.action_path": str(REPO), "runner.temp": str(temp)}
    context.update({f"inputs.{k}": v for k, v in values.items()})

    def evaluate(text):
        def one(match):
            key = match.group(1)
            if key not in context:
                raise SystemExit(f"test_action: no value for the expression `{key}`")
            return context[key]
        return EXPRESSION.sub(one, str(text))

    output = ""
    added_path = []
    for step in action["runs"]["steps"]:
        assert step.get("shell") == "bash", step
        assert "${{" not in step["run"], f"step {step['name']!r} interpolates into its script"
        env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
        env.update(extra_env or {})
        env.update({
            "PATH": os.pathsep.join(added_path + [base_path]),
            "GITHUB_PATH": str(github_path),
            "GITHUB_ACTION_PATH": str(REPO),
            "RUNNER_TEMP": str(temp),
            "GITHUB_ACTIONS": "true",
        })
        env.update({k: evaluate(v) for k, v in step.get("env", {}).items()})
        script = temp / "step.sh"
        script.write_text(step["run"])
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        output += f"--- {step['name']}\n{done.stdout}"
        # Lines appended to $GITHUB_PATH come first on PATH from the next step on.
        added_path = [l for l in reversed(github_path.read_text().splitlines()) if l] + []
        if done.returncode != 0:
            shutil.rmtree(temp, ignore_errors=True)
            return done.returncode, output
    shutil.rmtree(temp, ignore_errors=True)
    return 0, output


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheels", required=True, help="folder holding the built wheel")
    parser.add_argument("--binary", required=True, help="a built execplan-ls")
    args = parser.parse_args()
    action = yaml.safe_load((REPO / "action.yml").read_text())
    check(action["runs"]["using"] == "composite", "action.yml is a composite action")
    version = re.search(r'^version = "([^"]+)"', (REPO / "Cargo.toml").read_text(), re.M).group(1)

    # A PATH without any execplan-ls on it.
    base_path = os.pathsep.join(
        d for d in os.environ["PATH"].split(os.pathsep)
        if d and not (pathlib.Path(d) / "execplan-ls").exists()
    )
    broken = workspace({"plans/broken.md": plan(without=["Decision Log"]),
                        "plans/good.md": plan(), "README.md": "# Project\n"})

    # 1. From PyPI (here: pip finds the wheel built from this checkout, offline).
    status, out = run_action(action, {"version": version, "paths": "plans"}, broken, base_path, {
        "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(pathlib.Path(args.wheels).resolve())})
    check(status == 1, "version input: pip installs the wheel; a broken plan fails the step", out)
    check(f"execplan-ls {version} (commit " in out, "the installed execplan-ls runs", out)
    check("::error file=plans/broken.md,line=1,col=1,endLine=1,endColumn=21,title=missing-section::"
          "Missing required section `## Decision Log`" in out,
          "the missing section is annotated on its file and line", out)
    check("plans/good.md" not in out, "the good plan has no annotation", out)

    # 2. Already on PATH: used as it is; a clean plan passes, warnings fail with fail-on.
    on_path = pathlib.Path(tempfile.mkdtemp(prefix="execplan-bin-"))
    shutil.copy(args.binary, on_path / "execplan-ls")
    clean = workspace({"plan.md": plan()})
    status, out = run_action(action, {}, clean, f"{on_path}{os.pathsep}{base_path}")
    check(status == 0 and f"using {on_path}/execplan-ls" in out,
          "no version input, execplan-ls on PATH: it is used, and a clean plan passes", out)
    warned = workspace({"plan.md": plan(progress="- [x] Did it.\n")})
    status, out = run_action(action, {"fail-on": "warning"}, warned, f"{on_path}{os.pathsep}{base_path}")
    check(status == 1 and "::warning file=plan.md" in out and "title=progress-timestamp::" in out,
          "fail-on: warning fails the step on a warning, annotated as a warning", out)
    status, out = run_action(action, {}, warned, f"{on_path}{os.pathsep}{base_path}")
    check(status == 0 and "::warning file=plan.md" in out,
          "by default a warning is annotated but passes", out)

    # 3. Neither: cargo builds the action's source (this checkout; its target folder is
    # reused through CARGO_TARGET_DIR, so this takes seconds after `cargo build --release`).
    if shutil.which("cargo", path=base_path):
        status, out = run_action(action, {"paths": "plans/broken.md"}, broken, base_path,
                                 {"CARGO_TARGET_DIR": str(REPO / "target")})
        check(status == 1 and "title=missing-section::" in out and f"execplan-ls {version}" in out,
              "no version, nothing on PATH: cargo installs it from the action's source", out)
    else:
        check(False, "cargo is on PATH for the cargo install scenario")

    for folder in (broken, on_path, clean, warned):
        shutil.rmtree(folder, ignore_errors=True)
    print(f"action: {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
