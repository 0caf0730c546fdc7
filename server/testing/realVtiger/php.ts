import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The harness's own PHP scripts (bootstrap, bundled files, meta files, users). */
export const HARNESS_PHP_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'php');

export interface PhpResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Environment for every PHP process of the harness: no network beyond loopback (curl honours these). */
export function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const refused = 'http://127.0.0.1:9';
  return {
    ...process.env,
    http_proxy: refused,
    https_proxy: refused,
    HTTPS_PROXY: refused,
    all_proxy: refused,
    no_proxy: '127.0.0.1,localhost',
    NO_PROXY: '127.0.0.1,localhost',
    ...extra,
  };
}

/** Runs php-cli with a script read from stdin, in `cwd`, and collects its output. */
export function runPhpScript(cwd: string, script: string, args: string[] = [], env: Record<string, string> = {}): Promise<PhpResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('php', ['-d', 'memory_limit=512M', '-d', 'max_execution_time=0', '--', ...args], {
      cwd,
      env: offlineEnv({ XT_VTIGER_ROOT: cwd, ...env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
    child.stdin.end(script);
  });
}

/** Runs one of the harness's PHP files in the tree root; fails with its output when PHP exits non-zero. */
export async function runHarnessPhp(root: string, file: string, args: string[] = []): Promise<string> {
  const result = await runPhpScript(root, `<?php require ${JSON.stringify(path.join(HARNESS_PHP_DIR, file))};`, args);
  if (result.code !== 0) throw new Error(`php ${file} in ${root} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`.trim());
  return result.stdout;
}
