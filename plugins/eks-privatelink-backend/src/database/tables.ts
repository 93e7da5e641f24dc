/*
 * The plugin's tables, as the migrations in ../../migrations create them.
 * Several stores read the same table (the record query joins the service
 * answers in), so the names live here rather than in one store.
 */

export const ENTITIES = 'eks_privatelink_vpc_entities';
export const ENDPOINTS = 'eks_privatelink_endpoints';
export const STATES = 'eks_privatelink_endpoint_states';
export const SERVICES = 'eks_privatelink_region_services';
export const ONBOARDED = 'eks_privatelink_onboarded_vpcs';

// Keeps every statement well below SQLite's and PostgreSQL's bound-parameter
// limits, whatever the number of VPCs in one account and region.
const CHUNK = 400;

/** `items` in slices of at most `size`, one statement each. */
export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * The stored account of a VPC: no account (the default credentials'
 * account) is '' so that it joins and keys like any other (see the
 * migration 20261203000000_account_keys).
 */
export function accountKey(accountId: string | null | undefined): string {
  return accountId ?? '';
}

/** The rows of `knex.raw`, whose result differs by database client. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) {
    // better-sqlite3: the rows; mysql2: [rows, fields].
    return (Array.isArray(result[0]) ? result[0] : result) as T[];
  }
  // pg: a Result with the rows.
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
