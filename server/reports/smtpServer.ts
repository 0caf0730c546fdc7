import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SecretBox } from '../crypto/secretBox.js';
import { XTigerError } from '../errors/XTigerError.js';
import { readSmtpPassword, type SmtpSettings } from '../settings/notificationSettings.js';
import { readVtigerOutgoingServer } from './vtigerOutgoingServer.js';

/**
 * The SMTP server reports go through: Vtiger's Outgoing Server by default, or XTiger's own (Notifications
 * settings). Every stage of a send has a timeout, so a server that does not answer costs a report its attempt,
 * never a sync anything.
 */
export interface SmtpTarget {
  transport: SMTPTransport.Options;
  from: string;
  /** For logs and errors: host:port, never the password. */
  describe: string;
}

export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

export async function resolveSmtpTarget(knex: Knex, box: SecretBox, smtp: SmtpSettings, fallbackFrom: string): Promise<SmtpTarget> {
  if (smtp.source === 'own') {
    const pass = await readSmtpPassword(knex, box);
    return {
      transport: {
        host: smtp.host, port: smtp.port, secure: smtp.secure, ...SMTP_TIMEOUTS,
        ...(smtp.username ? { auth: { user: smtp.username, pass: pass ?? '' } } : {}),
      },
      from: smtp.fromName ? `"${smtp.fromName.replace(/"/g, '')}" <${smtp.fromEmail}>` : smtp.fromEmail,
      describe: `${smtp.host}:${smtp.port}`,
    };
  }
  const vtiger = await readVtigerOutgoingServer(knex);
  if (!vtiger) {
    throw new XTigerError('CONFIG_MISSING', 'Vtiger has no Outgoing Server set (Settings → Outgoing Server); set one there, or give XTiger its own SMTP server in Settings → XTiger → Notifications.');
  }
  return {
    transport: {
      host: vtiger.host, port: vtiger.port, secure: vtiger.secure, requireTLS: vtiger.requireTLS, ...SMTP_TIMEOUTS,
      ...(vtiger.auth ? { auth: vtiger.auth } : {}),
    },
    from: vtiger.fromEmail ? `"XTiger" <${vtiger.fromEmail}>` : fallbackFrom,
    describe: `${vtiger.host}:${vtiger.port}`,
  };
}

export interface OutgoingMail {
  to: string[];
  subject: string;
  html: string;
  text: string;
}

/** Sends one mail; rejects after `timeoutMs` at the latest, whatever the server does. */
export async function sendMail(target: SmtpTarget, mail: OutgoingMail, timeoutMs = 30_000): Promise<{ messageId: string }> {
  const transporter = nodemailer.createTransport(target.transport);
  let timer: NodeJS.Timeout | undefined;
  try {
    const sent = await Promise.race([
      transporter.sendMail({ from: target.from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new XTigerError('INTERNAL', `The SMTP server ${target.describe} did not finish within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
      }),
    ]);
    return { messageId: sent.messageId };
  } finally {
    if (timer) clearTimeout(timer);
    transporter.close();
  }
}
