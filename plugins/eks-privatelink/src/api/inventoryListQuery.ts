import type { InventoryListRequest } from './EksPrivateLinkApi';

/**
 * The query string of `GET /inventory` for a request, with the parameters in
 * a fixed order and the empty ones left out; `drift` as `true` or `false`.
 * The fleet page keeps its filters in the page URL with the same names.
 */
export function inventoryListQuery(
  request: InventoryListRequest,
): URLSearchParams {
  const params = new URLSearchParams();
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') {
      params.set(name, value);
    }
  };
  add('region', request.region);
  add('state', request.state);
  add('service', request.service);
  add('owner', request.owner);
  add('coverage', request.coverage);
  add('syncStatus', request.syncStatus);
  add('drift', request.drift === undefined ? undefined : String(request.drift));
  add('q', request.q?.trim());
  add('cursor', request.cursor);
  add('limit', request.limit === undefined ? undefined : String(request.limit));
  return params;
}
