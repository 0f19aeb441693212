#!/usr/bin/env bash
# The wheel installs and runs in a clean virtual environment: from there, `execplan-ls
# --version`, `check` on a good and a broken plan, and a short LSP session.
#
#   bash packaging/test-wheel.sh target/wheels/execplan_ls-*.whl
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
wheel=$(realpath "${1:?usage: test-wheel.sh WHEEL}")
cd "$repo"
fail() { echo "FAIL: $*"; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet --no-index --disable-pip-version-check "$wheel"
export PATH="$scratch/venv/bin:$PATH"
hash -r
[ "$(command -v execplan-ls)" = "$scratch/venv/bin/execplan-ls" ] \
  || fail "execplan-ls on PATH is $(command -v execplan-ls), not the virtual environment's"
echo "wheel $(basename "$wheel"): $(du -k "$wheel" | cut -f1) kB, installs $(du -k "$scratch/venv/bin/execplan-ls" | cut -f1) kB"

version=$(execplan-ls --version)
echo "$version"
[[ $version =~ ^execplan-ls\ [0-9.]+\ \(commit\ [0-9a-f]{12}\)$ ]] || fail "--version printed: $version"

execplan-ls check examples/sample-plan.md > "$scratch/good.txt" || fail "check on the sample plan: $(cat "$scratch/good.txt")"
echo "check examples/sample-plan.md: $(tail -n 1 "$scratch/good.txt")"
status=0
execplan-ls check examples/broken-plan.md > "$scratch/broken.txt" || status=$?
[ "$status" -eq 1 ] || fail "check on the broken plan exited $status"
grep -q "error\[missing-section\]" "$scratch/broken.txt" || fail "no missing-section: $(cat "$scratch/broken.txt")"
echo "check examples/broken-plan.md: exit 1, $(tail -n 1 "$scratch/broken.txt")"

"$scratch/venv/bin/python" packaging/lsp_session.py
echo "PASS: the wheel installs and runs in a clean virtual environment"
