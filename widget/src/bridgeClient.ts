import { BackendAnswerError, BackendUnavailableError, BackendUnreachableError } from './backendErrors.js';
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
  /** Whether the Vtiger user is an admin (what the widget offers; the backend decides by the token). */
  isAdmin?: boolean;
}

export { BackendAnswerError, BackendUnavailableError, BackendUnreachableError };

const REFRESH_MARGIN_S = 60;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

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

  postJson<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  putJson<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  deleteJson<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    let response = await this.send(method, path, await this.token(), body);
    if (response.status === 401) {
      this.cached = null;
      response = await this.send(method, path, await this.token(), body);
    }
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
      if (!answer?.error?.message) throw new BackendUnreachableError();
      throw new BackendAnswerError(response.status, answer.error.code ?? 'ERROR', answer.error.message, answer.error.details ?? {});
    }
    return (await response.json()) as T;
  }

  private async send(method: Method, path: string, token: BridgeToken, body?: unknown): Promise<Response> {
    if (!token.backendUrl) throw new BackendUnavailableError('no backend address');
    const headers: Record<string, string> = { Authorization: `Bearer ${token.token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(`${token.backendUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      // fetch rejects only when no answer came (network, backend down, CORS): the browser's words mean nothing to a user.
      throw new BackendUnreachableError();
    }
  }

  private fetchToken(): Promise<BridgeToken> {
    return new Promise((resolve, reject) => {
      this.app.request.post<BridgeToken>({ data: { module: 'XTiger', action: 'BridgeToken' } }).then((error, data) => {
        if (error || !data || typeof data.token !== 'string') {
          reject(new BackendUnavailableError(error?.message ?? 'no token'));
          return;
        }
        resolve(data);
      });
    });
  }
}
