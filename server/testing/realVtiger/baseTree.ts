import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { testServerSettings } from '../mariadbServer.js';
import { VTIGER_TARBALL } from '../paths.js';
import { HARNESS_PHP_DIR, runHarnessPhp } from './php.js';
import { renderVtigerConfig } from './vtigerConfig.js';

const exec = promisify(execFile);

/** Bump when the prepared tree changes shape, so old caches are not reused. */
const BASE_FORMAT = 'b1';
/** The harness's PHP files the base tree depends on (the others run per instance). */
const BASE_INPUTS = ['bootstrap.php', 'installBundledFiles.php'];
export const CACHE_ROOT = process.env['XTIGER_VTIGER_CACHE'] ?? path.join(os.tmpdir(), 'xtiger-vtiger');

async function sha1OfFile(file: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function baseKey(): Promise<string> {
  const harness = createHash('sha1').update(BASE_FORMAT);
  for (const f of BASE_INPUTS) harness.update(f).update(await readFile(path.join(HARNESS_PHP_DIR, f)));
  return `${(await sha1OfFile(VTIGER_TARBALL)).slice(0, 12)}-${harness.digest('hex').slice(0, 8)}`;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A lock directory holding its owner's pid; a lock whose owner died is taken over. */
async function withDirLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => '0'));
      const age = Date.now() - (await stat(lockDir).then((s) => s.mtimeMs).catch(() => Date.now()));
      if ((owner > 0 && !pidAlive(owner)) || (owner === 0 && age > 30_000)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** Trees of other tarball/harness versions, once a day old (a parallel checkout of another version may use one). */
async function dropOldBaseTrees(current: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of await readdir(CACHE_ROOT)) {
    if (name === current || name === 'instances' || name.includes('.')) continue;
    const ready = await stat(path.join(CACHE_ROOT, name, 'ready')).catch(() => undefined);
    if (ready && ready.mtimeMs < dayAgo) await rm(path.join(CACHE_ROOT, name), { recursive: true, force: true });
  }
}

/**
 * The Vtiger 8.2.0 tree unpacked from the shared tarball and prepared once per tarball (and harness) version:
 * the files of the 30 bundled packages written by vtlib as the install wizard does. Instances copy it
 * (instanceTree.ts). Returns the path of its `vtigercrm` folder.
 */
export async function ensureBaseTree(): Promise<string> {
  const key = await baseKey();
  const dir = path.join(CACHE_ROOT, key);
  const root = path.join(dir, 'vtigercrm');
  if (await exists(path.join(dir, 'ready'))) return root;
  await mkdir(CACHE_ROOT, { recursive: true });
  return withDirLock(`${dir}.lock`, async () => {
    if (await exists(path.join(dir, 'ready'))) return root;
    const work = `${dir}.tmp-${process.pid}`;
    await rm(work, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    await exec('tar', ['xzf', VTIGER_TARBALL, '-C', work]);
    const workRoot = path.join(work, 'vtigercrm');
    // A config good enough for vtlib to load (unpacking touches no database); each instance writes its own.
    const template = await readFile(path.join(workRoot, 'config.template.php'), 'utf8');
    await writeFile(
      path.join(workRoot, 'config.inc.php'),
      renderVtigerConfig(template, { db: testServerSettings('information_schema'), siteUrl: 'http://127.0.0.1/', rootDir: workRoot, errorLog: path.join(work, 'prepare-errors.log') }),
    );
    const unpacked = await runHarnessPhp(workRoot, 'installBundledFiles.php');
    if (unpacked.trim().split('\n').length < 30) throw new Error(`unpacking Vtiger's bundled packages failed:\n${unpacked}`);
    await rm(path.join(workRoot, 'config.inc.php'));
    await writeFile(path.join(work, 'ready'), new Date().toISOString());
    await rename(work, dir);
    await dropOldBaseTrees(key);
    return root;
  });
}
