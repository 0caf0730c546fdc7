import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

export const getHealth = defineEndpoint({
  method: 'get',
  path: '/api/health',
  access: 'public',
  // Public: says the backend and its database answer, nothing about them (no names, hosts or versions of others).
  response: z.object({ status: z.literal('ok'), version: z.string() }),
});
