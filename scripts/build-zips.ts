/**
 * npm run build:zips — builds dist/XTiger.zip, dist/XTLog.zip, dist/XTQueue.zip and dist/XeroAccounts.zip, the
 * packages an admin installs in Vtiger (Settings → Module Manager → Import Module), and validates each zip as
 * Vtiger's installer would. Exits non-zero, naming the zip and entry, on the first invalid package.
 */
import path from 'node:path';
import { buildPackages } from './zip/buildPackages.js';

const results = await buildPackages();
const bad = results.filter((r) => r.problems.length > 0);
for (const r of results) {
  console.log(`${r.problems.length ? 'INVALID' : 'ok'}  ${path.relative(process.cwd(), r.file)}  (${r.entries} files, ${r.bytes} bytes)`);
}
if (bad.length > 0) {
  for (const r of bad) for (const p of r.problems) console.error(`${p.zip}: ${p.entry}: ${p.problem}`);
  process.exit(1);
}
