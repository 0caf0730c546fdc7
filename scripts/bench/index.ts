/**
 * `npm run bench -- <name> [<name> …]` runs the named benchmarks (all when none is named) and merges their
 * figures into bench/results.json. Each benchmark is `scripts/bench/<name>.bench.ts` exporting
 * `run(): Promise<BenchFigures>`; it prints its own progress and returns flat figures.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mergeResults, type BenchFigures } from './results.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function available(): Promise<string[]> {
  return (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
}

async function main(): Promise<void> {
  const all = await available();
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}`);
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : all) {
    console.log(`\n== bench ${name}`);
    const mod = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as { run(): Promise<BenchFigures> };
    const figures = await mod.run();
    await mergeResults(name, figures);
    for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(44)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
  console.log(`\nresults: ${path.relative(process.cwd(), path.join(here, '../../bench/results.json'))}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
