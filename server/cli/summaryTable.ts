import { RUN_MODULES, type PairCounts, type RunModule, type RunSummary } from '../sync/run/types.js';
import { PAIR_LABELS } from '../syncRuns/pairLabels.js';

const COLUMNS: ReadonlyArray<keyof PairCounts> = ['created', 'updated', 'unchanged', 'skipped', 'failed', 'conflicts'];

/**
 * The run summary as a text table, one row per module and a total, followed by any module that stopped early
 * and its reason. Pure, so the CLI test and the demo test can read it back.
 *
 *   Module          created  updated  unchanged  skipped  failed  conflicts
 *   Organizations        12        0          0        0       0          0
 */
export function formatSummaryTable(summary: Pick<RunSummary, 'pairs'>): string {
  const pairs = RUN_MODULES.filter((p) => summary.pairs[p] !== undefined);
  // Organizations run before Contacts (a contact with an organization becomes a person on it); invoices last.
  pairs.sort((a, b) => runOrder(a) - runOrder(b));
  const header = ['Module', ...COLUMNS];
  const total: Record<keyof PairCounts, number> = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 };
  const rows = pairs.map((pair) => {
    const counts = summary.pairs[pair];
    return [PAIR_LABELS[pair], ...COLUMNS.map((c) => {
      const n = counts?.[c] ?? 0;
      total[c] += n;
      return String(n);
    })];
  });
  const body = [header, ...rows, ['Total', ...COLUMNS.map((c) => String(total[c]))]];
  const widths = header.map((_, i) => Math.max(...body.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(header), rule, ...rows.map(line), rule, line(body[body.length - 1] ?? [])];
  for (const pair of pairs) {
    const error = summary.pairs[pair]?.error;
    if (error) out.push(`${PAIR_LABELS[pair]} stopped early: ${error.message} (${error.code})`);
  }
  return out.join('\n');
}

function runOrder(pair: RunModule): number {
  return pair === 'accounts' ? -1 : RUN_MODULES.indexOf(pair);
}

/** Parses a table printed by `formatSummaryTable` back into counts (tests of the CLI and the demo read stdout). */
export function parseSummaryTable(text: string): Partial<Record<string, PairCounts>> {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => /^Module\s+created\s+updated\s+unchanged\s+skipped\s+failed\s+conflicts\s*$/.test(l));
  const out: Partial<Record<string, PairCounts>> = {};
  if (headerAt < 0) return out;
  for (const l of lines.slice(headerAt + 2)) {
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(l);
    if (!m) {
      if (/^-+/.test(l)) continue;
      break;
    }
    const [, name, ...n] = m;
    const [created, updated, unchanged, skipped, failed, conflicts] = n.map(Number) as [number, number, number, number, number, number];
    out[name ?? ''] = { created, updated, unchanged, skipped, failed, conflicts };
  }
  return out;
}
