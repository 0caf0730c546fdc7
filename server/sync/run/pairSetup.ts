import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { ModuleMetadataCache } from '../../vtiger/schema/ModuleMetadataCache.js';
import type { ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { CUSTOM_FIELD_TABLES, XERO_FIELDS } from '../../vtiger/xeroInformationBlock.js';
import { CONTACT_PERSON_FIELD_MAPPINGS } from '../mapping/defaultMappings.js';
import { xeroKindOfPair, type FieldMapping } from '../mapping/fieldMapping.js';
import { currentMapping } from '../mapping/mappingRepository.js';
import { fieldLabels } from '../mapping/vtigerFields.js';
import { policyForChoice } from '../plan/planRecord.js';
import { readSyncSettings } from '../selection/syncSettingsRepository.js';
import type { ModuleSyncSettings } from '../selection/syncSettings.js';
import { combineDirections, PAIR_MODULE, type SyncDirection, type SyncPair } from '../types.js';

/**
 * Everything a run needs to know about one module pair, read once per run: the module's metadata, the mapping
 * version in force, the sync settings, and the run's effective direction.
 */
export interface PairSetup {
  pair: SyncPair;
  module: 'Contacts' | 'Accounts' | 'Products' | 'Services';
  meta: ModuleMetadata;
  kind: 'contact' | 'item';
  fields: readonly FieldMapping[];
  /** Contacts only: the fixed mapping of a Contact shown as a ContactPerson on its organization. */
  personFields: readonly FieldMapping[];
  mappingVersion: number;
  settings: ModuleSyncSettings;
  /** Settings direction narrowed by the request's; undefined when they exclude each other (the pair is left out). */
  direction: SyncDirection | undefined;
  labels: Record<string, string>;
  /** The field holding the record number (`contact_no`, `account_no`, `product_no`, `service_no`). */
  numberField: string;
  /** Where the Xero Information block lives. */
  customTable: { table: string; index: string };
}

const NUMBER_FIELDS: Record<SyncPair, string> = { contacts: 'contact_no', accounts: 'account_no', products: 'product_no', services: 'service_no' };

export async function loadPairSetup(
  knex: Knex,
  pair: SyncPair,
  requestDirection: SyncDirection | undefined,
  keep?: 'vtiger' | 'xero',
): Promise<PairSetup> {
  const module = PAIR_MODULE[pair];
  const meta = await ModuleMetadataCache.for(knex).get(module);
  if (!meta.fields.some((f) => f.name === XERO_FIELDS.xeroId.fieldname)) {
    throw new XTigerError('SYNC_SETTINGS_INVALID', `${module} has no Xero Information block (${XERO_FIELDS.xeroId.fieldname}); install XTiger's Vtiger module first.`, {
      details: { pair, module },
    });
  }
  const mapping = await currentMapping(knex, pair, meta.fields);
  const stored = await readSyncSettings(knex, pair);
  // Resolving held conflicts: the chosen side wins this run, as if it were the module's policy.
  const settings = keep === undefined ? stored : { ...stored, conflictPolicy: policyForChoice(keep) };
  return {
    pair,
    module,
    meta,
    kind: xeroKindOfPair(pair),
    fields: mapping.fields,
    personFields: pair === 'contacts' ? CONTACT_PERSON_FIELD_MAPPINGS.filter((fm) => meta.fields.some((f) => f.name === fm.vtigerField)) : [],
    mappingVersion: mapping.version,
    settings,
    direction: requestDirection === undefined ? settings.direction : combineDirections(settings.direction, requestDirection),
    labels: fieldLabels(meta.fields),
    numberField: NUMBER_FIELDS[pair],
    customTable: CUSTOM_FIELD_TABLES[module],
  };
}

/** The Vtiger fields a run reads of each record: mapped ones, the record number, the organization of a contact. */
export function fieldsToRead(setup: PairSetup): string[] {
  const names = new Set<string>([setup.numberField, ...setup.fields.map((f) => f.vtigerField), ...setup.personFields.map((f) => f.vtigerField)]);
  if (setup.pair === 'contacts') names.add('account_id');
  for (const extra of ['email', 'email1', 'firstname', 'lastname', 'accountname', 'productcode']) if (setup.meta.fields.some((f) => f.name === extra)) names.add(extra);
  return [...names].filter((n) => setup.meta.fields.some((f) => f.name === n));
}
