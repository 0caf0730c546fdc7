import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * Settings → XTiger → API details: the admin's own Xero app. The client secret goes in, never out (`hasSecret`).
 */
export const apiDetailsSchema = z.object({
  clientId: z.string().nullable(),
  hasSecret: z.boolean(),
  redirectUri: z.string(),
  redirectUriIsDefault: z.boolean(),
  defaultRedirectUri: z.string(),
  scopeSet: z.enum(['granular', 'broad']),
  scopes: z.array(z.string()),
});
export type ApiDetailsView = z.infer<typeof apiDetailsSchema>;

export const getApiDetails = defineEndpoint({
  method: 'get',
  path: '/api/xero/api-details',
  access: 'admin',
  response: apiDetailsSchema,
});

export const saveApiDetails = defineEndpoint({
  method: 'put',
  path: '/api/xero/api-details',
  access: 'admin',
  body: z
    .object({
      // Xero client ids are 32 upper-case letters and digits; stay lenient on length, strict on characters.
      clientId: z.string().trim().regex(/^[A-Za-z0-9]{16,64}$/, 'a Xero client id is 32 letters and digits').optional(),
      // Empty or missing: keep the stored secret.
      clientSecret: z.string().max(200).optional(),
      // null: back to the default <VTIGER_URL>/modules/XTiger/callback.php
      redirectUri: z.string().trim().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL').nullable().optional(),
      scopeSet: z.enum(['granular', 'broad']).optional(),
    })
    .strict(),
  response: apiDetailsSchema,
});
