import type { VtigerApp } from './vtigerGlobals.js';

/**
 * Calls the XTiger backend as the logged-in Vtiger user. The token comes from Vtiger's PHP side
 * (index.php?module=XTiger&action=BridgeToken) and is cached until a minute before it expires; a 401 from the
 * backend (a clock apart, a secret rotated) drops it and retries once with a fresh one.
 */
export interface BridgeToken {
  token: string;
  /** Unix seconds. */
  expiresAt: number;
  backendUrl: string;
}

export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

const REFRESH_MARGIN_S = 60;

export class BridgeClient {
  private cached: BridgeToken | null = null;
  private inflight: Promise<BridgeToken> | null = null;

  constructor(
    private readonly app: VtigerApp,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async token(): Promise<BridgeToken> {
    if (this.cached && this.cached.expiresAt - REFRESH_MARGIN_S > this.now() / 1000) return this.cached;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = null;
    });
    this.cached = await this.inflight;
    return this.cached;
  }

  getJson<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  postJson<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response = await this.send(method, path, await this.token(), body);
    if (response.status === 401) {
      this.cached = null;
      response = await this.send(method, path, await this.token(), body);
    }
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new BackendUnavailableError(answer?.error?.message ?? `XTiger backend answered ${response.status}`);
    }
    return (await response.json()) as T;
  }

  private send(method: 'GET' | 'POST', path: string, token: BridgeToken, body?: unknown): Promise<Response> {
    if (!token.backendUrl) throw new BackendUnavailableError('The XTiger backend has not recorded its address in Vtiger yet.');
    const headers: Record<string, string> = { Authorization: `Bearer ${token.token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(`${token.backendUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  private fetchToken(): Promise<BridgeToken> {
    return new Promise((resolve, reject) => {
      this.app.request.post<BridgeToken>({ data: { module: 'XTiger', action: 'BridgeToken' } }).then((error, data) => {
        if (error || !data || typeof data.token !== 'string') {
          reject(new BackendUnavailableError(error?.message ?? 'Vtiger did not hand out an XTiger token.'));
          return;
        }
        resolve(data);
      });
    });
  }
}
