"""A short LSP session with an installed execplan-ls, as an editor without pull
diagnostics would have it: initialize, open a plan with a missing section, receive the
pushed diagnostic, ask for the outline, shut down and exit. Exits 0 only if each answer
is right and the server exits 0.

    python3 packaging/lsp_session.py [EXECUTABLE]    # default: execplan-ls on PATH
"""

import json
import os
import pathlib
import queue
import shutil
import subprocess
import sys
import tempfile
import threading

TIMEOUT = 20


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def reader(stream, inbox):
    while True:
        headers = {}
        while True:
            line = stream.readline()
            if not line:
                inbox.put(None)
                return
            line = line.decode().strip()
            if not line:
                break
            name, _, value = line.partition(":")
            headers[name.lower()] = value.strip()
        inbox.put(json.loads(stream.read(int(headers["content-length"]))))


def main():
    executable = sys.argv[1] if len(sys.argv) > 1 else shutil.which("execplan-ls")
    if not executable:
        sys.exit("lsp_session: execplan-ls is not on PATH")
    workspace = pathlib.Path(tempfile.mkdtemp(prefix="execplan-lsp-"))
    (workspace / ".git").mkdir()
    plan = workspace / "plan.md"
    sections = [
        "Purpose / Big Picture", "Progress", "Surprises & Discoveries",
        "Outcomes & Retrospective", "Context and Orientation", "Plan of Work",
        "Concrete Steps", "Validation and Acceptance", "Idempotence and Recovery",
        "Artifacts and Notes", "Interfaces and Dependencies",
    ]  # every built-in section but Decision Log
    text = "# ExecPlan: a session\n\n" + "".join(
        f"## {s}\n\n" + ("Run:\n\n    make test\n\n" if s == "Concrete Steps" else "Text.\n\n")
        for s in sections
    )
    plan.write_text(text)
    uri = plan.as_uri()

    server = subprocess.Popen(
        [executable], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        env={**os.environ, "EXECPLAN_LOG": "warn"},
    )
    inbox = queue.Queue()
    threading.Thread(target=reader, args=(server.stdout, inbox), daemon=True).start()

    def send(message):
        server.stdin.write(frame(message))
        server.stdin.flush()

    def wait(predicate, what):
        while True:
            try:
                message = inbox.get(timeout=TIMEOUT)
            except queue.Empty:
                sys.exit(f"lsp_session: no {what} within {TIMEOUT} s")
            if message is None:
                sys.exit(f"lsp_session: the server closed its output before {what}")
            if "error" in message:
                sys.exit(f"lsp_session: error answer: {message}")
            if predicate(message):
                return message

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": workspace.as_uri(), "capabilities": {},
        "workspaceFolders": [{"uri": workspace.as_uri(), "name": "w"}],
    }})
    init = wait(lambda m: m.get("id") == 1, "initialize answer")
    name = init["result"].get("serverInfo", {}).get("name")
    if name != "execplan-ls":
        sys.exit(f"lsp_session: serverInfo.name is {name!r}")
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    published = wait(
        lambda m: m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri,
        "diagnostics for the plan",
    )
    codes = [d.get("code") for d in published["params"]["diagnostics"]]
    missing = [d for d in published["params"]["diagnostics"] if d.get("code") == "missing-section"]
    if len(missing) != 1 or "Decision Log" not in missing[0]["message"]:
        sys.exit(f"lsp_session: expected one missing-section for Decision Log, got {codes}")
    send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol",
          "params": {"textDocument": {"uri": uri}}})
    symbols = wait(lambda m: m.get("id") == 2, "outline")["result"]
    names = [c["name"] for s in symbols for c in s.get("children", [])]
    if "Progress" not in names:
        sys.exit(f"lsp_session: the outline lacks Progress: {names}")
    send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    wait(lambda m: m.get("id") == 3, "shutdown answer")
    send({"jsonrpc": "2.0", "method": "exit"})
    try:
        status = server.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        server.kill()
        sys.exit("lsp_session: the server did not exit after `exit`")
    if status != 0:
        sys.exit(f"lsp_session: the server exited with {status}")
    shutil.rmtree(workspace)
    print(f"lsp_session: {executable}: initialize, diagnostics ({', '.join(map(str, codes))}), "
          f"outline of {len(names)} sections, shutdown and exit 0")


if __name__ == "__main__":
    main()
