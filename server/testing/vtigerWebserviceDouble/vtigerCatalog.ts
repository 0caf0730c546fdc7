import type { Knex } from 'knex';
import { ModuleMetadataCache } from '../../vtiger/schema/ModuleMetadataCache.js';
import type { ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import type { IdResolver } from './fieldValues.js';
import { fault } from './wsFault.js';

/**
 * What the double knows about the Vtiger database it serves, read from Vtiger's own tables: webservice
 * entities and their id prefixes, module metadata, which modules keep history, the taxes and charges.
 */
export interface WsEntity {
  id: number;
  name: string;
  isModule: boolean;
}

export interface TaxDefinition {
  taxid: number;
  taxname: string;
  taxlabel: string;
  percentage: string;
}

export class VtigerCatalog implements IdResolver {
  private readonly metadata: ModuleMetadataCache;

  private constructor(
    readonly knex: Knex,
    readonly entities: WsEntity[],
    private readonly trackedTabids: Set<number>,
    readonly taxes: TaxDefinition[],
    readonly shippingTaxes: TaxDefinition[],
  ) {
    this.metadata = new ModuleMetadataCache(knex);
  }

  static async load(knex: Knex): Promise<VtigerCatalog> {
    const entities = ((await knex('vtiger_ws_entity').select('id', 'name', 'ismodule').orderBy('id')) as Array<{ id: number; name: string; ismodule: number }>).map(
      (e) => ({ id: e.id, name: e.name, isModule: Number(e.ismodule) === 1 }),
    );
    const tracked = (await knex('vtiger_modtracker_tabs').where('visible', 1).select('tabid')) as Array<{ tabid: number }>;
    const readTaxes = async (table: string) =>
      ((await knex(table).where('deleted', 0).orderBy('taxid').select('taxid', 'taxname', 'taxlabel', 'percentage')) as TaxDefinition[]).map((t) => ({
        ...t,
        percentage: String(t.percentage),
      }));
    return new VtigerCatalog(knex, entities, new Set(tracked.map((t) => Number(t.tabid))), await readTaxes('vtiger_inventorytaxinfo'), await readTaxes('vtiger_shippingtaxinfo'));
  }

  moduleOfPrefix(prefix: string): string | undefined {
    return this.entities.find((e) => String(e.id) === prefix)?.name;
  }

  prefixOf(module: string): string {
    const entity = this.entities.find((e) => e.name === module);
    if (!entity) throw fault.denied();
    return String(entity.id);
  }

  wsId(module: string, crmid: number | string): string {
    return `${this.prefixOf(module)}x${crmid}`;
  }

  isEntityModule(module: string): boolean {
    return this.entities.some((e) => e.name === module && e.isModule);
  }

  /** Metadata of a module the webservice handles as records; unknown → ACCESS_DENIED as in Vtiger. */
  async module(module: string): Promise<ModuleMetadata> {
    if (!this.isEntityModule(module)) throw fault.denied();
    try {
      return await this.metadata.get(module);
    } catch {
      throw fault.denied();
    }
  }

  isTracked(meta: ModuleMetadata): boolean {
    return this.trackedTabids.has(meta.tabid);
  }
}

export const INVENTORY_MODULES = new Set(['Invoice', 'Quotes', 'SalesOrder', 'PurchaseOrder']);
export const PRODUCT_MODULES = new Set(['Products', 'Services']);
