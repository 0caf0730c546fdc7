import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { classifyEntry } from './installerPaths.js';
import type { PackageFiles } from './stagePackage.js';
import { readZip } from './zipFiles.js';
import { XTIGER_DEFINITIONS_ENTRY } from './xtigerDefinitions.js';
import type { XTigerDefinitions } from './xtigerDefinitions.js';

/**
 * Checks a module zip the way Vtiger's installer reads it (Vtiger_PackageImport::checkZip / initImport), plus what
 * the installer would only find out at run time: files that links, handlers, crons and PHP includes point to.
 */
export interface ZipProblem {
  zip: string;
  /** The zip entry at fault (or the one that is missing). */
  entry: string;
  problem: string;
}

const NON_ENTITY_TYPES = new Set(['extension', 'language', 'layout']);

export function formatProblems(problems: ZipProblem[]): string {
  return problems.map((p) => `${p.zip}: ${p.entry}: ${p.problem}`).join('\n');
}

export async function validateZipFile(file: string, expectedModule: string, context: { definitions?: XTigerDefinitions } = {}): Promise<ZipProblem[]> {
  return validatePackage(path.basename(file), await readZip(file), expectedModule, context);
}

export function validatePackage(
  zip: string,
  files: PackageFiles,
  expectedModule: string,
  context: { definitions?: XTigerDefinitions } = {},
): ZipProblem[] {
  const problems: ZipProblem[] = [];
  const fail = (entry: string, problem: string) => problems.push({ zip, entry, problem });

  const installed = new Map<string, string>();
  for (const entry of files.keys()) {
    const verdict = classifyEntry(entry, expectedModule);
    if (!verdict.ok) fail(entry, verdict.reason);
    else if (verdict.installedAs) installed.set(verdict.installedAs, entry);
  }

  const manifestXml = files.get('manifest.xml');
  if (!manifestXml) {
    fail('manifest.xml', 'missing: the installer rejects a zip without manifest.xml at its root');
    return problems;
  }
  const wellFormed = XMLValidator.validate(manifestXml.toString('utf8'));
  if (wellFormed !== true) {
    fail('manifest.xml', `not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`);
    return problems;
  }
  const parsed = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => ARRAY_TAGS.has(name) }).parse(
    manifestXml.toString('utf8'),
  ) as { module?: Manifest };
  const manifest = parsed.module;
  if (!manifest) {
    fail('manifest.xml', 'root element is not <module>');
    return problems;
  }
  const name = text(manifest.name);
  if (name !== expectedModule) fail('manifest.xml', `<name> is "${name}", expected "${expectedModule}"`);
  const minVersion = text(manifest.dependencies?.vtiger_version);
  if (!minVersion) fail('manifest.xml', 'missing <dependencies><vtiger_version>: the installer rejects the zip');
  else if (compareVersions(minVersion, '6.0.0rc') < 0) fail('manifest.xml', `<vtiger_version> ${minVersion} is below 6.0.0rc: the installer rejects the zip`);
  if (!text(manifest.dependencies?.vtiger_max_version)) fail('manifest.xml', 'missing <dependencies><vtiger_max_version>');

  const type = text(manifest.type).toLowerCase();
  if (!NON_ENTITY_TYPES.has(type) && !files.has(`languages/en_us/${expectedModule}.php`)) {
    fail(`languages/en_us/${expectedModule}.php`, 'missing: an entity module zip needs its en_us language file');
  }
  if (type !== 'language' && type !== 'layout' && !files.has(`modules/${expectedModule}/${expectedModule}.php`)) {
    fail(`modules/${expectedModule}/${expectedModule}.php`, 'missing: Vtiger loads the module class from here (and calls its vtlib_handler)');
  }

  const requireInstalled = (target: string, why: string) => {
    const bare = target.split('?')[0] ?? target;
    if (!installed.has(bare)) fail(bare, `missing: ${why}`);
  };
  for (const link of manifest.customlinks?.customlink ?? []) {
    const url = text(link.linkurl);
    if (isLocalFile(url)) requireInstalled(url, `${text(link.linktype)} link "${text(link.linklabel)}" points to it`);
    const handler = text(link.handler_path);
    if (handler) requireInstalled(handler, `link "${text(link.linklabel)}" handler`);
  }
  for (const cron of manifest.crons?.cron ?? []) {
    requireInstalled(text(cron.handler), `cron "${text(cron.name)}" runs it`);
  }
  for (const event of manifest.events?.event ?? []) {
    requireInstalled(text(event.filename), `event handler ${text(event.classname)} for ${text(event.eventname)}`);
  }

  checkPhpIncludes(files, fail);
  if (expectedModule === 'XTiger') checkXTigerDefinitions(files, installed, fail, context.definitions);
  return problems;
}

/** `require_once 'modules/…'` and `require_once dirname(__FILE__) . '/…'` must name files of the package. */
function checkPhpIncludes(files: PackageFiles, fail: (entry: string, problem: string) => void): void {
  const ownModules = new Set([...files.keys()].filter((e) => e.startsWith('modules/')));
  for (const [entry, content] of files) {
    if (!entry.endsWith('.php') || !entry.startsWith('modules/')) continue;
    const source = content.toString('utf8');
    for (const m of source.matchAll(/require(?:_once)?\s*\(?\s*'(modules\/[^']+\.php)'/g)) {
      const target = m[1] as string;
      const ours = target.split('/')[1] === entry.split('/')[1];
      if (ours && !ownModules.has(target)) fail(target, `missing: ${entry} requires it`);
    }
    for (const m of source.matchAll(/require(?:_once)?\s*\(?\s*dirname\(__FILE__\)\s*\.\s*'\/([^']+\.php)'/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(entry), m[1] as string));
      if (!files.has(target)) fail(target, `missing: ${entry} requires it`);
    }
  }
}

/** XTiger registers its links from the generated definitions: their targets must ship too. */
function checkXTigerDefinitions(
  files: PackageFiles,
  installed: Map<string, string>,
  fail: (entry: string, problem: string) => void,
  definitions: XTigerDefinitions | undefined,
): void {
  if (!files.has(XTIGER_DEFINITIONS_ENTRY)) {
    fail(XTIGER_DEFINITIONS_ENTRY, 'missing: the install hook reads the block, links and Settings entry from it');
    return;
  }
  if (!definitions) return;
  const script = definitions.headerScript.linkurl;
  const bundle = installed.has(script) ? files.get(installed.get(script) as string) : undefined;
  if (!bundle) {
    fail(script, `missing: the HEADERSCRIPT link "${definitions.headerScript.linklabel}" points to it`);
  } else {
    for (const link of definitions.moduleLinks) {
      const call = /^javascript:\s*XTiger\.([A-Za-z_$][\w$]*)\(/.exec(link.linkurl);
      if (call && !new RegExp(`\\b${call[1]}\\b`).test(bundle.toString('utf8'))) {
        fail(script, `does not define XTiger.${call[1]}, which the ${link.linktype} link "${link.linklabel}" calls`);
      }
    }
  }
  const view = /[?&]view=([A-Za-z]+)/.exec(definitions.settingsEntry.linkto)?.[1];
  if (view) {
    const target = /[?&]parent=Settings/.test(definitions.settingsEntry.linkto) ? `modules/Settings/XTiger/views/${view}.php` : `modules/XTiger/views/${view}.php`;
    if (!installed.has(target)) fail(target, `missing: the Settings entry "${definitions.settingsEntry.name}" opens it`);
  }
}

function isLocalFile(url: string): boolean {
  return url !== '' && !/^(javascript:|index\.php|https?:|\/\/|#)/i.test(url);
}

/** PHP's version_compare for the forms Vtiger uses (7.0.0, 6.0.0rc, 8.*). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.toLowerCase().replace(/([a-z]+)/g, '.$1.').split(/[.\-_+]/).filter(Boolean);
  const rank = (p: string) => (/^\d+$/.test(p) ? 10 : p === 'rc' ? 3 : p === 'beta' || p === 'b' ? 2 : p === 'alpha' || p === 'a' ? 1 : 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return y !== undefined && /^\d+$/.test(y) ? -1 : 1;
    if (y === undefined) return /^\d+$/.test(x) ? 1 : -1;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) {
      if (Number(x) !== Number(y)) return Number(x) < Number(y) ? -1 : 1;
    } else if (rank(x) !== rank(y)) {
      return rank(x) < rank(y) ? -1 : 1;
    }
  }
  return 0;
}

const ARRAY_TAGS = new Set(['customlink', 'cron', 'event', 'block', 'field', 'table', 'customview', 'relatedlist', 'picklistvalue', 'relatedmodule']);

type XmlText = string | number | undefined;
function text(value: unknown): string {
  return value === undefined || value === null || typeof value === 'object' ? '' : String(value as XmlText).trim();
}

interface Manifest {
  name?: XmlText;
  type?: XmlText;
  dependencies?: { vtiger_version?: XmlText; vtiger_max_version?: XmlText };
  customlinks?: { customlink?: Array<{ linktype?: XmlText; linklabel?: XmlText; linkurl?: XmlText; handler_path?: XmlText }> };
  crons?: { cron?: Array<{ name?: XmlText; handler?: XmlText }> };
  events?: { event?: Array<{ eventname?: XmlText; classname?: XmlText; filename?: XmlText }> };
}
