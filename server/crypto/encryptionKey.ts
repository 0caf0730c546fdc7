import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XTigerError } from '../errors/XTigerError.js';
import { resolveFromInstallRoot } from '../config/installRoot.js';

/**
 * Where the AES-256 key for secrets at rest comes from: `XTIGER_ENCRYPTION_KEY` (32 bytes, base64) when set, else
 * the key file `XTIGER_KEY_FILE` (absolute, or relative to XTiger's install folder — never to the working
 * directory), created on first start with 32 random bytes (base64, mode 0600, its directory
 * created with mode 0700). A key file that others can read is refused, like ssh refuses a readable private key.
 */
export interface EncryptionKeySettings {
  XTIGER_ENCRYPTION_KEY?: string | undefined;
  XTIGER_KEY_FILE: string;
}

export interface LoadedKey {
  key: Buffer;
  /** The key file's absolute path, when the key came from one. */
  file?: string;
  source: 'environment' | 'key file (existing)' | 'key file (created)';
}

export async function loadEncryptionKey(settings: EncryptionKeySettings): Promise<LoadedKey> {
  if (settings.XTIGER_ENCRYPTION_KEY) {
    return { key: decodeKey(settings.XTIGER_ENCRYPTION_KEY, 'XTIGER_ENCRYPTION_KEY'), source: 'environment' };
  }
  const file = resolveFromInstallRoot(settings.XTIGER_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing) return { key: existing, file, source: 'key file (existing)' };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    // `wx`: never overwrite a key another process wrote a moment ago (it would make its secrets unreadable).
    await writeFile(file, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = await readKeyFile(file);
      if (raced) return { key: raced, file, source: 'key file (existing)' };
    }
    throw new XTigerError('CONFIG_INVALID', `The XTiger key file ${file} could not be created: ${(err as Error).message}. Set XTIGER_KEY_FILE to a writable path or set XTIGER_ENCRYPTION_KEY.`);
  }
  await chmod(file, 0o600); // the umask may have narrowed the mode further; never wider
  return { key, file, source: 'key file (created)' };
}

async function readKeyFile(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    const info = await stat(file);
    if ((info.mode & 0o077) !== 0) {
      throw new XTigerError(
        'CONFIG_INVALID',
        `The XTiger key file ${file} can be read by other users (mode ${(info.mode & 0o777).toString(8)}): run "chmod 600 ${file}".`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof XTigerError) throw err;
    throw new XTigerError('CONFIG_INVALID', `The XTiger key file ${file} cannot be read: ${(err as Error).message}.`);
  }
  return decodeKey(text.trim(), `key file ${file}`);
}

function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new XTigerError('CONFIG_INVALID', `The encryption key in ${where} must be 32 bytes, base64-encoded (it has ${key.length}).`);
  return key;
}
