import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ENTITY_PACKAGES, MODULE_SOURCE_ROOT, SHARED_LIFECYCLE_SOURCE, SHARED_MODULE_FILES_SOURCE, SHARED_OWNED_RECORDS_SOURCE, WIDGET_BUNDLE_ENTRY, type PackageName } from './modules.js';
import { renderXTigerDefinitionsPhp, XTIGER_DEFINITIONS_ENTRY } from './xtigerDefinitions.js';

/** Zip entry path → content. Entries are sorted when written, so builds are reproducible. */
export type PackageFiles = Map<string, Buffer>;

/**
 * Everything one package's zip holds: its source tree (vtiger-module/<Name>/, laid out as the zip) plus the files
 * the build generates — XTiger's definitions and widget bundle, the entity modules' shared install hook.
 */
export async function stagePackage(name: PackageName, generated: { widgetBundle: string }): Promise<PackageFiles> {
  const files: PackageFiles = new Map();
  const root = path.join(MODULE_SOURCE_ROOT, name);
  for (const file of await listFiles(root)) {
    files.set(path.relative(root, file).split(path.sep).join('/'), await readFile(file));
  }
  if (name === 'XTiger') {
    files.set(XTIGER_DEFINITIONS_ENTRY, Buffer.from(renderXTigerDefinitionsPhp()));
    files.set(WIDGET_BUNDLE_ENTRY, Buffer.from(generated.widgetBundle));
  }
  if (ENTITY_PACKAGES.includes(name)) {
    files.set(`modules/${name}/EntityModuleLifecycle.php`, await readFile(SHARED_LIFECYCLE_SOURCE));
    files.set(`modules/${name}/XTigerOwnedRecords.php`, await readFile(SHARED_OWNED_RECORDS_SOURCE));
  }
  files.set(`modules/${name}/ModuleFiles.php`, await readFile(SHARED_MODULE_FILES_SOURCE));
  return files;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
