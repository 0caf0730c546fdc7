import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { REPO_ROOT } from '../paths.js';

/**
 * A vtlib manifest.xml as Vtiger's Vtiger_PackageImport reads it (the parts the test installer applies).
 * Values keep Vtiger's meaning: numbers where vtlib stores numbers, strings where it stores text.
 */
export interface ManifestField {
  fieldname: string;
  uitype: number;
  columnname: string;
  tablename: string;
  generatedtype: number;
  fieldlabel: string;
  readonly: number;
  presence: number;
  defaultvalue: string;
  /** undefined when absent or empty: vtlib then takes the next free sequence of the block. */
  sequence: number | undefined;
  maximumlength: number;
  typeofdata: string;
  quickcreate: number;
  quickcreatesequence: number | undefined;
  displaytype: number;
  info_type: string;
  helpinfo: string;
  masseditable: number;
  summaryfield: number;
  columntype: string | undefined;
  entityidentifier: { entityidfield: string; entityidcolumn: string } | undefined;
  picklistvalues: string[];
  relatedmodules: string[];
}

export interface ManifestBlock {
  label: string;
  fields: ManifestField[];
}

export interface ManifestFilterRule {
  columnindex: number;
  comparator: string;
  value: string;
}

export interface ManifestCustomView {
  viewname: string;
  setdefault: boolean;
  setmetrics: boolean;
  fields: Array<{ fieldname: string; columnindex: number; rules: ManifestFilterRule[] }>;
}

export interface ManifestRelatedList {
  function: string;
  label: string;
  relatedmodule: string;
  actions: string[] | false;
}

export interface ManifestLink {
  linktype: string;
  linklabel: string;
  linkurl: string;
  linkicon: string;
  sequence: number;
}

export interface ModuleManifest {
  name: string;
  label: string;
  /** Menu apps (`Tools`, or a comma list); empty for none. */
  parents: string[];
  type: 'entity' | 'extension' | 'language' | 'layout';
  isEntity: boolean;
  version: string;
  vtigerVersion: string;
  vtigerMaxVersion: string;
  tables: Array<{ name: string; sql: string }>;
  blocks: ManifestBlock[];
  customviews: ManifestCustomView[];
  sharingDefaults: string[];
  actions: Array<{ name: string; enabled: boolean }>;
  relatedlists: ManifestRelatedList[];
  customlinks: ManifestLink[];
  /** Parts the test installer does not apply; present ones make it refuse the manifest. */
  unsupported: string[];
}

export const XTIGER_MODULES = ['XTiger', 'XTLog', 'XTQueue', 'XeroAccounts'] as const;
export type XTigerModuleName = (typeof XTIGER_MODULES)[number];

export const VTIGER_MODULE_DIR = path.join(REPO_ROOT, 'vtiger-module');

const ARRAY_PATHS = new Set([
  'module.tables.table', 'module.blocks.block', 'module.blocks.block.fields.field',
  'module.blocks.block.fields.field.picklistvalues.picklistvalue', 'module.blocks.block.fields.field.relatedmodules.relatedmodule',
  'module.customviews.customview', 'module.customviews.customview.fields.field', 'module.customviews.customview.fields.field.rules.rule',
  'module.sharingaccess.default', 'module.actions.action', 'module.relatedlists.relatedlist', 'module.relatedlists.relatedlist.actions.action',
  'module.customlinks.customlink', 'module.events.event', 'module.crons.cron',
]);

type Node = Record<string, unknown>;

function text(node: Node, key: string): string {
  const v = node[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}
function int(node: Node, key: string, fallback: number): number {
  const t = text(node, key).trim();
  if (t === '') return fallback;
  const n = Number(t);
  if (!Number.isInteger(n)) throw new Error(`manifest: <${key}> is "${t}", not an integer`);
  return n;
}
function optInt(node: Node, key: string): number | undefined {
  return text(node, key).trim() === '' ? undefined : int(node, key, 0);
}
function children(node: Node, ...keys: string[]): Node[] {
  let cur: unknown = node;
  for (const k of keys) {
    if (cur === undefined || cur === null || typeof cur !== 'object') return [];
    cur = (cur as Node)[k];
  }
  if (Array.isArray(cur)) return cur.map((c) => (typeof c === 'object' && c !== null ? (c as Node) : { '#text': String(c) }));
  return [];
}
function texts(node: Node, ...keys: string[]): string[] {
  let cur: unknown = node;
  for (const k of keys) {
    if (cur === undefined || cur === null || typeof cur !== 'object') return [];
    cur = (cur as Node)[k];
  }
  return Array.isArray(cur) ? cur.map((c) => String(c)) : [];
}

function parseField(f: Node): ManifestField {
  const ident = f['entityidentifier'] as Node | undefined;
  return {
    fieldname: text(f, 'fieldname'),
    uitype: int(f, 'uitype', 1),
    columnname: text(f, 'columnname'),
    tablename: text(f, 'tablename'),
    generatedtype: int(f, 'generatedtype', 1),
    fieldlabel: text(f, 'fieldlabel'),
    readonly: int(f, 'readonly', 1),
    presence: int(f, 'presence', 2),
    defaultvalue: text(f, 'defaultvalue'),
    sequence: optInt(f, 'sequence'),
    maximumlength: int(f, 'maximumlength', 100),
    typeofdata: text(f, 'typeofdata') || 'V~O',
    quickcreate: int(f, 'quickcreate', 1),
    quickcreatesequence: optInt(f, 'quickcreatesequence'),
    displaytype: int(f, 'displaytype', 1),
    info_type: text(f, 'info_type') || 'BAS',
    helpinfo: text(f, 'helpinfo'),
    masseditable: int(f, 'masseditable', 1),
    summaryfield: int(f, 'summaryfield', 0),
    columntype: text(f, 'columntype') || undefined,
    entityidentifier: ident && typeof ident === 'object'
      ? { entityidfield: text(ident, 'entityidfield'), entityidcolumn: text(ident, 'entityidcolumn') }
      : undefined,
    picklistvalues: texts(f, 'picklistvalues', 'picklistvalue'),
    relatedmodules: texts(f, 'relatedmodules', 'relatedmodule'),
  };
}

/** Parses manifest.xml text; throws naming the file when it is not well-formed or lacks name/version. */
export function parseManifest(xml: string, source = 'manifest.xml'): ModuleManifest {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`${source} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (_name, jpath) => ARRAY_PATHS.has(String(jpath)),
  });
  const doc = parser.parse(xml) as { module?: Node };
  const m = doc.module;
  if (!m || typeof m !== 'object') throw new Error(`${source}: no <module> root`);
  const name = text(m, 'name');
  if (!name) throw new Error(`${source}: <name> is missing`);
  const rawType = text(m, 'type').toLowerCase() || 'entity';
  if (!['entity', 'extension', 'language', 'layout'].includes(rawType)) throw new Error(`${source}: unknown <type> ${rawType}`);
  const type = rawType as ModuleManifest['type'];
  const deps = (m['dependencies'] ?? {}) as Node;
  const parent = text(m, 'parent');
  const unsupported = ['events', 'crons', 'migrations', 'modulebundle'].filter((k) => m[k] !== undefined && m[k] !== '');
  return {
    name,
    label: text(m, 'label') || name,
    parents: parent === '' ? [] : parent.split(','),
    type,
    isEntity: type !== 'extension' && type !== 'language',
    version: text(m, 'version') || '0',
    vtigerVersion: text(deps, 'vtiger_version'),
    vtigerMaxVersion: text(deps, 'vtiger_max_version'),
    tables: children(m, 'tables', 'table').map((t) => ({ name: text(t, 'name'), sql: text(t, 'sql') })),
    blocks: children(m, 'blocks', 'block').map((b) => ({ label: text(b, 'label'), fields: children(b, 'fields', 'field').map(parseField) })),
    customviews: children(m, 'customviews', 'customview').map((cv) => ({
      viewname: text(cv, 'viewname'),
      setdefault: text(cv, 'setdefault') === 'true',
      setmetrics: text(cv, 'setmetrics') === 'true',
      fields: children(cv, 'fields', 'field').map((f) => ({
        fieldname: text(f, 'fieldname'),
        columnindex: int(f, 'columnindex', 0),
        rules: children(f, 'rules', 'rule').map((r) => ({ columnindex: int(r, 'columnindex', 0), comparator: text(r, 'comparator'), value: text(r, 'value') })),
      })),
    })),
    sharingDefaults: texts(m, 'sharingaccess', 'default'),
    actions: children(m, 'actions', 'action').map((a) => ({ name: text(a, 'name'), enabled: text(a, 'status') === 'enabled' })),
    relatedlists: children(m, 'relatedlists', 'relatedlist').map((r) => {
      const actions = texts(r, 'actions', 'action');
      return { function: text(r, 'function'), label: text(r, 'label'), relatedmodule: text(r, 'relatedmodule'), actions: actions.length > 0 ? actions : false };
    }),
    customlinks: children(m, 'customlinks', 'customlink').map((l) => ({
      linktype: text(l, 'linktype'), linklabel: text(l, 'linklabel'), linkurl: text(l, 'linkurl'), linkicon: text(l, 'linkicon'), sequence: int(l, 'sequence', 0),
    })),
    unsupported,
  };
}

export async function readManifestFile(file: string): Promise<ModuleManifest> {
  return parseManifest(await readFile(file, 'utf8'), path.relative(REPO_ROOT, file));
}

/** The manifest of one of our four modules, from vtiger-module/<Module>/manifest.xml (the file that goes in its zip). */
export function readXTigerManifest(module: XTigerModuleName): Promise<ModuleManifest> {
  return readManifestFile(path.join(VTIGER_MODULE_DIR, module, 'manifest.xml'));
}
