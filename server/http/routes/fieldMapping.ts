import type { Router } from 'express';
import { checkFieldMapping, readFieldMappingView, resetFieldMapping, saveFieldMapping } from '../../settingsScreens/fieldMappingScreen.js';
import type { AppDeps } from '../appDeps.js';
import { checkFieldMapping as checkEndpoint, getFieldMapping, resetFieldMapping as resetEndpoint, saveFieldMapping as saveEndpoint } from '../contracts/fieldMapping.js';
import { route } from '../route.js';

export function fieldMappingRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, getFieldMapping, ({ params, user }) => readFieldMappingView(deps.knex, params.module, user?.language));
  route(router, deps, checkEndpoint, ({ params, body, user }) => checkFieldMapping(deps.knex, params.module, body.fields, user?.language));
  route(router, deps, saveEndpoint, ({ params, body, user }) => saveFieldMapping(deps.knex, params.module, body.fields, user, new Date(deps.now()), user?.language));
  route(router, deps, resetEndpoint, ({ params, user }) => resetFieldMapping(deps.knex, params.module, user, new Date(deps.now()), user?.language));
}
