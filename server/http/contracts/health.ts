import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

export const getHealth = defineEndpoint({
  method: 'get',
  path: '/api/health',
  access: 'public',
  response: z.object({ status: z.literal('ok'), version: z.string(), database: z.string() }),
});
