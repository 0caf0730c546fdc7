import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of Vtiger's webservice (the double) that plays the accidents of a real CRM on chosen records:
 * - `http500OnWrite`: the first write (update/revise) of that record is answered with an empty HTTP 500, as Vtiger
 *   on PHP 8 answers a fatal error, and nothing is written;
 * - `deleteBeforeWrite`: just before the first write of that record, someone deletes it in Vtiger (the proxy calls
 *   `deleteRecord`), so the write meets a record that was there when the run read it.
 * Everything else passes through untouched. `fired` says which faults happened (a test asserts they did).
 */
export interface FaultyVtigerProxy {
  url: string;
  fired: { http500: string[]; deleted: string[] };
  /** Sets the faults to play from now on (each once). */
  arm(faults: Faults): void;
  close(): Promise<void>;
}

export interface Faults {
  http500OnWrite?: string;
  deleteBeforeWrite?: string;
}

export interface FaultPlan extends Faults {
  /** Deletes a record as a user would (webservice `delete` against the double itself). */
  deleteRecord: (wsId: string) => Promise<void>;
}

const WRITES = new Set(['update', 'revise']);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function writtenId(body: Buffer): string | undefined {
  const params = new URLSearchParams(body.toString('utf8'));
  if (!WRITES.has((params.get('operation') ?? '').toLowerCase())) return undefined;
  try {
    const element = JSON.parse(params.get('element') ?? '{}') as { id?: unknown };
    return typeof element.id === 'string' ? element.id : undefined;
  } catch {
    return undefined;
  }
}

export async function startFaultyVtigerProxy(target: string, plan: FaultPlan): Promise<FaultyVtigerProxy> {
  const fired = { http500: [] as string[], deleted: [] as string[] };
  const pending = { http500: plan.http500OnWrite, deleted: plan.deleteBeforeWrite };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
      const id = req.method === 'POST' ? writtenId(body) : undefined;
      if (id !== undefined && id === pending.http500) {
        pending.http500 = undefined;
        fired.http500.push(id);
        res.writeHead(500, { 'content-type': 'text/html; charset=UTF-8', 'content-length': 0 });
        res.end();
        return;
      }
      if (id !== undefined && id === pending.deleted) {
        pending.deleted = undefined;
        await plan.deleteRecord(id);
        fired.deleted.push(id);
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'connection') headers[k] = v;
      const answer = await fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(req.method === 'POST' ? { body } : {}) });
      const text = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', 'content-length': text.length });
      res.end(text);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy error: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fired,
    arm: (faults) => {
      pending.http500 = faults.http500OnWrite;
      pending.deleted = faults.deleteBeforeWrite;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
