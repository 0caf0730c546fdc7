import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_NAMES, type PackageName } from '../../../scripts/zip/modules.js';
import { stagePackage } from '../../../scripts/zip/stagePackage.js';
import { buildWidgetBundle } from '../../../scripts/zip/widgetBundle.js';
import { writeZip } from '../../../scripts/zip/zipFiles.js';
import type { RealVtiger, VtigerSession } from './index.js';

/**
 * The steps of a module's life on the real Vtiger, each through the code path an admin's action runs:
 * Module Manager's import (upload → step 3 = Vtiger_Package::import), its enable/disable switch
 * (action=Basic mode=updateModuleStatus → vtlib_toggleModuleAccess), its update (Vtiger_Package::update) and
 * vtlib's uninstall (Vtiger_Module::delete, which fires module.preuninstall).
 */
export type Zips = Record<PackageName, string>;

/** Builds the four zips into `dir`, with `version` in place of each manifest's <version> when given. */
export async function buildZips(dir: string, version?: string): Promise<Zips> {
  const widgetBundle = await buildWidgetBundle();
  const zips = {} as Zips;
  for (const name of PACKAGE_NAMES) {
    const files = await stagePackage(name, { widgetBundle });
    if (version) {
      const manifest = files.get('manifest.xml')?.toString('utf8') ?? '';
      if (!/<version>[^<]*<\/version>/.test(manifest)) throw new Error(`${name}: manifest has no <version>`);
      files.set('manifest.xml', Buffer.from(manifest.replace(/<version>[^<]*<\/version>/, `<version>${version}</version>`)));
    }
    zips[name] = path.join(dir, `${name}.zip`);
    await writeZip(zips[name], files);
  }
  return zips;
}

const phpString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Vtiger_Package::import of each zip in one php-cli run (what Module Manager's step 3 calls). */
export async function importWithVtlib(vtiger: RealVtiger, zips: string[]): Promise<void> {
  const calls = zips.map((z) => `(new Vtiger_Package())->import(${phpString(z)}); echo 'imported ', basename(${phpString(z)}), "\\n";`).join('\n');
  const out = await vtiger.runPhp(calls);
  if ((out.match(/^imported /gm) ?? []).length !== zips.length) throw new Error(`vtlib import did not finish:\n${out}`);
}

/** Vtiger_Package::update of each module from its zip (what Module Manager's update step 3 calls). */
export async function updateWithVtlib(vtiger: RealVtiger, modules: Array<{ name: string; zip: string }>): Promise<void> {
  const calls = modules
    .map((m) => `(new Vtiger_Package())->update(Vtiger_Module::getInstance(${phpString(m.name)}), ${phpString(m.zip)}); echo "updated ${m.name}\\n";`)
    .join('\n');
  const out = await vtiger.runPhp(calls);
  if ((out.match(/^updated /gm) ?? []).length !== modules.length) throw new Error(`vtlib update did not finish:\n${out}`);
}

/** vtlib's uninstall: Vtiger_Module::delete (fires module.preuninstall), one module at a time. */
export async function uninstallWithVtlib(vtiger: RealVtiger, modules: string[]): Promise<void> {
  const calls = modules.map((m) => `Vtiger_Module::getInstance(${phpString(m)})->delete(); echo "deleted ${m}\\n";`).join('\n');
  const out = await vtiger.runPhp(calls);
  if ((out.match(/^deleted /gm) ?? []).length !== modules.length) throw new Error(`vtlib uninstall did not finish:\n${out}`);
}

/** Module Manager → Import Module over HTTP, as the admin's browser does it: upload (step 2), then import or update (step 3). */
export async function importWithModuleManager(admin: VtigerSession, zip: string, mode: 'import' | 'update'): Promise<void> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ module: 'ModuleManager', moduleAction: 'Import', parent: 'Settings', view: 'ModuleImport', mode: 'importUserModuleStep2', acceptDisclaimer: 'on' })) form.append(k, v);
  form.append('moduleZip', new Blob([await readFile(zip)], { type: 'application/zip' }), path.basename(zip));
  const step2 = await admin.postMultipart(form);
  const field = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(step2.body)?.[1];
  const file = field('module_import_file');
  const type = field('module_import_type');
  const name = field('module_import_name');
  if (step2.status !== 200 || !file || !name) throw new Error(`Module Manager upload of ${path.basename(zip)} failed: HTTP ${step2.status}`);
  const step3 = await admin.post({
    module: 'ModuleManager', parent: 'Settings', action: 'Basic', mode: mode === 'import' ? 'importUserModuleStep3' : 'updateUserModuleStep3',
    module_import_file: file, module_import_type: type, module_import_name: name,
  });
  const result = parseResponse(step3.status, step3.body);
  if (result?.['success'] !== true) throw new Error(`Module Manager ${mode} of ${name} failed: HTTP ${step3.status} ${step3.body.slice(0, 300)}`);
}

/** Module Manager's enable/disable switch over HTTP (action=Basic, mode=updateModuleStatus). */
export async function setModuleStatus(admin: VtigerSession, moduleName: string, enabled: boolean): Promise<void> {
  const res = await admin.post({ module: 'ModuleManager', parent: 'Settings', action: 'Basic', mode: 'updateModuleStatus', forModule: moduleName, updateStatus: enabled ? 'true' : 'false' });
  if (res.status !== 200 || !/"success":true/.test(res.body)) throw new Error(`${enabled ? 'enabling' : 'disabling'} ${moduleName} failed: HTTP ${res.status} ${res.body.slice(0, 300)}`);
}

function parseResponse(status: number, body: string): Record<string, unknown> | undefined {
  if (status !== 200) return undefined;
  try {
    const json = JSON.parse(body) as { success?: boolean; result?: Record<string, unknown> };
    return json.success ? json.result : undefined;
  } catch {
    return undefined;
  }
}
