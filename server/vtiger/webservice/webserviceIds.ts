import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import type { WsId } from './types.js';

/** `12x5` → `{ prefix: '12', crmid: 5 }`; a malformed id is a typed error naming it. */
export function parseWsId(wsId: string): { prefix: string; crmid: number } {
  const m = /^(\d+)x(\d+)$/.exec(wsId);
  if (!m?.[1] || !m[2]) {
    throw new XTigerError('VTIGER_INVALID_DATA', `"${wsId}" is not a Vtiger webservice id (expected <prefix>x<crmid>, e.g. 12x5).`, {
      details: { wsId },
    });
  }
  return { prefix: m[1], crmid: Number(m[2]) };
}

/**
 * Converts crmids ⇄ webservice ids with the entity prefixes of this Vtiger (`vtiger_ws_entity.id`), which
 * differ between installations and grow when modules are installed: never hard-code them.
 */
export class WebserviceIds {
  private readonly prefixByModule: ReadonlyMap<string, string>;
  private readonly moduleByPrefix: ReadonlyMap<string, string>;

  constructor(entities: Array<{ id: number | string; name: string }>) {
    this.prefixByModule = new Map(entities.map((e) => [e.name, String(e.id)]));
    this.moduleByPrefix = new Map(entities.map((e) => [String(e.id), e.name]));
  }

  static async load(knex: Knex): Promise<WebserviceIds> {
    const rows = (await knex('vtiger_ws_entity').select('id', 'name')) as Array<{ id: number; name: string }>;
    return new WebserviceIds(rows);
  }

  prefixOf(module: string): string {
    const prefix = this.prefixByModule.get(module);
    if (prefix === undefined) {
      throw new XTigerError('VTIGER_UNKNOWN_MODULE', `Vtiger has no webservice entity "${module}" (vtiger_ws_entity).`, { details: { module } });
    }
    return prefix;
  }

  toWsId(module: string, crmid: number | string): WsId {
    return `${this.prefixOf(module)}x${crmid}`;
  }

  toCrmId(wsId: WsId): number {
    return parseWsId(wsId).crmid;
  }

  /** The module a webservice id belongs to, or undefined for an unknown prefix. */
  moduleOf(wsId: WsId): string | undefined {
    return this.moduleByPrefix.get(parseWsId(wsId).prefix);
  }
}
