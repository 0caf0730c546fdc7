/**
 * An HTTP session on a real Vtiger as a browser has it: a cookie jar of its own (instances on different ports of
 * 127.0.0.1 would share a browser's cookies), redirects followed by hand so every hop's cookies are kept, the
 * Referer Vtiger requires on POSTs, and the CSRF token (`var csrfMagicToken` in every page) sent as `__vtrftk`.
 */
export interface VtigerResponse {
  status: number;
  /** The URL of the last hop. */
  url: string;
  headers: Headers;
  body: string;
}

export type FormFields = Record<string, string | number | boolean | undefined>;

export interface VtigerSession {
  readonly baseUrl: string;
  /** The CSRF token of the latest page seen. */
  readonly csrfToken: string | undefined;
  /** GET `index.php?…` (or any path) with the session's cookies. */
  get(pathOrQuery: string | FormFields): Promise<VtigerResponse>;
  /** POST form fields (adds `__vtrftk`) to index.php or the given path. */
  post(fields: FormFields, path?: string): Promise<VtigerResponse>;
  /** POST a multipart form (file uploads, e.g. Module Manager's import). */
  postMultipart(form: FormData, path?: string): Promise<VtigerResponse>;
  /** The cookies as a Cookie header value. */
  cookieHeader(): string;
  cookies(): Array<{ name: string; value: string }>;
}

function toQuery(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.append(k, String(v));
  return params.toString();
}

export function createVtigerSession(baseUrl: string): VtigerSession {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const jar = new Map<string, string>();
  let csrf: string | undefined;

  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  function keepCookies(headers: Headers): void {
    for (const set of headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === 'deleted' || /expires=Thu, 01[- ]Jan[- ]1970/i.test(set)) jar.delete(name);
      else jar.set(name, value);
    }
  }

  async function request(url: string, init: RequestInit, hops = 0): Promise<VtigerResponse> {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', cookieHeader());
    headers.set('referer', base);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    keepCookies(res.headers);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.arrayBuffer();
      if (hops > 10) throw new Error(`too many redirects from ${url}`);
      return request(new URL(location, url).href, { method: 'GET' }, hops + 1);
    }
    const body = await res.text();
    const token = /var csrfMagicToken\s*=\s*"([^"]+)"/.exec(body);
    if (token?.[1]) csrf = token[1];
    return { status: res.status, url, headers: res.headers, body };
  }

  const resolve = (p: string) => new URL(p, base).href;

  return {
    baseUrl: base,
    get csrfToken() {
      return csrf;
    },
    get(pathOrQuery) {
      const target = typeof pathOrQuery === 'string' ? pathOrQuery : `index.php?${toQuery(pathOrQuery)}`;
      return request(resolve(target), { method: 'GET' });
    },
    post(fields, path = 'index.php') {
      const body = toQuery({ __vtrftk: csrf, ...fields });
      return request(resolve(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    },
    postMultipart(form, path = 'index.php') {
      if (csrf && !form.has('__vtrftk')) form.append('__vtrftk', csrf);
      return request(resolve(path), { method: 'POST', body: form });
    },
    cookieHeader,
    cookies: () => [...jar].map(([name, value]) => ({ name, value })),
  };
}

/** Logs in through Vtiger's login form (POST module=Users action=Login, then its redirects to Home). */
export async function loginSession(baseUrl: string, userName: string, password: string): Promise<VtigerSession> {
  const session = createVtigerSession(baseUrl);
  const page = await session.get('index.php');
  if (page.status !== 200) throw new Error(`Vtiger login page answered ${page.status}: ${page.body.slice(0, 300)}`);
  const res = await session.post({ module: 'Users', action: 'Login', username: userName, password });
  if (res.status !== 200 || /action=Login|loginFormDiv|name="username"/.test(res.body) || !session.csrfToken) {
    throw new Error(`Vtiger login as ${userName} failed: HTTP ${res.status} at ${res.url}`);
  }
  return session;
}
