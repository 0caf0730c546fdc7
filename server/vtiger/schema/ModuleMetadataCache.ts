import type { Knex } from 'knex';
import { readModuleMetadata, type ModuleMetadata } from './moduleMetadata.js';

/**
 * Module metadata read once per knex instance (i.e. per Vtiger database). Vtiger's layout changes only when an
 * admin edits fields or an extension installs, so callers that know it changed call `invalidate()`.
 */
export class ModuleMetadataCache {
  private static readonly byKnex = new WeakMap<Knex, ModuleMetadataCache>();
  private readonly entries = new Map<string, Promise<ModuleMetadata>>();

  constructor(private readonly knex: Knex) {}

  /** The shared cache of this knex instance. */
  static for(knex: Knex): ModuleMetadataCache {
    let cache = ModuleMetadataCache.byKnex.get(knex);
    if (!cache) {
      cache = new ModuleMetadataCache(knex);
      ModuleMetadataCache.byKnex.set(knex, cache);
    }
    return cache;
  }

  get(moduleName: string): Promise<ModuleMetadata> {
    let entry = this.entries.get(moduleName);
    if (!entry) {
      entry = readModuleMetadata(this.knex, moduleName);
      this.entries.set(moduleName, entry);
      // A failed read (unknown module, lost connection) is not remembered.
      entry.catch(() => this.entries.delete(moduleName));
    }
    return entry;
  }

  invalidate(moduleName?: string): void {
    if (moduleName === undefined) this.entries.clear();
    else this.entries.delete(moduleName);
  }
}
