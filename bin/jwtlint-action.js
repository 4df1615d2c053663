#!/usr/bin/env node
// Entry of the GitHub Action (action.yml): runs the committed bundle on the runner's own
// Node, with the inputs read from INPUT_* variables (src/report/github-annotations.ts).
// jwtlint's exit code becomes the step output `exit-code`, and this step succeeds so that
// the SARIF upload still runs; action.yml's last step fails the job with that code.
// Not part of the npm package.
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.log(`::error title=jwtlint::jwtlint needs Node.js 20.19 or later, and the runner's node is ${process.versions.node}: add actions/setup-node before this step.`);
  process.exit(2);
}
const { runGithubAction, processIo } = await import('../dist/bundle/github-action.mjs');
runGithubAction(process.env, processIo(fileURLToPath(new URL('./jwtlint.js', import.meta.url))));
