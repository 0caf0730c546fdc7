import express, { type Express, Router } from 'express';
import type { AppDeps } from './appDeps.js';
import { errorHandler } from './errorHandler.js';
import { registerRoutes } from './routes/index.js';

/**
 * The Express app: JSON in, JSON out, CORS for the Vtiger origin (the widget runs in Vtiger's pages and calls
 * this backend with a bridge token), routes from server/http/routes, and one error handler.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Which proxies' X-Forwarded-* count (req.secure, req.ip): the XTIGER_TRUST_PROXY setting.
  app.set('trust proxy', trustProxyValue(deps.config.XTIGER_TRUST_PROXY));
  const vtigerOrigin = new URL(deps.config.VTIGER_URL).origin;
  app.use((req, res, next) => {
    if (req.get('origin') === vtigerOrigin) {
      res.set('Access-Control-Allow-Origin', vtigerOrigin);
      res.set('Vary', 'Origin');
      res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
      if (req.method === 'OPTIONS') {
        res.sendStatus(204);
        return;
      }
    }
    next();
  });
  // Webhooks are signed over their raw bytes: kept as a Buffer (express.json then leaves them alone).
  app.use('/webhooks', express.raw({ type: () => true, limit: '1mb' }));
  app.use(express.json({ limit: '2mb' }));
  app.use(express.urlencoded({ extended: false, limit: '2mb' }));
  const router = Router();
  registerRoutes(router, deps);
  app.use(router);
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No such endpoint: ${req.method} ${req.path}` } });
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** XTIGER_TRUST_PROXY as Express takes it: booleans and hop counts typed, anything else (addresses, 'loopback') as text. */
export function trustProxyValue(setting: string): boolean | number | string {
  const v = setting.trim();
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
