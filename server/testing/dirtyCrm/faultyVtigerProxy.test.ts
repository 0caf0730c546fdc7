/** The proxy plays each fault once, on the chosen record only, and passes everything else through unchanged. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultyVtigerProxy, type FaultyVtigerProxy } from './faultyVtigerProxy.js';

const seen: string[] = [];
const target = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''} ${body}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ success: true, result: { echoed: body } }));
  });
});
const deleted: string[] = [];
let proxy: FaultyVtigerProxy;

beforeAll(async () => {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  proxy = await startFaultyVtigerProxy(url, { deleteRecord: (id) => Promise.resolve(void deleted.push(id)) });
  proxy.arm({ http500OnWrite: '12x9', deleteBeforeWrite: '12x8' });
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

const write = (id: string, operation = 'revise') =>
  fetch(`${proxy.url}/webservice.php`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ operation, element: JSON.stringify({ id, mobile: '1' }) }).toString() });

describe('the faulty Vtiger proxy', () => {
  it('answers the first write of one record with an empty HTTP 500 and lets the next one through', async () => {
    const first = await write('12x9');
    expect([first.status, await first.text()]).toEqual([500, '']);
    const second = await write('12x9', 'update');
    expect(second.status).toBe(200);
    expect(proxy.fired.http500).toEqual(['12x9']);
    expect(seen.filter((s) => s.includes('12x9'))).toHaveLength(1);
  });

  it('deletes a record just before its first write, then forwards the write', async () => {
    const res = await write('12x8');
    expect(res.status).toBe(200);
    expect(deleted).toEqual(['12x8']);
    await write('12x8');
    expect(deleted).toEqual(['12x8']);
  });

  it('passes reads and other records through unchanged', async () => {
    const res = await fetch(`${proxy.url}/webservice.php?operation=query&query=select%20*%20from%20Contacts%3B`);
    expect(res.status).toBe(200);
    expect(seen.at(-1)).toBe('GET /webservice.php?operation=query&query=select%20*%20from%20Contacts%3B ');
    expect((await write('12x7')).status).toBe(200);
  });
});
