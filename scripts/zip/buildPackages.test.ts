import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XTIGER_HEADER_SCRIPT } from '../../server/vtiger/xeroInformationBlock.js';
import { buildPackages, type BuiltPackage } from './buildPackages.js';
import { formatProblems } from './validatePackage.js';
import { readZip } from './zipFiles.js';

/** `npm run build:zips`: four zips, each valid as Vtiger's installer reads it, reproducible. */
describe('build:zips', () => {
  let dir: string;
  let built: BuiltPackage[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xtiger-zips-'));
    built = await buildPackages(dir);
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds the four packages and every one validates', () => {
    expect(built.map((b) => path.basename(b.file))).toEqual(['XTiger.zip', 'XTLog.zip', 'XTQueue.zip', 'XeroAccounts.zip']);
    expect(formatProblems(built.flatMap((b) => b.problems))).toBe('');
  });

  it('puts the widget bundle, the generated definitions and the hook into XTiger.zip', async () => {
    const files = await readZip(path.join(dir, 'XTiger.zip'));
    const bundle = files.get(XTIGER_HEADER_SCRIPT.linkurl)?.toString('utf8') ?? '';
    expect(bundle).toMatch(/massSync/);
    expect(bundle).toMatch(/syncRecord/);
    expect(bundle).not.toMatch(/jQuery JavaScript Library|zod/); // page globals and server code stay out
    expect(files.get('modules/XTiger/XTigerDefinitions.php')?.toString('utf8')).toContain("'blockLabel' => 'LBL_XERO_INFORMATION'");
    expect([...files.keys()]).toEqual(expect.arrayContaining(['modules/XTiger/XTiger.php', 'settings/views/Settings.php', 'modules/XTiger/callback.php']));
  });

  it('gives each entity module the shared install hook and the written-by-XTiger-only rule', async () => {
    for (const name of ['XTLog', 'XTQueue', 'XeroAccounts']) {
      const files = await readZip(path.join(dir, `${name}.zip`));
      expect(files.get(`modules/${name}/EntityModuleLifecycle.php`)?.toString('utf8')).toContain('class XTiger_EntityModuleLifecycle');
      expect(files.get(`modules/${name}/XTigerOwnedRecords.php`)?.toString('utf8')).toContain('class XTiger_OwnedRecords');
      expect(files.get(`modules/${name}/models/Module.php`)?.toString('utf8')).toContain(`class ${name}_Module_Model`);
    }
  });

  it('is reproducible: a second build gives byte-identical zips', async () => {
    const again = await mkdtemp(path.join(tmpdir(), 'xtiger-zips-'));
    try {
      await buildPackages(again);
      for (const name of ['XTiger', 'XTLog']) {
        expect((await readFile(path.join(again, `${name}.zip`))).equals(await readFile(path.join(dir, `${name}.zip`)))).toBe(true);
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  }, 60_000);
});
