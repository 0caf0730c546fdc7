import type { Router } from 'express';
import type { AppDeps } from '../appDeps.js';
import { apiDetailsRoutes } from './apiDetails.js';
import { conflictRoutes } from './conflicts.js';
import { healthRoutes } from './health.js';
import { recordStatusRoutes } from './recordStatus.js';
import { syncRoutes } from './sync.js';
import { xeroConnectionRoutes } from './xeroConnection.js';
import { connectionHealthRoutes } from './connectionHealth.js';
import { dashboardRoutes } from './dashboard.js';
import { fieldMappingRoutes } from './fieldMapping.js';
import { notificationRoutes } from './notifications.js';
import { queueRoutes } from './queue.js';
import { syncSettingsRoutes } from './syncSettings.js';
import { taxMapRoutes } from './taxMap.js';
import { xeroWebhookRoutes } from './xeroWebhook.js';

/** Every route group of the backend; each file in this folder registers the endpoints of one screen or flow. */
export function registerRoutes(router: Router, deps: AppDeps): void {
  healthRoutes(router, deps);
  recordStatusRoutes(router, deps);
  apiDetailsRoutes(router, deps);
  xeroConnectionRoutes(router, deps);
  syncRoutes(router, deps);
  conflictRoutes(router, deps);
  connectionHealthRoutes(router, deps);
  fieldMappingRoutes(router, deps);
  taxMapRoutes(router, deps);
  syncSettingsRoutes(router, deps);
  notificationRoutes(router, deps);
  dashboardRoutes(router, deps);
  queueRoutes(router, deps);
  xeroWebhookRoutes(router, deps);
}
