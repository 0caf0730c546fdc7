import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { XTigerError, isXTigerError } from '../../errors/XTigerError.js';
import type { Logger } from '../../logging/logger.js';
import { readWebserviceAccessKey } from './accessKey.js';
import { readGroupTaxPercentages } from './groupTaxes.js';
import { decodeHtmlEntitiesDeep } from './htmlEntities.js';
import { isInventoryElement, needsGroupTaxes, prepareInventoryElement } from './inventoryElement.js';
import { pagedQuery, WS_QUERY_PAGE_SIZE } from './queryPaging.js';
import { sendWebserviceRequest, type WsHttpMethod, type WsTransport } from './transport.js';
import { settleEach, type Settled } from './settleEach.js';
import { OneAtATime, WebserviceSessionPool, type PooledSession } from './sessionPool.js';
import type { GroupTaxPercentage, WsDescribeResult, WsElement, WsId, WsListTypesResult, WsLoginResult, WsRecord } from './types.js';
import { isSessionError, webserviceErrorFrom, type WsCallContext } from './webserviceError.js';
import { WebserviceIds } from './webserviceIds.js';

export interface VtigerWebserviceClientOptions {
  /** Vtiger's base URL; the webservice is `<url>/webservice.php`. */
  url: string;
  /** The Vtiger user the client writes as. */
  userName: string;
  /** The user's access key, asked for at every login (so a changed key is picked up). Never logged. */
  accessKey: () => Promise<string>;
  /** Active group taxes, needed only for group-tax invoices whose lines lack `tax1..taxN`. */
  groupTaxes?: () => Promise<GroupTaxPercentage[]>;
  /** Webservice id prefixes, to name the module of a record in errors. */
  ids?: WebserviceIds;
  fetch?: typeof fetch;
  /** Per HTTP request; default 30 s. */
  timeoutMs?: number;
  /**
   * Webservice sessions used in parallel, each carrying one call at a time (default 1). Vtiger runs the calls of
   * one session one after another (PHP's session lock), so this bounds how many calls run at once.
   */
  sessions?: number;
  logger?: Logger;
}

/**
 * A typed client for Vtiger 8.2's `webservice.php`: challenge + login, a bounded pool of sessions reused from
 * call to call (`sessionPool.ts`: logins of one user one after another, a new login and one retry when Vtiger says
 * a session is gone), the 8.2 inventory quirks handled, HTML entities in answers decoded, `describe` cached, and
 * typed errors keeping Vtiger's code. Calls may be made at the same time: at most `sessions` run at once, the
 * others wait for a free session.
 */
export class VtigerWebserviceClient {
  private readonly transport: WsTransport;
  private readonly pool: WebserviceSessionPool;
  private readonly described = new Map<string, Promise<WsDescribeResult>>();
  private readonly createLanes = new OneAtATime();

  constructor(private readonly options: VtigerWebserviceClientOptions) {
    this.transport = {
      endpoint: `${options.url.replace(/\/+$/, '')}/webservice.php`,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? 30_000,
    };
    this.pool = new WebserviceSessionPool(options.sessions ?? 1, `${this.transport.endpoint}|${options.userName}`, () => this.performLogin());
  }

  /** How many logins this client made (a re-login after an expired session counts). */
  get loginCount(): number {
    return this.pool.loginCount;
  }

  /** How many calls can run at once (the size of the session pool). */
  get parallelSessions(): number {
    return this.pool.size;
  }

  /**
   * Runs `write` for every item, as many at once as the client has sessions (each write may make several calls),
   * and answers each item's result in input order: a failed write is that item's result, the others go on.
   */
  writeEach<I, T>(items: readonly I[], write: (item: I, index: number) => Promise<T>): Promise<Array<Settled<T>>> {
    return settleEach(items, this.pool.size, write);
  }

  /** Logs in if there is no session yet; returns the webservice id of the logged-in user. */
  async login(): Promise<{ userId: WsId }> {
    return this.pool.withSession(async (lease) => ({ userId: lease.session.userId }));
  }

  /**
   * Creates of one module run one at a time (creates of different modules, and every other call, in parallel):
   * Vtiger 8.2 numbers a new record (CON123, INV45) by reading vtiger_modentity_num and writing it back without a
   * lock, so two creates of one module at the same moment can get the same record number (seen on the real
   * Vtiger: 17 duplicates in ~600 parallel creates).
   */
  async create(module: string, element: WsElement): Promise<WsRecord> {
    const ctx = { operation: 'create', module };
    const prepared = await this.prepareElement(element, ctx);
    return this.createLanes.run(module, () => this.call<WsRecord>(ctx, 'POST', { elementType: module, element: JSON.stringify(prepared) }));
  }

  async retrieve(id: WsId): Promise<WsRecord> {
    return this.call<WsRecord>(this.recordContext('retrieve', id), 'GET', { id });
  }

  /** Partial update: only the given fields change. */
  async revise(element: WsElement & { id: WsId }): Promise<WsRecord> {
    const ctx = this.recordContext('revise', element.id);
    return this.call<WsRecord>(ctx, 'POST', { element: JSON.stringify(await this.prepareElement(element, ctx)) });
  }

  /** Full update (in 8.2 fields left out keep their values; mandatory fields must be present). */
  async update(element: WsElement & { id: WsId }): Promise<WsRecord> {
    const ctx = this.recordContext('update', element.id);
    return this.call<WsRecord>(ctx, 'POST', { element: JSON.stringify(await this.prepareElement(element, ctx)) });
  }

  async delete(id: WsId): Promise<void> {
    await this.call<{ status: string }>(this.recordContext('delete', id), 'POST', { id });
  }

  /** One `query` call, as written (at most 100 rows come back; no line items). */
  async query<T extends Record<string, unknown> = WsRecord>(sql: string): Promise<T[]> {
    return this.call<T[]>({ operation: 'query', module: moduleOfQuery(sql) }, 'GET', { query: sql });
  }

  /** Every row of a query without LIMIT, fetched `LIMIT offset, 100` page by page until a short page. */
  async *queryPages<T extends Record<string, unknown> = WsRecord>(sql: string): AsyncGenerator<T[]> {
    for (let offset = 0; ; offset += WS_QUERY_PAGE_SIZE) {
      const page = await this.query<T>(pagedQuery(sql, offset));
      if (page.length > 0) yield page;
      if (page.length < WS_QUERY_PAGE_SIZE) return;
    }
  }

  async queryAll<T extends Record<string, unknown> = WsRecord>(sql: string): Promise<T[]> {
    const rows: T[] = [];
    for await (const page of this.queryPages<T>(sql)) rows.push(...page);
    return rows;
  }

  /** A module's fields; asked once per module and client (a failed answer is asked again next time). */
  async describe(module: string): Promise<WsDescribeResult> {
    let pending = this.described.get(module);
    if (!pending) {
      pending = this.call<WsDescribeResult>({ operation: 'describe', module }, 'GET', { elementType: module });
      this.described.set(module, pending);
      pending.catch(() => this.described.delete(module));
    }
    return pending;
  }

  /** Modules the user may use; `fieldTypes` (e.g. `['email']`) keeps those having such a field. */
  async listTypes(fieldTypes?: string[]): Promise<WsListTypesResult> {
    return this.call<WsListTypesResult>({ operation: 'listtypes' }, 'GET', fieldTypes ? { fieldTypeList: JSON.stringify(fieldTypes) } : {});
  }

  private recordContext(operation: string, id: WsId): WsCallContext {
    let module: string | undefined;
    try {
      module = this.options.ids?.moduleOf(id);
    } catch {
      module = undefined; // a malformed id: Vtiger itself will name the problem
    }
    return module ? { operation, module, recordId: id } : { operation, recordId: id };
  }

  private async prepareElement(element: WsElement, ctx: WsCallContext): Promise<WsElement> {
    if (!isInventoryElement(element)) return element;
    let groupTaxes: GroupTaxPercentage[] = [];
    if (needsGroupTaxes(element)) {
      if (!this.options.groupTaxes) {
        throw new XTigerError(
          'VTIGER_INVALID_DATA',
          `${[ctx.module ?? 'Inventory record', ctx.recordId].filter(Boolean).join(' ')} uses group tax but a line has no tax percentages, and the client was given no group taxes: Vtiger 8.2 would save it with zero tax.`,
          { details: { ...ctx, field: 'LineItems' } },
        );
      }
      groupTaxes = await this.options.groupTaxes();
    }
    return prepareInventoryElement(element, groupTaxes);
  }

  private async call<T>(ctx: WsCallContext, method: WsHttpMethod, params: Record<string, string>): Promise<T> {
    return this.pool.withSession(async (lease) => {
      for (let attempt = 0; ; attempt++) {
        this.options.logger?.debug({ operation: ctx.operation, module: ctx.module, recordId: ctx.recordId, attempt }, 'vtiger webservice call');
        const envelope = await sendWebserviceRequest<T>(this.transport, ctx, method, { operation: ctx.operation, sessionName: lease.session.name, ...params });
        if (envelope.success) return decodeHtmlEntitiesDeep(envelope.result);
        if (attempt === 0 && isSessionError(envelope.error)) {
          this.options.logger?.info({ operation: ctx.operation, vtigerCode: String(envelope.error.code) }, 'vtiger webservice session gone; logging in again');
          await lease.renew();
          continue;
        }
        throw webserviceErrorFrom(ctx, envelope.error);
      }
    });
  }

  /**
   * getchallenge + login. A refusal of the credentials is tried once more with a fresh token: another process
   * logging in as the same user between our two calls replaces our token, which Vtiger reports as wrong credentials.
   */
  private async performLogin(): Promise<PooledSession> {
    try {
      return await this.challengeAndLogin();
    } catch (error) {
      if (!isXTigerError(error, 'VTIGER_WS_LOGIN_FAILED') || !TOKEN_REFUSALS.has(String(error.details?.['vtigerCode']))) throw error;
      return this.challengeAndLogin();
    }
  }

  private async challengeAndLogin(): Promise<PooledSession> {
    const userName = this.options.userName;
    const fail = (reason: string, details: Record<string, unknown>, cause?: unknown) =>
      new XTigerError('VTIGER_WS_LOGIN_FAILED', `Vtiger webservice login failed for user "${userName}": ${reason}`, {
        details: { userName, ...details },
        cause,
      });
    try {
      const challenge = await sendWebserviceRequest<{ token: string }>(this.transport, { operation: 'getchallenge' }, 'GET', {
        operation: 'getchallenge',
        username: userName,
      });
      if (!challenge.success) throw fail(`${challenge.error.message} (${String(challenge.error.code)})`, { vtigerCode: String(challenge.error.code) });
      const key = await this.options.accessKey();
      const accessKey = createHash('md5').update(challenge.result.token + key).digest('hex');
      const login = await sendWebserviceRequest<WsLoginResult>(this.transport, { operation: 'login' }, 'POST', {
        operation: 'login',
        username: userName,
        accessKey,
      });
      if (!login.success) throw fail(`${login.error.message} (${String(login.error.code)})`, { vtigerCode: String(login.error.code) });
      this.options.logger?.info({ userName, userId: login.result.userId }, 'vtiger webservice login');
      return { name: login.result.sessionName, userId: login.result.userId };
    } catch (error) {
      if (isXTigerError(error, 'VTIGER_WS_LOGIN_FAILED')) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw fail(reason, isXTigerError(error) ? { cause: error.code } : {}, error);
    }
  }
}

/** Login refusals that a token replaced by a concurrent getchallenge of the same user also produces. */
const TOKEN_REFUSALS = new Set(['INVALID_USER_CREDENTIALS', 'INVALID_AUTH_TOKEN']);

function moduleOfQuery(sql: string): string | undefined {
  return /\bfrom\s+([A-Za-z0-9_]+)/i.exec(sql)?.[1];
}

export interface CreateVtigerWebserviceClientOptions {
  /** Vtiger's database: the user's access key, the group taxes and the id prefixes are read from it. */
  knex: Knex;
  url: string;
  userName: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Webservice sessions used in parallel (the setting VTIGER_WS_SESSIONS); default 1. */
  sessions?: number;
  logger?: Logger;
}

/** The client wired to Vtiger's database the way the sync uses it. */
export async function createVtigerWebserviceClient(options: CreateVtigerWebserviceClientOptions): Promise<VtigerWebserviceClient> {
  const { knex, ...rest } = options;
  const ids = await WebserviceIds.load(knex);
  return new VtigerWebserviceClient({
    ...rest,
    ids,
    accessKey: () => readWebserviceAccessKey(knex, options.userName),
    groupTaxes: () => readGroupTaxPercentages(knex),
  });
}
