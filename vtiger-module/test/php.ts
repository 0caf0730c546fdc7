import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Test helpers around Debian's php-cli (installed by .ci/run). */
export const MODULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HARNESS_DIR = path.join(MODULES_DIR, 'test/php');

const run = promisify(execFile);

export interface PhpResult {
  stdout: string;
  stderr: string;
  code: number;
}

export async function php(args: string[], options: { cwd?: string } = {}): Promise<PhpResult> {
  try {
    const { stdout, stderr } = await run('php', ['-d', 'display_errors=stderr', '-d', 'error_reporting=-1', ...args], { cwd: options.cwd, maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
  }
}

/** Runs a harness in test/php/, which prints JSON; fails the test with PHP's own output when it does not. */
export async function phpJson<T>(harness: string, args: string[] = [], options: { cwd?: string } = {}): Promise<T> {
  const result = await php([path.join(HARNESS_DIR, harness), ...args], options);
  if (result.code !== 0 || result.stderr.trim() !== '') {
    throw new Error(`php ${harness} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  }
  return JSON.parse(result.stdout) as T;
}

export interface LanguageFile {
  languageStrings: Record<string, string>;
  jsLanguageStrings: Record<string, string>;
}

/** A Vtiger language file's two arrays, read by PHP itself. */
export function readLanguageFile(file: string): Promise<LanguageFile> {
  return phpJson<LanguageFile>('readLanguageFile.php', [file]);
}

export async function listFiles(dir: string, suffix: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, suffix)));
    else if (entry.name.endsWith(suffix)) out.push(full);
  }
  return out.sort();
}
