import type { Router } from 'express';
import { getHealth } from '../contracts/health.js';
import { route } from '../route.js';
import type { AppDeps } from '../appDeps.js';

export function healthRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, getHealth, async () => {
    await deps.knex.raw('SELECT 1');
    return { status: 'ok' as const, version: process.env['npm_package_version'] ?? '0.1.0' };
  });
}
