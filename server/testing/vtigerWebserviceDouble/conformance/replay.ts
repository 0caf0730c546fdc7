import { createHash } from 'node:crypto';
import type { TranscriptCall } from './recordings.js';

/**
 * Sends the recorded calls of a real Vtiger 8.2.0 again, in order, to a webservice (the double, or a live Vtiger):
 * the recording's `<session>` becomes this target's session, record ids created during the recording become the
 * ids this target handed out, and the cases that needed set-up on the recording instance get it here too (a fresh
 * challenge, a superseded token, 120 bulk contacts before the paging queries).
 */
export interface WsAnswer {
  status: number;
  contentType: string;
  body: string;
  json: { success: boolean; result?: unknown; error?: { code: string | number; message: string } } | null;
}

/** The calls of the transcript that make no sense against the sample database, with why. */
export const SKIPPED_TRANSCRIPT_CASES: Array<[RegExp, string]> = [
  [/^nonadmin\.(getchallenge|login|listtypes|retrieve_admin_user|retrieve_self_user|create_user_denied|retrieve_admin_invoice_private|query_invoice_private|revise_admin_invoice_private|delete_admin_invoice_private|listtypes_after_profile_change|.*denied_module|create_contact_no_owner|describe_Invoice|query_invoice_public_sharing|retrieve_admin_invoice_public_sharing|retrieve_contact_of_admin_public)$/,
    'needs the non-admin user "syncuser", its profile and Private sharing, which the sample database does not have (its writes are replayed as admin to keep ids aligned)'],
  [/^auth\.login\.expired_token$|^auth\.getchallenge\.for_expiry_test/, 'needs a challenge token older than 300 s'],
  [/^users\.(create|describe|retrieve)/, 'Users, Groups and Currency records (actor entities) are not served by the double'],
  [/cf_wsrec|^query\.setup\.revise_custom_field$|^query\.where_custom_field$/, 'uses the custom field cf_wsrec added only on the recording instance'],
  [/^query\.lineitem_module$|^describe\.LineItem$/, 'the LineItem pseudo-module is not served by the double (line items are read from the database)'],
  [/^query\.users$/, 'Users (an actor entity) are not served by the double'],
  [/^query\.invoice_star$/, 'real Vtiger joins the first line item into SELECT * FROM Invoice; the double does not'],
];

export function skipReason(name: string): string | undefined {
  return SKIPPED_TRANSCRIPT_CASES.find(([pattern]) => pattern.test(name))?.[1];
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function parseAnswer(status: number, contentType: string, body: string): WsAnswer {
  let json: WsAnswer['json'] = null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { success?: unknown }).success === 'boolean') json = parsed as WsAnswer['json'];
  } catch {
    json = null;
  }
  return { status, contentType, body, json };
}

export class TranscriptReplayer {
  /** recorded crmid → this target's crmid, for records created during the replay. */
  readonly crmidMap = new Map<string, string>();
  private session = '';
  private token = '';

  constructor(
    readonly url: string,
    private readonly accessKey: string,
  ) {}

  async send(method: 'GET' | 'POST', params: Record<string, string>): Promise<WsAnswer> {
    const body = new URLSearchParams(params).toString();
    const endpoint = `${this.url.replace(/\/+$/, '')}/webservice.php`;
    const res =
      method === 'GET'
        ? await fetch(`${endpoint}?${body}`)
        : await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    return parseAnswer(res.status, res.headers.get('content-type') ?? '', await res.text());
  }

  /** A session of its own for the replay. */
  async start(): Promise<void> {
    const login = await this.login();
    const session = (login.json?.result as { sessionName?: string } | undefined)?.sessionName;
    if (!session) throw new Error(`login at ${this.url} failed: ${login.body.slice(0, 200)}`);
    this.session = session;
  }

  async login(): Promise<WsAnswer> {
    const token = await this.challenge();
    return this.send('POST', { operation: 'login', username: 'admin', accessKey: md5(token + this.accessKey) });
  }

  private async challenge(): Promise<string> {
    const answer = await this.send('GET', { operation: 'getchallenge', username: 'admin' });
    const token = (answer.json?.result as { token?: string } | undefined)?.token;
    if (!token) throw new Error(`getchallenge at ${this.url} answered HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
    return token;
  }

  /** Recorded ids of records created during the replay → this target's ids (`12x21` → `12x<ours>`). */
  remap(text: string): string {
    return text.replace(/\b(\d+)x(\d+)\b/g, (whole, prefix: string, crmid: string) => (this.crmidMap.has(crmid) ? `${prefix}x${this.crmidMap.get(crmid) ?? crmid}` : whole));
  }

  /** This target's ids → the recorded ids (the inverse of `remap`), to compare answers across targets. */
  unmap(text: string): string {
    const inverse = new Map([...this.crmidMap].map(([recorded, ours]) => [ours, recorded]));
    return text.replace(/\b(\d+)x(\d+)\b/g, (whole, prefix: string, crmid: string) => (inverse.has(crmid) ? `${prefix}x${inverse.get(crmid) ?? crmid}` : whole));
  }

  private requestParams(call: TranscriptCall): Record<string, string> {
    const source = call.request.method === 'GET' ? call.request.query : call.request.form;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(source ?? {})) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      params[key] = key === 'sessionName' && text === '<session>' ? this.session : this.remap(text);
    }
    return params;
  }

  /** Sends one recorded call (with its set-up) and notes the id of a record it created. */
  async replay(call: TranscriptCall): Promise<WsAnswer> {
    const params = this.requestParams(call);
    if (['auth.login.correct_accessKey', 'auth.login.reuse_same_token'].includes(call.case)) {
      this.token ||= await this.challenge();
      params['accessKey'] = md5(this.token + this.accessKey);
    }
    if (call.case === 'auth.login.superseded_token') {
      const first = await this.challenge();
      await this.challenge();
      params['accessKey'] = md5(first + this.accessKey);
    }
    if (call.case === 'query.paging.select_star_no_limit') {
      for (let i = 0; i < 120; i++) await this.createBulkContact(i); // the recording created these outside the transcript
    }
    const answer = await this.send(call.request.method, params);
    // The logins that follow use this challenge's token, as in the recording.
    if (call.case === 'auth.getchallenge.admin') this.token = (answer.json?.result as { token?: string } | undefined)?.token ?? '';
    const recordedId = ((call.response.json?.result ?? undefined) as { id?: unknown } | undefined)?.id;
    const ourId = ((answer.json?.success ? answer.json.result : undefined) as { id?: unknown } | undefined)?.id;
    if (typeof recordedId === 'string' && typeof ourId === 'string') this.crmidMap.set(recordedId.split('x')[1] ?? '', ourId.split('x')[1] ?? '');
    return answer;
  }

  private async createBulkContact(i: number): Promise<void> {
    const element = JSON.stringify({ lastname: `Bulk${String(i).padStart(3, '0')}`, assigned_user_id: '19x1' });
    await this.send('POST', { operation: 'create', sessionName: this.session, elementType: 'Contacts', element });
  }
}
