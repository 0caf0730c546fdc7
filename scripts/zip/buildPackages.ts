import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DIST_DIR, PACKAGE_NAMES, type PackageName } from './modules.js';
import { stagePackage } from './stagePackage.js';
import { validateZipFile, type ZipProblem } from './validatePackage.js';
import { buildWidgetBundle } from './widgetBundle.js';
import { writeZip } from './zipFiles.js';
import { xtigerDefinitions } from './xtigerDefinitions.js';

export interface BuiltPackage {
  name: PackageName;
  file: string;
  entries: number;
  bytes: number;
  problems: ZipProblem[];
}

/** Stages, zips and re-reads + validates every package. */
export async function buildPackages(outDir: string = DIST_DIR): Promise<BuiltPackage[]> {
  const widgetBundle = await buildWidgetBundle();
  const definitions = xtigerDefinitions();
  const built: BuiltPackage[] = [];
  for (const name of PACKAGE_NAMES) {
    const files = await stagePackage(name, { widgetBundle });
    const file = path.join(outDir, `${name}.zip`);
    await writeZip(file, files);
    const problems = await validateZipFile(file, name, { definitions });
    built.push({ name, file, entries: files.size, bytes: (await stat(file)).size, problems });
  }
  return built;
}
