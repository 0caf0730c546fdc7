import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder XTiger is installed in (the one holding its package.json), found from this file's own place, so it is
 * the same in a checkout (server/config/) and in the built dist/server/config/, whatever the working directory.
 * Relative paths in the settings (XTIGER_KEY_FILE) are taken from here: a backend started by systemd from `/` and
 * the `xtiger` command started from a shell elsewhere find the same key file.
 */
let cached: string | undefined;

export function installRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'xtiger') return (cached = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`XTiger's package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** A setting's path: absolute as given, or relative to the install folder. */
export function resolveFromInstallRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.join(installRoot(), p);
}
