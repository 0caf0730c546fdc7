import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { PackageFiles } from './stagePackage.js';

/** A fixed timestamp: the same sources give byte-identical zips. */
const ENTRY_TIME = new Date('2026-01-01T00:00:00Z');

export async function writeZip(file: string, files: PackageFiles): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const name of [...files.keys()].sort()) {
    zip.addBuffer(files.get(name) as Buffer, name, { mtime: ENTRY_TIME, mode: 0o100644 });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** Reads every entry of a zip into memory (our packages are small). Directory entries keep their trailing slash. */
export function readZip(file: string): Promise<PackageFiles> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) {
        reject(err ?? new Error(`cannot open ${file}`));
        return;
      }
      const files: PackageFiles = new Map();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          files.set(entry.fileName, Buffer.alloc(0));
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) {
            reject(streamErr ?? new Error(`cannot read ${entry.fileName} in ${file}`));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
