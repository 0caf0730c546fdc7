import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderXTigerDefinitionsPhp } from '../../scripts/zip/xtigerDefinitions.js';
import { VTIGER_TARBALL } from '../../server/testing/paths.js';
import { XERO_INVOICE_TYPES } from '../../server/vtiger/xeroInformationBlock.js';
import { MODULES_DIR, phpJson, readLanguageFile } from './php.js';

/**
 * The Xero block's labels inside Contacts, Invoice, … come from Vtiger's site-specific string files
 * (languages/custom/<lang>/<Module>.php), into which XTiger's hook puts a marked loader section. Exercised in a
 * directory shaped like a Vtiger install, loading the files the way Vtiger_Language_Handler does.
 */
const run = promisify(execFile);
const ADMIN_CONTACTS = "<?php\n$languageStrings = array(\n\t'Mobile' => '携帯電話',\n);\n";

describe('host-language overlay', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'xtiger-vtiger-'));
    await cp(path.join(MODULES_DIR, 'XTiger/modules'), path.join(root, 'modules'), { recursive: true });
    await cp(path.join(MODULES_DIR, 'XTiger/languages'), path.join(root, 'languages'), { recursive: true });
    await writeFile(path.join(root, 'modules/XTiger/XTigerDefinitions.php'), renderXTigerDefinitionsPhp());
    // The language packs' own module files (the custom files are merged into them); this Japanese pack lacks
    // Services. Vtiger's own Invoice strings translate the module name "Invoice"; a site already has custom Contacts strings.
    for (const [language, hosts] of [['en_us', ['Accounts', 'Contacts', 'Invoice', 'Products', 'Services']], ['ja_jp', ['Accounts', 'Contacts', 'Products']]] as const) {
      for (const host of hosts) await writeFile(path.join(root, `languages/${language}/${host}.php`), '<?php\n$languageStrings = array();\n');
    }
    await writeFile(path.join(root, 'languages/ja_jp/Invoice.php'), "<?php\n$languageStrings = array('Invoice' => '請求');\n");
    await mkdir(path.join(root, 'languages/custom/ja_jp'), { recursive: true });
    await writeFile(path.join(root, 'languages/custom/ja_jp/Contacts.php'), ADMIN_CONTACTS);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const load = (language: string, module: string) => phpJson<Record<string, string>>('hostLanguage.php', [root, 'load', language, module]);

  it('translates the block, its fields, picklist values and links in every synced module and language', async () => {
    await phpJson('hostLanguage.php', [root, 'add']);
    expect((await readdir(path.join(root, 'languages/custom/en_us'))).sort()).toEqual(
      ['Accounts.php', 'Contacts.php', 'Invoice.php', 'Products.php', 'Services.php'],
    );
    const accounts = await load('ja_jp', 'Accounts');
    expect(accounts).toMatchObject({
      LBL_XERO_INFORMATION: 'Xero 情報',
      'Allow XTiger Sync': 'XTiger 同期を許可',
      'Xero Sync Status': 'Xero 同期状態',
      Synced: '同期済み',
      'Sync to Xero': 'Xero に同期',
    });
    expect((await load('en_us', 'Products'))['LBL_XERO_INFORMATION']).toBe('Xero Information');
    // No overlay where the language pack has no file of its own to merge it into (Vtiger would die on it).
    expect((await readdir(path.join(root, 'languages/custom/ja_jp'))).sort()).toEqual(['Accounts.php', 'Contacts.php', 'Invoice.php', 'Products.php']);
    // The invoice status XTiger adds to Vtiger's picklist is translated in the Invoice module only.
    expect((await load('ja_jp', 'Invoice'))['Partially Paid']).toBe('一部入金済み');
    expect((await load('ja_jp', 'Contacts'))['Partially Paid']).toBeUndefined();
  });

  it("keeps a site's own strings and never overrides a string Vtiger's module file defines", async () => {
    const contacts = await load('ja_jp', 'Contacts');
    expect(contacts['Mobile']).toBe('携帯電話');
    expect(contacts['LBL_XERO_INFORMATION']).toBe('Xero 情報');
    const invoice = await load('ja_jp', 'Invoice');
    expect(invoice['Invoice']).toBeUndefined(); // Vtiger's "請求" stays
    expect(invoice['Xero Invoice Type']).toBe('Xero 請求書の種類');
  });

  it('gives each Xero Invoice Type its own label, none of them a key of Vtiger\'s Invoice strings', async () => {
    const ja = await load('ja_jp', 'Invoice');
    expect([ja['Sales Invoice'], ja['Bill'], ja['Receipt']]).toEqual(['売上請求書', '仕入請求書', '入金']);
    const en = await load('en_us', 'Invoice');
    expect([en['Sales Invoice'], en['Bill'], en['Receipt']]).toEqual(['Sales Invoice', 'Bill', 'Receipt']);
  });

  it("Vtiger 8.2's own Invoice and common strings translate 'Invoice' but none of the Xero Invoice Types", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xtiger-vtiger-lang-'));
    try {
      await run('tar', ['-xzf', VTIGER_TARBALL, '-C', dir, 'vtigercrm/languages/en_us/Invoice.php', 'vtigercrm/languages/en_us/Vtiger.php']);
      for (const file of ['Invoice.php', 'Vtiger.php']) {
        const keys = Object.keys((await readLanguageFile(path.join(dir, 'vtigercrm/languages/en_us', file))).languageStrings);
        expect(keys, file).toContain('Invoice');
        expect(XERO_INVOICE_TYPES.filter((v) => keys.includes(v)), file).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is idempotent and removes exactly its own section again', async () => {
    const file = path.join(root, 'languages/custom/ja_jp/Contacts.php');
    const once = await readFile(file, 'utf8');
    await phpJson('hostLanguage.php', [root, 'add']);
    expect(await readFile(file, 'utf8')).toBe(once);
    expect(once.startsWith(ADMIN_CONTACTS)).toBe(true);

    await phpJson('hostLanguage.php', [root, 'remove']);
    expect(await readFile(file, 'utf8')).toBe(ADMIN_CONTACTS);
    expect(await readdir(path.join(root, 'languages/custom/en_us'))).toEqual([]);
    expect((await readdir(path.join(root, 'languages/custom/ja_jp'))).sort()).toEqual(['Contacts.php']);
  });
});
