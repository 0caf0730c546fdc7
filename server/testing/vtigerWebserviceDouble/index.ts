import type { RecordedCall } from './webserviceServer.js';
import { VtigerWebserviceServer, type WebserviceDoubleOptions } from './webserviceServer.js';

export type { RecordedCall, WebserviceDoubleOptions } from './webserviceServer.js';

export interface VtigerWebserviceDouble {
  /** Base URL; the webservice is at `url + '/webservice.php'`. */
  url: string;
  /** Every call answered, in order (no session names or access keys). */
  calls: RecordedCall[];
  /** Forgets all sessions: the next call with an old session name gets INVALID_SESSIONID. */
  expireSessions(): void;
  close(): Promise<void>;
}

/**
 * A Vtiger 8.2 `webservice.php` on a real HTTP port, writing to the given (test) database the way Vtiger does.
 * See README.md for what it reproduces and what it leaves out.
 */
export async function startVtigerWebserviceDouble(options: WebserviceDoubleOptions): Promise<VtigerWebserviceDouble> {
  const server = await VtigerWebserviceServer.create(options);
  const url = await server.listen();
  return {
    url,
    calls: server.calls,
    expireSessions: () => server.expireSessions(),
    close: () => server.close(),
  };
}
