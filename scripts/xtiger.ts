#!/usr/bin/env node
/**
 * The `xtiger` command: `npm run xtiger -- sync --dry-run` in a checkout (through tsx); in a production install the
 * built `dist/scripts/xtiger.js` (package.json "bin", `npm run build`).
 * Settings come from the environment and .env. See server/cli/README.md.
 */
import 'dotenv/config';
import { runCli } from '../server/cli/runCli.js';
import { redactText } from '../server/logging/redact.js';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    console.error(`xtiger: unexpected error: ${redactText(err instanceof Error ? err.message : String(err))}`);
    process.exitCode = 1;
  });
