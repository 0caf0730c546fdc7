import type { Request, Router } from 'express';
import { clearXeroWebhookKey, getApiDetails, saveApiDetails, saveXeroWebhookKey, type ApiDetailsView, type WebhookSettingsView } from '../contracts/apiDetails.js';
import { route } from '../route.js';
import type { AppDeps } from '../appDeps.js';
import { secretBoxFor } from '../secretBoxFor.js';
import { clearWebhookKeyFromScreen, readWebhookSettings, saveWebhookKeyFromScreen } from '../../settingsScreens/webhookSettings.js';
import { defaultRedirectUri, type ApiDetails } from '../../xero/connection/apiDetails.js';
import { scopesFor } from '../../xero/oauth/scopes.js';
import { xeroServicesFor } from '../../xero/xeroServices.js';

export function apiDetailsRoutes(router: Router, deps: AppDeps): void {
  const webhook = (req: Request): Promise<WebhookSettingsView> =>
    readWebhookSettings(deps.knex, {
      configuredKey: deps.config.XERO_WEBHOOK_KEY,
      publicUrl: deps.config.XTIGER_PUBLIC_URL,
      requestBaseUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
    });
  const view = async (d: ApiDetails, req: Request): Promise<ApiDetailsView> => ({
    clientId: d.clientId ?? null,
    hasSecret: d.hasSecret,
    redirectUri: d.redirectUri,
    redirectUriIsDefault: d.redirectUriIsDefault,
    defaultRedirectUri: defaultRedirectUri(deps.config.VTIGER_URL),
    scopeSet: d.scopeSet,
    scopes: scopesFor(d.scopeSet),
    webhook: await webhook(req),
  });

  route(router, deps, getApiDetails, async ({ req }) => view(await (await xeroServicesFor(deps)).apiDetails.read(), req));

  route(router, deps, saveApiDetails, async ({ body, req }) => {
    const s = await xeroServicesFor(deps);
    const saved = await s.apiDetails.save({
      ...(body.clientId !== undefined ? { clientId: body.clientId } : {}),
      ...(body.clientSecret ? { clientSecret: body.clientSecret } : {}),
      ...(body.redirectUri !== undefined ? { redirectUri: body.redirectUri } : {}),
      ...(body.scopeSet !== undefined ? { scopeSet: body.scopeSet } : {}),
    });
    deps.logger.info({ clientIdSet: Boolean(saved.clientId), hasSecret: saved.hasSecret, scopeSet: saved.scopeSet }, 'Xero API details saved');
    return view(saved, req);
  });

  // The webhook key goes in only: the answer and the log say where the key in use comes from, never the key.
  route(router, deps, saveXeroWebhookKey, async ({ body, user, req }) => {
    await saveWebhookKeyFromScreen(deps.knex, () => secretBoxFor(deps), body.key, user?.language);
    deps.logger.info({ userId: user?.userId }, 'Xero webhook key saved');
    return webhook(req);
  });

  route(router, deps, clearXeroWebhookKey, async ({ user, req }) => {
    await clearWebhookKeyFromScreen(deps.knex);
    const now = await webhook(req);
    deps.logger.info({ userId: user?.userId, keyInUse: now.key }, 'Xero webhook key removed');
    return now;
  });
}
