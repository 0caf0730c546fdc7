import { build } from 'esbuild';
import { WIDGET_ENTRY } from './modules.js';

/**
 * The widget as one IIFE for Vtiger's pages. jQuery and Vtiger's `app` are globals of the page, never bundled
 * (widget/src/vtigerGlobals.ts declares them). ES2017 keeps it readable by every browser Vtiger 8 supports.
 */
export async function buildWidgetBundle(options: { minify?: boolean } = {}): Promise<string> {
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    minify: options.minify ?? true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    banner: { js: '/* XTiger widget for Vtiger — built by scripts/build-zips.ts from widget/ */' },
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no widget bundle');
  return out.text;
}
