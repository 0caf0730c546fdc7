import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type BenchFigures = Record<string, number | string | Record<string, number>>;

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/results.json');

/** Merges one benchmark's figures into bench/results.json (flat keys, plus `_runs` with when and where). */
export async function mergeResults(bench: string, figures: BenchFigures): Promise<void> {
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(await readFile(RESULTS, 'utf8')) as Record<string, unknown>;
  } catch {
    current = {};
  }
  const runs = (current['_runs'] as Record<string, unknown> | undefined) ?? {};
  runs[bench] = { at: new Date().toISOString(), node: process.version };
  const next = { ...current, ...figures, _runs: runs };
  await mkdir(path.dirname(RESULTS), { recursive: true });
  const tmp = `${RESULTS}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`);
  await rename(tmp, RESULTS);
}

/** Peak resident set size of this process so far, in MB (Linux: VmHWM). */
export async function peakRssMb(): Promise<number> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    if (m?.[1]) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux: fall through
  }
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}
