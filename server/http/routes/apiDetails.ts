import type { Router } from 'express';
import { getApiDetails, saveApiDetails, type ApiDetailsView } from '../contracts/apiDetails.js';
import { route } from '../route.js';
import type { AppDeps } from '../appDeps.js';
import { defaultRedirectUri, type ApiDetails } from '../../xero/connection/apiDetails.js';
import { scopesFor } from '../../xero/oauth/scopes.js';
import { xeroServicesFor } from '../../xero/xeroServices.js';

export function apiDetailsRoutes(router: Router, deps: AppDeps): void {
  const view = (d: ApiDetails): ApiDetailsView => ({
    clientId: d.clientId ?? null,
    hasSecret: d.hasSecret,
    redirectUri: d.redirectUri,
    redirectUriIsDefault: d.redirectUriIsDefault,
    defaultRedirectUri: defaultRedirectUri(deps.config.VTIGER_URL),
    scopeSet: d.scopeSet,
    scopes: scopesFor(d.scopeSet),
  });

  route(router, deps, getApiDetails, async () => view(await (await xeroServicesFor(deps)).apiDetails.read()));

  route(router, deps, saveApiDetails, async ({ body }) => {
    const s = await xeroServicesFor(deps);
    const saved = await s.apiDetails.save({
      ...(body.clientId !== undefined ? { clientId: body.clientId } : {}),
      ...(body.clientSecret ? { clientSecret: body.clientSecret } : {}),
      ...(body.redirectUri !== undefined ? { redirectUri: body.redirectUri } : {}),
      ...(body.scopeSet !== undefined ? { scopeSet: body.scopeSet } : {}),
    });
    deps.logger.info({ clientIdSet: Boolean(saved.clientId), hasSecret: saved.hasSecret, scopeSet: saved.scopeSet }, 'Xero API details saved');
    return view(saved);
  });
}
