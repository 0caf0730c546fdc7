import type { Knex } from 'knex';
import { XTigerError } from '../errors/XTigerError.js';

/**
 * Vtiger's own outgoing-mail server (Settings → Outgoing Server), as Vtiger 8.2 stores it: one vtiger_systems row
 * with server_type 'email' (server, server_port, server_username, server_password, smtp_auth, from_email_field).
 *
 * The password is stored "protected" (Vtiger_Functions::toProtectedText): the prefix `$ve$`, then the text as a
 * string of '0'/'1' characters (8 per byte), each character XOR 255, then base64 with `+/=` written as `-_.`
 * (include/utils/encryption.php). It is an encoding, not encryption: there is no key. An older row may hold the
 * password as plain text (no prefix), which Vtiger also accepts.
 *
 * Vtiger's mailer (modules/Emails/mail.php) passes `server` to PHPMailer as the host, which reads `ssl://host:port`
 * and `tls://host` prefixes, and a `:port` suffix; server_port is shown on the settings screen only.
 */
export interface VtigerOutgoingServer {
  host: string;
  port: number;
  /** TLS from the start (ssl://, or port 465). */
  secure: boolean;
  /** STARTTLS required (tls://). */
  requireTLS: boolean;
  /** Set when smtp_auth is on. */
  auth?: { user: string; pass: string };
  /** from_email_field; empty when Vtiger sends as each user. */
  fromEmail: string;
}

const PROTECTED_PREFIX = '$ve$';

export function decodeVtigerProtectedText(stored: string): string {
  if (!stored.startsWith(PROTECTED_PREFIX)) return stored;
  // PHP's base64_decode (not strict) skips the '.' padding marks; Buffer.from(…, 'base64') does the same once - and _ are mapped back.
  const raw = Buffer.from(stored.slice(PROTECTED_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/').replace(/\./g, ''), 'base64');
  let bits = '';
  for (const byte of raw) bits += String.fromCharCode(byte ^ 255);
  if (!/^[01]*$/.test(bits) || bits.length % 8 !== 0) {
    throw new XTigerError('CONFIG_INVALID', 'The password of Vtiger\'s Outgoing Server cannot be read (not in the form Vtiger stores it); enter it again in Vtiger (Settings → Outgoing Server) or give XTiger its own SMTP settings.');
  }
  const bytes = Buffer.alloc(bits.length / 8);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  return bytes.toString('utf8');
}

/** The inverse, as Vtiger's save does it (tests put a row there the way Vtiger would). */
export function encodeVtigerProtectedText(text: string): string {
  const bits = [...Buffer.from(text, 'utf8')].map((b) => b.toString(2).padStart(8, '0')).join('');
  const xored = Buffer.from([...bits].map((c) => c.charCodeAt(0) ^ 255));
  return PROTECTED_PREFIX + xored.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '.');
}

/** Parses PHPMailer's host syntax: `[ssl://|tls://]host[:port]`. */
export function parseVtigerServer(server: string, storedPort: number | null): Pick<VtigerOutgoingServer, 'host' | 'port' | 'secure' | 'requireTLS'> {
  let rest = server.trim();
  const scheme = /^(ssl|tls):\/\//i.exec(rest)?.[1]?.toLowerCase();
  if (scheme) rest = rest.slice(scheme.length + 3);
  const m = /^(.*?)(?::(\d+))?$/.exec(rest);
  const host = m?.[1] ?? rest;
  const explicitPort = m?.[2] ? Number(m[2]) : undefined;
  const port = explicitPort ?? (storedPort && storedPort > 0 ? storedPort : scheme === 'ssl' ? 465 : 25);
  return { host, port, secure: scheme === 'ssl' || (scheme === undefined && port === 465), requireTLS: scheme === 'tls' };
}

export async function readVtigerOutgoingServer(knex: Knex): Promise<VtigerOutgoingServer | undefined> {
  const row = (await knex('vtiger_systems').where({ server_type: 'email' }).orderBy('id').first()) as
    | { server: string | null; server_port: number | null; server_username: string | null; server_password: string | null; smtp_auth: string | null; from_email_field: string | null }
    | undefined;
  if (!row?.server) return undefined;
  const authOn = ['on', '1', 'true'].includes(String(row.smtp_auth ?? '').toLowerCase());
  return {
    ...parseVtigerServer(row.server, row.server_port),
    ...(authOn ? { auth: { user: row.server_username ?? '', pass: decodeVtigerProtectedText(row.server_password ?? '') } } : {}),
    fromEmail: row.from_email_field ?? '',
  };
}
