/** Response bodies in Xero's shapes: the envelope around records, and its error documents. */
import { msDateTime, newGuid } from '../xeroFormats.js';
import type { Pagination } from '../listQuery.js';

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const envelope = (now: number, key: string, records: unknown[], pagination?: Pagination): ApiResult => ({
  status: 200,
  body: { Id: newGuid(), Status: 'OK', ProviderName: 'XTiger Xero sandbox', DateTimeUTC: msDateTime(now), ...(pagination !== undefined ? { pagination } : {}), [key]: records },
});

export const validationException = (elements: unknown[], message = 'A validation exception occurred'): ApiResult => ({
  status: 400,
  body: { ErrorNumber: 10, Type: 'ValidationException', Message: message, Elements: elements },
});

export const queryParseException = (message: string): ApiResult => ({ status: 400, body: { ErrorNumber: 16, Type: 'QueryParseException', Message: message } });

export const postDataInvalid = (message: string): ApiResult => ({ status: 400, body: { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message } });

/** Xero's problem document for 401/403/404/429/500 answers. */
export const problem = (status: number, title: string, detail: string, headers?: Record<string, string>): ApiResult => ({
  status,
  body: { Type: null, Title: title, Status: status, Detail: detail, Instance: newGuid(), Extensions: {} },
  ...(headers !== undefined ? { headers } : {}),
});

export const notFound = (what: string): ApiResult => problem(404, 'Not Found', `The resource you're looking for cannot be found: ${what}`);
