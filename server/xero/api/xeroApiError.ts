import { XTigerError, type XTigerErrorCode } from '../../errors/XTigerError.js';
import { redact, redactText } from '../../logging/redact.js';

/**
 * The ONE place where a failed Xero call becomes a typed error. xero-node rejects with a JSON *string*
 * `{"response":{"statusCode","body","headers","request"},"body"}` (status 0 and an axios message for network
 * failures and timeouts); our own fetch calls (identity, connections) fail with `FetchFailure`s. Both become a
 * `XeroApiError` that carries what a retry or a user needs — HTTP status, Xero's validation errors, Retry-After,
 * X-Rate-Limit-Problem, the remaining-call headers — and nothing else: no request headers, no token, no raw body
 * beyond Xero's own messages (and those pass through `redact`).
 */
export type RateLimitProblem = 'minute' | 'day' | 'concurrent' | 'appminute' | string;

export interface XeroFailureFacts {
  /** HTTP status; 0 when no response came (network failure, timeout). */
  status: number;
  /** Parsed JSON body of the response when there was one. */
  body: unknown;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** For status 0: the transport's message (axios/undici), already free of secrets. */
  transportMessage?: string;
  /** True when our own timeout ended the call. */
  timedOut?: boolean;
}

export interface XeroErrorContext {
  /** What we were doing, in the user's words: "create contacts (batch 2 of 3)", "refresh the Xero token". */
  operation: string;
  /** The organisation, for the message. */
  organisation?: string;
}

export class XeroApiError extends XTigerError {
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly rateLimitProblem: RateLimitProblem | undefined;
  /** Xero's messages (`Elements[].ValidationErrors[].Message`, or the top-level `Message`/`Detail`). */
  readonly validationErrors: string[];
  readonly rateHeaders: RateHeaders;

  constructor(
    code: XTigerErrorCode,
    message: string,
    facts: { status: number; retryable: boolean; retryAfterMs?: number; rateLimitProblem?: string; validationErrors?: string[]; rateHeaders?: RateHeaders; xeroType?: string; operation: string },
  ) {
    const details: Record<string, unknown> = { operation: facts.operation, httpStatus: facts.status };
    if (facts.xeroType) details['xeroType'] = facts.xeroType;
    if (facts.validationErrors?.length) details['validationErrors'] = facts.validationErrors;
    if (facts.retryAfterMs !== undefined) details['retryAfterSeconds'] = Math.ceil(facts.retryAfterMs / 1000);
    if (facts.rateLimitProblem) details['rateLimitProblem'] = facts.rateLimitProblem;
    super(code, message, { details });
    this.name = 'XeroApiError';
    this.status = facts.status;
    this.retryable = facts.retryable;
    this.retryAfterMs = facts.retryAfterMs;
    this.rateLimitProblem = facts.rateLimitProblem;
    this.validationErrors = facts.validationErrors ?? [];
    this.rateHeaders = facts.rateHeaders ?? {};
  }
}

export interface RateHeaders {
  minuteRemaining?: number;
  dayRemaining?: number;
  appMinuteRemaining?: number;
}

/** `X-MinLimit-Remaining`, `X-DayLimit-Remaining`, `X-AppMinLimit-Remaining` of any response. */
export function readRateHeaders(headers: Record<string, unknown> | undefined): RateHeaders {
  const num = (name: string): number | undefined => {
    const raw = headers?.[name] ?? headers?.[name.toLowerCase()];
    const n = Number(Array.isArray(raw) ? raw[0] : raw);
    return raw === undefined || raw === null || raw === '' || !Number.isFinite(n) ? undefined : n;
  };
  const out: RateHeaders = {};
  const m = num('x-minlimit-remaining');
  const d = num('x-daylimit-remaining');
  const a = num('x-appminlimit-remaining');
  if (m !== undefined) out.minuteRemaining = m;
  if (d !== undefined) out.dayRemaining = d;
  if (a !== undefined) out.appMinuteRemaining = a;
  return out;
}

/** Pulls status, body and headers out of whatever xero-node rejected with. */
export function factsFromSdkRejection(reason: unknown): XeroFailureFacts | undefined {
  let value: unknown = reason;
  if (typeof reason === 'string') {
    try {
      value = JSON.parse(reason);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== 'object') return undefined;
  const response = (value as { response?: unknown }).response;
  if (!response || typeof response !== 'object') return undefined;
  const r = response as { statusCode?: unknown; status?: unknown; body?: unknown; data?: unknown; headers?: unknown };
  const status = Number(r.statusCode ?? r.status ?? 0) || 0;
  const headers = lowerCaseHeaders(r.headers);
  const body = r.body ?? r.data ?? (value as { body?: unknown }).body;
  if (status === 0) {
    const transportMessage = redactText(typeof body === 'string' ? body : 'no response');
    return { status, body: undefined, headers, transportMessage, timedOut: looksLikeTimeout(transportMessage) };
  }
  return { status, body, headers };
}

export function looksLikeTimeout(message: string): boolean {
  return /timeout of \d+ms exceeded|timed? ?out|ETIMEDOUT|ECONNABORTED|aborted|canceled/i.test(message);
}

function lowerCaseHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
  }
  return out;
}

/** Retry-After in ms (seconds or an HTTP date); undefined when absent. */
export function retryAfterMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const raw = headers['retry-after'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Xero's messages from a 400 body: element validation errors first, then the top-level message. */
export function xeroMessages(body: unknown): { type?: string; messages: string[] } {
  if (!body || typeof body !== 'object') return { messages: typeof body === 'string' && body.trim() ? [clip(body)] : [] };
  const b = body as Record<string, unknown>;
  const pick = (...names: string[]): unknown => names.map((n) => b[n]).find((v) => v !== undefined);
  const messages: string[] = [];
  const elements = pick('Elements', 'elements');
  if (Array.isArray(elements)) {
    for (const el of elements) {
      const errs = (el as Record<string, unknown> | null)?.['ValidationErrors'] ?? (el as Record<string, unknown> | null)?.['validationErrors'];
      if (Array.isArray(errs)) for (const e of errs) messageOf(e, messages);
    }
  }
  if (messages.length === 0) {
    for (const key of ['Message', 'message', 'Detail', 'detail', 'error_description', 'error', 'Title', 'title']) {
      const v = b[key];
      if (typeof v === 'string' && v.trim()) {
        messages.push(clip(v));
        break;
      }
    }
  }
  const type = pick('Type', 'type');
  return typeof type === 'string' ? { type, messages } : { messages };
}

function messageOf(e: unknown, into: string[]): void {
  const m = (e as { Message?: unknown; message?: unknown } | null)?.Message ?? (e as { message?: unknown } | null)?.message;
  if (typeof m === 'string' && m.trim()) into.push(clip(m));
}

function clip(s: string): string {
  const clean = redactText(s.trim());
  return clean.length > 500 ? `${clean.slice(0, 500)}…` : clean;
}

/** Turns the facts of one failed call into the typed error, with a plain message and a next step. */
export function xeroErrorFromFacts(facts: XeroFailureFacts, ctx: XeroErrorContext, nowMs: number): XeroApiError {
  const where = ctx.organisation ? ` for the Xero organisation "${ctx.organisation}"` : '';
  const op = ctx.operation;
  const rateHeaders = readRateHeaders(facts.headers);
  if (facts.status === 0) {
    if (facts.timedOut) {
      return new XeroApiError('XERO_TIMEOUT', `Xero did not answer in time (${op}${where}). XTiger retries on its own; if this keeps happening, check this server's internet connection and status.xero.com.`, {
        status: 0,
        retryable: true,
        operation: op,
      });
    }
    return new XeroApiError('XERO_NETWORK', `XTiger could not reach Xero (${op}${where}): ${facts.transportMessage ?? 'no response'}. Check this server's internet connection, proxy and firewall; XTiger retries on its own.`, {
      status: 0,
      retryable: true,
      operation: op,
    });
  }
  const { type, messages } = xeroMessages(facts.body);
  const common = { status: facts.status, operation: op, validationErrors: messages, rateHeaders, ...(type ? { xeroType: type } : {}) };
  const said = messages.length ? ` Xero says: ${messages.slice(0, 3).join(' | ')}` : '';
  switch (true) {
    case facts.status === 429: {
      const problem = facts.headers['x-rate-limit-problem']?.toLowerCase();
      const after = retryAfterMs(facts.headers, nowMs);
      return new XeroApiError('XERO_RATE_LIMITED', `Xero's ${problem ?? 'call'} limit was reached (${op}${where}).${after !== undefined ? ` Xero asks to wait ${Math.ceil(after / 1000)} s.` : ''} XTiger paces its calls; if this keeps happening another app may be using the same organisation's limits.`, {
        ...common,
        retryable: true,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
        ...(problem ? { rateLimitProblem: problem } : {}),
      });
    }
    case facts.status === 400:
      return new XeroApiError('XERO_VALIDATION', `Xero rejected the data (${op}${where}).${said || ' Xero gave no reason.'}`, { ...common, retryable: false });
    case facts.status === 401:
      return new XeroApiError('XERO_AUTH', `Xero did not accept XTiger's access token (${op}${where}). XTiger renews it on its own; if this persists, reconnect Xero in Settings → XTiger → API details.`, { ...common, retryable: false });
    case facts.status === 403:
      return new XeroApiError('XERO_NOT_CONNECTED', `Xero refused access (${op}${where}): the organisation may have been disconnected from the app, the connecting user may have lost access, or the app lacks a scope.${said} Next step: reconnect Xero in Settings → XTiger → API details.`, { ...common, retryable: false });
    case facts.status === 404:
      return new XeroApiError('XERO_NOT_FOUND', `Xero does not know this record (${op}${where}).${said}`, { ...common, retryable: false });
    case facts.status >= 500:
      return new XeroApiError('XERO_SERVER', `Xero had a problem (HTTP ${facts.status}, ${op}${where}).${said} XTiger retries on its own; if it persists, see status.xero.com.`, { ...common, retryable: true });
    default:
      return new XeroApiError('XERO_HTTP', `Xero answered HTTP ${facts.status} (${op}${where}).${said}`, { ...common, retryable: false });
  }
}

/**
 * The normaliser: anything a Xero call can throw → `XeroApiError` (or the XTigerError it already is). An unknown
 * value becomes a XERO_HTTP error whose message is the redacted text of what was thrown, never the value itself.
 */
export function normaliseXeroError(reason: unknown, ctx: XeroErrorContext, nowMs: number = Date.now()): XTigerError {
  if (reason instanceof XTigerError) return reason;
  const facts = factsFromSdkRejection(reason);
  if (facts) return xeroErrorFromFacts(facts, ctx, nowMs);
  if (reason instanceof Error) {
    const causeCode = (reason as { cause?: { code?: unknown } }).cause?.code;
    const text = `${reason.message}${typeof causeCode === 'string' ? ` (${causeCode})` : ''}`;
    const timedOut = reason.name === 'TimeoutError' || reason.name === 'AbortError' || looksLikeTimeout(text);
    const isTransport = timedOut || reason.name === 'TypeError' || typeof causeCode === 'string' || /ECONN|EPIPE|socket|network|fetch failed/i.test(text);
    if (isTransport) return xeroErrorFromFacts({ status: 0, body: undefined, headers: {}, transportMessage: redactText(text), timedOut }, ctx, nowMs);
    return new XeroApiError('XERO_HTTP', `The Xero call failed (${ctx.operation}): ${redactText(reason.message)}`, { status: 0, retryable: false, operation: ctx.operation });
  }
  const safe = redact(reason);
  return new XeroApiError('XERO_HTTP', `The Xero call failed (${ctx.operation}): ${clip(typeof safe === 'string' ? safe : JSON.stringify(safe) ?? 'unknown error')}`, {
    status: 0,
    retryable: false,
    operation: ctx.operation,
  });
}
