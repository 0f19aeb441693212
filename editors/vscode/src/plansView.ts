// The Explorer's "ExecPlans" view: the workspace's plans as the server lists them
// (`execplan/plans`), with their progress, status and staleness, refreshed when the
// server says they changed (`execplan/plansChanged`). Clicking a plan opens it at its
// Progress heading.
import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient } from "vscode-languageclient/node";

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

// One row of `execplan/plans` (see the server's `server/plans.rs`).
export interface PlanRow {
  uri: string;
  title: string | null;
  status: string | null;
  statusKind: string | null;
  unfinished: boolean;
  done: number;
  total: number;
  lastEntry: string | null;
  lastEntryAge: string | null;
  staleCommits: number | null;
  progressLine: string | null;
  progressRange: LspRange | null;
}

export const VIEW_ID = "execplan.plans";

export class PlansView implements vscode.TreeDataProvider<PlanRow> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private client: LanguageClient | undefined;

  constructor(
    private readonly log: (line: string) => void,
    private readonly testLog: (event: Record<string, unknown>) => void,
  ) {}

  // The server to ask; called after each (re)start.
  attach(client: LanguageClient): void {
    this.client = client;
    client.onNotification("execplan/plansChanged", () => this.refresh());
    this.refresh();
  }

  detach(): void {
    this.client = undefined;
    this.refresh();
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: PlanRow): Promise<PlanRow[]> {
    const client = this.client;
    if (element || !client || !client.isRunning()) {
      return [];
    }
    try {
      const result = await client.sendRequest<{ plans: PlanRow[] }>("execplan/plans", {});
      this.testLog({
        event: "plansView",
        plans: result.plans.map((p) => ({
          uri: p.uri,
          title: p.title,
          done: p.done,
          total: p.total,
          status: p.status,
          description: describe(p),
          progressLine: p.progressLine,
        })),
      });
      return result.plans;
    } catch (error) {
      // A restart cancels the request; the view asks again once the server is back.
      this.log(`execplan/plans was not answered: ${String(error)}`);
      return [];
    }
  }

  getTreeItem(plan: PlanRow): vscode.TreeItem {
    const uri = vscode.Uri.parse(plan.uri);
    // "ExecPlan: " says nothing in a list of plans; the tooltip keeps the whole title.
    const title = plan.title ?? path.basename(uri.fsPath);
    const label = title.replace(/^ExecPlan\s*[:—–-]\s*/i, "") || title;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = plan.uri;
    item.description = describe(plan);
    item.iconPath = icon(plan);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(title)}**\n\n`);
    tooltip.appendText(`${vscode.workspace.asRelativePath(uri)}\n`);
    if (plan.progressLine) {
      tooltip.appendText(`\n${plan.progressLine}\n`);
    }
    if (plan.status) {
      tooltip.appendText(`\nStatus: ${plan.status}\n`);
    }
    if (plan.lastEntry) {
      tooltip.appendText(`\nLast entry: ${plan.lastEntry} (${plan.lastEntryAge ?? ""})\n`);
    }
    item.tooltip = tooltip;
    item.accessibilityInformation = {
      label: [label, plan.progressLine ?? "no Progress section", plan.status ?? ""].filter(Boolean).join(", "),
    };
    const range = plan.progressRange;
    const selection = range
      ? new vscode.Range(range.start.line, range.start.character, range.start.line, range.start.character)
      : undefined;
    item.command = {
      command: "vscode.open",
      title: "Open at Progress",
      arguments: [uri, { selection, preview: false }],
    };
    item.contextValue = plan.unfinished ? "execplan.plan.unfinished" : "execplan.plan.finished";
    return item;
  }
}

// `7/12 ▰▰▰▰▰▰▱▱▱▱ · in_progress · stale: 2 commits`.
export function describe(plan: PlanRow): string {
  const parts: string[] = [];
  if (plan.progressLine !== null) {
    parts.push(plan.total > 0 ? `${plan.done}/${plan.total} ${bar(plan.done, plan.total)}` : "no items");
  } else {
    parts.push("no Progress");
  }
  if (plan.status) {
    parts.push(plan.status);
  }
  if (plan.lastEntryAge) {
    parts.push(plan.lastEntryAge);
  }
  if (plan.staleCommits !== null && plan.staleCommits > 0) {
    parts.push(`stale: ${plan.staleCommits} commit${plan.staleCommits === 1 ? "" : "s"}`);
  }
  return parts.join(" · ");
}

function bar(done: number, total: number): string {
  const cells = 8;
  const filled = Math.round((done / total) * cells);
  return "▰".repeat(filled) + "▱".repeat(cells - filled);
}

function icon(plan: PlanRow): vscode.ThemeIcon {
  if (!plan.unfinished) {
    return new vscode.ThemeIcon("pass-filled", new vscode.ThemeColor("charts.green"));
  }
  if (plan.statusKind === "blocked") {
    return new vscode.ThemeIcon("debug-pause", new vscode.ThemeColor("charts.red"));
  }
  if (plan.staleCommits !== null && plan.staleCommits > 0) {
    return new vscode.ThemeIcon("warning", new vscode.ThemeColor("charts.yellow"));
  }
  return plan.done > 0
    ? new vscode.ThemeIcon("play-circle", new vscode.ThemeColor("charts.blue"))
    : new vscode.ThemeIcon("circle-large-outline");
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, "\\$&");
}
