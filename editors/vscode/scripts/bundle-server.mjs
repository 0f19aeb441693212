// Copies the release server for this platform into server/, where the extension looks
// for a bundled binary. Build it first: `cargo build --release` at the repository root.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = process.platform === "win32" ? "execplan-ls.exe" : "execplan-ls";
const source = process.env.EXECPLAN_LS_BUNDLE ?? path.resolve(here, "../../../target/release", binary);
if (!fs.existsSync(source)) {
  console.error(`bundle-server: ${source} does not exist; run \`cargo build --release\` first.`);
  process.exit(1);
}
const target = path.resolve(here, "../server", binary);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
fs.chmodSync(target, 0o755);
console.log(`bundle-server: ${source} -> ${target}`);
