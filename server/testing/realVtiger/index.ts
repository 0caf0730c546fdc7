import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { createSampleDatabase, type SampleDatabase } from '../sampleDatabase.js';
import { CACHE_ROOT, ensureBaseTree } from './baseTree.js';
import { copyBaseTree } from './instanceTree.js';
import { HARNESS_PHP_DIR, offlineEnv, runHarnessPhp, runPhpScript } from './php.js';
import { failingPhpErrors, parsePhpErrors, type PhpError } from './phpErrors.js';
import { renderVtigerConfig } from './vtigerConfig.js';
import { loginSession, type VtigerSession } from './vtigerSession.js';

export type { PhpError } from './phpErrors.js';
export type { VtigerSession, VtigerResponse, FormFields } from './vtigerSession.js';

export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'Admin@12345';

export interface RealVtigerOptions {
  /** Start from the database with XTiger's modules installed by the test installer (default false: tests install the zips with Vtiger's own code). */
  installModules?: boolean;
  /** Apply XTiger's own migrations (xtiger_* tables) to the database. */
  migrate?: boolean;
  /** php -S worker processes (default 4: PHP is CPU-bound, more do not help on 2 cores). */
  workers?: number;
  /** Keep the instance's folder after stop() (to look at its logs). */
  keepFiles?: boolean;
}

export interface CreatedUser {
  id: number;
  userName: string;
  password: string;
}

export interface RealVtiger {
  /** `http://127.0.0.1:<port>/`, exactly Vtiger's site_URL. */
  url: string;
  /** The instance's tree root (its own copy). */
  root: string;
  database: SampleDatabase;
  adminAccessKey: string;
  /** How long each start-up step took, in seconds (base_tree_s, database_s, copy_tree_s, meta_files_s, php_server_s, total_s). */
  timings: Record<string, number>;
  /** A logged-in browser-like session (cookie jar, CSRF token, GET/POST helpers). */
  login(userName?: string, password?: string): Promise<VtigerSession>;
  /** Runs PHP statements (no `<?php`) with Vtiger's includes loaded and the admin as `$current_user`, in the tree root; answers stdout. */
  runPhp(code: string): Promise<string>;
  /** A user made by Vtiger's own Users save (privilege files written). */
  createUser(user: { userName: string; isAdmin: boolean; language?: 'en_us' | 'ja_jp'; roleId?: string; password?: string }): Promise<CreatedUser>;
  /** Every PHP error logged so far (the error log and the server's stderr). */
  phpErrors(): Promise<PhpError[]>;
  /** Fails with the errors that count (fatal, uncaught, anything from XTiger's modules) logged since the last call. */
  assertNoPhpErrors(): Promise<void>;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (php -S may still lose it to a race: start() checks its own process bound it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

interface PhpServer {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `php -S` on 127.0.0.1:port in its own process group (its workers die with it). Ready when its own stderr says
 * it started: a port taken by someone else makes php exit while a poll of the port would succeed.
 */
async function startPhpServer(root: string, port: number, serverLog: string, errorLog: string, workers: number): Promise<PhpServer> {
  const fd = openSync(serverLog, 'a');
  const child = spawn(
    'php',
    [
      '-d', 'memory_limit=512M', '-d', 'max_execution_time=0', '-d', 'upload_max_filesize=64M', '-d', 'post_max_size=64M',
      // Vtiger 8.2's own code raises hundreds of PHP 8.2 deprecations per request (~650 KB of log): logging them
      // slows every request and buries what matters. Errors, warnings and notices are still logged.
      '-d', 'display_errors=0', '-d', 'log_errors=1', '-d', `error_log=${errorLog}`, '-d', 'error_reporting=E_ALL & ~E_DEPRECATED & ~E_STRICT',
      '-S', `127.0.0.1:${port}`, '-t', root,
    ],
    { cwd: root, detached: true, stdio: ['ignore', fd, fd], env: offlineEnv({ PHP_CLI_SERVER_WORKERS: String(workers) }) },
  );
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('php -S did not start');
  running.add(pid);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async () => {
    if (!exited) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 2000);
      await exitPromise;
      clearTimeout(timer);
    }
    running.delete(pid);
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const log = await readFile(serverLog, 'utf8').catch(() => '');
    if (log.includes(`(http://127.0.0.1:${port}) started`)) return { child, stop };
    if (exited || /Failed to listen/.test(log) || Date.now() > deadline) {
      await stop();
      throw new Error(`php -S on port ${port} did not start: ${log.trim().split('\n').slice(-3).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Instance folders of crashed runs (older than two hours, like the test databases): removed at the next start. */
async function dropStaleInstances(): Promise<void> {
  const instances = path.join(CACHE_ROOT, 'instances');
  const cutoff = Date.now() - 2 * 3600_000;
  for (const name of await readdir(instances).catch(() => [] as string[])) {
    const info = await stat(path.join(instances, name)).catch(() => undefined);
    if (info && info.mtimeMs < cutoff) await rm(path.join(instances, name), { recursive: true, force: true });
  }
}

/**
 * Starts the real Vtiger 8.2.0 (the shared release tarball) with php-cli's built-in server on 127.0.0.1, on a
 * fresh copy of the sample database. See README.md in this folder.
 */
export async function startRealVtiger(options: RealVtigerOptions = {}): Promise<RealVtiger> {
  const started = Date.now();
  await dropStaleInstances();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = (Date.now() - since) / 1000);
  // The tree copy and the database clone are independent: done side by side.
  const dir = path.join(CACHE_ROOT, 'instances', `${Math.floor(Date.now() / 1000)}_${process.pid}_${randomBytes(4).toString('hex')}`);
  const root = path.join(dir, 'vtigercrm');
  const errorLog = path.join(dir, 'php-errors.log');
  const serverLog = path.join(dir, 'server.log');
  const tree = (async () => {
    const base = await ensureBaseTree();
    lap('base_tree_s', started);
    const t = Date.now();
    await mkdir(dir, { recursive: true });
    await copyBaseTree(base, root);
    lap('copy_tree_s', t);
  })();
  const cloned = createSampleDatabase({ installModules: options.installModules ?? false, migrate: options.migrate ?? false, foreignKeys: true }).then((d) => (lap('database_s', started), d));
  const [treeDone, databaseDone] = await Promise.allSettled([tree, cloned]);
  if (treeDone.status === 'rejected' || databaseDone.status === 'rejected') {
    if (databaseDone.status === 'fulfilled') await databaseDone.value.drop();
    if (!options.keepFiles) await rm(dir, { recursive: true, force: true });
    throw treeDone.status === 'rejected' ? treeDone.reason : (databaseDone as PromiseRejectedResult).reason;
  }
  const database = databaseDone.value;
  let server: PhpServer | undefined;
  try {
    let t = Date.now();
    const template = await readFile(path.join(root, 'config.template.php'), 'utf8');
    await writeFile(errorLog, '');
    const writeConfig = (url: string) => writeFile(path.join(root, 'config.inc.php'), renderVtigerConfig(template, { db: database.settings, siteUrl: url, rootDir: root, errorLog }));
    await writeConfig('http://127.0.0.1/');
    t = Date.now();
    const regenerated = await runHarnessPhp(root, 'regenerateMetaFiles.php');
    if (!/^user 1$/m.test(regenerated)) throw new Error(`regenerating tabdata and privilege files failed:\n${regenerated}`);
    lap('meta_files_s', t);
    t = Date.now();
    let url = '';
    for (let attempt = 0; !server; attempt++) {
      const port = await freePort();
      url = `http://127.0.0.1:${port}/`;
      await writeConfig(url);
      try {
        server = await startPhpServer(root, port, serverLog, errorLog, options.workers ?? 4);
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    lap('php_server_s', t);
    lap('total_s', started);
    const [admin] = (await database.knex('vtiger_users').where({ user_name: ADMIN_USER }).select('accesskey')) as Array<{ accesskey: string }>;
    if (!admin) throw new Error('the sample database has no admin user');
    return buildInstance({ url, root, dir, errorLog, serverLog, database, server, adminAccessKey: admin.accesskey, timings, keepFiles: options.keepFiles ?? false });
  } catch (err) {
    await server?.stop();
    await database.drop();
    if (!options.keepFiles) await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

interface InstanceParts {
  url: string;
  root: string;
  dir: string;
  errorLog: string;
  serverLog: string;
  database: SampleDatabase;
  server: PhpServer;
  adminAccessKey: string;
  timings: Record<string, number>;
  keepFiles: boolean;
}

function buildInstance(p: InstanceParts): RealVtiger {
  const checked = { 'error-log': 0, 'server-stderr': 0 };
  const read = async () => ({
    'error-log': parsePhpErrors(await readFile(p.errorLog, 'utf8').catch(() => ''), 'error-log'),
    'server-stderr': parsePhpErrors(await readFile(p.serverLog, 'utf8').catch(() => ''), 'server-stderr'),
  });
  const phpErrors = async () => {
    const logs = await read();
    return [...logs['error-log'], ...logs['server-stderr']];
  };
  const runPhp = async (code: string) => {
    const script = `<?php require ${JSON.stringify(path.join(HARNESS_PHP_DIR, 'bootstrap.php'))};\n$current_user = Users::getActiveAdminUser();\nvglobal('current_user', $current_user);\n${code}\n`;
    const result = await runPhpScript(p.root, script);
    if (result.code !== 0) {
      // display_errors is off: the reason is in the error log.
      const fatal = (await phpErrors()).filter((e) => e.level === 'fatal' || e.level === 'parse').slice(-2);
      throw new Error(`runPhp failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}\n${fatal.map((e) => e.text).join('\n')}`.trim());
    }
    return result.stdout;
  };
  return {
    url: p.url,
    root: p.root,
    database: p.database,
    adminAccessKey: p.adminAccessKey,
    timings: p.timings,
    login: (userName = ADMIN_USER, password = ADMIN_PASSWORD) => loginSession(p.url, userName, password),
    runPhp,
    async createUser(user) {
      const password = user.password ?? 'Tester@12345';
      const input = { userName: user.userName, password, isAdmin: user.isAdmin, language: user.language ?? 'en_us', roleId: user.roleId ?? (user.isAdmin ? 'H2' : 'H5'), email: `${user.userName}@example.com` };
      const out = await runHarnessPhp(p.root, 'createUser.php', [JSON.stringify(input)]);
      const id = Number(out.trim().split('\n').pop());
      if (!Number.isInteger(id) || id <= 0) throw new Error(`creating Vtiger user ${user.userName} failed: ${out}`);
      return { id, userName: user.userName, password };
    },
    phpErrors,
    async assertNoPhpErrors() {
      const logs = await read();
      const fresh = [...logs['error-log'].slice(checked['error-log']), ...logs['server-stderr'].slice(checked['server-stderr'])];
      checked['error-log'] = logs['error-log'].length;
      checked['server-stderr'] = logs['server-stderr'].length;
      const failing = failingPhpErrors(fresh);
      if (failing.length > 0) throw new Error(`PHP errors in the real Vtiger (${failing.length}):\n${failing.map((e) => e.text).join('\n')}`);
    },
    async stop() {
      await p.server.stop();
      await p.database.drop();
      if (!p.keepFiles) await rm(p.dir, { recursive: true, force: true });
    },
  };
}
