import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderXTigerDefinitionsPhp } from '../../scripts/zip/xtigerDefinitions.js';
import { listFiles, MODULES_DIR, php } from './php.js';

/** CI's PHP check: `php -l` on every PHP file we ship or run, including the one the zip build generates. */
describe('php -l', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'xtiger-phplint-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  async function lint(file: string): Promise<string | null> {
    const result = await php(['-l', file]);
    return result.code === 0 ? null : `${path.relative(MODULES_DIR, file)}: ${(result.stdout + result.stderr).trim()}`;
  }

  it('finds no syntax error in any PHP file of vtiger-module/ or the generated definitions', async () => {
    const generated = path.join(scratch, 'XTigerDefinitions.php');
    await writeFile(generated, renderXTigerDefinitionsPhp());
    const files = [...(await listFiles(MODULES_DIR, '.php')), generated];
    expect(files.length).toBeGreaterThan(30);
    const errors = (await Promise.all(files.map(lint))).filter((e): e is string => e !== null);
    expect(errors).toEqual([]);
  });

  it('reports a file with a syntax error (the check can fail)', async () => {
    const broken = path.join(scratch, 'Broken.php');
    await writeFile(broken, "<?php\nclass Broken { function f( { }\n");
    expect(await lint(broken)).toMatch(/Broken\.php: .*(syntax error|Parse error)/is);
  });
});
