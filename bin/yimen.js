#!/usr/bin/env node
// The `yimen` command. The TypeScript is built into dist/ by `npm ci` (the `prepare` script).
import { runCli } from '../dist/main/shells/cli/main.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`yimen: unexpected error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 70;
  },
);
