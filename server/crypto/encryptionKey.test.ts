import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEncryptionKey } from './encryptionKey.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xtiger-key-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('loadEncryptionKey', () => {
  it('uses XTIGER_ENCRYPTION_KEY when set', async () => {
    const key = randomBytes(32);
    const loaded = await loadEncryptionKey({ XTIGER_ENCRYPTION_KEY: key.toString('base64'), XTIGER_KEY_FILE: '/nonexistent/never/used' });
    expect(loaded.source).toBe('environment');
    expect(loaded.key.equals(key)).toBe(true);
  });

  it('creates the key file (and its directory) with mode 0600 on first start, then reuses it', async () => {
    const file = path.join(await tempDir(), 'nested', 'dir', 'secret.key');
    const first = await loadEncryptionKey({ XTIGER_KEY_FILE: file });
    expect(first.source).toBe('key file (created)');
    expect(first.key).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o077).toBe(0);
    const second = await loadEncryptionKey({ XTIGER_KEY_FILE: file });
    expect(second.source).toBe('key file (existing)');
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('gives concurrent first starts the same key', async () => {
    const file = path.join(await tempDir(), 'secret.key');
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadEncryptionKey({ XTIGER_KEY_FILE: file })));
    const onDisk = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    for (const k of keys) expect(k.key.equals(onDisk)).toBe(true);
  });

  it('refuses a key file others can read, and a key of the wrong size', async () => {
    const dir = await tempDir();
    const open = path.join(dir, 'open.key');
    await writeFile(open, randomBytes(32).toString('base64'));
    await chmod(open, 0o644);
    await expect(loadEncryptionKey({ XTIGER_KEY_FILE: open })).rejects.toThrow(/chmod 600/);
    const short = path.join(dir, 'short.key');
    await writeFile(short, randomBytes(8).toString('base64'), { mode: 0o600 });
    await expect(loadEncryptionKey({ XTIGER_KEY_FILE: short })).rejects.toThrow(/must be 32 bytes/);
    await expect(loadEncryptionKey({ XTIGER_ENCRYPTION_KEY: 'c2hvcnQ=', XTIGER_KEY_FILE: short })).rejects.toThrow(/XTIGER_ENCRYPTION_KEY must be 32 bytes/);
  });
});
