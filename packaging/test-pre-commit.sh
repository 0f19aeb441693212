#!/usr/bin/env bash
# The pre-commit hook, as a user's commit runs it: a temporary git repository whose
# pre-commit hook runs `pre-commit try-repo <this repository> execplan-check`. A commit
# with a broken plan fails, the fixed plan commits, and a README alone commits.
#
#   bash packaging/test-pre-commit.sh PRE_COMMIT_EXECUTABLE
#
# try-repo installs the hook the way users get it: pip builds this repository with
# maturin, in a fresh clone and a fresh environment at every call. To keep that to
# seconds, CARGO_TARGET_DIR points cargo at this checkout's target folder (the
# dependencies are already built there) and MATURIN_PEP517_ARGS asks for the dev profile
# instead of the release one (fat LTO): the hook behaves the same, only slower per file.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
pre_commit=$(realpath "${1:?usage: test-pre-commit.sh PRE_COMMIT}")
fail() { echo "FAIL: $*"; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export PRE_COMMIT_HOME="$scratch/cache" CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export MATURIN_PEP517_ARGS="${MATURIN_PEP517_ARGS---profile dev}"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
work="$scratch/project"
git init -q "$work"
cd "$work"
cat > .git/hooks/pre-commit <<HOOK
#!/usr/bin/env bash
exec "$pre_commit" try-repo "$repo" execplan-check
HOOK
chmod +x .git/hooks/pre-commit

# A plan that lacks its Decision Log, then the same plan with it.
awk '/^## /{skip = ($0 ~ /^## Decision Log/)} !skip' "$repo/examples/sample-plan.md" > plan.md
grep -q '^## Decision Log' plan.md && fail "could not remove the Decision Log from the sample plan"
# The sample plan names repository paths; the project has none of them, so only errors count.
git add plan.md
start=$SECONDS
if git commit -q -m "broken plan" > "$scratch/broken.log" 2>&1; then
  cat "$scratch/broken.log"; fail "the commit with a broken plan passed"
fi
grep -q "error\[missing-section\] Missing required section \`## Decision Log\`" "$scratch/broken.log" \
  || { cat "$scratch/broken.log"; fail "the failing hook did not name the missing Decision Log"; }
echo "a commit with a plan missing its Decision Log fails ($((SECONDS - start)) s, hook environment built)"

cp "$repo/examples/sample-plan.md" plan.md
git add plan.md
git commit -q -m "fixed plan" > "$scratch/fixed.log" 2>&1 || { cat "$scratch/fixed.log"; fail "the commit with the fixed plan failed"; }
grep -q "execplan-ls check.*Passed" "$scratch/fixed.log" || { cat "$scratch/fixed.log"; fail "the hook did not run on the fixed plan"; }
echo "the fixed plan commits"

printf '# A project\n\nNot a plan, and no required section.\n' > README.md
git add README.md
git commit -q -m "readme" > "$scratch/readme.log" 2>&1 || { cat "$scratch/readme.log"; fail "a README alone failed the hook"; }
grep -q "execplan-ls check.*Passed" "$scratch/readme.log" || { cat "$scratch/readme.log"; fail "the hook did not run on the README"; }
echo "a README alone commits"
[ "$(git rev-list --count HEAD)" -eq 2 ] || fail "expected two commits"
echo "PASS: pre-commit try-repo execplan-check fails and passes as it should"
