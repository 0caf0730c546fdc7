import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { describeModule, listTypes } from './describeOperation.js';
import { phpJsonEncode } from './phpJson.js';
import { runQuery } from './queryOperation.js';
import { createRecord, deleteRecord, retrieveRecord, updateRecord, type OperationContext } from './recordOperations.js';
import { SessionStore, type SessionUser } from './sessions.js';
import { VtigerCatalog } from './vtigerCatalog.js';
import { PhpFatal, WsFault } from './wsFault.js';

/** One call the double answered (session names and access keys left out). */
export interface RecordedCall {
  method: string;
  operation: string;
  params: Record<string, string>;
  httpStatus: number;
  success: boolean | undefined;
  errorCode: string | number | undefined;
  /** A failure of the double itself (a bug here, not a Vtiger behaviour), answered as an empty HTTP 500. */
  internalError?: string;
  /** Calls being worked on (past the session lock) while this one was, itself included. */
  inFlight: number;
}

type Params = Record<string, string>;

/** Parameters are read from the query string for GET operations and from the form body for POST ones. */
const OPERATION_METHOD: Record<string, 'GET' | 'POST'> = {
  getchallenge: 'GET',
  retrieve: 'GET',
  query: 'GET',
  sync: 'GET',
  listtypes: 'GET',
  describe: 'GET',
  retrieve_inventory: 'GET',
  login: 'POST',
  create: 'POST',
  update: 'POST',
  revise: 'POST',
  delete: 'POST',
  logout: 'POST',
  extendsession: 'POST',
};

/** Operations that crash on PHP 8 whatever is sent (named-parameter mismatch): an empty HTTP 500. */
const BROKEN_ON_PHP8 = new Set(['logout', 'sync', 'retrieve_inventory']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function toParams(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [k, v] of search) out[k] = v;
  return out;
}

/** `element` is JSON; invalid JSON counts as an empty element, as in Vtiger. */
function parseElement(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function utcNow(): string {
  return new Date().toISOString().replace('T', ' ').slice(0, 19);
}

export interface WebserviceDoubleOptions {
  knex: Knex;
  /** Clock for created/modified times (`yyyy-mm-dd hh:mm:ss`, UTC). */
  now?: () => string;
  /** Real milliseconds each call with a session holds it (default 0): makes the session lock observable. */
  callDelayMs?: number;
}

/**
 * Vtiger keeps a webservice session in a PHP session, and PHP locks a session file for the whole request: calls
 * with the same sessionName run one after another. The double does the same.
 */
class SessionLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(sessionName: string | undefined, work: () => Promise<T>): Promise<T> {
    if (!sessionName) return work();
    const before = this.tails.get(sessionName) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    this.tails.set(sessionName, tail);
    await before;
    try {
      return await work();
    } finally {
      done();
      if (this.tails.get(sessionName) === tail) this.tails.delete(sessionName);
    }
  }
}

export class VtigerWebserviceServer {
  readonly calls: RecordedCall[] = [];
  private server: Server | undefined;
  private readonly sessions: SessionStore;
  private readonly sessionLocks = new SessionLocks();
  private working = 0;
  private readonly now: () => string;

  private constructor(
    private readonly knex: Knex,
    private readonly catalog: VtigerCatalog,
    now: (() => string) | undefined,
    private readonly callDelayMs: number,
  ) {
    this.now = now ?? utcNow;
    this.sessions = new SessionStore(knex, () => Math.floor(Date.now() / 1000));
  }

  static async create(options: WebserviceDoubleOptions): Promise<VtigerWebserviceServer> {
    return new VtigerWebserviceServer(options.knex, await VtigerCatalog.load(options.knex), options.now, options.callDelayMs ?? 0);
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => this.send(res, 500, '', 'text/html; charset=UTF-8'));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  expireSessions(): void {
    this.sessions.expireAll();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }

  private send(res: ServerResponse, status: number, body: string, contentType: string): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    if (url.pathname !== '/webservice.php') return this.send(res, 404, '', 'text/html; charset=UTF-8');
    const get = toParams(url.searchParams);
    const post = req.method === 'POST' ? toParams(new URLSearchParams(await readBody(req))) : {};
    const request = { ...get, ...post };
    const operation = (request['operation'] ?? '').toLowerCase();
    let inFlight = 1;
    const record = (httpStatus: number, success?: boolean, errorCode?: string | number, internalError?: string) => {
      const { sessionName: _s, accessKey: _k, ...params } = request;
      this.calls.push({ method: req.method ?? 'GET', operation, params, httpStatus, success, errorCode, inFlight, ...(internalError ? { internalError } : {}) });
    };
    const method = OPERATION_METHOD[operation];
    if (!method) {
      record(500);
      return this.send(res, 500, '', 'text/html; charset=UTF-8');
    }
    if (request['format'] !== undefined && request['format'] !== 'json') {
      record(500);
      return this.send(res, 500, '', 'application/json');
    }
    const params = method === 'GET' ? get : post;
    try {
      const result = await this.sessionLocks.run(request['sessionName'], async () => {
        this.working++;
        inFlight = this.working;
        try {
          if (this.callDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.callDelayMs));
          const answer = await this.dispatch(operation, params, request['sessionName']);
          inFlight = Math.max(inFlight, this.working);
          return answer;
        } finally {
          this.working--;
        }
      });
      record(200, true);
      this.send(res, 200, phpJsonEncode({ success: true, result }), 'application/json');
    } catch (error) {
      if (error instanceof WsFault) {
        record(200, false, error.code);
        this.send(res, 200, phpJsonEncode({ success: false, error: { message: error.message, code: error.code } }), 'application/json');
      } else {
        record(500, undefined, undefined, error instanceof PhpFatal ? undefined : String(error instanceof Error ? (error.stack ?? error.message) : error));
        this.send(res, 500, '', 'text/html; charset=UTF-8');
      }
    }
  }

  private async dispatch(operation: string, params: Params, sessionName: string | undefined): Promise<unknown> {
    if (operation === 'getchallenge') return this.sessions.challenge(params['username']);
    if (operation === 'login') return this.sessions.login(params['username'], params['accessKey']);
    if (operation === 'extendsession') throw new WsFault('AUTHENTICATION_FAILURE', 'Authencation Failed');
    const user = await this.sessions.userOf(sessionName);
    if (BROKEN_ON_PHP8.has(operation)) throw new PhpFatal(`${operation}: Unknown named parameter`);
    const ctx = this.context(user);
    switch (operation) {
      case 'create':
        return createRecord(ctx, params['elementType'], parseElement(params['element']));
      case 'retrieve':
        return retrieveRecord(ctx, params['id']);
      case 'update':
        return updateRecord(ctx, parseElement(params['element']), 'update');
      case 'revise':
        return updateRecord(ctx, parseElement(params['element']), 'revise');
      case 'delete':
        return deleteRecord(ctx, params['id']);
      case 'query':
        return runQuery(ctx, params['query']);
      case 'describe':
        return describeModule(ctx, params['elementType']);
      case 'listtypes':
        return listTypes(ctx, params['fieldTypeList']);
      default:
        throw new PhpFatal(`operation ${operation} not handled`);
    }
  }

  private context(user: SessionUser): OperationContext {
    return { knex: this.knex, catalog: this.catalog, user: { id: user.id, userName: user.userName, currencyId: user.currencyId }, now: this.now };
  }
}
