import { describe, expect, it } from 'vitest';
import { phpJson } from './php.js';

describe('entity module uninstall', () => {
  it("drops only the module's own tables, never Vtiger's shared crmentity tables", async () => {
    // Vtiger 8.2's CRMEntity::initialize() adds vtiger_crmentity_user_field to every module's tab_name.
    const tabName = ['vtiger_crmentity', 'vtiger_xtlog', 'vtiger_xtlogcf', 'vtiger_crmentity_user_field', 'vtiger_contactdetails'];
    expect(await phpJson<string[]>('entityOwnTables.php', ['XTLog', JSON.stringify(tabName)])).toEqual(['vtiger_xtlog', 'vtiger_xtlogcf']);
    expect(await phpJson<string[]>('entityOwnTables.php', ['XeroAccounts', JSON.stringify(['vtiger_crmentity', 'vtiger_xeroaccounts', 'vtiger_xeroaccountscf'])])).toEqual([
      'vtiger_xeroaccounts',
      'vtiger_xeroaccountscf',
    ]);
  });
});
