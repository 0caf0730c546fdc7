import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and `../shared` beside it (data and notes only, read-only in CI). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = process.env['XTIGER_SHARED_DIR'] ?? path.resolve(REPO_ROOT, '../shared');
export const SAMPLE_DUMP = path.join(SHARED_DIR, 'vtiger/vtiger-8.2.0-sample.sql.gz');
export const VTIGER_TARBALL = path.join(SHARED_DIR, 'vtiger/vtigercrm-8.2.0.tar.gz');
