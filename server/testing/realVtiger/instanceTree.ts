import { execFile } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * Code and assets Vtiger never writes at run time: hard-linked from the base tree (a link is ~10x cheaper than a
 * copy). Everything else is copied, because Vtiger rewrites files in place (tabdata.php, parent_tabdata.php,
 * user_privileges/*, cache/, test/templates_c/, storage/, logs/, and a package import, update or uninstall writes
 * and deletes under modules/, languages/, layouts/v7/modules/ and cron/), and an in-place write through a hard
 * link would change the cached base tree for every later instance. Deleting a hard link is safe.
 */
const HARD_LINKED = new Set([
  'vendor', 'libraries', 'pkg', 'kcfinder', 'resources', 'packages', 'include', 'includes', 'vtlib', 'data', 'schema', 'migrate',
  'layouts/v7/lib', 'layouts/v7/skins', 'layouts/v7/resources', 'layouts/vlayout',
]);

async function copyEntries(from: string, to: string, rel: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const linked: string[] = [];
  const copied: string[] = [];
  const nested: string[] = [];
  for (const name of await readdir(from)) {
    const sub = rel ? `${rel}/${name}` : name;
    if (HARD_LINKED.has(sub)) linked.push(name);
    else if ([...HARD_LINKED].some((h) => h.startsWith(`${sub}/`))) nested.push(name);
    else copied.push(name);
  }
  const abs = (names: string[]) => names.map((n) => path.join(from, n));
  if (copied.length) await exec('cp', ['-a', ...abs(copied), to]);
  if (linked.length) await exec('cp', ['-al', ...abs(linked), to]);
  for (const name of nested) await copyEntries(path.join(from, name), path.join(to, name), rel ? `${rel}/${name}` : name);
}

/** A private copy of the prepared base tree for one instance (`target` must not exist). */
export async function copyBaseTree(base: string, target: string): Promise<void> {
  await copyEntries(base, target, '');
}
