import type { Router } from 'express';
import { readDashboard } from '../../settingsScreens/dashboard.js';
import type { AppDeps } from '../appDeps.js';
import { getDashboard } from '../contracts/dashboard.js';
import { route } from '../route.js';

export function dashboardRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, getDashboard, ({ query, user }) => readDashboard(deps.knex, { days: query.days, failures: query.failures, now: new Date(deps.now()), language: user?.language }));
}
