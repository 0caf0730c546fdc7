import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SHARED_DIR } from '../../paths.js';

/** The recordings of the real Vtiger 8.2.0 in ../shared/vtiger (read-only data). */
export interface LoggedCall {
  method: 'GET' | 'POST';
  params: Record<string, string>;
  response: { success: boolean; result?: unknown; error?: { code: string | number; message: string }; http_status?: number };
}

export interface TranscriptCall {
  case: string;
  request: { method: 'GET' | 'POST'; query: Record<string, string> | null; form: Record<string, unknown> | null };
  response: { status: number; content_type: string | null; body: string; json: { success: boolean; result?: unknown; error?: { code: string | number; message: string } } | null };
  note?: string;
}

export function readWebserviceLog(): LoggedCall[] {
  return readFileSync(path.join(SHARED_DIR, 'vtiger/webservice-log.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LoggedCall);
}

export function readTranscript(): TranscriptCall[] {
  return gunzipSync(readFileSync(path.join(SHARED_DIR, 'vtiger/webservice-behaviour/transcript.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TranscriptCall);
}

/** Replaces every webservice id found in `idMap` anywhere inside a JSON value. */
export function remapIds<T>(value: T, idMap: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (idMap.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => remapIds(v, idMap)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, remapIds(v, idMap)])) as T;
  }
  return value;
}
