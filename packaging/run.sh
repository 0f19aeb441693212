#!/usr/bin/env bash
# Proves the ways of installing and running execplan-ls outside an editor, after
# `cargo build --release` (the wheel reuses that build):
#   - the wheel (maturin) installs into a fresh virtual environment and runs there:
#     --version, check, a short LSP session (test-wheel.sh, lsp_session.py);
#   - JUnit, GitLab Code Quality and SARIF reports validate against their schemas, and the
#     config schema against the README's example, with jsonschema and taplo
#     (validate_reports.py);
#   - the GitHub Action's steps, run as a runner runs them (test_action.py);
#   - the pre-commit hook through `pre-commit try-repo` (test-pre-commit.sh).
# Python tools come from PyPI into target/packaging/tools. Exit status 0 when all pass.
#
#   bash packaging/run.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
tools=$repo/target/packaging/tools
step() { printf '\n== packaging: %s\n' "$*"; }

step "tools from PyPI: maturin, pre-commit, jsonschema, xmlschema, taplo"
if [ ! -x "$tools/bin/python" ]; then
  python3 -m venv "$tools" 2> /dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv > /dev/null
    python3 -m venv "$tools"
  }
fi
"$tools/bin/pip" install --quiet --disable-pip-version-check \
  "maturin>=1.5,<2" "pre-commit>=3,<5" "jsonschema>=4.18,<5" "xmlschema>=3,<5" "taplo>=0.9,<0.10"

step "wheel: maturin build --release --locked"
rm -rf target/wheels
start=$SECONDS
"$tools/bin/maturin" build --release --locked > target/packaging/maturin.log 2>&1 \
  || { tail -n 30 target/packaging/maturin.log; exit 1; }
# Kept apart: the pre-commit test's pip builds leave wheels of their own in target/wheels.
rm -rf target/packaging/wheel && mkdir -p target/packaging/wheel
cp target/wheels/execplan_ls-*.whl target/packaging/wheel/
wheel=$(ls target/packaging/wheel/execplan_ls-*.whl)
echo "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) kB) in $((SECONDS - start)) s"

results=()
status=0
run() {
  local name=$1
  shift
  step "$name"
  local start=$SECONDS
  if "$@" < /dev/null; then
    results+=("$name: ok in $((SECONDS - start)) s")
  else
    results+=("$name: FAILED in $((SECONDS - start)) s")
    status=1
  fi
}
corpus=()
[ -d ../shared/corpus/plans ] && corpus=(../shared/corpus/plans)
run wheel bash packaging/test-wheel.sh "$wheel"
run reports "$tools/bin/python" packaging/validate_reports.py --binary target/release/execplan-ls \
  --taplo "$tools/bin/taplo" "${corpus[@]}"
run action "$tools/bin/python" packaging/test_action.py --wheels target/packaging/wheel --binary target/release/execplan-ls
run pre-commit bash packaging/test-pre-commit.sh "$tools/bin/pre-commit"

step "summary"
printf '%s\n' "${results[@]}"
exit $status
