import type { Router } from 'express';
import { addToQueue } from '../../settingsScreens/addToQueue.js';
import type { AppDeps } from '../appDeps.js';
import { addToQueue as addToQueueEndpoint } from '../contracts/queue.js';
import { route } from '../route.js';

export function queueRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, addToQueueEndpoint, ({ body, user }) => addToQueue(deps.knex, { module: body.module, ids: body.ids, userId: user?.userId ?? 1, language: user?.language }));
}
