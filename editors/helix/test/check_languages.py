"""Checks editors/helix/languages.toml against Helix's documented languages.toml keys.

No Helix binary can be installed here, so this checks structure: it parses the file with
tomllib and compares every key with the tables in Helix's book (languages.md,
"Language configuration" and "Language Server configuration"), then checks what the
file is for: execplan-ls is defined, started with `lsp`, and added to markdown after
Helix's default markdown servers. Exit 1 on any problem.
"""

import pathlib
import sys
import tomllib

# Keys of a [[language]] table, from Helix's book/src/languages.md.
LANGUAGE_KEYS = {
    "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots",
    "auto-format", "diagnostic-severity", "comment-token", "comment-tokens",
    "block-comment-tokens", "indent", "language-servers", "grammar", "formatter",
    "soft-wrap", "text-width", "rulers", "workspace-lsp-roots",
    "persistent-diagnostic-sources", "auto-pairs", "debugger", "path-completion",
    "word-completion",
}
# Keys of a [language-server.<name>] table.
SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
# Keys of a table entry in `language-servers` and the feature names it may list.
SERVER_REF_KEYS = {"name", "only-features", "except-features"}
FEATURES = {
    "format", "goto-definition", "goto-declaration", "goto-type-definition",
    "goto-reference", "goto-implementation", "signature-help", "hover",
    "document-highlight", "completion", "code-action", "workspace-command",
    "document-symbols", "workspace-symbols", "diagnostics", "rename-symbol", "inlay-hints",
    "document-colors",
}
TOP_LEVEL_KEYS = {"language", "language-server", "grammar", "use-grammars"}
# Helix's own languages.toml gives markdown these servers.
HELIX_MARKDOWN_DEFAULTS = ["marksman", "markdown-oxide"]

problems: list[str] = []


def expect(ok: bool, problem: str) -> None:
    if not ok:
        problems.append(problem)


def check(doc: dict) -> None:
    for key in doc:
        expect(key in TOP_LEVEL_KEYS, f"unknown top-level key {key!r}")

    servers = doc.get("language-server", {})
    for name, server in servers.items():
        for key in server:
            expect(key in SERVER_KEYS, f"[language-server.{name}]: unknown key {key!r}")
        expect(isinstance(server.get("command"), str), f"[language-server.{name}]: command must be a string")
        expect(isinstance(server.get("args", []), list), f"[language-server.{name}]: args must be a list")
        expect(isinstance(server.get("environment", {}), dict), f"[language-server.{name}]: environment must be a table")
        expect(isinstance(server.get("timeout", 20), int), f"[language-server.{name}]: timeout must be an integer")

    languages = doc.get("language", [])
    expect(isinstance(languages, list), "`language` must be an array of tables ([[language]])")
    for language in languages:
        name = language.get("name", "?")
        expect("name" in language, "[[language]] without a name")
        for key in language:
            expect(key in LANGUAGE_KEYS, f"[[language]] {name}: unknown key {key!r}")
        for ref in language.get("language-servers", []):
            if isinstance(ref, dict):
                for key in ref:
                    expect(key in SERVER_REF_KEYS, f"[[language]] {name}: unknown key {key!r} in a server entry")
                for feature in ref.get("only-features", []) + ref.get("except-features", []):
                    expect(feature in FEATURES, f"[[language]] {name}: unknown feature {feature!r}")

    execplan = servers.get("execplan-ls")
    expect(execplan is not None, "no [language-server.execplan-ls]")
    if execplan:
        expect(execplan.get("command") == "execplan-ls", "execplan-ls must run the `execplan-ls` binary")
        expect(execplan.get("args") == ["lsp"], "execplan-ls must be started with `lsp`")
        expect(isinstance(execplan.get("config", {}).get("execplan", {}), dict),
               "config must hold the server's settings under `execplan`")

    markdown = [language for language in languages if language.get("name") == "markdown"]
    expect(len(markdown) == 1, "exactly one [[language]] markdown entry expected")
    if markdown:
        names = [ref if isinstance(ref, str) else ref.get("name") for ref in markdown[0].get("language-servers", [])]
        expect(names[: len(HELIX_MARKDOWN_DEFAULTS)] == HELIX_MARKDOWN_DEFAULTS,
               f"markdown must keep Helix's default servers {HELIX_MARKDOWN_DEFAULTS} first, got {names}")
        expect("execplan-ls" in names, "markdown's language-servers must include execplan-ls")
        for name in names:
            expect(name in servers or name in HELIX_MARKDOWN_DEFAULTS,
                   f"markdown lists {name!r}, which neither this file nor Helix defines")


def main() -> int:
    path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1] / "languages.toml")
    with path.open("rb") as file:
        doc = tomllib.load(file)
    check(doc)
    for problem in problems:
        print(f"FAIL: {problem}")
    if problems:
        print(f"helix: {path}: {len(problems)} problem(s)")
        return 1
    print(f"PASS: {path} parses and uses only Helix's documented keys; markdown runs "
          f"{', '.join(HELIX_MARKDOWN_DEFAULTS)} and execplan-ls")
    print("helix: 1 passed, 0 skipped, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
