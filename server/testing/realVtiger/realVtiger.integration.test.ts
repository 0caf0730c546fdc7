import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, openAs } from './browser.js';
import { startRealVtiger, type RealVtiger } from './index.js';

/** The harness itself: the real Vtiger 8.2.0 up on loopback, logged in, its PHP errors caught. */
describe('real Vtiger harness', () => {
  let vtiger: RealVtiger;

  beforeAll(async () => {
    vtiger = await startRealVtiger();
  });
  afterAll(async () => {
    await closeBrowser();
    await vtiger?.stop();
  });

  it('serves the Contacts list to the admin after a login through the form', async () => {
    const admin = await vtiger.login();
    const list = await admin.get({ module: 'Contacts', view: 'List' });
    expect(list.status).toBe(200);
    expect(list.body).toContain('Smith');
    expect(list.body).toContain('Gibbons');
    expect(admin.csrfToken).toMatch(/^sid:/);
    await vtiger.assertNoPhpErrors();
  });

  it('runs vtlib code in the instance tree and creates users with Vtiger’s own save', async () => {
    expect((await vtiger.runPhp("echo Vtiger_Module::getInstance('Contacts')->id;")).trim()).toBe('4');
    const user = await vtiger.createUser({ userName: 'hanako', isAdmin: false, language: 'ja_jp' });
    const [row] = (await vtiger.database.knex('vtiger_users').where({ id: user.id }).select('is_admin', 'language', 'status')) as Array<Record<string, string>>;
    expect(row).toEqual({ is_admin: 'off', language: 'ja_jp', status: 'Active' });
    const [role] = (await vtiger.database.knex('vtiger_user2role').where({ userid: user.id }).select('roleid')) as Array<{ roleid: string }>;
    expect(role?.roleid).toBe('H5');
    const session = await vtiger.login(user.userName, user.password);
    const list = await session.get({ module: 'Contacts', view: 'List' });
    expect(list.status).toBe(200);
    expect(list.body).toContain('Smith');
    await vtiger.assertNoPhpErrors();
  });

  it('fails on a PHP fatal error anywhere and on a warning from our modules’ files, after Vtiger’s config', async () => {
    await writeFile(path.join(vtiger.root, 'xt_probe_fatal.php'), "<?php\nrequire_once 'config.inc.php';\nxt_no_such_function();\n");
    expect((await fetch(`${vtiger.url}xt_probe_fatal.php`)).status).toBe(500);
    await expect(vtiger.assertNoPhpErrors()).rejects.toThrow(/Fatal error: +Uncaught Error: Call to undefined function xt_no_such_function\(\)/);
    await vtiger.assertNoPhpErrors(); // reported once

    await mkdir(path.join(vtiger.root, 'modules/XTiger'), { recursive: true });
    // config.inc.php sets error_reporting to 0: the harness's logging comes after it, so this warning is seen.
    await writeFile(path.join(vtiger.root, 'modules/XTiger/xt_probe_warning.php'), "<?php\nchdir('../..');\nrequire_once 'config.inc.php';\necho $xt_undefined_variable;\n");
    expect((await fetch(`${vtiger.url}modules/XTiger/xt_probe_warning.php`)).status).toBe(200);
    await expect(vtiger.assertNoPhpErrors()).rejects.toThrow(/Warning: {1,2}Undefined variable \$xt_undefined_variable in \S+modules\/XTiger\/xt_probe_warning\.php/);
  });

  it('opens Vtiger pages in chromium as a logged-in user', async () => {
    const tab = await openAs(vtiger);
    try {
      await tab.page.goto(`${vtiger.url}index.php?module=Contacts&view=List`);
      expect(await tab.page.textContent('body')).toContain('Smith');
      await tab.page.evaluate("alert('hello from the test')");
      expect(tab.alerts).toEqual(['hello from the test']);
    } finally {
      await tab.close();
    }
    await vtiger.assertNoPhpErrors();
  });
});
