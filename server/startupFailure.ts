import { XTigerError } from './errors/XTigerError.js';
import { redactText } from './logging/redact.js';

/**
 * The one line an admin reads when the backend cannot start (systemd's journal, a terminal): our error's code and
 * message, then its cause's own words (the driver's "Access denied … (using password: YES)", EADDRINUSE …), with
 * secrets scrubbed and no stack in front.
 */
export function startupFailureLine(err: unknown): string {
  const parts: string[] = [];
  if (err instanceof XTigerError) parts.push(`${err.code}: ${err.message}`);
  else if (err instanceof Error) parts.push(err.message);
  else parts.push(String(err));
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error && cause.message && !parts[0]!.includes(cause.message)) parts.push(`Cause: ${cause.message}`);
  return redactText(`XTiger could not start. ${parts.join(' ')}`.replace(/\s*\n\s*/g, ' '));
}
