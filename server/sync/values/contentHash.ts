import { createHash } from 'node:crypto';
import type { SyncValues } from '../types.js';

/**
 * The content hash of a record's sync values: SHA-256 of JSON with keys in code-point order, so the same
 * content always hashes the same, whatever order fields were read in. Values are expected normalised
 * (see normalise.ts); `null` and a missing key hash the same.
 */
export function stableJson(values: SyncValues): string {
  const keys = Object.keys(values)
    .filter((k) => values[k] !== null && values[k] !== undefined)
    .sort();
  return JSON.stringify(keys.map((k) => [k, values[k]]));
}

export function contentHash(values: SyncValues): string {
  return createHash('sha256').update(stableJson(values), 'utf8').digest('hex');
}
