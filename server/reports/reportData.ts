import type { Knex } from 'knex';
import { decodeHtmlEntities } from '../vtiger/webservice/htmlEntities.js';

/**
 * What a report says, read from XTLog (and XTQueue for the queue's size): one sync run's lines, or every line of a
 * day, week or month. Plain data; rendering is renderReport.ts.
 */
export type DigestFrequency = 'daily' | 'weekly' | 'monthly';

export type ReportScope = { kind: 'run'; runId: string } | { kind: 'digest'; frequency: DigestFrequency; from: Date; to: Date };

export interface ModuleActionCounts {
  module: string;
  action: string;
  success: number;
  failed: number;
  skipped: number;
  conflict: number;
}

export interface ProblemLine {
  logId: number;
  module: string;
  /** The Vtiger record (null when the line is about a Xero record not in Vtiger). */
  crmid: number | null;
  label: string;
  xeroId: string;
  direction: string;
  action: string;
  message: string;
}

export interface ReportData {
  scope: ReportScope;
  /** Run: when it started and what started it (XTLog's trigger). */
  startedAt?: string;
  trigger?: string;
  counts: ModuleActionCounts[];
  lines: number;
  failures: ProblemLine[];
  failuresTotal: number;
  waiting: ProblemLine[];
  waitingTotal: number;
  queueSize: number;
}

/** Problem lines listed per kind; the rest are counted ("… and N more"). */
export const LISTED_PROBLEMS = 200;

function inScope(q: Knex.QueryBuilder, scope: ReportScope): Knex.QueryBuilder {
  return scope.kind === 'run' ? q.where('x.xtl_run_id', scope.runId) : q.where('x.xtl_started_at', '>=', scope.from).andWhere('x.xtl_started_at', '<', scope.to);
}

function logLines(knex: Knex, scope: ReportScope): Knex.QueryBuilder {
  return inScope(knex('vtiger_xtlog as x').join('vtiger_crmentity as e', 'e.crmid', 'x.xtlogid').where('e.deleted', 0), scope);
}

export async function readReportData(knex: Knex, scope: ReportScope): Promise<ReportData> {
  const grouped = (await logLines(knex, scope).clone().groupBy('x.xtl_module', 'x.xtl_action', 'x.xtl_status').select('x.xtl_module as module', 'x.xtl_action as action', 'x.xtl_status as status').count({ n: '*' })) as Array<{ module: string; action: string; status: string; n: number | string }>;
  const byKey = new Map<string, ModuleActionCounts>();
  let lines = 0;
  for (const g of grouped) {
    const key = `${g.module}\u0000${g.action}`;
    const row = byKey.get(key) ?? { module: g.module ?? '', action: g.action ?? '', success: 0, failed: 0, skipped: 0, conflict: 0 };
    const n = Number(g.n);
    lines += n;
    if (g.status === 'Success') row.success += n;
    else if (g.status === 'Failed') row.failed += n;
    else if (g.status === 'Conflict') row.conflict += n;
    else row.skipped += n;
    byKey.set(key, row);
  }
  const order = ['Accounts', 'Contacts', 'Products', 'Services', 'Invoice', 'XeroAccounts'];
  const actions = ['Create', 'Update', 'Delete', 'Skip'];
  const counts = [...byKey.values()].sort((a, b) => order.indexOf(a.module) - order.indexOf(b.module) || actions.indexOf(a.action) - actions.indexOf(b.action));

  const problems = async (status: 'Failed' | 'Conflict'): Promise<ProblemLine[]> => {
    const rows = (await logLines(knex, scope)
      .clone()
      .where('x.xtl_status', status)
      .leftJoin('vtiger_crmentity as r', 'r.crmid', 'x.xtl_related_to')
      .orderBy('x.xtlogid')
      .limit(LISTED_PROBLEMS)
      .select('x.xtlogid', 'x.xtl_module', 'x.xtl_related_to', 'x.xtl_xero_id', 'x.xtl_direction', 'x.xtl_action', 'x.xtl_message', 'r.label')) as Array<{
      xtlogid: number; xtl_module: string; xtl_related_to: number | null; xtl_xero_id: string | null; xtl_direction: string; xtl_action: string; xtl_message: string | null; label: string | null;
    }>;
    return rows.map((r) => ({
      // Vtiger keeps text HTML-encoded (its save runs values through htmlentities); the report wants the text itself.
      logId: Number(r.xtlogid), module: r.xtl_module, crmid: r.xtl_related_to ? Number(r.xtl_related_to) : null, label: decodeHtmlEntities(r.label ?? ''), xeroId: r.xtl_xero_id ?? '',
      direction: r.xtl_direction, action: r.xtl_action, message: decodeHtmlEntities(r.xtl_message ?? ''),
    }));
  };
  const failedTotal = counts.reduce((s, c) => s + c.failed, 0);
  const waitingTotal = counts.reduce((s, c) => s + c.conflict, 0);
  const [queue] = (await knex('vtiger_xtqueue as q').join('vtiger_crmentity as e', 'e.crmid', 'q.xtqueueid').where('e.deleted', 0).whereIn('q.xtq_status', ['Queued', 'Processing']).count({ n: '*' })) as Array<{ n: number | string }>;
  let startedAt: string | undefined;
  let trigger: string | undefined;
  if (scope.kind === 'run') {
    const first = (await logLines(knex, scope).clone().orderBy('x.xtlogid').first('x.xtl_started_at as startedAt', 'x.xtl_trigger as trigger')) as { startedAt: string | null; trigger: string | null } | undefined;
    startedAt = first?.startedAt ?? undefined;
    trigger = first?.trigger ?? undefined;
  }
  return {
    scope,
    ...(startedAt ? { startedAt } : {}),
    ...(trigger ? { trigger } : {}),
    counts,
    lines,
    failures: failedTotal > 0 ? await problems('Failed') : [],
    failuresTotal: failedTotal,
    waiting: waitingTotal > 0 ? await problems('Conflict') : [],
    waitingTotal,
    queueSize: Number(queue?.n ?? 0),
  };
}

/** The crmids of the scope's XTLog lines whose e-mail status is Pending (to set Sent, Failed or Not required). */
export async function pendingLogIds(knex: Knex, scope: ReportScope): Promise<number[]> {
  const rows = (await logLines(knex, scope).clone().where('x.xtl_email_status', 'Pending').select('x.xtlogid')) as Array<{ xtlogid: number }>;
  return rows.map((r) => Number(r.xtlogid));
}
