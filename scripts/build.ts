/**
 * `npm run build`: compiles the backend and the `xtiger` command to dist/ (tsconfig.build.json) and copies the
 * files they read at run time (e-mail templates and other non-TypeScript assets under server/), so that a
 * production install is `npm ci --omit=dev` + dist/ and runs with plain node.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** Assets a running backend reads next to its code; tests and test doubles stay out. */
const ASSET = /\.(hbs|html|txt|json)$/;
const SKIP_DIR = new Set(['testing', 'xeroSandbox']);

function copyAssets(dir: string): number {
  let copied = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!SKIP_DIR.has(name)) copied += copyAssets(full);
    } else if (ASSET.test(name)) {
      const target = path.join(dist, path.relative(root, full));
      cpSync(full, target);
      copied += 1;
    }
  }
  return copied;
}

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const assets = copyAssets(path.join(root, 'server'));
const cli = path.join(dist, 'scripts/xtiger.js');
if (!existsSync(cli)) throw new Error(`build: ${cli} was not produced`);
chmodSync(cli, 0o755);
console.log(`build: dist/ ready (${assets} asset file(s) copied); start with: node dist/server/main.js`);
