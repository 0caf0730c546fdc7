import type { NextFunction, Request, Response } from 'express';
import { XTigerError } from '../errors/XTigerError.js';
import type { Logger } from '../logging/logger.js';
import { redactText } from '../logging/redact.js';

/** The one place where errors become HTTP answers: typed errors keep their code; anything else is a 500 that leaks nothing. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (isBodyParserError(err)) {
      res.status(400).json({ error: { code: 'BAD_REQUEST', message: `The request body is not valid JSON: ${redactText(err.message)}` } });
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

function isBodyParserError(err: unknown): err is Error & { type: string } {
  return err instanceof Error && (err as { type?: unknown }).type === 'entity.parse.failed';
}
