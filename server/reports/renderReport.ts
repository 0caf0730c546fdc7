import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { reportMessagesEn, type ReportMessageKey } from '../i18n/messages.reports.en_us.js';
import { reportMessagesJa } from '../i18n/messages.reports.ja_jp.js';
import type { ReportLanguage } from '../settings/notificationSettings.js';
import type { ProblemLine, ReportData } from './reportData.js';

/**
 * The report as an e-mail: subject, HTML and plain text, in English or Japanese. Templates are files
 * (templates/report.html.hbs, report.text.hbs); texts come from messages.reports.*. In the HTML part every value is
 * escaped by Handlebars' `{{…}}` (XTLog messages hold what Xero and Vtiger users typed); the text part is compiled
 * without escaping.
 */
export interface RenderedReport {
  subject: string;
  html: string;
  text: string;
}

const templatesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
const hbs = Handlebars.create();
const htmlTemplate = hbs.compile(readFileSync(path.join(templatesDir, 'report.html.hbs'), 'utf8'), { strict: false });
const textTemplate = hbs.compile(readFileSync(path.join(templatesDir, 'report.text.hbs'), 'utf8'), { noEscape: true, strict: false });

const catalogues: Record<ReportLanguage, Record<ReportMessageKey, string>> = { en_us: reportMessagesEn, ja_jp: reportMessagesJa };

function say(language: ReportLanguage, key: ReportMessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[language][key].replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A known value's translation (module, action, …), or the value itself. */
function term(language: ReportLanguage, prefix: string, value: string): string {
  const key = `${prefix}.${value}` as ReportMessageKey;
  return key in catalogues[language] ? say(language, key) : value;
}

/** `<VTIGER_URL>/index.php?module=…&view=Detail&record=…` */
export function vtigerRecordUrl(vtigerUrl: string, module: string, crmid: number): string {
  return `${vtigerUrl.replace(/\/+$/, '')}/index.php?module=${encodeURIComponent(module)}&view=Detail&record=${crmid}`;
}

function day(value: Date | string): string {
  return (typeof value === 'string' ? value : value.toISOString()).slice(0, 10);
}

export function renderReport(data: ReportData, language: ReportLanguage, vtigerUrl: string): RenderedReport {
  const line = (p: ProblemLine) => ({
    record: p.crmid !== null ? p.label || say(language, 'report.record.unnamed', { module: term(language, 'report.module', p.module), id: p.crmid }) : `Xero ${p.xeroId}`,
    url: p.crmid !== null ? vtigerRecordUrl(vtigerUrl, p.module, p.crmid) : vtigerRecordUrl(vtigerUrl, 'XTLog', p.logId),
    direction: term(language, 'report.direction', p.direction),
    action: term(language, 'report.action', p.action),
    reason: p.message,
  });
  const sections = [
    ...(data.failuresTotal > 0
      ? [{ title: say(language, 'report.failures.title', { count: data.failuresTotal }), lines: data.failures.map(line), more: data.failuresTotal > data.failures.length ? say(language, 'report.more', { count: data.failuresTotal - data.failures.length }) : '' }]
      : []),
    ...(data.waitingTotal > 0
      ? [{ title: say(language, 'report.waiting.title', { count: data.waitingTotal }), lines: data.waiting.map(line), more: data.waitingTotal > data.waiting.length ? say(language, 'report.more', { count: data.waitingTotal - data.waiting.length }) : '' }]
      : []),
  ];
  const scope = data.scope;
  const when = (data.startedAt ?? '').slice(0, 16);
  const period = scope.kind === 'digest' ? say(language, `report.period.${scope.frequency}`) : '';
  const from = scope.kind === 'digest' ? day(scope.from) : '';
  const to = scope.kind === 'digest' ? day(new Date(scope.to.getTime() - 1)) : '';
  const view = {
    htmlLang: language === 'ja_jp' ? 'ja' : 'en',
    title: scope.kind === 'run' ? say(language, 'report.title.run') : say(language, 'report.title.digest', { period }),
    intro: scope.kind === 'run'
      ? say(language, 'report.intro.run', { when, trigger: term(language, 'report.trigger', data.trigger ?? ''), runId: scope.runId })
      : say(language, 'report.intro.digest', { from, to }),
    countsTitle: say(language, 'report.counts.title'),
    countsNone: say(language, 'report.counts.none'),
    columns: {
      module: say(language, 'report.column.module'), action: say(language, 'report.column.action'), success: say(language, 'report.column.success'),
      failed: say(language, 'report.column.failed'), skipped: say(language, 'report.column.skipped'), conflict: say(language, 'report.column.conflict'),
      record: say(language, 'report.column.record'), direction: say(language, 'report.column.direction'), reason: say(language, 'report.column.reason'),
    },
    counts: data.counts.map((c) => ({ ...c, module: term(language, 'report.module', c.module), action: term(language, 'report.action', c.action) })),
    sections,
    queue: say(language, 'report.queue', { count: data.queueSize }),
    footer: say(language, 'report.footer'),
  };
  const subject = scope.kind === 'run'
    ? say(language, 'report.subject.run', { failed: data.failuresTotal, waiting: data.waitingTotal, when })
    : say(language, 'report.subject.digest', { period, failed: data.failuresTotal, waiting: data.waitingTotal, from, to });
  return { subject, html: htmlTemplate(view), text: textTemplate(view) };
}
