#!/usr/bin/env bash
# The two .vsix files hold what they should: the universal one no server, the platform one
# the stripped release server, targeted at linux-x64, in at most 10 MB; both the icon and
# the metadata Open VSX shows.
#
#   bash editors/vscode/test/check-vsix.sh UNIVERSAL.vsix PLATFORM.vsix
set -euo pipefail
universal=${1:?universal .vsix}
platform=${2:?platform .vsix}
fail() { echo "FAIL: $*"; exit 1; }
list() { python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; }
manifest() { python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("extension.vsixmanifest").decode())' "$1"; }

limit=$((10 * 1024 * 1024))
size=$(stat -c %s "$platform")
[ "$size" -le "$limit" ] || fail "$platform is $size bytes, over 10 MB"
# (Read into variables first: `grep -q` closing a pipe early would fail it under pipefail.)
files=$(list "$platform")
grep -qx "extension/server/execplan-ls" <<< "$files" || fail "$platform bundles no server"
text=$(manifest "$platform")
grep -q 'TargetPlatform="linux-x64"' <<< "$text" || fail "$platform is not targeted at linux-x64"
files=$(list "$universal")
! grep -q "extension/server/" <<< "$files" || fail "$universal bundles a server"
text=$(manifest "$universal")
! grep -q 'TargetPlatform=' <<< "$text" || fail "$universal is targeted at a platform"
for vsix in "$universal" "$platform"; do
  files=$(list "$vsix")
  text=$(manifest "$vsix")
  grep -qx "extension/images/icon.png" <<< "$files" || fail "$vsix has no icon"
  for field in '<Icon>extension/images/icon.png</Icon>' 'Microsoft.VisualStudio.Services.Links.Source' '<Tags>' 'Linters'; do
    grep -q "$field" <<< "$text" || fail "$vsix's manifest lacks $field"
  done
done
# The server inside is the stripped release build: no symbol table left.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("extension/server/execplan-ls"))' "$platform" "$scratch/execplan-ls"
python3 - "$scratch/execplan-ls" <<'PY' || fail "the bundled server still has a symbol table"
import struct, sys
data = open(sys.argv[1], "rb").read()
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
types = [struct.unpack_from("<I", data, shoff + i * shentsize + 4)[0] for i in range(shnum)]
sys.exit(1 if 2 in types else 0)  # SHT_SYMTAB
PY
echo "vsix: universal $(stat -c %s "$universal") bytes (no server), linux-x64 $size bytes (stripped server, limit $limit)"
