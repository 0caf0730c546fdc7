import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/**
 * A real SMTP server for the tests (the smtp-server package, listening on 127.0.0.1 on a random port, speaking SMTP
 * over TCP to nodemailer), keeping each message it accepted, decoded enough to read: headers, subject, text and
 * HTML parts.
 */
export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface SmtpCatcher {
  port: number;
  mails: CaughtMail[];
  /** Logins seen (user, password), to prove which credentials were used. */
  logins: Array<{ user: string; pass: string }>;
  close(): Promise<void>;
}

export async function startSmtpCatcher(options: { port?: number; rejectRecipients?: boolean; requireAuth?: { user: string; pass: string } } = {}): Promise<SmtpCatcher> {
  const mails: CaughtMail[] = [];
  const logins: Array<{ user: string; pass: string }> = [];
  const serverOptions: SMTPServerOptions = {
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !options.requireAuth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (options.requireAuth && (auth.username !== options.requireAuth.user || auth.password !== options.requireAuth.pass)) return cb(new Error('Invalid username or password'));
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (options.rejectRecipients) {
        const err = new Error(`Mailbox ${address.address} unavailable`) as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({ ...decodeMail(raw), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Enough MIME for nodemailer's output: headers, multipart/alternative, base64 and quoted-printable, encoded words. */
export function decodeMail(raw: string): { subject: string; text: string; html: string } {
  const [head = '', body = ''] = splitOnce(raw, /\r?\n\r?\n/);
  const headers = parseHeaders(head);
  const parts: Array<{ type: string; content: string }> = [];
  collectParts(headers, body, parts);
  return {
    subject: decodeWords(headers.get('subject') ?? ''),
    text: parts.find((p) => p.type.startsWith('text/plain'))?.content ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.content ?? '',
  };
}

function splitOnce(s: string, re: RegExp): [string, string] {
  const m = re.exec(s);
  return m ? [s.slice(0, m.index), s.slice(m.index + m[0].length)] : [s, ''];
}

function parseHeaders(head: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

function collectParts(headers: Map<string, string>, body: string, into: Array<{ type: string; content: string }>): void {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    for (const section of body.split(`--${boundary}`).slice(1)) {
      if (section.startsWith('--')) break;
      const [h, b] = splitOnce(section.replace(/^\r?\n/, ''), /\r?\n\r?\n/);
      collectParts(parseHeaders(h), b.replace(/\r?\n$/, ''), into);
    }
    return;
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let content: string;
  if (encoding === 'base64') content = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') content = decodeQuotedPrintable(body);
  else content = body;
  into.push({ type: type.toLowerCase(), content });
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i] ?? '';
    if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}
