/** The Xero sandbox: a local server that behaves like Xero's OAuth and accounting API. See README.md. */
export { startXeroSandbox, DEMO_APP, ALL_ACCOUNTING_SCOPES, API_PREFIX } from './sandbox.js';
export type { XeroSandbox, XeroSandboxOptions, SandboxStats } from './sandbox.js';
export { createVirtualClock, realClock } from './clock.js';
export type { SandboxClock } from './clock.js';
export { OrgStore, SandboxRecordRefused } from './orgStore.js';
export type { NewOrganisation } from './orgStore.js';
export type { ContractViolation } from './contract/contractValidator.js';
export { ContractValidator } from './contract/contractValidator.js';
export type { FaultKind } from './faults.js';
export type { RegisteredApp, TokenResponse } from './oauth/identityServer.js';
export type { SandboxLimits } from './rateLimits.js';
export { XERO_LIMITS } from './rateLimits.js';
export type * from './model.js';
export { signWebhookBody } from './webhooks.js';
export type { SandboxWebhooks, WebhookSubscription, WebhookDelivery, WebhookEventPayload } from './webhooks.js';
