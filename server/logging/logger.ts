import { pino, type Logger, type DestinationStream } from 'pino';
import { redact } from './redact.js';

/**
 * Structured logger. Every object and message goes through `redact` before it is written, so a token
 * that slips into a log call is replaced instead of written.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'xtiger',
      level: options.level ?? process.env['XTIGER_LOG_LEVEL'] ?? 'info',
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => redact(a)) as Parameters<typeof method>);
        },
      },
      serializers: { err: (e: unknown) => redact(pino.stdSerializers.err(e as Error)) },
    },
    options.destination,
  );
}

export type { Logger };
