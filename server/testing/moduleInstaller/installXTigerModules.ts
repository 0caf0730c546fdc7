import type { Knex } from 'knex';
import type { Db } from './db.js';
import { importModule, type PostInstallHook } from './importModule.js';
import { readManifestFile, readXTigerManifest, type ModuleManifest, type XTigerModuleName } from './manifest.js';
import { POST_INSTALL_HOOKS, xtigerPostInstall } from './postInstallHooks.js';
import { removeModule, undoXTigerHook } from './uninstall.js';
import { getModule } from './vtlibModule.js';

/**
 * Test support only, never shipped: puts our four modules into a test database the way Vtiger's Module Manager
 * would (vtiger-module/<Module>/manifest.xml through Vtiger_PackageImport's steps, then each module's postinstall
 * hook), so every CI database can have them. See README.md for what is reproduced and the golden comparison.
 */
export interface InstallOptions {
  /** Install only these (default: all four). */
  only?: Array<XTigerModuleName>;
}

export interface InstallReport {
  /** Modules this run installed, in install order. */
  installed: XTigerModuleName[];
  /** Modules that were there already (left untouched, as the Module Manager would refuse to import them again). */
  alreadyInstalled: XTigerModuleName[];
  /** vtiger_tab ids of the requested modules. */
  tabids: Partial<Record<XTigerModuleName, number>>;
  durationMs: number;
}

/** Entity modules first: XTiger's hook adds XTLog and XTQueue related lists to the synced modules. */
export const INSTALL_ORDER: readonly XTigerModuleName[] = ['XTLog', 'XTQueue', 'XeroAccounts', 'XTiger'];

export async function installXTigerModules(knex: Knex, options: InstallOptions = {}): Promise<InstallReport> {
  const started = Date.now();
  const wanted = INSTALL_ORDER.filter((m) => !options.only || options.only.includes(m));
  const manifests = new Map<XTigerModuleName, ModuleManifest>();
  for (const m of wanted) manifests.set(m, await readXTigerManifest(m));
  const report: InstallReport = { installed: [], alreadyInstalled: [], tabids: {}, durationMs: 0 };
  await knex.transaction(async (trx) => {
    for (const name of wanted) {
      const existing = await getModule(trx, name);
      if (existing) {
        report.alreadyInstalled.push(name);
        report.tabids[name] = existing.tabid;
        continue;
      }
      const manifest = manifests.get(name);
      if (!manifest) throw new Error(`no manifest for ${name}`);
      const module = await importModule(trx, manifest, POST_INSTALL_HOOKS[name]);
      report.installed.push(name);
      report.tabids[name] = module.tabid;
    }
    // XTiger's hook is idempotent: when a module arrives after XTiger (e.g. XTLog), rerun it for the new related lists.
    const xtiger = await getModule(trx, 'XTiger');
    if (xtiger && !report.installed.includes('XTiger') && report.installed.length > 0) await xtigerPostInstall(trx, xtiger, new Map());
  });
  report.durationMs = Date.now() - started;
  return report;
}

/** Removes all four modules, their records, tables, fields, links and XTiger's hook effects. */
export async function uninstallXTigerModules(knex: Knex): Promise<XTigerModuleName[]> {
  const removed: XTigerModuleName[] = [];
  await knex.transaction(async (trx) => {
    await undoXTigerHook(trx);
    for (const name of [...INSTALL_ORDER].reverse()) {
      const module = await getModule(trx, name);
      if (!module) continue;
      await removeModule(trx, await readXTigerManifest(name), module);
      removed.push(name);
    }
  });
  return removed;
}

/** Installs any manifest with a given postinstall hook (the golden comparison installs XTGolden this way). */
export async function installManifest(knex: Knex, manifestFile: string, postInstall?: PostInstallHook): Promise<number> {
  const manifest = await readManifestFile(manifestFile);
  return knex.transaction(async (trx: Db) => (await importModule(trx, manifest, postInstall)).tabid);
}
