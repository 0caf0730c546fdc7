/**
 * Test helper: an admin's browser going through the connect flow — following redirects by hand, keeping
 * cookies per origin, filling in the sandbox's consent form — and playing Vtiger's callback.php, which forwards
 * `code`, `state` and `error` to the backend's /api/xero/callback (vtiger-module/.../CallbackRedirect.php).
 */
export class AdminBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = [...(this.jar.get(origin) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookies) headers.set('cookie', cookies);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair?.indexOf('=') ?? -1;
      if (!pair || i < 1) continue;
      const jar = this.jar.get(origin) ?? new Map<string, string>();
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), value);
      this.jar.set(origin, jar);
    }
    return res;
  }

  forget(): void {
    this.jar.clear();
  }
}

export function locationOf(res: Response): string {
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`expected a redirect, got ${res.status}`);
  return location;
}

/** The sandbox consent page → the form fields to post back. */
export function consentForm(html: string): { request: string; tenants: string[] } {
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) throw new Error('no consent form on the page');
  const tenants = [...html.matchAll(/name="tenant" value="([^"]+)"/g)].map((m) => m[1] ?? '');
  return { request, tenants };
}

export interface ConnectRun {
  /** Where the backend finally sent the browser (Vtiger's settings page with the result flag). */
  finalUrl: URL;
  /** The URL Xero redirected to (Vtiger's callback.php) with code and state. */
  xeroRedirect: URL;
}

/**
 * start (admin) → launch → Xero consent page → Allow/Cancel → callback.php → backend callback → Vtiger page.
 * `tenants`: which organisations to tick (default: the page's default).
 */
export async function connectAsAdmin(input: {
  backendUrl: string;
  adminToken: string;
  browser?: AdminBrowser;
  decision?: 'allow' | 'deny';
  tenants?: string[];
  /** Play the callback in another browser (no launch cookie). */
  callbackBrowser?: AdminBrowser;
}): Promise<ConnectRun> {
  const browser = input.browser ?? new AdminBrowser();
  const started = await fetch(`${input.backendUrl}/api/xero/connection/start`, { method: 'POST', headers: { authorization: `Bearer ${input.adminToken}` } });
  if (started.status !== 200) throw new Error(`start answered ${started.status}: ${await started.text()}`);
  const { launchUrl } = (await started.json()) as { launchUrl: string };
  const authorizeUrl = locationOf(await browser.get(launchUrl));
  const page = await browser.get(authorizeUrl);
  if (page.status !== 200) throw new Error(`Xero's authorize page answered ${page.status}: ${await page.text()}`);
  const form = consentForm(await page.text());
  const body = new URLSearchParams({ request: form.request, decision: input.decision ?? 'allow' });
  for (const t of input.tenants ?? form.tenants.slice(0, 1)) body.append('tenant', t);
  const answered = await browser.get(new URL('/identity/connect/authorize', authorizeUrl).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  const xeroRedirect = new URL(locationOf(answered));
  // callback.php: forwards code, state, error only.
  const forward = new URL(`${input.backendUrl}/api/xero/callback`);
  for (const name of ['code', 'state', 'error']) {
    const v = xeroRedirect.searchParams.get(name);
    if (v !== null) forward.searchParams.set(name, v);
  }
  const finalUrl = new URL(locationOf(await (input.callbackBrowser ?? browser).get(forward.toString())));
  return { finalUrl, xeroRedirect };
}
