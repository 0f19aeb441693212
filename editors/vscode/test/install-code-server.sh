#!/usr/bin/env bash
# Installs code-server 4.100.3 from npm into $1 (default target/editors/code-server), with
# the three workarounds ../shared/recipes/editors.md records for these machines.
set -euo pipefail
dest=${1:-"$(cd "$(dirname "$0")/../../.." && pwd)/target/editors/code-server"}
if [ -x "$dest/node_modules/.bin/code-server" ]; then
  echo "code-server already installed in $dest"
  exit 0
fi
rg_bin=$(command -v rg) || { echo "install-code-server: needs Debian's ripgrep (rg)"; exit 1; }
tmp=${TMPDIR:-/tmp}
# @vscode/ripgrep would download ripgrep; hand it Debian's binary under the name it wants.
cache="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache"
staging=$(mktemp -d)
cp "$rg_bin" "$staging/rg"
tar -C "$staging" -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
rm -rf "$staging"
mkdir -p "$dest"
cd "$dest"
[ -f package.json ] || echo '{ "name": "code-server-host", "private": true }' > package.json
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --foreground-scripts code-server@4.100.3 > install.log 2>&1 \
  || { tail -n 40 install.log; exit 1; }
echo "code-server installed in $dest"
