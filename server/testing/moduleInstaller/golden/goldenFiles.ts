import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { SHARED_DIR } from '../../paths.js';
import type { VtigerDbSettings } from '../../../db/vtigerKnex.js';

/** The golden rows real Vtiger 8.2.0 wrote (../shared/vtiger/golden/), and a way to replay them. */
export const GOLDEN_DIR = path.join(SHARED_DIR, 'vtiger/golden');
export const GOLDEN_MANIFEST = path.join(GOLDEN_DIR, 'XTGolden-manifest.xml');
export const GOLDEN_INSTALL_SQL = path.join(GOLDEN_DIR, 'install-diff.sql');
export const GOLDEN_RECORD_SQL = path.join(GOLDEN_DIR, 'record-create-diff.sql');

/** Runs a .sql file with the mariadb client (the files hold several statements, DDL included). */
export function runSqlFile(settings: VtigerDbSettings, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mariadb', ['-h', settings.host, '-P', String(settings.port), '-u', settings.user, ...(settings.password ? [`-p${settings.password}`] : []), settings.database], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (exit ${code}): ${stderr.trim()}`))));
    createReadStream(file).on('error', reject).pipe(child.stdin);
  });
}
