// Copies the release server for this platform into server/, where the extension looks
// for a bundled binary (the platform .vsix: `npm run package:linux-x64`). Build it first:
// `cargo build --release` at the repository root. With --none it empties server/ instead,
// for the universal .vsix, which finds the server on PATH or in the settings.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const folder = path.resolve(here, "../server");
if (process.argv.includes("--none")) {
  fs.rmSync(folder, { recursive: true, force: true });
  console.log(`bundle-server: no server bundled (${folder} removed)`);
  process.exit(0);
}
const binary = process.platform === "win32" ? "execplan-ls.exe" : "execplan-ls";
const source = process.env.EXECPLAN_LS_BUNDLE ?? path.resolve(here, "../../../target/release", binary);
if (!fs.existsSync(source)) {
  console.error(`bundle-server: ${source} does not exist; run \`cargo build --release\` first.`);
  process.exit(1);
}
const target = path.join(folder, binary);
fs.mkdirSync(folder, { recursive: true });
fs.copyFileSync(source, target);
fs.chmodSync(target, 0o755);
console.log(`bundle-server: ${source} -> ${target}`);
