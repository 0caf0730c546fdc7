import type { Router } from 'express';
import { addToQueue } from '../../settingsScreens/addToQueue.js';
import type { AppDeps } from '../appDeps.js';
import { addToQueue as addToQueueEndpoint } from '../contracts/queue.js';
import { route } from '../route.js';
import { translate } from '../../i18n/translate.js';

export function queueRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, addToQueueEndpoint, async ({ body, user, records }) => {
    const result = await addToQueue(deps.knex, { module: body.module, ids: records?.ids ?? [], userId: user?.userId ?? 1, language: user?.language });
    return records && records.leftOut > 0
      ? { ...result, leftOut: { count: records.leftOut, message: translate(user?.language, 'authz.leftOut', { count: records.leftOut, module: records.module }) } }
      : result;
  });
}
