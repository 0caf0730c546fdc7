import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isXTigerError } from '../errors/XTigerError.js';
import { createSampleDatabase, type SampleDatabase } from '../testing/sampleDatabase.js';
import { readModuleMetadata, type ModuleMetadata } from '../vtiger/schema/moduleMetadata.js';
import { addCustomField } from '../vtiger/testing/addCustomField.js';
import { readCheckpoint, resetCheckpoint, saveCheckpoint } from './checkpoints/checkpointsRepository.js';
import { advanceXeroCursor, xeroCursorSchema } from './checkpoints/xeroCursor.js';
import { findLinkByCrmid, findLinkByXeroId, findLinksByCrmids, findPersonLinks, setLinkState, toPlanLink, upsertLink, type SyncLink } from './links/linksRepository.js';
import { defaultPairMapping } from './mapping/autoMap.js';
import { currentMapping, latestMapping, listMappingVersions, mappingVersion, saveMapping } from './mapping/mappingRepository.js';
import { hashVtigerRecord } from './mapping/sides.js';
import { validateMapping } from './mapping/validateMapping.js';
import { personXeroId } from './persons/contactAppearance.js';
import { selectCrmids, selectedAmong } from './selection/selectionQuery.js';
import { readSyncSettings, saveSyncSettings } from './selection/syncSettingsRepository.js';
import { PAIR_MODULE, SYNC_PAIRS, type SyncPair } from './types.js';
import { xeroKindOfPair } from './mapping/fieldMapping.js';

let db: SampleDatabase;
const meta = {} as Record<SyncPair, ModuleMetadata>;
const at = new Date('2026-01-05T09:00:00.123Z');

async function expectXTigerError(promise: Promise<unknown>, code: string): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (isXTigerError(e)) {
      expect(e.code).toBe(code);
      return e.message;
    }
    throw e;
  }
  throw new Error(`expected ${code}`);
}

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true });
  // The Xero Information checkbox, as XTiger's install hook adds it (cf table column without the cf_ prefix).
  await addCustomField(db.knex, { module: 'Contacts', label: 'Allow XTiger Sync', uitype: 56, typeofdata: 'C~O', columnType: 'varchar(3)', style: 'extension', fieldname: 'cf_xt_allow_sync', block: 'LBL_XERO_INFORMATION' });
  for (const pair of SYNC_PAIRS) meta[pair] = await readModuleMetadata(db.knex, PAIR_MODULE[pair]);
});

afterAll(async () => {
  await db?.drop();
});

describe('default mappings on the real Vtiger 8.2 modules', () => {
  it('every default field exists, has a compatible type, and validates', () => {
    for (const pair of SYNC_PAIRS) {
      const mapping = defaultPairMapping(pair, meta[pair].fields);
      expect(() => validateMapping(mapping, meta[pair].fields)).not.toThrow();
      expect(mapping.fields.length).toBeGreaterThan(4);
    }
    expect(defaultPairMapping('services', meta.services.fields).fields[0]).toEqual({ vtigerField: 'service_no', xeroField: 'code', direction: 'toXero' });
  });

  it('projects real sample records (raw SQL values) to stable hashes', async () => {
    const row = (await db.knex('vtiger_products').where({ productid: 10 }).first()) as Record<string, string | null>;
    const fields = defaultPairMapping('products', meta.products.fields).fields;
    const a = hashVtigerRecord(xeroKindOfPair('products'), fields, row, { recordLabel: 'Widget A' });
    expect(a.values).toMatchObject({ productcode: 'WID-001', productname: 'Widget A', unit_price: '19.99' });
    expect(hashVtigerRecord('item', fields, { ...row }, { recordLabel: 'Widget A' }).hash).toBe(a.hash);
  });
});

describe('mapping versions', () => {
  it('starts at the built-in default, and every save is a new version', async () => {
    const fields = meta.accounts.fields;
    expect((await currentMapping(db.knex, 'accounts', fields)).version).toBe(0);
    const v1 = await saveMapping(db.knex, defaultPairMapping('accounts', fields), fields, { at, savedBy: 'admin' });
    const changed = { pair: 'accounts', fields: [...v1.fields, { vtigerField: 'siccode', xeroField: 'companyNumber', direction: 'both' }] };
    const v2 = await saveMapping(db.knex, changed, fields, { at });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await latestMapping(db.knex, 'accounts'))?.fields).toEqual(v2.fields);
    expect((await mappingVersion(db.knex, 'accounts', 1))?.fields).toEqual(v1.fields);
    expect((await listMappingVersions(db.knex, 'accounts')).map((v) => [v.version, v.savedBy])).toEqual([
      [1, 'admin'],
      [2, null],
    ]);
    expect((await currentMapping(db.knex, 'accounts', fields)).version).toBe(2);
  });

  it('refuses a mapping to a missing field and stores nothing', async () => {
    const fields = meta.contacts.fields;
    const message = await expectXTigerError(
      saveMapping(db.knex, { pair: 'contacts', fields: [{ vtigerField: 'lastname', xeroField: 'name', direction: 'both' }, { vtigerField: 'cf_nope', xeroField: 'taxNumber', direction: 'both' }] }, fields, { at }),
      'SYNC_MAPPING_INVALID',
    );
    expect(message).toContain('cf_nope');
    expect(await latestMapping(db.knex, 'contacts')).toBeUndefined();
  });
});

describe('links', () => {
  const link: SyncLink = {
    pair: 'contacts',
    crmid: 9,
    xeroId: '7f6e5d4c-0000-4000-8000-000000000009',
    xeroKind: 'contact',
    state: 'active',
    vtigerHash: 'a'.repeat(64),
    xeroHash: 'b'.repeat(64),
    vtigerSnapshot: { firstname: 'Maria', lastname: 'García 😀' },
    xeroSnapshot: { firstname: 'Maria', lastname: 'García 😀' },
    vtigerModifiedAt: new Date('2026-01-05T08:00:00.000Z'),
    xeroUpdatedAt: new Date('2026-01-05T08:30:00.250Z'),
    mappingVersion: 2,
    lastSyncedAt: at,
  };

  it('upserts idempotently on (pair, crmid), keeping UTF-8 beyond the BMP', async () => {
    await upsertLink(db.knex, link);
    await upsertLink(db.knex, link);
    const rows = await db.knex('xtiger_links').where({ pair: 'contacts', crmid: 9 });
    expect(rows).toHaveLength(1);
    expect(await findLinkByCrmid(db.knex, 'contacts', 9)).toEqual(link);
    expect(await findLinkByXeroId(db.knex, 'contacts', link.xeroId)).toEqual(link);
    await upsertLink(db.knex, { ...link, xeroHash: 'c'.repeat(64), mappingVersion: 3 });
    expect((await findLinkByCrmid(db.knex, 'contacts', 9))?.xeroHash).toBe('c'.repeat(64));
    expect(await db.knex('xtiger_links').where({ pair: 'contacts' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('refuses to link a Xero id that another record holds', async () => {
    const message = await expectXTigerError(upsertLink(db.knex, { ...link, crmid: 8 }), 'SYNC_LINK_CONFLICT');
    expect(message).toContain('already linked to Vtiger record 9');
    // The same Xero id may be linked in another pair.
    await upsertLink(db.knex, { ...link, pair: 'accounts', crmid: 2 });
  });

  it('finds links in bulk, persons of an organization, and updates the state', async () => {
    const org = '11111111-2222-4333-8444-555555555555';
    await upsertLink(db.knex, { ...link, crmid: 5, xeroId: personXeroId(org, 5), xeroKind: 'person' });
    await upsertLink(db.knex, { ...link, crmid: 6, xeroId: personXeroId(org, 6), xeroKind: 'person' });
    const found = await findLinksByCrmids(db.knex, 'contacts', [5, 6, 7, 9]);
    expect([...found.keys()].sort()).toEqual([5, 6, 9]);
    expect((await findPersonLinks(db.knex, org)).map((l) => l.crmid).sort()).toEqual([5, 6]);
    expect(await setLinkState(db.knex, 'contacts', 9, 'xeroArchived')).toBe(1);
    const archived = await findLinkByCrmid(db.knex, 'contacts', 9);
    expect(archived && toPlanLink(archived)).toMatchObject({ state: 'xeroArchived', xeroUpdatedAt: Date.parse('2026-01-05T08:30:00.250Z') });
  });
});

describe('checkpoints', () => {
  it('stores, replaces and resets the cursor of each side', async () => {
    expect(await readCheckpoint(db.knex, 'contacts', 'xero', xeroCursorSchema)).toBeUndefined();
    const first = advanceXeroCursor(undefined, [{ xeroId: 'a', hash: 'h', updatedAt: '2026-01-05T10:00:00Z' }]);
    await saveCheckpoint(db.knex, 'contacts', 'xero', first, at);
    const second = advanceXeroCursor(first, [{ xeroId: 'b', hash: 'h2', updatedAt: '2026-01-05T10:01:00Z' }]);
    await saveCheckpoint(db.knex, 'contacts', 'xero', second, at);
    await saveCheckpoint(db.knex, 'contacts', 'vtiger', { modifiedSince: '2026-01-05 09:00:00', lastCrmid: 9 }, at);
    expect(await readCheckpoint(db.knex, 'contacts', 'xero', xeroCursorSchema)).toEqual(second);
    expect(await readCheckpoint(db.knex, 'contacts', 'vtiger', z.object({ modifiedSince: z.string(), lastCrmid: z.number() }))).toEqual({ modifiedSince: '2026-01-05 09:00:00', lastCrmid: 9 });
    await expectXTigerError(readCheckpoint(db.knex, 'contacts', 'vtiger', z.object({ page: z.number() })), 'SYNC_SETTINGS_INVALID');
    await resetCheckpoint(db.knex, 'contacts', 'xero');
    expect(await readCheckpoint(db.knex, 'contacts', 'xero', xeroCursorSchema)).toBeUndefined();
  });
});

describe('sync settings and selection', () => {
  beforeAll(async () => {
    await db.knex('vtiger_contactscf').whereIn('contactid', [6, 8]).update({ xt_allow_sync: '1' });
    await db.knex('vtiger_contactscf').whereIn('contactid', [5]).update({ xt_allow_sync: '0' });
    await db.knex('vtiger_account').whereIn('accountid', [2, 4]).update({ account_type: 'Customer' });
    await db.knex('vtiger_account').where({ accountid: 3 }).update({ account_type: 'Reseller' });
    await db.knex('vtiger_products').where({ productid: 13 }).update({ discontinued: 0 });
  });

  it('reads defaults and stores validated settings', async () => {
    expect(await readSyncSettings(db.knex, 'accounts')).toEqual({ enabled: true, direction: 'both', selection: { kind: 'all' }, conflictPolicy: 'most_recent', archiveInXeroOnVtigerDelete: true });
    const saved = await saveSyncSettings(db.knex, 'accounts', { direction: 'toXero', selection: { kind: 'status', field: 'accounttype', values: ['Customer'] }, conflictPolicy: 'hold' }, meta.accounts.fields, at);
    expect(await readSyncSettings(db.knex, 'accounts')).toEqual(saved);
    expect(saved.direction).toBe('toXero');
    const bad = await expectXTigerError(
      saveSyncSettings(db.knex, 'accounts', { selection: { kind: 'status', field: 'accounttype', values: ['Vendor'] } }, meta.accounts.fields, at),
      'SYNC_SETTINGS_INVALID',
    );
    expect(bad).toBe('"Vendor" is not a value of Accounts field "Type" (accounttype).');
    await expectXTigerError(saveSyncSettings(db.knex, 'accounts', { selection: { kind: 'allowSync' } }, meta.accounts.fields, at), 'SYNC_SETTINGS_INVALID');
    await expectXTigerError(saveSyncSettings(db.knex, 'products', { selection: { kind: 'status', field: 'productname', values: ['x'] } }, meta.products.fields, at), 'SYNC_SETTINGS_INVALID');
  });

  it('each selection returns exactly the chosen records', async () => {
    expect(await selectCrmids(db.knex, meta.contacts, { kind: 'all' })).toEqual([5, 6, 7, 8, 9]);
    expect(await selectCrmids(db.knex, meta.contacts, { kind: 'allowSync' })).toEqual([6, 8]);
    expect(await selectCrmids(db.knex, meta.contacts, { kind: 'ids', crmids: [9, 5, 2] })).toEqual([5, 9]);
    expect(await selectCrmids(db.knex, meta.accounts, { kind: 'status', field: 'accounttype', values: ['Customer'] })).toEqual([2, 4]);
    expect(await selectCrmids(db.knex, meta.accounts, { kind: 'status', field: 'accounttype', values: ['Customer', 'Reseller'] })).toEqual([2, 3, 4]);
    expect(await selectCrmids(db.knex, meta.products, { kind: 'status', field: 'discontinued', values: ['1'] })).toEqual([10, 11, 12]);
    expect(await selectCrmids(db.knex, meta.services, { kind: 'all' })).toEqual([14]);
    expect(await selectCrmids(db.knex, meta.contacts, { kind: 'allowSync' }, { restrictTo: [5, 6, 7] })).toEqual([6]);
    expect(await selectCrmids(db.knex, meta.contacts, { kind: 'all' }, { restrictTo: [] })).toEqual([]);
  });

  it('leaves deleted records out unless asked, so deletes of linked records can be found', async () => {
    await db.knex('vtiger_crmentity').where({ crmid: 7 }).update({ deleted: 1 });
    expect(await selectCrmids(db.knex, meta.contacts, { kind: 'all' })).toEqual([5, 6, 8, 9]);
    expect([...(await selectedAmong(db.knex, meta.contacts, { kind: 'all' }, [7, 9, 100]))].sort()).toEqual([7, 9]);
    await db.knex('vtiger_crmentity').where({ crmid: 7 }).update({ deleted: 0 });
  });
});
