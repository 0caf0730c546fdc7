/**
 * `npm run xero-sandbox [-- --port 4010]`: starts the Xero sandbox (PORT or --port, default 4010) with a demo
 * organisation and a registered demo app, and prints where to point a Xero client.
 */
import { startXeroSandbox } from '../server/xeroSandbox/index.js';

function portFromArgs(argv: string[]): number {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--port='))?.slice(7) ?? process.env['PORT']);
  const port = raw === undefined ? 4010 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port "${raw}": give --port <0-65535> or PORT.`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const sandbox = await startXeroSandbox({ port: portFromArgs(process.argv.slice(2)) });
  const { url, demoApp } = sandbox;
  console.log(`Xero sandbox listening on ${url}
  authorize      ${url}/identity/connect/authorize
  token          ${url}/connect/token
  revocation     ${url}/connect/revocation
  connections    ${url}/connections
  accounting     ${url}/api.xro/2.0
  OIDC discovery ${url}/.well-known/openid-configuration

Demo organisation: ${sandbox.org(sandbox.demoTenantId).organisation.Name} (tenant id ${sandbox.demoTenantId})
Demo app (sandbox-only credentials):
  client id      ${demoApp.clientId}
  client secret  ${demoApp.clientSecret}
  redirect URIs  any http://127.0.0.1:<port>/… or http://localhost:<port>/… URL
Press Ctrl+C to stop.`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
