import type { NextFunction, Request, Response } from 'express';
import { XTigerError } from '../errors/XTigerError.js';
import type { Logger } from '../logging/logger.js';

/**
 * The one place where errors become HTTP answers: typed errors keep their code; a bad request (unparseable,
 * too large, an unknown content encoding or charset, a malformed URL) is a 4xx noted at info level; anything
 * else is a 500 that leaks nothing and is logged as an error. Error-level logs are for our faults, not callers'.
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const bad = badRequestOf(err);
    if (bad) {
      logger.info({ path: req.path, status: bad.httpStatus, code: bad.code }, 'bad request refused');
      res.status(bad.httpStatus).json({ error: bad.toJSON() });
      return;
    }
    if (err instanceof XTigerError) {
      if (err.httpStatus >= 500) logger.error({ err, path: req.path }, 'request failed');
      res.status(err.httpStatus).json({ error: err.toJSON() });
      return;
    }
    logger.error({ err, path: req.path }, 'unexpected error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'XTiger hit an unexpected error; the details are in the backend log.' } });
  };
}

/** body-parser's and Express's own client errors (http-errors with a 4xx status and a `type`), as typed errors. */
function badRequestOf(err: unknown): XTigerError | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { type?: unknown; status?: unknown; statusCode?: unknown };
  const status = Number(e.status ?? e.statusCode);
  switch (e.type) {
    case 'entity.parse.failed':
      return new XTigerError('BAD_REQUEST', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new XTigerError('PAYLOAD_TOO_LARGE', 'The request body is too large (at most 2 MB).');
    case 'encoding.unsupported':
      return new XTigerError('UNSUPPORTED_MEDIA_TYPE', 'The request body\'s Content-Encoding is not supported (use identity, gzip or deflate).');
    case 'charset.unsupported':
      return new XTigerError('UNSUPPORTED_MEDIA_TYPE', 'The request body\'s charset is not supported (use UTF-8).');
    default:
      break;
  }
  // A malformed %-escape in the path (Express's decode_param), an aborted or mis-sized body, and the like.
  if (Number.isInteger(status) && status >= 400 && status < 500) {
    return new XTigerError('BAD_REQUEST', 'The request is malformed.', { httpStatus: status });
  }
  return undefined;
}
