/**
 * Which zip entries Vtiger's installer takes, and where it puts them.
 *
 * Vtiger_PackageImport::initImport() extracts by prefix (`modules/<M>`, `languages`, `layouts`, `settings/…`,
 * `cron`, `templates`, `images`, `<M>.png`) and silently ignores everything else. Those prefixes are loose: a
 * `languages/en_us/Contacts.php` in our zip would overwrite Vtiger's own Contacts strings, and `modules/XTigerX/`
 * would be extracted for module `XTiger`. So a package of ours may only carry the paths below — its own files.
 */
export type EntryVerdict = { ok: true; installedAs: string | null } | { ok: false; reason: string };

const SETTINGS_FOLDERS = ['actions', 'views', 'models', 'connectors', 'libraries', 'handlers'] as const;

export function classifyEntry(entry: string, moduleName: string): EntryVerdict {
  if (entry.startsWith('/') || entry.includes('\\') || entry.split('/').some((part) => part === '..' || part === '.')) {
    return { ok: false, reason: 'unsafe path (absolute, backslash or dot segment)' };
  }
  if (entry === 'manifest.xml') return { ok: true, installedAs: null };
  const m = escapeRegExp(moduleName);
  const own: Array<[RegExp, (e: string) => string]> = [
    [new RegExp(`^modules/${m}/.+[^/]$`), (e) => e],
    [new RegExp(`^languages/[a-z]{2}_[a-z]{2}/${m}\\.php$`), (e) => e],
    [new RegExp(`^languages/[a-z]{2}_[a-z]{2}/Settings/${m}\\.php$`), (e) => e],
    [new RegExp(`^layouts/v7/modules/${m}/.+[^/]$`), (e) => e],
    [new RegExp(`^layouts/v7/modules/Settings/${m}/.+[^/]$`), (e) => e],
    [new RegExp(`^settings/(${SETTINGS_FOLDERS.join('|')})/.+[^/]$`), (e) => `modules/Settings/${moduleName}/${e.slice('settings/'.length)}`],
    [/^cron\/[^/]+\.service$/, (e) => `cron/modules/${moduleName}/${e.slice('cron/'.length)}`],
  ];
  for (const [pattern, target] of own) {
    if (pattern.test(entry)) return { ok: true, installedAs: target(entry) };
  }
  return { ok: false, reason: `not a path Vtiger's installer extracts for module ${moduleName} (see vtiger-modules.md)` };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
