import type { Router } from 'express';
import { XTigerError } from '../../errors/XTigerError.js';
import { translate } from '../../i18n/translate.js';
import type { RunModule } from '../../sync/run/types.js';
import { startSyncRun, syncRunContextFor } from '../../syncRuns/startSyncRun.js';
import type { AppDeps } from '../appDeps.js';
import { resolveConflict } from '../contracts/conflicts.js';
import { route } from '../route.js';
import { toSyncNowResult } from './sync.js';

const PAIR_OF_LOG_MODULE: Readonly<Record<string, RunModule>> = { Contacts: 'contacts', Accounts: 'accounts', Products: 'products', Services: 'services' };
const LOCK_WAIT_SECONDS = 10;

interface ConflictLogRow {
  xtl_no: string;
  xtl_module: string;
  xtl_related_to: number;
  xtl_status: string;
}

export function conflictRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, resolveConflict, async ({ params, body, user, mayUse }) => {
    const log = (await deps.knex('vtiger_xtlog as l')
      .join('vtiger_crmentity as e', 'e.crmid', 'l.xtlogid')
      .where({ 'l.xtlogid': params.logId, 'e.deleted': 0 })
      .first('l.xtl_no', 'l.xtl_module', 'l.xtl_related_to', 'l.xtl_status')) as ConflictLogRow | undefined;
    // A log line the user may not see is answered like one that does not exist.
    if (!log || !(await mayUse('XTLog', params.logId, 'view'))) {
      throw new XTigerError('NOT_FOUND', `There is no XTLog record ${params.logId}.`, { details: { logId: params.logId } });
    }
    const pair = PAIR_OF_LOG_MODULE[log.xtl_module];
    if (log.xtl_status !== 'Conflict' || !pair || !(Number(log.xtl_related_to) > 0)) {
      throw new XTigerError('CONFLICT', `XTLog ${log.xtl_no} is not a conflict held for review (status ${log.xtl_status}), so there is nothing to resolve.`, {
        details: { logId: params.logId, status: log.xtl_status },
      });
    }
    const crmid = Number(log.xtl_related_to);
    // Resolving writes the record (the kept side wins): Vtiger's edit permission on it, as isPermitted decides.
    if (!(await mayUse(log.xtl_module, crmid, 'edit'))) {
      throw new XTigerError('FORBIDDEN', translate(user?.language, 'authz.conflictNotEditable'), { details: { logId: params.logId } });
    }
    const summary = await startSyncRun(await syncRunContextFor(deps), {
      request: { trigger: 'instant', modules: [pair], ids: [crmid], keep: body.keep, ...(user ? { language: user.language } : {}) },
      entryPoint: 'http',
      ...(user ? { requestedBy: user.userId } : {}),
      lockWaitSeconds: LOCK_WAIT_SECONDS,
    });
    return toSyncNowResult(summary, [crmid]);
  });
}
