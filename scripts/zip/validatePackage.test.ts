import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEntry } from './installerPaths.js';
import type { PackageFiles } from './stagePackage.js';
import { compareVersions, formatProblems, validateZipFile } from './validatePackage.js';
import { writeZip } from './zipFiles.js';

const manifest = (body: string, deps = '<vtiger_version>7.0.0</vtiger_version><vtiger_max_version>8.*</vtiger_max_version>') =>
  Buffer.from(`<?xml version='1.0'?><module><name>XTLog</name><label>XTLog</label>${body}<dependencies>${deps}</dependencies></module>`);

function entityPackage(overrides: Record<string, Buffer | null> = {}): PackageFiles {
  const files: PackageFiles = new Map([
    ['manifest.xml', manifest('')],
    ['modules/XTLog/XTLog.php', Buffer.from('<?php class XTLog {}')],
    ['languages/en_us/XTLog.php', Buffer.from('<?php $languageStrings = array();')],
  ]);
  for (const [name, content] of Object.entries(overrides)) {
    if (content === null) files.delete(name);
    else files.set(name, content);
  }
  return files;
}

describe('zip validation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xtiger-zipcheck-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function check(files: PackageFiles, name = 'XTLog'): Promise<string> {
    const file = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.zip`);
    await writeZip(file, files);
    return formatProblems(await validateZipFile(file, name));
  }

  it('accepts a minimal valid entity module', async () => {
    expect(await check(entityPackage())).toBe('');
  });

  it('names the zip and entry of each problem', async () => {
    const out = await check(entityPackage({ 'languages/en_us/XTLog.php': null }));
    expect(out).toMatch(/^XTLog-\w+\.zip: languages\/en_us\/XTLog\.php: missing: an entity module zip needs its en_us language file$/);
  });

  it('rejects a zip without manifest.xml, or with a malformed one', async () => {
    expect(await check(entityPackage({ 'manifest.xml': null }))).toContain(': manifest.xml: missing');
    expect(await check(entityPackage({ 'manifest.xml': Buffer.from('<module><name>XTLog</name>') }))).toMatch(/manifest\.xml: not well-formed XML/);
  });

  it('requires vtiger_version ≥ 6.0.0rc and a vtiger_max_version, and the right module name', async () => {
    expect(await check(entityPackage({ 'manifest.xml': manifest('', '<vtiger_version>7.0.0</vtiger_version>') }))).toContain(
      'manifest.xml: missing <dependencies><vtiger_max_version>',
    );
    expect(await check(entityPackage({ 'manifest.xml': manifest('', '<vtiger_version>5.4.0</vtiger_version><vtiger_max_version>8.*</vtiger_max_version>') }))).toContain(
      'below 6.0.0rc',
    );
    expect(await check(entityPackage(), 'XTQueue')).toContain('<name> is "XTLog", expected "XTQueue"');
  });

  it('rejects files the installer would ignore or that would overwrite Vtiger’s own', async () => {
    const out = await check(
      entityPackage({
        'README.md': Buffer.from('x'),
        'languages/en_us/Contacts.php': Buffer.from('<?php'),
        'modules/XTLogExtra/x.php': Buffer.from('<?php'),
      }),
    );
    expect(out).toContain('README.md: not a path');
    expect(out).toContain('languages/en_us/Contacts.php: not a path');
    expect(out).toContain('modules/XTLogExtra/x.php: not a path');
  });

  it('requires every file a link, cron, event handler or PHP include points to', async () => {
    const body =
      '<customlinks><customlink><linktype>HEADERSCRIPT</linktype><linklabel>X</linklabel><linkurl>layouts/v7/modules/XTLog/resources/x.js?v=1</linkurl></customlink></customlinks>' +
      '<crons><cron><name>Tick</name><handler>cron/modules/XTLog/Tick.service</handler></cron></crons>' +
      '<events><event><eventname>vtiger.entity.aftersave</eventname><classname>H</classname><filename>modules/XTLog/handlers/H.php</filename></event></events>';
    const out = await check(
      entityPackage({ 'manifest.xml': manifest(body), 'modules/XTLog/XTLog.php': Buffer.from("<?php require_once dirname(__FILE__) . '/lib/Gone.php';") }),
    );
    expect(out).toContain('layouts/v7/modules/XTLog/resources/x.js: missing: HEADERSCRIPT link "X" points to it');
    expect(out).toContain('cron/modules/XTLog/Tick.service: missing: cron "Tick" runs it');
    expect(out).toContain('modules/XTLog/handlers/H.php: missing: event handler H');
    expect(out).toContain('modules/XTLog/lib/Gone.php: missing: modules/XTLog/XTLog.php requires it');
    const fixed = await check(
      entityPackage({
        'manifest.xml': manifest(body),
        'layouts/v7/modules/XTLog/resources/x.js': Buffer.from(''),
        'cron/Tick.service': Buffer.from(''),
        'modules/XTLog/handlers/H.php': Buffer.from('<?php'),
      }),
    );
    expect(fixed).toBe('');
  });

  it('maps entries to where Vtiger installs them', () => {
    expect(classifyEntry('settings/views/Settings.php', 'XTiger')).toEqual({ ok: true, installedAs: 'modules/Settings/XTiger/views/Settings.php' });
    expect(classifyEntry('cron/Sync.service', 'XTiger')).toEqual({ ok: true, installedAs: 'cron/modules/XTiger/Sync.service' });
    expect(classifyEntry('languages/ja_jp/Settings/XTiger.php', 'XTiger')).toEqual({ ok: true, installedAs: 'languages/ja_jp/Settings/XTiger.php' });
    expect(classifyEntry('settings/templates/x.tpl', 'XTiger').ok).toBe(false);
    expect(classifyEntry('modules/XTiger/../../config.inc.php', 'XTiger')).toEqual({ ok: false, reason: 'unsafe path (absolute, backslash or dot segment)' });
  });

  it('compares versions as PHP version_compare does for Vtiger’s forms', () => {
    expect(compareVersions('7.0.0', '6.0.0rc')).toBe(1);
    expect(compareVersions('6.0.0', '6.0.0rc')).toBe(1);
    expect(compareVersions('6.0.0rc', '6.0.0rc')).toBe(0);
    expect(compareVersions('5.4.0', '6.0.0rc')).toBe(-1);
  });
});
