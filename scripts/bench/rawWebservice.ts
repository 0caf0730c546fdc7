import { createHash } from 'node:crypto';

/**
 * Plain webservice calls for the vtiger-write benchmark, with none of XTiger's code: the yardstick XTiger's
 * write-back is measured against. Sessions are logged in one after another (a second getchallenge of the same
 * user replaces the first's token); each session carries one call at a time (Vtiger runs a session's calls one
 * after another anyway).
 */
export interface RawCall {
  operation: 'create' | 'revise';
  params: Record<string, string>;
}

async function post(endpoint: string, params: Record<string, string>): Promise<{ success: boolean; result?: unknown; error?: { code: string; message: string } }> {
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
  const text = await res.text();
  try {
    return JSON.parse(text) as { success: boolean; result?: unknown };
  } catch {
    return { success: false, error: { code: `HTTP ${res.status}`, message: text.slice(0, 200) } };
  }
}

export async function rawLogins(url: string, userName: string, accessKey: string, count: number): Promise<string[]> {
  const endpoint = `${url.replace(/\/+$/, '')}/webservice.php`;
  const sessions: string[] = [];
  for (let i = 0; i < count; i++) {
    const challenge = (await (await fetch(`${endpoint}?operation=getchallenge&username=${encodeURIComponent(userName)}`)).json()) as { result: { token: string } };
    const login = await post(endpoint, { operation: 'login', username: userName, accessKey: createHash('md5').update(challenge.result.token + accessKey).digest('hex') });
    if (!login.success) throw new Error(`raw login failed: ${JSON.stringify(login.error)}`);
    sessions.push((login.result as { sessionName: string }).sessionName);
  }
  return sessions;
}

/** Sends the calls over the sessions (one worker per session); answers the wall seconds and the failures. */
export async function rawWrites(url: string, sessions: string[], calls: readonly RawCall[]): Promise<{ seconds: number; failures: string[] }> {
  const endpoint = `${url.replace(/\/+$/, '')}/webservice.php`;
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    sessions.map(async (sessionName) => {
      while (next < calls.length) {
        const call = calls[next++] as RawCall;
        const answer = await post(endpoint, { operation: call.operation, sessionName, ...call.params });
        if (!answer.success) failures.push(`${call.operation}: ${JSON.stringify(answer.error)}`);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, failures };
}
