// The VS Code client for execplan-ls: find the server, start it over stdio for markdown,
// pass the `execplan.*` settings through, and offer a few commands on top of the server's
// code actions.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

import { execFile } from "node:child_process";

import { PlansView, VIEW_ID } from "./plansView";

const BINARY = process.platform === "win32" ? "execplan-ls.exe" : "execplan-ls";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let plansView: PlansView | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("ExecPlan Language Server");
  plansView = new PlansView((line) => output?.appendLine(line), testLog);
  context.subscriptions.push(
    output,
    vscode.window.registerTreeDataProvider(VIEW_ID, plansView),
    vscode.commands.registerCommand("execplan.refreshPlans", () => plansView?.refresh()),
    vscode.commands.registerCommand("execplan.restartServer", () => restart(context)),
    vscode.commands.registerCommand("execplan.newPlan", () => newPlan(context)),
    vscode.commands.registerCommand("execplan.addProgressEntry", () =>
      applyCodeActionByTitle("Add progress entry (now)"),
    ),
    vscode.commands.registerCommand("execplan.markDone", () =>
      applyCodeActionByTitle("Mark done (now)"),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("execplan.server.path")) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

// Where the server binary is, in the documented order, or undefined.
function findServer(context: vscode.ExtensionContext): string | undefined {
  const fromEnv = process.env.EXECPLAN_LS_PATH;
  if (fromEnv) {
    return fromEnv;
  }
  const fromSetting = vscode.workspace.getConfiguration("execplan").get<string>("server.path");
  if (fromSetting) {
    return resolveSettingPath(fromSetting);
  }
  const bundled = context.asAbsolutePath(path.join("server", BINARY));
  if (isExecutable(bundled)) {
    return bundled;
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, BINARY);
    if (dir && isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

// Expands `${workspaceFolder}` and a leading `~`; relative paths are taken from the first
// workspace folder.
function resolveSettingPath(setting: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let expanded = setting.replace(/\$\{workspaceFolder\}/g, folder ?? "");
  if (expanded === "~" || expanded.startsWith("~/")) {
    expanded = path.join(os.homedir(), expanded.slice(1));
  }
  return folder && !path.isAbsolute(expanded) ? path.join(folder, expanded) : expanded;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// The server's configuration: what it reads from `initializationOptions` and
// `workspace/didChangeConfiguration`, both under the key `execplan`.
function serverSettings(): { execplan: Record<string, unknown> } {
  const config = vscode.workspace.getConfiguration("execplan");
  return {
    execplan: {
      rules: config.get("rules", {}),
      plans: config.get("plans", []),
      standard: config.get("standard", ""),
      author: config.get("author", ""),
      inlayHints: { relativeTime: config.get("inlayHints.relativeTime", false) },
    },
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const command = findServer(context);
  if (!command) {
    testLog({ event: "serverNotFound", path: process.env.PATH });
    void vscode.window.showErrorMessage(
      "ExecPlan: the execplan-ls server was not found. Install it so `execplan-ls` is on PATH " +
        "(`pip install execplan-ls`, or `cargo install --locked --path .` in an execplan-ls checkout), " +
        "install this extension's build for your platform (it bundles the server), " +
        "or set `execplan.server.path` (or the EXECPLAN_LS_PATH environment variable) to the binary.",
    );
    return;
  }
  output?.appendLine(`starting ${command}`);
  const serverOptions: ServerOptions = {
    command,
    // No `transport`: with TransportKind.stdio the client appends `--stdio`, which the
    // server's argument parser rejects. Plain executables talk over stdio anyway.
    args: ["lsp"],
    options: { env: { ...process.env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: serverSettings(),
    outputChannel: output,
    synchronize: { configurationSection: "execplan" },
    middleware: {
      // `workspace/didChangeConfiguration` carries the same shape as the initialization
      // options, not the whole `execplan` section (which also holds client-only keys).
      workspace: {
        didChangeConfiguration: async () => {
          await client?.sendNotification("workspace/didChangeConfiguration", {
            settings: serverSettings(),
          });
        },
      },
      // VS Code asks for lenses and inlay hints on its own, even while the server restarts;
      // a request then would try to start the stopping client and fail. Until the client
      // runs there is nothing to show (its providers are registered anew once it does).
      provideCodeLenses: (document, token, next) =>
        client?.isRunning() ? next(document, token) : [],
      provideInlayHints: (document, range, token, next) =>
        client?.isRunning() ? next(document, range, token) : [],
      // The server pushes to clients without pull support and is pulled by the others
      // (VS Code pulls): both paths are logged for the end-to-end test.
      handleDiagnostics: (uri, diagnostics, next) => {
        logDiagnostics(uri, diagnostics);
        next(uri, diagnostics);
      },
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        if (report && report.kind === "full") {
          logDiagnostics("uri" in document ? document.uri : document, report.items);
        }
        return report;
      },
    },
  };
  // The id "execplan" makes the client read `execplan.trace.server`.
  client = new LanguageClient("execplan", "ExecPlan Language Server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`ExecPlan: could not start ${command}: ${String(error)}`);
    client = undefined;
    return;
  }
  testLog({ event: "initialized", server: command, capabilities: client.initializeResult?.capabilities });
  plansView?.attach(client);
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  plansView?.detach();
  if (running) {
    await running.stop();
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

// Runs the server's code action with this title at the cursor: the commands need no
// server-side command of their own.
async function applyCodeActionByTitle(title: string): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage("ExecPlan: open a plan first.");
    return false;
  }
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      "vscode.executeCodeActionProvider",
      editor.document.uri,
      editor.selection,
      undefined,
      10,
    )) ?? [];
  const action = actions.find((a) => a.title === title);
  testLog({ event: "codeAction", title, offered: actions.map((a) => a.title), found: !!action });
  if (!action) {
    void vscode.window.showInformationMessage(`ExecPlan: execplan-ls offers no "${title}" here.`);
    return false;
  }
  if (typeof action.command === "string") {
    const command = action as vscode.Command;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    return true;
  }
  const codeAction = action as vscode.CodeAction;
  if (codeAction.edit && !(await vscode.workspace.applyEdit(codeAction.edit))) {
    void vscode.window.showErrorMessage(`ExecPlan: could not apply "${title}".`);
    return false;
  }
  if (codeAction.command) {
    await vscode.commands.executeCommand(codeAction.command.command, ...(codeAction.command.arguments ?? []));
  }
  return true;
}

// Writes a new plan with the server's own template (`execplan-ls new`, which follows the
// repository's standard and never overwrites a file) in the workspace folder, then opens
// it. One template, kept by the server, for every editor and the command line.
async function newPlan(context: vscode.ExtensionContext): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const server = findServer(context);
  if (!folder || !server) {
    void vscode.window.showErrorMessage(
      !folder ? "ExecPlan: open a folder to create a plan in." : "ExecPlan: the execplan-ls server was not found.",
    );
    return;
  }
  const title = await vscode.window.showInputBox({
    prompt: "Title of the new ExecPlan",
    placeHolder: "Add a --quiet flag to the report command",
  });
  if (!title) {
    return;
  }
  const created = await new Promise<string>((resolve, reject) => {
    execFile(server, ["new", title, "--dir", folder], (error, stdout, stderr) => {
      if (error) {
        reject(new Error(stderr.trim() || error.message));
      } else {
        resolve(stdout.trim());
      }
    });
  }).catch((error: Error) => {
    void vscode.window.showErrorMessage(`ExecPlan: ${error.message}`);
    return undefined;
  });
  if (created) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(created));
    await vscode.window.showTextDocument(document);
  }
}

function logDiagnostics(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
  testLog({
    event: "diagnostics",
    uri: uri.toString(),
    diagnostics: diagnostics.map((d) => ({
      code: typeof d.code === "object" ? d.code.value : d.code,
      source: d.source,
      message: d.message,
      severity: d.severity,
      line: d.range.start.line,
    })),
  });
}

// When EXECPLAN_VSCODE_TEST_LOG names a file, appends one JSON line per event there, so
// an end-to-end test can read what the client received.
function testLog(event: Record<string, unknown>): void {
  const file = process.env.EXECPLAN_VSCODE_TEST_LOG;
  if (file) {
    fs.appendFileSync(file, JSON.stringify(event) + "\n");
  }
}
