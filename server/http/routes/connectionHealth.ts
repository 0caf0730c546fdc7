import type { Router } from 'express';
import { connectionHealth } from '../../xero/connection/connectionHealth.js';
import { xeroServicesFor } from '../../xero/xeroServices.js';
import type { AppDeps } from '../appDeps.js';
import { getConnectionHealth } from '../contracts/connectionHealth.js';
import { route } from '../route.js';

export function connectionHealthRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, getConnectionHealth, async ({ query, user }) =>
    connectionHealth(await xeroServicesFor(deps), { refresh: query.check === 'refresh', language: user?.language }),
  );
}
