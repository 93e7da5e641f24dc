import {
  isEksEndpointService,
  type FleetCoverage,
  type InventoryListFilters,
  type SyncStatus,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { inventoryListQuery } from '../../api';

/** A choice in a filter's drop-down: the value sent, the words shown. */
export interface FilterOption {
  value: string;
  label: string;
}

export const STATE_OPTIONS: FilterOption[] = [
  { value: 'none', label: 'No live endpoint' },
  { value: 'available', label: 'available' },
  { value: 'pending', label: 'pending' },
  { value: 'pendingacceptance', label: 'pendingacceptance' },
  { value: 'failed', label: 'failed' },
  { value: 'rejected', label: 'rejected' },
  { value: 'expired', label: 'expired' },
  { value: 'deleting', label: 'deleting' },
  { value: 'deleted', label: 'deleted' },
];

export const SERVICE_OPTIONS: FilterOption[] = [
  { value: 'eks', label: 'EKS API' },
  { value: 'eks-auth', label: 'EKS Pod Identity' },
];

export const COVERAGE_OPTIONS: FilterOption[] = [
  { value: 'none', label: 'No endpoint' },
  { value: 'partial', label: 'Partly covered' },
  { value: 'full', label: 'Covered' },
];

export const SYNC_OPTIONS: FilterOption[] = [
  { value: 'ok', label: 'Up to date' },
  { value: 'stale', label: 'Stale' },
  { value: 'error', label: 'Sync failed' },
  { value: 'never', label: 'Never synced' },
];

export const DRIFT_OPTIONS: FilterOption[] = [
  { value: 'true', label: 'Drifted' },
  { value: 'false', label: 'No drift' },
];

const COVERAGES: readonly string[] = COVERAGE_OPTIONS.map(o => o.value);
const SYNC_STATUSES: readonly string[] = SYNC_OPTIONS.map(o => o.value);

/**
 * The filters a page URL carries, under the names `GET /inventory` takes.
 * A value the backend would refuse (a hand-edited link) is dropped rather
 * than turned into an error page.
 */
export function filtersFromSearch(
  search: URLSearchParams,
): InventoryListFilters {
  const text = (name: string) => search.get(name)?.trim() || undefined;
  const filters: InventoryListFilters = {
    region: text('region'),
    state: text('state')?.toLocaleLowerCase('en-US'),
    owner: text('owner'),
    q: search.get('q')?.trim().slice(0, 100) || undefined,
  };
  const service = search.get('service');
  if (isEksEndpointService(service)) {
    filters.service = service;
  }
  const coverage = search.get('coverage');
  if (coverage && COVERAGES.includes(coverage)) {
    filters.coverage = coverage as FleetCoverage;
  }
  const syncStatus = search.get('syncStatus');
  if (syncStatus && SYNC_STATUSES.includes(syncStatus)) {
    filters.syncStatus = syncStatus as SyncStatus;
  }
  const drift = search.get('drift');
  if (drift === 'true' || drift === 'false') {
    filters.drift = drift === 'true';
  }
  return withoutEmpty(filters);
}

/** The page URL's query string for the filters. */
export function searchFromFilters(
  filters: InventoryListFilters,
): URLSearchParams {
  return inventoryListQuery(filters);
}

function withoutEmpty(filters: InventoryListFilters): InventoryListFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as InventoryListFilters;
}
