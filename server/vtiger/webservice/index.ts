export { VtigerWebserviceClient, createVtigerWebserviceClient } from './VtigerWebserviceClient.js';
export type { VtigerWebserviceClientOptions, CreateVtigerWebserviceClientOptions } from './VtigerWebserviceClient.js';
export { WebserviceIds, parseWsId } from './webserviceIds.js';
export { readWebserviceAccessKey } from './accessKey.js';
export { readGroupTaxPercentages } from './groupTaxes.js';
export { decodeHtmlEntities, decodeHtmlEntitiesDeep } from './htmlEntities.js';
export { prepareInventoryElement } from './inventoryElement.js';
export { pagedQuery, WS_QUERY_PAGE_SIZE } from './queryPaging.js';
export type * from './types.js';
