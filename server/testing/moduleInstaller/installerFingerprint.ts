import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../paths.js';
import { VTIGER_MODULE_DIR, XTIGER_MODULES } from './manifest.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * A hash of everything an install depends on (the four manifests, the installer and hook sources, the Xero block
 * definitions, the bridge migration, the cloning): a template database built with one installer is never reused by another.
 */
export async function installerFingerprint(): Promise<string> {
  const files = [
    ...XTIGER_MODULES.map((m) => path.join(VTIGER_MODULE_DIR, m, 'manifest.xml')),
    ...(await readdir(HERE)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort().map((f) => path.join(HERE, f)),
    path.join(REPO_ROOT, 'server/vtiger/xeroInformationBlock.ts'),
    path.join(REPO_ROOT, 'server/db/migrations/0002_bridge.ts'),
    // How the template is cloned (e.g. with foreign keys) is part of what it is.
    path.join(REPO_ROOT, 'server/testing/sampleDatabase.ts'),
  ];
  const hash = createHash('sha1');
  for (const f of files) hash.update(f.slice(REPO_ROOT.length)).update(await readFile(f));
  return hash.digest('hex').slice(0, 10);
}
