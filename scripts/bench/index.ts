/**
 * `npm run bench -- <name> [<name> …]` runs the named benchmarks (all when none is named) and merges their
 * figures into bench/results.json. Each benchmark is `scripts/bench/<name>.bench.ts` exporting
 * `run(): Promise<BenchFigures>`; it prints its own progress and returns flat figures.
 *
 * Every benchmark runs in a process of its own, so that its peak memory is its own (a process's peak RSS never goes
 * down), with the heap limit XTiger's own processes run with (HEAP_LIMIT_MB, as in package.json's start script).
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mergeResults, type BenchFigures } from './results.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const HEAP_LIMIT_MB = 384;
const CHILD_FLAG = 'XTIGER_BENCH_CHILD';

async function available(): Promise<string[]> {
  return (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
}

/** Runs one benchmark here, in this process, and records its figures. */
async function runHere(name: string): Promise<void> {
  console.log(`\n== bench ${name}`);
  const mod = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as { run(): Promise<BenchFigures> };
  const figures = await mod.run();
  await mergeResults(name, figures);
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(44)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
}

function runInChild(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', fileURLToPath(import.meta.url), name], {
      stdio: 'inherit',
      env: { ...process.env, [CHILD_FLAG]: '1' },
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`benchmark ${name} failed (exit ${code})`))));
  });
}

async function main(): Promise<void> {
  const all = await available();
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}`);
    process.exit(2);
  }
  const names = wanted.length > 0 ? wanted : all;
  if (process.env[CHILD_FLAG] === '1' && names.length === 1 && names[0]) {
    await runHere(names[0]);
    return;
  }
  for (const name of names) await runInChild(name);
  console.log(`\nresults: ${path.relative(process.cwd(), path.join(here, '../../bench/results.json'))}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
