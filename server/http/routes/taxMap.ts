import type { Router } from 'express';
import { readTaxMapView, saveTaxMap, type ReadTaxRates } from '../../settingsScreens/taxMapScreen.js';
import { toTaxRateInfo } from '../../sync/invoices/loadInvoiceContext.js';
import { openXeroAccountingApi } from '../../xero/openXeroAccountingApi.js';
import { xeroServicesFor } from '../../xero/xeroServices.js';
import type { AppDeps } from '../appDeps.js';
import { getTaxMap, saveTaxMap as saveEndpoint } from '../contracts/taxMap.js';
import { route } from '../route.js';

export function taxMapRoutes(router: Router, deps: AppDeps): void {
  // The organisation's /TaxRates through the Xero API wrapper (its rate governor and token store).
  const rates: ReadTaxRates = async () => (await (await openXeroAccountingApi(await xeroServicesFor(deps))).getTaxRates()).map(toTaxRateInfo);
  route(router, deps, getTaxMap, ({ user }) => readTaxMapView(deps.knex, rates, user?.language));
  route(router, deps, saveEndpoint, ({ body, user }) => saveTaxMap(deps.knex, rates, body, user?.language));
}
