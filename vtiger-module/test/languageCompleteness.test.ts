import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { xtigerDefinitions } from '../../scripts/zip/xtigerDefinitions.js';
import { JS_STRING_KEYS } from '../../widget/src/jsStringKeys.js';
import { listFiles, MODULES_DIR, readLanguageFile, type LanguageFile } from './php.js';

/**
 * Every string a user can see has an English and a Japanese text: each field label, block label, picklist value and
 * filter name of the manifests; every key the PHP, the templates and the widget ask for; and both languages of a
 * file have the same keys.
 */
const LANGUAGES = ['en_us', 'ja_jp'] as const;
const ENTITY_MODULES = ['XTLog', 'XTQueue', 'XeroAccounts'] as const;

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (n) => ['block', 'field', 'picklistvalue', 'customview'].includes(n) });

interface ManifestField { fieldlabel: string; picklistvalues?: { picklistvalue: string[] } }
interface Manifest { module: { name: string; blocks: { block: Array<{ label: string; fields: { field: ManifestField[] } }> }; customviews?: { customview: Array<{ viewname: string }> } } }

async function manifestKeys(module: string): Promise<string[]> {
  const m = (parser.parse(await readFile(path.join(MODULES_DIR, module, 'manifest.xml'), 'utf8')) as Manifest).module;
  const keys = [m.name, `SINGLE_${m.name}`];
  for (const block of m.blocks.block) {
    keys.push(block.label);
    for (const field of block.fields.field) {
      keys.push(field.fieldlabel, ...(field.picklistvalues?.picklistvalue ?? []));
    }
  }
  keys.push(...(m.customviews?.customview ?? []).map((c) => c.viewname));
  return [...new Set(keys)];
}

async function strings(relative: string): Promise<Record<(typeof LANGUAGES)[number], LanguageFile>> {
  const [en, ja] = await Promise.all(LANGUAGES.map((lang) => readLanguageFile(path.join(MODULES_DIR, relative.replace('<lang>', lang)))));
  return { en_us: en as LanguageFile, ja_jp: ja as LanguageFile };
}

function missing(file: LanguageFile, keys: readonly string[], kind: keyof LanguageFile = 'languageStrings'): string[] {
  return keys.filter((k) => typeof file[kind][k] !== 'string' || file[kind][k]!.trim() === '');
}

async function sourceKeys(dir: string, suffix: string, pattern: RegExp): Promise<string[]> {
  const keys = new Set<string>();
  for (const file of await listFiles(dir, suffix)) {
    for (const m of (await readFile(file, 'utf8')).matchAll(pattern)) keys.add(m[1] as string);
  }
  return [...keys];
}

describe('language completeness', () => {
  it.each(ENTITY_MODULES)('%s: every manifest label, picklist value and filter exists in en_us and ja_jp', async (module) => {
    const keys = await manifestKeys(module);
    const files = await strings(`${module}/languages/<lang>/${module}.php`);
    for (const lang of LANGUAGES) expect({ lang, missing: missing(files[lang], keys) }).toEqual({ lang, missing: [] });
  });

  it('XTiger: every string shown inside the synced modules and every key its PHP uses exists in both languages', async () => {
    const defs = xtigerDefinitions();
    const hostKeys = new Set<string>([defs.blockLabel, ...defs.moduleLinks.map((l) => l.linklabel)]);
    for (const m of Object.values(defs.modules)) {
      for (const f of m.fields) {
        hostKeys.add(f.label as string);
        for (const v of f.picklistValues as string[]) hostKeys.add(v);
      }
    }
    const phpKeys = await sourceKeys(path.join(MODULES_DIR, 'XTiger/modules'), '.php', /vtranslate\('([^']+)',\s*'XTiger'\)/g);
    expect(phpKeys).toContain('LBL_BRIDGE_MISSING');
    const files = await strings('XTiger/languages/<lang>/XTiger.php');
    for (const lang of LANGUAGES) {
      expect({ lang, missing: missing(files[lang], [...hostKeys, ...phpKeys, 'XTiger']) }).toEqual({ lang, missing: [] });
      expect({ lang, missing: missing(files[lang], JS_STRING_KEYS, 'jsLanguageStrings') }).toEqual({ lang, missing: [] });
    }
  });

  it('XTiger Settings: every key of the templates and of the Settings view exists in both languages', async () => {
    const templateKeys = await sourceKeys(path.join(MODULES_DIR, 'XTiger/layouts'), '.tpl', /vtranslate\('([^']+)',\s*\$QUALIFIED_MODULE\)/g);
    const viewKeys = await sourceKeys(path.join(MODULES_DIR, 'XTiger/settings'), '.php', /'(LBL_[A-Z_]+)'/g);
    expect(templateKeys.length).toBeGreaterThan(5);
    expect(viewKeys).toEqual(expect.arrayContaining(['LBL_API_DETAILS', 'LBL_FIELD_MAPPING', 'LBL_SYNC_SETTINGS', 'LBL_NOTIFICATIONS']));
    const files = await strings('XTiger/languages/<lang>/Settings/XTiger.php');
    for (const lang of LANGUAGES) {
      expect({ lang, missing: missing(files[lang], [...templateKeys, ...viewKeys]) }).toEqual({ lang, missing: [] });
    }
  });

  it.each([
    'XTiger/languages/<lang>/XTiger.php',
    'XTiger/languages/<lang>/Settings/XTiger.php',
    ...ENTITY_MODULES.map((m) => `${m}/languages/<lang>/${m}.php`),
  ])('%s: en_us and ja_jp have the same keys', async (relative) => {
    const files = await strings(relative);
    for (const kind of ['languageStrings', 'jsLanguageStrings'] as const) {
      expect(Object.keys(files.ja_jp[kind]).sort()).toEqual(Object.keys(files.en_us[kind]).sort());
    }
  });
});
